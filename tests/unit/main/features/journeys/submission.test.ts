import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../../../../main/data/sync/outbox-worker.js';
import { receiptPrinting } from '../../../../../main/features/journeys/receipt-printing.js';
import { submitApplication } from '../../../../../main/features/journeys/submission.js';
import { parseProgressQuery, receiptTokenDigest } from '../../../../../main/features/journeys/progress-link.js';
import { decodeEscPos, lineText } from '../../../../../drivers/printer/receipt/escpos-parser.js';
import type { SubmitInput } from '../../../../../main/features/session/journey-types.js';
import { FakeOutbox, FakeReceiptPrinter, NOW, testConfig, ZHANG } from './fakes.js';

const config = testConfig();
const emptyStatus: SyncStatus = {
  online: null,
  queued: 0,
  rejected: 0,
  sent: 0,
  oldestQueuedAgeSeconds: null,
  lastError: null,
  lastSuccessAt: null,
  lastAttemptAt: null,
  auditPending: 0,
  running: true,
};

/** The printed receipts' text lines, decoded from the ESC/POS bytes as the printer reads them. */
function printedLines(printer: FakeReceiptPrinter | null): string[] {
  return (printer?.jobs ?? []).flatMap((j) =>
    decodeEscPos(j.build()).receipts.flatMap((r) => r.items.flatMap((i) => (i.kind === 'text' ? [lineText(i)] : []))),
  );
}

function setUp(printer: FakeReceiptPrinter | null = new FakeReceiptPrinter()) {
  const outbox = new FakeOutbox();
  /** The delivery worker's last answer, and the reference the back office gave the submissions it acknowledged (null: none yet). */
  const sync = { online: null as boolean | null, acknowledged: null as string | null, asked: [] as string[] };
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
        sync: {
          syncStatus: () => ({ ...emptyStatus, online: sync.online }),
          outboxState: (key) => {
            sync.asked.push(key);
            return sync.acknowledged !== null
              ? { state: 'sent', remoteRef: sync.acknowledged }
              : { state: 'queued', remoteRef: null };
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
  return { outbox, printer, order, submitOnce, sync };
}

describe('submission', () => {
  it('enqueues durably first, then prints the receipt with the application number', async () => {
    const { outbox, printer, order, submitOnce } = setUp();
    const out = await submitOnce();
    expect(out).toMatchObject({ transmission: { state: 'sending', reference: null }, receiptPrinted: true, receiptError: null });
    expect(out.applicationNo).toMatch(/^MO0001-260302-[0-9A-F]{8}$/);
    expect(order).toEqual(['enqueue', 'receipt']);
    const [row] = outbox.rows;
    expect(row?.opts).toEqual({ key: `submission:${out.applicationNo}`, actor: 's-1', attachments: [] });
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

  it('says "sending" while the back office is reachable or not tried yet, on the receipt just "accepted"', async () => {
    const { outbox, printer, submitOnce, sync } = setUp();
    outbox.backofficeOnline = false; // no answer yet: not known to be down
    expect((await submitOnce()).transmission).toEqual({ state: 'sending', reference: null });
    sync.online = true;
    expect((await submitOnce()).transmission).toEqual({ state: 'sending', reference: null });
    expect(printedLines(printer).filter((l) => l.startsWith('状态'))).toEqual(['状态：已受理', '状态：已受理']);
  });

  it('says "offline" (screen and receipt) only when the back office was unreachable at its last try', async () => {
    const { outbox, printer, submitOnce, sync } = setUp();
    outbox.backofficeOnline = false;
    sync.online = false;
    expect((await submitOnce()).transmission).toEqual({ state: 'offline', reference: null });
    expect(printedLines(printer)).toContain('状态：已受理，网络恢复后自动提交');
  });

  it('says "sent" with the back office reference when the row was acknowledged before the receipt was out', async () => {
    const { submitOnce, sync } = setUp();
    sync.online = true;
    sync.acknowledged = 'BO-42';
    const out = await submitOnce();
    expect(out.transmission).toEqual({ state: 'sent', reference: 'BO-42' });
    expect(sync.asked).toEqual([`submission:${out.applicationNo}`]);
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
