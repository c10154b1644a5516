import { describe, expect, it } from 'vitest';
import type { AuditDetail } from '../../../../../main/features/journeys/citizen-audit.js';
import { receiptPrinting } from '../../../../../main/features/journeys/receipt-printing.js';
import { FakeReceiptPrinter } from './fakes.js';

function setUp(printer: FakeReceiptPrinter | null) {
  const audited: Array<[string, AuditDetail]> = [];
  const print = receiptPrinting({ printer: () => printer, audit: (type, detail) => void audited.push([type, detail]) });
  return { print, audited };
}

describe('receipt printing', () => {
  it('prints the slip the caller fills, then feeds and cuts, and audits it', async () => {
    const printer = new FakeReceiptPrinter();
    const { print, audited } = setUp(printer);
    const r = await print((b) => b.line('NO-42'));
    expect(r).toEqual({ ok: true, value: undefined });
    expect(printer.jobs).toHaveLength(1);
    expect(printer.text()).toContain('NO-42');
    expect(audited).toEqual([['print', { kind: 'receipt', ok: true }]]);
  });

  it('is printer-offline without a receipt printer (nothing audited)', async () => {
    const { print, audited } = setUp(null);
    const r = await print((b) => b.line('x'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('printer-offline');
    expect(audited).toEqual([]);
  });

  it("passes the printer's refusal on as a typed failure (paper out)", async () => {
    const printer = new FakeReceiptPrinter();
    printer.refuse = 'paper-out';
    const { print, audited } = setUp(printer);
    const r = await print((b) => b.line('x'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('paper-out');
    expect(audited).toEqual([['print', { kind: 'receipt', ok: false }]]);
  });
});
