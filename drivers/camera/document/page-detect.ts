/**
 * Finding the page on the document camera's stage: a light sheet on a darker stage.
 *
 * On a small greyscale view of the frame (the full frame shrunk ×4: 648×486 for 5 MP):
 *  1. blur (box, radius 1); a frame whose brightest part is too dim to read is `page-too-dark`;
 *  2. edges: where the log brightness jumps (paper is ~3.5× brighter than the stage under any
 *     light, so a shadow across sheet and stage does not move the sheet's border, where a global
 *     threshold would cut the shadowed part of the sheet off);
 *  3. what cannot be reached from the frame's border without crossing an edge, its largest
 *     4-connected piece, is the sheet (text and tables inside it are enclosed, so they belong to it);
 *  4. its rough corners are the extremes along the diagonals (x+y, x−y: right for a sheet turned
 *     less than ~30°);
 *  5. each side is refitted as a straight line through the region's boundary pixels near that side
 *     (total least squares, the 10 % nearest each corner left out), and the corners are where
 *     adjacent sides meet, back in full-frame pixels.
 * A region too small, too large, not convex or far from a sheet's shape is `page-not-found`.
 */
import { err, ok, type CodedError, type Result } from '../../../common/result.js';
import { isConvexClockwise, quadArea, type GreyImage, type Point, type Quad } from './geometry.js';

export type PageDetectErrorCode = 'page-not-found' | 'page-too-dark';
export type PageDetectError = CodedError<PageDetectErrorCode>;

export interface PageDetection {
  /** The sheet's corners in the coordinates of the image given to `detectPage` × `scale`. */
  corners: Quad;
  /** The median brightness of the sheet (0–255) in the small view. */
  paperLevel: number;
  /** The median brightness of the stage around it. */
  stageLevel: number;
}

export interface DetectOptions {
  /** Multiply the corners by this (the shrink factor of the view). Default 1. */
  scale?: number;
  /** Paper dimmer than this (median, 0–255) is `page-too-dark`. Default 64 (a quarter of full scale: below it the ink is within a few levels of the paper and of the sensor noise). */
  minPaperLevel?: number;
}

