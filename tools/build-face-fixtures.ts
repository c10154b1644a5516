/**
 * Builds the face-check test fixtures (tests/fixtures/faces/, described in tests/fixtures/README.md)
 * by cropping faces from the demo images `@vladmandic/human` ships in its MIT-licensed package
 * (node_modules/@vladmandic/human/assets/). Each source is checked against its SHA-256 first, so
 * the crops are the same on every machine.
 *
 *   npx tsx tools/build-face-fixtures.ts
 *
 * Also exports the small pixel operations the identity tests and the benchmark use to make
 * camera-like frames out of the crops (placing, mirroring, brightness, re-photographing).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import jpeg from 'jpeg-js';

/** Packed RGB pixels. */
export interface Rgb {
  data: Uint8Array;
  width: number;
  height: number;
}

export const FIXTURE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'tests', 'fixtures', 'faces');

const SOURCES = {
  'screenshot-faceid.jpg': 'f6a844f20ffcde46007f01819c6be94d242cf8dd2b28f5bcc89a55f9cdbf28aa',
  'screenshot-facedetect.jpg': 'f5310f98bc9d6db7f1d4073b323ded78969b30941de24f48fb1579c7d9ce6e58',
  'screenshot-facematch.jpg': '0d3e56e29cf588faf2d5515f10ab18ad0f1bab4959b7e3cc885bd43f1d305465',
  'samples.jpg': 'cc08cc353cbb38beb0ac32a0900a92e78a3656acb477212ac360e3da6331bb9e',
} as const;
type Source = keyof typeof SOURCES;

export interface FixtureEntry {
  file: string;
  /** Who it shows, by visual judgment (no names): the same letter is the same person. */
  identity: string | null;
  source: Source;
  /** Crop rectangle in the source: x, y, width, height. */
  crop: [number, number, number, number];
  note: string;
}

/**
 * Rectangles around faces the detector found in the sources (face box widened to show the whole
 * head), or around a region with no face.
 */
export const FIXTURES: FixtureEntry[] = [
  {
    file: 'a1.jpg',
    identity: 'a',
    source: 'screenshot-faceid.jpg',
    crop: [10, 126, 146, 154],
    note: 'webcam photo of the package author (Face ID demo)',
  },
  {
    file: 'a2.jpg',
    identity: 'a',
    source: 'screenshot-facedetect.jpg',
    crop: [8, 346, 148, 150],
    note: 'the package author, from a group photo',
  },
  {
    file: 'a3.jpg',
    identity: 'a',
    source: 'screenshot-facematch.jpg',
    crop: [0, 26, 168, 168],
    note: 'the package author, "selected face" of the face-match demo',
  },
  { file: 'b.jpg', identity: 'b', source: 'screenshot-facedetect.jpg', crop: [164, 346, 148, 150], note: 'woman, dark hair' },
  { file: 'c.jpg', identity: 'c', source: 'screenshot-facedetect.jpg', crop: [322, 346, 148, 150], note: 'woman, blonde' },
  { file: 'd.jpg', identity: 'd', source: 'screenshot-facedetect.jpg', crop: [480, 346, 148, 150], note: 'woman, brown hair' },
  {
    file: 'e.jpg',
    identity: 'e',
    source: 'screenshot-facedetect.jpg',
    crop: [634, 346, 148, 150],
    note: 'woman, black-and-white photo',
  },
  {
    file: 'two-faces.jpg',
    identity: null,
    source: 'screenshot-facedetect.jpg',
    crop: [164, 346, 306, 150],
    note: 'b and c side by side',
  },
  { file: 'no-face.jpg', identity: null, source: 'samples.jpg', crop: [600, 200, 400, 150], note: 'ceiling and lamps, no face' },
];

export function decodeJpeg(bytes: Uint8Array): Rgb {
  const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false, maxResolutionInMP: 24, maxMemoryUsageInMB: 256 });
  return { data: img.data, width: img.width, height: img.height };
}

