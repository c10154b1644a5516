/**
 * Contrast cleanup of a corrected page for reading: the lighting is flattened (each pixel divided
 * by the paper's brightness around it, estimated as the brightest pixel of each block, the median
 * over the block and its neighbours, interpolated), then the levels are stretched so paper is white and
 * ink is black. A shadow across the page and a dim corner go; the strokes stay.
 */
import type { GreyImage } from './geometry.js';

export interface CleanOptions {
  /** Block size of the paper estimate, in pixels (larger than a character). Default 48. */
  block?: number;
  /** Relative level (ink/paper) mapped to black. Default 0.3. */
  black?: number;
  /** Relative level mapped to white. Default 0.86. */
  white?: number;
}

export function cleanPage(img: GreyImage, opts: CleanOptions = {}): GreyImage {
  const block = opts.block ?? 48;
  const black = opts.black ?? 0.3;
  const white = opts.white ?? 0.86;
  const { width: w, height: h, data } = img;
  const bw = Math.ceil(w / block);
  const bh = Math.ceil(h / block);
  // The brightest pixel of each block.
  const peak = new Float32Array(bw * bh);
  for (let y = 0; y < h; y++) {
    const by = Math.floor(y / block) * bw;
    const row = y * w;
    for (let x = 0; x < w; x++) {
      const b = by + Math.floor(x / block);
      const v = data[row + x] as number;
      if (v > (peak[b] as number)) peak[b] = v;
    }
  }
  // The median of each block and its neighbours: a block all ink (a heading, a seal) takes the
  // paper around it, and a light gradient (a shadow's edge) is followed, not lifted to its top.
  const paper = new Float32Array(bw * bh);
  const near: number[] = [];
  for (let by = 0; by < bh; by++)
    for (let bx = 0; bx < bw; bx++) {
      near.length = 0;
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) {
          const yy = by + dy;
          const xx = bx + dx;
          if (yy < 0 || xx < 0 || yy >= bh || xx >= bw) continue;
          near.push(peak[yy * bw + xx] as number);
        }
      near.sort((a, b) => a - b);
      paper[by * bw + bx] = Math.max(16, near[Math.floor(near.length / 2)] as number);
    }
  const out = new Uint8Array(w * h);
  const span = white - black;
  // Bilinear between block centres: the column weights once, a row of blocks per pixel row.
  const cx0 = new Int32Array(w);
  const cx1 = new Int32Array(w);
  const ctx = new Float32Array(w);
  for (let x = 0; x < w; x++) {
    const fx = Math.min(bw - 1, Math.max(0, (x + 0.5) / block - 0.5));
    cx0[x] = Math.floor(fx);
    cx1[x] = Math.min(bw - 1, Math.floor(fx) + 1);
    ctx[x] = fx - Math.floor(fx);
  }
  const blockRow = new Float32Array(bw);
  const scale = 255 / span;
  const offset = black * scale;
  for (let y = 0; y < h; y++) {
    const fy = Math.min(bh - 1, Math.max(0, (y + 0.5) / block - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(bh - 1, y0 + 1);
    const ty = fy - y0;
    for (let bx = 0; bx < bw; bx++)
      blockRow[bx] = (paper[y0 * bw + bx] as number) * (1 - ty) + (paper[y1 * bw + bx] as number) * ty;
    const row = y * w;
    for (let x = 0; x < w; x++) {
      const t = ctx[x] as number;
      const level = (blockRow[cx0[x] as number] as number) * (1 - t) + (blockRow[cx1[x] as number] as number) * t;
      const v = ((data[row + x] as number) / level) * scale - offset;
      out[row + x] = v <= 0 ? 0 : v >= 255 ? 255 : v + 0.5;
    }
  }
  return { data: out, width: w, height: h };
}

/** Fraction of pixels darker than `level`: the ink on a cleaned page. */
export function inkFraction(img: GreyImage, level = 128): number {
  let n = 0;
  for (const v of img.data) if (v < level) n++;
  return n / img.data.length;
}
