import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatContentRange, parseContentRange } from '../../../common/content-range.js';

describe('parseContentRange', () => {
  it('reads one satisfied range of a known total', () => {
    expect(parseContentRange('bytes 0-0/1')).toEqual({ first: 0, last: 0, total: 1 });
    expect(parseContentRange('bytes 1048576-2097151/20971520')).toEqual({ first: 1048576, last: 2097151, total: 20971520 });
    expect(parseContentRange('BYTES 5-9/10')).toEqual({ first: 5, last: 9, total: 10 });
  });

  it.each([
    [undefined],
    [null],
    [''],
    ['bytes */10'],
    ['bytes 0-9/*'],
    ['bytes 0-9'],
    ['bytes=0-9/10'],
    ['bytes  0-9/10'],
    [' bytes 0-9/10'],
    ['bytes 0-9/10 '],
    ['bytes -1-9/10'],
    ['bytes +0-9/10'],
    ['bytes 0-9/10, 10-19/20'],
    ['bytes 9-0/10'],
    ['bytes 0-10/10'],
    ['bytes 0-9/0'],
    ['bytes 0x0-0x9/0x10'],
    ['bytes 1.5-9/10'],
    ['items 0-9/10'],
    ['bytes 0-9007199254740993/9007199254740994'],
    ['bytes 0-9/10\n'],
  ])('refuses %j', (h) => {
    expect(parseContentRange(h)).toBeNull();
  });

  it('property: what formatContentRange writes parses back to the same range', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 2 ** 40 })
          .chain((total) =>
            fc
              .tuple(fc.constant(total), fc.integer({ min: 0, max: total - 1 }))
              .chain(([t, start]) => fc.tuple(fc.constant(t), fc.constant(start), fc.integer({ min: start + 1, max: t }))),
          ),
        ([total, start, end]) => {
          expect(parseContentRange(formatContentRange(start, end, total))).toEqual({ first: start, last: end - 1, total });
        },
      ),
    );
  });

  it('property: any accepted header states first ≤ last < total, all safe integers, and re-formats to itself', () => {
    const digits = fc.stringMatching(/^[0-9]{1,16}$/);
    fc.assert(
      fc.property(digits, digits, digits, (a, b, c) => {
        const h = `bytes ${a}-${b}/${c}`;
        const r = parseContentRange(h);
        const [first, last, total] = [Number(a), Number(b), Number(c)];
        const valid = a.length <= 15 && b.length <= 15 && c.length <= 15 && first <= last && last < total;
        if (!valid) {
          expect(r).toBeNull();
          return;
        }
        expect(r).toEqual({ first, last, total });
        expect(parseContentRange(formatContentRange(first, last + 1, total))).toEqual(r);
      }),
    );
  });

  it('property: arbitrary text never throws and is accepted only in the one form', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (s) => {
        const r = parseContentRange(s);
        if (r !== null) expect(s).toMatch(/^bytes [0-9]+-[0-9]+\/[0-9]+$/i);
      }),
    );
  });
});

describe('formatContentRange', () => {
  it('writes an inclusive last byte', () => {
    expect(formatContentRange(0, 1024, 3000)).toBe('bytes 0-1023/3000');
    expect(formatContentRange(2048, 3000, 3000)).toBe('bytes 2048-2999/3000');
  });
  it('refuses empty, reversed or out-of-total ranges (a bug in the caller)', () => {
    expect(() => formatContentRange(5, 5, 10)).toThrow(RangeError);
    expect(() => formatContentRange(0, 11, 10)).toThrow(RangeError);
    expect(() => formatContentRange(-1, 3, 10)).toThrow(RangeError);
    expect(() => formatContentRange(0.5, 3, 10)).toThrow(RangeError);
  });
});
