/**
 * The staff actions themselves, against the devices, the store and the back office. Each one
 * returns what happened as data (`{ action, outcome, detail }`), records itself through
 * `record` (audit chain + the shift's action list), and never throws for a device's answer.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { KioskConfig } from '../../../config/schema.js';
import type { Compartment, StaffAction, StaffDashboard } from '../../base/api/contract.js';
import type { DetailValue } from '../../data/audit/audit-log.js';
import { isTransient } from '../../data/backoffice-client/client.js';
import type { DeviceManager } from '../../devices/manager.js';
import type { Logger } from '../../base/log/logger.js';
import type { Clock } from '../session/service.js';
import type { LockerEvent } from '../../../drivers/locker/locker-driver.js';
import { ReceiptBuilder } from '../../../drivers/printer/receipt/receipt-builder.js';
import { layout, type CompartmentMarks, type CompartmentSlot, type Size } from './compartments.js';
import type { LoadJob, StaffIdentity } from './machine.js';
import type { MaintenanceData } from './service.js';

export interface ActionResult {
  action: string;
  outcome: string;
  detail: string;
}

export interface StaffActionsOptions {
  config: KioskConfig;
  devices: DeviceManager;
  log: Logger;
  clock: Clock;
  dataDir: string | null;
  marks: CompartmentMarks;
  data(): MaintenanceData | null;
  staff(): StaffIdentity | null;
  record(action: string, outcome: string, detail: Record<string, DetailValue>): void;
  loadOpened(job: LoadJob): void;
  loadFinished(): void;
  changed(): void;
}

/** Application states a document can be loaded for. */
const LOADABLE = new Set(['received', 'in-review', 'approved']);

/** Masks ID numbers and mobile numbers that might have slipped into a log line. */
export function maskLogLine(line: string): string {
  return line
    .replace(/(?<![0-9])([1-9])[0-9]{15}([0-9])[0-9Xx](?![0-9])/g, (_m, a: string, b: string) => `${a}${'*'.repeat(15)}${b}*`)
    .replace(/(?<![0-9])(1[3-9])[0-9]{5}([0-9]{4})(?![0-9])/g, (_m, a: string, b: string) => `${a}*****${b}`);
}

export class StaffActions {
  private readonly errors: Array<{ at: number; source: string; code: string }> = [];
  private readonly memory = new Map<string, StaffAction[]>();
  private a4: { state: string; pending: number; reasons: string[] } | null = null;
  private bo: { reachable: boolean | null; checkedAt: number | null } = { reachable: null, checkedAt: null };
  private readonly slots: CompartmentSlot[];
  private readonly loadWatchers = new Set<() => void>();
  private retryTimer: unknown = null;
  private stopped = false;

  constructor(private readonly o: StaffActionsOptions) {
    this.slots = layout(o.config.devices, o.config.staff);
    this.scheduleRetry();
  }

  // ---- dashboard parts ------------------------------------------------------------------------

  noteError(source: string, code: string): void {
    this.errors.unshift({ at: this.o.clock.now(), source, code });
    this.errors.length = Math.min(this.errors.length, 20);
  }

  lastErrors(): StaffDashboard['lastErrors'] {
    return this.errors.slice(0, 10);
  }

  receiptPaper(): StaffDashboard['receiptPaper'] {
    const h = this.o.devices.health().find((d) => d.kind === 'receipt-printer');
    if (!h || h.state === 'unknown') return 'unknown';
    if (h.code === 'paper-out') return 'out';
    if (h.code === 'paper-near-end') return 'near-end';
    return h.state === 'ok' ? 'ok' : 'unknown';
  }

  a4QueueSummary(): StaffDashboard['a4Queue'] {
    return this.a4;
  }

  backofficeState(): StaffDashboard['backoffice'] {
    const sync = this.o.data()?.sync() ?? null;
    if (sync?.lastAttemptAt != null && (this.bo.checkedAt === null || sync.lastAttemptAt > this.bo.checkedAt)) {
      return { reachable: sync.online, checkedAt: sync.lastAttemptAt };
    }
    return this.bo;
  }

