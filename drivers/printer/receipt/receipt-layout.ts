/**
 * Where a decoded receipt lands on the paper, in printer dots: the geometry a thermal receipt
 * printer prints with (8 dots/mm; an 80 mm roll prints 576 dots, a 58 mm roll 384), Font A cells
 * of 12×24 dots (a full-width Chinese character takes two), the default line spacing of 30
 * dots, and the character size the bytes selected (`ESC !` / `GS !`). A line longer than the
 * print width wraps at the character that does not fit, as the printer does.
 *
 * The input is the model `EscPosStreamParser` decoded from the bytes the printer received; the
 * output is what the demo panel draws at the paper's real size.
 */
import { createRequire } from 'node:module';
import type QRCode from 'qrcode';
import { once } from '../../../common/lazy.js';
import type { Align } from './receipt-builder.js';
import { displayWidth, type DecodedReceipt } from './escpos-parser.js';

export const PAPER_WIDTHS_MM = [58, 80] as const;
export type PaperWidthMm = (typeof PAPER_WIDTHS_MM)[number];

export interface PaperGeometry {
  widthMm: PaperWidthMm;
  dotsPerMm: number;
  /** Printable width in dots (the print head). */
  printDots: number;
  /** Font A cell of a half-width character at 1×; a full-width character is two cells wide. */
  cellDots: { w: number; h: number };
  /** Half-width characters per line at 1×. */
  columns: number;
  /** Default line spacing (`ESC 2`), in dots. */
  lineDots: number;
}

const PRINT_DOTS: Record<PaperWidthMm, number> = { 58: 384, 80: 576 };

/**
 * The QR encoder (a CommonJS package), required at the first receipt with a QR code rather than with
 * the kiosk's start-up (#18.7); synchronous, as the layout is.
 */
const qrCode = once((): typeof QRCode => createRequire(import.meta.url)('qrcode') as typeof QRCode);

export function paperGeometry(widthMm: PaperWidthMm): PaperGeometry {
  const printDots = PRINT_DOTS[widthMm];
  return { widthMm, dotsPerMm: 8, printDots, cellDots: { w: 12, h: 24 }, columns: printDots / 12, lineDots: 30 };
}

/** Characters of one style and one cell width, printed side by side from `x`. */
export interface LaidOutRun {
  x: number;
  text: string;
  /** Width of each character's cell (12 × width multiplier, doubled for a full-width character). */
  cellDots: number;
  /** Height of the cells (24 × height multiplier). */
  heightDots: number;
  /** `ESC !` / `GS !` multipliers. */
  width: number;
  height: number;
  bold: boolean;
}

export type LaidOutBlock =
  | { kind: 'text'; y: number; heightDots: number; runs: LaidOutRun[] }
  | { kind: 'qr'; y: number; heightDots: number; x: number; moduleDots: number; modules: string[]; data: string }
  | { kind: 'barcode'; y: number; heightDots: number; x: number; widthDots: number; symbology: string; data: string }
  | { kind: 'image'; y: number; heightDots: number; x: number; widthDots: number }
  | { kind: 'feed'; y: number; heightDots: number };

export interface ReceiptLayout {
  paper: PaperGeometry;
  heightDots: number;
  blocks: LaidOutBlock[];
}

/** Height of a barcode drawn without `GS h` (the printers' usual default is 162 dots). */
const BARCODE_DOTS = 162;

function xFor(align: Align, used: number, printDots: number): number {
  if (align === 'left' || used >= printDots) return 0;
  return align === 'center' ? Math.floor((printDots - used) / 2) : printDots - used;
}

/** The dark modules of a QR code as rows of '1'/'0' (what `GS ( k` prints); [] if it cannot be encoded. */
function qrModules(data: string, ecc: 'L' | 'M' | 'Q' | 'H'): string[] {
  const encoder = qrCode();
  try {
    const { size, data: bits } = encoder.create(data, { errorCorrectionLevel: ecc }).modules;
    const rows: string[] = [];
    for (let r = 0; r < size; r++) {
      let row = '';
      for (let c = 0; c < size; c++) row += bits[r * size + c] ? '1' : '0';
      rows.push(row);
    }
    return rows;
  } catch {
    return [];
  }
}

export function layoutReceipt(receipt: DecodedReceipt, paper: PaperGeometry): ReceiptLayout {
  const blocks: LaidOutBlock[] = [];
  const { printDots, cellDots, lineDots } = paper;
  let y = 0;
  const push = (block: LaidOutBlock): void => {
    blocks.push(block);
    y += block.heightDots;
  };

  for (const item of receipt.items) {
    switch (item.kind) {
      case 'text': {
        // Break the line into the physical lines the printer prints, run by run.
        type Line = { runs: LaidOutRun[]; used: number; tallest: number };
        const lines: Line[] = [];
        let line: Line = { runs: [], used: 0, tallest: 0 };
        for (const span of item.spans) {
          for (const ch of span.text) {
            const full = displayWidth(ch) === 2;
            const cw = cellDots.w * span.width * (full ? 2 : 1);
            if (line.used + cw > printDots && line.used > 0) {
              lines.push(line);
              line = { runs: [], used: 0, tallest: 0 };
            }
            const h = cellDots.h * span.height;
            const last = line.runs[line.runs.length - 1];
            if (last && last.cellDots === cw && last.heightDots === h && last.bold === span.bold && last.width === span.width) {
              last.text += ch;
            } else {
              line.runs.push({
                x: line.used,
                text: ch,
                cellDots: cw,
                heightDots: h,
                width: span.width,
                height: span.height,
                bold: span.bold,
              });
            }
            line.used += cw;
            line.tallest = Math.max(line.tallest, h);
          }
        }
        if (line.runs.length > 0 || lines.length === 0) lines.push(line);
        for (const l of lines) {
          const shift = xFor(item.align, l.used, printDots);
          for (const r of l.runs) r.x += shift;
          // The line feed is the line spacing, or the tallest character when that is taller.
          push({ kind: 'text', y, heightDots: Math.max(lineDots, l.tallest), runs: l.runs });
        }
        break;
      }
      case 'qr': {
        const modules = qrModules(item.data, item.ecc);
        const side = modules.length * item.size;
        push({
          kind: 'qr',
          y,
          heightDots: side,
          x: xFor(item.align, side, printDots),
          moduleDots: item.size,
          modules,
          data: item.data,
        });
        break;
      }
      case 'barcode': {
        const widthDots = Math.min(printDots, Math.max(cellDots.w, displayWidth(item.data) * cellDots.w * 2));
        push({
          kind: 'barcode',
          y,
          heightDots: BARCODE_DOTS,
          x: xFor(item.align, widthDots, printDots),
          widthDots,
          symbology: item.symbology,
          data: item.data,
        });
        break;
      }
      case 'image': {
        const widthDots = Math.min(printDots, item.widthDots);
        push({ kind: 'image', y, heightDots: item.heightDots, x: xFor(item.align, widthDots, printDots), widthDots });
        break;
      }
      case 'feed':
        if (item.lines > 0) push({ kind: 'feed', y, heightDots: item.lines * lineDots });
        break;
      case 'cut':
        break;
    }
  }
  return { paper, heightDots: y, blocks };
}
