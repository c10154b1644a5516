/**
 * A4 documents (application receipts, certificates of acceptance) rendered to PDF with pdf-lib
 * and a system CJK font.
 *
 * The document model is deliberately small: a title, paragraphs, a key-value table, a footer note
 * and an optional QR code (rendered by `qrcode` to PNG). Text wraps by measured width; CJK text
 * breaks anywhere, Latin text prefers spaces. Long documents continue on new pages.
 *
 * Font subsetting: `@pdf-lib/fontkit` 1.1.1 writes a wrong `offSize` byte in the header of the
 * CFF subset it makes of CID-keyed OpenType fonts (Noto Sans CJK, Source Han…), and FreeType /
 * poppler then reject the whole font, so the text prints blank (Hopding/pdf-lib#1232). We embed
 * the subset, then repair that header byte (`repairCffSubsetHeaders`), which keeps a Chinese
 * PDF at tens of kilobytes instead of embedding a 16 MB face.
 */
import { deflateSync } from 'node:zlib';
import fontkit from '@pdf-lib/fontkit';
import { decodePDFRawStream, PDFDocument, PDFName, PDFNumber, PDFRawStream, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import QRCode from 'qrcode';
import { err, ok, type Result } from '../../../common/result.js';
import { loadCjkFont, type CjkFont } from './cjk-font.js';

export interface A4Document {
  title: string;
  paragraphs?: string[];
  table?: { key: string; value: string }[];
  footer?: string;
  qr?: { data: string; caption?: string };
  /** PDF metadata (not printed). */
  subject?: string;
}

export type A4RenderErrorCode = 'no-cjk-font' | 'render-failed';

export interface A4RenderOptions {
  /** A font already loaded (see `loadCjkFont`); otherwise the system is searched. */
  font?: CjkFont;
  fontPaths?: readonly string[];
}

const PAGE: [number, number] = [595.28, 841.89];
const MARGIN = 56;
const TITLE_SIZE = 20;
const BODY_SIZE = 12;
const FOOTER_SIZE = 9;
const LINE = 1.5;

/** pdf-lib parses the font each time it embeds; parsing a CJK face takes seconds, so keep one parse per font buffer. */
const parsed = new WeakMap<Uint8Array, unknown>();
const cachingFontkit = {
  create(data: Uint8Array, postscriptName?: string): unknown {
    const hit = parsed.get(data);
    if (hit) return hit;
    const font = fontkit.create(data, postscriptName);
    parsed.set(data, font);
    return font;
  },
};

let defaultFont: Result<CjkFont, 'no-cjk-font'> | null = null;

function stripControls(s: string): string {
  return s.replace(/\p{Cc}/gu, ' ');
}

export async function renderA4Pdf(
  document: A4Document,
  opts: A4RenderOptions = {},
): Promise<Result<Uint8Array, A4RenderErrorCode>> {
  let font = opts.font;
  if (!font) {
    const loaded = opts.fontPaths ? loadCjkFont(opts.fontPaths) : (defaultFont ??= loadCjkFont());
    if (!loaded.ok) return loaded;
    font = loaded.value;
  }
  try {
    const pdf = await PDFDocument.create();
    pdf.registerFontkit(cachingFontkit as unknown as Parameters<PDFDocument['registerFontkit']>[0]);
    const cjk = await pdf.embedFont(font.bytes, { subset: true });
    pdf.setTitle(stripControls(document.title));
    if (document.subject) pdf.setSubject(stripControls(document.subject));
    pdf.setProducer('yimen');
    pdf.setCreationDate(new Date(0));
    pdf.setModificationDate(new Date(0));
    await new Layout(pdf, cjk, document).draw();
    await pdf.flush();
    repairCffSubsetHeaders(pdf);
    return ok(await pdf.save({ useObjectStreams: false }));
  } catch (e) {
    return err('render-failed', `PDF rendering failed: ${(e as Error).message}`);
  }
}

/**
 * Fix the CFF header `offSize` byte (must be 1..4) of every embedded CFF font program. Returns
 * how many were repaired. Call after `pdf.flush()` (fonts are embedded then).
 */
export function repairCffSubsetHeaders(pdf: PDFDocument): number {
  let repaired = 0;
  for (const [ref, obj] of pdf.context.enumerateIndirectObjects()) {
    if (!(obj instanceof PDFRawStream)) continue;
    const subtype = obj.dict.get(PDFName.of('Subtype'));
    if (subtype !== PDFName.of('CIDFontType0C') && subtype !== PDFName.of('Type1C')) continue;
    const data = decodePDFRawStream(obj).decode();
    const offSize = data[3];
    if (data.length < 4 || data[0] !== 1 || (offSize !== undefined && offSize >= 1 && offSize <= 4)) continue;
    const fixed = Uint8Array.from(data);
    fixed[3] = 4;
    const z = deflateSync(fixed);
    const dict = obj.dict.clone(pdf.context);
    dict.set(PDFName.of('Filter'), PDFName.of('FlateDecode'));
    dict.set(PDFName.of('Length'), PDFNumber.of(z.length));
    pdf.context.assign(ref, PDFRawStream.of(dict, z));
    repaired++;
  }
  return repaired;
}

/** Break `text` into lines no wider than `width` at `size`. */
export function wrapText(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of stripControls(text.replace(/\r\n?/g, '\n')).split('\n')) {
    let line = '';
    let lastSpace = -1;
    for (const ch of paragraph) {
      const next = line + ch;
      if (line !== '' && font.widthOfTextAtSize(next, size) > width) {
        if (ch !== ' ' && lastSpace > 0) {
          lines.push(line.slice(0, lastSpace));
          line = line.slice(lastSpace + 1) + ch;
        } else {
          lines.push(line);
          line = ch === ' ' ? '' : ch;
        }
        lastSpace = -1;
      } else {
        line = next;
      }
      // Prefer breaking Latin words at spaces; CJK may break anywhere.
      if (ch === ' ') lastSpace = line.length - 1;
      else if ((ch.codePointAt(0) ?? 0) >= 0x2e80) lastSpace = -1;
    }
    lines.push(line);
  }
  return lines;
}