  lockerView(): StaffDashboard['lockers'] {
    const byDevice = new Map<string, Compartment[]>();
    for (const slot of this.slots) {
      const list = byDevice.get(slot.deviceId) ?? [];
      list.push(this.compartment(slot));
      byDevice.set(slot.deviceId, list);
    }
    return [...byDevice].map(([deviceId, compartments]) => ({ deviceId, compartments }));
  }

  /** Refreshes what the dashboard shows that needs asking a device (the A4 queue). */
  async refresh(): Promise<void> {
    const a4 = this.o.devices.driver('a4-printer');
    if (!a4) {
      this.a4 = null;
      return;
    }
    const r = await a4.refresh();
    const queued = await a4.pendingJobs();
    const pending = queued.ok ? queued.value : 0;
    this.a4 = r.ok ? { state: r.value.state, pending, reasons: r.value.reasons } : { state: r.error.code, pending, reasons: [] };
  }

  remember(staffId: string, a: StaffAction): void {
    const list = this.memory.get(staffId) ?? [];
    list.unshift(a);
    list.length = Math.min(list.length, 200);
    this.memory.set(staffId, list);
  }

  /** The staff member's actions since `from`: from the audit chain when it is open, else this run's memory. */
  actionsOf(staffId: string, from: number): StaffAction[] {
    const data = this.o.data();
    if (!data) return (this.memory.get(staffId) ?? []).filter((a) => a.at >= from);
    const rows = data.store.db
      .prepare(`SELECT at, type, detail FROM audit_log WHERE actor = ? AND at >= ? ORDER BY seq DESC LIMIT 200`)
      .all(`staff:${staffId}`, from) as Array<{ at: number; type: string; detail: string }>;
    return rows.map((r) => {
      let d: Record<string, unknown>;
      try {
        d = JSON.parse(r.detail) as Record<string, unknown>;
      } catch {
        d = {};
      }
      const { action, outcome, ...rest } = d;
      return {
        at: r.at,
        action: typeof action === 'string' ? action : r.type,
        outcome: typeof outcome === 'string' ? outcome : '',
        detail: Object.entries(rest)
          .filter(([, v]) => v !== null)
          .map(([k, v]) => `${k}=${String(v)}`)
          .join(' '),
      };
    });
  }

  // ---- actions -------------------------------------------------------------------------------

  async testPrint(printer: 'receipt' | 'a4'): Promise<ActionResult> {
    const stamp = new Date(this.o.clock.now()).toISOString();
    if (printer === 'receipt') {
      const p = this.o.devices.driver('receipt-printer');
      if (!p) return this.done('test-print', 'device-unavailable', { printer });
      const job = new ReceiptBuilder()
        .setAlign('center')
        .line('TEST PRINT / 测试打印', { bold: true })
        .line(this.o.config.terminal.id)
        .line(stamp)
        .feed(2)
        .cut();
      const r = await p.print(job);
      return this.done('test-print', r.ok ? 'ok' : r.error.code, { printer });
    }
    const a4 = this.o.devices.driver('a4-printer');
    if (!a4) return this.done('test-print', 'device-unavailable', { printer });
    const r = await a4.print({ title: '测试打印 Test print', paragraphs: [this.o.config.terminal.id, stamp] });
    await this.refresh();
    return this.done('test-print', r.ok ? 'ok' : r.error.code, { printer });
  }

  /** A copy of an application's receipt, from what the back office holds about it (no personal data). */
  async reprintReceipt(applicationNo: string): Promise<ActionResult> {
    const data = this.o.data();
    if (!data) return this.done('reprint-receipt', 'backoffice-unavailable', { applicationNo });
    const st = await data.client.call('getApplicationStatus', { params: { applicationId: applicationNo }, body: undefined });
    this.noteBo(st.ok || st.error.code === 'bo-not-found');
    if (!st.ok)
      return this.done('reprint-receipt', st.error.code === 'bo-not-found' ? 'not-found' : st.error.code, { applicationNo });
    const p = this.o.devices.driver('receipt-printer');
    if (!p) return this.done('reprint-receipt', 'device-unavailable', { applicationNo });
    const job = new ReceiptBuilder()
      .setAlign('center')
      .line('受理回执（补打） Receipt (copy)', { bold: true })
      .setAlign('left')
      .line(`受理编号 No.: ${st.value.applicationId}`)
      .line(`事项 Matter: ${st.value.matterCode}`)
      .line(`状态 State: ${st.value.state}`)
      .line(`更新 Updated: ${st.value.updatedAt}`)
      .line(`终端 Terminal: ${this.o.config.terminal.id}`)
      .setAlign('center')
      .qr(st.value.applicationId)
      .feed(2)
      .cut();
    const r = await p.print(job);
    return this.done('reprint-receipt', r.ok ? 'ok' : r.error.code, { applicationNo });
  }

