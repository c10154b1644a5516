/**
 * The citizen journeys' work on real (or emulated) devices, the store and the back office:
 * the `JourneyServices` the session machine invokes, and the device events it listens to.
 * Every failure is a typed error `{ code }` the machine turns into a translated notice.
 *
 * Order of a submission: durable enqueue in the outbox (so nothing is lost) → receipt print;
 * delivery to the back office happens in the outbox worker, exactly once by idempotency key.
 */
import { randomBytes } from 'node:crypto';
import type { KioskConfig } from '../../../config/schema.js';
import type { IdCardRead } from '../../../drivers/idcard/idcard-driver.js';
import { ReceiptBuilder } from '../../../drivers/printer/receipt/receipt-builder.js';
import type { DeviceManager } from '../../devices/manager.js';
import type { Logger } from '../../base/log/logger.js';
import { StoreUnavailableError, type DataPort } from '../../data/data-port.js';
import { maskId, maskName, maskPhone } from '../../data/privacy/mask.js';
import { findMatter, type JourneyServices } from '../session/machine.js';
import type {
  AssistCredential,
  AssistEntry,
  AssistStaff,
  Identity,
  MyDataEntry,
  PickupItem,
  SubmitInput,
} from '../session/journey-types.js';
import type { SessionService } from '../session/service.js';
import { layout, type CompartmentSlot } from '../maintenance/compartments.js';

export class JourneyError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type IdType = 'resident' | 'hk-macau' | 'taiwan' | 'foreign-permanent';

function idTypeOf(identity: Identity): IdType {
  if (identity.cardType === 'hkmotw') return identity.idNumber.startsWith('83') ? 'taiwan' : 'hk-macau';
  if (identity.cardType === 'foreign2017' || identity.cardType === 'foreign2023') return 'foreign-permanent';
  return 'resident';
}

export function identityFromCard(card: IdCardRead): Identity {
  const t = card.text;
  return {
    method: 'idcard',
    cardType: t.cardType,
    name: t.name,
    idNumber: t.idNumber,
    ...(t.address ? { address: t.address } : {}),
    birthDate: t.birthDate,
    sex: t.sex,
  };
}

/**
 * Compartment labels are the ones staff see on the doors (`A-07`: first board, lock 7), from the
 * maintenance layout. A back office may also name a cell as `board-lock` (`1-07`); both resolve.
 */
export class Compartments {
  private readonly byLabel = new Map<string, CompartmentSlot>();
  private readonly byBoardLock = new Map<string, CompartmentSlot>();

  constructor(readonly slots: readonly CompartmentSlot[]) {
    for (const s of slots) {
      this.byLabel.set(s.label, s);
      this.byBoardLock.set(`${s.board}-${s.lock}`, s);
    }
  }

  resolve(cell: string): CompartmentSlot | null {
    const direct = this.byLabel.get(cell.trim().toUpperCase());
    if (direct) return direct;
    const m = /^(\d{1,3})-(\d{1,3})$/.exec(cell.trim());
    return m ? (this.byBoardLock.get(`${Number(m[1])}-${Number(m[2])}`) ?? null) : null;
  }

  label(board: number, lock: number): string {
    return this.byBoardLock.get(`${board}-${lock}`)?.label ?? `${board}-${String(lock).padStart(2, '0')}`;
  }
}

/** A local application number: terminal, date, random part (unique without the back office). */
export function newApplicationNo(terminalId: string, now: Date): string {
  const d = now.toISOString().slice(2, 10).replace(/-/g, '');
  return `${terminalId
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(-6)
    .toUpperCase()}-${d}-${randomBytes(4).toString('hex').toUpperCase()}`;
}

/** Staff are called at most once in this long, however often "ask staff" is tapped. */
const HELP_CALL_SPACING_MS = 60_000;

const COLLECT_METHOD = { idcard: 'id-card', qr: 'digital-identity', staff: 'staff' } as const;

/** Checks a staff credential typed at the citizen screen (the maintenance service: same members, lock-out, audit). */
export type StaffVerifier = (
  c: AssistCredential,
) => Promise<{ ok: true; staff: AssistStaff } | { ok: false; code: 'staff-locked' | 'staff-wrong-credentials' }>;

/**
 * What the journeys use of the store, the audit chain and the back office: main/data's
 * `DataServices`, or its `UnavailableData` (every use throws `store-unavailable`).
 */
export type JourneyData = Pick<DataPort, 'outbox' | 'client' | 'audit' | 'subjectOf' | 'signDocument'>;

