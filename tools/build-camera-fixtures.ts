/**
 * Builds the emulated camera's frame sequences (tests/fixtures/camera/<scenario>/NN.jpg, described
 * in tests/fixtures/README.md) from the face crops in tests/fixtures/faces: 640×480 frames as a
 * kiosk's face camera would see them, three per scenario with small movements between them.
 *
 *   npx tsx tools/build-camera-fixtures.ts
 *
 * Scenarios: real-face (person a, webcam photo), no-face (the empty-hall crop), printed-photo
 * (person a on "paper": blurred, flattened, white border, held a little skewed), screen-replay
 * (person a on a "phone": scanlines, moiré, blue cast, black bezel), two-faces (b and c side by side).
 * The output is deterministic (no randomness), so re-running it changes nothing.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { decodeJpeg, encodeJpeg, place, readFixture, rephotograph, resize, tone, type Rgb } from './build-face-fixtures.js';

export const CAMERA_FIXTURE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'tests', 'fixtures', 'camera');

const W = 640;
const H = 480;

/** Pastes `img` scaled to `side` px tall, centred at (cx, cy), onto a copy of `frame`. */
function paste(frame: Rgb, img: Rgb, side: number, cx: number, cy: number): Rgb {
  const scaled = resize(img, Math.round((side * img.width) / img.height), side);
  const out = new Uint8Array(frame.data);
  const left = Math.round(cx - scaled.width / 2);
  const top = Math.round(cy - scaled.height / 2);
  for (let y = 0; y < scaled.height; y++) {
    const fy = top + y;
    if (fy < 0 || fy >= frame.height) continue;
    for (let x = 0; x < scaled.width; x++) {
      const fx = left + x;
      if (fx < 0 || fx >= frame.width) continue;
      const si = (y * scaled.width + x) * 3;
      out.set(scaled.data.subarray(si, si + 3), (fy * frame.width + fx) * 3);
    }
  }
  return { data: out, width: frame.width, height: frame.height };
}

/** A phone showing `img`: scanlines every other row, a moiré, a blue cast, inside a black bezel. */
function onScreen(img: Rgb): Rgb {
  const out = new Uint8Array(img.data.length);
  for (let y = 0; y < img.height; y++) {
    const line = y % 2 === 0 ? 1 : 0.72;
    for (let x = 0; x < img.width; x++) {
      const i = (y * img.width + x) * 3;
      const moire = 12 * Math.sin((x * 0.9 - y * 0.35) * 1.3);
      const rgb = [0.85, 0.95, 1.15];
      for (let c = 0; c < 3; c++)
        out[i + c] = Math.max(0, Math.min(255, Math.round((img.data[i + c] ?? 0) * line * (rgb[c] ?? 1) + 18 + moire)));
    }
  }
  const bezel = Math.round(img.width * 0.1);
  const w = img.width + 2 * bezel;
  const h = img.height + 4 * bezel;
  const framed = new Uint8Array(w * h * 3).fill(12);
  for (let y = 0; y < img.height; y++)
    framed.set(out.subarray(y * img.width * 3, (y + 1) * img.width * 3), ((y + 2 * bezel) * w + bezel) * 3);
  return { data: framed, width: w, height: h };
}

/** Shears `img` horizontally by `k` px per row (a print held a little skewed), on white. */
function skew(img: Rgb, k: number): Rgb {
  const extra = Math.ceil(Math.abs(k) * img.height);
  const w = img.width + extra;
  const out = new Uint8Array(w * img.height * 3).fill(235);
  for (let y = 0; y < img.height; y++) {
    const shift = Math.round(k >= 0 ? k * y : extra + k * y);
    out.set(img.data.subarray(y * img.width * 3, (y + 1) * img.width * 3), (y * w + shift) * 3);
  }
  return { data: out, width: w, height: img.height };
}

/** Three small movements: centre offsets and a brightness change, as between webcam frames. */
const MOVES = [
  { dx: 0, dy: 0, gain: 1 },
  { dx: 9, dy: 4, gain: 1.04 },
  { dx: -7, dy: -3, gain: 0.97 },
] as const;

export function scenarioFrames(): Record<string, Rgb[]> {
  const face = (f: string): Rgb => decodeJpeg(readFixture(f));
  const a = face('a1.jpg');
  const b = face('b.jpg');
  const c = face('c.jpg');
  const empty = face('no-face.jpg');
  const printed = skew(rephotograph(face('a3.jpg')), 0.06);
  const screen = onScreen(a);
  const blank = place({ data: new Uint8Array(3), width: 1, height: 1 }, W, H, 1, -10, -10);
  return {
    'real-face': MOVES.map((m) => tone(place(a, W, H, 250, W / 2 + m.dx, H / 2 + m.dy), m.gain, 0)),
    'no-face': MOVES.map((m) => tone(paste(blank, empty, 170, W / 2 + m.dx, 110 + m.dy), m.gain, 0)),
    'printed-photo': MOVES.map((m) => tone(place(printed, W, H, 280, W / 2 + m.dx, H / 2 + m.dy), m.gain, 0)),
    'screen-replay': MOVES.map((m) => tone(place(screen, W, H, 330, W / 2 + m.dx, H / 2 + m.dy), m.gain, 0)),
    'two-faces': MOVES.map((m) =>
      tone(paste(paste(blank, b, 200, 190 + m.dx, H / 2 + m.dy), c, 200, 450 + m.dx, H / 2 - m.dy), m.gain, 0),
    ),
  };
}

function build(): void {
  rmSync(CAMERA_FIXTURE_DIR, { recursive: true, force: true });
  let n = 0;
  for (const [scenario, frames] of Object.entries(scenarioFrames())) {
    const dir = join(CAMERA_FIXTURE_DIR, scenario);
    mkdirSync(dir, { recursive: true });
    frames.forEach((f, i) => {
      writeFileSync(join(dir, `${String(i + 1).padStart(2, '0')}.jpg`), encodeJpeg(f, 85));
      n++;
    });
  }
  process.stdout.write(`build-camera-fixtures: ${n} frames in ${CAMERA_FIXTURE_DIR}\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) build();
