/**
 * Bad input on the A4 path: characters the document's face lacks come from another installed
 * face (drawn as their own runs and read back from the page), and a character no installed font
 * has is `missing-glyph` before anything reaches the printer.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderA4Pdf } from '../../../../../drivers/printer/a4/a4-document.js';
import { A4PrinterDriver } from '../../../../../drivers/printer/a4/a4-printer-driver.js';
import { A4PrinterEmulator } from '../../../../../drivers/printer/a4/a4-printer-emulator.js';
import { ocr, rasterisePoppler, readBackRatio } from '../../../../helpers/read-back.js';

const run = promisify(execFile);
const DEJAVU = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
const NOTO_SANS = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'yimen-a4-fallback-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('A4 glyph fallback and missing glyphs', () => {
  it('draws what the first font lacks with the next one, and the page reads back', async () => {
    // DejaVu Sans has the Latin letters but no Han: those come from Noto Sans CJK.
    const doc = {
      title: 'Certificate 户籍证明',
      paragraphs: ['Applicant 申请人：李示范', '登记住址：广东省佛山市禅城区示范路18号'],
    };
    const r = await renderA4Pdf(doc, { fontPaths: [DEJAVU, NOTO_SANS] });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const pdf = join(dir, 'fallback.pdf');
    writeFileSync(pdf, r.value);
    const { stdout } = await run('pdffonts', [pdf]);
    expect(stdout).toMatch(/DejaVuSans/);
    expect(stdout).toMatch(/NotoSansCJKsc/);
    const poppler = await rasterisePoppler(pdf, join(dir, 'fallback'));
    expect(poppler.stderr).toBe('');
    const text = await ocr(poppler.pngs[0] ?? '', { lang: 'chi_sim', psm: 4 });
    const expected = [doc.title, ...doc.paragraphs].join('\n');
    expect(readBackRatio(expected, text).ratio).toBeGreaterThanOrEqual(0.95);
    expect(text).toMatch(/Certificate/);
  }, 60_000);

  it('renders the rare name characters the installed fonts have (𠮷 U+20BB7, 䶮 U+4DAE)', async () => {
    const r = await renderA4Pdf({ title: '姓名：𠮷田 与 刘䶮', locale: 'zh-HK' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const pdf = join(dir, 'rare.pdf');
    writeFileSync(pdf, r.value);
    const { stdout } = await run('pdftotext', [pdf, '-']);
    expect(stdout).toContain('𠮷田');
    expect(stdout).toContain('䶮');
  }, 60_000);

  it('a character no installed font has is missing-glyph, and the A4 driver prints nothing', async () => {
    const folder = join(dir, 'printer');
    const emulator = new A4PrinterEmulator({ folder, name: 'kiosk' });
    const driver = new A4PrinterDriver({ backend: emulator, pollMs: 0 });
    const r = await driver.print({ title: '户籍证明', paragraphs: ['姓名：\u{2A700}\u{30000}明'] });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('missing-glyph');
    expect((r.error as { characters?: string[] }).characters).toEqual(['\u{2A700}', '\u{30000}']);
    expect(readdirSync(folder).filter((f) => f.endsWith('.pdf'))).toEqual([]);
    const pending = await emulator.pendingJobs();
    expect(pending.ok && pending.value).toBe(0);
  }, 60_000);
});
