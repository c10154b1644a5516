/**
 * Property-based tests for the locker byte parsers: random and corrupted streams, frames split at
 * every position, noise between frames. The oracle re-serialises frames independently of the codec.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EightACodec } from '../../../../drivers/locker/eight-a-codec.js';
import { KerongCodec } from '../../../../drivers/locker/kerong-codec.js';
import type {
  BoardCommand,
  BoardReply,
  BoardRequest,
  LockerCodec,
  ReplyExpectation,
} from '../../../../drivers/locker/locker-codec.js';

const eightA = new EightACodec();
const kerong = new KerongCodec();

const xor = (bytes: number[]): number => bytes.reduce((a, b) => a ^ b, 0);
const sum = (bytes: number[]): number => bytes.reduce((a, b) => (a + b) & 0xff, 0);
const bits = (flags: readonly boolean[], from: number): number =>
  flags.slice(from, from + 8).reduce((byte, on, k) => (on ? byte | (1 << k) : byte), 0);

/** Independent serialisation of a parsed reply (the oracle). */
function serialise(codec: LockerCodec, r: BoardReply): Buffer {
  if (codec.protocol === '8a') {
    if (r.kind === 'query-all') {
      const n = r.signals.length / 8;
      const groups = Array.from({ length: n }, (_, idx) => bits(r.signals, (n - 1 - idx) * 8));
      const body = [0x80, r.board, ...groups, 0x33];
      return Buffer.from([...body, xor(body)]);
    }
    const body = [r.kind === 'open' ? 0x8a : 0x80, r.board, r.lock, r.signal ? 0x11 : 0x00];
    return Buffer.from([...body, xor(body)]);
  }
  const hooks = r.kind === 'query-all' ? r.signals : Array.from({ length: 16 }, (_, i) => i === r.lock - 1 && r.signal);
  const occ = r.occupied ?? [];
  const addr = (r.board << 4) | (r.kind === 'query-all' ? 0 : r.lock - 1);
  const cmd = r.kind === 'open' ? 0x31 : r.kind === 'query' ? 0x30 : 0x32;
  const body = [0x02, addr, cmd, bits(hooks, 0), bits(hooks, 8), bits(occ, 0), bits(occ, 8), 0x03];
  return Buffer.from([...body, sum(body)]);
}

/**
 * Whether `reply` is really on the line: a checksum-valid frame in `stream` that decodes to it
 * (checked without the codec). Kerong single replies carry the whole hook bitmap but the parsed
 * reply keeps only the addressed lock, so those are matched field by field.
 */
function occursIn(codec: LockerCodec, stream: Uint8Array, r: BoardReply): boolean {
  const buf = Buffer.from(stream);
  if (codec.protocol === '8a' || r.kind === 'query-all') return buf.indexOf(serialise(codec, r)) >= 0;
  const want = serialise(codec, r);
  for (let i = 0; i + 9 <= buf.length; i++) {
    const w = [...buf.subarray(i, i + 9)];
    if (w[0] !== 0x02 || w[7] !== 0x03 || w[8] !== sum(w.slice(0, 8))) continue;
    if (w[1] !== want[1] || w[2] !== want[2] || w[5] !== want[5] || w[6] !== want[6]) continue;
    const hooks = ((w[4] ?? 0) << 8) | (w[3] ?? 0);
    if (((hooks >> (r.lock - 1)) & 1) === (r.signal ? 1 : 0)) return true;
  }
  return false;
}

/** Kerong single replies carry the whole hook bitmap: compare on the fields the oracle rebuilds. */
function normalise(codec: LockerCodec, r: BoardReply): BoardReply {
  if (codec.protocol !== 'kerong' || r.kind === 'query-all') return r;
  return { ...r, occupied: r.occupied ?? [] };
}

function isStart(codec: LockerCodec, b: number): boolean {
  return codec.protocol === '8a' ? b === 0x80 || b === 0x8a : b === 0x02;
}

/** Line noise that never looks like the start of a frame. */
function noise(codec: LockerCodec, minLength = 0, maxLength = 12): fc.Arbitrary<Uint8Array> {
  return fc
    .uint8Array({ minLength, maxLength })
    .map((a) => Uint8Array.from(a, (b) => (isStart(codec, b) ? (b + 1) & 0xff : b)))
    .filter((a) => a.every((b) => !isStart(codec, b)));
}