export function encodeJpeg(img: Rgb, quality = 92): Buffer {
  const rgba = new Uint8Array(img.width * img.height * 4);
  for (let i = 0, j = 0; i < img.data.length; i += 3, j += 4) {
    rgba[j] = img.data[i] ?? 0;
    rgba[j + 1] = img.data[i + 1] ?? 0;
    rgba[j + 2] = img.data[i + 2] ?? 0;
    rgba[j + 3] = 255;
  }
  return jpeg.encode({ data: rgba, width: img.width, height: img.height }, quality).data;
}

export function crop(img: Rgb, [x0, y0, w, h]: readonly [number, number, number, number]): Rgb {
  const out = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    const sy = Math.min(img.height - 1, Math.max(0, y0 + y));
    for (let x = 0; x < w; x++) {
      const sx = Math.min(img.width - 1, Math.max(0, x0 + x));
      const si = (sy * img.width + sx) * 3;
      const di = (y * w + x) * 3;
      out[di] = img.data[si] ?? 0;
      out[di + 1] = img.data[si + 1] ?? 0;
      out[di + 2] = img.data[si + 2] ?? 0;
    }
  }
  return { data: out, width: w, height: h };
}

/** Bilinear resampling to `w`×`h`. */
export function resize(img: Rgb, w: number, h: number): Rgb {
  const out = new Uint8Array(w * h * 3);
  const px = (x: number, y: number, c: number) => img.data[(y * img.width + x) * 3 + c] ?? 0;
  for (let y = 0; y < h; y++) {
    const fy = Math.max(0, ((y + 0.5) * img.height) / h - 0.5);
    const y0 = Math.min(img.height - 1, Math.floor(fy));
    const y1 = Math.min(img.height - 1, y0 + 1);
    const dy = fy - y0;
    for (let x = 0; x < w; x++) {
      const fx = Math.max(0, ((x + 0.5) * img.width) / w - 0.5);
      const x0 = Math.min(img.width - 1, Math.floor(fx));
      const x1 = Math.min(img.width - 1, x0 + 1);
      const dx = fx - x0;
      for (let c = 0; c < 3; c++) {
        const top = px(x0, y0, c) * (1 - dx) + px(x1, y0, c) * dx;
        const bottom = px(x0, y1, c) * (1 - dx) + px(x1, y1, c) * dx;
        out[(y * w + x) * 3 + c] = Math.round(top * (1 - dy) + bottom * dy);
      }
    }
  }
  return { data: out, width: w, height: h };
}

export function mirror(img: Rgb): Rgb {
  const out = new Uint8Array(img.data.length);
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      const si = (y * img.width + x) * 3;
      const di = (y * img.width + (img.width - 1 - x)) * 3;
      out[di] = img.data[si] ?? 0;
      out[di + 1] = img.data[si + 1] ?? 0;
      out[di + 2] = img.data[si + 2] ?? 0;
    }
  }
  return { data: out, width: img.width, height: img.height };
}

/** Each channel mapped through `v → v·gain + offset`, clamped. */
export function tone(img: Rgb, gain: number, offset: number): Rgb {
  const out = new Uint8Array(img.data.length);
  for (let i = 0; i < img.data.length; i++) out[i] = Math.max(0, Math.min(255, Math.round((img.data[i] ?? 0) * gain + offset)));
  return { data: out, width: img.width, height: img.height };
}

