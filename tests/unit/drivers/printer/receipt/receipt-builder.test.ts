import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { ReceiptBuilder, sanitizeReceiptText } from '../../../../../drivers/printer/receipt/receipt-builder.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('ReceiptBuilder', () => {
  it('starts with ESC @ and FS &', () => {
    expect(hex(new ReceiptBuilder().build())).toBe('1b401c26');
  });

  it('encodes Chinese text as GB18030 and ends lines with LF', () => {
    const bytes = new ReceiptBuilder().line('中文A').build();
    expect(hex(bytes)).toBe('1b401c26' + 'd6d0cec441' + '0a');
  });

  it('emits alignment, bold and size only when they change', () => {
    const bytes = new ReceiptBuilder()
      .line('x', { align: 'center', bold: true, width: 2, height: 2 })
      .line('y', { align: 'center', bold: true })
      .build();
    expect(hex(bytes)).toBe('1b401c26' + '1b6101' + '1b4501' + '1d2111' + '780a' + '790a');
  });

  it('writes the GS ( k QR sequence with the right store length', () => {
    const bytes = new ReceiptBuilder().qr('ABC', { size: 8, ecc: 'H' }).build();
    expect(hex(bytes)).toBe(
      '1b401c26' +
        '1d286b040031413200' +
        '1d286b0300314308' +
        '1d286b0300314533' +
        '1d286b0600315030' +
        '414243' +
        '1d286b0300315130',
    );
  });

  it('uses a two-byte length for long QR payloads', () => {
    const data = 'x'.repeat(300);
    const bytes = Buffer.from(new ReceiptBuilder().qr(data).build());
    const store = bytes.indexOf(Buffer.from([0x1d, 0x28, 0x6b, 303 & 0xff, 303 >> 8, 0x31, 0x50, 0x30]));
    expect(store).toBeGreaterThan(0);
  });

  it('writes feed, cuts and Code128', () => {
    const b = new ReceiptBuilder().feed(3).cut('full').cut('partial', 5).code128('AB12').build();
    expect(hex(b)).toBe('1b401c26' + '1b6403' + '1d5600' + '1d564205' + '1d6b4906' + '7b42' + '41423132');
  });

  it('never lets text carry control bytes', () => {
    const bytes = new ReceiptBuilder().text('a\x1b@\x1dV\x00b\n').build().subarray(4);
    expect([...bytes].some((b) => b < 0x20)).toBe(false);
    expect(sanitizeReceiptText('a\x1b\n\u{d800}b')).toBe('a  ?b');
  });

  it('handles characters outside the BMP', () => {
    const bytes = new ReceiptBuilder().text('𠀀').build().subarray(4);
    expect(iconv.decode(Buffer.from(bytes), 'GB18030')).toBe('𠀀');
  });

  it('rejects bad arguments (bugs, so they throw)', () => {
    expect(() => new ReceiptBuilder().setSize(9, 1)).toThrow(RangeError);
    expect(() => new ReceiptBuilder().qr('')).toThrow(RangeError);
    expect(() => new ReceiptBuilder().qr('x'.repeat(8000))).toThrow(RangeError);
    expect(() => new ReceiptBuilder().code128('中文')).toThrow(RangeError);
  });
});
