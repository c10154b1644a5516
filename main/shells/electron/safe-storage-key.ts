/**
 * The Electron shell's key source: the terminal's data key and signing key, wrapped by
 * Electron `safeStorage` (DPAPI on Windows, Keychain on macOS, the Secret Service / kwallet on
 * Linux) and kept as `*.safe` files in `<dataDir>/keys/`. Call after `app.whenReady()`.
 *
 * On Linux without a keyring, safeStorage falls back to a hard-coded password
 * (`basic_text`), which protects nothing: refused unless `allowBasicText` is set, in which
 * case the browser host's key-file source is the honest choice.
 */
import { safeStorage } from 'electron';
import { createPrivateKey, createPublicKey, randomBytes, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { err, ok } from '../../../common/result.js';
import {
  keyDir,
  newSigningKeyPair,
  writePublicKey,
  type KeyResult,
  type KeySource,
  type TerminalKeys,
} from '../../data/privacy/key-source.js';

const DATA_FILE = 'data.key.safe';
const SIGN_FILE = 'audit-ed25519.pem.safe';

export class SafeStorageKeySource implements KeySource {
  constructor(
    private readonly dataDir: string,
    private readonly opts: { allowBasicText?: boolean } = {},
  ) {}

  loadOrCreate(): KeyResult<TerminalKeys> {
    if (!safeStorage.isEncryptionAvailable()) {
      return err('key-unavailable', 'Electron safeStorage is not available (call after app ready)');
    }
    if (process.platform === 'linux' && !this.opts.allowBasicText) {
      const backend = safeStorage.getSelectedStorageBackend();
      if (backend === 'basic_text' || backend === 'unknown') {
        return err('key-unavailable', `safeStorage has no OS keyring here (backend ${backend}); use the key-file source`);
      }
    }
    const dir = keyDir(this.dataDir);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const dataFile = join(dir, DATA_FILE);
    const signFile = join(dir, SIGN_FILE);
    try {
      if (!existsSync(dataFile)) {
        writeFileSync(dataFile, safeStorage.encryptString(randomBytes(32).toString('base64')), { mode: 0o600, flag: 'wx' });
      }
      if (!existsSync(signFile)) {
        const pem = newSigningKeyPair().signingKey.export({ type: 'pkcs8', format: 'pem' }).toString();
        writeFileSync(signFile, safeStorage.encryptString(pem), { mode: 0o600, flag: 'wx' });
      }
    } catch (e) {
      return err('key-unreadable', `${dir}: ${(e as Error).message}`);
    }
    let dataKey: Buffer;
    let signingKey: KeyObject;
    try {
      dataKey = Buffer.from(safeStorage.decryptString(readFileSync(dataFile)), 'base64');
      signingKey = createPrivateKey(safeStorage.decryptString(readFileSync(signFile)));
    } catch (e) {
      return err('key-invalid', `cannot unwrap the terminal keys: ${(e as Error).message}`);
    }
    if (dataKey.length !== 32) return err('key-invalid', `${dataFile}: not a 32-byte key`);
    if (signingKey.asymmetricKeyType !== 'ed25519') return err('key-invalid', `${signFile}: not Ed25519`);
    const publicKey = createPublicKey(signingKey);
    writePublicKey(this.dataDir, publicKey);
    return ok({ dataKey, signingKey, publicKey, source: `safeStorage (${dir})` });
  }
}