/** A camera-like frame: `img` scaled to `faceSide` px tall, placed at (cx, cy) on a soft grey gradient. */
export function place(img: Rgb, frameW: number, frameH: number, side: number, cx = frameW / 2, cy = frameH / 2): Rgb {
  const scaled = resize(img, Math.round((side * img.width) / img.height), side);
  const out = new Uint8Array(frameW * frameH * 3);
  for (let y = 0; y < frameH; y++) {
    for (let x = 0; x < frameW; x++) {
      const v = 90 + Math.round((60 * y) / frameH) + Math.round((20 * x) / frameW);
      out.set([v, v, v + 8], (y * frameW + x) * 3);
    }
  }
  const left = Math.round(cx - scaled.width / 2);
  const top = Math.round(cy - scaled.height / 2);
  for (let y = 0; y < scaled.height; y++) {
    const fy = top + y;
    if (fy < 0 || fy >= frameH) continue;
    for (let x = 0; x < scaled.width; x++) {
      const fx = left + x;
      if (fx < 0 || fx >= frameW) continue;
      const si = (y * scaled.width + x) * 3;
      out.set(scaled.data.subarray(si, si + 3), (fy * frameW + fx) * 3);
    }
  }
  return { data: out, width: frameW, height: frameH };
}

/**
 * A "printed photo / phone replay" stand-in: the face re-photographed — downscaled and blown up
 * again (blur), flattened (low contrast, lifted blacks), with a moiré of fine stripes, inside a
 * white border as a print or a phone bezel would show.
 */
export function rephotograph(img: Rgb): Rgb {
  const soft = resize(
    resize(img, Math.max(16, Math.round(img.width / 3)), Math.max(16, Math.round(img.height / 3))),
    img.width,
    img.height,
  );
  const flat = tone(soft, 0.6, 70);
  const out = new Uint8Array(flat.data.length);
  for (let y = 0; y < flat.height; y++) {
    for (let x = 0; x < flat.width; x++) {
      const i = (y * flat.width + x) * 3;
      const moire = Math.round(10 * Math.sin((x + 0.7 * y) * 1.9));
      for (let c = 0; c < 3; c++) out[i + c] = Math.max(0, Math.min(255, (flat.data[i + c] ?? 0) + moire));
    }
  }
  const border = Math.round(img.width * 0.08);
  const w = img.width + 2 * border;
  const h = img.height + 2 * border;
  const framed = new Uint8Array(w * h * 3).fill(245);
  for (let y = 0; y < img.height; y++)
    framed.set(out.subarray(y * img.width * 3, (y + 1) * img.width * 3), ((y + border) * w + border) * 3);
  return { data: framed, width: w, height: h };
}

export function readFixture(file: string): Buffer {
  return readFileSync(join(FIXTURE_DIR, file));
}

async function build(): Promise<void> {
  const require = createRequire(import.meta.url);
  const assets = join(dirname(require.resolve('@vladmandic/human')), '..', 'assets');
  mkdirSync(FIXTURE_DIR, { recursive: true });
  const decoded = new Map<Source, Rgb>();
  for (const [name, sha] of Object.entries(SOURCES) as [Source, string][]) {
    const bytes = readFileSync(join(assets, name));
    const got = createHash('sha256').update(bytes).digest('hex');
    if (got !== sha) throw new Error(`${name}: sha256 ${got}, expected ${sha} (a different @vladmandic/human version?)`);
    decoded.set(name, decodeJpeg(bytes));
  }
  for (const f of FIXTURES) {
    const src = decoded.get(f.source);
    if (src === undefined) throw new Error(`no source ${f.source}`);
    writeFileSync(join(FIXTURE_DIR, f.file), encodeJpeg(crop(src, f.crop), 92));
  }
  const manifest = FIXTURES.map(({ file, identity, source, crop: c, note }) => ({ file, identity, source, crop: c, note }));
  const manifestPath = join(FIXTURE_DIR, 'manifest.json');
  const prettier = await import('prettier');
  const style = (await prettier.resolveConfig(manifestPath)) ?? {};
  writeFileSync(manifestPath, await prettier.format(JSON.stringify(manifest), { ...style, filepath: manifestPath }));
  process.stdout.write(`build-face-fixtures: ${FIXTURES.length} crops in ${FIXTURE_DIR}\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await build();
