/**
 * One document-camera frame → one corrected page: decode (sharp/libvips, greyscale), find the
 * sheet (page-detect.ts), warp it flat and upright to A4 at the asked resolution (geometry.ts:
 * the perspective correction also removes the rotation, so the page comes out deskewed and
 * cropped to its edges), clean the contrast for text (page-clean.ts), encode as JPEG (with the
 * resolution in its header) plus a small preview.
 *
 * Typed failures: `bad-image` (not a JPEG, or larger than `maxPixels`), `page-not-found`,
 * `page-too-dark`, `page-blank` (a sheet with nothing on it). Frames stay in memory: nothing here
 * writes a file or logs a pixel.
 */
import type Sharp from 'sharp';
import { once } from '../../../common/lazy.js';
import { err, ok, type Result } from '../../../common/result.js';
import { homography, rectQuad, shrinkGrey, warpGrey, type GreyImage, type Point, type Quad } from './geometry.js';
import { cleanPage, inkFraction } from './page-clean.js';
import { detectPage, sheetRatio, type PageDetectErrorCode } from './page-detect.js';

export type DocPageErrorCode = PageDetectErrorCode | 'page-blank' | 'bad-image';

export interface DocPageOptions {
  /** Resolution of the corrected page. Default 200 dpi (A4: 1654×2339). */
  dpi?: number;
  /** JPEG quality of the corrected page, 1–100. Default 80. */
  quality?: number;
  /** Width of the preview JPEG. Default 480. */
  previewWidth?: number;
  /** Frames larger than this many pixels are refused (`bad-image`). Default 24 MP. */
  maxPixels?: number;
  /** A cleaned page with less ink than this fraction (inner 94 %) is `page-blank`. Default 0.001. */
  minInk?: number;
}

export interface DocPage {
  jpeg: Uint8Array;
  width: number;
  height: number;
  dpi: number;
  /** The sheet's corners in the frame (tl, tr, br, bl), pixels. */
  corners: Quad;
  /** Fraction of the cleaned page that is ink. */
  ink: number;
  preview: { jpeg: Uint8Array; width: number; height: number };
}

/** A4 in millimetres. */
const A4 = { short: 210, long: 297 } as const;

/** sharp (libvips) is loaded at the first image, not with the kiosk's start-up (#18.7). */
const loadSharp = once(async (): Promise<typeof Sharp> => (await import('sharp')).default);

/** Decodes a frame to one grey channel. */
export async function decodeGrey(jpeg: Uint8Array, maxPixels = 24_000_000): Promise<Result<GreyImage, 'bad-image'>> {
  const sharp = await loadSharp();
  try {
    const { data, info } = await sharp(jpeg, { limitInputPixels: maxPixels, failOn: 'error' })
      .greyscale()
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 1) return err('bad-image', `decoded to ${info.channels} channels`);
    return ok({ data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height });
  } catch (e) {
    return err('bad-image', `not a readable frame: ${(e as Error).message}`);
  }
}

/** The size of the corrected page in pixels: A4 when the sheet is near A4's shape, else its own shape at A4's long side. */
export function pageSize(corners: Quad, dpi: number): { width: number; height: number } {
  const d = (a: Point, b: Point): number => Math.hypot(a.x - b.x, a.y - b.y);
  const horizontal = (d(corners[0], corners[1]) + d(corners[3], corners[2])) / 2;
  const vertical = (d(corners[0], corners[3]) + d(corners[1], corners[2])) / 2;
  const ratio = sheetRatio(corners);
  const long = Math.round((A4.long / 25.4) * dpi);
  const short = Math.abs(ratio - Math.SQRT2) < 0.15 ? Math.round((A4.short / 25.4) * dpi) : Math.round(long / ratio);
  return vertical >= horizontal ? { width: short, height: long } : { width: long, height: short };
}

export async function processDocPage(jpeg: Uint8Array, opts: DocPageOptions = {}): Promise<Result<DocPage, DocPageErrorCode>> {
  const dpi = opts.dpi ?? 200;
  const quality = opts.quality ?? 80;
  const previewWidth = opts.previewWidth ?? 480;
  const decoded = await decodeGrey(jpeg, opts.maxPixels);
  if (!decoded.ok) return decoded;
  const frame = decoded.value;
  const factor = Math.max(1, Math.round(frame.width / 648));
  const found = detectPage(shrinkGrey(frame, factor), { scale: factor });
  if (!found.ok) return found;
  const corners = found.value.corners;
  const { width, height } = pageSize(corners, dpi);
  const flat = warpGrey(frame, homography(rectQuad(width, height), corners), width, height, 255);
  const clean = cleanPage(flat, { block: Math.max(16, Math.round(dpi / 4)) });
  const ink = inkFraction(inner(clean, 0.03));
  if (ink < (opts.minInk ?? 0.001)) return err('page-blank', `the page looks blank (ink on ${(ink * 100).toFixed(2)} % of it)`);
  const raw = { raw: { width, height, channels: 1 as const } };
  const sharp = await loadSharp();
  const [out, preview] = await Promise.all([
    // b-w: one grey channel in the JPEG (sharp writes three otherwise, and `withMetadata` too).
    sharp(clean.data, raw).toColourspace('b-w').jpeg({ quality }).toBuffer(),
    sharp(clean.data, raw)
      .resize({ width: previewWidth })
      .toColourspace('b-w')
      .jpeg({ quality: 70 })
      .toBuffer({ resolveWithObject: true }),
  ]);
  return ok({
    jpeg: withDensity(out, dpi),
    width,
    height,
    dpi,
    corners,
    ink,
    preview: { jpeg: new Uint8Array(preview.data), width: preview.info.width, height: preview.info.height },
  });
}

