import { describe, expect, it } from 'vitest';
import { EightACodec, groupsFromSignals, signalsFromGroups } from '../../../../drivers/locker/eight-a-codec.js';
import { doorFromSignal, signalFromDoor } from '../../../../drivers/locker/locker-codec.js';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const codec = new EightACodec();

describe('8A/80 codec: requests (protocols.md §2.1 vectors)', () => {
  it.each([
    [{ kind: 'open', board: 1, lock: 1 } as const, '8A 01 01 11 9B'],
    [{ kind: 'open', board: 1, lock: 2 } as const, '8A 01 02 11 98'],
    [{ kind: 'open', board: 2, lock: 1 } as const, '8A 02 01 11 98'],
    [{ kind: 'query', board: 1, lock: 1 } as const, '80 01 01 33 B3'],
    [{ kind: 'query-all', board: 1 } as const, '80 01 00 33 B2'],
  ])('%o → %s', (req, bytes) => {
    expect(codec.encodeRequest(req)).toEqual(hex(bytes));
  });

  it('refuses lock 0 ("open all" is never sent) and out-of-range addresses', () => {
    expect(() => codec.encodeRequest({ kind: 'open', board: 1, lock: 0 })).toThrow(RangeError);
    expect(() => codec.encodeRequest({ kind: 'open', board: 0, lock: 1 })).toThrow(RangeError);
    expect(() => codec.encodeRequest({ kind: 'query-all', board: 100 })).toThrow(RangeError);
    expect(() => codec.encodeRequest({ kind: 'query', board: 1, lock: 49 })).toThrow(RangeError);
  });
});

