/**
 * Collecting a document: its compartment opened, the collection recorded in the outbox, a slip
 * printed. A locker that refuses is `locker-offline`; a door that did not confirm it opened
 * alerts staff and is the caller's to show (`opened: false | null`).
 */
import type { LockerDriver } from '../../../drivers/locker/locker-driver.js';
import type { Locale } from '../../base/api/contract.js';
import type { DataPort } from '../../data/data-port.js';
import type { Identity, OpenOutcome, PickupItem } from '../session/journey-types.js';
import type { CitizenAudit, UrgentAlert } from './citizen-audit.js';
import type { Compartments } from './compartments.js';
import { JourneyError } from './journey-kit.js';
import type { PrintReceipt } from './receipt-printing.js';
import { receiptText, receiptTime } from './receipt-texts.js';

export type LockerPort = Pick<LockerDriver, 'open' | 'doorState' | 'occupied'>;

const COLLECT_METHOD = { idcard: 'id-card', qr: 'digital-identity', staff: 'staff' } as const;

export interface PickupOptions {
  locker: () => Pick<LockerPort, 'open'> | null;
  compartments: Pick<Compartments, 'resolve'>;
  outbox: Pick<DataPort['outbox'], 'collected'>;
  printReceipt: PrintReceipt;
  audit: CitizenAudit;
  urgent: UrgentAlert;
  now: () => Date;
}

export class Pickup {
  constructor(private readonly o: PickupOptions) {}

  async openCompartment({ pickup }: { pickup: PickupItem; sessionId: string }): Promise<OpenOutcome> {
    const locker = this.o.locker();
    const cell = this.o.compartments.resolve(pickup.door);
    if (!locker || !cell) throw new JourneyError('locker-offline', 'no locker');
    const r = await locker.open(cell.board, cell.lock);
    this.o.audit('locker.open', { cell: pickup.door, ok: r.ok ? r.value.opened : null });
    if (!r.ok) throw new JourneyError('locker-offline', r.error.message);
    if (r.value.opened !== true) this.o.urgent(r.value.opened === false ? 'door-jammed' : 'door-unknown', `door ${pickup.door}`);
    return { opened: r.value.opened };
  }

  async completePickup({
    pickup,
    identity,
    locale = 'zh-CN',
  }: {
    pickup: PickupItem;
    sessionId: string;
    identity: Identity | null;
    /** The slip's language: the session's. */
    locale?: Locale;
  }): Promise<{ slipPrinted: boolean }> {
    const res = this.o.outbox.collected(
      pickup.pickupId,
      {
        method: identity ? COLLECT_METHOD[identity.method] : 'pickup-code',
        collectedAt: this.o.now().toISOString(),
      },
      identity ? { subjectId: identity.idNumber } : {},
    );
    if (!res.ok) throw new JourneyError('pickup-record-failed', res.error.message);
    const printed = await this.o.printReceipt((b) => {
      b.setAlign('center').line(receiptText('pickupTitle', locale), { bold: true, width: 2, height: 2 }).setAlign('left');
      b.style({ bold: false, width: 1, height: 1 });
      b.line(receiptText('applicationNo', locale, { no: pickup.applicationNo }));
      b.line(receiptText('door', locale, { door: pickup.door }));
      b.line(receiptText('collectedAt', locale, { time: receiptTime(this.o.now(), locale) }));
    });
    return { slipPrinted: printed.ok };
  }
}
