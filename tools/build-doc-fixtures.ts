/**
 * Builds the emulated document camera's frames (tests/fixtures/camera/doc-*), described in
 * tests/fixtures/README.md:
 *
 *   npx tsx tools/build-doc-fixtures.ts
 *
 *   doc-pages/NN-*.jpg   the sample pages (drivers/camera/document/sample-pages.ts: a rental contract,
 *                        a school letter) rendered by the project's A4 renderer (pdf-lib + HarfBuzz,
 *                        Noto CJK), rasterised by poppler's pdftoppm at 150 dpi, then photographed on
 *                        the stage (stage.ts: turned, skewed, shadowed) at 2592×1944
 *   doc-blank/01.jpg     an empty sheet, photographed the same way
 *   doc-dark/01.jpg      the contract with the stage light almost off (exposure 0.3)
 *   <folder>/corners.json  each frame's true sheet corners and seed, for the tests
 *
 * Deterministic: the same fonts and poppler give the same bytes.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import type { GreyImage } from '../drivers/camera/document/geometry.js';
import { SAMPLE_PAGES, RENTAL_CONTRACT } from '../drivers/camera/document/sample-pages.js';
import { photographPage, type StageOptions } from '../drivers/camera/document/stage.js';
import { renderA4Pdf, type A4Document } from '../drivers/printer/a4/a4-document.js';

const OUT = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'tests', 'fixtures', 'camera');
const DPI = 150;

async function rasterise(doc: A4Document, work: string): Promise<GreyImage[]> {
  const pdf = await renderA4Pdf(doc);
  if (!pdf.ok) throw new Error(pdf.error.message);
  const path = join(work, 'page.pdf');
  writeFileSync(path, pdf.value);
  for (const f of readdirSync(work)) if (f.endsWith('.png')) rmSync(join(work, f));
  execFileSync('pdftoppm', ['-r', String(DPI), '-gray', '-png', path, join(work, 'p')]);
  const pngs = readdirSync(work)
    .filter((f) => f.endsWith('.png'))
    .sort();
  const pages: GreyImage[] = [];
  for (const png of pngs) {
    const { data, info } = await sharp(join(work, png)).greyscale().raw().toBuffer({ resolveWithObject: true });
    pages.push({ data: new Uint8Array(data), width: info.width, height: info.height });
  }
  return pages;
}

async function shoot(
  page: GreyImage,
  opts: StageOptions,
  folder: string,
  file: string,
  index: Record<string, unknown>,
  what: string,
): Promise<void> {
  const staged = photographPage(page, opts);
  const jpeg = await sharp(staged.rgb, { raw: { width: staged.width, height: staged.height, channels: 3 } })
    .jpeg({ quality: 82 })
    .toBuffer();
  writeFileSync(join(OUT, folder, file), jpeg);
  index[file] = {
    page: what,
    seed: opts.seed,
    turnDeg: opts.turnDeg ?? null,
    exposure: opts.exposure ?? 1,
    corners: staged.corners.map((p) => ({ x: Math.round(p.x * 100) / 100, y: Math.round(p.y * 100) / 100 })),
  };
  process.stderr.write(`${folder}/${file}: ${jpeg.length} bytes\n`);
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'yimen-doc-fixtures-'));
  try {
    for (const folder of ['doc-pages', 'doc-blank', 'doc-dark']) {
      rmSync(join(OUT, folder), { recursive: true, force: true });
      mkdirSync(join(OUT, folder), { recursive: true });
    }
    const pages: Record<string, unknown> = {};
    let contract: GreyImage | undefined;
    for (const sample of SAMPLE_PAGES) {
      const rendered = await rasterise(sample.document, work);
      if (rendered.length !== 1) throw new Error(`${sample.name}: ${rendered.length} pages, expected one`);
      const page = rendered[0] as GreyImage;
      if (sample.document === RENTAL_CONTRACT) contract = page;
      await shoot(page, { seed: sample.seed, turnDeg: sample.turnDeg }, 'doc-pages', `${sample.name}.jpg`, pages, sample.name);
    }
    writeFileSync(join(OUT, 'doc-pages', 'corners.json'), `${JSON.stringify(pages, null, 2)}\n`);
    if (!contract) throw new Error('no contract page');
    const blank: Record<string, unknown> = {};
    const white = {
      data: new Uint8Array(contract.width * contract.height).fill(255),
      width: contract.width,
      height: contract.height,
    };
    await shoot(white, { seed: 16_101 }, 'doc-blank', '01.jpg', blank, 'blank');
    writeFileSync(join(OUT, 'doc-blank', 'corners.json'), `${JSON.stringify(blank, null, 2)}\n`);
    const dark: Record<string, unknown> = {};
    await shoot(contract, { seed: 16_102, exposure: 0.3 }, 'doc-dark', '01.jpg', dark, 'rental-contract, light almost off');
    writeFileSync(join(OUT, 'doc-dark', 'corners.json'), `${JSON.stringify(dark, null, 2)}\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
