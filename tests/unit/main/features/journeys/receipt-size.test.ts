import { describe, expect, it } from 'vitest';
import { decodeEscPos } from '../../../../../drivers/printer/receipt/escpos-parser.js';
import { layoutReceipt, paperGeometry } from '../../../../../drivers/printer/receipt/receipt-layout.js';
import { receiptPrinting } from '../../../../../main/features/journeys/receipt-printing.js';
import { submitApplication } from '../../../../../main/features/journeys/submission.js';
import { FakeOutbox, FakeReceiptPrinter, NOW, testConfig, ZHANG } from './fakes.js';

describe('the application receipt as the printer prints it', () => {
  it('prints the title double and the body at 1×: the application number fits one line of an 80 mm roll', async () => {
    const printer = new FakeReceiptPrinter();
    const out = await submitApplication(
      {
        config: testConfig(),
        outbox: new FakeOutbox(),
        sync: { syncStatus: () => null, outboxState: () => null },
        printReceipt: receiptPrinting({ printer: () => printer, audit: () => undefined }),
        now: () => NOW,
      },
      {
        matterId: 'household-move-in',
        values: { purpose: 'school', phone: '13800138000' },
        identity: ZHANG,
        delivery: 'post',
        sessionId: 's-1',
      },
    );
    const [job] = printer.jobs;
    if (!job) throw new Error('nothing printed');
    const [receipt] = decodeEscPos(job.build()).receipts;
    if (!receipt) throw new Error('the receipt was not cut');
    const lines = layoutReceipt(receipt, paperGeometry(80)).blocks.filter((b) => b.kind === 'text');
    const text = (b: (typeof lines)[number]): string => b.runs.map((r) => r.text).join('');
    const at = lines.findIndex((b) => text(b) === '办件回执');
    expect(lines[at]?.runs.every((r) => r.width === 2 && r.height === 2)).toBe(true);
    const numbered = lines.filter((b) => text(b).includes(out.applicationNo)).map(text);
    expect(numbered).toEqual([`申请编号：${out.applicationNo}`]);
    // Everything after the title at 1×, not bold.
    const body = lines.slice(at + 1).flatMap((b) => b.runs);
    expect(body.length).toBeGreaterThan(0);
    expect(body.every((r) => r.width === 1 && r.height === 1 && !r.bold)).toBe(true);
  });
});