  async clearA4Queue(): Promise<ActionResult> {
    const a4 = this.o.devices.driver('a4-printer');
    if (!a4) return this.done('clear-a4-queue', 'device-unavailable', {});
    // CUPS cancels each waiting job with its own tools; the emulator drops them from its list.
    const r = await a4.cancel();
    await this.refresh();
    if (!r.ok) return this.done('clear-a4-queue', r.error.code, { backend: a4.backend.name });
    return this.done('clear-a4-queue', 'ok', { cleared: r.value.cancelled });
  }

  async openCompartment(door: string): Promise<ActionResult> {
    const slot = this.slot(door);
    if (!slot) return this.done('open-compartment', 'no-such-door', { door });
    const r = await this.open(slot);
    return this.done('open-compartment', r, { door });
  }

  async loadCandidates(
    applicationNo: string,
    size?: Size,
  ): Promise<{ applicationNo: string; state: string; free: Compartment[] } | { error: string }> {
    const data = this.o.data();
    if (!data) return { error: 'backoffice-unavailable' };
    const st = await data.client.call('getApplicationStatus', { params: { applicationId: applicationNo }, body: undefined });
    this.noteBo(st.ok || st.error.code === 'bo-not-found');
    if (!st.ok) return { error: st.error.code === 'bo-not-found' ? 'not-found' : st.error.code };
    if (!LOADABLE.has(st.value.state)) return { error: `state-${st.value.state}` };
    const free = this.slots
      .map((s) => this.compartment(s))
      .filter(
        (c) =>
          c.holds === 'empty' &&
          !c.outOfOrder &&
          c.door !== 'open' &&
          c.door !== 'jammed' &&
          (size === undefined || c.size === size),
      );
    return { applicationNo, state: st.value.state, free };
  }

  /**
   * Opens a free compartment for an application's document. When the door closes, the back
   * office is told (it sends the citizen the pickup code) and the pickup is kept locally.
   */
  async loadLocker(applicationNo: string, door: string): Promise<ActionResult> {
    const staff = this.o.staff();
    const slot = this.slot(door);
    if (!slot || !staff) return this.done('load-locker', 'no-such-door', { applicationNo, door });
    const cand = await this.loadCandidates(applicationNo);
    if ('error' in cand) return this.done('load-locker', cand.error, { applicationNo, door });
    if (!cand.free.some((c) => c.label === door)) return this.done('load-locker', 'not-free', { applicationNo, door });
    const driver = this.o.devices.driver('locker', slot.deviceId);
    if (!driver) return this.done('load-locker', 'device-unavailable', { applicationNo, door });
    const off = driver.onEvent((e: LockerEvent) => {
      if (e.type !== 'door-closed' || e.board !== slot.board || e.lock !== slot.lock) return;
      off();
      this.loadWatchers.delete(off);
      void this.finishLoad({
        applicationNo,
        deviceId: slot.deviceId,
        door,
        staffId: staff.staffId,
        loadedAt: this.o.clock.now(),
      });
    });
    this.loadWatchers.add(off);
    const opened = await this.open(slot);
    if (opened !== 'ok') {
      off();
      this.loadWatchers.delete(off);
      return this.done('load-locker', opened, { applicationNo, door });
    }
    this.o.loadOpened({ applicationNo, door });
    return this.done('load-locker', 'door-open', { applicationNo, door });
  }

  async emptyDeposits(): Promise<ActionResult> {
    const doors = [...this.o.marks.get().deposits];
    let opened = 0;
    const failed: string[] = [];
    for (const door of doors) {
      const slot = this.slot(door);
      const r = slot ? await this.open(slot) : 'no-such-door';
      if (r === 'ok') opened++;
      else failed.push(door);
    }
    this.o.marks.update((m) => {
      m.deposits = m.deposits.filter((d) => failed.includes(d));
    });
    this.o.changed();
    return this.done('empty-deposits', failed.length === 0 ? 'ok' : 'partly', { opened, failed: failed.join(',') || null });
  }

