/**
 * Scanning a material with the emulated document camera (main/features/materials/material-scan.ts):
 * pages captured from the `doc-pages` scenario through the real MJPEG splitter, corrected, and put
 * into one PDF under the size cap, which poppler (`pdfinfo`) reads as A4 pages; the blank and dark
 * scenarios and an unplugged camera come back as typed failures.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PDFDocument } from 'pdf-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { CameraEmulator, type CameraScenario } from '../../../../../drivers/camera/camera-emulator.js';
import type { CaptureSession } from '../../../../../drivers/camera/camera.js';
import { capturePage, materialPdf, type ScannedPage } from '../../../../../main/features/materials/material-scan.js';

const run = promisify(execFile);
const FRAMES = join(import.meta.dirname, '..', '..', '..', '..', 'fixtures', 'camera');
const work = mkdtempSync(join(tmpdir(), 'yimen-material-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function open(scenario: CameraScenario): Promise<{ emu: CameraEmulator; session: CaptureSession }> {
  const emu = new CameraEmulator({ scenario, framesDir: FRAMES, fps: 10, holdFrames: 1 });
  const r = await emu.open();
  if (!r.ok) throw new Error(r.error.message);
  return { emu, session: r.value };
}

const scanned: ScannedPage[] = [];

describe('capturePage on the emulated document camera', () => {
  it('doc-pages: two captures give two corrected A4 pages with text on them', async () => {
    const { session } = await open('doc-pages');
    try {
      for (let i = 0; i < 2; i++) {
        const r = await capturePage(session, { dpi: 150 });
        if (!r.ok) throw new Error(r.error.message);
        expect([r.value.width, r.value.height, r.value.dpi]).toEqual([1240, 1754, 150]);
        expect(r.value.ink).toBeGreaterThan(0.005);
        scanned.push(r.value);
      }
    } finally {
      await session.close();
    }
  }, 60_000);

  it.each([
    ['doc-blank', 'page-blank'],
    ['doc-dark', 'page-too-dark'],
  ] as const)('%s: %s', async (scenario, code) => {
    const { session } = await open(scenario);
    try {
      const r = await capturePage(session);
      expect(r.ok ? null : r.error.code).toBe(code);
    } finally {
      await session.close();
    }
  });

  it('a camera pulled out mid-capture: camera-unplugged', async () => {
    const { emu, session } = await open('doc-pages');
    emu.unplug();
    const r = await capturePage(session);
    expect(r.ok ? null : r.error.code).toBe('camera-unplugged');
  });
});

describe('materialPdf', () => {
  it('puts the pages into one PDF of A4 pages that poppler reads', async () => {
    if (scanned.length !== 2) throw new Error('the capture test did not run first');
    const r = await materialPdf(scanned, { title: '房屋租赁合同' });
    if (!r.ok) throw new Error(r.error.message);
    expect({ pages: r.value.pages, quality: r.value.quality, dpi: r.value.dpi }).toEqual({ pages: 2, quality: 80, dpi: 150 });
    const doc = await PDFDocument.load(r.value.pdf);
    expect(doc.getPageCount()).toBe(2);
    for (const page of doc.getPages()) {
      expect(page.getWidth()).toBeCloseTo(595.28, 0);
      expect(page.getHeight()).toBeCloseTo(841.89, 0);
    }
    const file = join(work, 'material.pdf');
    writeFileSync(file, r.value.pdf);
    const { stdout } = await run('pdfinfo', [file]);
    expect(stdout).toMatch(/^Pages:\s+2$/m);
    expect(stdout).toMatch(/^Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)$/m);
    const images = await run('pdfimages', ['-list', file]);
    // Two images, one per page, 1240×1754 grey JPEG (DCT) at 150 ppi.
    const rows = images.stdout.split('\n').filter((l) => /\bimage\b/.test(l));
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row).toMatch(/\s1240\s+1754\s+gray\s+1\s+8\s+jpeg\s.*\s150\s+150\s/);
  });

  it('over the cap: re-encoded smaller until it fits, and refused when it never does', async () => {
    const full = await materialPdf(scanned);
    if (!full.ok) throw new Error(full.error.message);
    const cap = Math.floor(full.value.pdf.length * 0.8);
    const smaller = await materialPdf(scanned, { maxPdfBytes: cap });
    if (!smaller.ok) throw new Error(smaller.error.message);
    expect(smaller.value.pdf.length).toBeLessThanOrEqual(cap);
    expect(smaller.value.quality).toBeLessThan(80);
    expect((await PDFDocument.load(smaller.value.pdf)).getPageCount()).toBe(2);
    const refused = await materialPdf(scanned, { maxPdfBytes: 10_000 });
    expect(refused.ok ? null : refused.error.code).toBe('material-too-large');
  });

  it('no page, or more than the most pages: refused', async () => {
    expect(await materialPdf([]).then((r) => (r.ok ? null : r.error.code))).toBe('material-empty');
    const many = Array.from({ length: 3 }, () => scanned[0] as ScannedPage);
    expect(await materialPdf(many, { maxPages: 2 }).then((r) => (r.ok ? null : r.error.code))).toBe('material-too-many-pages');
  });
});
