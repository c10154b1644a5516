import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newApplicationNo } from '../../../../../main/features/journeys/journey-kit.js';
import {
  newReceiptToken,
  normaliseApplicationNo,
  parseLinkSegment,
  parseProgressQuery,
  progressUrl,
  receiptTokenDigest,
} from '../../../../../main/features/journeys/progress-link.js';

const HEX = '0123456789ABCDEF'.split('');
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'.split('');
const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.split('');

const applicationNo = fc
  .tuple(
    fc.string({ unit: fc.constantFrom(...ALNUM), minLength: 1, maxLength: 6 }),
    fc.string({ unit: fc.constantFrom(...'0123456789'.split('')), minLength: 6, maxLength: 6 }),
    fc.string({ unit: fc.constantFrom(...HEX), minLength: 8, maxLength: 8 }),
  )
  .map(([t, d, r]) => `${t}-${d}-${r}`);
const token = fc.string({ unit: fc.constantFrom(...B64URL), minLength: 22, maxLength: 22 });
const base = fc.constantFrom(
  'http://127.0.0.1:8620/',
  'http://127.0.0.1:8620',
  'https://bo.example.gov.cn/',
  'https://bo.example.gov.cn/hall/pub/',
);

describe('receipt progress link', () => {
  it('round-trips: a printed link parses back to its number and token, whatever the base URL', () => {
    fc.assert(
      fc.property(base, applicationNo, token, (b, no, tok) => {
        const url = progressUrl(b, { applicationNo: no, token: tok });
        expect(url.startsWith(b.endsWith('/') ? b : `${b}/`)).toBe(true);
        expect(url).toMatch(/\/s\/[^/]+$/);
        expect(parseProgressQuery(url)).toEqual({ kind: 'receipt', applicationNo: no, token: tok });
        expect(parseProgressQuery(`  ${url}\r\n`)).toEqual({ kind: 'receipt', applicationNo: no, token: tok });
      }),
    );
  });

  it('the numbers the kiosk makes are application numbers, and a fresh token is 22 base64url characters', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }), (d) => {
        const no = newApplicationNo('demo-0001', d);
        expect(normaliseApplicationNo(no)).toBe(no);
      }),
    );
    const tokens = new Set(Array.from({ length: 50 }, () => newReceiptToken()));
    expect(tokens.size).toBe(50);
    for (const t of tokens) expect(t).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('a number typed in any case, without hyphens or with spaces, normalises to the printed form', () => {
    fc.assert(
      fc.property(applicationNo, fc.boolean(), fc.boolean(), (no, lower, dropHyphens) => {
        let typed = lower ? no.toLowerCase() : no;
        if (dropHyphens) typed = typed.replace(/-/g, '');
        expect(normaliseApplicationNo(` ${typed} `)).toBe(no);
        expect(parseProgressQuery(typed)).toEqual({ kind: 'number', applicationNo: no });
      }),
    );
    expect(normaliseApplicationNo('a00000042')).toBe('A00000042');
  });

  it('never throws on arbitrary input, and what it accepts is canonical', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.webUrl(), fc.string({ unit: 'binary', maxLength: 80 })), (s) => {
        const q = parseProgressQuery(s);
        if (q === null) return;
        expect(normaliseApplicationNo(q.applicationNo)).toBe(q.applicationNo);
        if (q.kind === 'receipt') expect(q.token).toMatch(/^[A-Za-z0-9_-]{22}$/);
      }),
    );
  });

  it('refuses what is not a receipt link: a truncated or longer token, another path, a query string, other codes', () => {
    const good = progressUrl('https://bo.example.gov.cn/', { applicationNo: 'DEMO01-261205-9F2C11AB', token: 'A'.repeat(22) });
    expect(parseProgressQuery(good)).not.toBeNull();
    expect(parseProgressQuery(good.slice(0, -1))).toBeNull();
    expect(parseProgressQuery(`${good}A`)).toBeNull();
    expect(parseProgressQuery(good.replace('/s/', '/v/'))).toBeNull();
    expect(parseProgressQuery(`${good}?x=1`)).toBeNull();
    expect(parseProgressQuery(`${good}#x`)).toBeNull();
    expect(parseProgressQuery('ftp://bo.example.gov.cn/s/DEMO01-261205-9F2C11AB.' + 'A'.repeat(22))).toBeNull();
    expect(parseProgressQuery('yimen-id:3f1b0c1e-0000-4000-8000-000000000000')).toBeNull();
    expect(parseProgressQuery('YMDOC1.abc')).toBeNull();
    expect(parseProgressQuery('123456')).toBeNull();
    expect(parseProgressQuery('')).toBeNull();
    expect(parseLinkSegment('DEMO01-261205-9F2C11AB')).toBeNull();
    expect(() => progressUrl('https://x/', { applicationNo: 'nope', token: 'A'.repeat(22) })).toThrow();
    expect(() => progressUrl('https://x/', { applicationNo: 'DEMO01-261205-9F2C11AB', token: 'short' })).toThrow();
  });

  it('the digest is SHA-256 of the token text, lower-case hex (what the back office compares)', () => {
    // printf AAAAAAAAAAAAAAAAAAAAAA | sha256sum
    expect(receiptTokenDigest('AAAAAAAAAAAAAAAAAAAAAA')).toBe('8a5bdb4cc15164126c6ef2668de9dd240d299ce6397a42c95a9411b93d080ed8');
    fc.assert(
      fc.property(token, token, (a, b) => {
        expect(receiptTokenDigest(a)).toMatch(/^[0-9a-f]{64}$/);
        expect(receiptTokenDigest(a) === receiptTokenDigest(b)).toBe(a === b);
      }),
    );
  });
});