describe('8A/80 codec: replies', () => {
  it('decodes open replies and maps SS through the board polarity', () => {
    const p = codec.createReplyParser();
    const [ok00] = p.push(hex('8A 01 01 00 8A'), { req: { kind: 'open', board: 1, lock: 1 } });
    const [ok11] = p.push(hex('8A 01 01 11 9B'), { req: { kind: 'open', board: 1, lock: 1 } });
    expect(ok00).toEqual({ kind: 'open', board: 1, lock: 1, signal: false });
    expect(ok11).toEqual({ kind: 'open', board: 1, lock: 1, signal: true });
    // 上锁短路 (shorted when locked): 00 = opened, 11 = failed. 开锁短路: the other way round.
    expect(doorFromSignal(false, 'locked-shorted')).toBe('open');
    expect(doorFromSignal(true, 'locked-shorted')).toBe('closed');
    expect(doorFromSignal(false, 'unlocked-shorted')).toBe('closed');
    expect(doorFromSignal(true, 'unlocked-shorted')).toBe('open');
    for (const pol of ['locked-shorted', 'unlocked-shorted'] as const) {
      for (const door of ['open', 'closed'] as const) expect(doorFromSignal(signalFromDoor(door, pol), pol)).toBe(door);
    }
  });

  it('decodes the verified 8-channel query-all capture 80 01 00 00 00 33 B2', () => {
    const [r] = codec.createReplyParser().push(hex('80 01 00 00 00 33 B2'), { req: { kind: 'query-all', board: 1 }, locks: 8 });
    expect(r).toEqual({ kind: 'query-all', board: 1, signals: new Array(24).fill(false) });
  });

  it('reads status groups highest first, bit k of group g = lock 8g+k+1', () => {
    // groups 01 | 80 | 05 → lock 17; lock 16; locks 1 and 3
    const signals = signalsFromGroups(hex('01 80 05'));
    const on = signals.flatMap((s, i) => (s ? [i + 1] : []));
    expect(on).toEqual([1, 3, 16, 17]);
    expect(groupsFromSignals(signals, 3)).toEqual(hex('01 80 05'));
    const body = hex('80 03 01 80 05 33');
    const frame = Buffer.concat([body, Buffer.from([body.reduce((a, b) => a ^ b, 0)])]);
    const [r] = codec.createReplyParser().push(frame, { req: { kind: 'query-all', board: 3 }, locks: 24 });
    expect(r?.kind === 'query-all' && r.signals.flatMap((s, i) => (s ? [i + 1] : []))).toEqual([1, 3, 16, 17]);
  });

  it('reads a 48-channel reply (6 status bytes) from its length', () => {
    const signals = Array.from({ length: 48 }, (_, i) => i === 47 || i === 0);
    const reply = codec.encodeReply({ kind: 'query-all', board: 5 }, { signals, occupied: [] });
    expect(reply.length).toBe(10);
    for (const locks of [undefined, 8, 24, 48]) {
      const [r] = codec.createReplyParser().push(reply, { req: { kind: 'query-all', board: 5 }, ...(locks ? { locks } : {}) });
      expect(r).toEqual({ kind: 'query-all', board: 5, signals });
    }
  });

  it('tells a single-lock reply from a query-all reply by the request in flight', () => {
    // 80 01 01 00 80 33 … : its first five bytes are also a valid single-lock reply for lock 1.
    const signals = Array.from({ length: 24 }, (_, i) => i === 7 || i === 16);
    const all = codec.encodeReply({ kind: 'query-all', board: 1 }, { signals, occupied: [] });
    expect(all.subarray(0, 5)).toEqual(hex('80 01 01 00 80'));
    const [r] = codec.createReplyParser().push(all, { req: { kind: 'query-all', board: 1 }, locks: 24 });
    expect(r).toEqual({ kind: 'query-all', board: 1, signals });
    const [q] = codec.createReplyParser().push(hex('80 01 01 00 80'), { req: { kind: 'query', board: 1, lock: 1 } });
    expect(q).toEqual({ kind: 'query', board: 1, lock: 1, signal: false });
  });

  it('rejects a reply that echoes another board or lock', () => {
    const req = { kind: 'open', board: 1, lock: 2 } as const;
    const p = codec.createReplyParser();
    const replies = p.push(hex('8A 02 02 00 8A 8A 01 01 00 8A 8A 01 02 00 89'), { req });
    expect(replies.map((r) => codec.replyMatches(req, r))).toEqual([false, false, true]);
    expect(codec.replyMatches({ kind: 'query-all', board: 1 }, { kind: 'query-all', board: 2, signals: [] })).toBe(false);
    expect(codec.replyMatches({ kind: 'query', board: 1, lock: 1 }, { kind: 'open', board: 1, lock: 1, signal: false })).toBe(
      false,
    );
  });

  it('drops frames with a bad BCC and keeps the next good one', () => {
    const p = codec.createReplyParser();
    const out = p.push(hex('8A 01 01 00 8B  8A 01 01 00 8A'), { req: { kind: 'open', board: 1, lock: 1 } });
    expect(out).toEqual([{ kind: 'open', board: 1, lock: 1, signal: false }]);
    expect(p.droppedBytes).toBe(5);
  });
});

describe('8A/80 codec: board side', () => {
  it('parses the host commands, including open-all as a command it does not act on', () => {
    const p = codec.createCommandParser();
    expect(p.push(hex('8A 01 01 11 9B 80 01 01 33 B3 80 01 00 33 B2 8A 01 00 11 9A'))).toEqual([
      { kind: 'open', board: 1, lock: 1 },
      { kind: 'query', board: 1, lock: 1 },
      { kind: 'query-all', board: 1 },
      { kind: 'other', board: 1, code: 0x8a },
    ]);
  });

  it('answers with the echoed address and the feedback status', () => {
    const snap = { signals: [false, true], occupied: [] };
    expect(codec.encodeReply({ kind: 'open', board: 1, lock: 1 }, snap)).toEqual(hex('8A 01 01 00 8A'));
    expect(codec.encodeReply({ kind: 'open', board: 1, lock: 2 }, snap)).toEqual(hex('8A 01 02 11 98'));
    expect(codec.encodeReply({ kind: 'query-all', board: 1 }, { signals: new Array(8).fill(false), occupied: [] })).toEqual(
      hex('80 01 00 00 00 33 B2'),
    );
  });
});
