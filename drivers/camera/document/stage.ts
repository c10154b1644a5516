/**
 * "Photographs" a rendered page the way a document camera (高拍仪) sees it, for the emulated
 * document camera and the tests: the sheet lies on a darker stage, turned 4–9 degrees, seen a
 * little in perspective (each corner moved at random), lit unevenly (a gradient across the stage
 * and a soft shadow), with sensor noise, at the camera's resolution. Everything follows from the
 * seed, so a photograph is the same on every run, and the sheet's true corners are returned for
 * the tests.
 */
import { apply, homography, rectQuad, type GreyImage, type Point, type Quad } from './geometry.js';

export interface StageOptions {
  seed: number;
  /** Frame size. Default 2592×1944 (5 MP). */
  width?: number;
  height?: number;
  /** Overall light, 1 = a well-lit stage; 0.3 is a page too dark to read. Default 1. */
  exposure?: number;
  /** Largest turn of the sheet, degrees (at least 4°). Default 9. */
  maxTurnDeg?: number;
  /** The turn of the sheet, degrees (+ clockwise), instead of a random one. */
  turnDeg?: number;
}

export interface StagedPage {
  /** Packed RGB. */
  rgb: Uint8Array;
  width: number;
  height: number;
  /** The sheet's true corners in the frame (tl, tr, br, bl). */
  corners: Quad;
}

/** mulberry32: a small seeded generator, uniform in [0, 1). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Where the sheet lies: corners inside the frame with a margin, turned and skewed by the seed. */
export function stageCorners(
  rand: () => number,
  page: { width: number; height: number },
  frame: { width: number; height: number },
  maxTurnDeg = 9,
  turnDeg?: number,
): Quad {
  const between = (a: number, b: number): number => a + (b - a) * rand();
  const margin = 0.03 * frame.height;
  for (let attempt = 0; attempt < 1000; attempt++) {
    const h = frame.height * between(0.78, 0.88);
    const w = (h * page.width) / page.height;
    const cx = frame.width / 2 + between(-0.08, 0.08) * frame.width;
    const cy = frame.height / 2 + between(-0.03, 0.03) * frame.height;
    const random = (rand() < 0.5 ? -1 : 1) * between(4, Math.max(4, maxTurnDeg));
    const turn = ((turnDeg ?? random) * Math.PI) / 180;
    const keystone = between(0, 0.04) * w;
    const base: Point[] = [
      { x: -w / 2 + keystone, y: -h / 2 },
      { x: w / 2 - keystone, y: -h / 2 },
      { x: w / 2, y: h / 2 },
      { x: -w / 2, y: h / 2 },
    ];
    const corners = base.map((p) => {
      const jx = between(-0.02, 0.02) * h;
      const jy = between(-0.02, 0.02) * h;
      return {
        x: cx + (p.x * Math.cos(turn) - p.y * Math.sin(turn)) + jx,
        y: cy + (p.x * Math.sin(turn) + p.y * Math.cos(turn)) + jy,
      };
    });
    if (corners.every((p) => p.x > margin && p.y > margin && p.x < frame.width - margin && p.y < frame.height - margin))
      return corners as unknown as Quad;
  }
  throw new RangeError('the sheet does not fit the frame at that turn');
}

export function photographPage(page: GreyImage, opts: StageOptions): StagedPage {
  const width = opts.width ?? 2592;
  const height = opts.height ?? 1944;
  const exposure = opts.exposure ?? 1;
  const rand = seeded(opts.seed);
  const between = (a: number, b: number): number => a + (b - a) * rand();
  const corners = stageCorners(rand, page, { width, height }, opts.maxTurnDeg, opts.turnDeg);
  // Frame → page coordinates.
  const toPage = homography(corners, rectQuad(page.width, page.height));
  // Light: a gradient across the stage and one soft shadow (the camera arm, a hand).
  const angle = between(0, 2 * Math.PI);
  const gx = Math.cos(angle);
  const gy = Math.sin(angle);
  const gradient = between(0.3, 0.45);
  const reach = Math.abs(gx) * width + Math.abs(gy) * height;
  // The shadow falls on the sheet, between its middle and one of its corners.
  const shadowCorner = corners[Math.floor(rand() * 4)] as Point;
  const middle = { x: (corners[0].x + corners[2].x) / 2, y: (corners[0].y + corners[2].y) / 2 };
  const towards = between(0.35, 0.7);
  const sx = middle.x + (shadowCorner.x - middle.x) * towards;
  const sy = middle.y + (shadowCorner.y - middle.y) * towards;
  const sr = between(0.2, 0.28) * height;
  const shadow = between(0.5, 0.62);
  const paper = [238, 232, 218] as const;
  const stage = [58, 62, 60] as const;
  const out = new Uint8Array(width * height * 3);
  const pw = page.width;
  const ph = page.height;
  // Page pixels per frame pixel, for an anti-aliased edge.
  const sheetScale = pw / Math.hypot(corners[1].x - corners[0].x, corners[1].y - corners[0].y);
  let noise = opts.seed | 1;
  const n = (): number => {
    noise ^= noise << 13;
    noise ^= noise >>> 17;
    noise ^= noise << 5;
    return ((noise >>> 0) % 9) - 4;
  };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const cx = x + 0.5;
      const cy = y + 0.5;
      const t = ((cx - width / 2) * gx + (cy - height / 2) * gy) / reach + 0.5;
      const d2 = (cx - sx) * (cx - sx) + (cy - sy) * (cy - sy);
      const light = exposure * (1 - gradient * t) * (1 - shadow * Math.exp(-d2 / (2 * sr * sr)));
      const p = apply(toPage, { x: cx, y: cy });
      const edge = Math.min(p.x, p.y, pw - p.x, ph - p.y) / sheetScale + 0.5;
      const cover = edge <= 0 ? 0 : edge >= 1 ? 1 : edge;
      let ink = 1;
      if (cover > 0) {
        const u = Math.min(pw - 1.001, Math.max(0, p.x - 0.5));
        const v = Math.min(ph - 1.001, Math.max(0, p.y - 0.5));
        const x0 = Math.floor(u);
        const y0 = Math.floor(v);
        const fx = u - x0;
        const fy = v - y0;
        const i = y0 * pw + x0;
        const top = (page.data[i] as number) * (1 - fx) + (page.data[i + 1] as number) * fx;
        const bottom = (page.data[i + pw] as number) * (1 - fx) + (page.data[i + pw + 1] as number) * fx;
        ink = (top * (1 - fy) + bottom * fy) / 255;
      }
      const o = (y * width + x) * 3;
      const grain = n();
      for (let c = 0; c < 3; c++) {
        const sheet = (paper[c] as number) * (0.1 + 0.9 * ink);
        const v = (cover * sheet + (1 - cover) * (stage[c] as number)) * light + grain;
        out[o + c] = v <= 0 ? 0 : v >= 255 ? 255 : v;
      }
    }
  }
  return { rgb: out, width, height, corners };
}
