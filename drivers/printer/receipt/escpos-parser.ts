/**
 * The printer's side of ESC/POS: a streaming parser that turns the bytes a host sends into a
 * decoded receipt model (text lines with alignment/bold/size, QR payloads, barcodes, images,
 * feeds, cuts) and real-time requests (`DLE EOT n`, `DLE ENQ n`, `GS r n`, `GS a n`).
 *
 * It is fed chunks as they arrive (commands may be split anywhere), never throws on any input,
 * skips what it does not know (reported as `unknown` events), and holds at most one incomplete
 * command; a command that declares an absurd payload is dropped instead of waited for.
 */
import iconv from 'iconv-lite';
import type { Align, CutKind, QrErrorCorrection } from './receipt-builder.js';

export interface TextSpan {
  text: string;
  bold: boolean;
  width: number;
  height: number;
}

export type ReceiptItem =
  | { kind: 'text'; align: Align; spans: TextSpan[] }
  | { kind: 'qr'; align: Align; data: string; size: number; ecc: QrErrorCorrection }
  | { kind: 'barcode'; align: Align; symbology: string; data: string }
  | { kind: 'image'; align: Align; widthDots: number; heightDots: number }
  | { kind: 'feed'; lines: number }
  | { kind: 'cut'; cut: CutKind; feed: number };

export type ParserEvent =
  | { type: 'item'; item: ReceiptItem }
  | { type: 'init' }
  /** `DLE EOT n`: answer with one status byte, now. */
  | { type: 'realtime-status'; n: number }
  /** `DLE ENQ n`: recover from an error (1 = restart, 2 = clear buffer). */
  | { type: 'realtime-recover'; n: number }
  /** `GS r n`: queued status request. */
  | { type: 'transmit-status'; n: number }
  /** `GS a n`: automatic status back on/off. */
  | { type: 'asb'; n: number }
  | { type: 'unknown'; bytes: number[] };

/** Largest payload a command may declare before we treat its header as garbage. */
export const MAX_COMMAND_PAYLOAD = 4 * 1024 * 1024;

const ECC_BY_CODE: Record<number, QrErrorCorrection> = { 48: 'L', 49: 'M', 50: 'Q', 51: 'H' };
const ALIGNS: readonly Align[] = ['left', 'center', 'right'];
const BARCODE_NAMES: Record<number, string> = {
  0: 'UPC-A',
  1: 'UPC-E',
  2: 'EAN13',
  3: 'EAN8',
  4: 'CODE39',
  5: 'ITF',
  6: 'CODABAR',
  65: 'UPC-A',
  66: 'UPC-E',
  67: 'EAN13',
  68: 'EAN8',
  69: 'CODE39',
  70: 'ITF',
  71: 'CODABAR',
  72: 'CODE93',
  73: 'CODE128',
};

/** Outcome of trying to parse one command at the head of the buffer. */
type Step = { consumed: number } | 'incomplete';

export class EscPosStreamParser {
  private buf: Buffer = Buffer.alloc(0);
  private events: ParserEvent[] = [];
  // Print modes.
  private align: Align = 'left';
  private lineAlign: Align | null = null;
  private bold = false;
  private doubleStrike = false;
  private width = 1;
  private height = 1;
  private chinese = true;
  // Current line.
  private spans: TextSpan[] = [];
  private pending: number[] = [];
  // QR symbol settings.
  private qrSize = 3;
  private qrEcc: QrErrorCorrection = 'L';
  private qrData: Buffer | null = null;

