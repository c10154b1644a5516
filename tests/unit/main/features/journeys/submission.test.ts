import { describe, expect, it } from 'vitest';
import { receiptPrinting } from '../../../../../main/features/journeys/receipt-printing.js';
import { submitApplication } from '../../../../../main/features/journeys/submission.js';
import { parseProgressQuery, receiptTokenDigest } from '../../../../../main/features/journeys/progress-link.js';
import { decodeEscPos } from '../../../../../drivers/printer/receipt/escpos-parser.js';
import type { SubmitInput } from '../../../../../main/features/session/journey-types.js';
import { FakeOutbox, FakeReceiptPrinter, NOW, testConfig, ZHANG } from './fakes.js';

const config = testConfig();

function setUp(printer: FakeReceiptPrinter | null = new FakeReceiptPrinter()) {
  const outbox = new FakeOutbox();
  const order: string[] = [];
  const printReceipt = receiptPrinting({ printer: () => printer, audit: () => void order.push('receipt') });
  const submitOnce = (input: Partial<SubmitInput> = {}) =>
    submitApplication(
      {
        config,
        outbox: {
          submitApplication: (body, opts) => {
            order.push('enqueue');
            return outbox.submitApplication(body, opts);
          },
        },
        printReceipt,
        now: () => NOW,
      },
      {
        matterId: 'household-move-in',
        values: { purpose: 'school', phone: '13800138000' },
        identity: ZHANG,
        delivery: 'post',
        sessionId: 's-1',
        ...input,
      },
    );
  return { outbox, printer, order, submitOnce };
}

describe('submission', () => {
  it('enqueues durably first, then prints the receipt with the application number', async () => {
    const { outbox, printer, order, submitOnce } = setUp();
    const out = await submitOnce();
    expect(out).toMatchObject({ queued: false, receiptPrinted: true, receiptError: null });
    expect(out.applicationNo).toMatch(/^MO0001-260302-[0-9A-F]{8}$/);
    expect(order).toEqual(['enqueue', 'receipt']);
    const [row] = outbox.rows;
    expect(row?.opts).toEqual({ key: `submission:${out.applicationNo}`, actor: 's-1' });
    expect(row?.body).toMatchObject({
      matterCode: 'household-move-in',
      applicant: { idType: 'resident', idNumber: ZHANG.idNumber, phone: '13800138000' },
      form: { localApplicationNo: out.applicationNo },
      delivery: 'post',
      submittedAt: NOW.toISOString(),
    });
    expect(printer?.text()).toContain(out.applicationNo);
  });

  it('the receipt QR is the progress link: public base URL, the number, and a token whose digest alone goes to the back office', async () => {
    const { outbox, printer, submitOnce } = setUp();
    const out = await submitOnce();
    const qr = decodeEscPos(printer?.jobs[0]?.build() ?? new Uint8Array()).receipts[0]?.items.find((i) => i.kind === 'qr');
    const link = parseProgressQuery(qr?.kind === 'qr' ? qr.data : '');
    expect(link).toMatchObject({ kind: 'receipt', applicationNo: out.applicationNo });
    expect(qr?.kind === 'qr' && qr.data.startsWith(`${config.backoffice.url}s/`)).toBe(true);
    const body = outbox.rows[0]?.body as { receipt?: { applicationNo: string; tokenSha256: string } };
    expect(body.receipt?.applicationNo).toBe(out.applicationNo);
    expect(body.receipt?.tokenSha256).toBe(receiptTokenDigest(link?.kind === 'receipt' ? link.token : ''));
    // The token itself is nowhere in what the kiosk stores.
    expect(JSON.stringify(outbox.rows)).not.toContain(link?.kind === 'receipt' ? link.token : 'x');
  });

  it('says the application is queued when the back office was not reached', async () => {
    const { outbox, submitOnce } = setUp();
    outbox.backofficeOnline = false;
    expect((await submitOnce()).queued).toBe(true);
  });

  it('still enqueues when the receipt printer is offline, and says why there is no receipt', async () => {
    const { outbox, submitOnce } = setUp(null);
    const out = await submitOnce();
    expect(outbox.rows).toHaveLength(1);
    expect(out).toMatchObject({ receiptPrinted: false, receiptError: 'printer-offline' });
  });

  it('still enqueues when the paper is out', async () => {
    const printer = new FakeReceiptPrinter();
    printer.refuse = 'paper-out';
    const { outbox, submitOnce } = setUp(printer);
    expect(await submitOnce()).toMatchObject({ receiptPrinted: false, receiptError: 'paper-out' });
    expect(outbox.rows).toHaveLength(1);
  });

  it('records who vouched for a staff-identified applicant', async () => {
    const { outbox, submitOnce } = setUp();
    await submitOnce({
      identity: { ...ZHANG, method: 'staff', cardType: 'staff-checked', assistedBy: 'STAFF-0001', document: 'passport' },
    });
    expect(outbox.rows[0]?.body).toMatchObject({ form: { identifiedBy: 'STAFF-0001', identityDocument: 'passport' } });
  });

  it('refuses an unknown matter and an outbox refusal with typed codes, and prints nothing', async () => {
    const { outbox, printer, submitOnce } = setUp();
    await expect(submitOnce({ matterId: 'no-such-matter' })).rejects.toMatchObject({ code: 'unknown-matter' });
    outbox.fail.add('submitApplication');
    await expect(submitOnce()).rejects.toMatchObject({ code: 'submit-failed' });
    expect(printer?.jobs).toEqual([]);
  });
});
