/**
 * A resynchronising byte scanner shared by the locker codecs.
 *
 * The scanner keeps unconsumed bytes and, at each position that may start a frame, asks the
 * protocol's `scan` function for a verdict:
 * - `frame`: a whole, checksum-valid frame of `length` bytes: emit it, continue after it;
 * - `skip`: not a frame here (wrong shape or bad checksum): drop one byte and rescan;
 * - `more`: could still become a frame once more bytes arrive. Before waiting, the scanner looks
 *   further ahead: if a complete valid frame already sits later in the buffer, the bytes before it
 *   were noise (a cut-off frame), so it is emitted instead of stalling behind them.
 *
 * `scan` only reads inside the buffer it is given, so no input can make it throw.
 */
export type ScanResult<F> = { kind: 'frame'; frame: F; length: number } | { kind: 'skip' } | { kind: 'more' };

export type ScanFn<F, X> = (buf: Buffer, start: number, context: X) => ScanResult<F>;

export class FrameScanner<F, X = undefined> {
  private buf: Buffer = Buffer.alloc(0);
  private dropped = 0;

  constructor(
    private readonly isStart: (byte: number) => boolean,
    private readonly scan: ScanFn<F, X>,
    /** No pending frame can be longer than this: older bytes are dropped. */
    private readonly maxFrameLength: number,
  ) {}

  get droppedBytes(): number {
    return this.dropped;
  }

  reset(): void {
    this.dropped += this.buf.length;
    this.buf = Buffer.alloc(0);
  }

  push(chunk: Uint8Array, context: X): F[] {
    if (chunk.byteLength === 0 && this.buf.length === 0) return [];
    this.buf = this.buf.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.buf, chunk]);
    const out: F[] = [];
    let i = 0;
    while (i < this.buf.length) {
      const byte = this.buf[i] ?? 0;
      if (!this.isStart(byte)) {
        i++;
        this.dropped++;
        continue;
      }
      const r = this.scan(this.buf, i, context);
      if (r.kind === 'frame') {
        out.push(r.frame);
        i += r.length;
        continue;
      }
      if (r.kind === 'skip') {
        i++;
        this.dropped++;
        continue;
      }
      // `more`: is there a complete frame later on? Then what is here was noise.
      const later = this.findComplete(i + 1, context);
      if (later) {
        this.dropped += later.at - i;
        out.push(later.frame);
        i = later.at + later.length;
        continue;
      }
      break;
    }
    // Keep only what may still be the start of a frame; a copy, so big chunks are not retained.
    let rest = this.buf.subarray(i);
    if (rest.length > this.maxFrameLength) {
      this.dropped += rest.length - this.maxFrameLength;
      rest = rest.subarray(rest.length - this.maxFrameLength);
    }
    this.buf = Buffer.from(rest);
    return out;
  }

  private findComplete(from: number, context: X): { at: number; frame: F; length: number } | null {
    for (let j = from; j < this.buf.length; j++) {
      if (!this.isStart(this.buf[j] ?? 0)) continue;
      const r = this.scan(this.buf, j, context);
      if (r.kind === 'frame') return { at: j, frame: r.frame, length: r.length };
    }
    return null;
  }
}

/** XOR of `buf[from..to)` (8A family BCC). */
export function xorOf(buf: Uint8Array, from: number, to: number): number {
  let x = 0;
  for (let i = from; i < to; i++) x ^= buf[i] ?? 0;
  return x;
}

/** Low byte of the sum of `buf[from..to)` (Kerong SUM). */
export function sumOf(buf: Uint8Array, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s = (s + (buf[i] ?? 0)) & 0xff;
  return s;
}
