/**
 * Ed25519 signing keys for the fleet repository, in the form TUF expects: the public key as
 * 64 hex characters (`keyval.public`), the key id as the SHA-256 of the canonical JSON of the
 * public key object, signatures over the canonical JSON of `signed` (done by @tufjs/models).
 * Private keys are PKCS#8 PEM files, mode 0600, never inside the published directory.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Key, Signature } from '@tufjs/models';

export const ROLES = ['root', 'targets', 'snapshot', 'timestamp'] as const;
export type RoleName = (typeof ROLES)[number];

export interface SigningKey {
  role: RoleName;
  keyId: string;
  publicHex: string;
  privateKey: KeyObject;
}

/** Canonical JSON as TUF uses it (sorted keys, no spaces) for the plain-string objects we hash. */
function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(obj[k])}`)
    .join(',')}}`;
}

export function publicKeyObject(publicHex: string): { keytype: string; scheme: string; keyval: { public: string } } {
  return { keytype: 'ed25519', scheme: 'ed25519', keyval: { public: publicHex } };
}

export function keyIdOf(publicHex: string): string {
  return createHash('sha256')
    .update(canonical(publicKeyObject(publicHex)))
    .digest('hex');
}

function rawPublicHex(privateKey: KeyObject): string {
  const der = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  // An Ed25519 SPKI is a fixed 12-byte header followed by the 32-byte key.
  return der.subarray(der.length - 32).toString('hex');
}

export function generateKey(role: RoleName): SigningKey {
  const { privateKey } = generateKeyPairSync('ed25519');
  const publicHex = rawPublicHex(privateKey);
  return { role, keyId: keyIdOf(publicHex), publicHex, privateKey };
}

export function tufKey(k: Pick<SigningKey, 'keyId' | 'publicHex'>): Key {
  return new Key({ keyID: k.keyId, keyType: 'ed25519', scheme: 'ed25519', keyVal: { public: k.publicHex } });
}

export function signer(k: SigningKey): (data: Buffer) => Signature {
  return (data) => new Signature({ keyID: k.keyId, sig: sign(null, data, k.privateKey).toString('hex') });
}

const FILE_RE = /^(root|targets|snapshot|timestamp)-([0-9a-f]{64})\.pem$/;

export function saveKey(dir: string, k: SigningKey): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, `${k.role}-${k.keyId}.pem`);
  writeFileSync(file, k.privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' });
  return file;
}

/** Every key in `dir` (files named `<role>-<keyid>.pem`); unreadable or foreign files are skipped. */
export function loadKeys(dir: string): SigningKey[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const out: SigningKey[] = [];
  for (const name of names) {
    const m = FILE_RE.exec(name);
    if (!m) continue;
    const privateKey = createPrivateKey(readFileSync(join(dir, name), 'utf8'));
    if (privateKey.asymmetricKeyType !== 'ed25519') continue;
    const publicHex = rawPublicHex(privateKey);
    const keyId = keyIdOf(publicHex);
    if (keyId !== m[2]) continue;
    out.push({ role: m[1] as RoleName, keyId, publicHex, privateKey });
  }
  return out;
}
