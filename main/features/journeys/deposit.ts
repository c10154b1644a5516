/**
 * Depositing materials: a free deposit compartment opened (closed and, where the board senses
 * it, empty), the deposit recorded in the outbox, a slip printed. No free compartment or no
 * locker is `deposit-unavailable`; a locker that refuses is `locker-offline`.
 */
import type { DeviceConfig } from '../../../config/schema.js';
import type { Locale } from '../../base/api/contract.js';
import { maskName } from '../../data/privacy/mask.js';
import type { DataPort } from '../../data/data-port.js';
import type { Identity } from '../session/journey-types.js';
import type { CitizenAudit } from './citizen-audit.js';
import type { Compartments } from './compartments.js';
import { JourneyError, idTypeOf, newApplicationNo } from './journey-kit.js';
import type { LockerPort } from './pickup.js';
import type { PrintReceipt } from './receipt-printing.js';
import { receiptText } from './receipt-texts.js';

export interface DepositOptions {
  terminalId: string;
  /** The configured devices (the locker's `depositCells` option). */
  devices: readonly DeviceConfig[];
  locker: () => LockerPort | null;
  compartments: Pick<Compartments, 'resolve' | 'depositCells'>;
  outbox: Pick<DataPort['outbox'], 'deposit'>;
  printReceipt: PrintReceipt;
  audit: CitizenAudit;
  now: () => Date;
}

export class Deposit {
  constructor(private readonly o: DepositOptions) {}

  async openForDeposit({
    identity,
  }: {
    identity: Identity;
    sessionId: string;
  }): Promise<{ door: string; opened: boolean | null }> {
    const locker = this.o.locker();
    if (!locker) throw new JourneyError('deposit-unavailable', 'no locker');
    const free = this.o.compartments.depositCells(this.o.devices).find((c) => {
      const p = this.o.compartments.resolve(c);
      return p !== null && locker.doorState(p.board, p.lock) === 'closed' && locker.occupied(p.board, p.lock) !== true;
    });
    const cell = free ? this.o.compartments.resolve(free) : null;
    if (!free || !cell) throw new JourneyError('deposit-unavailable', 'no free compartment');
    const r = await locker.open(cell.board, cell.lock);
    this.o.audit('locker.open', { cell: free, purpose: 'deposit' }, identity.idNumber);
    if (!r.ok) throw new JourneyError('locker-offline', r.error.message);
    return { door: free, opened: r.value.opened };
  }

  recordDeposit({
    identity,
    door,
    locale = 'zh-CN',
    applicationNo,
    materialIds = [],
  }: {
    identity: Identity;
    door: string;
    sessionId: string;
    /** The slip's language: the session's. */
    locale?: Locale;
    /** The originals of this application's materials (#16), recorded against it. */
    applicationNo?: string;
    materialIds?: readonly string[];
  }): Promise<{ receiptNo: string }> {
    const receiptNo = newApplicationNo(this.o.terminalId, this.o.now());
    const originals = applicationNo !== undefined && applicationNo !== '';
    const res = this.o.outbox.deposit(
      {
        depositor: { idType: idTypeOf(identity), idNumber: identity.idNumber, name: identity.name },
        ...(originals ? { applicationId: applicationNo } : {}),
        lockerId: 'locker',
        cell: door,
        description: originals ? `originals ${receiptNo}: ${materialIds.join(', ')}` : `deposit ${receiptNo}`,
        depositedAt: this.o.now().toISOString(),
      },
      { key: `deposit:${receiptNo}` },
    );
    if (!res.ok) return Promise.reject(new JourneyError('deposit-record-failed', res.error.message));
    return this.o
      .printReceipt((b) => {
        b.setAlign('center').line(receiptText('depositTitle', locale), { bold: true, width: 2, height: 2 }).setAlign('left');
        b.style({ bold: false, width: 1, height: 1 });
        b.line(receiptText('slipNo', locale, { no: receiptNo }));
        if (originals) b.line(receiptText('originalsFor', locale, { no: applicationNo }));
        b.line(receiptText('door', locale, { door })).line(receiptText('depositor', locale, { name: maskName(identity.name) }));
      })
      .then(() => ({ receiptNo }));
  }
}