export interface JourneyRuntimeOptions {
  config: KioskConfig;
  devices: DeviceManager;
  data: JourneyData;
  /** Staff-assisted identification: the maintenance service's credential check. */
  verifyStaff: StaffVerifier;
  log: Logger;
  now?: () => Date;
}

export class JourneyRuntime implements JourneyServices {
  private readonly data: JourneyData;
  private lastHelpCall = -Infinity;
  private readonly now: () => Date;
  readonly compartments: Compartments;

  constructor(private readonly o: JourneyRuntimeOptions) {
    this.now = o.now ?? (() => new Date());
    this.data = o.data;
    this.compartments = new Compartments(layout(o.config.devices, o.config.staff));
  }

  /** Feeds device events to the session: cards, scans, locker doors. */
  connect(session: SessionService): () => void {
    const offs: (() => void)[] = [];
    const idcard = this.o.devices.driver('idcard');
    if (idcard) {
      offs.push(
        idcard.onCard((e) => {
          if (e.type === 'card-read') {
            this.audit('card.read', { cardType: e.card.text.cardType }, e.card.text.idNumber);
            session.send({
              type: 'CARD_READ',
              identity: identityFromCard(e.card),
              expired: e.card.expired,
              idNumberValid: e.card.idNumberCheck.valid,
            });
          } else if (e.type === 'read-failed') {
            session.send({ type: 'CARD_FAILED', code: e.error.code });
          }
        }),
      );
    }
    const scanner = this.o.devices.driver('scanner');
    if (scanner) {
      offs.push(
        scanner.onScan((s) => {
          const text = s.text.trim();
          session.send(/^\d{6,8}$/.test(text) ? { type: 'PICKUP_CODE', code: text } : { type: 'QR_SCANNED', text });
        }),
      );
    }
    const locker = this.o.devices.driver('locker');
    if (locker) {
      offs.push(
        locker.onEvent((e) => {
          if (e.type === 'door-opened')
            session.send({ type: 'DOOR', door: this.compartments.label(e.board, e.lock), state: 'open' });
          if (e.type === 'door-closed')
            session.send({ type: 'DOOR', door: this.compartments.label(e.board, e.lock), state: 'closed' });
          if (e.type === 'door-left-open')
            this.urgent('door-left-open', `door ${this.compartments.label(e.board, e.lock)} left open`);
        }),
      );
    }
    return () => offs.forEach((f) => f());
  }

  // ---- JourneyServices --------------------------------------------------------------------

  async verifyQr({ text }: { text: string }): Promise<Identity> {
    const r = await this.data.client.call('verifyIdentityQr', { body: { terminalId: this.o.config.terminal.id, qrText: text } });
    if (!r.ok)
      throw new JourneyError(r.error.code === 'bo-unreachable' ? 'backoffice-unreachable' : 'qr-invalid', r.error.message);
    const a = r.value.identity;
    return {
      method: 'qr',
      cardType: 'digital',
      name: a.name,
      idNumber: a.idNumber,
      ...(a.address ? { address: a.address } : {}),
    };
  }

  submit(
    input: SubmitInput,
  ): Promise<{ applicationNo: string; queued: boolean; receiptPrinted: boolean; receiptError: string | null }> {
    const matter = findMatter(this.o.config.catalog, input.matterId);
    if (!matter) return Promise.reject(new JourneyError('unknown-matter', input.matterId));
    const now = this.now();
    const applicationNo = newApplicationNo(this.o.config.terminal.id, now);
    const form: Record<string, string> = {};
    for (const f of matter.form) if (input.values[f.id] !== undefined && !f.locked) form[f.id] = input.values[f.id] ?? '';
    const res = this.data.outbox.submitApplication(
      {
        matterCode: matter.id,
        applicant: {
          idType: idTypeOf(input.identity),
          idNumber: input.identity.idNumber,
          name: input.identity.name,
          ...(input.identity.address ? { address: input.values.address ?? input.identity.address } : {}),
          ...(input.values.phone ? { phone: input.values.phone } : {}),
        },
        form: {
          ...form,
          localApplicationNo: applicationNo,
          // Who vouched for the applicant when no card or digital identity was used.
          ...(input.identity.method === 'staff'
            ? { identifiedBy: input.identity.assistedBy ?? '', identityDocument: input.identity.document ?? '' }
            : {}),
        },
        materials: matter.materials.map((m) => ({ kind: m.id, description: m.trust })),
        delivery: input.delivery === 'on-the-spot' ? 'window' : input.delivery,
        submittedAt: now.toISOString(),
      },
      { key: `submission:${applicationNo}`, actor: input.sessionId },
    );
    if (!res.ok) return Promise.reject(new JourneyError('submit-failed', res.error.message));
    const queued = !res.value.backofficeOnline;
    return this.printReceipt((b) => {
      b.setAlign('center')
        .line(this.o.config.terminal.hallName, { bold: true })
        .line('办件回执', { bold: true, width: 2, height: 2 });
      b.setAlign('left').feed(1);
      b.line(`事项：${matter.names['zh-CN'] ?? matter.id}`);
      b.line(`申请编号：${applicationNo}`);
      b.line(`申请人：${maskName(input.identity.name)}  ${maskId(input.identity.idNumber, this.o.config.privacy.mask)}`);
      b.line(`时间：${now.toLocaleString('zh-CN', { hour12: false })}`);
      b.line(queued ? '状态：已受理，网络恢复后自动提交' : '状态：已提交');
      b.line(
        matter.instant ? '结果：现场打印，请在A4出纸口领取' : `承诺时限：${matter.timeLimitDays ?? 0}个工作日，办结后短信通知`,
      );
      b.setAlign('center').qr(applicationNo).line('扫码查询办理进度');
    }).then((printed) => ({ applicationNo, queued, receiptPrinted: printed.ok, receiptError: printed.ok ? null : printed.code }));
  }

