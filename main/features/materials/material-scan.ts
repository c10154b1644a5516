/**
 * Scanning paper materials with the document camera (#16, first part): a frame from an open
 * capture session becomes a corrected page (drivers/camera/document: page found, flattened,
 * deskewed, cropped, cleaned for text, JPEG at the configured resolution), and the pages of one
 * material become one PDF (pdf-lib; each page a JPEG at its physical A4 size) under a size cap:
 * when the pages do not fit, they are re-encoded at lower quality, then lower resolution, and a
 * material that still does not fit is refused (`material-too-large`), never cut.
 *
 * Pages and PDFs stay in memory here; storing and uploading them is the later part of #16.
 */
import type Sharp from 'sharp';
import { once } from '../../../common/lazy.js';
import { err, ok, type Result } from '../../../common/result.js';
import type { CameraErrorCode, CaptureSession } from '../../../drivers/camera/camera.js';
import { processDocPage, withDensity, type DocPage, type DocPageErrorCode } from '../../../drivers/camera/document/doc-page.js';

export interface MaterialScanOptions {
  /** Resolution of a corrected page. */
  dpi: number;
  /** JPEG quality of a corrected page (1–100). */
  quality: number;
  /** Largest PDF of one material, bytes. */
  maxPdfBytes: number;
  /** Most pages in one material. */
  maxPages: number;
  /** How long to wait for a frame from the camera, ms. */
  frameTimeoutMs: number;
}

export const MATERIAL_SCAN_DEFAULTS: MaterialScanOptions = {
  dpi: 200,
  quality: 80,
  maxPdfBytes: 8 * 1024 * 1024,
  maxPages: 20,
  frameTimeoutMs: 3000,
};

/** One corrected page as a material holds it. */
export type ScannedPage = Pick<DocPage, 'jpeg' | 'width' | 'height' | 'dpi'>;

/** Takes the next frame of an open document-camera session and corrects it. */
export async function capturePage(
  session: CaptureSession,
  opts: Partial<MaterialScanOptions> = {},
): Promise<Result<DocPage, DocPageErrorCode | CameraErrorCode>> {
  const o = { ...MATERIAL_SCAN_DEFAULTS, ...opts };
  const frame = await session.nextFrame(o.frameTimeoutMs);
  if (!frame.ok) return frame;
  return processDocPage(frame.value.bytes, { dpi: o.dpi, quality: o.quality });
}

export type MaterialPdfErrorCode = 'material-empty' | 'material-too-many-pages' | 'material-too-large';

export interface MaterialPdf {
  pdf: Uint8Array;
  pages: number;
  /** The JPEG quality and resolution the pages were stored at (lower than asked when the cap made it so). */
  quality: number;
  dpi: number;
}

/** sharp (libvips) is loaded at the first image, not with the kiosk's start-up (#18.7). */
const loadSharp = once(async (): Promise<typeof Sharp> => (await import('sharp')).default);

/** The steps tried, in order, until the PDF fits: [quality, share of the resolution]. */
const STEPS: readonly (readonly [number | null, number])[] = [
  [null, 1],
  [60, 1],
  [50, 0.75],
  [40, 0.5],
];

/** The pages of one material as one PDF no larger than `maxPdfBytes`. */
export async function materialPdf(
  pages: readonly ScannedPage[],
  opts: Partial<Pick<MaterialScanOptions, 'maxPdfBytes' | 'maxPages' | 'quality'>> & { title?: string } = {},
): Promise<Result<MaterialPdf, MaterialPdfErrorCode>> {
  const maxBytes = opts.maxPdfBytes ?? MATERIAL_SCAN_DEFAULTS.maxPdfBytes;
  const maxPages = opts.maxPages ?? MATERIAL_SCAN_DEFAULTS.maxPages;
  const quality = opts.quality ?? MATERIAL_SCAN_DEFAULTS.quality;
  if (pages.length === 0) return err('material-empty', 'a material needs at least one page');
  if (pages.length > maxPages) return err('material-too-many-pages', `${pages.length} pages; at most ${maxPages}`);
  let smallest = Infinity;
  for (const [q, share] of STEPS) {
    const stepPages = q === null ? pages : await Promise.all(pages.map((p) => reencode(p, q, share)));
    const pdf = await assemble(stepPages, opts.title);
    smallest = Math.min(smallest, pdf.length);
    if (pdf.length <= maxBytes)
      return ok({ pdf, pages: pages.length, quality: q ?? quality, dpi: (stepPages[0] as ScannedPage).dpi });
  }
  return err(
    'material-too-large',
    `the material's ${pages.length} pages need ${smallest} bytes at the least; the cap is ${maxBytes}`,
  );
}

async function reencode(page: ScannedPage, quality: number, share: number): Promise<ScannedPage> {
  const width = Math.max(1, Math.round(page.width * share));
  const height = Math.max(1, Math.round(page.height * share));
  const dpi = Math.round(page.dpi * share);
  const sharp = await loadSharp();
  let img = sharp(page.jpeg);
  if (share !== 1) img = img.resize(width, height);
  const jpeg = await img.toColourspace('b-w').jpeg({ quality }).toBuffer();
  return { jpeg: withDensity(jpeg, dpi), width, height, dpi };
}

async function assemble(pages: readonly ScannedPage[], title: string | undefined): Promise<Uint8Array> {
  // pdf-lib on first use: it is a large share of the kiosk's start-up otherwise (cold start, #18.7).
  const { PDFDocument } = await import('pdf-lib');
  const pdf = await PDFDocument.create();
  if (title !== undefined) pdf.setTitle(title);
  pdf.setProducer('yimen');
  pdf.setCreationDate(new Date(0));
  pdf.setModificationDate(new Date(0));
  for (const p of pages) {
    const image = await pdf.embedJpg(p.jpeg);
    // The page's physical size: pixels at its resolution, in points (1/72 inch).
    const w = (p.width / p.dpi) * 72;
    const h = (p.height / p.dpi) * 72;
    pdf.addPage([w, h]).drawImage(image, { x: 0, y: 0, width: w, height: h });
  }
  return pdf.save({ useObjectStreams: false });
}