export function detectPage(view: GreyImage, opts: DetectOptions = {}): Result<PageDetection, PageDetectErrorCode> {
  const scale = opts.scale ?? 1;
  const minPaper = opts.minPaperLevel ?? 64;
  const { width: w, height: h } = view;
  const blurred = boxBlur(view, 1);
  const hist = histogram(blurred.data);
  const bright = percentileOf(hist, 0.95);
  if (bright < minPaper) return err(tooDark(bright));
  // 2. Edges where the brightness jumps by a ratio (log), whatever the light: a shadow across
  // the sheet changes paper and stage alike, the sheet's border stays a jump.
  const edges = edgeMap(blurred, EDGE_LOG_STEP);
  // 3. What the border cannot reach without crossing an edge, its largest piece: the sheet.
  fillHoles(edges, w, h);
  const region = largestRegion(edges, w, h);
  if (region === null) return err(notFound('no bright region'));
  let area = 0;
  for (const v of region) area += v;
  const frac = area / (w * h);
  if (frac < 0.12) return err(notFound(`the brightest region covers ${(frac * 100).toFixed(0)} % of the frame`));
  if (frac > 0.97) return err(notFound('no stage around the page: the page fills the frame'));
  // Levels of paper and stage.
  const paperHist = new Float64Array(256);
  const stageHist = new Float64Array(256);
  for (let i = 0; i < region.length; i++) {
    const v = view.data[i] as number;
    if (region[i] === 1) paperHist[v] = (paperHist[v] as number) + 1;
    else stageHist[v] = (stageHist[v] as number) + 1;
  }
  const paperLevel = percentileOf(paperHist, 0.5);
  const stageLevel = percentileOf(stageHist, 0.5);
  if (paperLevel < minPaper) return err(tooDark(paperLevel));
  if (paperLevel - stageLevel < 25) return err(notFound('the page does not stand out from the stage'));
  // 4. Rough corners.
  // Indexes of the extreme pixels along the diagonals.
  let iTl = -1;
  let iTr = -1;
  let iBr = -1;
  let iBl = -1;
  let sTl = Infinity;
  let sTr = -Infinity;
  let sBr = -Infinity;
  let sBl = Infinity;
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (region[i] !== 1) continue;
      if (x + y < sTl) [sTl, iTl] = [x + y, i];
      if (x + y > sBr) [sBr, iBr] = [x + y, i];
      if (x - y > sTr) [sTr, iTr] = [x - y, i];
      if (x - y < sBl) [sBl, iBl] = [x - y, i];
    }
  const at = (i: number): Point => ({ x: (i % w) + 0.5, y: Math.floor(i / w) + 0.5 });
  const tl = at(iTl);
  const tr = at(iTr);
  const br = at(iBr);
  const bl = at(iBl);
  const rough: Quad = [tl, tr, br, bl];
  if (!isConvexClockwise(rough)) return err(notFound('the bright region is not a sheet'));
  // 5. Refit each side through the boundary pixels.
  const sides: Line[] = [];
  const boundary = boundaryPixels(region, w, h);
  for (let s = 0; s < 4; s++) {
    const a = rough[s] as Point;
    const b = rough[(s + 1) % 4] as Point;
    const len = Math.hypot(b.x - a.x, b.y - a.y);
    const dx = (b.x - a.x) / len;
    const dy = (b.y - a.y) / len;
    const near: Point[] = [];
    for (const p of boundary) {
      const along = (p.x - a.x) * dx + (p.y - a.y) * dy;
      if (along < 0.1 * len || along > 0.9 * len) continue;
      const across = Math.abs((p.x - a.x) * dy - (p.y - a.y) * dx);
      if (across <= Math.max(3, 0.02 * len)) near.push(p);
    }
    if (near.length < 10) return err(notFound('a side of the page is not straight'));
    const line = fitLine(near);
    // The region takes in the edge band, which straddles the border: move the line inwards.
    const centre = { x: (tl.x + tr.x + br.x + bl.x) / 4, y: (tl.y + tr.y + br.y + bl.y) / 4 };
    const side = (centre.x - line.px) * line.nx + (centre.y - line.py) * line.ny;
    const out = side > 0 ? -EDGE_OFFSET : EDGE_OFFSET;
    sides.push({ ...line, px: line.px + out * line.nx, py: line.py + out * line.ny });
  }
  const corners: Point[] = [];
  for (let s = 0; s < 4; s++) {
    const p = intersect(sides[(s + 3) % 4] as Line, sides[s] as Line);
    if (p === null) return err(notFound('two sides of the page are parallel'));
    corners.push({ x: p.x * scale, y: p.y * scale });
  }
  const quad = corners as unknown as Quad;
  if (!isConvexClockwise(quad)) return err(notFound('the fitted sides do not make a sheet'));
  const fitted = quadArea(quad) / (scale * scale);
  if (Math.abs(fitted - area) / area > 0.08) return err(notFound('the bright region is not four-sided'));
  const ratio = sheetRatio(quad);
  if (ratio < 1.1 || ratio > 1.9) return err(notFound(`the page's sides are ${ratio.toFixed(2)}:1, not a sheet`));
  return ok({ corners: quad, paperLevel, stageLevel });
}

/** Long side over short side, each the mean of its two opposite sides. */
export function sheetRatio(q: Quad): number {
  const d = (a: Point, b: Point): number => Math.hypot(a.x - b.x, a.y - b.y);
  const horizontal = (d(q[0], q[1]) + d(q[3], q[2])) / 2;
  const vertical = (d(q[0], q[3]) + d(q[1], q[2])) / 2;
  return Math.max(horizontal, vertical) / Math.min(horizontal, vertical);
}