  async printDocument(input: SubmitInput & { applicationNo: string }): Promise<{ printed: boolean; error: string | null }> {
    const matter = findMatter(this.o.config.catalog, input.matterId);
    const a4 = this.o.devices.driver('a4-printer');
    if (!matter?.document) return { printed: false, error: 'no-template' };
    if (!a4) return { printed: false, error: 'a4-offline' };
    const fill = (s: string): string =>
      s.replace(/\{(\w+)\}/g, (_m, k: string) => input.values[k] ?? (k === 'address' ? (input.identity.address ?? '') : ''));
    const title = matter.document.title['zh-CN'] ?? matter.id;
    const body = fill(matter.document.body['zh-CN'] ?? '');
    const issuedAt = this.now().toISOString();
    // The QR carries a signed digest of the canonical content, verifiable offline (`yimen verify-document`).
    const signed = this.data.signDocument({
      no: input.applicationNo,
      matter: matter.id,
      title,
      body,
      issuer: matter.document.issuer,
      issuedAt,
    });
    const r = await a4.print({
      title,
      paragraphs: [body, `出具单位：${matter.document.issuer}`, `出具时间：${issuedAt.slice(0, 10)}`],
      table: [{ key: '申请编号', value: input.applicationNo }],
      footer: `此件由${this.o.config.terminal.hallName}自助终端 ${this.o.config.terminal.id} 提供，仅供办理政务服务事项时使用，扫描二维码可核验真伪。`,
      ...(signed ? { qr: { data: signed.qr, caption: '扫码核验' }, subject: JSON.stringify(signed) } : {}),
    });
    this.audit('print', { kind: 'a4', matter: matter.id, ok: r.ok }, input.identity.idNumber);
    return r.ok ? { printed: true, error: null } : { printed: false, error: r.error.code };
  }

  async lookupPickups({ identity, pickupCode }: { identity: Identity | null; pickupCode: string | null }): Promise<PickupItem[]> {
    const r = await this.data.client.call('lookupPickups', {
      body: {
        terminalId: this.o.config.terminal.id,
        ...(identity ? { idNumber: identity.idNumber } : {}),
        ...(pickupCode ? { pickupCode } : {}),
      },
    });
    if (!r.ok) throw new JourneyError('backoffice-unreachable', r.error.message);
    return r.value.pickups.flatMap((p) => {
      const slot = p.cell === null ? null : this.compartments.resolve(p.cell);
      if (!slot) this.o.log.warn({ pickupId: p.pickupId, cell: p.cell }, 'pickup names no compartment of this terminal');
      return slot ? [{ pickupId: p.pickupId, applicationNo: p.applicationId, matterId: p.matterName, door: slot.label }] : [];
    });
  }

  async openCompartment({ pickup }: { pickup: PickupItem; sessionId: string }): Promise<{ opened: boolean | null }> {
    const locker = this.o.devices.driver('locker');
    const cell = this.compartments.resolve(pickup.door);
    if (!locker || !cell) throw new JourneyError('locker-offline', 'no locker');
    const r = await locker.open(cell.board, cell.lock);
    this.audit('locker.open', { cell: pickup.door, ok: r.ok ? r.value.opened : null });
    if (!r.ok) throw new JourneyError('locker-offline', r.error.message);
    if (r.value.opened !== true) this.urgent(r.value.opened === false ? 'door-jammed' : 'door-unknown', `door ${pickup.door}`);
    return { opened: r.value.opened };
  }

