/**
 * Where the terminal's secrets come from. Two secrets live side by side:
 *
 * - the **data key** (32 random bytes): the root of the AES-256-GCM key that encrypts personal
 *   data at rest and of the HMAC key that makes lookup keys out of ID numbers;
 * - the **terminal signing key** (Ed25519): signs audit checkpoints. Its public half is also
 *   written in the clear (`audit-ed25519.pub.pem`) so that `yimen audit verify` needs no secret.
 *
 * The browser host keeps both in files readable only by the kiosk user (`KeyFileSource`); the
 * Electron shell wraps them with `safeStorage` (`main/shells/electron/safe-storage-key.ts`).
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { err, ok, type Result } from '../../../common/result.js';

export type KeyErrorCode = 'key-unreadable' | 'key-insecure' | 'key-invalid' | 'key-unavailable';
export interface KeyError {
  code: KeyErrorCode;
  message: string;
}
export type KeyResult<T> = Result<T, KeyError>;

export interface TerminalKeys {
  /** 32 bytes; never logged, never leaves main. */
  dataKey: Buffer;
  signingKey: KeyObject;
  publicKey: KeyObject;
  /** Where the keys came from, for the log line at start (no secret in it). */
  source: string;
}

export interface KeySource {
  /** Loads the keys, creating them at first start. */
  loadOrCreate(): KeyResult<TerminalKeys>;
}

export const KEY_DIR = 'keys';
export const DATA_KEY_FILE = 'data.key';
export const SIGNING_KEY_FILE = 'audit-ed25519.pem';
export const PUBLIC_KEY_FILE = 'audit-ed25519.pub.pem';

export function keyDir(dataDir: string): string {
  return join(dataDir, KEY_DIR);
}

/** Writes the public half in the clear (idempotent): verification needs no secret. */
export function writePublicKey(dataDir: string, publicKey: KeyObject): void {
  const dir = keyDir(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const file = join(dir, PUBLIC_KEY_FILE);
  if (existsSync(file) && readFileSync(file, 'utf8') === pem) return;
  writeFileSync(file, pem, { mode: 0o644 });
}

export function readPublicKey(dataDir: string): KeyResult<KeyObject> {
  const file = join(keyDir(dataDir), PUBLIC_KEY_FILE);
  try {
    return ok(createPublicKey(readFileSync(file, 'utf8')));
  } catch (e) {
    return err('key-unreadable', `${file}: ${(e as Error).message}`);
  }
}

export function newSigningKeyPair(): { signingKey: KeyObject; publicKey: KeyObject } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { signingKey: privateKey, publicKey };
}

/**
 * Key files in `<dataDir>/keys/`, mode 0600 in a 0700 directory, created at first start. A key
 * file that group or others can read is refused (`key-insecure`): the kiosk must not run on a
 * key someone else may have copied.
 */
export class KeyFileSource implements KeySource {
  constructor(private readonly dataDir: string) {}

  loadOrCreate(): KeyResult<TerminalKeys> {
    const dir = keyDir(this.dataDir);
    const dataFile = join(dir, DATA_KEY_FILE);
    const signFile = join(dir, SIGNING_KEY_FILE);
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      chmodSync(dir, 0o700);
    } catch (e) {
      return err('key-unreadable', `${dir}: ${(e as Error).message}`);
    }
    if (!existsSync(dataFile)) {
      writeFileSync(dataFile, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    }
    if (!existsSync(signFile)) {
      const { signingKey } = newSigningKeyPair();
      writeFileSync(signFile, signingKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    }
    for (const f of [dataFile, signFile]) {
      const insecure = checkPrivate(f);
      if (insecure) return err(insecure);
    }
    let dataKey: Buffer;
    try {
      dataKey = Buffer.from(readFileSync(dataFile, 'utf8').trim(), 'base64');
    } catch (e) {
      return err('key-unreadable', `${dataFile}: ${(e as Error).message}`);
    }
    if (dataKey.length !== 32) {
      return err('key-invalid', `${dataFile}: not a 32-byte base64 key`);
    }
    let signingKey: KeyObject;
    try {
      signingKey = createPrivateKey(readFileSync(signFile, 'utf8'));
    } catch (e) {
      return err('key-invalid', `${signFile}: ${(e as Error).message}`);
    }
    if (signingKey.asymmetricKeyType !== 'ed25519') {
      return err('key-invalid', `${signFile}: not an Ed25519 key`);
    }
    const publicKey = createPublicKey(signingKey);
    writePublicKey(this.dataDir, publicKey);
    return ok({ dataKey, signingKey, publicKey, source: `key files in ${dir}` });
  }
}

function checkPrivate(file: string): KeyError | null {
  if (process.platform === 'win32') return null;
  const st = statSync(file);
  if ((st.mode & 0o077) !== 0) {
    return {
      code: 'key-insecure',
      message: `${file} is readable by other users (mode ${(st.mode & 0o777).toString(8)}); expected 600`,
    };
  }
  if (typeof process.getuid === 'function' && st.uid !== process.getuid()) {
    return { code: 'key-insecure', message: `${file} belongs to another user (uid ${st.uid})` };
  }
  return null;
}
