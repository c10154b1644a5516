import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeJpeg } from '../../../../drivers/camera/jpeg-tools.js';
import {
  SIGNATURE_COLS,
  SIGNATURE_ROWS,
  StillPage,
  difference,
  jpegSignature,
  signature,
} from '../../../../drivers/camera/document/still-page.js';

/** A stage: dark, with a light sheet at (x, y) of w×h (fractions of the frame), and a little noise. */
function stage(sheet: { x: number; y: number; w: number; h: number } | null, noise = 0, seed = 1) {
  const width = 160;
  const height = 120;
  const data = new Uint8Array(width * height * 4);
  let s = seed;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const inSheet =
        sheet !== null &&
        x >= sheet.x * width &&
        x < (sheet.x + sheet.w) * width &&
        y >= sheet.y * height &&
        y < (sheet.y + sheet.h) * height;
      s = (s * 1103515245 + 12345) % 2 ** 31;
      const v = (inSheet ? 225 : 40) + Math.round(((s / 2 ** 31) * 2 - 1) * noise);
      const i = (y * width + x) * 4;
      data[i] = data[i + 1] = data[i + 2] = Math.max(0, Math.min(255, v));
      data[i + 3] = 255;
    }
  return { data, width, height };
}

const PAGE = { x: 0.2, y: 0.1, w: 0.6, h: 0.8 };
const OTHER = { x: 0.1, y: 0.2, w: 0.7, h: 0.6 };

describe('still page (auto-capture)', () => {
  it('signs a frame as 32×24 cell means; the same scene through JPEG signs nearly the same', () => {
    const img = stage(PAGE);
    const sig = signature(img);
    expect(sig).toHaveLength(SIGNATURE_COLS * SIGNATURE_ROWS);
    expect(sig[0]).toBe(40);
    expect(sig[12 * SIGNATURE_COLS + 16]).toBe(225);
    expect(difference(sig, jpegSignature(encodeJpeg(img, 70)))).toBeLessThan(2);
    expect(() => difference(sig, new Uint8Array(3))).toThrow();
  });

  it('takes a page once it has lain still for stillMs, once only, and the next page when it lies still in its turn', () => {
    const still = new StillPage({ stillMs: 1000 });
    const page = signature(stage(PAGE, 6, 1));
    const pageAgain = signature(stage(PAGE, 6, 2)); // sensor noise
    const other = signature(stage(OTHER, 6, 3));
    const fired: number[] = [];
    const frames: [Uint8Array, number][] = [];
    for (let t = 0; t <= 3000; t += 200) frames.push([t % 400 === 0 ? page : pageAgain, t]);
    for (let t = 3200; t <= 5000; t += 200) frames.push([other, t]);
    for (const [sig, t] of frames) if (still.feed(sig, t)) fired.push(t);
    // Still from t=0: taken at 1000 ms; the same page lying there is not taken again; the next page
    // arrives at 3200 (a move), lies still, and is taken 1000 ms later.
    expect(fired).toEqual([1000, 4200]);
  });

  it('takes nothing while the scene moves (a hand placing the page), and nothing the tap already took', () => {
    const still = new StillPage({ stillMs: 600 });
    const positions = [0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3].map((dx) => signature(stage({ ...PAGE, x: 0.05 + dx })));
    positions.forEach((sig, i) => expect(still.feed(sig, i * 200)).toBe(false));
    const rest = positions.at(-1) ?? new Uint8Array();
    expect(still.feed(rest, 1400)).toBe(false);
    still.tookCurrent(); // the citizen tapped 拍摄本页 meanwhile
    for (let t = 1600; t <= 4000; t += 200) expect(still.feed(rest, t)).toBe(false);
  });

  it('property: over any sequence of spells on the stage, exactly the spells of ≥ stillMs on a scene not last taken are taken', () => {
    const scenes = [null, PAGE, OTHER, { x: 0.3, y: 0.3, w: 0.4, h: 0.5 }].map((s) => signature(stage(s, 4)));
    const spell = fc.record({ scene: fc.integer({ min: 0, max: scenes.length - 1 }), frames: fc.integer({ min: 1, max: 12 }) });
    fc.assert(
      fc.property(fc.array(spell, { minLength: 1, maxLength: 15 }), (spells) => {
        const still = new StillPage({ stillMs: 1000 });
        // Frames every 200 ms; a spell is taken at its 6th frame (5 × 200 ms after it began).
        let t = 0;
        const fired: number[] = [];
        for (const { scene, frames } of spells)
          for (let f = 0; f < frames; f++, t += 200) if (still.feed(scenes[scene] ?? new Uint8Array(), t)) fired.push(t);
        // The model: adjacent spells on the same scene are one spell.
        const merged: { scene: number; start: number; frames: number }[] = [];
        let at = 0;
        for (const { scene, frames } of spells) {
          const prev = merged.at(-1);
          if (prev && prev.scene === scene) prev.frames += frames;
          else merged.push({ scene, start: at, frames });
          at += frames * 200;
        }
        const expected: number[] = [];
        let taken: number | null = null;
        for (const m of merged)
          if (m.frames >= 6 && m.scene !== taken) {
            expected.push(m.start + 1000);
            taken = m.scene;
          }
        expect(fired).toEqual(expected);
      }),
    );
  });

  it('refuses a stillMs that is not positive', () => {
    expect(() => new StillPage({ stillMs: 0 })).toThrow();
  });
});
