/**
 * The A4 documents read back from the page, not from the text layer: each template is rendered,
 * rasterised by poppler (pdftoppm, as CUPS prints) and by pdfium (Chromium's PDF viewer), and
 * OCR'd by tesseract; at least 95 % of its Han characters must come back, per template × locale ×
 * renderer. One Chromium serves every pdfium shot; within a test, two rasterise / screenshot /
 * OCR processes run at a time.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderA4Pdf } from '../../../../../drivers/printer/a4/a4-document.js';
import { limiter, ocr, ocrPasses, PdfiumShooter, rasterisePoppler, readBackRatio } from '../../../../helpers/read-back.js';
import { drawnText, templates, type Template } from './templates.js';

const MIN_READ_BACK = 0.95;

let dir: string;
let shooter: PdfiumShooter;
const cpu = limiter(2);
const all = templates();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'yimen-a4-read-back-'));
  shooter = await PdfiumShooter.launch();
}, 60_000);

afterAll(async () => {
  await shooter?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Reading {
  template: string;
  locale: string;
  renderer: 'poppler' | 'pdfium';
  ratio: number;
  missed: string;
}

async function readBack(t: Template, i: number): Promise<Reading[]> {
  const r = await renderA4Pdf(t.doc);
  if (!r.ok) throw new Error(`${t.name} ${t.locale}: ${r.error.code} ${r.error.message}`);
  const base = join(dir, `t${i}-${t.locale}`);
  writeFileSync(`${base}.pdf`, r.value);
  const passes = ocrPasses(t.locale);
  const expected = drawnText(t.doc);
  const poppler = await cpu(() => rasterisePoppler(`${base}.pdf`, `${base}-poppler`));
  expect(poppler.stderr, `${t.name} ${t.locale}: poppler warnings`).toBe('');
  expect(poppler.pngs).toHaveLength(1);
  await cpu(() => shooter.shoot(`${base}.pdf`, `${base}-pdfium.png`));
  const read = (png: string): Promise<string[]> => Promise.all(passes.map((p) => cpu(() => ocr(png, p))));
  const [popplerText, pdfiumText] = await Promise.all([read(poppler.pngs[0] ?? ''), read(`${base}-pdfium.png`)]);
  return (
    [
      ['poppler', popplerText],
      ['pdfium', pdfiumText],
    ] as const
  ).map(([renderer, text]) => {
    const { ratio, missed } = readBackRatio(expected, text);
    return { template: t.name, locale: t.locale, renderer, ratio: Math.round(ratio * 1000) / 10, missed: missed.join('') };
  });
}

async function check(selected: Template[]): Promise<void> {
  const readings = (await Promise.all(selected.map((t) => readBack(t, all.indexOf(t))))).flat();
  console.table(readings);
  for (const r of readings) {
    expect(r.ratio, `${r.template} ${r.locale} ${r.renderer} missed ${r.missed}`).toBeGreaterThanOrEqual(MIN_READ_BACK * 100);
  }
}

describe('A4 read-back (render → poppler / pdfium → OCR)', () => {
  it('has a certificate for every instant matter in every locale, a test page and the CLI sample', () => {
    expect(all.filter((t) => t.name.startsWith('certificate')).length).toBeGreaterThanOrEqual(9);
    expect(all.map((t) => t.name)).toEqual(expect.arrayContaining(['maintenance test page', 'cli a4 sample']));
  });

  for (const locale of ['zh-CN', 'zh-HK', 'en'] as const) {
    it(`certificates in ${locale} read back`, async () => {
      await check(all.filter((t) => t.locale === locale && t.name.startsWith('certificate')));
    }, 180_000);
  }

  it('the maintenance test page and the CLI A4 sample read back', async () => {
    await check(all.filter((t) => !t.name.startsWith('certificate')));
  }, 180_000);
});
