/**
 * Staff credentials: card numbers as keyed hashes (HMAC-SHA256), PINs as salted scrypt hashes,
 * TOTP codes (RFC 6238) through `otpauth`. Comparisons are constant-time; nothing here logs.
 */
import { createHash, createHmac, hkdfSync, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import type { StaffMember } from '../../../config/staff-schema.js';

/** The public key of demo members: anyone may know it, which is why demo members work only on emulated devices. */
export const DEMO_CARD_KEY = createHash('sha256').update('yimen demo staff card key (public; emulated devices only)').digest();

/** The card-hash key of this terminal: derived from its data key, so the data key itself is never used twice. */
export function staffCardKey(dataKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), 'yimen/staff-card/v1', 32));
}

/** Card numbers are compared as typed on the badge, ignoring spaces and case. */
export function normaliseCard(card: string): string {
  return card.replace(/\s+/g, '').toUpperCase();
}

export function cardHash(card: string, key: Buffer, kind: 'v1' | 'demo' = 'v1'): string {
  return `${kind}:${createHmac('sha256', key).update(normaliseCard(card), 'utf8').digest('hex')}`;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}
/** Interactive-login strength (≈50 ms, 16 MiB) — a PIN is short, so the hash must be slow. */
export const PIN_SCRYPT: ScryptParams = { N: 16384, r: 8, p: 1 };

function scryptAsync(pin: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(pin, salt, 32, { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r }, (e, key) =>
      e ? reject(e) : resolve(key),
    );
  });
}

export async function hashPin(pin: string, params: ScryptParams = PIN_SCRYPT): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(pin, salt, params);
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPin(pin: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0) || N > 1 << 20 || r > 32 || p > 16) return false;
  const salt = Buffer.from(parts[4] ?? '', 'base64');
  const want = Buffer.from(parts[5] ?? '', 'base64');
  if (salt.length < 8 || want.length < 16) return false;
  const got = await scryptAsync(pin, salt, { N, r, p });
  return got.length === want.length && timingSafeEqual(got, want);
}

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totpFor(secret: string): TOTP {
  return new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 });
}

/** The 30 s step a valid code belongs to, or null. `window` steps either side are accepted. */
export function totpStep(secret: string, token: string, now: number, window: number): number | null {
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totpFor(secret).validate({ token, timestamp: now, window });
  return delta === null ? null : Math.floor(now / 30_000) + delta;
}

export function totpCode(secret: string, now: number): string {
  return totpFor(secret).generate({ timestamp: now });
}

export function totpUri(secret: string, staffId: string, terminalId: string): string {
  return new TOTP({ issuer: `yimen ${terminalId}`, label: staffId, secret: Secret.fromBase32(secret) }).toString();
}

export type Credential = { kind: 'card'; card: string; pin: string } | { kind: 'totp'; staffId: string; code: string };

export interface CredentialCheckOptions {
  members: readonly StaffMember[];
  cardKey: Buffer;
  /** Demo members count only when every device is emulated. */
  allowDemo: boolean;
  totpWindow: number;
  now: number;
  /** The last TOTP step used per staff member: a code is good once (no replay by a bystander). */
  usedSteps: Map<string, number>;
}

/**
 * Finds the member a credential proves, or null. The work done is the same whether or not the
 * card is on the list (a dummy scrypt runs), so timing does not tell which cards are known.
 */
export async function checkCredential(c: Credential, o: CredentialCheckOptions): Promise<StaffMember | null> {
  const usable = o.members.filter((m) => o.allowDemo || !m.demo);
  if (c.kind === 'card') {
    const v1 = cardHash(c.card, o.cardKey, 'v1');
    const demo = cardHash(c.card, DEMO_CARD_KEY, 'demo');
    const member = usable.find(
      (m) => m.cardHash !== null && m.pinHash !== undefined && (sameText(m.cardHash, v1) || sameText(m.cardHash, demo)),
    );
    const pinOk = await verifyPin(c.pin, member?.pinHash ?? DUMMY_PIN_HASH);
    return member && pinOk ? member : null;
  }
  const member = usable.find((m) => m.staffId === c.staffId && m.totpSecret !== undefined);
  if (!member?.totpSecret) return null;
  const step = totpStep(member.totpSecret, c.code, o.now, o.totpWindow);
  if (step === null) return null;
  const last = o.usedSteps.get(member.staffId);
  if (last !== undefined && step <= last) return null;
  o.usedSteps.set(member.staffId, step);
  return member;
}

/** A valid hash of a random PIN, for the constant-work path. */
const DUMMY_PIN_HASH = `scrypt$${PIN_SCRYPT.N}$${PIN_SCRYPT.r}$${PIN_SCRYPT.p}$${randomBytes(16).toString('base64')}$${randomBytes(32).toString('base64')}`;
