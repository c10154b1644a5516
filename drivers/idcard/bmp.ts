/**
 * The BMP a vendor's WLT decoder writes (the ID card's photo: 102 × 126, 24-bit, bottom-up rows
 * padded to 4 bytes). Parses uncompressed 24- and 32-bit BMPs (BITMAPINFOHEADER or later), top-down
 * or bottom-up, into packed RGBA; anything else is a typed error, never a throw: the bytes come
 * from a vendor's program.
 */
import { err, ok, type Result } from '../../common/result.js';

export interface BmpImage {
  data: Uint8Array;
  width: number;
  height: number;
}

export type BmpErrorCode = 'bmp-not-bmp' | 'bmp-unsupported' | 'bmp-truncated' | 'bmp-too-large';

/** A card photo is 102 × 126; a decoder's output beyond this is not a photo. */
const MAX_PIXELS = 4096 * 4096;

export function parseBmp(bytes: Uint8Array): Result<BmpImage, BmpErrorCode> {
  if (bytes.length < 54 || bytes[0] !== 0x42 || bytes[1] !== 0x4d) return err('bmp-not-bmp', 'not a BMP (no "BM" header)');
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const offset = v.getUint32(10, true);
  const headerSize = v.getUint32(14, true);
  if (headerSize < 40) return err('bmp-unsupported', `BMP info header of ${headerSize} bytes (OS/2 BMPs are not supported)`);
  const width = v.getInt32(18, true);
  const rawHeight = v.getInt32(22, true);
  const planes = v.getUint16(26, true);
  const bpp = v.getUint16(28, true);
  const compression = v.getUint32(30, true);
  if (planes !== 1 || (bpp !== 24 && bpp !== 32) || (compression !== 0 && !(compression === 3 && bpp === 32)))
    return err('bmp-unsupported', `BMP with ${bpp} bits per pixel, compression ${compression}`);
  const height = Math.abs(rawHeight);
  if (width <= 0 || height <= 0) return err('bmp-unsupported', `BMP of ${width} × ${rawHeight}`);
  if (width * height > MAX_PIXELS) return err('bmp-too-large', `BMP of ${width} × ${height}`);
  const bytesPerPixel = bpp / 8;
  const stride = Math.ceil((width * bytesPerPixel) / 4) * 4;
  if (offset < 14 + headerSize || offset + stride * (height - 1) + width * bytesPerPixel > bytes.length)
    return err('bmp-truncated', 'the BMP is shorter than its header says');
  const data = new Uint8Array(width * height * 4);
  const bottomUp = rawHeight > 0;
  for (let y = 0; y < height; y++) {
    const row = offset + (bottomUp ? height - 1 - y : y) * stride;
    for (let x = 0; x < width; x++) {
      const s = row + x * bytesPerPixel;
      const d = (y * width + x) * 4;
      // BMP stores blue, green, red (and an unused or alpha byte at 32 bits).
      data[d] = bytes[s + 2] ?? 0;
      data[d + 1] = bytes[s + 1] ?? 0;
      data[d + 2] = bytes[s] ?? 0;
      data[d + 3] = 255;
    }
  }
  return ok({ data, width, height });
}

/** Writes packed RGBA as a 24-bit bottom-up BMP (what decoders produce; for tests and fixtures). */
export function encodeBmp(img: BmpImage): Uint8Array {
  const stride = Math.ceil((img.width * 3) / 4) * 4;
  const size = 54 + stride * img.height;
  const out = new Uint8Array(size);
  const v = new DataView(out.buffer);
  out[0] = 0x42;
  out[1] = 0x4d;
  v.setUint32(2, size, true);
  v.setUint32(10, 54, true);
  v.setUint32(14, 40, true);
  v.setInt32(18, img.width, true);
  v.setInt32(22, img.height, true);
  v.setUint16(26, 1, true);
  v.setUint16(28, 24, true);
  v.setUint32(34, stride * img.height, true);
  for (let y = 0; y < img.height; y++) {
    const row = 54 + (img.height - 1 - y) * stride;
    for (let x = 0; x < img.width; x++) {
      const s = (y * img.width + x) * 4;
      out[row + x * 3] = img.data[s + 2] ?? 0;
      out[row + x * 3 + 1] = img.data[s + 1] ?? 0;
      out[row + x * 3 + 2] = img.data[s] ?? 0;
    }
  }
  return out;
}
