/**
 * Reading a PDF back the way paper shows it: rasterise with poppler (`pdftoppm`, what CUPS uses)
 * or pdfium (Chromium's PDF viewer, through playwright-core on Debian's /usr/bin/chromium), then
 * OCR the image with tesseract (chi_sim / chi_tra). `readBackRatio` measures how much of the
 * document's Han text (as a multiset) the OCR found.
 */
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright-core';

const run = promisify(execFile);

// pngjs comes with qrcode (a dependency); it decodes the screenshots to look for ink.
const { PNG } = createRequire(import.meta.url)('pngjs') as {
  PNG: { sync: { read(b: Buffer): { width: number; height: number; data: Buffer } } };
};

/** Fraction of white pixels (the painted page; the viewer's background is dark grey). */
export function paperFraction(png: Buffer): number {
  const { data } = PNG.sync.read(png);
  let n = 0;
  for (let i = 0; i < data.length; i += 4) if ((data[i] ?? 0) > 230 && (data[i + 1] ?? 0) > 230) n++;
  return n / (data.length / 4);
}

/** The Han characters of `text`, in order (a multiset). */
export function hanChars(text: string): string[] {
  return [...text].filter((c) => /\p{Script=Han}/u.test(c));
}

/**
 * Fraction of the Han characters of `expected` (multiset) found by OCR (1 when there are none).
 * With several readings of the same page (one per OCR model), a character counts as many times
 * as the best reading has it, never the sum.
 */
export function readBackRatio(expected: string, ocr: string | readonly string[]): { ratio: number; missed: string[] } {
  const want = hanChars(expected);
  if (want.length === 0) return { ratio: 1, missed: [] };
  const have = new Map<string, number>();
  for (const reading of typeof ocr === 'string' ? [ocr] : ocr) {
    const counts = new Map<string, number>();
    for (const c of hanChars(reading)) counts.set(c, (counts.get(c) ?? 0) + 1);
    for (const [c, n] of counts) have.set(c, Math.max(have.get(c) ?? 0, n));
  }
  const missed: string[] = [];
  for (const c of want) {
    const n = have.get(c) ?? 0;
    if (n > 0) have.set(c, n - 1);
    else missed.push(c);
  }
  return { ratio: (want.length - missed.length) / want.length, missed };
}

/** Runs at most `n` tasks at a time. */
export function limiter(n: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const queue: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= n) await new Promise<void>((resolve) => queue.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      active--;
      queue.shift()?.();
    }
  };
}

/** Rasterise every page with poppler at 200 dpi, grey; returns the PNG paths and poppler's stderr. */
export async function rasterisePoppler(pdfPath: string, outPrefix: string): Promise<{ pngs: string[]; stderr: string }> {
  const { stderr } = await run('pdftoppm', ['-r', '200', '-gray', '-png', pdfPath, outPrefix]);
  const dir = outPrefix.slice(0, outPrefix.lastIndexOf('/'));
  const base = outPrefix.slice(outPrefix.lastIndexOf('/') + 1);
  const pngs = readdirSync(dir)
    .filter((f) => f.startsWith(`${base}-`) && f.endsWith('.png'))
    .sort()
    .map((f) => join(dir, f));
  return { pngs, stderr };
}

/** How each page is read: the tesseract model and page segmentation mode of each reading. */
export interface OcrPass {
  lang: 'chi_sim' | 'chi_tra';
  psm: 4 | 6;
}

/**
 * zh-CN and en pages: `chi_sim` with `--psm 4` (one column of lines of varying size; `--psm 6`
 * loses the table rows above the QR code). zh-HK pages are read twice: `chi_tra --psm 6` for the
 * traditional text, `chi_sim --psm 4` for the config's simplified hall name and issuer.
 */
export function ocrPasses(locale: 'zh-CN' | 'zh-HK' | 'en'): OcrPass[] {
  return locale === 'zh-HK'
    ? [
        { lang: 'chi_tra', psm: 6 },
        { lang: 'chi_sim', psm: 4 },
      ]
    : [{ lang: 'chi_sim', psm: 4 }];
}

/** OCR one image with one pass. */
export async function ocr(pngPath: string, pass: OcrPass): Promise<string> {
  const args = [pngPath, '-', '-l', pass.lang, '--psm', String(pass.psm)];
  const { stdout } = await run('tesseract', args, { maxBuffer: 4 << 20 });
  return stdout;
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** One headless Chromium that screenshots PDFs as its built-in viewer (pdfium) draws them. */
export class PdfiumShooter {
  private constructor(private readonly browser: Browser) {}

  static async launch(): Promise<PdfiumShooter> {
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
    return new PdfiumShooter(browser);
  }

  /**
   * Open the PDF in the viewer (toolbar hidden), wait for the viewer frame, then until the
   * plugin's paint has settled (two equal screenshots in a row showing the page); save the PNG.
   */
  async shoot(pdfPath: string, pngPath: string): Promise<void> {
    const page = await this.browser.newPage({ viewport: { width: 1000, height: 1414 }, deviceScaleFactor: 2 });
    try {
      const isViewer = (f: { url(): string }): boolean => f.url().startsWith('chrome-extension://');
      const frameEvent = page.waitForEvent('framenavigated', { predicate: isViewer, timeout: 60_000 });
      await page.goto(`file://${pdfPath}#toolbar=0&view=FitH`).catch(() => undefined);
      if (!page.frames().some(isViewer)) await frameEvent;
      frameEvent.catch(() => undefined);
      // The viewer's plugin loads and paints in its own process and tells the page nothing: take
      // shots until one shows the white page and the next is the same (the paint has settled).
      let previous: Buffer | null = null;
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        const shot = await page.screenshot({ path: pngPath });
        if (previous && shot.equals(previous) && paperFraction(shot) > 0.2) return;
        previous = shot;
      }
      throw new Error(`the PDF viewer never settled on ${pdfPath}`);
    } finally {
      await page.close();
    }
  }

  close(): Promise<void> {
    return this.browser.close();
  }
}
