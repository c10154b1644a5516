/**
 * A4 documents (application receipts, certificates of acceptance) rendered to PDF with pdf-lib
 * and the installed CJK fonts.
 *
 * The document model is deliberately small: a title, paragraphs, a key-value table, a footer note
 * and an optional QR code (rendered by `qrcode` to PNG). Text wraps by measured width; CJK text
 * breaks anywhere, Latin text prefers spaces. Long documents continue on new pages.
 *
 * Fonts (docs/printing.md): HarfBuzz's subsetter (hb-subset.ts) cuts the characters of the
 * document out of the locale's face of the system CJK collection (cjk-font.ts); pdf-lib embeds
 * that small OpenType font as it is (`subset: false`). Characters the face lacks come from the
 * next face that has them, drawn as separate runs; a character no installed font has is the
 * typed error `missing-glyph`, before any PDF exists (so nothing half-blank is ever printed).
 *
 * The font program is a whole OpenType file, so a CFF-outline font goes into a `CIDFontType0`
 * with a `FontFile3 /Subtype /OpenType` stream (`cffAwareFontkit`, `markOpenTypeFontFiles`), a
 * TrueType-outline one into a `CIDFontType2` with `FontFile2`. The page's codes are glyph indexes
 * of the subset (Identity-H), which is how poppler and pdfium address an embedded OpenType font
 * (measured: codes mapped through the CFF charset to CIDs draw wrong glyphs in poppler).
 */
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, PDFName, PDFRawStream, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type QRCode from 'qrcode';
import { once } from '../../../common/lazy.js';
import { err, ok, type CodedError, type Result } from '../../../common/result.js';
import { cjkFaceCandidates, type A4Locale, type FontFace } from './cjk-font.js';
import { sharedSubsetter } from './hb-subset.js';

export type { A4Locale } from './cjk-font.js';

/** The QR encoder is loaded at the first document with a QR code, not with the kiosk's start-up (#18.7). */
const loadQrCode = once(async (): Promise<typeof QRCode> => (await import('qrcode')).default);

export interface A4Document {
  title: string;
  paragraphs?: string[];
  table?: { key: string; value: string }[];
  footer?: string;
  qr?: { data: string; caption?: string };
  /** PDF metadata (not printed). */
  subject?: string;
  /** The document's language: chooses the face (zh-HK: HK/TC glyphs; zh-CN, en: SC). Default zh-CN. */
  locale?: A4Locale;
}

export type A4RenderErrorCode = 'no-cjk-font' | 'missing-glyph' | 'render-failed';

/** `missing-glyph` names the characters no installed font can draw. */
export type A4RenderError =
  CodedError<'no-cjk-font' | 'render-failed'> | (CodedError<'missing-glyph'> & { characters: string[] });

export interface A4RenderOptions {
  /** Font files to draw with, best first (default: the Debian/Fedora CJK font locations). */
  fontPaths?: readonly string[];
}

const PAGE: [number, number] = [595.28, 841.89];
const MARGIN = 56;
const TITLE_SIZE = 20;
const BODY_SIZE = 12;
const FOOTER_SIZE = 9;
const LINE = 1.5;

/** Characters never drawn: controls become spaces; format characters and variation selectors go. */
export function printable(s: string): string {
  return s
    .replace(/\r\n?/g, '\n')
    .replace(/\p{Cc}/gu, (c) => (c === '\n' ? c : ' '))
    .replace(/[\p{Cf}\u{FE00}-\u{FE0F}\u{E0100}-\u{E01EF}]/gu, '');
}

/** The distinct code points drawn for `doc` (line breaks excluded). */
export function documentCodePoints(doc: A4Document): Set<number> {
  const texts = [
    doc.title,
    ...(doc.paragraphs ?? []),
    ...(doc.table ?? []).flatMap((r) => [r.key, r.value]),
    doc.footer ?? '',
    doc.qr?.caption ?? '',
  ];
  const out = new Set<number>();
  for (const t of texts) for (const ch of printable(t)) if (ch !== '\n') out.add(ch.codePointAt(0) ?? 0);
  return out;
}