  /** Feed bytes; returns what they completed. */
  push(chunk: Uint8Array): ParserEvent[] {
    this.buf = this.buf.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.buf, chunk]);
    let pos = 0;
    while (pos < this.buf.length) {
      const step = this.step(pos);
      if (step === 'incomplete') break;
      pos += step.consumed;
    }
    this.buf = this.buf.subarray(pos);
    const out = this.events;
    this.events = [];
    return out;
  }

  /** Bytes waiting for the rest of a command. */
  get buffered(): number {
    return this.buf.length;
  }

  /** Text received but not yet ended by LF (what a printer would print on the next feed). */
  get pendingText(): string {
    return [...this.spans.map((s) => s.text), this.decode(this.pending)].join('');
  }

  private emit(e: ParserEvent): void {
    this.events.push(e);
  }

  private item(item: ReceiptItem): void {
    this.emit({ type: 'item', item });
  }

  private byteAt(i: number): number | undefined {
    return this.buf[i];
  }

  private unknown(pos: number, n: number): { consumed: number } {
    this.emit({ type: 'unknown', bytes: [...this.buf.subarray(pos, pos + n)] });
    return { consumed: n };
  }

  private step(pos: number): Step {
    const b = this.buf[pos] ?? 0;
    if (b === 0x1b) return this.esc(pos);
    if (b === 0x1d) return this.gs(pos);
    if (b === 0x1c) return this.fs(pos);
    if (b === 0x10) return this.dle(pos);
    if (b === 0x0a) {
      this.endLine(true);
      return { consumed: 1 };
    }
    if (b === 0x0d) return { consumed: 1 };
    if (b === 0x09) {
      this.textByte(0x20);
      return { consumed: 1 };
    }
    if (b < 0x20 || b === 0x7f) return this.unknown(pos, 1);
    this.textByte(b);
    return { consumed: 1 };
  }

  /** Ensure `n` bytes from `pos`; returns false if the buffer is short. */
  private has(pos: number, n: number): boolean {
    return this.buf.length - pos >= n;
  }

  private arg(pos: number, i: number): number {
    return this.buf[pos + i] ?? 0;
  }

  /** A two-byte command with `n` argument bytes: `apply` them once they are all here. */
  private withArgs(pos: number, n: number, apply: (args: number[]) => void): Step {
    if (!this.has(pos, 2 + n)) return 'incomplete';
    apply([...this.buf.subarray(pos + 2, pos + 2 + n)]);
    return { consumed: 2 + n };
  }

  private esc(pos: number): Step {
    if (!this.has(pos, 2)) return 'incomplete';
    const x = this.arg(pos, 1);
    switch (x) {
      case 0x40: // ESC @
        this.reset();
        this.emit({ type: 'init' });
        return { consumed: 2 };
      case 0x45: // ESC E n
        return this.withArgs(pos, 1, ([n = 0]) => this.setStyle({ bold: (n & 1) === 1 }));
      case 0x47: // ESC G n double strike: printed like bold
        return this.withArgs(pos, 1, ([n = 0]) => {
          this.flushSpan();
          this.doubleStrike = (n & 1) === 1;
        });
      case 0x21: // ESC ! n print mode
        return this.withArgs(pos, 1, ([n = 0]) =>
          this.setStyle({ bold: (n & 0x08) !== 0, width: n & 0x20 ? 2 : 1, height: n & 0x10 ? 2 : 1 }),
        );
      case 0x61: // ESC a n
        return this.withArgs(pos, 1, ([n = 0]) => {
          const a = ALIGNS[n % 48];
          if (a) this.align = a;
        });
      case 0x64: // ESC d n
        return this.withArgs(pos, 1, ([n = 0]) => {
          this.endLine(false);
          this.item({ kind: 'feed', lines: n });
        });
      case 0x4a: // ESC J n (dots)
        return this.withArgs(pos, 1, ([n = 0]) => {
          this.endLine(false);
          this.item({ kind: 'feed', lines: Math.ceil(n / 30) });
        });
      case 0x32: // ESC 2
        return { consumed: 2 };
      case 0x2d: // ESC - n underline
      case 0x33: // ESC 3 n line spacing
      case 0x74: // ESC t n code page
      case 0x4d: // ESC M n font
      case 0x52: // ESC R n charset
      case 0x56: // ESC V n rotate
      case 0x7b: // ESC { n upside down
      case 0x20: // ESC SP n
      case 0x65: // ESC e n reverse feed
      case 0x55: // ESC U n
      case 0x72: // ESC r n colour
        return this.withArgs(pos, 1, () => undefined);
      case 0x63: // ESC c 3|4|5 n
      case 0x24: // ESC $ nL nH
      case 0x5c: // ESC \ nL nH
        return this.withArgs(pos, 2, () => undefined);
      case 0x70: // ESC p m t1 t2 (drawer kick)
        return this.withArgs(pos, 3, () => undefined);
      case 0x44: {
        // ESC D n1..nk NUL (tab stops, at most 32)
        for (let i = pos + 2; i < Math.min(this.buf.length, pos + 2 + 33); i++) {
          if (this.buf[i] === 0) return { consumed: i - pos + 1 };
        }
        return this.has(pos, 2 + 33) ? this.unknown(pos, 2) : 'incomplete';
      }
      case 0x2a: {
        // ESC * m nL nH data: one band of a bit image
        if (!this.has(pos, 5)) return 'incomplete';
        const m = this.arg(pos, 2);
        const n = this.arg(pos, 3) + 256 * this.arg(pos, 4);
        const total = 5 + n * (m >= 32 ? 3 : 1);
        if (!this.has(pos, total)) return 'incomplete';
        this.endLine(false);
        this.item({ kind: 'image', align: this.align, widthDots: n, heightDots: m >= 32 ? 24 : 8 });
        return { consumed: total };
      }
      default:
        return this.unknown(pos, 2);
    }
  }

  private gs(pos: number): Step {
    if (!this.has(pos, 2)) return 'incomplete';
    const x = this.arg(pos, 1);
    switch (x) {
      case 0x21: // GS ! n
        return this.withArgs(pos, 1, ([n = 0]) => this.setStyle({ width: ((n >> 4) & 7) + 1, height: (n & 7) + 1 }));
      case 0x56: {
        // GS V m [n]
        if (!this.has(pos, 3)) return 'incomplete';
        const m = this.arg(pos, 2);
        const withFeed = m >= 65;
        if (withFeed && !this.has(pos, 4)) return 'incomplete';
        const feed = withFeed ? this.arg(pos, 3) : 0;
        const cut: CutKind = m % 2 === 0 ? 'full' : 'partial';
        this.endLine(false);
        this.item({ kind: 'cut', cut, feed });
        return { consumed: withFeed ? 4 : 3 };
      }
      case 0x61: // GS a n
        return this.withArgs(pos, 1, ([n = 0]) => this.emit({ type: 'asb', n }));
      case 0x72: // GS r n
        return this.withArgs(pos, 1, ([n = 0]) => this.emit({ type: 'transmit-status', n }));
      case 0x42: // GS B n reverse
      case 0x68: // GS h n barcode height
      case 0x77: // GS w n barcode width
      case 0x48: // GS H n HRI position
      case 0x66: // GS f n HRI font
      case 0x49: // GS I n printer id
      case 0x62: // GS b n smoothing
      case 0x2f: // GS / m print downloaded image
        return this.withArgs(pos, 1, () => undefined);
      case 0x4c: // GS L nL nH left margin
      case 0x57: // GS W nL nH width
      case 0x24: // GS $
      case 0x5c: // GS \
      case 0x50: // GS P x y
        return this.withArgs(pos, 2, () => undefined);
      case 0x6b:
        return this.barcode(pos);
      case 0x28:
        return this.gsParen(pos);
      case 0x76: {
        // GS v 0 m xL xH yL yH data
        if (!this.has(pos, 8)) return 'incomplete';
        if (this.arg(pos, 2) !== 0x30) return this.unknown(pos, 3);
        const xBytes = this.arg(pos, 4) + 256 * this.arg(pos, 5);
        const y = this.arg(pos, 6) + 256 * this.arg(pos, 7);
        const size = xBytes * y;
        if (size > MAX_COMMAND_PAYLOAD) return this.unknown(pos, 8);
        if (!this.has(pos, 8 + size)) return 'incomplete';
        this.endLine(false);
        this.item({ kind: 'image', align: this.align, widthDots: xBytes * 8, heightDots: y });
        return { consumed: 8 + size };
      }
      case 0x2a: {
        // GS * x y data (x*y*8 bytes): define downloaded image
        if (!this.has(pos, 4)) return 'incomplete';
        const size = this.arg(pos, 2) * this.arg(pos, 3) * 8;
        if (!this.has(pos, 4 + size)) return 'incomplete';
        return { consumed: 4 + size };
      }
      default:
        return this.unknown(pos, 2);
    }
  }

  private barcode(pos: number): Step {
    if (!this.has(pos, 3)) return 'incomplete';
    const m = this.arg(pos, 2);
    const symbology = BARCODE_NAMES[m] ?? `barcode-${m}`;
    if (m <= 6) {
      for (let i = pos + 3; i < Math.min(this.buf.length, pos + 3 + 256); i++) {
        if (this.buf[i] === 0) {
          this.endLine(false);
          const data = this.buf.subarray(pos + 3, i).toString('latin1');
          this.item({ kind: 'barcode', align: this.align, symbology, data });
          return { consumed: i - pos + 1 };
        }
      }
      return this.has(pos, 3 + 256) ? this.unknown(pos, 3) : 'incomplete';
    }
    if (!this.has(pos, 4)) return 'incomplete';
    const n = this.arg(pos, 3);
    if (!this.has(pos, 4 + n)) return 'incomplete';
    let data = this.buf.subarray(pos + 4, pos + 4 + n).toString('latin1');
    if (m === 73 && /^\{[ABC]/.test(data)) data = data.slice(2);
    this.endLine(false);
    this.item({ kind: 'barcode', align: this.align, symbology, data });
    return { consumed: 4 + n };
  }

  /** `GS ( x pL pH …`: every such command carries its own length. */
  private gsParen(pos: number): Step {
    if (!this.has(pos, 5)) return 'incomplete';
    const fnGroup = this.arg(pos, 2);
    const len = this.arg(pos, 3) + 256 * this.arg(pos, 4);
    if (!this.has(pos, 5 + len)) return 'incomplete';
    const body = this.buf.subarray(pos + 5, pos + 5 + len);
    const consumed = { consumed: 5 + len };
    if (fnGroup !== 0x6b || body[0] !== 0x31) {
      this.emit({ type: 'unknown', bytes: [...this.buf.subarray(pos, pos + 5)] });
      return consumed;
    }
    // QR code (cn = 49)
    const fn = body[1] ?? 0;
    switch (fn) {
      case 0x41: // model
        break;
      case 0x43: {
        const n = body[2];
        if (n !== undefined && n >= 1 && n <= 16) this.qrSize = n;
        break;
      }
      case 0x45: {
        const e = ECC_BY_CODE[body[2] ?? -1];
        if (e) this.qrEcc = e;
        break;
      }
      case 0x50: // store: m = 0x30, then data
        this.qrData = len >= 3 ? Buffer.from(body.subarray(3)) : null;
        break;
      case 0x51: // print
        if (this.qrData && this.qrData.length > 0) {
          this.endLine(false);
          this.item({
            kind: 'qr',
            align: this.align,
            data: this.qrData.toString('utf8'),
            size: this.qrSize,
            ecc: this.qrEcc,
          });
        }
        break;
      default:
        this.emit({ type: 'unknown', bytes: [...this.buf.subarray(pos, pos + 5)] });
    }
    return consumed;
  }

  private fs(pos: number): Step {
    if (!this.has(pos, 2)) return 'incomplete';
    const x = this.arg(pos, 1);
    switch (x) {
      case 0x26: // FS &
        this.flushSpan();
        this.chinese = true;
        return { consumed: 2 };
      case 0x2e: // FS .
        this.flushSpan();
        this.chinese = false;
        return { consumed: 2 };
      case 0x21: // FS ! n
      case 0x2d: // FS - n
      case 0x43: // FS C n
      case 0x57: // FS W n
        return this.has(pos, 3) ? { consumed: 3 } : 'incomplete';
      case 0x53: // FS S n1 n2
      case 0x70: // FS p n m
        return this.has(pos, 4) ? { consumed: 4 } : 'incomplete';
      default:
        return this.unknown(pos, 2);
    }
  }

  private dle(pos: number): Step {
    if (!this.has(pos, 2)) return 'incomplete';
    const x = this.arg(pos, 1);
    if (x === 0x04 || x === 0x05) {
      if (!this.has(pos, 3)) return 'incomplete';
      const n = this.arg(pos, 2);
      this.emit(x === 0x04 ? { type: 'realtime-status', n } : { type: 'realtime-recover', n });
      return { consumed: 3 };
    }
    if (x === 0x14) {
      if (!this.has(pos, 3)) return 'incomplete';
      const fn = this.arg(pos, 2);
      const total = fn === 1 || fn === 2 ? 5 : fn === 8 ? 10 : 3;
      return this.has(pos, total) ? { consumed: total } : 'incomplete';
    }
    return this.unknown(pos, 1);
  }

  private reset(): void {
    this.spans = [];
    this.pending = [];
    this.lineAlign = null;
    this.align = 'left';
    this.bold = false;
    this.doubleStrike = false;
    this.width = 1;
    this.height = 1;
    this.qrSize = 3;
    this.qrEcc = 'L';
    this.qrData = null;
  }

  private setStyle(s: { bold?: boolean; width?: number; height?: number }): void {
    this.flushSpan();
    if (s.bold !== undefined) this.bold = s.bold;
    if (s.width !== undefined) this.width = s.width;
    if (s.height !== undefined) this.height = s.height;
  }

  private textByte(b: number): void {
    if (this.spans.length === 0 && this.pending.length === 0) this.lineAlign = this.align;
    this.pending.push(b);
  }

  private decode(bytes: number[]): string {
    if (bytes.length === 0) return '';
    const buf = Buffer.from(bytes);
    return this.chinese ? iconv.decode(buf, 'GB18030') : iconv.decode(buf, 'cp437');
  }

  private flushSpan(): void {
    if (this.pending.length === 0) return;
    const text = this.decode(this.pending);
    this.pending = [];
    const bold = this.bold || this.doubleStrike;
    const last = this.spans[this.spans.length - 1];
    if (last && last.bold === bold && last.width === this.width && last.height === this.height) last.text += text;
    else this.spans.push({ text, bold, width: this.width, height: this.height });
  }

  /** LF ends a line even when empty (a blank line); other commands only print pending text. */
  private endLine(force: boolean): void {
    this.flushSpan();
    if (!force && this.spans.length === 0) return;
    this.item({ kind: 'text', align: this.lineAlign ?? this.align, spans: this.spans });
    this.spans = [];
    this.lineAlign = null;
  }
}

