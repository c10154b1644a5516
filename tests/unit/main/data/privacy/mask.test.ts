import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskAddress, maskId, maskName, maskPhone } from '../../../../../main/data/privacy/mask.js';

describe('maskId', () => {
  it('keeps the first and last character by default', () => {
    expect(maskId('44060419900307271X')).toBe('4****************X');
  });
  it('follows a wider policy', () => {
    expect(maskId('44060419900307271X', { keepStart: 6, keepEnd: 2, char: '#' })).toBe('440604##########1X');
  });
  it('never shows more than half of the characters, whatever the policy', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }), fc.nat(9), fc.nat(9), (s, a, b) => {
        const v = s.replace(/\*/g, 'x').trim();
        const chars = Array.from(v);
        const masked = Array.from(maskId(v, { keepStart: a, keepEnd: b, char: '*' }));
        expect(masked).toHaveLength(chars.length);
        const hidden = masked.filter((c) => c === '*').length;
        expect(hidden).toBeGreaterThanOrEqual(chars.length - Math.floor(chars.length / 2));
      }),
    );
  });
});

describe('maskName / maskPhone', () => {
  it('keeps the family name of a Chinese name', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳明华')).toBe('欧***');
    expect(maskName('李')).toBe('*');
  });
  it('keeps initials of a Latin-script name', () => {
    expect(maskName('Maria de Souza')).toBe('M**** d* S****');
  });
  it('keeps the last four digits of a phone', () => {
    expect(maskPhone('13800138000')).toBe('*******8000');
    expect(maskPhone('123')).toBe('***');
  });
});

describe('maskAddress', () => {
  it('keeps about the district and hides the rest behind a fixed four characters', () => {
    expect(maskAddress('北京市朝阳区演示路1号')).toBe('北京市朝阳****');
    expect(maskAddress('广东省广州市天河区天河路385号太古汇一座2301室')).toBe('广东省广州市****');
    expect(maskAddress('广州市天河区')).toBe('广*****');
    expect(maskAddress('')).toBe('');
  });

  it('never shows more than half of an address, whatever its length', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 80 }), (a) => {
        const shown = [...maskAddress(a)].filter((c) => c !== '*').length;
        expect(shown).toBeLessThanOrEqual(Math.max(1, Math.ceil([...a.trim()].length / 2)));
      }),
    );
  });
});