/** One subset face and the code points it draws for this document. */
interface FaceSubset {
  face: FontFace;
  bytes: Uint8Array;
  covers: Set<number>;
}

/**
 * Assign every code point to the first candidate face that has it, subsetting each face used.
 * Returns the subsets in candidate order and the code points nobody has.
 */
export async function planFaces(
  codePoints: ReadonlySet<number>,
  candidates: readonly FontFace[],
): Promise<{ subsets: FaceSubset[]; missing: number[] }> {
  const hb = await sharedSubsetter();
  let remaining = [...codePoints].sort((a, b) => a - b);
  const subsets: FaceSubset[] = [];
  for (const face of candidates) {
    if (remaining.length === 0 && subsets.length > 0) break;
    // The first face is always subset (with at least a space) so a document has a font.
    const bytes = hb.subset(face.path, face.index, remaining.length > 0 ? remaining : [0x20]);
    if (!bytes) continue;
    const covers = new Set(coveredBy(bytes, remaining));
    if (covers.size === 0 && subsets.length > 0) continue;
    subsets.push({ face, bytes, covers });
    remaining = remaining.filter((cp) => !covers.has(cp));
  }
  return { subsets, missing: remaining };
}

/** The code points among `cps` that the font `bytes` maps to a glyph (a subset that maps none has no cmap). */
function coveredBy(bytes: Uint8Array, cps: readonly number[]): number[] {
  let font: { hasGlyphForCodePoint(cp: number): boolean };
  try {
    font = fontkit.create(bytes);
    return cps.filter((cp) => font.hasGlyphForCodePoint(cp));
  } catch {
    return [];
  }
}

function describe(cps: readonly number[]): string {
  return cps.map((cp) => `${String.fromCodePoint(cp)} (U+${cp.toString(16).toUpperCase().padStart(4, '0')})`).join(', ');
}

export async function renderA4Pdf(document: A4Document, opts: A4RenderOptions = {}): Promise<Result<Uint8Array, A4RenderError>> {
  const locale = document.locale ?? 'zh-CN';
  const candidates = cjkFaceCandidates(locale, opts.fontPaths);
  if (!candidates.ok) return candidates;
  try {
    const plan = await planFaces(documentCodePoints(document), candidates.value);
    if (plan.subsets.length === 0) return err('no-cjk-font', 'no installed CJK font could be read');
    if (plan.missing.length > 0) {
      const characters = plan.missing.map((cp) => String.fromCodePoint(cp));
      return err('missing-glyph', `no installed font can draw ${describe(plan.missing)}`, { characters });
    }
    const pdf = await PDFDocument.create();
    pdf.registerFontkit(cffAwareFontkit);
    const fonts: PDFFont[] = [];
    // liga off: fontkit spaces the "fi" ligature wrongly. locl off: for a Latin-led run fontkit's
    // `locl` swaps Noto CJK's digits for alternates pdf-lib registers in neither /W nor ToUnicode
    // (digits printed at CJK width, lost from the text layer). The face is already the locale's.
    for (const s of plan.subsets)
      fonts.push(await pdf.embedFont(s.bytes, { subset: false, features: { liga: false, locl: false } }));
    const stack = new FontStack(fonts, plan.subsets);
    pdf.setTitle(printable(document.title).replace(/\n/g, ' '));
    if (document.subject) pdf.setSubject(printable(document.subject));
    pdf.setLanguage(locale);
    pdf.setProducer('yimen');
    pdf.setCreationDate(new Date(0));
    pdf.setModificationDate(new Date(0));
    await new Layout(pdf, stack, document).draw();
    await pdf.flush();
    markOpenTypeFontFiles(pdf);
    return ok(await pdf.save({ useObjectStreams: false }));
  } catch (e) {
    return err('render-failed', `PDF rendering failed: ${(e as Error).message}`);
  }
}

