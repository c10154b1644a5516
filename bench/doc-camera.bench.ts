/**
 * The document camera (#16, docs/materials.md).
 *
 * 1. Capture → corrected preview: the emulated document camera (doc-pages: the photographed
 *    contract and school letter, 2592×1944) plays through the real MJPEG splitter; for each frame
 *    taken, the time from the frame in hand to the corrected 480 px preview (previewDocPage: half-
 *    size decode, find the sheet, warp, clean, encode). Target p95 ≤ 700 ms for a 5 MP frame.
 *    Also the full corrected page (processDocPage: A4 at 200 dpi, plus its preview) from the same frames.
 * 2. The stages of the full page on one frame (medians).
 * 3. Memory while processing 20 pages one after another and keeping them (as a 20-page material
 *    would), then building their PDF: heap and RSS after a GC after each page, and the growth from
 *    page 5 to page 20 beyond the pages kept (target: flat).
 * 4. Why sharp: decoding and encoding the same frames with jpeg-js (pure JS, already a dependency)
 *    against sharp (libvips).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import sharp from 'sharp';
import { CameraEmulator } from '../drivers/camera/camera-emulator.js';
import { decodeGrey, pageSize, previewDocPage, processDocPage } from '../drivers/camera/document/doc-page.js';
import { homography, rectQuad, shrinkGrey, warpGrey } from '../drivers/camera/document/geometry.js';
import { cleanPage } from '../drivers/camera/document/page-clean.js';
import { detectPage } from '../drivers/camera/document/page-detect.js';
import { decodeJpeg, encodeJpeg } from '../drivers/camera/jpeg-tools.js';
import { materialPdf, type ScannedPage } from '../main/features/materials/material-scan.js';
import { defaultFramesDir } from '../main/devices/camera-device.js';
import { median, percentile, round, type BenchReport } from './bench-kit.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const CAPTURES = 30;
const PAGES = 20;
const MB = 1024 * 1024;

function framesDir(): string {
  const dir = defaultFramesDir();
  if (dir === undefined) throw new Error('tests/fixtures/camera is missing');
  return dir;
}

async function captureToPreview(): Promise<{ preview: number[]; full: number[] }> {
  const emu = new CameraEmulator({ scenario: 'doc-pages', framesDir: framesDir(), fps: 10, holdFrames: 1 });
  const opened = await emu.open();
  if (!opened.ok) throw new Error(opened.error.message);
  const session = opened.value;
  const preview: number[] = [];
  const full: number[] = [];
  try {
    for (let i = 0; i < CAPTURES + 3; i++) {
      const frame = await session.nextFrame(5000);
      if (!frame.ok) throw new Error(frame.error.message);
      let t0 = performance.now();
      const small = await previewDocPage(frame.value.bytes);
      const tPreview = performance.now() - t0;
      if (!small.ok) throw new Error(small.error.message);
      t0 = performance.now();
      const page = await processDocPage(frame.value.bytes, { dpi: 200 });
      const tFull = performance.now() - t0;
      if (!page.ok) throw new Error(page.error.message);
      // The first few warm up sharp and the JIT.
      if (i >= 3) {
        preview.push(tPreview);
        full.push(tFull);
      }
    }
  } finally {
    await session.close();
  }
  return { preview, full };
}

async function stages(frame: Uint8Array): Promise<Record<string, number>> {
  const samples: Record<string, number[]> = { decode: [], find: [], warp: [], clean: [], encode: [] };
  for (let i = 0; i < 10; i++) {
    let t = performance.now();
    const lap = (name: string): void => {
      const now = performance.now();
      samples[name]?.push(now - t);
      t = now;
    };
    const g = await decodeGrey(frame);
    if (!g.ok) throw new Error(g.error.message);
    lap('decode');
    const found = detectPage(shrinkGrey(g.value, 4), { scale: 4 });
    if (!found.ok) throw new Error(found.error.message);
    lap('find');
    const { width, height } = pageSize(found.value.corners, 200);
    const flat = warpGrey(g.value, homography(rectQuad(width, height), found.value.corners), width, height, 255);
    lap('warp');
    const clean = cleanPage(flat, { block: 50 });
    lap('clean');
    const raw = { raw: { width, height, channels: 1 as const } };
    await Promise.all([
      sharp(clean.data, raw).toColourspace('b-w').jpeg({ quality: 80 }).toBuffer(),
      sharp(clean.data, raw).resize({ width: 480 }).toColourspace('b-w').jpeg({ quality: 70 }).toBuffer(),
    ]);
    lap('encode');
  }
  return Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, round(median(v), 1)]));
}

async function memory(
  frames: Uint8Array[],
): Promise<{ heapMb: number[]; rssMb: number[]; keptMb: number; pdfBytes: number; pdfMs: number }> {
  const kept: ScannedPage[] = [];
  const heapMb: number[] = [];
  const rssMb: number[] = [];
  for (let i = 0; i < PAGES; i++) {
    const r = await processDocPage(frames[i % frames.length] as Uint8Array, { dpi: 200 });
    if (!r.ok) throw new Error(r.error.message);
    kept.push({ jpeg: r.value.jpeg, width: r.value.width, height: r.value.height, dpi: r.value.dpi });
    gc();
    gc();
    const m = process.memoryUsage();
    heapMb.push(round((m.heapUsed + m.arrayBuffers) / MB, 1));
    rssMb.push(round(m.rss / MB, 1));
  }
  const keptMb = kept.reduce((n, p) => n + p.jpeg.length, 0) / MB;
  const t0 = performance.now();
  const pdf = await materialPdf(kept, { maxPdfBytes: 64 * MB });
  const pdfMs = performance.now() - t0;
  if (!pdf.ok) throw new Error(pdf.error.message);
  return { heapMb, rssMb, keptMb: round(keptMb, 2), pdfBytes: pdf.value.pdf.length, pdfMs: round(pdfMs, 0) };
}

async function codecs(
  frame: Uint8Array,
): Promise<{ jpegJsDecode: number; sharpDecode: number; jpegJsEncode: number; sharpEncode: number }> {
  const t = async (f: () => unknown): Promise<number> => {
    const ms: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      await f();
      ms.push(performance.now() - t0);
    }
    return round(median(ms), 0);
  };
  const page = { width: 1654, height: 2339 };
  const rgba = new Uint8Array(page.width * page.height * 4).fill(230);
  const grey = new Uint8Array(page.width * page.height).fill(230);
  return {
    jpegJsDecode: await t(() => decodeJpeg(frame)),
    sharpDecode: await t(() => decodeGrey(frame)),
    jpegJsEncode: await t(() => encodeJpeg({ data: rgba, ...page }, 80)),
    sharpEncode: await t(() =>
      sharp(grey, { raw: { ...page, channels: 1 } })
        .toColourspace('b-w')
        .jpeg({ quality: 80 })
        .toBuffer(),
    ),
  };
}

export async function bench(): Promise<BenchReport> {
  const dir = join(framesDir(), 'doc-pages');
  const frames = ['01-rental-contract.jpg', '02-school-letter.jpg'].map((f) => new Uint8Array(readFileSync(join(dir, f))));
  const first = frames[0] as Uint8Array;
  const capture = await captureToPreview();
  const st = await stages(first);
  const mem = await memory(frames);
  const c = await codecs(first);
  const p95 = percentile(capture.preview, 95);
  // Growth beyond the pages kept: heap (incl. array buffers) from page 5 to page 20, minus what the kept JPEGs add.
  const perPage = mem.keptMb / PAGES;
  const growth = (mem.heapMb[PAGES - 1] ?? 0) - (mem.heapMb[4] ?? 0) - perPage * (PAGES - 5);
  const rssGrowth = (mem.rssMb[PAGES - 1] ?? 0) - (mem.rssMb[4] ?? 0);
  return {
    name: 'doc-camera',
    description:
      'Document camera: capture → corrected 480 px preview and → full corrected page (A4 200 dpi) for 5 MP frames from the emulated doc camera, the stages, ' +
      'memory over 20 pages kept for one material (after GC), the 20-page PDF, and jpeg-js vs sharp on the same frames.',
    rows: [
      {
        metric: 'capture → corrected preview (2592×1944 → 480×679), median',
        value: round(median(capture.preview), 0),
        unit: 'ms',
      },
      { metric: 'capture → corrected preview, p95', value: round(p95, 0), unit: 'ms', target: '≤ 700 ms', met: p95 <= 700 },
      {
        metric: 'capture → full corrected page (A4 200 dpi + preview), median',
        value: round(median(capture.full), 0),
        unit: 'ms',
      },
      { metric: 'capture → full corrected page, p95', value: round(percentile(capture.full, 95), 0), unit: 'ms' },
      { metric: 'stage: decode 5 MP grey (sharp), median', value: st.decode ?? 0, unit: 'ms' },
      { metric: 'stage: find the sheet (648×486 view), median', value: st.find ?? 0, unit: 'ms' },
      { metric: 'stage: perspective warp to 1654×2339, median', value: st.warp ?? 0, unit: 'ms' },
      { metric: 'stage: contrast cleanup, median', value: st.clean ?? 0, unit: 'ms' },
      { metric: 'stage: encode page + preview (sharp), median', value: st.encode ?? 0, unit: 'ms' },
      {
        metric: '20 pages: heap growth page 5→20 beyond the pages kept',
        value: round(growth, 1),
        unit: 'MB',
        target: 'flat (≤ 5 MB)',
        met: growth <= 5,
      },
      { metric: '20 pages: RSS growth page 5→20', value: round(rssGrowth, 1), unit: 'MB' },
      { metric: '20 pages: corrected JPEGs kept', value: mem.keptMb, unit: 'MB' },
      { metric: '20-page material PDF', value: round(mem.pdfBytes / MB, 2), unit: 'MB' },
      { metric: '20-page material PDF build', value: mem.pdfMs, unit: 'ms' },
      { metric: 'jpeg-js decode 5 MP (RGBA), median', value: c.jpegJsDecode, unit: 'ms' },
      { metric: 'sharp decode 5 MP (grey), median', value: c.sharpDecode, unit: 'ms' },
      { metric: 'jpeg-js encode 1654×2339, median', value: c.jpegJsEncode, unit: 'ms' },
      { metric: 'sharp encode 1654×2339 grey, median', value: c.sharpEncode, unit: 'ms' },
    ],
    raw: {
      previewMs: capture.preview.map((x) => round(x, 1)),
      fullMs: capture.full.map((x) => round(x, 1)),
      heapMb: mem.heapMb,
      rssMb: mem.rssMb,
    },
  };
}