/** A jump in log brightness (over two pixels) this large is an edge: paper/stage is ~e^1.3. */
const EDGE_LOG_STEP = 0.35;
/** Where the fitted boundary sits from the sheet's border, in view pixels (+ outwards): the edge band
 * reaches past the border by the central difference (1 px), the widening (1 px) and half a pixel. */
const EDGE_OFFSET = -2.5;

/** 1 where the log brightness changes by more than `step` across a pixel (either axis), widened by a pixel. */
function edgeMap(img: GreyImage, step: number): Uint8Array {
  const { width: w, height: h, data } = img;
  const lg = new Float32Array(256);
  for (let v = 0; v < 256; v++) lg[v] = Math.log(v + 4);
  const raw = new Uint8Array(w * h);
  for (let y = 1; y < h - 1; y++)
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      const gx = Math.abs((lg[data[i + 1] as number] as number) - (lg[data[i - 1] as number] as number));
      const gy = Math.abs((lg[data[i + w] as number] as number) - (lg[data[i - w] as number] as number));
      if (gx > step || gy > step) raw[i] = 1;
    }
  const out = new Uint8Array(w * h);
  for (let y = 1; y < h - 1; y++)
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      if (raw[i] === 1 || raw[i - 1] === 1 || raw[i + 1] === 1 || raw[i - w] === 1 || raw[i + w] === 1) out[i] = 1;
    }
  return out;
}

function tooDark(level: number): PageDetectError {
  return { code: 'page-too-dark', message: `the page is too dark to read (brightness ${Math.round(level)} of 255)` };
}

function notFound(why: string): PageDetectError {
  return { code: 'page-not-found', message: `no page found on the stage: ${why}` };
}

interface Line {
  /** A point on the line. */
  px: number;
  py: number;
  /** Unit normal. */
  nx: number;
  ny: number;
}

