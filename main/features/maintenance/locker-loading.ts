/**
 * Loading a finished document into a compartment: the application checked with the back office
 * (it must be in a loadable state), a free door opened, and when it closes the back office is
 * told (it sends the citizen the pickup code) and the pickup kept locally. A notice that cannot
 * be sent is kept in the marks and retried every minute until it goes.
 */
import { ListenerSet } from '../../../common/listeners.js';
import { err, ok, type Result } from '../../../common/result.js';
import type { Compartment } from '../../base/api/contract.js';
import type { Logger } from '../../base/log/logger.js';
import { isTransient, type BackofficeClient } from '../../data/backoffice-client/client.js';
import type { PickupRepo } from '../../data/store/pickup-repo.js';
import type { LockerDriver, LockerEvent } from '../../../drivers/locker/locker-driver.js';
import type { Clock } from '../session/service.js';
import { actionDone, type ActionDetail, type ActionResult, type RecordAction } from './action-result.js';
import type { BackofficeReach } from './backoffice-reach.js';
import type { CompartmentMarks, Marks, Size } from './compartments.js';
import { openSlot, type LockerView } from './locker-view.js';
import type { LoadJob, StaffIdentity } from './machine.js';

/** Application states a document can be loaded for. */
const LOADABLE = new Set(['received', 'in-review', 'approved']);

/** Pending load notices are retried this often. */
export const NOTICE_RETRY_MS = 60_000;

export type LoadNotice = Marks['pendingNotices'][number];

export interface LoadCandidates {
  applicationNo: string;
  state: string;
  free: Compartment[];
}

export interface LockerLoadingOptions {
  terminalId: string;
  view: Pick<LockerView, 'slot' | 'free'>;
  locker: (deviceId: string) => Pick<LockerDriver, 'open' | 'onEvent'> | null;
  backoffice: Pick<BackofficeReach, 'applicationStatus' | 'note'>;
  /** The back office and the local pickups; null without a store (the notice is then kept for later). */
  data: () => { client: Pick<BackofficeClient, 'call'>; pickups: Pick<PickupRepo, 'upsert'> } | null;
  marks: Pick<CompartmentMarks, 'get' | 'update'>;
  /** Who is signed in (the one who loads). */
  staff: () => StaffIdentity | null;
  clock: Clock;
  log: Pick<Logger, 'error'>;
  record: RecordAction;
  /** A back-office failure for the dashboard's last errors. */
  noteError: (source: string, code: string) => void;
  loadOpened: (job: LoadJob) => void;
  loadFinished: () => void;
  changed: () => void;
}

export class LockerLoading {
  /** What `stop()` undoes: the door watches of loads under way. */
  private readonly stopping = new ListenerSet<void>('MaintenanceLoadWarning');
  private retryTimer: unknown = null;
  private stopped = false;

  constructor(private readonly o: LockerLoadingOptions) {}

  /** Starts retrying the pending notices every minute. */
  start(): void {
    this.scheduleRetry();
  }

  async loadCandidates(applicationNo: string, size?: Size): Promise<Result<LoadCandidates>> {
    const st = await this.o.backoffice.applicationStatus(applicationNo);
    if (!st.ok) return st;
    if (!LOADABLE.has(st.value.state))
      return err(`state-${st.value.state}`, `application ${applicationNo} is ${st.value.state}, not loadable`);
    return ok({ applicationNo, state: st.value.state, free: this.o.view.free(size) });
  }

  /**
   * Opens a free compartment for an application's document. When the door closes, the back
   * office is told (it sends the citizen the pickup code) and the pickup is kept locally.
   */
  async loadLocker(applicationNo: string, door: string): Promise<ActionResult> {
    const staff = this.o.staff();
    const slot = this.o.view.slot(door);
    if (!slot || !staff) return this.done('load-locker', 'no-such-door', { applicationNo, door });
    const cand = await this.loadCandidates(applicationNo);
    if (!cand.ok) return this.done('load-locker', cand.error.code, { applicationNo, door });
    if (!cand.value.free.some((c) => c.label === door)) return this.done('load-locker', 'not-free', { applicationNo, door });
    const driver = this.o.locker(slot.deviceId);
    if (!driver) return this.done('load-locker', 'device-unavailable', { applicationNo, door });
    let unwatch = (): void => {};
    const off = driver.onEvent((e: LockerEvent) => {
      if (e.type !== 'door-closed' || e.board !== slot.board || e.lock !== slot.lock) return;
      unwatch();
      void this.finishLoad({
        applicationNo,
        deviceId: slot.deviceId,
        door,
        staffId: staff.staffId,
        loadedAt: this.o.clock.now(),
      });
    });
    const forget = this.stopping.add(off);
    unwatch = () => {
      off();
      forget();
    };
    const opened = await openSlot(driver, slot);
    if (opened !== 'ok') {
      unwatch();
      return this.done('load-locker', opened, { applicationNo, door });
    }
    this.o.loadOpened({ applicationNo, door });
    return this.done('load-locker', 'door-open', { applicationNo, door });
  }

  /** Sends the pending load notices again; returns how many went. */
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

  stop(): void {
    this.stopped = true;
    this.stopping.emit();
    if (this.retryTimer !== null) this.o.clock.clearTimeout(this.retryTimer);
  }

  private async finishLoad(job: LoadNotice): Promise<void> {
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

  /** True when the back office took the notice, or refused it for good (retrying would not change it). */
  private async notifyLoaded(job: LoadNotice): Promise<boolean> {
    const data = this.o.data();
    if (!data) return false;
    const r = await data.client.call('pickupLoaded', {
      body: {
        terminalId: this.o.terminalId,
        applicationId: job.applicationNo,
        lockerId: job.deviceId,
        cell: job.door,
        loadedBy: `staff:${job.staffId}`,
        loadedAt: new Date(job.loadedAt).toISOString(),
      },
      idempotencyKey: `load:${this.o.terminalId}:${job.applicationNo}:${job.door}:${job.loadedAt}`,
    });
    this.o.backoffice.note(r.ok || !isTransient(r.error.code));
    if (!r.ok) {
      this.o.noteError('backoffice', r.error.code);
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
    } catch (e) {
      this.o.log.error({ err: e }, 'pickup not stored locally');
    }
    return true;
  }

  private scheduleRetry(): void {
    if (this.stopped) return;
    this.retryTimer = this.o.clock.setTimeout(() => {
      void this.retryNotices().finally(() => this.scheduleRetry());
    }, NOTICE_RETRY_MS);
  }

  private done(action: string, outcome: string, detail: ActionDetail): ActionResult {
    return actionDone(this.o.record, action, outcome, detail);
  }
}
