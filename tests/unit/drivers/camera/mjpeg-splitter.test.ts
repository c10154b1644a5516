import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeJpeg } from '../../../../drivers/camera/jpeg-tools.js';
import { jpegSize, MjpegSplitter, type JpegFrame } from '../../../../drivers/camera/mjpeg-splitter.js';

const FIXTURES = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'camera');

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Feeds `bytes` cut at `cuts` (positions, any order) and returns every frame, then `end()`. */
function split(bytes: Uint8Array, cuts: number[] = [], s = new MjpegSplitter()): JpegFrame[] {
  const points = [...new Set(cuts.map((c) => Math.min(bytes.length, Math.max(0, c))))].sort((a, b) => a - b);
  const out: JpegFrame[] = [];
  let prev = 0;
  for (const p of [...points, bytes.length]) {
    out.push(...s.push(bytes.subarray(prev, p)));
    prev = p;
  }
  s.end();
  return out;
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/**
 * A structurally valid JPEG stream (not decodable: the entropy data is random): SOI, an APP
 * segment whose payload may hold any byte (0xFF included), SOF0 with the size, DHT, SOS, entropy
 * data with stuffed FF 00, restart markers and fill bytes, EOI.
 */
const syntheticFrame = fc
  .record({
    width: fc.integer({ min: 1, max: 4000 }),
    height: fc.integer({ min: 1, max: 3000 }),
    app: fc.uint8Array({ maxLength: 300 }),
    entropy: fc.array(
      fc.oneof(
        { weight: 8, arbitrary: fc.integer({ min: 0, max: 0xfe }).map((b) => [b]) },
        { weight: 2, arbitrary: fc.constant([0xff, 0x00]) },
        { weight: 1, arbitrary: fc.integer({ min: 0xd0, max: 0xd7 }).map((m) => [0xff, m]) },
        { weight: 1, arbitrary: fc.integer({ min: 0xd0, max: 0xd7 }).map((m) => [0xff, 0xff, m]) },
      ),
      { maxLength: 400 },
    ),
  })
  .map(({ width, height, app, entropy }) => {
    const seg = (m: number, payload: number[]): number[] => [
      0xff,
      m,
      (payload.length + 2) >> 8,
      (payload.length + 2) & 0xff,
      ...payload,
    ];
    const bytes = [
      0xff,
      0xd8,
      ...seg(0xe0, [...app]),
      ...seg(0xc0, [8, height >> 8, height & 0xff, width >> 8, width & 0xff, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]),
      ...seg(0xc4, [0x00, ...new Array<number>(16).fill(0)]),
      ...seg(0xda, [3, 1, 0, 2, 0x11, 3, 0x11, 0, 63, 0]),
      ...entropy.flat(),
      0xff,
      0xd9,
    ];
    return { bytes: new Uint8Array(bytes), width, height };
  });

/** Bytes between frames with no 0xFF at all. */
const plainGarbage = fc.uint8Array({ maxLength: 64 }).map((g) => g.map((b) => (b === 0xff ? 0x7f : b)));
/** Bytes between frames with any byte but no FF D8 pair (and not ending in FF, which could pair with the next SOI's D8…). */
const noSoiGarbage = fc.uint8Array({ maxLength: 64 }).map((g) => {
  const out = Uint8Array.from(g);
  for (let i = 0; i + 1 < out.length; i++) if (out[i] === 0xff && out[i + 1] === 0xd8) out[i + 1] = 0xd7;
  return out;
});

describe('MjpegSplitter: examples', () => {
  const real = readFileSync(join(FIXTURES, 'real-face', '01.jpg'));

  it('cuts two real JPEGs and reads their size from SOF', () => {
    const frames = split(concat([real, real]));
    expect(frames).toHaveLength(2);
    expect(frames.map((f) => [f.width, f.height])).toEqual([
      [640, 480],
      [640, 480],
    ]);
    expect(hex(frames[0]?.bytes ?? new Uint8Array())).toBe(hex(real));
  });

  it('handles one byte at a time', () => {
    const bytes = concat([real, real, real]);
    const s = new MjpegSplitter();
    const frames: JpegFrame[] = [];
    for (let i = 0; i < bytes.length; i++) frames.push(...s.push(bytes.subarray(i, i + 1)));
    expect(frames).toHaveLength(3);
    expect(s.stats).toEqual({ frames: 3, dropped: 0, skippedBytes: 0 });
  });

  it('skips garbage between frames and counts it', () => {
    const s = new MjpegSplitter();
    const frames = split(concat([Uint8Array.of(1, 2, 0xff, 0xff, 3), real, Uint8Array.of(0xff, 0x00, 9), real]), [], s);
    expect(frames).toHaveLength(2);
    expect(s.stats.skippedBytes).toBe(8);
  });

  it('drops a truncated last frame at end()', () => {
    const s = new MjpegSplitter();
    const frames = split(concat([real, real.subarray(0, 5000)]), [], s);
    expect(frames).toHaveLength(1);
    expect(s.stats.dropped).toBe(1);
  });

  it.each([
    ['in the entropy data', 5000],
    ['in a header segment', 30],
    ['right after SOI', 2],
  ])('drops a frame cut off %s and keeps the next', (_, cut) => {
    const s = new MjpegSplitter();
    const frames = split(concat([real.subarray(0, cut), real, real]), [], s);
    expect(frames).toHaveLength(2);
    expect(frames.every((f) => hex(f.bytes) === hex(real))).toBe(true);
    expect(s.stats.dropped).toBe(1);
  });

  it('does not emit SOI/EOI without a scan between them', () => {
    expect(split(concat([Uint8Array.of(0xff, 0xd8, 0xff, 0xd9), real]))).toHaveLength(1);
  });

  it('drops a frame larger than maxFrameBytes and finds the next', () => {
    const small = encodeJpeg({ data: new Uint8Array(16 * 16 * 4).fill(128), width: 16, height: 16 });
    const s = new MjpegSplitter({ maxFrameBytes: small.length + 10 });
    const frames = split(concat([real, small, real, small]), [], s);
    expect(frames).toHaveLength(2);
    expect(frames.every((f) => f.width === 16)).toBe(true);
    expect(s.stats.dropped).toBe(2);
  });

  it('jpegSize reads the SOF of a whole JPEG, null for anything else', () => {
    expect(jpegSize(real)).toEqual({ width: 640, height: 480 });
    expect(jpegSize(Uint8Array.of(1, 2, 3))).toBeNull();
  });
});

describe('MjpegSplitter: properties', () => {
  it('recovers every frame exactly, whatever the chunk boundaries and the 0xFF-free garbage between', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(plainGarbage, syntheticFrame), { minLength: 1, maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 40 }),
        (items, cuts) => {
          const bytes = concat(items.flatMap(([g, f]) => [g, f.bytes]));
          const frames = split(
            bytes,
            cuts.map((c) => c % (bytes.length + 1)),
          );
          expect(frames.map((f) => hex(f.bytes))).toEqual(items.map(([, f]) => hex(f.bytes)));
          expect(frames.map((f) => [f.width, f.height])).toEqual(items.map(([, f]) => [f.width, f.height]));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('recovers every frame when the garbage holds 0xFF bytes (but no SOI)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(noSoiGarbage, syntheticFrame), { minLength: 1, maxLength: 5 }), (items) => {
        const frames = split(concat(items.flatMap(([g, f]) => [g, f.bytes])));
        expect(frames.map((f) => hex(f.bytes))).toEqual(items.map(([, f]) => hex(f.bytes)));
      }),
      { numRuns: 300 },
    );
  });

  it('drops frames cut off in their entropy data and keeps every whole one', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(syntheticFrame, fc.boolean(), fc.double({ min: 0, max: 1, noNaN: true })), {
          minLength: 1,
          maxLength: 5,
        }),
        fc.array(fc.nat(), { maxLength: 20 }),
        (items, cuts) => {
          const parts = items.map(([f, cut, where]) => {
            if (!cut) return f.bytes;
            // Cut somewhere after SOS (the header is 2 + 4 + app + 19 + 20 + 14 bytes): entropy data.
            const sos = hex(f.bytes).indexOf('ffda000c') / 2 + 14;
            return f.bytes.subarray(0, sos + Math.floor(where * (f.bytes.length - 2 - sos)));
          });
          const bytes = concat(parts);
          const frames = split(
            bytes,
            cuts.map((c) => c % (bytes.length + 1)),
          );
          expect(frames.map((f) => hex(f.bytes))).toEqual(items.filter(([, cut]) => !cut).map(([f]) => hex(f.bytes)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary bytes and emits only SOI…EOI frames that passed a scan', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.uint8Array({ maxLength: 200 }),
            syntheticFrame.map((f) => f.bytes),
          ),
          { maxLength: 8 },
        ),
        (parts) => {
          const frames = split(concat(parts), [7, 100, 333]);
          for (const f of frames) {
            expect(hex(f.bytes.subarray(0, 2))).toBe('ffd8');
            expect(hex(f.bytes.subarray(-2))).toBe('ffd9');
            expect(hex(f.bytes)).toContain('ffda');
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
