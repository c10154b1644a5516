/**
 * Latin text and numbers on the A4 page (application numbers, dates, phone numbers): drawn with
 * the face's own digits at their own widths. Regression: fontkit's `locl` swapped the digits of a
 * Latin-led run for alternates pdf-lib did not register, so "DEMO01-261204" printed as
 * "DEMO0 1 -2 6 1 2 0 4" and vanished from the text layer while Han text read back fine.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderA4Pdf } from '../../../../../drivers/printer/a4/a4-document.js';
import { ocr, rasterisePoppler } from '../../../../helpers/read-back.js';

const run = promisify(execFile);
const NUMBER = 'YM0001-261204-4827';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'yimen-a4-digits-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('A4 Latin text and digits', () => {
  for (const locale of ['zh-CN', 'zh-HK', 'en'] as const) {
    it(`${locale}: an application number in a table cell is on the page and in the text layer, unspaced`, async () => {
      const r = await renderA4Pdf({
        locale,
        title: '受理回执',
        table: [{ key: '申请编号', value: NUMBER }],
        paragraphs: ['Tel 13800138000'],
      });
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      const pdf = join(dir, `${locale}.pdf`);
      writeFileSync(pdf, r.value);
      const { stdout: text } = await run('pdftotext', ['-layout', pdf, '-']);
      expect(text).toContain(NUMBER);
      expect(text).toContain('13800138000');
      const { pngs } = await rasterisePoppler(pdf, join(dir, locale));
      const page = pngs[0];
      if (page === undefined) throw new Error('no page rasterised');
      const read = await ocr(page, { lang: 'chi_sim', psm: 4 });
      // Digits drawn at a CJK advance read as "2 6 1 2 0 4"; the printed number must read as one word.
      expect(read).toContain('261204-4827');
      expect(read).toContain('13800138000');
    });
  }
});
