/**
 * Proof that the document camera's correction helps reading (#16): Debian's tesseract (chi_sim,
 * as the A4 read-back tests use it) reads each photographed sample page (tests/fixtures/camera/
 * doc-pages: turned, skewed, shadowed) as the camera delivers it and after processDocPage. The
 * corrected page must give back ≥ 90 % of the page's Han characters, the raw frame < 50 %.
 * Both are read the same way: page segmentation modes 4 and 6, a character counted as often as
 * the better reading has it (tests/helpers/read-back.ts). The corrected pages are kept in
 * test-output/doc-camera/ to look at.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { processDocPage } from '../../../../drivers/camera/document/doc-page.js';
import { SAMPLE_PAGES, sampleText } from '../../../../drivers/camera/document/sample-pages.js';
import { ocr, readBackRatio, type OcrPass } from '../../../helpers/read-back.js';

const FIXTURES = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'camera', 'doc-pages');
const PASSES: OcrPass[] = [
  { lang: 'chi_sim', psm: 4 },
  { lang: 'chi_sim', psm: 6 },
];
const work = mkdtempSync(join(tmpdir(), 'yimen-doc-ocr-'));
const SHOWN = join('test-output', 'doc-camera');
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function readAll(path: string): Promise<string[]> {
  const out: string[] = [];
  for (const pass of PASSES) out.push(await ocr(path, pass));
  return out;
}

describe('OCR of the photographed sample pages, before and after correction', () => {
  it.each(SAMPLE_PAGES.map((p) => [p.name, p] as const))(
    '%s: ≥ 90 % of its characters after, < 50 % before',
    async (name, sample) => {
      const frame = join(FIXTURES, `${name}.jpg`);
      const r = await processDocPage(new Uint8Array(readFileSync(frame)), { dpi: 200 });
      if (!r.ok) throw new Error(r.error.message);
      const corrected = join(work, `${name}.jpg`);
      writeFileSync(corrected, r.value.jpeg);
      mkdirSync(SHOWN, { recursive: true });
      writeFileSync(join(SHOWN, `${name}-corrected.jpg`), r.value.jpeg);
      const text = sampleText(sample.document);
      const before = readBackRatio(text, await readAll(frame));
      const after = readBackRatio(text, await readAll(corrected));
      // Written to the test output, so a regression says by how much.
      console.log(`${name}: read back ${(before.ratio * 100).toFixed(1)} % before, ${(after.ratio * 100).toFixed(1)} % after`);
      expect(after.ratio, `missed after: ${after.missed.join('')}`).toBeGreaterThanOrEqual(0.9);
      expect(before.ratio).toBeLessThan(0.5);
    },
    180_000,
  );
});
