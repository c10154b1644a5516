/**
 * The document camera's page pipeline (drivers/camera/document/doc-page.ts) on the emulated
 * camera's photographed sample pages (tests/fixtures/camera/doc-*, true corners in corners.json)
 * and on pages staged at random (property): the sheet's corners within 2 % of the page's size,
 * the corrected page A4 at the asked resolution; a blank sheet, a dark stage, an empty stage and a
 * broken frame each a typed failure.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { previewDocPage, processDocPage, type DocPageErrorCode } from '../../../../drivers/camera/document/doc-page.js';
import { distance, type GreyImage, type Point, type Quad } from '../../../../drivers/camera/document/geometry.js';
import { photographPage } from '../../../../drivers/camera/document/stage.js';

const FIXTURES = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'camera');

interface FixtureEntry {
  corners: Point[];
}

function fixture(folder: string, file: string): { jpeg: Uint8Array; corners: Point[] } {
  const index = JSON.parse(readFileSync(join(FIXTURES, folder, 'corners.json'), 'utf8')) as Record<string, FixtureEntry>;
  const entry = index[file];
  if (!entry) throw new Error(`${folder}/${file} is not in corners.json`);
  return { jpeg: new Uint8Array(readFileSync(join(FIXTURES, folder, file))), corners: entry.corners };
}

/** The page's size in the frame: the longest side of its true quad. */
function pageSize(q: readonly Point[]): number {
  return Math.max(...q.map((p, i) => distance(p, q[(i + 1) % 4] as Point)));
}

/** The largest corner error as a share of the page's size. */
function cornerError(found: Quad, truth: readonly Point[]): number {
  return Math.max(...found.map((p, i) => distance(p, truth[i] as Point))) / pageSize(truth);
}

async function failure(jpeg: Uint8Array): Promise<DocPageErrorCode> {
  const r = await processDocPage(jpeg);
  if (r.ok) throw new Error('expected a failure, got a page');
  return r.error.code;
}

describe('processDocPage on the photographed sample pages', () => {
  it.each(['01-rental-contract.jpg', '02-school-letter.jpg'])(
    '%s: corners within 2 % of the page, A4 at 200 dpi, a preview',
    async (file) => {
      const { jpeg, corners } = fixture('doc-pages', file);
      const r = await processDocPage(jpeg, { dpi: 200 });
      if (!r.ok) throw new Error(r.error.message);
      const e = cornerError(r.value.corners, corners);
      expect(e).toBeLessThanOrEqual(0.02);
      expect({ width: r.value.width, height: r.value.height, dpi: r.value.dpi }).toEqual({ width: 1654, height: 2339, dpi: 200 });
      const meta = await sharp(r.value.jpeg).metadata();
      expect({ format: meta.format, width: meta.width, height: meta.height, density: meta.density }).toEqual({
        format: 'jpeg',
        width: 1654,
        height: 2339,
        density: 200,
      });
      expect(r.value.preview.width).toBe(480);
      expect((await sharp(r.value.preview.jpeg).metadata()).width).toBe(480);
      expect(r.value.ink).toBeGreaterThan(0.005);
    },
  );

  it('the resolution follows the option (150 dpi: 1240×1754)', async () => {
    const r = await processDocPage(fixture('doc-pages', '02-school-letter.jpg').jpeg, { dpi: 150 });
    if (!r.ok) throw new Error(r.error.message);
    expect([r.value.width, r.value.height]).toEqual([1240, 1754]);
  });

  it('a blank sheet is page-blank', async () => {
    expect(await failure(fixture('doc-blank', '01.jpg').jpeg)).toBe('page-blank');
  });

  it('the stage light almost off is page-too-dark', async () => {
    expect(await failure(fixture('doc-dark', '01.jpg').jpeg)).toBe('page-too-dark');
  });

  it('an empty stage (one colour) and a face camera frame are page-not-found', async () => {
    const stage = await sharp({ create: { width: 1296, height: 972, channels: 3, background: { r: 200, g: 204, b: 202 } } })
      .jpeg()
      .toBuffer();
    expect(await failure(new Uint8Array(stage))).toBe('page-not-found');
    const face = new Uint8Array(readFileSync(join(FIXTURES, 'real-face', '01.jpg')));
    expect(await failure(face)).toBe('page-not-found');
  });

  it('a sheet partly out of the frame is page-not-found (not a cut page)', async () => {
    const { jpeg } = fixture('doc-pages', '01-rental-contract.jpg');
    const cut = await sharp(jpeg).extract({ left: 0, top: 0, width: 1700, height: 1944 }).jpeg().toBuffer();
    expect(await failure(new Uint8Array(cut))).toBe('page-not-found');
  });

  it('bytes that are no JPEG, and a frame over the pixel limit, are bad-image', async () => {
    expect(await failure(new TextEncoder().encode('not a jpeg at all'))).toBe('bad-image');
    const big = await sharp({ create: { width: 3000, height: 2000, channels: 3, background: { r: 128, g: 128, b: 128 } } })
      .jpeg()
      .toBuffer();
    const r = await processDocPage(new Uint8Array(big), { maxPixels: 5_000_000 });
    expect(r.ok ? null : r.error.code).toBe('bad-image');
  });
});

