import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KeyFileSource, readPublicKey } from '../../../../../main/data/privacy/key-source.js';
import { PersonalDataCipher } from '../../../../../main/data/privacy/personal-cipher.js';
import { tempDir } from '../../../../integration/main/data/store/fixtures.js';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));
function dir(): string {
  const t = tempDir();
  cleanups.push(t.cleanup);
  return t.dir;
}

describe('PersonalDataCipher', () => {
  const cipher = new PersonalDataCipher(Buffer.alloc(32, 7));

  it('round-trips and binds a value to its row', () => {
    const sealed = cipher.seal('欧阳明华', 'row:1');
    expect(sealed.includes(Buffer.from('欧阳明华'))).toBe(false);
    const back = cipher.open(sealed, 'row:1');
    expect(back.ok && back.value.toString('utf8')).toBe('欧阳明华');
    expect(cipher.open(sealed, 'row:2').ok).toBe(false);
  });

  it('detects any altered byte', () => {
    const sealed = cipher.seal('44060419900307271X', 'a');
    for (let i = 0; i < sealed.length; i++) {
      const copy = Buffer.from(sealed);
      copy[i] = (copy[i] ?? 0) ^ 1;
      expect(cipher.open(copy, 'a').ok).toBe(false);
    }
  });

  it('makes stable, keyed lookup keys', () => {
    const other = new PersonalDataCipher(Buffer.alloc(32, 8));
    expect(cipher.lookupKey('44060419900307271x')).toBe(cipher.lookupKey(' 44060419900307271X '));
    expect(cipher.lookupKey('44060419900307271X')).not.toBe(other.lookupKey('44060419900307271X'));
    expect(cipher.lookupKey('44060419900307271X')).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('KeyFileSource', () => {
  it('creates the keys at first start, private to the user, and reloads the same keys', () => {
    const d = dir();
    const first = new KeyFileSource(d).loadOrCreate();
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    expect(statSync(join(d, 'keys', 'data.key')).mode & 0o777).toBe(0o600);
    expect(statSync(join(d, 'keys', 'audit-ed25519.pem')).mode & 0o777).toBe(0o600);
    expect(statSync(join(d, 'keys')).mode & 0o777).toBe(0o700);
    const again = new KeyFileSource(d).loadOrCreate();
    expect(again.ok && again.value.dataKey.equals(first.value.dataKey)).toBe(true);
    const pub = readPublicKey(d);
    expect(pub.ok && pub.value.export({ format: 'pem', type: 'spki' })).toBe(
      first.value.publicKey.export({ format: 'pem', type: 'spki' }),
    );
  });

  it('refuses a key file others can read', () => {
    const d = dir();
    expect(new KeyFileSource(d).loadOrCreate().ok).toBe(true);
    chmodSync(join(d, 'keys', 'data.key'), 0o644);
    const r = new KeyFileSource(d).loadOrCreate();
    expect(r.ok ? null : r.error.code).toBe('key-insecure');
  });

  it('reports a damaged key file as key-invalid', () => {
    const d = dir();
    expect(new KeyFileSource(d).loadOrCreate().ok).toBe(true);
    const f = join(d, 'keys', 'data.key');
    chmodSync(f, 0o600);
    // Truncate to a short key.
    const short = readFileSync(f, 'utf8').slice(0, 10);
    writeFileSync(f, short);
    const r = new KeyFileSource(d).loadOrCreate();
    expect(r.ok ? null : r.error.code).toBe('key-invalid');
  });
});
