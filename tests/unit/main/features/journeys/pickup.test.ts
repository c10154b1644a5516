import { describe, expect, it } from 'vitest';
import { err, ok } from '../../../../../common/result.js';
import { Compartments } from '../../../../../main/features/journeys/compartments.js';
import { Pickup } from '../../../../../main/features/journeys/pickup.js';
import { receiptPrinting } from '../../../../../main/features/journeys/receipt-printing.js';
import type { PickupItem } from '../../../../../main/features/session/journey-types.js';
import { FakeLocker, FakeOutbox, FakeReceiptPrinter, NOW, ZHANG } from './fakes.js';

const compartments = new Compartments([{ deviceId: 'locker', label: 'A-07', board: 1, lock: 7, size: 'M' }]);
const item: PickupItem = { pickupId: 'p1', applicationNo: 'APP-1', matterId: 'senior-card', door: 'A-07' };

function setUp(locker: FakeLocker | null = new FakeLocker(), printer: FakeReceiptPrinter | null = new FakeReceiptPrinter()) {
  const outbox = new FakeOutbox();
  const audited: string[] = [];
  const urgent: string[] = [];
  const pickup = new Pickup({
    locker: () => locker,
    compartments,
    outbox,
    printReceipt: receiptPrinting({ printer: () => printer, audit: () => {} }),
    audit: (type, detail) => void audited.push(`${type}:${String(detail.ok)}`),
    urgent: (kind) => (urgent.push(kind), true),
    now: () => NOW,
  });
  return { locker, printer, outbox, audited, urgent, pickup };
}

describe('pickup', () => {
  it("opens the pickup's compartment by its board and lock, audited", async () => {
    const { pickup, locker, audited, urgent } = setUp();
    expect(await pickup.openCompartment({ pickup: item, sessionId: 's' })).toEqual({ opened: true });
    expect(locker?.opened).toEqual([[1, 7]]);
    expect(audited).toEqual(['locker.open:true']);
    expect(urgent).toEqual([]);
  });

  it('is locker-offline when the locker refuses, or there is none', async () => {
    const refusing = new FakeLocker();
    refusing.answer = err('no-answer', 'board 1 silent');
    const { pickup, audited } = setUp(refusing);
    await expect(pickup.openCompartment({ pickup: item, sessionId: 's' })).rejects.toMatchObject({ code: 'locker-offline' });
    expect(audited).toEqual(['locker.open:null']);
    await expect(setUp(null).pickup.openCompartment({ pickup: item, sessionId: 's' })).rejects.toMatchObject({
      code: 'locker-offline',
    });
  });

  it('alerts staff when the door stays shut (jammed) or its state is unknown', async () => {
    const locker = new FakeLocker();
    const { pickup, urgent } = setUp(locker);
    locker.answer = ok(false);
    expect(await pickup.openCompartment({ pickup: item, sessionId: 's' })).toEqual({ opened: false });
    locker.answer = ok(null);
    expect(await pickup.openCompartment({ pickup: item, sessionId: 's' })).toEqual({ opened: null });
    expect(urgent).toEqual(['door-jammed', 'door-unknown']);
  });

  it('records the collection in the outbox and prints a slip', async () => {
    const { pickup, outbox, printer } = setUp();
    expect(await pickup.completePickup({ pickup: item, sessionId: 's', identity: ZHANG })).toEqual({ slipPrinted: true });
    expect(outbox.rows[0]).toEqual({
      kind: 'collected',
      body: { pickupId: 'p1', method: 'id-card', collectedAt: NOW.toISOString() },
      opts: { subjectId: ZHANG.idNumber },
    });
    expect(printer?.text()).toContain('APP-1');
  });

  it('records a pickup by code without a subject; a slip that cannot print is slipPrinted false', async () => {
    const printer = new FakeReceiptPrinter();
    printer.refuse = 'paper-out';
    const { pickup, outbox } = setUp(new FakeLocker(), printer);
    expect(await pickup.completePickup({ pickup: item, sessionId: 's', identity: null })).toEqual({ slipPrinted: false });
    expect(outbox.rows[0]).toMatchObject({ body: { method: 'pickup-code' }, opts: {} });
  });

  it('is pickup-record-failed when the outbox refuses (no slip)', async () => {
    const { pickup, outbox, printer } = setUp();
    outbox.fail.add('collected');
    await expect(pickup.completePickup({ pickup: item, sessionId: 's', identity: ZHANG })).rejects.toMatchObject({
      code: 'pickup-record-failed',
    });
    expect(printer?.jobs).toEqual([]);
  });
});