  /** Called by the deposit journey when a citizen leaves materials in a compartment. */
  markDeposit(door: string): void {
    if (!this.slot(door)) return;
    this.o.marks.update((m) => {
      if (!m.deposits.includes(door)) m.deposits.push(door);
    });
  }

  setOutOfOrder(door: string, outOfOrder: boolean): ActionResult {
    if (!this.slot(door)) return this.done('out-of-order', 'no-such-door', { door, outOfOrder });
    this.o.marks.update((m) => {
      m.outOfOrder = m.outOfOrder.filter((d) => d !== door);
      if (outOfOrder) m.outOfOrder.push(door);
    });
    this.o.changed();
    return this.done('out-of-order', 'ok', { door, outOfOrder });
  }

  /** Is a door usable for citizens (not marked out of order)? For the pickup and deposit journeys. */
  isOutOfOrder(door: string): boolean {
    return this.o.marks.get().outOfOrder.includes(door);
  }

  /** Each enabled device's own self-test (a status round trip where it has one); a device not built reports its health. */
  async selfTest(): Promise<Array<{ device: string; ok: boolean; detail: string }>> {
    const out: Array<{ device: string; ok: boolean; detail: string }> = [];
    for (const d of this.o.config.devices) {
      if (!d.enabled) continue;
      const drv = this.o.devices.device(d.id);
      if (drv) {
        out.push({ device: d.id, ...(await drv.selfTest()) });
      } else {
        const h = this.o.devices.health().find((x) => x.id === d.id);
        out.push({ device: d.id, ok: h?.state === 'ok', detail: h ? `${h.state}${h.code ? ` ${h.code}` : ''}` : 'not built' });
      }
    }
    this.done('self-test', out.every((r) => r.ok) ? 'ok' : 'faults', {
      failed:
        out
          .filter((r) => !r.ok)
          .map((r) => r.device)
          .join(',') || null,
    });
    return out;
  }

  /** Copies the log files, masked, to a folder on a USB stick. */
  exportLogs(folder: string): ActionResult {
    if (!isAbsolute(folder) || !existsSync(folder) || !statSync(folder).isDirectory()) {
      return this.done('export-logs', 'no-such-folder', {});
    }
    if (!this.o.dataDir) return this.done('export-logs', 'no-logs', {});
    const logDir = join(this.o.dataDir, 'logs');
    if (!existsSync(logDir)) return this.done('export-logs', 'no-logs', {});
    const stamp = new Date(this.o.clock.now()).toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
    const target = join(folder, `yimen-logs-${this.o.config.terminal.id}-${stamp}`);
    let files = 0;
    try {
      mkdirSync(target, { recursive: true });
      for (const f of readdirSync(logDir)) {
        const src = join(logDir, f);
        if (!statSync(src).isFile()) continue;
        if (/\.(log|jsonl|txt)(\.\d+)?$/.test(f)) {
          writeFileSync(join(target, f), readFileSync(src, 'utf8').split('\n').map(maskLogLine).join('\n'));
        } else if (/\.gz$/.test(f)) {
          continue; // compressed archives cannot be masked line by line: left on the kiosk
        } else {
          copyFileSync(src, join(target, f));
        }
        files++;
      }
    } catch (e) {
      return this.done('export-logs', 'write-failed', { reason: (e as NodeJS.ErrnoException).code ?? 'error' });
    }
    return this.done('export-logs', 'ok', { files, folder: target });
  }

  stop(): void {
    this.stopped = true;
    for (const off of this.loadWatchers) off();
    this.loadWatchers.clear();
    if (this.retryTimer !== null) this.o.clock.clearTimeout(this.retryTimer);
  }

  // ---- internals -----------------------------------------------------------------------------

  private async finishLoad(job: {
    applicationNo: string;
    deviceId: string;
    door: string;
    staffId: string;
    loadedAt: number;
  }): Promise<void> {
    const sent = await this.notifyLoaded(job);
    if (!sent) {
      this.o.marks.update((m) => {
        m.pendingNotices.push(job);
      });
    }
    this.o.record('load-locker', sent ? 'loaded' : 'loaded-notice-queued', { applicationNo: job.applicationNo, door: job.door });
    this.o.loadFinished();
    this.o.changed();
  }

