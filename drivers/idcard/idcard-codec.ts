/**
 * SAM_V (GA 467) framing, pure: frames ⇄ bytes, XOR checksum, and a stream reader that finds
 * frames in whatever arrives (split frames, garbage between them, corrupted preambles).
 *
 *   Host → SAM :  AA AA AA 96 69 | LEN_H LEN_L | CMD | PARA | DATA… | CHK
 *   SAM → Host :  AA AA AA 96 69 | LEN_H LEN_L | SW1 | SW2  | SW3 | DATA… | CHK
 *
 * LEN is big-endian and counts every byte after itself, CHK included; CHK is the XOR of every
 * byte from LEN_H to the byte before CHK. Nothing here throws on any input.
 */
import type { FrameReader } from '../transport/request.js';

export const PREAMBLE = Buffer.from([0xaa, 0xaa, 0xaa, 0x96, 0x69]);
/** Bytes before the body: preamble (5) + LEN (2). */
export const HEADER_BYTES = 7;
/** The longest reply known is 2321 bytes (read with two fingerprints); leave room for variants. */
export const MAX_LEN = 0x1000;

/** The commands of the SAM_V command set used here. `name` is used in logs and errors. */
export const COMMANDS = {
  reset: { cmd: 0x10, para: 0xff, name: 'reset-sam' },
  status: { cmd: 0x11, para: 0xff, name: 'sam-status' },
  samId: { cmd: 0x12, para: 0xff, name: 'read-sam-id' },
  find: { cmd: 0x20, para: 0x01, name: 'find-card' },
  select: { cmd: 0x20, para: 0x02, name: 'select-card' },
  read: { cmd: 0x30, para: 0x01, name: 'read-text-photo' },
  readAddress: { cmd: 0x30, para: 0x03, name: 'read-new-address' },
  readFingerprint: { cmd: 0x30, para: 0x10, name: 'read-text-photo-fingerprint' },
} as const;
export type CommandKey = keyof typeof COMMANDS;

/** A frame as found on the wire: the bytes between LEN and CHK (`body`), checksum verified. */
export interface SamFrame {
  body: Buffer;
  /** The whole frame, preamble normalised to `AA AA AA 96 69`. */
  raw: Buffer;
}

export interface SamRequest {
  cmd: number;
  para: number;
  data: Buffer;
}

export interface SamResponse {
  sw1: number;
  sw2: number;
  sw3: number;
  data: Buffer;
}

/** XOR of `bytes[from..to)`. */
export function xor(bytes: Uint8Array, from = 0, to = bytes.length): number {
  let x = 0;
  for (let i = from; i < to; i++) x ^= bytes[i] ?? 0;
  return x;
}

/** Build a frame around `body` (LEN and CHK computed). */
export function encodeFrame(body: Uint8Array): Buffer {
  const len = body.length + 1;
  const out = Buffer.alloc(HEADER_BYTES + len);
  PREAMBLE.copy(out, 0);
  out.writeUInt16BE(len, 5);
  out.set(body, HEADER_BYTES);
  out[out.length - 1] = xor(out, 5, out.length - 1);
  return out;
}

export function encodeRequest(cmd: number, para: number, data: Uint8Array = Buffer.alloc(0)): Buffer {
  return encodeFrame(Buffer.concat([Buffer.from([cmd, para]), data]));
}

export function encodeCommand(key: CommandKey): Buffer {
  const c = COMMANDS[key];
  return encodeRequest(c.cmd, c.para);
}

export function encodeResponse(sw3: number, data: Uint8Array = Buffer.alloc(0), sw1 = 0, sw2 = 0): Buffer {
  return encodeFrame(Buffer.concat([Buffer.from([sw1, sw2, sw3]), data]));
}

/** Interpret a frame from the host. Null when too short to hold CMD and PARA. */
export function asRequest(f: SamFrame): SamRequest | null {
  if (f.body.length < 2) return null;
  return { cmd: f.body[0] ?? 0, para: f.body[1] ?? 0, data: f.body.subarray(2) };
}

/** Interpret a frame from the SAM. Null when too short to hold SW1..SW3. */
export function asResponse(f: SamFrame): SamResponse | null {
  if (f.body.length < 3) return null;
  return { sw1: f.body[0] ?? 0, sw2: f.body[1] ?? 0, sw3: f.body[2] ?? 0, data: f.body.subarray(3) };
}