  async completePickup({
    pickup,
    identity,
  }: {
    pickup: PickupItem;
    sessionId: string;
    identity: Identity | null;
  }): Promise<{ slipPrinted: boolean }> {
    const res = this.data.outbox.collected(
      pickup.pickupId,
      {
        method: identity ? COLLECT_METHOD[identity.method] : 'pickup-code',
        collectedAt: this.now().toISOString(),
      },
      identity ? { subjectId: identity.idNumber } : {},
    );
    if (!res.ok) throw new JourneyError('pickup-record-failed', res.error.message);
    const printed = await this.printReceipt((b) => {
      b.setAlign('center').line('取件凭条', { bold: true, width: 2, height: 2 }).setAlign('left');
      b.line(`申请编号：${pickup.applicationNo}`);
      b.line(`柜门：${pickup.door}`);
      b.line(`取件时间：${this.now().toLocaleString('zh-CN', { hour12: false })}`);
    });
    return { slipPrinted: printed.ok };
  }

  async openForDeposit({
    identity,
  }: {
    identity: Identity;
    sessionId: string;
  }): Promise<{ door: string; opened: boolean | null }> {
    const locker = this.o.devices.driver('locker');
    if (!locker) throw new JourneyError('deposit-unavailable', 'no locker');
    const free = this.depositCells().find((c) => {
      const p = this.compartments.resolve(c);
      return p !== null && locker.doorState(p.board, p.lock) === 'closed' && locker.occupied(p.board, p.lock) !== true;
    });
    const cell = free ? this.compartments.resolve(free) : null;
    if (!free || !cell) throw new JourneyError('deposit-unavailable', 'no free compartment');
    const r = await locker.open(cell.board, cell.lock);
    this.audit('locker.open', { cell: free, purpose: 'deposit' }, identity.idNumber);
    if (!r.ok) throw new JourneyError('locker-offline', r.error.message);
    return { door: free, opened: r.value.opened };
  }

  recordDeposit({ identity, door }: { identity: Identity; door: string; sessionId: string }): Promise<{ receiptNo: string }> {
    const receiptNo = newApplicationNo(this.o.config.terminal.id, this.now());
    const res = this.data.outbox.deposit(
      {
        depositor: { idType: idTypeOf(identity), idNumber: identity.idNumber, name: identity.name },
        lockerId: 'locker',
        cell: door,
        description: `deposit ${receiptNo}`,
        depositedAt: this.now().toISOString(),
      },
      { key: `deposit:${receiptNo}` },
    );
    if (!res.ok) return Promise.reject(new JourneyError('deposit-record-failed', res.error.message));
    return this.printReceipt((b) => {
      b.setAlign('center').line('材料投递凭条', { bold: true, width: 2, height: 2 }).setAlign('left');
      b.line(`凭条编号：${receiptNo}`)
        .line(`柜门：${door}`)
        .line(`投递人：${maskName(identity.name)}`);
    }).then(() => ({ receiptNo }));
  }

  sendReport(input: { category: string; text: string; phone?: string; sessionId: string }): Promise<{ reportNo: string }> {
    const reportNo = newApplicationNo(this.o.config.terminal.id, this.now());
    const res = this.data.outbox.report(
      {
        gridId: this.o.config.terminal.hallId,
        category: input.category,
        text: input.text,
        ...(input.phone ? { phone: input.phone } : {}),
        reportedAt: this.now().toISOString(),
      },
      { key: `report:${reportNo}` },
    );
    return res.ok ? Promise.resolve({ reportNo }) : Promise.reject(new JourneyError('report-failed', res.error.message));
  }

  sendRating(input: { score: number; matterId: string | null }): Promise<void> {
    const res = this.data.outbox.rating({
      level: input.score,
      ...(input.matterId ? { matterCode: input.matterId } : {}),
      ratedAt: this.now().toISOString(),
    });
    return res.ok ? Promise.resolve() : Promise.reject(new JourneyError('rating-failed', res.error.message));
  }

  myData({ identity }: { identity: Identity }): Promise<MyDataEntry[]> {
    const now = this.now();
    const start = new Date(now);
    start.setHours(0, 0, 0, 0);
    const subject = this.data.subjectOf(identity.idNumber);
    const rows = this.data.audit.operationsOn(subject, start.getTime(), now.getTime() + 1);
    return Promise.resolve(rows.map((r) => ({ at: new Date(r.at).toISOString(), action: r.type })));
  }

