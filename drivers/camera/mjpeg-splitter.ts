/**
 * Cuts a Motion-JPEG byte stream (concatenated JPEG images, as `ffmpeg -f mjpeg -` writes them)
 * into whole frames, whatever the chunk boundaries.
 *
 * It walks the JPEG marker structure rather than searching for the end marker: after SOI
 * (`FF D8`) every header segment is skipped by its length, and after SOS (`FF DA`) the
 * entropy-coded data is scanned where `FF 00` (a stuffed 0xFF), `FF D0`–`FF D7` (restart markers)
 * and `FF FF` (fill) are data, and `FF D9` (EOI) ends the frame. So a 0xFF byte inside a segment
 * or a stuffed byte never cuts a frame short.
 *
 * Bytes between frames are skipped and counted. A frame that breaks the structure (a byte where a
 * marker must be, a new SOI inside the frame: the camera stopped mid-frame) is dropped and the
 * search starts again just after its SOI, so a real frame hidden behind a false start is still
 * found. A frame larger than `maxFrameBytes` is dropped the same way. `end()` drops the unfinished
 * last frame. Only frames that reached SOS and EOI are emitted, with the size their SOF header gives.
 */

export interface JpegFrame {
  /** The whole image, SOI to EOI (a copy: it does not alias the splitter's buffer). */
  bytes: Uint8Array;
  /** From the SOF header; 0 when the frame had none. */
  width: number;
  height: number;
}

export interface SplitterStats {
  frames: number;
  /** Frames dropped: broken structure, too large, or cut off by `end()`. */
  dropped: number;
  /** Bytes seen outside any frame. */
  skippedBytes: number;
}

export interface MjpegSplitterOptions {
  /** Frames larger than this are dropped (default 16 MiB). */
  maxFrameBytes?: number;
}

const enum State {
  /** Looking for FF D8. */
  Seek,
  /** Inside a frame, between segments: the next bytes must be a marker. */
  Marker,
  /** Inside the entropy-coded data after SOS. */
  Entropy,
}

const DEFAULT_MAX = 16 * 1024 * 1024;

export class MjpegSplitter {
  private buf = new Uint8Array(64 * 1024);
  /** Bytes of `buf` in use. */
  private len = 0;
  /** Parse position in `buf`. */
  private pos = 0;
  private state = State.Seek;
  private sawScan = false;
  private width = 0;
  private height = 0;
  private readonly max: number;
  readonly stats: SplitterStats = { frames: 0, dropped: 0, skippedBytes: 0 };

  constructor(opts: MjpegSplitterOptions = {}) {
    this.max = opts.maxFrameBytes ?? DEFAULT_MAX;
    if (!(this.max >= 4)) throw new RangeError('maxFrameBytes must be at least 4');
  }

  /** Feeds a chunk; returns the frames it completed, in order. */
  push(chunk: Uint8Array): JpegFrame[] {
    this.append(chunk);
    const out: JpegFrame[] = [];
    this.parse(out);
    return out;
  }

  /** The stream ended: an unfinished frame is dropped. Returns how many bytes were pending. */
  end(): number {
    const pending = this.len;
    if (this.state !== State.Seek) this.stats.dropped++;
    else this.stats.skippedBytes += pending;
    this.reset(0);
    this.len = 0;
    this.pos = 0;
    return pending;
  }

  private append(chunk: Uint8Array): void {
    if (this.len + chunk.length > this.buf.length) {
      // Drop what is already consumed (frames emitted, garbage skipped) before growing.
      const size = Math.max(this.buf.length, (this.len + chunk.length) * 2);
      const next = new Uint8Array(size);
      next.set(this.buf.subarray(0, this.len));
      this.buf = next;
    }
    this.buf.set(chunk, this.len);
    this.len += chunk.length;
  }

  /** Forgets the bytes before `from` (the start of the next thing to parse). */
  private compact(from: number): void {
    if (from === 0) return;
    this.buf.copyWithin(0, from, this.len);
    this.len -= from;
    this.pos -= from;
  }

  private reset(resumeAt: number): void {
    this.state = State.Seek;
    this.sawScan = false;
    this.width = 0;
    this.height = 0;
    this.pos = resumeAt;
  }

  /** The frame in progress is broken: drop it and look for a frame again just after its SOI. */
  private drop(): void {
    this.stats.dropped++;
    this.reset(2);
  }