/**
 * The JPEG with a JFIF header saying its resolution (libvips writes none for a grey JPEG, and
 * its `withMetadata` turns the image to sRGB): an APP0 segment after the start-of-image marker,
 * replacing a JFIF segment already there.
 */
export function withDensity(jpeg: Uint8Array, dpi: number): Uint8Array {
  if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8) throw new RangeError('not a JPEG');
  const d = Math.max(1, Math.min(0xffff, Math.round(dpi)));
  const app0 = Uint8Array.from([
    0xff,
    0xe0,
    0x00,
    0x10,
    0x4a,
    0x46,
    0x49,
    0x46,
    0x00,
    0x01,
    0x01,
    0x01,
    d >> 8,
    d & 0xff,
    d >> 8,
    d & 0xff,
    0x00,
    0x00,
  ]);
  let rest = 2;
  const isJfif = jpeg[2] === 0xff && jpeg[3] === 0xe0 && String.fromCharCode(...jpeg.subarray(6, 10)) === 'JFIF';
  if (isJfif) rest = 4 + (((jpeg[4] as number) << 8) | (jpeg[5] as number));
  const out = new Uint8Array(2 + app0.length + jpeg.length - rest);
  out.set(jpeg.subarray(0, 2), 0);
  out.set(app0, 2);
  out.set(jpeg.subarray(rest), 2 + app0.length);
  return out;
}

export interface DocPreview {
  jpeg: Uint8Array;
  width: number;
  height: number;
  /** The sheet's corners in the full frame (tl, tr, br, bl), pixels. */
  corners: Quad;
}

/**
 * The corrected page, small, fast: for the citizen to see at once what the capture will give.
 * The frame is decoded at half size (libjpeg's DCT scaling: most of the decoding skipped), the
 * sheet found and warped straight to `width` px wide, cleaned; the same failures as
 * `processDocPage` (the full page is made from the same corners when the citizen keeps it).
 */
export async function previewDocPage(
  jpeg: Uint8Array,
  opts: Pick<DocPageOptions, 'previewWidth' | 'maxPixels' | 'minInk'> = {},
): Promise<Result<DocPreview, DocPageErrorCode>> {
  const previewWidth = opts.previewWidth ?? 480;
  let half: GreyImage;
  let fullWidth: number;
  const sharp = await loadSharp();
  try {
    const img = sharp(jpeg, { limitInputPixels: opts.maxPixels ?? 24_000_000, failOn: 'error' });
    const meta = await img.metadata();
    fullWidth = meta.width;
    const { data, info } = await img
      .resize({ width: Math.max(1, Math.round(fullWidth / 2)) })
      .greyscale()
      .raw()
      .toBuffer({ resolveWithObject: true });
    half = { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height };
  } catch (e) {
    return err('bad-image', `not a readable frame: ${(e as Error).message}`);
  }
  const toFull = fullWidth / half.width;
  const factor = Math.max(1, Math.round(half.width / 648));
  const found = detectPage(shrinkGrey(half, factor), { scale: factor });
  if (!found.ok) return found;
  const inHalf = found.value.corners;
  const a4 = pageSize(inHalf, 72);
  const width = a4.width < a4.height ? previewWidth : Math.round((previewWidth * a4.width) / a4.height);
  const height = Math.round((width * a4.height) / a4.width);
  const flat = warpGrey(half, homography(rectQuad(width, height), inHalf), width, height, 255);
  const clean = cleanPage(flat, { block: Math.max(12, Math.round(width / 30)) });
  const ink = inkFraction(inner(clean, 0.03));
  if (ink < (opts.minInk ?? 0.001)) return err('page-blank', `the page looks blank (ink on ${(ink * 100).toFixed(2)} % of it)`);
  const out = await sharp(clean.data, { raw: { width, height, channels: 1 } })
    .toColourspace('b-w')
    .jpeg({ quality: 70 })
    .toBuffer();
  const corners = inHalf.map((p) => ({ x: p.x * toFull, y: p.y * toFull })) as unknown as Quad;
  return ok({ jpeg: new Uint8Array(out), width, height, corners });
}

/** The image without a margin of `frac` of its size on every side. */
function inner(img: GreyImage, frac: number): GreyImage {
  const mx = Math.round(img.width * frac);
  const my = Math.round(img.height * frac);
  const width = img.width - 2 * mx;
  const height = img.height - 2 * my;
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++)
    data.set(img.data.subarray((y + my) * img.width + mx, (y + my) * img.width + mx + width), y * width);
  return { data, width, height };
}
