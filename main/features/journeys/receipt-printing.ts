/**
 * The citizen's paper slips (application receipt, pickup slip, deposit slip) on the receipt
 * printer. A slip that cannot print is a typed failure, never a thrown one: the work it
 * confirms is already recorded.
 */
import { err, ok, type Result } from '../../../common/result.js';
import { ReceiptBuilder } from '../../../drivers/printer/receipt/receipt-builder.js';
import type { ReceiptPrinterDriver } from '../../../drivers/printer/receipt/receipt-printer-driver.js';
import type { CitizenAudit } from './citizen-audit.js';

export type ReceiptPrinterPort = Pick<ReceiptPrinterDriver, 'print'>;

/** Prints one slip: `fill` writes its lines; the feed and cut are added here. */
export type PrintReceipt = (fill: (b: ReceiptBuilder) => void) => Promise<Result<void>>;

export function receiptPrinting(o: { printer: () => ReceiptPrinterPort | null; audit: CitizenAudit }): PrintReceipt {
  return async (fill) => {
    const printer = o.printer();
    if (!printer) return err('printer-offline', 'no receipt printer');
    const b = new ReceiptBuilder();
    fill(b);
    b.feed(3).cut('partial');
    const r = await printer.print(b);
    o.audit('print', { kind: 'receipt', ok: r.ok });
    return r.ok ? ok(undefined) : err(r.error.code, r.error.message);
  };
}