function fitLine(points: readonly Point[]): Line {
  let mx = 0;
  let my = 0;
  for (const p of points) {
    mx += p.x;
    my += p.y;
  }
  mx /= points.length;
  my /= points.length;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (const p of points) {
    const dx = p.x - mx;
    const dy = p.y - my;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  // Direction: the principal eigenvector of the scatter matrix; the normal is perpendicular.
  const theta = 0.5 * Math.atan2(2 * sxy, sxx - syy);
  return { px: mx, py: my, nx: -Math.sin(theta), ny: Math.cos(theta) };
}

function intersect(a: Line, b: Line): Point | null {
  // n·p = n·p0 for both lines.
  const ca = a.nx * a.px + a.ny * a.py;
  const cb = b.nx * b.px + b.ny * b.py;
  const det = a.nx * b.ny - a.ny * b.nx;
  if (Math.abs(det) < 1e-9) return null;
  return { x: (ca * b.ny - a.ny * cb) / det, y: (a.nx * cb - ca * b.nx) / det };
}

function boxBlur(src: GreyImage, r: number): GreyImage {
  const { width: w, height: h } = src;
  const tmp = new Float32Array(w * h);
  const out = new Uint8Array(w * h);
  // Running sums along rows, then along columns (the window clipped at the edges).
  for (let y = 0; y < h; y++) {
    const row = y * w;
    let s = 0;
    for (let k = 0; k < Math.min(w, r); k++) s += src.data[row + k] as number;
    for (let x = 0; x < w; x++) {
      if (x + r < w) s += src.data[row + x + r] as number;
      if (x - r - 1 >= 0) s -= src.data[row + x - r - 1] as number;
      tmp[row + x] = s / (Math.min(w - 1, x + r) - Math.max(0, x - r) + 1);
    }
  }
  for (let x = 0; x < w; x++) {
    let s = 0;
    for (let k = 0; k < Math.min(h, r); k++) s += tmp[k * w + x] as number;
    for (let y = 0; y < h; y++) {
      if (y + r < h) s += tmp[(y + r) * w + x] as number;
      if (y - r - 1 >= 0) s -= tmp[(y - r - 1) * w + x] as number;
      out[y * w + x] = Math.round(s / (Math.min(h - 1, y + r) - Math.max(0, y - r) + 1));
    }
  }
  return { data: out, width: w, height: h };
}

function histogram(data: Uint8Array): Float64Array {
  const hist = new Float64Array(256);
  for (const v of data) hist[v] = (hist[v] as number) + 1;
  return hist;
}

function percentileOf(hist: Float64Array, p: number): number {
  let total = 0;
  for (const n of hist) total += n;
  let acc = 0;
  for (let v = 0; v < 256; v++) {
    acc += hist[v] as number;
    if (acc >= p * total) return v;
  }
  return 255;
}

/** The largest 4-connected region of 1s, as a 0/1 mask; `null` when there is none. */
function largestRegion(mask: Uint8Array, w: number, h: number): Uint8Array | null {
  const label = new Int32Array(w * h);
  const queue = new Int32Array(w * h);
  let next = 0;
  let bestLabel = 0;
  let bestSize = 0;
  for (let start = 0; start < mask.length; start++) {
    if (mask[start] !== 1 || label[start] !== 0) continue;
    next++;
    let head = 0;
    let tail = 0;
    queue[tail++] = start;
    label[start] = next;
    while (head < tail) {
      const i = queue[head++] as number;
      const x = i % w;
      // The four neighbours, inline (no closure in the hot loop).
      let j = i - 1;
      if (x > 0 && mask[j] === 1 && label[j] === 0) {
        label[j] = next;
        queue[tail++] = j;
      }
      j = i + 1;
      if (x < w - 1 && mask[j] === 1 && label[j] === 0) {
        label[j] = next;
        queue[tail++] = j;
      }
      j = i - w;
      if (i >= w && mask[j] === 1 && label[j] === 0) {
        label[j] = next;
        queue[tail++] = j;
      }
      j = i + w;
      if (i < w * (h - 1) && mask[j] === 1 && label[j] === 0) {
        label[j] = next;
        queue[tail++] = j;
      }
    }
    if (tail > bestSize) {
      bestSize = tail;
      bestLabel = next;
    }
  }
  if (bestLabel === 0) return null;
  const out = new Uint8Array(w * h);
  for (let i = 0; i < out.length; i++) out[i] = label[i] === bestLabel ? 1 : 0;
  return out;
}

/** Sets to 1 every 0 not reachable from the image border through 0s. */
function fillHoles(region: Uint8Array, w: number, h: number): void {
  // 0 region, 1 sheet, 2 reached from the border.
  const queue = new Int32Array(w * h);
  let tail = 0;
  for (let i = 0; i < region.length; i++) {
    const x = i % w;
    const onBorder = x === 0 || x === w - 1 || i < w || i >= w * (h - 1);
    if (onBorder && region[i] === 0) {
      region[i] = 2;
      queue[tail++] = i;
    }
  }
  let head = 0;
  while (head < tail) {
    const i = queue[head++] as number;
    const x = i % w;
    let j = i - 1;
    if (x > 0 && region[j] === 0) {
      region[j] = 2;
      queue[tail++] = j;
    }
    j = i + 1;
    if (x < w - 1 && region[j] === 0) {
      region[j] = 2;
      queue[tail++] = j;
    }
    j = i - w;
    if (i >= w && region[j] === 0) {
      region[j] = 2;
      queue[tail++] = j;
    }
    j = i + w;
    if (i < w * (h - 1) && region[j] === 0) {
      region[j] = 2;
      queue[tail++] = j;
    }
  }
  for (let i = 0; i < region.length; i++) region[i] = region[i] === 2 ? 0 : 1;
}

/** Pixel centres of the region with a 4-neighbour outside it (not counting the image border). */
function boundaryPixels(region: Uint8Array, w: number, h: number): Point[] {
  const out: Point[] = [];
  for (let y = 1; y < h - 1; y++)
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      if (region[i] !== 1) continue;
      if (region[i - 1] === 0 || region[i + 1] === 0 || region[i - w] === 0 || region[i + w] === 0)
        out.push({ x: x + 0.5, y: y + 0.5 });
    }
  return out;
}
