/**
 * Plane geometry for the document camera: points and quadrilaterals in pixel coordinates (pixel
 * (i, j) covers [i, i+1) × [j, j+1)), the homography between two quadrilaterals, and a bilinear
 * perspective warp of a greyscale image. Pure TypeScript, no pixel library: measured faster than
 * OpenCV's WASM build for the one warp a page needs (docs/materials.md).
 */

export interface Point {
  x: number;
  y: number;
}

/** Corners in order: top-left, top-right, bottom-right, bottom-left (as the camera sees them). */
export type Quad = readonly [Point, Point, Point, Point];

/** One 8-bit channel, row-major. */
export interface GreyImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/** A 3×3 projective matrix, row-major, h[8] normalised to 1. */
export type Homography = readonly [number, number, number, number, number, number, number, number, number];

/**
 * The homography H with H·from[i] ≅ to[i] for the four corners (the direct linear transform, an
 * 8×8 system solved by Gaussian elimination with partial pivoting). Throws when the corners are
 * degenerate (three on a line).
 */
export function homography(from: Quad, to: Quad): Homography {
  const a: number[][] = [];
  for (let i = 0; i < 4; i++) {
    const { x, y } = from[i] as Point;
    const { x: u, y: v } = to[i] as Point;
    a.push([x, y, 1, 0, 0, 0, -u * x, -u * y, u]);
    a.push([0, 0, 0, x, y, 1, -v * x, -v * y, v]);
  }
  const n = 8;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++)
      if (Math.abs((a[r] as number[])[c] as number) > Math.abs((a[p] as number[])[c] as number)) p = r;
    const pivotRow = a[p] as number[];
    const pivot = pivotRow[c] as number;
    if (Math.abs(pivot) < 1e-12) throw new RangeError('degenerate quadrilateral');
    a[p] = a[c] as number[];
    a[c] = pivotRow;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const row = a[r] as number[];
      const f = (row[c] as number) / pivot;
      if (f === 0) continue;
      for (let k = c; k <= n; k++) row[k] = (row[k] as number) - f * (pivotRow[k] as number);
    }
  }
  const s = (i: number): number => ((a[i] as number[])[n] as number) / ((a[i] as number[])[i] as number);
  return [s(0), s(1), s(2), s(3), s(4), s(5), s(6), s(7), 1];
}

export function apply(h: Homography, p: Point): Point {
  const d = h[6] * p.x + h[7] * p.y + h[8];
  return { x: (h[0] * p.x + h[1] * p.y + h[2]) / d, y: (h[3] * p.x + h[4] * p.y + h[5]) / d };
}

export function distance(a: Point, b: Point): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

/** The rectangle [0, w] × [0, h] as a quad. */
export function rectQuad(width: number, height: number): Quad {
  return [
    { x: 0, y: 0 },
    { x: width, y: 0 },
    { x: width, y: height },
    { x: 0, y: height },
  ];
}

/** Whether the quad is convex with its corners in clockwise order on screen (y down). */
export function isConvexClockwise(q: Quad): boolean {
  for (let i = 0; i < 4; i++) {
    const a = q[i] as Point;
    const b = q[(i + 1) % 4] as Point;
    const c = q[(i + 2) % 4] as Point;
    if ((b.x - a.x) * (c.y - b.y) - (b.y - a.y) * (c.x - b.x) <= 0) return false;
  }
  return true;
}

/** Area by the shoelace formula. */
export function quadArea(q: Quad): number {
  let s = 0;
  for (let i = 0; i < 4; i++) {
    const a = q[i] as Point;
    const b = q[(i + 1) % 4] as Point;
    s += a.x * b.y - b.x * a.y;
  }
  return Math.abs(s) / 2;
}

/**
 * `width` × `height` pixels of `src` seen through `h`, which maps output pixel centres to source
 * coordinates (both in the [i, i+1) convention). Bilinear; outside the source: `fill`.
 */
export function warpGrey(src: GreyImage, h: Homography, width: number, height: number, fill = 0): GreyImage {
  const out = new Uint8Array(width * height);
  const sw = src.width;
  const sh = src.height;
  const s = src.data;
  const [h0, h1, h2, h3, h4, h5, h6, h7, h8] = h;
  for (let y = 0; y < height; y++) {
    const cy = y + 0.5;
    let o = y * width;
    // The projective numerators and denominator are linear along a row: step them.
    let nu = h0 * 0.5 + h1 * cy + h2;
    let nv = h3 * 0.5 + h4 * cy + h5;
    let d = h6 * 0.5 + h7 * cy + h8;
    for (let x = 0; x < width; x++, o++, nu += h0, nv += h3, d += h6) {
      const inv = 1 / d;
      const u = nu * inv - 0.5;
      const v = nv * inv - 0.5;
      const x0 = Math.floor(u);
      const y0 = Math.floor(v);
      if (x0 < 0 || y0 < 0 || x0 >= sw - 1 || y0 >= sh - 1) {
        out[o] = fill;
        continue;
      }
      const fx = u - x0;
      const fy = v - y0;
      const i = y0 * sw + x0;
      const p00 = s[i] as number;
      const p01 = s[i + 1] as number;
      const p10 = s[i + sw] as number;
      const p11 = s[i + sw + 1] as number;
      const top = p00 + (p01 - p00) * fx;
      const bottom = p10 + (p11 - p10) * fx;
      out[o] = top + (bottom - top) * fy + 0.5;
    }
  }
  return { data: out, width, height };
}

/** Box-filtered downscale by an integer factor (the detector's view of a full frame). */
export function shrinkGrey(src: GreyImage, factor: number): GreyImage {
  const width = Math.floor(src.width / factor);
  const height = Math.floor(src.height / factor);
  const out = new Uint8Array(width * height);
  const acc = new Uint32Array(width);
  const n = factor * factor;
  for (let y = 0; y < height; y++) {
    acc.fill(0);
    for (let yy = y * factor; yy < (y + 1) * factor; yy++) {
      const row = yy * src.width;
      for (let x = 0; x < width; x++) {
        let sum = 0;
        const base = row + x * factor;
        for (let k = 0; k < factor; k++) sum += src.data[base + k] as number;
        acc[x] = (acc[x] as number) + sum;
      }
    }
    for (let x = 0; x < width; x++) out[y * width + x] = Math.round((acc[x] as number) / n);
  }
  return { data: out, width, height };
}
