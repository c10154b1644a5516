import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeEscPos,
  EscPosStreamParser,
  lineText,
  renderReceiptHtml,
  renderReceiptText,
  type ReceiptItem,
} from '../../../../../drivers/printer/receipt/escpos-parser.js';
import {
  ReceiptBuilder,
  sanitizeReceiptText,
  type Align,
  type QrErrorCorrection,
} from '../../../../../drivers/printer/receipt/receipt-builder.js';

describe('EscPosStreamParser', () => {
  it('decodes a receipt into lines, QR and cut', () => {
    const bytes = new ReceiptBuilder()
      .line('一门式政务服务', { align: 'center', bold: true, width: 2, height: 2 })
      .line('受理编号: 2024-0001', { align: 'left', bold: false, width: 1, height: 1 })
      .qr('https://example.gov.cn/q/1', { align: 'center', size: 6, ecc: 'M' })
      .feed(2)
      .cut('partial')
      .build();
    const { receipts, uncut } = decodeEscPos(bytes);
    expect(uncut.items).toEqual([]);
    expect(receipts).toHaveLength(1);
    const [r] = receipts;
    expect(r?.cut).toBe('partial');
    expect(r?.items).toEqual([
      { kind: 'text', align: 'center', spans: [{ text: '一门式政务服务', bold: true, width: 2, height: 2 }] },
      { kind: 'text', align: 'left', spans: [{ text: '受理编号: 2024-0001', bold: false, width: 1, height: 1 }] },
      { kind: 'qr', align: 'center', data: 'https://example.gov.cn/q/1', size: 6, ecc: 'M' },
      { kind: 'feed', lines: 2 },
    ]);
    const text = r ? renderReceiptText(r) : '';
    expect(text).toContain('一门式政务服务');
    expect(text).toContain('[QR https://example.gov.cn/q/1]');
    const html = r ? renderReceiptHtml(r) : '';
    expect(html).toContain('text-align:center');
  });

  it('reports real-time requests even between print data', () => {
    const p = new EscPosStreamParser();
    const events = p.push(Uint8Array.from([0x41, 0x10, 0x04, 0x02, 0x42, 0x0a, 0x10, 0x05, 0x01, 0x1d, 0x72, 0x01]));
    expect(events.map((e) => e.type)).toEqual(['realtime-status', 'item', 'realtime-recover', 'transmit-status']);
    expect(events[0]).toEqual({ type: 'realtime-status', n: 2 });
  });

  it('keeps a command split across chunks', () => {
    const p = new EscPosStreamParser();
    expect(p.push(Uint8Array.from([0x10]))).toEqual([]);
    expect(p.buffered).toBe(1);
    expect(p.push(Uint8Array.from([0x04]))).toEqual([]);
    expect(p.push(Uint8Array.from([0x04]))).toEqual([{ type: 'realtime-status', n: 4 }]);
  });

  it('splits a line into spans when bold changes mid-line', () => {
    const bytes = new ReceiptBuilder().text('合计 ').setBold(true).text('12.00').raw([0x0a]).build();
    const { uncut } = decodeEscPos(bytes);
    expect(uncut.items).toEqual([
      {
        kind: 'text',
        align: 'left',
        spans: [
          { text: '合计 ', bold: false, width: 1, height: 1 },
          { text: '12.00', bold: true, width: 1, height: 1 },
        ],
      },
    ]);
  });

  it('decodes ESC ! print modes, Code128 and raster images', () => {
    const bytes = Uint8Array.from([
      0x1b, 0x21, 0x38, 0x41, 0x0a, 0x1d, 0x6b, 0x49, 0x04, 0x7b, 0x42, 0x31, 0x32, 0x1d, 0x76, 0x30, 0x00, 0x02, 0x00, 0x01,
      0x00, 0xff, 0xff, 0x1d, 0x56, 0x00,
    ]);
    const { receipts } = decodeEscPos(bytes);
    expect(receipts[0]?.items).toEqual([
      { kind: 'text', align: 'left', spans: [{ text: 'A', bold: true, width: 2, height: 2 }] },
      { kind: 'barcode', align: 'left', symbology: 'CODE128', data: '12' },
      { kind: 'image', align: 'left', widthDots: 16, heightDots: 1 },
    ]);
    expect(receipts[0]?.cut).toBe('full');
  });

  it('drops a command that declares an absurd payload instead of waiting forever', () => {
    const p = new EscPosStreamParser();
    const events = p.push(Uint8Array.from([0x1d, 0x76, 0x30, 0x00, 0xff, 0xff, 0xff, 0xff, 0x41, 0x0a]));
    expect(events[0]?.type).toBe('unknown');
    expect(events[1]).toMatchObject({ type: 'item', item: { kind: 'text' } });
    expect(p.buffered).toBe(0);
  });

  it('property: never throws on random bytes, fed in random chunks, and holds only an incomplete command', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 400 }),
        fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 20 }),
        (bytes, cuts) => {
          const p = new EscPosStreamParser();
          let pos = 0;
          for (const c of cuts) {
            p.push(bytes.subarray(pos, pos + c));
            pos += c;
          }
          p.push(bytes.subarray(pos));
          expect(p.buffered).toBeLessThanOrEqual(bytes.length);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('property: chunking does not change the result', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.integer({ min: 1, max: 7 }), (bytes, size) => {
        const whole = new EscPosStreamParser().push(bytes);
        const p = new EscPosStreamParser();
        const parts: unknown[] = [];
        for (let i = 0; i < bytes.length; i += size) parts.push(...p.push(bytes.subarray(i, i + size)));
        // Text is decoded at line end, so both see the same lines; unknown runs may split differently.
        const items = (es: unknown[]): unknown[] => es.filter((e) => (e as { type: string }).type !== 'unknown');
        expect(items(parts)).toEqual(items(whole));
      }),
      { numRuns: 300 },
    );
  });

  type Op =
    | { op: 'line'; text: string; align: Align; bold: boolean; width: number; height: number }
    | { op: 'qr'; data: string; size: number; ecc: QrErrorCorrection; align: Align }
    | { op: 'feed'; lines: number }
    | { op: 'cut'; kind: 'full' | 'partial' };

  const align = fc.constantFrom<Align>('left', 'center', 'right');
  const text = fc.string({
    unit: fc.oneof(
      fc.constantFrom('政', '务', '一', '门', '式', '：', '¥', '€', '𠀀'),
      fc.integer({ min: 0, max: 0x10ffff }).map((cp) => String.fromCodePoint(cp)),
    ),
    maxLength: 20,
  });
  const opArb: fc.Arbitrary<Op> = fc.oneof(
    fc.record({
      op: fc.constant('line' as const),
      text,
      align,
      bold: fc.boolean(),
      width: fc.integer({ min: 1, max: 8 }),
      height: fc.integer({ min: 1, max: 8 }),
    }),
    fc.record({
      op: fc.constant('qr' as const),
      data: fc.string({ minLength: 1, maxLength: 300, unit: 'grapheme' }),
      size: fc.integer({ min: 1, max: 16 }),
      ecc: fc.constantFrom<QrErrorCorrection>('L', 'M', 'Q', 'H'),
      align,
    }),
    fc.record({ op: fc.constant('feed' as const), lines: fc.integer({ min: 0, max: 255 }) }),
    fc.record({ op: fc.constant('cut' as const), kind: fc.constantFrom<'full' | 'partial'>('full', 'partial') }),
  );

  it('property: round-trips what the builder makes', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 25 }), fc.integer({ min: 1, max: 64 }), (ops, chunk) => {
        const b = new ReceiptBuilder();
        const expected: ReceiptItem[] = [];
        for (const o of ops) {
          if (o.op === 'line') {
            b.line(o.text, { align: o.align, bold: o.bold, width: o.width, height: o.height });
            const t = sanitizeReceiptText(o.text);
            expected.push({
              kind: 'text',
              align: o.align,
              spans: t === '' ? [] : [{ text: t, bold: o.bold, width: o.width, height: o.height }],
            });
          } else if (o.op === 'qr') {
            b.qr(o.data, { size: o.size, ecc: o.ecc, align: o.align });
            expected.push({ kind: 'qr', align: o.align, data: o.data, size: o.size, ecc: o.ecc });
          } else if (o.op === 'feed') {
            b.feed(o.lines);
            expected.push({ kind: 'feed', lines: o.lines });
          } else {
            b.cut(o.kind);
            expected.push({ kind: 'cut', cut: o.kind, feed: 0 });
          }
        }
        const bytes = b.build();
        const p = new EscPosStreamParser();
        const got: ReceiptItem[] = [];
        for (let i = 0; i < bytes.length; i += chunk) {
          for (const e of p.push(bytes.subarray(i, i + chunk))) {
            if (e.type === 'item') got.push(e.item);
            expect(e.type).not.toBe('unknown');
          }
        }
        expect(got).toEqual(expected);
        expect(p.buffered).toBe(0);
        for (const it of got) if (it.kind === 'text') expect([...lineText(it)].some((c) => c.charCodeAt(0) < 0x20)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});
