/**
 * The little pixel work the camera layer does in JavaScript (jpeg-js, pure JS, with resolution and
 * memory limits): decode a frame to RGBA for the face check, and downscale a frame for the preview
 * where ffmpeg does not do it (the emulator).
 */
import jpeg from 'jpeg-js';

export interface RgbaImage {
  data: Uint8Array;
  width: number;
  height: number;
  format: 'rgba';
}

/** Decoding limits: a 5 MP document camera frame fits, a hostile 200 MP header does not. */
const LIMITS = { maxResolutionInMP: 24, maxMemoryUsageInMB: 256 } as const;

/** Decodes a JPEG frame to packed RGBA (the `FaceFrame` shape of the face check). Throws on a broken JPEG. */
export function decodeJpeg(bytes: Uint8Array): RgbaImage {
  const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, ...LIMITS });
  return { data: img.data, width: img.width, height: img.height, format: 'rgba' };
}

/** Encodes packed RGBA as JPEG. */
export function encodeJpeg(img: { data: Uint8Array; width: number; height: number }, quality = 80): Uint8Array {
  return new Uint8Array(jpeg.encode({ data: img.data, width: img.width, height: img.height }, quality).data);
}

/** Box-filtered downscale of packed RGBA to `width` × `height` (both no larger than the source). */
export function resizeRgba(img: { data: Uint8Array; width: number; height: number }, width: number, height: number): RgbaImage {
  const out = new Uint8Array(width * height * 4);
  const sx = img.width / width;
  const sy = img.height / height;
  for (let y = 0; y < height; y++) {
    const y0 = Math.floor(y * sy);
    const y1 = Math.max(y0 + 1, Math.floor((y + 1) * sy));
    for (let x = 0; x < width; x++) {
      const x0 = Math.floor(x * sx);
      const x1 = Math.max(x0 + 1, Math.floor((x + 1) * sx));
      let r = 0;
      let g = 0;
      let b = 0;
      let n = 0;
      for (let yy = y0; yy < y1; yy++) {
        let i = (yy * img.width + x0) * 4;
        for (let xx = x0; xx < x1; xx++, i += 4) {
          r += img.data[i] as number;
          g += img.data[i + 1] as number;
          b += img.data[i + 2] as number;
          n++;
        }
      }
      const o = (y * width + x) * 4;
      out[o] = r / n;
      out[o + 1] = g / n;
      out[o + 2] = b / n;
      out[o + 3] = 255;
    }
  }
  return { data: out, width, height, format: 'rgba' };
}

/** A JPEG no wider than `maxWidth` (aspect kept, even height); the input itself when already small enough. */
export function downscaleJpeg(
  bytes: Uint8Array,
  maxWidth: number,
  quality = 70,
): { bytes: Uint8Array; width: number; height: number } {
  const img = decodeJpeg(bytes);
  if (img.width <= maxWidth) return { bytes, width: img.width, height: img.height };
  const width = maxWidth;
  const height = Math.max(2, Math.round((img.height * maxWidth) / img.width / 2) * 2);
  const small = resizeRgba(img, width, height);
  return { bytes: encodeJpeg(small, quality), width, height };
}
