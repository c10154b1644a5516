import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { err } from '../../../../../common/result.js';
import type { DeviceConfig } from '../../../../../config/schema.js';
import { Compartments } from '../../../../../main/features/journeys/compartments.js';
import { Deposit } from '../../../../../main/features/journeys/deposit.js';
import { receiptPrinting } from '../../../../../main/features/journeys/receipt-printing.js';
import { FakeLocker, FakeOutbox, FakeReceiptPrinter, NOW, testConfig, ZHANG } from './fakes.js';

const slots = [1, 2].flatMap((board) =>
  [1, 2, 3].map((lock) => ({ deviceId: 'locker', label: `${'AB'[board - 1]}-0${lock}`, board, lock, size: 'M' as const })),
);
const compartments = new Compartments(slots);
const devices: DeviceConfig[] = testConfig().devices;

function setUp(locker: FakeLocker | null = new FakeLocker(), printer: FakeReceiptPrinter | null = new FakeReceiptPrinter()) {
  const outbox = new FakeOutbox();
  const audited: string[] = [];
  const deposit = new Deposit({
    terminalId: 'T-1',
    devices,
    locker: () => locker,
    compartments,
    outbox,
    printReceipt: receiptPrinting({ printer: () => printer, audit: () => {} }),
    audit: (type, detail) => void audited.push(`${type}:${String(detail.cell)}`),
    now: () => NOW,
  });
  return { locker, printer, outbox, audited, deposit };
}

describe('deposit', () => {
  it('opens the first free deposit compartment (the last of each board by default)', async () => {
    const { deposit, locker, audited } = setUp();
    expect(await deposit.openForDeposit({ identity: ZHANG, sessionId: 's' })).toEqual({ door: 'A-03', opened: true });
    expect(locker?.opened).toEqual([[1, 3]]);
    expect(audited).toEqual(['locker.open:A-03']);
  });

  it('skips a deposit compartment whose door is open or which is occupied', async () => {
    const locker = new FakeLocker();
    locker.doors.set('1-3', 'open');
    const { deposit } = setUp(locker);
    expect((await deposit.openForDeposit({ identity: ZHANG, sessionId: 's' })).door).toBe('B-03');
    locker.occupancy.set('2-3', true);
    await expect(deposit.openForDeposit({ identity: ZHANG, sessionId: 's' })).rejects.toMatchObject({
      code: 'deposit-unavailable',
    });
  });

  it('is deposit-unavailable without a locker, and locker-offline when the locker refuses', async () => {
    await expect(setUp(null).deposit.openForDeposit({ identity: ZHANG, sessionId: 's' })).rejects.toMatchObject({
      code: 'deposit-unavailable',
    });
    const refusing = new FakeLocker();
    refusing.answer = err('not-connected', 'port closed');
    await expect(setUp(refusing).deposit.openForDeposit({ identity: ZHANG, sessionId: 's' })).rejects.toMatchObject({
      code: 'locker-offline',
    });
  });

  it('records the deposit in the outbox and prints a slip with its number', async () => {
    const { deposit, outbox, printer } = setUp();
    const { receiptNo } = await deposit.recordDeposit({ identity: ZHANG, door: 'A-03', sessionId: 's' });
    expect(receiptNo).toMatch(/^T1-260302-/);
    expect(outbox.rows[0]).toMatchObject({
      kind: 'deposit',
      body: { depositor: { idType: 'resident', idNumber: ZHANG.idNumber }, cell: 'A-03', depositedAt: NOW.toISOString() },
      opts: { key: `deposit:${receiptNo}` },
    });
    expect(printer?.text()).toContain(receiptNo);
    expect(outbox.rows[0]?.body).not.toHaveProperty('applicationId');
  });

  it("records an application's originals against it: the application number on the record and on the slip", async () => {
    const { deposit, outbox, printer } = setUp();
    const { receiptNo } = await deposit.recordDeposit({
      identity: ZHANG,
      door: 'B-03',
      sessionId: 's',
      applicationNo: 'T1-260302-0042',
      materialIds: ['residence-permit'],
    });
    expect(outbox.rows[0]).toMatchObject({
      kind: 'deposit',
      body: { applicationId: 'T1-260302-0042', cell: 'B-03', description: `originals ${receiptNo}: residence-permit` },
    });
    // The slip's bytes as the printer gets them (GB18030), read back.
    const slip = iconv.decode(Buffer.from(printer?.text() ?? '', 'latin1'), 'gb18030');
    expect(slip).toContain('原件所属申请：T1-260302-0042');
  });

  it('keeps the deposit when the slip cannot print, and is deposit-record-failed when the outbox refuses', async () => {
    const { deposit, outbox } = setUp(new FakeLocker(), null);
    await deposit.recordDeposit({ identity: ZHANG, door: 'A-03', sessionId: 's' });
    expect(outbox.rows).toHaveLength(1);
    outbox.fail.add('deposit');
    await expect(deposit.recordDeposit({ identity: ZHANG, door: 'A-03', sessionId: 's' })).rejects.toMatchObject({
      code: 'deposit-record-failed',
    });
  });
});
