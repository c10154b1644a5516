/**
 * Builds an ESC/POS byte stream for a receipt: init, Chinese mode, GB18030 text, alignment,
 * bold, character size, QR codes (`GS ( k`), Code128, feeds and cuts.
 *
 * Text is sanitised before encoding: control characters (anything below U+0020 and DEL) become
 * spaces, so a string from a form can never smuggle a printer command into the stream. Lone
 * surrogates become `?`. The same rule is exported as `sanitizeReceiptText` for tests.
 */
import iconv from 'iconv-lite';

export type Align = 'left' | 'center' | 'right';
export type QrErrorCorrection = 'L' | 'M' | 'Q' | 'H';
export type CutKind = 'full' | 'partial';

export interface TextStyle {
  align?: Align;
  bold?: boolean;
  /** Character width multiplier 1..8. */
  width?: number;
  /** Character height multiplier 1..8. */
  height?: number;
}

export interface QrOptions {
  /** Module size in dots, 1..16 (default 6). */
  size?: number;
  ecc?: QrErrorCorrection;
  align?: Align;
}

export const ESC = 0x1b;
export const GS = 0x1d;
export const FS = 0x1c;
export const LF = 0x0a;

const ALIGN_CODE: Record<Align, number> = { left: 0, center: 1, right: 2 };
const ECC_CODE: Record<QrErrorCorrection, number> = { L: 48, M: 49, Q: 50, H: 51 };
/** The longest payload `GS ( k` fn 180 can carry (pL/pH minus the 3 header bytes), capped by QR's 7089 numeric. */
export const QR_MAX_BYTES = 7089;

export function sanitizeReceiptText(text: string): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp < 0x20 || cp === 0x7f) out += ' ';
    else if (cp >= 0xd800 && cp <= 0xdfff) out += '?';
    else out += ch;
  }
  return out;
}

export function encodeGb18030(text: string): Buffer {
  return iconv.encode(sanitizeReceiptText(text), 'GB18030');
}

function clampInt(n: number, min: number, max: number, name: string): number {
  if (!Number.isInteger(n) || n < min || n > max) throw new RangeError(`${name} must be an integer ${min}..${max}, got ${n}`);
  return n;
}

export class ReceiptBuilder {
  private readonly parts: Uint8Array[] = [];
  private align: Align = 'left';
  private bold = false;
  private width = 1;
  private height = 1;

  /** Starts with `ESC @` (reset) and `FS &` (Chinese double-byte mode). */
  constructor() {
    this.raw([ESC, 0x40, FS, 0x26]);
  }

  /** Append bytes as they are (for commands this builder does not know). */
  raw(bytes: ArrayLike<number>): this {
    this.parts.push(Uint8Array.from(bytes));
    return this;
  }

  setAlign(align: Align): this {
    if (align !== this.align) {
      this.raw([ESC, 0x61, ALIGN_CODE[align]]);
      this.align = align;
    }
    return this;
  }

  setBold(bold: boolean): this {
    if (bold !== this.bold) {
      this.raw([ESC, 0x45, bold ? 1 : 0]);
      this.bold = bold;
    }
    return this;
  }

  setSize(width: number, height: number): this {
    clampInt(width, 1, 8, 'width');
    clampInt(height, 1, 8, 'height');
    if (width !== this.width || height !== this.height) {
      this.raw([GS, 0x21, ((width - 1) << 4) | (height - 1)]);
      this.width = width;
      this.height = height;
    }
    return this;
  }

  style(s: TextStyle): this {
    if (s.align !== undefined) this.setAlign(s.align);
    if (s.bold !== undefined) this.setBold(s.bold);
    if (s.width !== undefined || s.height !== undefined) this.setSize(s.width ?? this.width, s.height ?? this.height);
    return this;
  }

  /** Text without a line end (GB18030). */
  text(text: string): this {
    const bytes = encodeGb18030(text);
    if (bytes.length > 0) this.parts.push(bytes);
    return this;
  }

  /** One line of text in the given style; the style stays in effect afterwards. */
  line(text = '', style: TextStyle = {}): this {
    this.style(style);
    return this.text(text).raw([LF]);
  }

  /** `ESC d n`: print the buffer and feed n lines. */
  feed(lines = 1): this {
    return this.raw([ESC, 0x64, clampInt(lines, 0, 255, 'lines')]);
  }

  /** A QR code (model 2) through `GS ( k`: model, module size, error correction, store, print. */
  qr(data: string, opts: QrOptions = {}): this {
    const payload = Buffer.from(data, 'utf8');
    if (payload.length === 0) throw new RangeError('QR data must not be empty');
    if (payload.length > QR_MAX_BYTES) throw new RangeError(`QR data too long (${payload.length} > ${QR_MAX_BYTES} bytes)`);
    const size = clampInt(opts.size ?? 6, 1, 16, 'QR module size');
    if (opts.align !== undefined) this.setAlign(opts.align);
    const len = payload.length + 3;
    this.raw([GS, 0x28, 0x6b, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00]);
    this.raw([GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x43, size]);
    this.raw([GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x45, ECC_CODE[opts.ecc ?? 'M']]);
    this.raw([GS, 0x28, 0x6b, len & 0xff, len >> 8, 0x31, 0x50, 0x30]);
    this.parts.push(payload);
    this.raw([GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30]);
    return this;
  }

  /** Code128 (`GS k 73 n`), code set B, printable ASCII only. */
  code128(data: string, align?: Align): this {
    if (!/^[\x20-\x7e]{1,250}$/.test(data)) throw new RangeError('Code128 data must be 1..250 printable ASCII characters');
    if (align !== undefined) this.setAlign(align);
    const body = Buffer.concat([Buffer.from([0x7b, 0x42]), Buffer.from(data, 'latin1')]);
    return this.raw([GS, 0x6b, 0x49, body.length]).raw(body);
  }

  /** `GS V 0/1`, or `GS V 66 n` (feed n lines, then partial cut) when feed > 0. */
  cut(kind: CutKind = 'partial', feedLines = 0): this {
    if (feedLines > 0) return this.raw([GS, 0x56, kind === 'full' ? 65 : 66, clampInt(feedLines, 0, 255, 'feed')]);
    return this.raw([GS, 0x56, kind === 'full' ? 0 : 1]);
  }

  build(): Uint8Array {
    return Uint8Array.from(Buffer.concat(this.parts));
  }
}
