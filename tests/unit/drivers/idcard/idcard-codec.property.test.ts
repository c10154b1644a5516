import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeFrame, SamFrameReader, xor } from '../../../../drivers/idcard/idcard-codec.js';

/** Bodies of 3..300 bytes (responses and requests alike). */
const body = fc.uint8Array({ minLength: 3, maxLength: 300 }).map((b) => Buffer.from(b));
/** Garbage that cannot contain a preamble marker (AA 96 69 would be a legitimate frame start). */
const garbage = fc
  .uint8Array({ maxLength: 64 })
  .map((g) => Buffer.from(g.map((v, i, a) => (v === 0x96 && i > 0 && a[i - 1] === 0xaa ? 0x95 : v))))
  .map((g) => (g.length > 0 && g[g.length - 1] === 0xaa ? Buffer.concat([g, Buffer.from([0x00])]) : g));

function feed(r: SamFrameReader, bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let last = 0;
  for (const p of [...points, bytes.length]) {
    out.push(...r.push(bytes.subarray(last, p)).map((f) => f.body));
    last = p;
  }
  return out;
}

describe('SamFrameReader properties', () => {
  it('never throws and only returns frames whose checksum holds, on any bytes', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 20 }), (chunks) => {
        const r = new SamFrameReader();
        for (const c of chunks) {
          for (const f of r.push(c)) {
            expect(xor(f.raw, 5, f.raw.length - 1)).toBe(f.raw[f.raw.length - 1]);
            expect(f.raw.readUInt16BE(5)).toBe(f.raw.length - 7);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('recovers every frame, split at arbitrary positions, with garbage between frames', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(garbage, body), { minLength: 1, maxLength: 6 }),
        garbage,
        fc.array(fc.nat(), { maxLength: 12 }),
        (parts, tail, cuts) => {
          const stream = Buffer.concat([...parts.flatMap(([g, b]) => [g, encodeFrame(b)]), tail]);
          const got = feed(new SamFrameReader(), stream, cuts);
          expect(got.map((b) => b.toString('hex'))).toEqual(parts.map(([, b]) => b.toString('hex')));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('finds a frame split at every single position', () => {
    fc.assert(
      fc.property(body, (b) => {
        const frame = encodeFrame(b);
        for (let cut = 0; cut <= frame.length; cut++) {
          const r = new SamFrameReader();
          const got = [...r.push(frame.subarray(0, cut)), ...r.push(frame.subarray(cut))];
          expect(got).toHaveLength(1);
          expect(got[0]?.body.equals(b)).toBe(true);
        }
      }),
      { numRuns: 50 },
    );
  });

  it('never accepts a frame with one corrupted byte, and still finds the next good frame', () => {
    fc.assert(
      fc.property(body, body, fc.nat(), fc.integer({ min: 1, max: 255 }), (b1, b2, pos, flip) => {
        const bad = encodeFrame(b1);
        const i = 5 + (pos % (bad.length - 5)); // corrupt LEN, body or CHK
        bad[i] = (bad[i] ?? 0) ^ flip;
        const good = encodeFrame(b2);
        const got = new SamFrameReader().push(Buffer.concat([bad, good])).map((f) => f.body.toString('hex'));
        expect(got).not.toContain(b1.toString('hex'));
        expect(got.at(-1)).toBe(b2.toString('hex'));
      }),
      { numRuns: 300 },
    );
  });

  it('survives random bytes followed by a good frame (random noise may contain anything)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), body, (noise, b) => {
        const got = new SamFrameReader().push(Buffer.concat([Buffer.from(noise), encodeFrame(b)]));
        expect(got.at(-1)?.body.equals(b)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
