/**
 * Auto-capture for the document camera (#16): "take the page when it lies still". Fed the preview
 * frames the camera already streams (small JPEGs), it keeps a tiny grey signature of each
 * (32×24 cells, the mean of each cell), and says "capture now" once the scene has not moved for
 * `stillMs` and differs from the scene last taken — so a page is taken once, however long it lies
 * there, and the next one is taken when it has been turned or replaced and lies still in its turn.
 * A hand over the stage moves the scene, so nothing is taken while the citizen is placing a page.
 *
 * Pure: no timers, the caller passes each frame's time.
 */
import { decodeJpeg } from '../jpeg-tools.js';

export const SIGNATURE_COLS = 32;
export const SIGNATURE_ROWS = 24;

export interface StillPageOptions {
  /** How long the scene must not move before it is taken (ms). */
  stillMs: number;
  /** Mean difference per cell (0–255) under which two consecutive frames count as "not moving". */
  moveThreshold?: number;
  /** Mean difference per cell from the scene last taken above which the scene counts as a new page. */
  changeThreshold?: number;
}

/** The mean grey of each of 32×24 cells of a frame. */
export function signature(img: { data: Uint8Array; width: number; height: number }): Uint8Array {
  const out = new Uint8Array(SIGNATURE_COLS * SIGNATURE_ROWS);
  const sums = new Float64Array(out.length);
  const counts = new Uint32Array(out.length);
  for (let y = 0; y < img.height; y++) {
    const row = Math.min(SIGNATURE_ROWS - 1, Math.floor((y * SIGNATURE_ROWS) / img.height));
    for (let x = 0; x < img.width; x++) {
      const col = Math.min(SIGNATURE_COLS - 1, Math.floor((x * SIGNATURE_COLS) / img.width));
      const i = (y * img.width + x) * 4;
      // Rec. 601 luma, as a greyscale conversion would.
      const grey = 0.299 * (img.data[i] ?? 0) + 0.587 * (img.data[i + 1] ?? 0) + 0.114 * (img.data[i + 2] ?? 0);
      const cell = row * SIGNATURE_COLS + col;
      sums[cell] = (sums[cell] ?? 0) + grey;
      counts[cell] = (counts[cell] ?? 0) + 1;
    }
  }
  for (let c = 0; c < out.length; c++) out[c] = Math.round((sums[c] ?? 0) / Math.max(1, counts[c] ?? 0));
  return out;
}

/** The signature of a JPEG frame. */
export function jpegSignature(jpeg: Uint8Array): Uint8Array {
  return signature(decodeJpeg(jpeg));
}

/** Mean absolute difference per cell between two signatures (0–255). */
export function difference(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) throw new Error('signatures of different sizes');
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs((a[i] ?? 0) - (b[i] ?? 0));
  return sum / a.length;
}

export class StillPage {
  private readonly stillMs: number;
  private readonly moveThreshold: number;
  private readonly changeThreshold: number;
  private previous: Uint8Array | null = null;
  private stillSince: number | null = null;
  /** The scene last taken (automatically or by a tap); null: nothing taken yet. */
  private taken: Uint8Array | null = null;

  constructor(opts: StillPageOptions) {
    if (!(opts.stillMs > 0)) throw new Error('stillMs must be positive');
    this.stillMs = opts.stillMs;
    this.moveThreshold = opts.moveThreshold ?? 4;
    this.changeThreshold = opts.changeThreshold ?? 10;
  }

  /** One frame's signature at time `at` (ms); true: take the page now. */
  feed(sig: Uint8Array, at: number): boolean {
    const moving = this.previous === null || difference(this.previous, sig) >= this.moveThreshold;
    this.previous = sig;
    if (moving || this.stillSince === null) {
      this.stillSince = at;
      return false;
    }
    if (at - this.stillSince < this.stillMs) return false;
    if (this.taken !== null && difference(this.taken, sig) < this.changeThreshold) return false;
    this.taken = sig;
    return true;
  }

  /** The page on the stage was just taken some other way (a tap): wait for a new page before the next. */
  tookCurrent(): void {
    if (this.previous !== null) this.taken = this.previous;
  }
}