/**
 * pdf-lib stores a CFF-flavoured font as `FontFile3 /Subtype /CIDFontType0C` (a bare CFF), but we
 * embed whole OpenType files: mark those streams `/OpenType` (PDF 1.6). Call after `flush()`.
 */
export function markOpenTypeFontFiles(pdf: PDFDocument): number {
  let marked = 0;
  for (const [, obj] of pdf.context.enumerateIndirectObjects()) {
    if (!(obj instanceof PDFRawStream) || obj.dict.get(PDFName.of('Subtype')) !== PDFName.of('CIDFontType0C')) continue;
    obj.dict.set(PDFName.of('Subtype'), PDFName.of('OpenType'));
    marked++;
  }
  return marked;
}

/**
 * The fontkit pdf-lib uses, telling pdf-lib which fonts have CFF outlines (`cff`, which
 * @pdf-lib/fontkit does not set, so pdf-lib would file them as TrueType in a `FontFile2`).
 */
const cffAwareFontkit: Parameters<PDFDocument['registerFontkit']>[0] = {
  create(data: Uint8Array) {
    const font = fontkit.create(data);
    const isCff = Reflect.get(font, 'CFF ') !== undefined;
    return new Proxy(font, {
      get: (target, key, receiver): unknown => (key === 'cff' ? isCff : Reflect.get(target, key, receiver)),
    });
  },
};

interface Measure {
  widthOfTextAtSize(text: string, size: number): number;
}

/** The document's fonts: each character drawn with the first face that covers it. */
export class FontStack implements Measure {
  private readonly byCodePoint = new Map<number, number>();

  constructor(
    private readonly fonts: readonly PDFFont[],
    subsets: readonly { covers: ReadonlySet<number> }[],
  ) {
    subsets.forEach((s, i) => {
      for (const cp of s.covers) if (!this.byCodePoint.has(cp)) this.byCodePoint.set(cp, i);
    });
  }

  /** `text` cut into runs of one font. */
  runs(text: string): { font: PDFFont; text: string }[] {
    const out: { font: number; text: string }[] = [];
    for (const ch of text) {
      const f = this.byCodePoint.get(ch.codePointAt(0) ?? 0) ?? 0;
      const last = out[out.length - 1];
      if (last && last.font === f) last.text += ch;
      else out.push({ font: f, text: ch });
    }
    return out.map((r) => ({ font: this.fonts[r.font] ?? (this.fonts[0] as PDFFont), text: r.text }));
  }

  widthOfTextAtSize(text: string, size: number): number {
    let w = 0;
    for (const r of this.runs(text)) w += r.font.widthOfTextAtSize(r.text, size);
    return w;
  }

  draw(page: PDFPage, text: string, o: { x: number; y: number; size: number; color: ReturnType<typeof rgb> }): void {
    let x = o.x;
    for (const r of this.runs(text)) {
      page.drawText(r.text, { ...o, x, font: r.font });
      x += r.font.widthOfTextAtSize(r.text, o.size);
    }
  }
}

/** Break `text` into lines no wider than `width` at `size`. */
export function wrapText(text: string, font: Measure, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of printable(text).split('\n')) {
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
    private readonly font: FontStack,
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
        this.font.draw(this.page, line, {
          x: MARGIN,
          y: MARGIN - FOOTER_SIZE + (lines.length - 1 - i) * FOOTER_SIZE * LINE,
          size: FOOTER_SIZE,
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
    if (s !== '') this.font.draw(this.page, s, { x, y: this.y, size, color: rgb(0, 0, 0) });
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
    const png = await (await loadQrCode()).toBuffer(qr.data, { type: 'png', errorCorrectionLevel: 'M', margin: 1, scale: 4 });
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
