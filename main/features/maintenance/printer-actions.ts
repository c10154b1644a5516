/**
 * Staff work on the printers: a test print on either printer, a copy of a receipt (from what the
 * back office holds, no personal data), the A4 queue seen and cleared, the receipt paper level.
 */
import type { DeviceHealth, StaffDashboard } from '../../base/api/contract.js';
import type { A4PrinterDriver } from '../../../drivers/printer/a4/a4-printer-driver.js';
import { ReceiptBuilder } from '../../../drivers/printer/receipt/receipt-builder.js';
import type { ReceiptPrinterDriver } from '../../../drivers/printer/receipt/receipt-printer-driver.js';
import type { Clock } from '../session/service.js';
import { actionDone, type ActionDetail, type ActionResult, type RecordAction } from './action-result.js';
import type { BackofficeReach } from './backoffice-reach.js';

export type ReceiptPrinterPort = Pick<ReceiptPrinterDriver, 'print'>;
export type A4PrinterPort = Pick<A4PrinterDriver, 'print' | 'refresh' | 'pendingJobs' | 'cancel'> & {
  /** The print path, named in a failed clear (`cups`, `emulator`). */
  readonly backend: { readonly name: string };
};

export interface PrinterActionsOptions {
  terminalId: string;
  receiptPrinter: () => ReceiptPrinterPort | null;
  a4Printer: () => A4PrinterPort | null;
  /** Device health (the receipt printer's paper level). */
  health: () => readonly DeviceHealth[];
  backoffice: Pick<BackofficeReach, 'applicationStatus'>;
  clock: Pick<Clock, 'now'>;
  record: RecordAction;
}

export class PrinterActions {
  private a4: StaffDashboard['a4Queue'] = null;

  constructor(private readonly o: PrinterActionsOptions) {}

  receiptPaper(): StaffDashboard['receiptPaper'] {
    const h = this.o.health().find((d) => d.kind === 'receipt-printer');
    if (!h || h.state === 'unknown') return 'unknown';
    if (h.code === 'paper-out') return 'out';
    if (h.code === 'paper-near-end') return 'near-end';
    return h.state === 'ok' ? 'ok' : 'unknown';
  }

  /** The A4 queue as last refreshed (null without an A4 printer). */
  a4QueueSummary(): StaffDashboard['a4Queue'] {
    return this.a4;
  }

  /** Asks the A4 printer for its state and waiting jobs. */
  async refresh(): Promise<void> {
    const a4 = this.o.a4Printer();
    if (!a4) {
      this.a4 = null;
      return;
    }
    const r = await a4.refresh();
    const queued = await a4.pendingJobs();
    const pending = queued.ok ? queued.value : 0;
    this.a4 = r.ok ? { state: r.value.state, pending, reasons: r.value.reasons } : { state: r.error.code, pending, reasons: [] };
  }

  async testPrint(printer: 'receipt' | 'a4'): Promise<ActionResult> {
    const stamp = new Date(this.o.clock.now()).toISOString();
    if (printer === 'receipt') {
      const p = this.o.receiptPrinter();
      if (!p) return this.done('test-print', 'device-unavailable', { printer });
      const job = new ReceiptBuilder()
        .setAlign('center')
        .line('TEST PRINT / 测试打印', { bold: true })
        .line(this.o.terminalId)
        .line(stamp)
        .feed(2)
        .cut();
      const r = await p.print(job);
      return this.done('test-print', r.ok ? 'ok' : r.error.code, { printer });
    }
    const a4 = this.o.a4Printer();
    if (!a4) return this.done('test-print', 'device-unavailable', { printer });
    const r = await a4.print({ title: '测试打印 Test print', paragraphs: [this.o.terminalId, stamp] });
    await this.refresh();
    return this.done('test-print', r.ok ? 'ok' : r.error.code, { printer });
  }

  /** A copy of an application's receipt, from what the back office holds about it (no personal data). */
  async reprintReceipt(applicationNo: string): Promise<ActionResult> {
    const st = await this.o.backoffice.applicationStatus(applicationNo);
    if (!st.ok) return this.done('reprint-receipt', st.error.code, { applicationNo });
    const p = this.o.receiptPrinter();
    if (!p) return this.done('reprint-receipt', 'device-unavailable', { applicationNo });
    const job = new ReceiptBuilder()
      .setAlign('center')
      .line('受理回执（补打） Receipt (copy)', { bold: true })
      .setAlign('left')
      .line(`受理编号 No.: ${st.value.applicationId}`)
      .line(`事项 Matter: ${st.value.matterCode}`)
      .line(`状态 State: ${st.value.state}`)
      .line(`更新 Updated: ${st.value.updatedAt}`)
      .line(`终端 Terminal: ${this.o.terminalId}`)
      .setAlign('center')
      .qr(st.value.applicationId)
      .feed(2)
      .cut();
    const r = await p.print(job);
    return this.done('reprint-receipt', r.ok ? 'ok' : r.error.code, { applicationNo });
  }

  async clearA4Queue(): Promise<ActionResult> {
    const a4 = this.o.a4Printer();
    if (!a4) return this.done('clear-a4-queue', 'device-unavailable', {});
    // CUPS cancels each waiting job with its own tools; the emulator drops them from its list.
    const r = await a4.cancel();
    await this.refresh();
    if (!r.ok) return this.done('clear-a4-queue', r.error.code, { backend: a4.backend.name });
    return this.done('clear-a4-queue', 'ok', { cleared: r.value.cancelled });
  }

  private done(action: string, outcome: string, detail: ActionDetail): ActionResult {
    return actionDone(this.o.record, action, outcome, detail);
  }
}