export interface DecodedReceipt {
  items: ReceiptItem[];
  /** How the receipt was cut off the roll; null while it is still being printed. */
  cut: CutKind | null;
}

/** Groups items into receipts: a cut ends one. */
export class ReceiptCollector {
  /** The cut receipts, oldest first: at most `keep` of them (the newest). */
  readonly receipts: DecodedReceipt[] = [];
  /** Receipts cut since the start, including those no longer kept. */
  cutCount = 0;
  private current: ReceiptItem[] = [];

  /**
   * `keep` bounds the history: a long-running emulator (the demo, the soak) prints a receipt per
   * citizen and must not hold every one of them for ever.
   */
  constructor(private readonly keep = Infinity) {}

  add(item: ReceiptItem): void {
    if (item.kind === 'cut') {
      this.receipts.push({ items: this.current, cut: item.cut });
      this.cutCount++;
      if (this.receipts.length > this.keep) this.receipts.splice(0, this.receipts.length - this.keep);
      this.current = [];
    } else {
      this.current.push(item);
    }
  }

  /** Items printed since the last cut. */
  get open(): DecodedReceipt {
    return { items: [...this.current], cut: null };
  }
}

/** Decode a whole byte stream at once: the receipts it cut, plus what was left uncut. */
export function decodeEscPos(bytes: Uint8Array): { receipts: DecodedReceipt[]; uncut: DecodedReceipt; events: ParserEvent[] } {
  const parser = new EscPosStreamParser();
  const collector = new ReceiptCollector();
  const events = parser.push(bytes);
  for (const e of events) if (e.type === 'item') collector.add(e.item);
  return { receipts: collector.receipts, uncut: collector.open, events };
}