  callStaff({ sessionId }: { sessionId: string }): Promise<void> {
    this.audit('assist.requested', { sessionId });
    // One alert a minute is enough: tapping "ask staff" again and again does not flood the desk.
    const now = this.now().getTime();
    if (now - this.lastHelpCall < HELP_CALL_SPACING_MS) return Promise.resolve();
    const queued = this.urgent(
      'help-requested',
      `a citizen at terminal ${this.o.config.terminal.id} asks for staff (no ID card)`,
    );
    if (!queued) return Promise.reject(new JourneyError('assist-call-failed', 'the call could not be queued'));
    this.lastHelpCall = now;
    return Promise.resolve();
  }

  async verifyStaff({ credential }: { credential: AssistCredential }): Promise<AssistStaff> {
    const r = await this.o.verifyStaff(credential);
    if (!r.ok) throw new JourneyError(r.code, 'staff credential refused');
    return r.staff;
  }

  assistIdentify({ staff, entry, sessionId }: { staff: AssistStaff; entry: AssistEntry; sessionId: string }): Promise<Identity> {
    // Audited under the member of staff who vouched, with the citizen as the subject (so it shows in "my data").
    this.data.audit.append({
      type: 'identify.staff-assisted',
      actor: `staff:${staff.staffId}`,
      detail: { document: entry.document, sessionId },
      subject: this.data.subjectOf(entry.idNumber),
    });
    this.o.log.info({ staffId: staff.staffId, document: entry.document }, 'staff-assisted identification');
    return Promise.resolve({
      method: 'staff',
      cardType: 'staff-checked',
      name: entry.name.trim(),
      idNumber: entry.idNumber,
      assistedBy: staff.staffId,
      document: entry.document,
    });
  }

  async resendPickupCode({ phone }: { phone: string }): Promise<{ maskedPhone: string }> {
    const r = await this.data.client.call('resendPickupCodesByPhone', { body: { terminalId: this.o.config.terminal.id, phone } });
    if (!r.ok) throw new JourneyError('backoffice-unreachable', r.error.message);
    this.audit('pickup.code-resent', { sent: r.value.sent, recentlySent: r.value.recentlySent });
    return { maskedPhone: maskPhone(phone) };
  }

  // ---- helpers ----------------------------------------------------------------------------

  private depositCells(): string[] {
    const dev = this.o.config.devices.find((d) => d.kind === 'locker' && d.enabled);
    const cells = dev?.options.depositCells;
    if (Array.isArray(cells)) return cells.filter((c): c is string => typeof c === 'string');
    // By default the last compartment of each board takes deposits.
    const last = new Map<number, string>();
    for (const slot of this.compartments.slots) last.set(slot.board, slot.label);
    return [...last.values()];
  }

  private async printReceipt(fill: (b: ReceiptBuilder) => void): Promise<{ ok: true } | { ok: false; code: string }> {
    const printer = this.o.devices.driver('receipt-printer');
    if (!printer) return { ok: false, code: 'printer-offline' };
    const b = new ReceiptBuilder();
    fill(b);
    b.feed(3).cut('partial');
    const r = await printer.print(b);
    this.audit('print', { kind: 'receipt', ok: r.ok });
    return r.ok ? { ok: true } : { ok: false, code: r.error.code };
  }

  /** Best effort: a device event's audit line is skipped without a store (out of service, or a tool). */
  private audit(type: string, detail: Record<string, string | number | boolean | null>, subjectId?: string): void {
    try {
      this.data.audit.append({
        type,
        actor: 'citizen',
        detail,
        ...(subjectId ? { subject: this.data.subjectOf(subjectId) } : {}),
      });
    } catch (err) {
      if (!(err instanceof StoreUnavailableError)) this.o.log.error({ err, type }, 'audit append failed');
    }
  }

  /** Queues an urgent event for staff (the back office's alert channel); false when it could not. */
  private urgent(kind: string, text: string): boolean {
    this.o.log.warn({ kind, text }, 'urgent event');
    try {
      const r = this.data.outbox.urgent({ kind, severity: 'high', message: text, at: this.now().toISOString() });
      if (!r.ok) this.o.log.error({ code: r.error.code }, 'urgent event not queued');
      return r.ok;
    } catch (err) {
      if (err instanceof StoreUnavailableError) return false;
      throw err;
    }
  }
}
