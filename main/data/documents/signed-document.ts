/**
 * Documents printed on the spot carry a QR code with a signed digest, so that anyone can check
 * offline that a paper came from this terminal and was not altered:
 *
 *   QR text   YMDOC1.<applicationNo>.<sha256(canonical) base64url>.<Ed25519 signature of the digest, base64url>
 *   PDF       Subject metadata = JSON { canonical, qr }
 *
 * `canonical` is the JSON of the document's content (number, matter, title, body, issuer, time).
 * The signing key is the terminal's Ed25519 key (the one that signs the audit checkpoints); its
 * public half is `keys/audit-ed25519.pub.pem` in the data dir.
 */
import { createHash, sign, verify, type KeyObject } from 'node:crypto';
import { err, ok, type Result } from '../../../common/result.js';

export const QR_PREFIX = 'YMDOC1';

export interface DocumentContent {
  no: string;
  matter: string;
  title: string;
  body: string;
  issuer: string;
  issuedAt: string;
}

export interface SignedDocument {
  canonical: string;
  qr: string;
}

export function canonicalise(c: DocumentContent): string {
  return JSON.stringify({ no: c.no, matter: c.matter, title: c.title, body: c.body, issuer: c.issuer, issuedAt: c.issuedAt });
}

export function digestOf(canonical: string): string {
  return createHash('sha256').update(canonical, 'utf8').digest('base64url');
}

export function signDocument(content: DocumentContent, key: KeyObject): SignedDocument {
  const canonical = canonicalise(content);
  const digest = digestOf(canonical);
  const signature = sign(null, Buffer.from(digest), key).toString('base64url');
  return { canonical, qr: `${QR_PREFIX}.${content.no}.${digest}.${signature}` };
}

export type VerifyCode = 'malformed' | 'bad-signature' | 'content-altered';
export interface VerifiedDocument {
  applicationNo: string;
  digest: string;
  contentChecked: boolean;
  content: DocumentContent | null;
}
export type VerifyResult = Result<VerifiedDocument, VerifyCode>;

interface ParsedQr {
  no: string;
  digest: string;
  signature: string;
}

export function parseQr(text: string): ParsedQr | null {
  const parts = text.trim().split('.');
  if (parts.length !== 4 || parts[0] !== QR_PREFIX) return null;
  const [, no, digest, signature] = parts as [string, string, string, string];
  if (!/^[A-Za-z0-9-]{3,60}$/.test(no) || !/^[A-Za-z0-9_-]{43}$/.test(digest) || !/^[A-Za-z0-9_-]{86}$/.test(signature))
    return null;
  return { no, digest, signature };
}

/** Checks a QR text's signature and, when the document's canonical content is given, that it matches. */
export function verifyDocument(qrText: string, publicKey: KeyObject, canonical?: string): VerifyResult {
  const q = parseQr(qrText);
  if (!q) return err('malformed', 'not a yimen document code');
  const good = verify(null, Buffer.from(q.digest), publicKey, Buffer.from(q.signature, 'base64url'));
  if (!good) return err('bad-signature', 'the signature does not match this terminal key');
  if (canonical === undefined) return ok({ applicationNo: q.no, digest: q.digest, contentChecked: false, content: null });
  if (digestOf(canonical) !== q.digest) {
    return err('content-altered', 'the document content does not match its signed digest');
  }
  let content: DocumentContent;
  try {
    content = JSON.parse(canonical) as DocumentContent;
  } catch {
    return err('malformed', 'the document content is not valid JSON');
  }
  if (content.no !== q.no) return err('content-altered', 'the document number differs from the code');
  return ok({ applicationNo: q.no, digest: q.digest, contentChecked: true, content });
}