export function lineText(item: Extract<ReceiptItem, { kind: 'text' }>): string {
  return item.spans.map((s) => s.text).join('');
}

/** Plain text, 32 columns wide (a 58 mm roll), for logs and the technician's terminal. */
export function renderReceiptText(receipt: DecodedReceipt, columns = 32): string {
  const out: string[] = [];
  const pad = (text: string, align: Align): string => {
    const w = displayWidth(text);
    if (w >= columns || align === 'left') return text;
    const space = columns - w;
    return ' '.repeat(align === 'center' ? Math.floor(space / 2) : space) + text;
  };
  for (const item of receipt.items) {
    switch (item.kind) {
      case 'text':
        out.push(pad(lineText(item), item.align));
        break;
      case 'qr':
        out.push(pad(`[QR ${item.data}]`, item.align));
        break;
      case 'barcode':
        out.push(pad(`[${item.symbology} ${item.data}]`, item.align));
        break;
      case 'image':
        out.push(pad(`[image ${item.widthDots}×${item.heightDots}]`, item.align));
        break;
      case 'feed':
        for (let i = 0; i < item.lines; i++) out.push('');
        break;
      case 'cut':
        break;
    }
  }
  if (receipt.cut) out.push(`${'-'.repeat(columns - 6)} ${receipt.cut === 'full' ? 'cut' : '✂'} --`);
  return out.join('\n');
}

