/**
 * Stroke lists from the handwriting pad, made safe and regular for the recogniser: pad coordinates
 * into the model's 1000 × 1000 box, the character centred (and enlarged when written small), each
 * stroke thinned to its shape (Ramer–Douglas–Peucker) and capped in points (per stroke and in all),
 * the list capped in strokes. Thousands of points come out as a few dozen; nothing here can loop for long.
 */

/** The model's box (Tegaki's Zinnia models are trained on 1000 × 1000 writings). */
export const HW_BOX = 1000;
/** Strokes after the cap (no Chinese character in everyday use needs more). */
export const HW_MAX_STROKES = 30;
/** Points per stroke after thinning. */
export const HW_MAX_POINTS = 48;
/** Points in all after thinning (a scribble of 30 long strokes would cost Zinnia half a second). */
export const HW_MAX_TOTAL = 480;
/** A stroke longer than this is first sampled evenly down to it (thinning is quadratic at worst). */
const PRE_SAMPLE = 256;
/** A character written smaller than this (in box units, its longer side) is enlarged to HW_TARGET. */
const HW_SMALL = 450;
const HW_TARGET = 760;
/** Thinning tolerance, box units: a wobble smaller than this is not a turn. */
const RDP_EPSILON = 6;

export type Stroke = readonly (readonly [number, number])[];

/**
 * The strokes in the model's box, or null when nothing is left (no strokes, no points). Points
 * that are not finite are dropped; a one-point stroke (a tap) becomes a dot of two points.
 */
export function normaliseStrokes(strokes: readonly Stroke[], width: number, height: number): [number, number][][] | null {
  const kept: [number, number][][] = [];
  for (const s of strokes.slice(0, HW_MAX_STROKES)) {
    const pts = capPoints([...s], PRE_SAMPLE)
      .filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y))
      .map(([x, y]): [number, number] => [x, y]);
    if (pts.length > 0) kept.push(pts);
  }
  if (kept.length === 0 || !(width > 0) || !(height > 0)) return null;
  // Pad → box, keeping the aspect ratio (the pad is square, or nearly).
  const scale = HW_BOX / Math.max(width, height);
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const s of kept)
    for (const p of s) {
      p[0] *= scale;
      p[1] *= scale;
      minX = Math.min(minX, p[0]);
      maxX = Math.max(maxX, p[0]);
      minY = Math.min(minY, p[1]);
      maxY = Math.max(maxY, p[1]);
    }
  // Centre the character; enlarge it when written small; shrink it when it overflows the box.
  const side = Math.max(maxX - minX, maxY - minY);
  const grow = side < HW_SMALL && side > 0 ? HW_TARGET / side : side > HW_BOX ? HW_BOX / side : 1;
  const cx = (minX + maxX) / 2;
  const cy = (minY + maxY) / 2;
  const clamp = (v: number): number => Math.round(Math.min(HW_BOX, Math.max(0, v)));
  const perStroke = Math.max(2, Math.min(HW_MAX_POINTS, Math.floor(HW_MAX_TOTAL / kept.length)));
  return kept.map((s) => {
    const placed = s.map(([x, y]): [number, number] => [
      clamp(HW_BOX / 2 + (x - cx) * grow),
      clamp(HW_BOX / 2 + (y - cy) * grow),
    ]);
    const thin = capPoints(simplify(placed, RDP_EPSILON), perStroke);
    const first = thin[0] ?? [0, 0];
    return thin.length === 1 ? [first, [first[0], first[1]]] : thin;
  });
}

/** Ramer–Douglas–Peucker, iterative (a long stroke cannot overflow the stack). */
export function simplify(pts: readonly [number, number][], epsilon: number): [number, number][] {
  if (pts.length < 3) return pts.map((p) => [p[0], p[1]]);
  const keep = new Uint8Array(pts.length);
  keep[0] = 1;
  keep[pts.length - 1] = 1;
  const stack: [number, number][] = [[0, pts.length - 1]];
  for (let range = stack.pop(); range; range = stack.pop()) {
    const [a, b] = range;
    const [ax, ay] = pts[a] ?? [0, 0];
    const [bx, by] = pts[b] ?? [0, 0];
    const len = Math.hypot(bx - ax, by - ay);
    let far = -1;
    let at = -1;
    for (let i = a + 1; i < b; i++) {
      const [px, py] = pts[i] ?? [0, 0];
      const d = len === 0 ? Math.hypot(px - ax, py - ay) : Math.abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / len;
      if (d > far) {
        far = d;
        at = i;
      }
    }
    if (far > epsilon && at > 0) {
      keep[at] = 1;
      stack.push([a, at], [at, b]);
    }
  }
  const out: [number, number][] = [];
  pts.forEach((p, i) => {
    if (keep[i]) out.push([p[0], p[1]]);
  });
  return out;
}

/** At most `max` points, evenly chosen, first and last kept. */
function capPoints<P>(pts: P[], max: number): P[] {
  if (pts.length <= max) return pts;
  const out: P[] = [];
  for (let i = 0; i < max; i++) {
    const p = pts[Math.round((i * (pts.length - 1)) / (max - 1))];
    if (p !== undefined) out.push(p);
  }
  return out;
}

/** Zinnia's S-expression for one character. */
export function toSexp(strokes: readonly (readonly [number, number])[][]): string {
  const body = strokes.map((s) => `(${s.map(([x, y]) => `(${x} ${y})`).join('')})`).join('');
  return `(character (width ${HW_BOX})(height ${HW_BOX})(strokes ${body}))`;
}