class Layout {
  private page!: PDFPage;
  private y = 0;
  private readonly width = PAGE[0] - 2 * MARGIN;

  constructor(
    private readonly pdf: PDFDocument,
    private readonly font: PDFFont,
    private readonly doc: A4Document,
  ) {}

  async draw(): Promise<void> {
    this.newPage();
    const title = wrapText(this.doc.title, this.font, TITLE_SIZE, this.width);
    for (const line of title) {
      this.ensure(TITLE_SIZE * LINE);
      const w = this.font.widthOfTextAtSize(line, TITLE_SIZE);
      this.text(line, MARGIN + (this.width - w) / 2, TITLE_SIZE);
      this.y -= TITLE_SIZE * LINE;
    }
    this.y -= BODY_SIZE;
    for (const p of this.doc.paragraphs ?? []) {
      for (const line of wrapText(p, this.font, BODY_SIZE, this.width)) {
        this.ensure(BODY_SIZE * LINE);
        this.text(line, MARGIN, BODY_SIZE);
        this.y -= BODY_SIZE * LINE;
      }
      this.y -= BODY_SIZE * 0.5;
    }
    if (this.doc.table && this.doc.table.length > 0) this.table(this.doc.table);
    if (this.doc.qr) await this.qr(this.doc.qr);
  }

  private newPage(): void {
    this.page = this.pdf.addPage(PAGE);
    this.y = PAGE[1] - MARGIN - TITLE_SIZE;
    const footer = this.doc.footer;
    if (footer) {
      const lines = wrapText(footer, this.font, FOOTER_SIZE, this.width);
      lines.forEach((line, i) => {
        this.page.drawText(line, {
          x: MARGIN,
          y: MARGIN - FOOTER_SIZE + (lines.length - 1 - i) * FOOTER_SIZE * LINE,
          size: FOOTER_SIZE,
          font: this.font,
          color: rgb(0.3, 0.3, 0.3),
        });
      });
    }
  }

  private bottom(): number {
    const footerLines = this.doc.footer ? wrapText(this.doc.footer, this.font, FOOTER_SIZE, this.width).length : 0;
    return MARGIN + footerLines * FOOTER_SIZE * LINE + BODY_SIZE;
  }

  private ensure(height: number): void {
    if (this.y - height < this.bottom()) this.newPage();
  }

  private text(s: string, x: number, size: number): void {
    if (s !== '') this.page.drawText(s, { x, y: this.y, size, font: this.font, color: rgb(0, 0, 0) });
  }

  private table(rows: { key: string; value: string }[]): void {
    const keyW = this.width * 0.3;
    const pad = 6;
    for (const row of rows) {
      const keyLines = wrapText(row.key, this.font, BODY_SIZE, keyW - 2 * pad);
      const valueLines = wrapText(row.value, this.font, BODY_SIZE, this.width - keyW - 2 * pad);
      const h = Math.max(keyLines.length, valueLines.length) * BODY_SIZE * LINE + pad;
      this.ensure(h);
      const top = this.y + BODY_SIZE;
      this.page.drawRectangle({
        x: MARGIN,
        y: top - h,
        width: keyW,
        height: h,
        borderColor: rgb(0.5, 0.5, 0.5),
        borderWidth: 0.5,
        color: rgb(0.95, 0.95, 0.95),
      });
      this.page.drawRectangle({
        x: MARGIN + keyW,
        y: top - h,
        width: this.width - keyW,
        height: h,
        borderColor: rgb(0.5, 0.5, 0.5),
        borderWidth: 0.5,
      });
      const startY = this.y - pad / 2;
      keyLines.forEach((l, i) => {
        this.y = startY - i * BODY_SIZE * LINE;
        this.text(l, MARGIN + pad, BODY_SIZE);
      });
      valueLines.forEach((l, i) => {
        this.y = startY - i * BODY_SIZE * LINE;
        this.text(l, MARGIN + keyW + pad, BODY_SIZE);
      });
      this.y = top - h - BODY_SIZE;
    }
    this.y -= BODY_SIZE * 0.5;
  }

  private async qr(qr: { data: string; caption?: string }): Promise<void> {
    const png = await QRCode.toBuffer(qr.data, { type: 'png', errorCorrectionLevel: 'M', margin: 1, scale: 4 });
    const image = await this.pdf.embedPng(png);
    const side = 110;
    this.ensure(side + BODY_SIZE * LINE * 2);
    const x = MARGIN + (this.width - side) / 2;
    this.page.drawImage(image, { x, y: this.y - side + BODY_SIZE, width: side, height: side });
    this.y -= side + BODY_SIZE * 0.5;
    if (qr.caption) {
      for (const line of wrapText(qr.caption, this.font, FOOTER_SIZE + 1, this.width)) {
        const w = this.font.widthOfTextAtSize(line, FOOTER_SIZE + 1);
        this.text(line, MARGIN + (this.width - w) / 2, FOOTER_SIZE + 1);
        this.y -= (FOOTER_SIZE + 1) * LINE;
      }
    }
  }
}