/** Cut a buffer into chunks at the given (sorted, deduplicated) offsets. */
function chunked(buf: Uint8Array, cuts: number[]): Uint8Array[] {
  const at = [...new Set(cuts.map((c) => c % (buf.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const c of at) {
    out.push(buf.subarray(prev, c));
    prev = c;
  }
  out.push(buf.subarray(prev));
  return out;
}

interface Case {
  codec: LockerCodec;
  kind: BoardRequest['kind'];
  locks: number;
  frames: { bytes: Buffer; reply: BoardReply }[];
}

function replyArb(
  codec: LockerCodec,
  kind: BoardRequest['kind'],
  locks: number,
): fc.Arbitrary<{ bytes: Buffer; reply: BoardReply }> {
  const board = fc.integer({ min: codec.minBoard, max: codec.maxBoard });
  const lock = fc.integer({ min: 1, max: locks });
  const flags = fc.array(fc.boolean(), { minLength: locks, maxLength: locks });
  return fc.record({ board, lock, signals: flags, occupied: flags }).map(({ board, lock, signals, occupied }) => {
    const req: BoardRequest = kind === 'query-all' ? { kind, board } : { kind, board, lock };
    const bytes = codec.encodeReply(req, { signals, occupied });
    const [reply] = codec.createReplyParser().push(bytes, { req, locks });
    if (!reply) throw new Error(`encoder/parser disagree on ${bytes.toString('hex')}`);
    return { bytes, reply };
  });
}

function caseArb(maxFrames = 5): fc.Arbitrary<Case> {
  return fc
    .record({
      codec: fc.constantFrom<LockerCodec>(eightA, kerong),
      kind: fc.constantFrom<BoardRequest['kind']>('open', 'query', 'query-all'),
      locksIdx: fc.integer({ min: 0, max: 3 }),
    })
    .chain(({ codec, kind, locksIdx }) => {
      const locks = (codec.protocol === '8a' ? [8, 16, 24, 48] : [12, 16, 16, 16])[locksIdx] ?? 16;
      return fc
        .array(replyArb(codec, kind, locks), { minLength: 1, maxLength: maxFrames })
        .map((frames) => ({ codec, kind, locks, frames }));
    });
}

function expectation(c: Case, reply: BoardReply | undefined): ReplyExpectation | undefined {
  if (!reply) return undefined;
  const req: BoardRequest = reply.kind === 'query-all' ? { kind: 'query-all', board: reply.board } : { ...reply };
  return { req: { ...req, kind: c.kind } as BoardRequest, locks: c.locks };
}

function parseAll(c: Case, chunks: Uint8Array[]): BoardReply[] {
  const p = c.codec.createReplyParser();
  const exp = expectation(c, c.frames[0]?.reply);
  return chunks.flatMap((ch) => p.push(ch, exp)).map((r) => normalise(c.codec, r));
}

const cutsArb = fc.array(fc.nat({ max: 400 }), { maxLength: 8 });

describe('locker reply parsers (property-based)', () => {
  it('never throw on random bytes, and only ever return frames that are in the input with a valid checksum', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<LockerCodec>(eightA, kerong),
        fc.uint8Array({ maxLength: 300 }),
        cutsArb,
        fc.option(fc.constantFrom<BoardRequest['kind']>('open', 'query', 'query-all'), { nil: undefined }),
        (codec, bytes, cuts, kind) => {
          const p = codec.createReplyParser();
          const exp: ReplyExpectation | undefined =
            kind === undefined ? undefined : { req: kind === 'query-all' ? { kind, board: 1 } : { kind, board: 1, lock: 1 } };
          for (const ch of chunked(bytes, cuts)) {
            for (const r of p.push(ch, exp)) {
              expect(occursIn(codec, bytes, r)).toBe(true);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('return every frame when the stream is split at every position', () => {
    fc.assert(
      fc.property(caseArb(3), (c) => {
        const stream = Buffer.concat(c.frames.map((f) => f.bytes));
        const want = c.frames.map((f) => normalise(c.codec, f.reply));
        for (let k = 0; k <= stream.length; k++) {
          expect(parseAll(c, [stream.subarray(0, k), stream.subarray(k)])).toEqual(want);
        }
        // and byte by byte
        expect(
          parseAll(
            c,
            [...stream].map((b) => Uint8Array.of(b)),
          ),
        ).toEqual(want);
      }),
      { numRuns: 150 },
    );
  });

  it('skip line noise between frames and recover every frame, however the bytes are chunked', () => {
    fc.assert(
      fc.property(
        caseArb().chain((c) =>
          fc.record({
            c: fc.constant(c),
            gaps: fc.array(noise(c.codec), { minLength: c.frames.length + 1, maxLength: c.frames.length + 1 }),
          }),
        ),
        cutsArb,
        ({ c, gaps }, cuts) => {
          const parts: Uint8Array[] = [];
          c.frames.forEach((f, i) => parts.push(gaps[i] ?? new Uint8Array(), f.bytes));
          parts.push(gaps[c.frames.length] ?? new Uint8Array());
          const stream = Buffer.concat(parts);
          expect(parseAll(c, chunked(stream, cuts))).toEqual(c.frames.map((f) => normalise(c.codec, f.reply)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never accept a damaged frame, and recover the good frames after it', () => {
    fc.assert(
      fc.property(
        caseArb().chain((c) =>
          fc.record({
            c: fc.constant(c),
            which: fc.nat({ max: c.frames.length - 1 }),
            at: fc.nat(),
            flip: fc.integer({ min: 1, max: 255 }),
            gap: noise(c.codec, c.codec.maxReplyLength, c.codec.maxReplyLength + 4),
          }),
        ),
        cutsArb,
        ({ c, which, at, flip, gap }, cuts) => {
          const damaged = Buffer.from(c.frames[which]?.bytes ?? []);
          const pos = at % damaged.length;
          damaged[pos] = (damaged[pos] ?? 0) ^ flip;
          const parts: Uint8Array[] = [];
          c.frames.forEach((f, i) => {
            if (i === which) parts.push(damaged, gap);
            else parts.push(f.bytes);
          });
          const stream = Buffer.concat(parts);
          const got = parseAll(c, chunked(stream, cuts));
          const good = c.frames.filter((_, i) => i !== which).map((f) => normalise(c.codec, f.reply));
          // Every good frame comes out, in order…
          let j = 0;
          for (const r of got) if (j < good.length && JSON.stringify(r) === JSON.stringify(good[j])) j++;
          expect(j).toBe(good.length);
          // …the damaged one never does, and anything else is a checksum-valid frame really on the line.
          for (const r of got) {
            expect(occursIn(c.codec, damaged, r)).toBe(false);
            expect(occursIn(c.codec, stream, r)).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('locker command parsers, board side (property-based)', () => {
  const commandArb = (codec: LockerCodec): fc.Arbitrary<BoardCommand> =>
    fc
      .record({
        kind: fc.constantFrom<BoardRequest['kind']>('open', 'query', 'query-all'),
        board: fc.integer({ min: codec.minBoard, max: codec.maxBoard }),
        lock: fc.integer({ min: 1, max: codec.maxLocks }),
      })
      .map(({ kind, board, lock }) => (kind === 'query-all' ? { kind, board } : { kind, board, lock }));

  it('never throw on random bytes', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<LockerCodec>(eightA, kerong),
        fc.uint8Array({ maxLength: 300 }),
        cutsArb,
        (codec, bytes, cuts) => {
          const p = codec.createCommandParser();
          for (const ch of chunked(bytes, cuts)) {
            for (const cmd of p.push(ch)) {
              if (cmd.kind === 'other') continue;
              expect(Buffer.from(bytes).indexOf(codec.encodeRequest(cmd))).toBeGreaterThanOrEqual(0);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('recover every command through noise and arbitrary chunking', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<LockerCodec>(eightA, kerong).chain((codec) =>
          fc.record({
            codec: fc.constant(codec),
            cmds: fc.array(commandArb(codec), { minLength: 1, maxLength: 6 }),
            gaps: fc.array(noise(codec), { minLength: 7, maxLength: 7 }),
          }),
        ),
        cutsArb,
        ({ codec, cmds, gaps }, cuts) => {
          const parts: Uint8Array[] = [];
          cmds.forEach((cmd, i) => parts.push(gaps[i] ?? new Uint8Array(), codec.encodeRequest(cmd as BoardRequest)));
          const p = codec.createCommandParser();
          const got = chunked(Buffer.concat(parts), cuts).flatMap((ch) => p.push(ch));
          expect(got).toEqual(cmds);
        },
      ),
      { numRuns: 300 },
    );
  });
});