/** Full-width (CJK) characters take two columns on a receipt. */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    w +=
      cp >= 0x1100 &&
      (cp <= 0x115f ||
        (cp >= 0x2e80 && cp <= 0xa4cf) ||
        (cp >= 0xac00 && cp <= 0xd7a3) ||
        (cp >= 0xf900 && cp <= 0xfaff) ||
        (cp >= 0xfe30 && cp <= 0xfe4f) ||
        (cp >= 0xff00 && cp <= 0xff60) ||
        (cp >= 0xffe0 && cp <= 0xffe6) ||
        cp >= 0x20000)
        ? 2
        : 1;
  }
  return w;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** An HTML fragment for the demo panel (no scripts, every text escaped). */
export function renderReceiptHtml(receipt: DecodedReceipt): string {
  const parts: string[] = ['<div class="receipt">'];
  for (const item of receipt.items) {
    switch (item.kind) {
      case 'text': {
        const spans = item.spans
          .map((s) => {
            const style = `font-weight:${s.bold ? 'bold' : 'normal'};font-size:${s.height}em;letter-spacing:${(s.width - 1) * 0.5}em`;
            return `<span style="${style}">${escapeHtml(s.text)}</span>`;
          })
          .join('');
        parts.push(`<p style="text-align:${item.align};margin:0;white-space:pre">${spans || '&nbsp;'}</p>`);
        break;
      }
      case 'qr':
        parts.push(
          `<p style="text-align:${item.align};margin:0"><code class="qr" data-size="${item.size}" data-ecc="${item.ecc}">${escapeHtml(item.data)}</code></p>`,
        );
        break;
      case 'barcode':
        parts.push(
          `<p style="text-align:${item.align};margin:0"><code class="barcode">${escapeHtml(item.symbology)} ${escapeHtml(item.data)}</code></p>`,
        );
        break;
      case 'image':
        parts.push(`<p style="text-align:${item.align};margin:0">[image ${item.widthDots}×${item.heightDots}]</p>`);
        break;
      case 'feed':
        parts.push(`<div style="height:${item.lines}em"></div>`);
        break;
      case 'cut':
        break;
    }
  }
  if (receipt.cut) parts.push(`<hr class="cut ${receipt.cut}">`);
  parts.push('</div>');
  return parts.join('');
}
