/**
 * The contrast cleanup of a corrected page (drivers/camera/document/page-clean.ts): whatever
 * smooth light falls on a page (a gradient, a shadow, dimmer overall), the paper comes out white
 * and the strokes black (property).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanPage, inkFraction } from '../../../../drivers/camera/document/page-clean.js';

const W = 400;
const H = 560;

/** Ink where (x, y) falls on a stroke: rows of 8 px bars with gaps, and a heavy heading block. */
function isInk(x: number, y: number): boolean {
  if (y >= 30 && y < 60 && x >= 120 && x < 280) return true;
  return y >= 100 && y < 460 && y % 24 < 8 && x >= 40 && x < 360 && x % 50 < 40;
}

describe('cleanPage', () => {
  it('paper white and strokes black under any smooth light (property)', () => {
    fc.assert(
      fc.property(
        fc.record({
          level: fc.double({ min: 0.45, max: 1, noNaN: true }),
          gradient: fc.double({ min: 0, max: 0.45, noNaN: true }),
          angle: fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }),
          shadow: fc.double({ min: 0, max: 0.6, noNaN: true }),
          sx: fc.double({ min: 0, max: 1, noNaN: true }),
          sy: fc.double({ min: 0, max: 1, noNaN: true }),
        }),
        ({ level, gradient, angle, shadow, sx, sy }) => {
          const data = new Uint8Array(W * H);
          const r = 0.25 * H;
          for (let y = 0; y < H; y++)
            for (let x = 0; x < W; x++) {
              const t = ((x - W / 2) * Math.cos(angle) + (y - H / 2) * Math.sin(angle)) / Math.hypot(W, H) + 0.5;
              const d2 = (x - sx * W) ** 2 + (y - sy * H) ** 2;
              const light = level * (1 - gradient * t) * (1 - shadow * Math.exp(-d2 / (2 * r * r)));
              data[y * W + x] = Math.round((isInk(x, y) ? 25 : 235) * light);
            }
          const out = cleanPage({ data, width: W, height: H }, { block: 24 });
          let worstPaper = 255;
          let worstInk = 0;
          for (let y = 2; y < H - 2; y++)
            for (let x = 2; x < W - 2; x++) {
              // Stroke edges are mixed pixels after any filter: judge a pixel away from them.
              const edge =
                isInk(x, y) !== isInk(x + 2, y) ||
                isInk(x, y) !== isInk(x - 2, y) ||
                isInk(x, y) !== isInk(x, y + 2) ||
                isInk(x, y) !== isInk(x, y - 2);
              if (edge) continue;
              const v = out.data[y * W + x] as number;
              if (isInk(x, y)) worstInk = Math.max(worstInk, v);
              else worstPaper = Math.min(worstPaper, v);
            }
          expect(worstPaper).toBeGreaterThanOrEqual(200);
          expect(worstInk).toBeLessThanOrEqual(40);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('inkFraction counts the dark pixels', () => {
    const img = { data: Uint8Array.from([0, 50, 127, 128, 200, 255, 255, 255]), width: 4, height: 2 };
    expect(inkFraction(img)).toBe(3 / 8);
  });
});