  private async notifyLoaded(job: {
    applicationNo: string;
    deviceId: string;
    door: string;
    staffId: string;
    loadedAt: number;
  }): Promise<boolean> {
    const data = this.o.data();
    if (!data) return false;
    const r = await data.client.call('pickupLoaded', {
      body: {
        terminalId: this.o.config.terminal.id,
        applicationId: job.applicationNo,
        lockerId: job.deviceId,
        cell: job.door,
        loadedBy: `staff:${job.staffId}`,
        loadedAt: new Date(job.loadedAt).toISOString(),
      },
      idempotencyKey: `load:${this.o.config.terminal.id}:${job.applicationNo}:${job.door}:${job.loadedAt}`,
    });
    this.noteBo(r.ok || !isTransient(r.error.code));
    if (!r.ok) {
      this.noteError('backoffice', r.error.code);
      // A refusal (e.g. already loaded elsewhere) will not change by retrying.
      return !isTransient(r.error.code);
    }
    try {
      data.pickups.upsert({
        pickupId: r.value.pickupId,
        details: { applicationId: r.value.applicationId, matterName: r.value.matterName, holderName: '' },
        lockerId: job.deviceId,
        cell: job.door,
        holdUntil: Date.parse(r.value.holdUntil) || null,
        now: this.o.clock.now(),
      });
    } catch (err) {
      this.o.log.error({ err }, 'pickup not stored locally');
    }
    return true;
  }

  private scheduleRetry(): void {
    if (this.stopped) return;
    this.retryTimer = this.o.clock.setTimeout(() => {
      void this.retryNotices().finally(() => this.scheduleRetry());
    }, 60_000);
  }

  async retryNotices(): Promise<number> {
    const pending = [...this.o.marks.get().pendingNotices];
    let sent = 0;
    for (const job of pending) {
      if (await this.notifyLoaded(job)) {
        sent++;
        this.o.marks.update((m) => {
          m.pendingNotices = m.pendingNotices.filter((p) => !(p.applicationNo === job.applicationNo && p.door === job.door));
        });
      }
    }
    return sent;
  }

  private noteBo(reachable: boolean): void {
    this.bo = { reachable, checkedAt: this.o.clock.now() };
  }

  private async open(slot: CompartmentSlot): Promise<string> {
    const driver = this.o.devices.driver('locker', slot.deviceId);
    if (!driver) return 'device-unavailable';
    const r = await driver.open(slot.board, slot.lock);
    if (!r.ok) return r.error.code;
    if (r.value.opened === null) return 'unconfirmed';
    return r.value.opened ? 'ok' : 'jammed';
  }

  private compartment(slot: CompartmentSlot): Compartment {
    const marks = this.o.marks.get();
    const driver = this.o.devices.driver('locker', slot.deviceId);
    const door = driver ? driver.doorState(slot.board, slot.lock) : 'unknown';
    const holds = marks.deposits.includes(slot.label)
      ? 'deposit'
      : this.loadedDoors(slot.deviceId).has(slot.label) || marks.pendingNotices.some((p) => p.door === slot.label)
        ? 'pickup'
        : 'empty';
    return {
      label: slot.label,
      board: slot.board,
      lock: slot.lock,
      size: slot.size,
      door,
      holds,
      outOfOrder: marks.outOfOrder.includes(slot.label),
    };
  }

  private loadedDoors(deviceId: string): Set<string> {
    const data = this.o.data();
    if (!data) return new Set();
    const rows = data.store.db
      .prepare(`SELECT cell FROM pickups WHERE state = 'ready' AND locker_id = ? AND cell IS NOT NULL`)
      .all(deviceId) as Array<{
      cell: string;
    }>;
    return new Set(rows.map((r) => r.cell));
  }

  private slot(door: string): CompartmentSlot | undefined {
    return this.slots.find((s) => s.label === door);
  }

  private done(action: string, outcome: string, detail: Record<string, DetailValue>): ActionResult {
    this.o.record(action, outcome, detail);
    return {
      action,
      outcome,
      detail: Object.entries(detail)
        .filter(([, v]) => v !== null)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(' '),
    };
  }
}