/** Decode exactly one frame from `bytes` (which must hold nothing else). Null if it is not one. */
export function decodeFrame(bytes: Uint8Array): SamFrame | null {
  let sync = 0;
  while (bytes[sync] === 0xaa) sync++;
  if (sync === 0 || bytes[sync] !== 0x96 || bytes[sync + 1] !== 0x69) return null;
  const len = ((bytes[sync + 2] ?? 0) << 8) | (bytes[sync + 3] ?? 0);
  if (bytes.length !== sync + 4 + len) return null;
  const r = new SamFrameReader();
  const frames = r.push(bytes);
  return frames.length === 1 ? (frames[0] ?? null) : null;
}

/**
 * Finds frames in a byte stream. A frame starts at `96 69` preceded by at least one `AA` (line
 * noise can eat sync bytes: `AA 00 AA AA 96 69` is seen in the field). A candidate whose LEN is
 * out of range or whose XOR fails is dropped and the scan resumes one byte later, so a good frame
 * after any amount of garbage is always found. While a long candidate is incomplete, a complete
 * valid frame that starts later wins (garbage that looks like a header must not swallow the real
 * reply that follows it).
 */
export class SamFrameReader implements FrameReader<SamFrame> {
  private buf: Buffer = Buffer.alloc(0);
  /** Offset in `buf` of the candidate frame being completed, or -1 while hunting. */
  private start = -1;
  /** Bytes dropped as garbage since construction (for tests and stats). */
  discarded = 0;

  get pending(): number {
    return this.start < 0 ? 0 : this.buf.length - this.start;
  }

  reset(): void {
    this.buf = Buffer.alloc(0);
    this.start = -1;
  }

  push(chunk: Uint8Array): SamFrame[] {
    if (chunk.length === 0) return [];
    this.buf = this.buf.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.buf, chunk]);
    const out: SamFrame[] = [];
    let pos = 0;
    for (;;) {
      const m = findMarker(this.buf, pos);
      if (m < 0) break;
      const verdict = this.check(m);
      if (verdict === 'incomplete') {
        // Look ahead: a complete valid frame further on means this candidate was garbage.
        const later = this.completeFrameAfter(m);
        if (later < 0) {
          this.start = m - 1;
          this.compact();
          return out;
        }
        pos = later;
        continue;
      }
      if (verdict === 'bad') {
        pos = m + 1;
        continue;
      }
      out.push(verdict);
      pos = m + 2 + 2 + verdict.body.length + 1;
    }
    // Hunting: keep only a tail that could begin a marker (`AA`, `AA 96`).
    this.start = -1;
    const keep = tailToKeep(this.buf, pos);
    this.discarded += this.buf.length - pos - keep;
    this.buf = keep > 0 ? Buffer.from(this.buf.subarray(this.buf.length - keep)) : Buffer.alloc(0);
    return out;
  }

  /** Drop everything before the current candidate (its leading `AA` kept). */
  private compact(): void {
    if (this.start > 0) {
      this.discarded += this.start;
      this.buf = Buffer.from(this.buf.subarray(this.start));
      this.start = 0;
    }
  }

  /** `m` is the offset of `96`. */
  private check(m: number): SamFrame | 'incomplete' | 'bad' {
    const b = this.buf;
    if (b.length < m + 4) return 'incomplete';
    const len = ((b[m + 2] ?? 0) << 8) | (b[m + 3] ?? 0);
    if (len < 3 || len > MAX_LEN) return 'bad';
    const end = m + 4 + len; // exclusive
    if (b.length < end) return 'incomplete';
    if (xor(b, m + 2, end - 1) !== b[end - 1]) return 'bad';
    const body = Buffer.from(b.subarray(m + 4, end - 1));
    const raw = Buffer.concat([PREAMBLE, b.subarray(m + 2, end)]);
    return { body, raw };
  }

  private completeFrameAfter(m: number): number {
    let p = m + 1;
    for (;;) {
      const q = findMarker(this.buf, p);
      if (q < 0) return -1;
      const v = this.check(q);
      if (v !== 'incomplete' && v !== 'bad') return q;
      p = q + 1;
    }
  }
}

/** Offset of the next `96 69` at or after `from` that follows an `AA`; -1 if none. */
function findMarker(b: Buffer, from: number): number {
  let i = Math.max(from, 1);
  for (;;) {
    const j = b.indexOf(0x96, i);
    if (j < 0) return -1;
    if (j + 1 < b.length && b[j + 1] === 0x69 && b[j - 1] === 0xaa) return j;
    if (j + 1 >= b.length && b[j - 1] === 0xaa) return -1; // `AA 96` at the end: maybe a marker
    i = j + 1;
  }
}

function tailToKeep(b: Buffer, pos: number): number {
  const n = b.length;
  if (n - pos >= 2 && b[n - 2] === 0xaa && b[n - 1] === 0x96) return 2;
  if (n - pos >= 1 && b[n - 1] === 0xaa) return 1;
  return 0;
}
