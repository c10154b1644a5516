/**
 * Encryption of personal data at rest and keyed lookup hashes.
 *
 * - `seal`/`open`: AES-256-GCM, a fresh 96-bit IV per value, with associated data binding a
 *   ciphertext to its row (a value copied into another row does not decrypt).
 *   Layout: version byte (1) ‖ IV (12) ‖ tag (16) ‖ ciphertext.
 * - `lookupKey`: HMAC-SHA256 of a normalised ID number: the store finds a person's rows
 *   without holding the number; without the key the hash cannot be reversed by enumerating
 *   the (small) ID-number space.
 *
 * Both keys are derived from the terminal's data key with HKDF, one label each.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { err, ok, type Result } from '../../../common/result.js';

const VERSION = 1;
const IV_LEN = 12;
const TAG_LEN = 16;

export type CipherResult<T> = Result<T, 'decrypt-failed'>;

export class PersonalDataCipher {
  private readonly encKey: Buffer;
  private readonly macKey: Buffer;

  constructor(dataKey: Buffer) {
    if (dataKey.length !== 32) throw new Error('data key must be 32 bytes');
    const salt = Buffer.from('yimen personal data v1');
    this.encKey = Buffer.from(hkdfSync('sha256', dataKey, salt, 'aes-256-gcm', 32));
    this.macKey = Buffer.from(hkdfSync('sha256', dataKey, salt, 'id-lookup-hmac', 32));
  }

  seal(plaintext: string | Buffer, aad: string): Buffer {
    const iv = randomBytes(IV_LEN);
    const cipher = createCipheriv('aes-256-gcm', this.encKey, iv);
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const body = Buffer.concat([
      cipher.update(typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext),
      cipher.final(),
    ]);
    return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
  }

  open(sealed: Buffer, aad: string): CipherResult<Buffer> {
    if (sealed.length < 1 + IV_LEN + TAG_LEN || sealed[0] !== VERSION) {
      return err('decrypt-failed', 'not a sealed value of a known version');
    }
    let body: Buffer | null = null;
    try {
      const iv = sealed.subarray(1, 1 + IV_LEN);
      const tag = sealed.subarray(1 + IV_LEN, 1 + IV_LEN + TAG_LEN);
      const decipher = createDecipheriv('aes-256-gcm', this.encKey, iv);
      decipher.setAAD(Buffer.from(aad, 'utf8'));
      decipher.setAuthTag(tag);
      body = decipher.update(sealed.subarray(1 + IV_LEN + TAG_LEN));
      // GCM's final() only checks the tag (it returns no bytes): the body is handed over as it is,
      // not copied again (an attachment's megabyte segments: a copy costs as much as the decryption).
      const tail = decipher.final();
      return ok(tail.length === 0 ? body : Buffer.concat([body, tail]));
    } catch {
      // Bytes that failed authentication are not plaintext anyone may see.
      body?.fill(0);
      return err('decrypt-failed', 'authentication failed (wrong key or altered value)');
    }
  }

  sealJson(value: unknown, aad: string): Buffer {
    return this.seal(JSON.stringify(value), aad);
  }

  openJson(sealed: Buffer, aad: string): CipherResult<unknown> {
    const r = this.open(sealed, aad);
    if (!r.ok) return r;
    try {
      return ok(JSON.parse(r.value.toString('utf8')) as unknown);
    } catch {
      return err('decrypt-failed', 'decrypted value is not JSON');
    }
  }

  /** The lookup key of an ID number: hex HMAC of the upper-cased, trimmed number. */
  lookupKey(idNumber: string): string {
    return createHmac('sha256', this.macKey).update(normaliseId(idNumber), 'utf8').digest('hex');
  }
}

export function normaliseId(idNumber: string): string {
  return idNumber.trim().toUpperCase();
}