  private parse(out: JpegFrame[]): void {
    const b = this.buf;
    for (;;) {
      if (this.state === State.Seek) {
        let i = this.pos;
        for (;;) {
          i = b.indexOf(0xff, i);
          if (i < 0 || i >= this.len) i = this.len;
          if (i + 1 >= this.len || b[i + 1] === 0xd8) break;
          i++;
        }
        if (i + 1 >= this.len) {
          // Keep a trailing 0xFF: it may be the first half of an SOI.
          const keep = this.len > 0 && b[this.len - 1] === 0xff ? this.len - 1 : this.len;
          this.stats.skippedBytes += keep;
          this.compact(keep);
          this.pos = 0;
          return;
        }
        this.stats.skippedBytes += i;
        this.compact(i);
        this.pos = 2;
        this.state = State.Marker;
        continue;
      }
      if (this.pos > this.max) {
        this.drop();
        continue;
      }
      if (this.state === State.Marker) {
        // Fill bytes (FF FF …) may precede a marker.
        let i = this.pos;
        if (i >= this.len) return;
        if (b[i] !== 0xff) {
          this.drop();
          continue;
        }
        while (i < this.len && b[i] === 0xff) i++;
        if (i >= this.len) return;
        const m = b[i] as number;
        const afterMarker = i + 1;
        if (m === 0xd9) {
          if (!this.sawScan) {
            this.drop();
            continue;
          }
          this.emit(afterMarker, out);
          continue;
        }
        if (m === 0xd8 || m === 0x00) {
          this.drop();
          continue;
        }
        if ((m >= 0xd0 && m <= 0xd7) || m === 0x01) {
          this.pos = afterMarker;
          continue;
        }
        if (afterMarker + 2 > this.len) return;
        const segLen = ((b[afterMarker] as number) << 8) | (b[afterMarker + 1] as number);
        if (segLen < 2) {
          this.drop();
          continue;
        }
        const segEnd = afterMarker + segLen;
        if (segEnd > this.max) {
          this.drop();
          continue;
        }
        if (segEnd > this.len) return;
        if (isSof(m) && segLen >= 8) {
          this.height = ((b[afterMarker + 3] as number) << 8) | (b[afterMarker + 4] as number);
          this.width = ((b[afterMarker + 5] as number) << 8) | (b[afterMarker + 6] as number);
        }
        this.pos = segEnd;
        if (m === 0xda) {
          this.sawScan = true;
          this.state = State.Entropy;
        }
        continue;
      }
      // Entropy-coded data: only FF followed by a non-data byte is a marker.
      let i = this.pos;
      for (;;) {
        i = b.indexOf(0xff, i);
        if (i < 0 || i > this.len) i = this.len;
        if (i + 1 >= this.len) {
          this.pos = i;
          if (this.pos > this.max) break;
          return;
        }
        const n = b[i + 1] as number;
        if (n === 0x00 || (n >= 0xd0 && n <= 0xd7)) {
          i += 2;
          continue;
        }
        if (n === 0xff) {
          i += 1;
          continue;
        }
        break;
      }
      if (this.pos > this.max || i + 1 >= this.len) {
        this.drop();
        continue;
      }
      const n = b[i + 1] as number;
      if (n === 0xd9) {
        this.emit(i + 2, out);
        continue;
      }
      if (n === 0xd8) {
        // A new image starts inside this one: the camera stopped mid-frame.
        this.stats.dropped++;
        this.compact(i);
        this.reset(0);
        continue;
      }
      // Another marker (DHT/SOS between the scans of a progressive image…): back to segments.
      this.pos = i;
      this.state = State.Marker;
    }
  }

  private emit(end: number, out: JpegFrame[]): void {
    if (end > this.max) {
      this.drop();
      return;
    }
    out.push({ bytes: this.buf.slice(0, end), width: this.width, height: this.height });
    this.stats.frames++;
    this.compact(end);
    this.reset(0);
  }
}

/** SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC). */
function isSof(m: number): boolean {
  return m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;
}

/** Width and height from a whole JPEG's SOF header, or null when it has none (or is not a JPEG). */
export function jpegSize(bytes: Uint8Array): { width: number; height: number } | null {
  const s = new MjpegSplitter({ maxFrameBytes: Math.max(4, bytes.length) });
  const [f] = s.push(bytes);
  return f && f.width > 0 ? { width: f.width, height: f.height } : null;
}
