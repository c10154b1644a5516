import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeEscPos } from '../../../../../drivers/printer/receipt/escpos-parser.js';
import { ReceiptBuilder } from '../../../../../drivers/printer/receipt/receipt-builder.js';
import {
  layoutReceipt,
  paperGeometry,
  type LaidOutBlock,
  type ReceiptLayout,
} from '../../../../../drivers/printer/receipt/receipt-layout.js';

function layout(b: ReceiptBuilder, widthMm: 58 | 80 = 80): ReceiptLayout {
  const { receipts } = decodeEscPos(b.build());
  const [r] = receipts;
  if (!r) throw new Error('no receipt cut');
  return layoutReceipt(r, paperGeometry(widthMm));
}

type TextBlock = Extract<LaidOutBlock, { kind: 'text' }>;
const texts = (l: ReceiptLayout): TextBlock[] => l.blocks.filter((b): b is TextBlock => b.kind === 'text');
const lineOf = (b: TextBlock): string => b.runs.map((r) => r.text).join('');

describe('paperGeometry', () => {
  it('has 48 columns of 12 dots on an 80 mm roll and 32 on a 58 mm roll', () => {
    expect(paperGeometry(80)).toMatchObject({ printDots: 576, columns: 48, cellDots: { w: 12, h: 24 }, dotsPerMm: 8 });
    expect(paperGeometry(58)).toMatchObject({ printDots: 384, columns: 32 });
  });
});

describe('layoutReceipt', () => {
  it('prints the body at 1× after a double-size title is switched back, and keeps an application number on one line', () => {
    const l = layout(
      new ReceiptBuilder()
        .setAlign('center')
        .line('办件回执', { bold: true, width: 2, height: 2 })
        .style({ bold: false, width: 1, height: 1 })
        .setAlign('left')
        .line('申请编号：YM-demo-0001-20250101-000123')
        .cut(),
    );
    const [title, body] = texts(l);
    // Title: 4 Han characters at 2×2 = 4 × 48 dots, centred, 48 dots tall.
    expect(title?.runs).toEqual([
      expect.objectContaining({ text: '办件回执', cellDots: 48, heightDots: 48, width: 2, height: 2, x: (576 - 192) / 2 }),
    ]);
    expect(title?.heightDots).toBe(48);
    // Body: Han cells 24 dots, Latin/digit cells 12 dots, one 30-dot line.
    expect(body?.heightDots).toBe(30);
    expect(body?.runs.map((r) => [r.text, r.cellDots, r.heightDots, r.x])).toEqual([
      ['申请编号：', 24, 24, 0],
      ['YM-demo-0001-20250101-000123', 12, 24, 120],
    ]);
    expect(texts(l)).toHaveLength(2);
  });

  it('wraps a line where the print head ends, at the character that does not fit, like the printer', () => {
    const l = layout(new ReceiptBuilder().line('申请编号：YM-20250101-0001', { width: 2, height: 2 }).cut());
    const lines = texts(l).map(lineOf);
    // 576 dots at 2×: 24 half-width columns; the five Han characters take 10 of them.
    expect(lines).toEqual(['申请编号：YM-20250101-00', '01']);
    expect(texts(l).every((b) => b.heightDots === 48)).toBe(true);
    // On a 58 mm roll at 1× the same text takes 10 + 15 = 25 of 32 columns: one line.
    expect(texts(layout(new ReceiptBuilder().line('申请编号：YM-20250101-0001').cut(), 58)).map(lineOf)).toEqual([
      '申请编号：YM-20250101-0001',
    ]);
  });

  it('stacks blocks: feeds by the line spacing, a QR code as many modules as the symbol has, each of the selected size', () => {
    const l = layout(new ReceiptBuilder().line('A').feed(2).qr('YM-1', { size: 6, align: 'center' }).cut());
    const [a, feed, qr] = l.blocks;
    expect(a).toMatchObject({ kind: 'text', y: 0, heightDots: 30 });
    expect(feed).toMatchObject({ kind: 'feed', y: 30, heightDots: 60 });
    if (qr?.kind !== 'qr') throw new Error(`expected a QR block, got ${qr?.kind}`);
    // Version 1: 21×21 modules.
    expect(qr.modules).toHaveLength(21);
    expect(qr.modules.every((row) => /^[01]{21}$/.test(row))).toBe(true);
    expect(qr).toMatchObject({ y: 90, heightDots: 126, moduleDots: 6, x: Math.floor((576 - 126) / 2), data: 'YM-1' });
    expect(l.heightDots).toBe(90 + 126);
  });

  it('never lays a character outside the print width, whatever the text and size', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 80, unit: fc.constantFrom('a', '1', '-', ' ', '申', '号', '：') }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 8 }),
        fc.constantFrom<'left' | 'center' | 'right'>('left', 'center', 'right'),
        fc.constantFrom<58 | 80>(58, 80),
        (text, width, height, align, mm) => {
          const l = layout(new ReceiptBuilder().line(text, { width, height, align }).cut(), mm);
          const printDots = paperGeometry(mm).printDots;
          let chars = '';
          for (const b of texts(l)) {
            for (const r of b.runs) {
              const end = r.x + [...r.text].length * r.cellDots;
              // A single character wider than the head is the only thing allowed to overflow.
              if ([...r.text].length > 1 || r.cellDots <= printDots) expect(end).toBeLessThanOrEqual(printDots);
              expect(r.x).toBeGreaterThanOrEqual(0);
              chars += r.text;
            }
          }
          expect(chars).toBe(text);
        },
      ),
    );
  });
});
