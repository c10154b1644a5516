import { describe, expect, it } from 'vitest';
import { checkIdNumber } from '../../../../drivers/idcard/id-number.js';
import { SAMPLE_CARDS } from '../../../../drivers/idcard/samples.js';
import { decodeCardText, encodeCardText } from '../../../../drivers/idcard/text.js';
import { isExpired, localDate } from '../../../../drivers/idcard/validity.js';

/** Three years from today: the demo cards keep their promise that long; this fails well before one rots. */
const LATER = localDate(new Date(Date.now() + 3 * 366 * 86_400_000));

describe('the demo sample cards fail only in the way their label says', () => {
  for (const card of SAMPLE_CARDS) {
    it(`${card.id}: ${card.label}`, () => {
      const text = decodeCardText(encodeCardText(card.text));
      if (!text) throw new Error('the sample does not decode');
      const expectExpired = card.id === 'expired';
      expect(isExpired(text.validTo, localDate(new Date()))).toBe(expectExpired);
      if (!expectExpired) expect(isExpired(text.validTo, LATER)).toBe(false);
      const check = checkIdNumber(text.idNumber, text.birthDate);
      if (card.id === 'bad-checksum') expect(check).toEqual({ valid: false, problems: ['check-digit'] });
      else if (card.text.cardType === 'resident') expect(check.valid).toBe(true);
    });
  }
});
