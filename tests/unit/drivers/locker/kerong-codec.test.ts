import { describe, expect, it } from 'vitest';
import { KerongCodec } from '../../../../drivers/locker/kerong-codec.js';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const codec = new KerongCodec();

function withSum(s: string): Buffer {
  const b = hex(s);
  return Buffer.concat([b, Buffer.from([b.reduce((a, x) => (a + x) & 0xff, 0)])]);
}

describe('Kerong CU codec: requests (protocols.md §2.2 vectors)', () => {
  it.each([
    [{ kind: 'open', board: 0, lock: 1 } as const, '02 00 31 03 36'],
    [{ kind: 'query', board: 0, lock: 1 } as const, '02 00 30 03 35'],
    [{ kind: 'query-all', board: 0 } as const, '02 00 32 03 37'],
    [{ kind: 'open', board: 1, lock: 1 } as const, '02 10 31 03 46'],
  ])('%o → %s', (req, bytes) => {
    expect(codec.encodeRequest(req)).toEqual(hex(bytes));
  });

  it('puts the board in the high nibble and lock − 1 in the low nibble', () => {
    expect(codec.encodeRequest({ kind: 'open', board: 3, lock: 16 })).toEqual(withSum('02 3F 31 03'));
    expect(() => codec.encodeRequest({ kind: 'open', board: 15, lock: 1 })).toThrow(RangeError);
    expect(() => codec.encodeRequest({ kind: 'open', board: 0, lock: 17 })).toThrow(RangeError);
  });
});

describe('Kerong CU codec: replies', () => {
  it('decodes hook and infrared bitmaps (D1/D2 hooks 1–8/9–16, D3/D4 occupancy)', () => {
    const frame = withSum('02 00 32 01 80 02 00 03');
    expect(frame.at(-1)).toBe(0xba);
    const [r] = codec.createReplyParser().push(frame);
    expect(r?.kind).toBe('query-all');
    if (r?.kind !== 'query-all') return;
    expect(r.board).toBe(0);
    expect(r.signals.flatMap((s, i) => (s ? [i + 1] : []))).toEqual([1, 16]);
    expect(r.occupied?.flatMap((s, i) => (s ? [i + 1] : []))).toEqual([2]);
  });

  it('decodes unlock and single-status replies with their lock from the address', () => {
    const p = codec.createReplyParser();
    const [open] = p.push(withSum('02 12 31 04 00 00 00 03'));
    expect(open).toMatchObject({ kind: 'open', board: 1, lock: 3, signal: true });
    const [q] = p.push(withSum('02 12 30 00 00 04 00 03'));
    expect(q).toMatchObject({ kind: 'query', board: 1, lock: 3, signal: false });
    expect(q?.occupied?.[2]).toBe(true);
  });

  it('drops a bad SUM and stale FB…F2 garbage, then takes the next good frame', () => {
    const good = withSum('02 00 31 01 00 00 00 03');
    const bad = Buffer.from(good);
    bad[8] = (bad[8] ?? 0) ^ 1;
    const p = codec.createReplyParser();
    const out = p.push(Buffer.concat([hex('FB 02 F2'), bad, good]));
    expect(out).toEqual([{ kind: 'open', board: 0, lock: 1, signal: true, occupied: new Array(16).fill(false) }]);
  });

  it('rejects replies for another board or lock', () => {
    const [r] = codec.createReplyParser().push(withSum('02 11 31 00 00 00 00 03'));
    expect(r && codec.replyMatches({ kind: 'open', board: 1, lock: 1 }, r)).toBe(false);
    expect(r && codec.replyMatches({ kind: 'open', board: 1, lock: 2 }, r)).toBe(true);
    expect(r && codec.replyMatches({ kind: 'open', board: 0, lock: 2 }, r)).toBe(false);
  });

  it('board side: parses commands and answers with all four bitmaps', () => {
    expect(codec.createCommandParser().push(hex('02 00 31 03 36 02 00 30 03 35 02 00 32 03 37 02 00 38 03 3D'))).toEqual([
      { kind: 'open', board: 0, lock: 1 },
      { kind: 'query', board: 0, lock: 1 },
      { kind: 'query-all', board: 0 },
      { kind: 'other', board: 0, code: 0x38 },
    ]);
    const signals = Array.from({ length: 16 }, (_, i) => i === 0 || i === 15);
    const occupied = Array.from({ length: 16 }, (_, i) => i === 1);
    expect(codec.encodeReply({ kind: 'query-all', board: 0 }, { signals, occupied })).toEqual(hex('02 00 32 01 80 02 00 03 BA'));
  });
});
