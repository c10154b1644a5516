/**
 * The staff actions against the devices, the store and the back office: the composition only.
 * Each job is its own module with the ports it uses:
 *
 *   printer-actions.ts   test prints, receipt copies, the A4 queue, the paper level
 *   locker-actions.ts    open a compartment, empty deposits, out of order
 *   locker-loading.ts    load a document (and the back-office notice, retried)
 *   locker-view.ts       the compartments as the dashboard shows them
 *   self-test.ts         every device's self-test
 *   log-export.ts        masked logs to a USB stick
 *   action-history.ts    the shift's actions, the last errors
 *   backoffice-reach.ts  whether the back office answers; application status
 *
 * Each action returns what happened as data (`{ action, outcome, detail }`), records itself
 * through `record` (audit chain + the shift's action list), and never throws for a device's answer.
 */
import type { Result } from '../../../common/result.js';
import type { KioskConfig } from '../../../config/schema.js';
import type { LockerDriver } from '../../../drivers/locker/locker-driver.js';
import type { StaffAction, StaffDashboard } from '../../base/api/contract.js';
import type { DeviceManager } from '../../devices/manager.js';
import type { Logger } from '../../base/log/logger.js';
import type { Clock } from '../session/service.js';
import type { ActionResult, RecordAction } from './action-result.js';
import { ActionHistory, RecentErrors } from './action-history.js';
import { BackofficeReach } from './backoffice-reach.js';
import { layout, type CompartmentMarks, type Size } from './compartments.js';
import { LockerActions } from './locker-actions.js';
import { LockerLoading, type LoadCandidates } from './locker-loading.js';
import { LockerView } from './locker-view.js';
import { exportLogs } from './log-export.js';
import type { LoadJob, StaffIdentity } from './machine.js';
import { PrinterActions } from './printer-actions.js';
import { runSelfTest, type SelfTestLine } from './self-test.js';
import type { MaintenanceData } from './service.js';

export type { ActionResult } from './action-result.js';
export { maskLogLine } from './log-export.js';

export interface StaffActionsOptions {
  config: KioskConfig;
  devices: Pick<DeviceManager, 'driver' | 'device' | 'health'>;
  log: Logger;
  clock: Clock;
  dataDir: string | null;
  marks: CompartmentMarks;
  data(): MaintenanceData | null;
  staff(): StaffIdentity | null;
  record: RecordAction;
  loadOpened(job: LoadJob): void;
  loadFinished(): void;
  changed(): void;
}

export class StaffActions {
  private readonly errors: RecentErrors;
  private readonly history: ActionHistory;
  private readonly backoffice: BackofficeReach;
  private readonly printers: PrinterActions;
  private readonly view: LockerView;
  private readonly lockers: LockerActions;
  private readonly loading: LockerLoading;

  constructor(private readonly o: StaffActionsOptions) {
    const { config, devices, clock } = o;
    const record: RecordAction = (action, outcome, detail) => o.record(action, outcome, detail);
    const locker = (deviceId: string): LockerDriver | null => devices.driver('locker', deviceId);
    this.errors = new RecentErrors(() => clock.now());
    this.history = new ActionHistory(() => o.data()?.store ?? null);
    this.backoffice = new BackofficeReach({
      client: () => o.data()?.client ?? null,
      sync: () => o.data()?.sync() ?? null,
      clock,
    });
    this.printers = new PrinterActions({
      terminalId: config.terminal.id,
      receiptPrinter: () => devices.driver('receipt-printer'),
      a4Printer: () => devices.driver('a4-printer'),
      health: () => devices.health(),
      backoffice: this.backoffice,
      clock,
      record,
    });
    this.view = new LockerView({
      slots: layout(config.devices, config.staff),
      marks: o.marks,
      locker,
      store: () => o.data()?.store ?? null,
    });
    this.lockers = new LockerActions({ view: this.view, locker, marks: o.marks, record, changed: () => o.changed() });
    this.loading = new LockerLoading({
      terminalId: config.terminal.id,
      view: this.view,
      locker,
      backoffice: this.backoffice,
      data: () => o.data(),
      marks: o.marks,
      staff: () => o.staff(),
      clock,
      log: o.log,
      record,
      noteError: (source, code) => this.errors.note(source, code),
      loadOpened: (job) => o.loadOpened(job),
      loadFinished: () => o.loadFinished(),
      changed: () => o.changed(),
    });
    this.loading.start();
  }

  // ---- dashboard parts ------------------------------------------------------------------------

  noteError(source: string, code: string): void {
    this.errors.note(source, code);
  }

  lastErrors(): StaffDashboard['lastErrors'] {
    return this.errors.last();
  }

  receiptPaper(): StaffDashboard['receiptPaper'] {
    return this.printers.receiptPaper();
  }

  a4QueueSummary(): StaffDashboard['a4Queue'] {
    return this.printers.a4QueueSummary();
  }

  backofficeState(): StaffDashboard['backoffice'] {
    return this.backoffice.state();
  }

  lockerView(): StaffDashboard['lockers'] {
    return this.view.lockers();
  }

  /** Refreshes what the dashboard shows that needs asking a device (the A4 queue). */
  refresh(): Promise<void> {
    return this.printers.refresh();
  }

  remember(staffId: string, a: StaffAction): void {
    this.history.remember(staffId, a);
  }

  /** The staff member's actions since `from`: from the audit chain when it is open, else this run's memory. */
  actionsOf(staffId: string, from: number): StaffAction[] {
    return this.history.actionsOf(staffId, from);
  }

  // ---- actions -------------------------------------------------------------------------------

  testPrint(printer: 'receipt' | 'a4'): Promise<ActionResult> {
    return this.printers.testPrint(printer);
  }

  reprintReceipt(applicationNo: string): Promise<ActionResult> {
    return this.printers.reprintReceipt(applicationNo);
  }

  clearA4Queue(): Promise<ActionResult> {
    return this.printers.clearA4Queue();
  }

  openCompartment(door: string): Promise<ActionResult> {
    return this.lockers.openCompartment(door);
  }

  loadCandidates(applicationNo: string, size?: Size): Promise<Result<LoadCandidates>> {
    return this.loading.loadCandidates(applicationNo, size);
  }

  loadLocker(applicationNo: string, door: string): Promise<ActionResult> {
    return this.loading.loadLocker(applicationNo, door);
  }

  retryNotices(): Promise<number> {
    return this.loading.retryNotices();
  }

  emptyDeposits(): Promise<ActionResult> {
    return this.lockers.emptyDeposits();
  }

  markDeposit(door: string): void {
    this.lockers.markDeposit(door);
  }

  setOutOfOrder(door: string, outOfOrder: boolean): ActionResult {
    return this.lockers.setOutOfOrder(door, outOfOrder);
  }

  isOutOfOrder(door: string): boolean {
    return this.lockers.isOutOfOrder(door);
  }

  selfTest(): Promise<SelfTestLine[]> {
    return runSelfTest({
      devices: this.o.config.devices,
      device: (id) => this.o.devices.device(id),
      health: () => this.o.devices.health(),
      record: this.o.record,
    });
  }

  exportLogs(folder: string): ActionResult {
    return exportLogs(
      { terminalId: this.o.config.terminal.id, dataDir: this.o.dataDir, clock: this.o.clock, record: this.o.record },
      folder,
    );
  }

  stop(): void {
    this.loading.stop();
  }
}
