import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodePayload,
  documentUrl,
  keyIdOf,
  payloadOf,
  sealClaims,
  verifyPayload,
  type DocumentClaims,
} from '../../../../../main/data/documents/authority-document.js';

const seal = generateKeyPairSync('ed25519');
const other = generateKeyPairSync('ed25519');
const kid = keyIdOf(seal.publicKey);

const text = fc.string({ unit: 'grapheme', maxLength: 40 });
const claimsArb: fc.Arbitrary<DocumentClaims> = fc.record({
  v: fc.constant(1 as const),
  kid: fc.constant(kid),
  id: fc.stringMatching(/^DOC\d{8}$/),
  m: fc.stringMatching(/^[a-z-]{3,30}$/),
  no: fc.stringMatching(/^[A-Z0-9-]{3,30}$/),
  iss: text,
  at: fc.date({ min: new Date('2020-01-01'), max: new Date('2040-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
  f: fc.dictionary(fc.stringMatching(/^\w{1,12}$/), text, { maxKeys: 6 }),
});

describe('the sealed document payload', () => {
  it('round-trips: what was sealed verifies and decodes to the same claims, also through the URL', () => {
    fc.assert(
      fc.property(claimsArb, (c) => {
        const payload = sealClaims(c, seal.privateKey);
        const r = verifyPayload(payload, seal.publicKey);
        expect(r).toEqual({ ok: true, value: c });
        const url = documentUrl('https://bo.example.gov.cn/', payload);
        expect(url.startsWith('https://bo.example.gov.cn/v/')).toBe(true);
        expect(payloadOf(url)).toEqual({ ok: true, value: payload });
      }),
      { numRuns: 200 },
    );
  });

  it('a payload cut short anywhere is malformed, never a bad signature', () => {
    fc.assert(
      fc.property(claimsArb, fc.nat(), (c, n) => {
        const payload = sealClaims(c, seal.privateKey);
        const cut = payload.slice(0, n % payload.length);
        const r = verifyPayload(cut, seal.publicKey);
        expect(r.ok ? 'ok' : r.error.code).toBe('malformed');
      }),
      { numRuns: 300 },
    );
  });

  it('any altered field under the same seal is tampered', () => {
    fc.assert(
      fc.property(claimsArb, fc.stringMatching(/^\w{1,12}$/), text, (c, k, v) => {
        fc.pre(c.f[k] !== v);
        const payload = sealClaims(c, seal.privateKey);
        const sig = payload.split('.')[1] ?? '';
        const altered = { ...c, f: { ...c.f, [k]: v } };
        const forged = `${Buffer.from(JSON.stringify(altered)).toString('base64url')}.${sig}`;
        const r = verifyPayload(forged, seal.publicKey);
        expect(r.ok ? 'ok' : r.error.code).toBe('tampered');
      }),
      { numRuns: 200 },
    );
  });

  it('sealed by another key is wrong-key; checked with another key is wrong-key', () => {
    fc.assert(
      fc.property(claimsArb, (c) => {
        const byOther = sealClaims({ ...c, kid: keyIdOf(other.publicKey) }, other.privateKey);
        const a = verifyPayload(byOther, seal.publicKey);
        expect(a.ok ? 'ok' : a.error.code).toBe('wrong-key');
        const b = verifyPayload(sealClaims(c, seal.privateKey), other.publicKey);
        expect(b.ok ? 'ok' : b.error.code).toBe('wrong-key');
      }),
      { numRuns: 50 },
    );
  });

  it('arbitrary text never throws and is never valid', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 600 }), (s) => {
        const r = verifyPayload(s, seal.publicKey);
        expect(r.ok).toBe(false);
        void decodePayload(s);
        void payloadOf(s);
      }),
      { numRuns: 500 },
    );
  });

  it('reads a verification URL or the bare payload; other addresses are malformed', () => {
    expect(payloadOf(' abc.def ')).toEqual({ ok: true, value: 'abc.def' });
    expect(payloadOf('https://bo.example.gov.cn/fleet').ok).toBe(false);
    expect(payloadOf('YMDOC1').ok).toBe(false);
    expect(documentUrl('http://127.0.0.1:8620', 'a.b')).toBe('http://127.0.0.1:8620/v/a.b');
  });
});
