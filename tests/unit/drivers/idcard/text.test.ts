import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkCharacter, checkIdNumber, isRealDate, maskIdNumber } from '../../../../drivers/idcard/id-number.js';
import { nationName } from '../../../../drivers/idcard/nations.js';
import { SAMPLE_CARDS, sampleCard } from '../../../../drivers/idcard/samples.js';
import { cardTypeOf, decodeCardText, encodeCardText, LONG_TERM } from '../../../../drivers/idcard/text.js';
import { isExpired, localDate } from '../../../../drivers/idcard/validity.js';
import { codeForSw3, sw3Meaning } from '../../../../drivers/idcard/status.js';

function text(id: string): Buffer {
  const c = sampleCard(id);
  if (!c) throw new Error(`no sample ${id}`);
  return encodeCardText(c.text);
}

describe('text block layouts (protocols.md §1.8)', () => {
  it('puts the fields of a resident card at the documented byte offsets', () => {
    const t = text('resident');
    expect(t.length).toBe(256);
    expect(t.toString('utf16le', 0, 6)).toBe('李示范');
    expect(t.toString('utf16le', 30, 32)).toBe('1');
    expect(t.toString('utf16le', 32, 36)).toBe('01');
    expect(t.toString('utf16le', 36, 52)).toBe('19850615');
    expect(t.toString('utf16le', 122, 158)).toBe('440604198506151233');
    expect(t.toString('utf16le', 188, 204)).toBe('20150801');
    expect(t.toString('utf16le', 204, 220)).toBe('20350801');
    expect(t.toString('utf16le', 248, 250)).toBe(' ');
  });

  it('decodes a resident card', () => {
    expect(decodeCardText(text('resident'))).toEqual({
      cardType: 'resident',
      name: '李示范',
      sex: 'male',
      sexCode: '1',
      nationCode: '01',
      nation: '汉',
      birthDate: '1985-06-15',
      address: '广东省佛山市禅城区示例大道100号',
      idNumber: '440604198506151233',
      issuer: '佛山市公安局禅城分局',
      validFrom: '2015-08-01',
      validTo: '2035-08-01',
    });
  });

  it('reads 长期 as long-term, and never as a date', () => {
    const d = decodeCardText(text('resident-long-term'));
    expect(d?.validTo).toBe(LONG_TERM);
    expect(d?.nation).toBe('壮');
    expect(d?.sex).toBe('female');
  });

  it('decodes the J permit with pass number and issue count, and no nation', () => {
    const t = text('hkmotw');
    expect(t.toString('utf16le', 220, 238)).toBe('H01234567');
    expect(t.toString('utf16le', 248, 250)).toBe('J');
    const d = decodeCardText(t);
    expect(d).toMatchObject({ cardType: 'hkmotw', passNumber: 'H01234567', issueCount: '01', idNumber: '810000199003071237' });
    expect(d?.nation).toBeUndefined();
  });

  it('decodes the 2017 foreigner card (I)', () => {
    const t = text('foreign2017');
    expect(t.toString('utf16le', 122, 152)).toBe('GBR440085010203');
    expect(t.toString('utf16le', 220, 236)).toBe('19850101');
    expect(decodeCardText(t)).toMatchObject({
      cardType: 'foreign2017',
      englishName: 'SAMPLE, ALEX',
      name: '样本亚历',
      idNumber: 'GBR440085010203',
      nationality: 'GBR',
      birthDate: '1985-01-01',
      cardVersion: '01',
      issuerCode: '1500',
    });
  });

  it('decodes the 2023 foreigner card (Y), joining the two English name parts', () => {
    const t = text('foreign2023');
    expect(t.toString('utf16le', 242, 248)).toBe('CAN');
    const d = decodeCardText(t);
    expect(d).toMatchObject({ cardType: 'foreign2023', name: '示例玛丽', nationality: 'CAN', idNumber: '930826199201010026' });
    expect(d?.englishName).toBe('EXAMPLE, MARY JANE ANNABELLE SPECIMEN-SAMPLE');
  });

  it('round-trips every sample card', () => {
    for (const c of SAMPLE_CARDS) {
      const d = decodeCardText(encodeCardText(c.text));
      expect(d?.cardType).toBe(c.text.cardType);
      expect(d?.idNumber).toBe(c.text.idNumber);
    }
  });

  it('strips NUL padding', () => {
    const t = text('resident');
    t.fill(0, 12, 30); // name padded with NULs instead of spaces
    expect(decodeCardText(t)?.name).toBe('李示范');
  });

  it('never throws on random 256-byte blocks; returns null only for unknown markers', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 256, maxLength: 256 }), (b) => {
        const d = decodeCardText(b);
        expect(d === null).toBe(cardTypeOf(b) === null);
      }),
      { numRuns: 300 },
    );
    expect(decodeCardText(Buffer.alloc(100))).toBeNull();
  });
});

describe('ID number (GB 11643, protocols.md §1.11)', () => {
  it('computes the documented check characters', () => {
    expect(checkCharacter('11010519491231002')).toBe('X');
    expect(checkCharacter('44052418800101001')).toBe('4');
    expect(checkIdNumber('11010519491231002X')).toEqual({ valid: true, problems: [] });
    expect(checkIdNumber('440524188001010014')).toEqual({ valid: true, problems: [] });
  });

  it('names each problem', () => {
    expect(checkIdNumber('440106199511204560').problems).toEqual(['check-digit']);
    expect(checkIdNumber('12345').problems).toEqual(['length']);
    expect(checkIdNumber('44010619951120456A').problems).toEqual(['format']);
    expect(checkIdNumber('440604198506151233', '1985-06-16').problems).toEqual(['birth-mismatch']);
    const badDate = '4406041985023012' + '3';
    expect(checkIdNumber(badDate + (checkCharacter(badDate) ?? '')).problems).toEqual(['birth-date']);
    const badRegion = '9906041985061512' + '3';
    expect(checkIdNumber(badRegion + (checkCharacter(badRegion) ?? '')).problems).toEqual(['region']);
  });

  it('accepts any well-formed number built with its own check character', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{17}$/), (first17) => {
        const id = first17 + (checkCharacter(first17) ?? '');
        expect(checkIdNumber(id).problems).not.toContain('check-digit');
      }),
    );
  });

  it('knows real dates', () => {
    expect(isRealDate('20240229')).toBe(true);
    expect(isRealDate('20230229')).toBe(false);
    expect(isRealDate('20231301')).toBe(false);
  });

  it('masks for logs', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
  });
});

describe('validity and tables', () => {
  it('expires after the last valid day, never for long-term', () => {
    expect(isExpired('2020-01-01', '2020-01-01')).toBe(false);
    expect(isExpired('2020-01-01', '2020-01-02')).toBe(true);
    expect(isExpired(LONG_TERM, '2999-12-31')).toBe(false);
    expect(isExpired('garbage', '2020-01-01')).toBe(true);
  });

  it('formats the local date', () => {
    expect(localDate(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
  });

  it('maps nation codes and SW3 codes', () => {
    expect(nationName('01')).toBe('汉');
    expect(nationName('56')).toBe('基诺');
    expect(nationName('99')).toBeNull();
    expect(nationName('toString')).toBeNull();
    expect(codeForSw3(0x80)).toBe('no-card');
    expect(codeForSw3(0x41)).toBe('read-failed');
    expect(codeForSw3(0x60)).toBe('sam-fault');
    expect(codeForSw3(0x32)).toBe('auth-failed');
    expect(sw3Meaning(0x10)).toMatch(/checksum/);
    expect(sw3Meaning(0x55)).toMatch(/unknown status 0x55/);
  });
});
