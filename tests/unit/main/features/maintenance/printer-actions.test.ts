import { describe, expect, it } from 'vitest';
import { err, ok, type Result } from '../../../../../common/result.js';
import type { A4PrintErrorCode } from '../../../../../drivers/printer/a4/a4-printer-driver.js';
import type { DeviceHealth } from '../../../../../main/base/api/contract.js';
import type { ApplicationStatus } from '../../../../../main/features/maintenance/backoffice-reach.js';
import { PrinterActions, type A4PrinterPort } from '../../../../../main/features/maintenance/printer-actions.js';
import { FakeReceiptPrinter, health, recorder } from './fakes.js';

class FakeA4 implements A4PrinterPort {
  printed = 0;
  pending = 2;
  refuse: A4PrintErrorCode | null = null;
  readonly backend = { name: 'emulator' };
  print: A4PrinterPort['print'] = () => {
    this.printed++;
    return Promise.resolve(this.refuse ? err(this.refuse, 'refused') : ok({ jobId: 'j', bytes: 1, state: 'completed' as const }));
  };
  refresh: A4PrinterPort['refresh'] = () => Promise.resolve(ok({ state: 'idle' as const, reasons: ['none'], currentJob: null }));
  pendingJobs: A4PrinterPort['pendingJobs'] = () => Promise.resolve(ok(this.pending));
  cancel: A4PrinterPort['cancel'] = () => {
    const cancelled = this.pending;
    this.pending = 0;
    return Promise.resolve(ok({ cancelled }));
  };
}

const STATUS: ApplicationStatus = {
  applicationId: 'APP-1',
  matterCode: 'senior-card',
  state: 'approved',
  updatedAt: '2026-03-02T08:00:00Z',
};

function setUp(
  o: {
    receipt?: FakeReceiptPrinter | null;
    a4?: FakeA4 | null;
    status?: Result<ApplicationStatus>;
    health?: DeviceHealth[];
  } = {},
) {
  const receipt = o.receipt === undefined ? new FakeReceiptPrinter() : o.receipt;
  const a4 = o.a4 === undefined ? new FakeA4() : o.a4;
  const rec = recorder();
  const printers = new PrinterActions({
    terminalId: 'T-1',
    receiptPrinter: () => receipt,
    a4Printer: () => a4,
    health: () => o.health ?? [],
    backoffice: { applicationStatus: () => Promise.resolve(o.status ?? ok(STATUS)) },
    clock: { now: () => 1_800_000_000_000 },
    record: rec.record,
  });
  return { receipt, a4, printers, ...rec };
}

describe('printer actions', () => {
  it('test-prints on the receipt printer and on the A4 printer (refreshing its queue)', async () => {
    const { printers, receipt, a4, actions } = setUp();
    expect(await printers.testPrint('receipt')).toEqual({ action: 'test-print', outcome: 'ok', detail: 'printer=receipt' });
    expect(receipt?.text()).toContain('T-1');
    expect((await printers.testPrint('a4')).outcome).toBe('ok');
    expect(a4?.printed).toBe(1);
    expect(printers.a4QueueSummary()).toEqual({ state: 'idle', pending: 2, reasons: ['none'] });
    expect(actions).toEqual(['test-print:ok', 'test-print:ok']);
  });

  it("answers a test print with the printer's code when the paper is out, or device-unavailable", async () => {
    const receipt = new FakeReceiptPrinter();
    receipt.refuse = 'paper-out';
    const { printers, actions } = setUp({ receipt, a4: null });
    expect((await printers.testPrint('receipt')).outcome).toBe('paper-out');
    expect((await printers.testPrint('a4')).outcome).toBe('device-unavailable');
    expect(actions).toEqual(['test-print:paper-out', 'test-print:device-unavailable']);
    expect((await setUp({ receipt: null }).printers.testPrint('receipt')).outcome).toBe('device-unavailable');
  });

  it('reprints a receipt from the application status, or says why not', async () => {
    const ok1 = setUp();
    expect(await ok1.printers.reprintReceipt('APP-1')).toEqual({
      action: 'reprint-receipt',
      outcome: 'ok',
      detail: 'applicationNo=APP-1',
    });
    expect(ok1.receipt?.text()).toContain('APP-1');
    const missing = setUp({ status: err('not-found', 'no such application') });
    expect((await missing.printers.reprintReceipt('APP-9')).outcome).toBe('not-found');
    expect(missing.receipt?.jobs).toEqual([]);
    expect((await setUp({ receipt: null }).printers.reprintReceipt('APP-1')).outcome).toBe('device-unavailable');
  });

  it('clears the A4 queue and refreshes it; no A4 printer is device-unavailable', async () => {
    const { printers } = setUp();
    expect(await printers.clearA4Queue()).toEqual({ action: 'clear-a4-queue', outcome: 'ok', detail: 'cleared=2' });
    expect(printers.a4QueueSummary()).toMatchObject({ pending: 0 });
    const none = setUp({ a4: null });
    expect((await none.printers.clearA4Queue()).outcome).toBe('device-unavailable');
    await none.printers.refresh();
    expect(none.printers.a4QueueSummary()).toBeNull();
  });

  it("reads the receipt paper from the printer's health", () => {
    const paper = (h: DeviceHealth[]) => setUp({ health: h }).printers.receiptPaper();
    expect(paper([])).toBe('unknown');
    expect(paper([health('receipt-printer', 'offline', 'paper-out')])).toBe('out');
    expect(paper([health('receipt-printer', 'degraded', 'paper-near-end')])).toBe('near-end');
    expect(paper([health('receipt-printer', 'ok')])).toBe('ok');
    expect(paper([health('receipt-printer', 'offline', 'cover-open')])).toBe('unknown');
  });
});