describe('previewDocPage (the fast, small corrected page)', () => {
  it.each(['01-rental-contract.jpg', '02-school-letter.jpg'])('%s: 480×679, corners within 2 % of the page', async (file) => {
    const { jpeg, corners } = fixture('doc-pages', file);
    const r = await previewDocPage(jpeg);
    if (!r.ok) throw new Error(r.error.message);
    expect([r.value.width, r.value.height]).toEqual([480, 679]);
    expect(cornerError(r.value.corners, corners)).toBeLessThanOrEqual(0.02);
    const meta = await sharp(r.value.jpeg).metadata();
    expect([meta.format, meta.width, meta.height, meta.channels]).toEqual(['jpeg', 480, 679, 1]);
  });

  it('the same typed failures: blank, too dark, no JPEG', async () => {
    const code = async (b: Uint8Array): Promise<string | null> => {
      const r = await previewDocPage(b);
      return r.ok ? null : r.error.code;
    };
    expect(await code(fixture('doc-blank', '01.jpg').jpeg)).toBe('page-blank');
    expect(await code(fixture('doc-dark', '01.jpg').jpeg)).toBe('page-too-dark');
    expect(await code(new TextEncoder().encode('no jpeg'))).toBe('bad-image');
  });
});

/** A page of "text": dark bars of words in lines, a heading, a table box. */
function syntheticPage(rand: () => number): GreyImage {
  const width = 620;
  const height = 877;
  const data = new Uint8Array(width * height).fill(255);
  const bar = (x0: number, y0: number, w: number, h: number): void => {
    for (let y = y0; y < Math.min(height, y0 + h); y++) data.fill(20, y * width + x0, y * width + Math.min(width, x0 + w));
  };
  bar(220, 60, 180, 16);
  for (let y = 120; y < 560; y += 22) {
    let x = 60;
    while (x < 540) {
      const w = 20 + Math.floor(rand() * 60);
      bar(x, y, Math.min(w, 560 - x), 9);
      x += w + 8;
    }
  }
  for (const y of [600, 640, 680]) bar(60, y, 500, 2);
  return { data, width, height };
}

describe('processDocPage on pages staged at random (property)', () => {
  it('finds the corners within 2 % of the page size, whatever the turn, skew and light', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.double({ min: 0.75, max: 1.1, noNaN: true }),
        async (seed, exposure) => {
          let r = seed;
          const rand = (): number => (r = (Math.imul(r, 48271) >>> 0) % 2147483647) / 2147483647;
          const staged = photographPage(syntheticPage(rand), { seed, exposure, width: 1296, height: 972 });
          const jpeg = await sharp(staged.rgb, { raw: { width: staged.width, height: staged.height, channels: 3 } })
            .jpeg({ quality: 85 })
            .toBuffer();
          const out = await processDocPage(new Uint8Array(jpeg), { dpi: 100 });
          if (!out.ok) throw new Error(`seed ${seed}: ${out.error.message}`);
          expect(cornerError(out.value.corners, staged.corners)).toBeLessThanOrEqual(0.02);
        },
      ),
      { numRuns: 25 },
    );
  }, 120_000);
});
