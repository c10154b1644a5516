/**
 * The document camera's plane geometry (drivers/camera/document/geometry.ts): the homography of
 * four corner pairs maps each corner onto its partner, whatever the quadrilaterals (property),
 * and the warp through it lands pixels where the mapping says.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  apply,
  homography,
  isConvexClockwise,
  quadArea,
  rectQuad,
  shrinkGrey,
  warpGrey,
  type Point,
  type Quad,
} from '../../../../drivers/camera/document/geometry.js';

/** A convex quad: a rectangle's corners each moved by less than a fifth of its sides. */
const convexQuad = fc
  .record({
    x: fc.double({ min: 0, max: 2000, noNaN: true }),
    y: fc.double({ min: 0, max: 2000, noNaN: true }),
    w: fc.double({ min: 50, max: 3000, noNaN: true }),
    h: fc.double({ min: 50, max: 3000, noNaN: true }),
    jitter: fc.array(fc.double({ min: -0.19, max: 0.19, noNaN: true }), { minLength: 8, maxLength: 8 }),
  })
  .map(({ x, y, w, h, jitter }): Quad => {
    const j = (i: number): number => jitter[i] ?? 0;
    return [
      { x: x + j(0) * w, y: y + j(1) * h },
      { x: x + w + j(2) * w, y: y + j(3) * h },
      { x: x + w + j(4) * w, y: y + h + j(5) * h },
      { x: x + j(6) * w, y: y + h + j(7) * h },
    ];
  });

describe('homography', () => {
  it('maps each corner onto its partner (property)', () => {
    fc.assert(
      fc.property(convexQuad, convexQuad, (from, to) => {
        const h = homography(from, to);
        const size = Math.sqrt(quadArea(to));
        for (let i = 0; i < 4; i++) {
          const p = apply(h, from[i] as Point);
          const q = to[i] as Point;
          expect(Math.hypot(p.x - q.x, p.y - q.y)).toBeLessThan(1e-6 * size + 1e-6);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('inverts: from→to then to→from gives the point back (property)', () => {
    fc.assert(
      fc.property(
        convexQuad,
        convexQuad,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (from, to, s, t) => {
          const [a, b, , d] = from;
          const p = { x: a.x + (b.x - a.x) * s + (d.x - a.x) * t, y: a.y + (b.y - a.y) * s + (d.y - a.y) * t };
          const back = apply(homography(to, from), apply(homography(from, to), p));
          expect(Math.hypot(back.x - p.x, back.y - p.y)).toBeLessThan(1e-5 * Math.sqrt(quadArea(from)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses three corners on a line', () => {
    const line: Quad = [
      { x: 0, y: 0 },
      { x: 1, y: 1 },
      { x: 2, y: 2 },
      { x: 0, y: 5 },
    ];
    expect(() => homography(line, rectQuad(10, 10))).toThrow(RangeError);
  });

  it('tells convex clockwise quads from crossed ones', () => {
    expect(isConvexClockwise(rectQuad(10, 5))).toBe(true);
    const crossed: Quad = [
      { x: 0, y: 0 },
      { x: 10, y: 5 },
      { x: 10, y: 0 },
      { x: 0, y: 5 },
    ];
    expect(isConvexClockwise(crossed)).toBe(false);
    expect(quadArea(rectQuad(10, 5))).toBe(50);
  });
});

describe('warpGrey', () => {
  it('an identity warp gives the image back; a shift moves it by whole pixels', () => {
    const w = 40;
    const h = 30;
    const data = new Uint8Array(w * h);
    for (let i = 0; i < data.length; i++) data[i] = (i * 37) % 251;
    const src = { data, width: w, height: h };
    const same = warpGrey(src, homography(rectQuad(w, h), rectQuad(w, h)), w, h);
    // The last row and column have no right/bottom neighbour to interpolate with: they take `fill`.
    for (let y = 0; y < h - 1; y++) for (let x = 0; x < w - 1; x++) expect(same.data[y * w + x]).toBe(data[y * w + x]);
    const shifted: Quad = rectQuad(w, h).map((p) => ({ x: p.x + 3, y: p.y + 2 })) as unknown as Quad;
    const moved = warpGrey(src, homography(rectQuad(w, h), shifted), 10, 10, 7);
    for (let y = 0; y < 10; y++) for (let x = 0; x < 10; x++) expect(moved.data[y * 10 + x]).toBe(data[(y + 2) * w + x + 3]);
  });

  it('outside the source gives the fill', () => {
    const src = { data: new Uint8Array(16).fill(200), width: 4, height: 4 };
    const far: Quad = rectQuad(4, 4).map((p) => ({ x: p.x + 100, y: p.y })) as unknown as Quad;
    expect([...warpGrey(src, homography(rectQuad(4, 4), far), 4, 4, 9).data].every((v) => v === 9)).toBe(true);
  });

  it('shrinkGrey averages whole blocks', () => {
    const src = { data: Uint8Array.from([0, 100, 50, 50, 200, 0, 50, 50]), width: 4, height: 2 };
    expect([...shrinkGrey(src, 2).data]).toEqual([75, 50]);
  });
});
