/**
 * The receipt's progress link (办件查询) and what the kiosk accepts as a progress query.
 *
 * The receipt QR holds `<base>s/<application no>.<token>`: `<base>` is the back office's public
 * URL (`backoffice.publicUrl`, else `backoffice.url`), the token is 128 random bits (base64url,
 * 22 characters) drawn when the application is submitted. Only the token's SHA-256 travels to the
 * back office (`receipt.tokenSha256` of `submitApplication`) and the kiosk keeps no copy: the paper
 * is the only place the token exists, so holding the receipt is what the link proves. A bare
 * application number (typed on the keypad) proves nothing and reads status only.
 *
 * Pure functions: property-tested in tests/unit/main/features/journeys/progress-link.test.ts.
 */
import { createHash, randomBytes } from 'node:crypto';

/** `DEMO01-261205-9F2C11AB`: terminal (1–6), date (yyMMdd), random part (8 hex), as `newApplicationNo` makes them. */
const LOCAL_NO = /^([A-Z0-9]{1,6})-?(\d{6})-?([0-9A-F]{8})$/;
/** The back office's own numbers (`A00000042`), for applications filed at a counter. */
const BACKOFFICE_NO = /^A\d{8}$/;
const TOKEN = /^[A-Za-z0-9_-]{22}$/;

export interface ReceiptLink {
  applicationNo: string;
  token: string;
}

export type ProgressQuery = ({ kind: 'receipt' } & ReceiptLink) | { kind: 'number'; applicationNo: string };

/** A fresh receipt token: 128 random bits, base64url without padding (22 characters). */
export function newReceiptToken(): string {
  return randomBytes(16).toString('base64url');
}

/** What the back office stores and checks: SHA-256 of the token's ASCII text, lower-case hex. */
export function receiptTokenDigest(token: string): string {
  return createHash('sha256').update(token, 'ascii').digest('hex');
}

/**
 * An application number as a citizen may type it (any case, hyphens or spaces optional), in
 * its canonical form; null when it is not one.
 */
export function normaliseApplicationNo(text: string): string | null {
  const s = text.trim().replace(/\s+/g, '').toUpperCase();
  if (BACKOFFICE_NO.test(s)) return s;
  const m = LOCAL_NO.exec(s);
  if (!m) return null;
  // Without hyphens the split is still unique: the date and the random part have fixed lengths.
  return `${m[1] ?? ''}-${m[2] ?? ''}-${m[3] ?? ''}`;
}

/** The link printed in the receipt QR. `base` is an http(s) URL; a missing final slash is added. */
export function progressUrl(base: string, link: ReceiptLink): string {
  if (normaliseApplicationNo(link.applicationNo) !== link.applicationNo)
    throw new Error(`not an application number: ${link.applicationNo}`);
  if (!TOKEN.test(link.token)) throw new Error('not a receipt token');
  const b = base.endsWith('/') ? base : `${base}/`;
  return `${b}s/${link.applicationNo}.${link.token}`;
}

/** `<no>.<token>`, the last segment of a progress link (what the back office's `/s/` page reads). */
export function parseLinkSegment(segment: string): ReceiptLink | null {
  const dot = segment.lastIndexOf('.');
  if (dot < 0) return null;
  const token = segment.slice(dot + 1);
  const applicationNo = segment.slice(0, dot);
  if (!TOKEN.test(token) || normaliseApplicationNo(applicationNo) !== applicationNo) return null;
  return { applicationNo, token };
}

/**
 * What a scan or a typed entry asks for: a receipt link (any http(s) host: the token is checked
 * by this kiosk's own back office, never by the host named in the link), or a bare application
 * number; null for anything else (a digital-identity code, a pickup code, noise).
 */
export function parseProgressQuery(text: string): ProgressQuery | null {
  const s = text.trim();
  if (s.length === 0 || s.length > 512) return null;
  if (/^https?:\/\//i.test(s)) {
    let url: URL;
    try {
      url = new URL(s);
    } catch {
      return null;
    }
    if (url.search !== '' || url.hash !== '') return null;
    const parts = url.pathname.split('/');
    const last = parts.at(-1) ?? '';
    if (parts.at(-2) !== 's') return null;
    const link = parseLinkSegment(last);
    return link ? { kind: 'receipt', ...link } : null;
  }
  const no = normaliseApplicationNo(s);
  return no === null ? null : { kind: 'number', applicationNo: no };
}
