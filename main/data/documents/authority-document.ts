/**
 * The payload of a document the back office issued and sealed with the issuing authority's key
 * (contract: `issueDocument` in docs/backoffice-openapi.yaml; format: docs/documents.md):
 *
 *   payload   <base64url(JSON claims)>.<base64url(Ed25519 signature over the first part's ASCII)>
 *   claims    { v: 1, kid, id, m, no, iss, at, f }  key id, document id, matter, application number,
 *             issuer, issue time, the fields the document states
 *   QR        <public base URL of the back office>v/<payload>
 *
 * Pure codec: the kiosk checks what it is about to print, `yimen verify-document` checks paper
 * offline. A payload cut short is `malformed`, one sealed by another key `wrong-key`, one whose
 * content changed `tampered`; nothing here throws on what it is given.
 */
import { createHash, sign, verify, type KeyObject } from 'node:crypto';
import { err, ok, type Result } from '../../../common/result.js';

export interface DocumentClaims {
  v: 1;
  /** Key id: first 16 hex digits of SHA-256 of the public key's SPKI DER. */
  kid: string;
  /** Document id (the back office's). */
  id: string;
  /** Matter id. */
  m: string;
  /** Application number. */
  no: string;
  /** Issuing authority. */
  iss: string;
  /** Issue time, ISO 8601. */
  at: string;
  /** What the document states (template placeholders). */
  f: Record<string, string>;
}

export type PayloadErrorCode = 'malformed' | 'wrong-key' | 'tampered';

const B64URL = /^[A-Za-z0-9_-]+$/;
const SIG = /^[A-Za-z0-9_-]{86}$/;
/** Largest payload accepted (a QR holds less than this anyway). */
export const MAX_PAYLOAD = 4000;

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
}

/** Signs claims (the reference back office does the same; used by tests and tools). */
export function sealClaims(claims: DocumentClaims, privateKey: KeyObject): string {
  const body = Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url');
  return `${body}.${sign(null, Buffer.from(body, 'ascii'), privateKey).toString('base64url')}`;
}

function isClaims(c: unknown): c is DocumentClaims {
  if (typeof c !== 'object' || c === null) return false;
  const o = c as Record<string, unknown>;
  const f = o.f;
  return (
    o.v === 1 &&
    typeof o.kid === 'string' &&
    typeof o.id === 'string' &&
    typeof o.m === 'string' &&
    typeof o.no === 'string' &&
    typeof o.iss === 'string' &&
    typeof o.at === 'string' &&
    typeof f === 'object' &&
    f !== null &&
    !Array.isArray(f) &&
    Object.values(f).every((x) => typeof x === 'string')
  );
}

export interface DecodedPayload {
  claims: DocumentClaims;
  body: string;
  signature: Buffer;
}

/** Splits and parses a payload without checking the signature. */
export function decodePayload(payload: string): Result<DecodedPayload, 'malformed'> {
  if (payload.length > MAX_PAYLOAD) return err('malformed', 'the document code is too long');
  const parts = payload.split('.');
  const [body, sig] = parts;
  if (parts.length !== 2 || body === undefined || sig === undefined || !B64URL.test(body))
    return err('malformed', 'not a sealed document code (cut short or damaged)');
  if (!SIG.test(sig)) return err('malformed', 'the seal is cut short or damaged');
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return err('malformed', 'the document content is cut short or damaged');
  }
  if (!isClaims(claims)) return err('malformed', 'the document content is not a sealed document');
  return ok({ claims, body, signature: Buffer.from(sig, 'base64url') });
}

/** Checks a payload against the authority's public key. */
export function verifyPayload(payload: string, publicKey: KeyObject): Result<DocumentClaims, PayloadErrorCode> {
  const d = decodePayload(payload);
  if (!d.ok) return d;
  if (d.value.claims.kid !== keyIdOf(publicKey))
    return err('wrong-key', `sealed by another key (${d.value.claims.kid}), not by the key given (${keyIdOf(publicKey)})`);
  let good: boolean;
  try {
    good = verify(null, Buffer.from(d.value.body, 'ascii'), publicKey, d.value.signature);
  } catch {
    good = false;
  }
  return good ? ok(d.value.claims) : err('tampered', 'the content was altered after it was sealed');
}

/** The QR's text: `<base>v/<payload>` (base ends with `/`). */
export function documentUrl(base: string, payload: string): string {
  return new URL(`v/${payload}`, base.endsWith('/') ? base : `${base}/`).href;
}

/** The payload in a scanned QR text: a verification URL (`…/v/<payload>`) or the bare payload. */
export function payloadOf(text: string): Result<string, 'malformed'> {
  const t = text.trim();
  if (/^https?:\/\//i.test(t)) {
    let url: URL;
    try {
      url = new URL(t);
    } catch {
      return err('malformed', 'not a valid address');
    }
    const m = /\/v\/([^/?#]+)$/.exec(url.pathname);
    if (!m?.[1]) return err('malformed', 'not a document verification address');
    return ok(m[1]);
  }
  if (!t.includes('.')) return err('malformed', 'not a sealed document code');
  return ok(t);
}
