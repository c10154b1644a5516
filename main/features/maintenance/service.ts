/**
 * Maintenance mode in main: runs the staff-session machine, checks credentials with lock-out,
 * answers whether a staff method may run now (`allows`), and carries out staff actions against
 * the devices, the store and the back office. Every try and every action goes into the audit
 * chain as `staff:<staffId>`; the UI only renders `view()` and the dashboard.
 */
import { statfsSync } from 'node:fs';
import { createActor, type Actor } from 'xstate';
import type { KioskConfig } from '../../../config/schema.js';
import type { StaffMember } from '../../../config/staff-schema.js';
import type { SessionView, StaffAction, StaffDashboard, StaffView } from '../../base/api/contract.js';
import type { DetailValue } from '../../data/audit/audit-log.js';
import type { BackofficeClient } from '../../data/backoffice-client/client.js';
import { StoreUnavailableError, type DataPort } from '../../data/data-port.js';
import type { DeviceManager } from '../../devices/manager.js';
import type { Logger } from '../../base/log/logger.js';
import type { Clock } from '../session/service.js';
import type { Store } from '../../data/store/store.js';
import type { PickupRepo } from '../../data/store/pickup-repo.js';
import type { SyncStatus } from '../../data/sync/outbox-worker.js';
import { checkCredential, staffCardKey, type Credential } from './credentials.js';
import { Lockout } from './lockout.js';
import { allowedMethods, staffMachine, type StaffMode, type StaffScreen } from './machine.js';
import { CompartmentMarks } from './compartments.js';
import { StaffActions } from './actions.js';

/** What maintenance needs of the citizen session (the core's `SessionService`). */
export interface SessionPort {
  view(): SessionView;
  onChange(listener: (view: SessionView) => void): () => void;
  /** Ends the citizen session (takeover after the confirm). */
  end(): void;
  setOutOfService(reason: SessionView['outOfService']): void;
  isOutOfService(): boolean;
}

/** What staff actions read and write directly: the store, pickups, sync and the back office. */
export interface MaintenanceData {
  store: Pick<Store, 'db'>;
  pickups: Pick<PickupRepo, 'upsert'>;
  client: Pick<BackofficeClient, 'call'>;
  sync(): SyncStatus | null;
}

/**
 * What maintenance needs of the data services: main/data's `DataServices` when the store is
 * open, its `UnavailableData` when it is not. Without a store, staff events go to the log only,
 * staff actions keep to memory, and only demo (emulated) card hashes can match.
 */
export type MaintenanceDataPort = Pick<DataPort, 'audit' | 'syncStatus'> &
  (
    | {
        readonly available: true;
        readonly store: Pick<Store, 'db'>;
        readonly pickups: Pick<PickupRepo, 'upsert'>;
        readonly client: Pick<BackofficeClient, 'call'>;
        readonly keys: { readonly dataKey: Buffer };
      }
    | { readonly available: false }
  );

/** What the shell can do for staff: restart the kiosk, leave to the desktop. A missing one is refused. */
export interface ShellHooks {
  restart?(): void;
  exitToOs?(): void;
}

export interface MaintenanceOptions {
  config: KioskConfig;
  devices: DeviceManager;
  data: MaintenanceDataPort;
  /** What the shell can do for staff (nothing for a core without a shell). */
  shell: ShellHooks;
  session: SessionPort;
  log: Logger;
  clock: Clock;
  dataDir: string | null;
  shellKind: 'electron' | 'browser';
  emitView(view: StaffView): void;
  emitDashboard(d: StaffDashboard): void;
  /** The config's version string (the fleet agent's applied version), for the dashboard. */
  configVersion?: () => string;
}

type StaffSnapshot = ReturnType<Actor<typeof staffMachine>['getSnapshot']>;

export class MaintenanceService {
  private readonly actor: Actor<typeof staffMachine>;
  private readonly lockout: Lockout;
  private readonly usedSteps = new Map<string, number>();
  /** The key card hashes are made with on this terminal (from its data key; zeros without a store). */
  private readonly cardKey: Buffer;
  private lastError: string | null = null;
  private readonly offs: Array<() => void> = [];
  private lastViewKey = '';
  private authenticating = false;
  readonly marks: CompartmentMarks;
  readonly actions: StaffActions;
  private readonly startedAt: number;

  constructor(private readonly o: MaintenanceOptions) {
    const s = o.config.staff;
    this.startedAt = o.clock.now();
    this.lockout = new Lockout({
      maxAttempts: s.maxAttempts,
      baseMs: s.lockoutBaseSeconds * 1000,
      maxMs: s.lockoutMaxSeconds * 1000,
    });
    this.marks = new CompartmentMarks(o.dataDir);
    const d = o.data;
    this.cardKey = d.available ? staffCardKey(d.keys.dataKey) : Buffer.alloc(32);
    // Staff actions read the store directly; without one they keep to memory (actions.ts).
    const actionData: MaintenanceData | null = d.available
      ? { store: d.store, pickups: d.pickups, client: d.client, sync: () => d.syncStatus() }
      : null;
    this.actor = createActor(staffMachine, {
      input: {
        timings: {
          promptMs: 60_000,
          idleMs: s.idleSeconds * 1000,
          waitForCitizenMs: s.waitForCitizenSeconds * 1000,
          cleaningMs: s.cleaningSeconds * 1000,
        },
      },
      clock: { setTimeout: (fn, ms) => o.clock.setTimeout(fn, ms), clearTimeout: (id) => o.clock.clearTimeout(id) },
    });
    let prev: StaffSnapshot | null = null;
    this.actor.subscribe((snap) => {
      this.onTransition(prev, snap);
      prev = snap;
    });
    this.actor.start();
    this.actions = new StaffActions({
      config: o.config,
      devices: o.devices,
      log: o.log,
      clock: o.clock,
      dataDir: o.dataDir,
      marks: this.marks,
      data: () => actionData,
      staff: () => this.actor.getSnapshot().context.staff,
      record: (action, outcome, detail) => this.record(action, outcome, detail),
      loadOpened: (job) => this.actor.send({ type: 'LOAD_OPENED', job }),
      loadFinished: () => this.actor.send({ type: 'LOAD_FINISHED' }),
      changed: () => this.pushDashboard(),
    });
    this.offs.push(
      o.session.onChange((v) => {
        if (v.phase === 'attract') this.actor.send({ type: 'CITIZEN_IDLE' });
      }),
      o.devices.onHealth((h) => {
        if (h.state !== 'ok') this.actions.noteError(h.id, h.code ?? h.state);
        this.pushDashboard();
      }),
    );
  }

  /** Demo members count only while every enabled device is emulated. */
  private demoAllowed(): boolean {
    const enabled = this.o.config.devices.filter((d) => d.enabled);
    return enabled.length > 0 && enabled.every((d) => d.transport.type === 'emulated');
  }

  mode(): StaffMode {
    const snap = this.actor.getSnapshot();
    for (const m of ['closed', 'prompt', 'waiting', 'confirm', 'active'] as const) if (snap.matches(m)) return m;
    return 'closed';
  }

  private screen(): StaffScreen | null {
    const snap = this.actor.getSnapshot();
    if (!snap.matches('active')) return null;
    if (snap.matches({ active: 'cleaning' })) return 'cleaning';
    if (snap.matches({ active: 'loading' })) return 'loading';
    return 'dashboard';
  }

  /** May this staff method run now? Derived from the machine's state alone, never from the caller. */
  allows(method: string): boolean {
    return allowedMethods(this.mode(), this.screen()).includes(method);
  }

  view(): StaffView {
    const snap = this.actor.getSnapshot();
    const now = this.o.clock.now();
    const lock = this.lockout.check(now);
    const ls = this.lockout.state();
    const max = ls.locks === 0 ? this.o.config.staff.maxAttempts : 1;
    return {
      mode: this.mode(),
      screen: this.screen(),
      staff: snap.context.staff,
      prompt: {
        lockedForMs: lock.allowed ? null : lock.retryInMs,
        remaining: Math.max(0, max - ls.failures),
        error: this.lastError,
        ended: snap.context.ended,
      },
      cleaningSeconds: this.o.config.staff.cleaningSeconds,
      load: snap.context.load,
      allowExitToOs: this.o.config.staff.allowExitToOs && this.o.shellKind === 'electron',
    };
  }

  requestPrompt(): StaffView {
    this.lastError = null;
    this.actor.send({ type: 'REQUEST_PROMPT' });
    return this.view();
  }

  cancel(): StaffView {
    this.actor.send({ type: 'CANCEL' });
    return this.view();
  }

  activity(): StaffView {
    this.actor.send({ type: 'ACTIVITY' });
    return this.view();
  }

  /** Checks a credential at the prompt; every try is audited, wrong ones count toward the lock. */
  async login(c: Credential): Promise<StaffView> {
    if (this.mode() !== 'prompt') {
      this.lastError = 'no-prompt';
      return this.view();
    }
    const now = this.o.clock.now();
    const method = c.kind === 'card' ? 'card' : 'totp';
    const verdict = this.lockout.check(now);
    if (!verdict.allowed || this.authenticating) {
      this.lastError = 'locked';
      this.audit('maintenance-login', 'staff:unknown', { outcome: 'locked', method });
      this.publishView(true);
      return this.view();
    }
    const member = await this.checkMember(c, now);
    if (!member) {
      const r = this.lockout.fail(this.o.clock.now());
      this.lastError = r.lockedForMs !== null ? 'locked' : 'wrong-credentials';
      const claimed = c.kind === 'totp' ? `staff:?${c.staffId.replace(/[^A-Za-z0-9._-]/g, '').slice(0, 32)}` : 'staff:unknown';
      this.audit('maintenance-login', claimed, { outcome: 'wrong', method, lockedForMs: r.lockedForMs });
      this.o.log.warn({ method, lockedForMs: r.lockedForMs }, 'maintenance login refused');
      this.publishView(true);
      return this.view();
    }
    this.lockout.succeed();
    this.lastError = null;
    const citizenIdle = this.o.session.view().phase === 'attract';
    this.audit('maintenance-login', `staff:${member.staffId}`, { outcome: 'ok', method, waitedForCitizen: !citizenIdle });
    this.o.log.info({ staffId: member.staffId, method }, 'maintenance login');
    this.actor.send({
      type: 'AUTHENTICATED',
      staff: { staffId: member.staffId, name: member.name },
      citizenIdle,
      now: this.o.clock.now(),
    });
    return this.view();
  }

  /**
   * A member of staff proves themselves at the citizen screen, to identify a citizen who has no
   * card at hand. The same members, lock-out and audit as the maintenance prompt; it does not
   * open maintenance mode (the citizen's session goes on).
   */
  async verifyForAssist(
    c: Credential,
  ): Promise<
    { ok: true; staff: { staffId: string; name: string } } | { ok: false; code: 'staff-locked' | 'staff-wrong-credentials' }
  > {
    const method = c.kind === 'card' ? 'card' : 'totp';
    if (!this.lockout.check(this.o.clock.now()).allowed || this.authenticating) {
      this.audit('assist-login', 'staff:unknown', { outcome: 'locked', method });
      return { ok: false, code: 'staff-locked' };
    }
    const member = await this.checkMember(c, this.o.clock.now());
    if (!member) {
      const r = this.lockout.fail(this.o.clock.now());
      const claimed = c.kind === 'totp' ? `staff:?${c.staffId.replace(/[^A-Za-z0-9._-]/g, '').slice(0, 32)}` : 'staff:unknown';
      this.audit('assist-login', claimed, { outcome: 'wrong', method, lockedForMs: r.lockedForMs });
      this.o.log.warn({ method, lockedForMs: r.lockedForMs }, 'staff-assist login refused');
      this.publishView(true);
      return { ok: false, code: r.lockedForMs !== null ? 'staff-locked' : 'staff-wrong-credentials' };
    }
    this.lockout.succeed();
    this.audit('assist-login', `staff:${member.staffId}`, { outcome: 'ok', method });
    this.o.log.info({ staffId: member.staffId, method }, 'staff-assist login');
    return { ok: true, staff: { staffId: member.staffId, name: member.name } };
  }

  logout(reason = 'logout'): StaffView {
    this.actor.send({ type: 'LOGOUT', reason });
    return this.view();
  }

  takeover(): StaffView {
    const staff = this.actor.getSnapshot().context.staff;
    this.record('takeover', 'ok', {});
    this.o.log.warn({ staffId: staff?.staffId }, 'staff ended a citizen session to enter maintenance');
    this.o.session.end();
    this.actor.send({ type: 'TAKEOVER' });
    return this.view();
  }

  cleanScreen(): StaffView {
    this.record('clean-screen', 'ok', { seconds: this.o.config.staff.cleaningSeconds });
    this.actor.send({ type: 'CLEAN' });
    return this.view();
  }

  restart(): { action: string; outcome: string; detail: string } {
    const restart = this.o.shell.restart?.bind(this.o.shell);
    if (!restart) {
      this.record('restart', 'unsupported', {});
      return { action: 'restart', outcome: 'unsupported', detail: 'this shell cannot restart the kiosk' };
    }
    this.record('restart', 'ok', {});
    this.logout('restart');
    this.o.clock.setTimeout(() => restart(), 500);
    return { action: 'restart', outcome: 'ok', detail: 'restarting' };
  }

  exitToOs(): { action: string; outcome: string; detail: string } {
    const exit = this.o.shell.exitToOs?.bind(this.o.shell);
    if (!this.view().allowExitToOs || !exit) {
      this.record('exit-to-os', 'refused', {});
      return { action: 'exit-to-os', outcome: 'refused', detail: 'exit to the OS is not allowed here' };
    }
    this.record('exit-to-os', 'ok', {});
    this.logout('exit-to-os');
    this.o.clock.setTimeout(() => exit(), 500);
    return { action: 'exit-to-os', outcome: 'ok', detail: 'leaving to the desktop' };
  }

  dashboard(): StaffDashboard {
    const sync = this.o.data.syncStatus();
    let diskFreeMiB: number | null;
    try {
      const st = statfsSync(this.o.dataDir ?? '.');
      diskFreeMiB = Math.floor((st.bavail * st.bsize) / 1048576);
    } catch {
      diskFreeMiB = null;
    }
    return {
      devices: this.o.devices.health(),
      receiptPaper: this.actions.receiptPaper(),
      a4Queue: this.actions.a4QueueSummary(),
      lockers: this.actions.lockerView(),
      sync: sync
        ? {
            online: sync.online,
            queued: sync.queued,
            rejected: sync.rejected,
            auditPending: sync.auditPending,
            lastSuccessAt: sync.lastSuccessAt,
          }
        : null,
      backoffice: this.actions.backofficeState(),
      configVersion: this.o.configVersion?.() ?? `${this.o.config.terminal.id}@local`,
      diskFreeMiB,
      uptimeSeconds: Math.max(0, Math.floor((this.o.clock.now() - this.startedAt) / 1000)),
      lastErrors: this.actions.lastErrors(),
    };
  }

  /** The signed-in staff member's own actions of the shift (last 12 hours), newest first. */
  myActions(): StaffAction[] {
    const staff = this.actor.getSnapshot().context.staff;
    if (!staff) return [];
    return this.actions.actionsOf(staff.staffId, this.o.clock.now() - 12 * 3_600_000);
  }

  stop(): void {
    for (const off of this.offs.splice(0)) off();
    this.actions.stop();
    this.actor.stop();
  }

  // ---------------------------------------------------------------------------------------------

  private record(action: string, outcome: string, detail: Record<string, DetailValue>): void {
    const staff = this.actor.getSnapshot().context.staff;
    const actor = staff ? `staff:${staff.staffId}` : 'staff:unknown';
    this.audit('staff-action', actor, { action, outcome, ...detail });
    this.actions.remember(staff?.staffId ?? 'unknown', {
      at: this.o.clock.now(),
      action,
      outcome,
      detail: describeDetail(detail),
    });
    this.o.log.info({ staffId: staff?.staffId, action, outcome }, 'staff action');
  }

  /** One credential check at a time (a second try while one runs counts as locked). */
  private async checkMember(c: Credential, now: number): Promise<StaffMember | null> {
    this.authenticating = true;
    try {
      return await checkCredential(c, {
        members: this.o.config.staff.members,
        cardKey: this.cardKey,
        allowDemo: this.demoAllowed(),
        totpWindow: this.o.config.staff.totpWindow,
        now,
        usedSteps: this.usedSteps,
      });
    } finally {
      this.authenticating = false;
    }
  }

  private audit(type: string, actor: string, detail: Record<string, DetailValue>): void {
    try {
      this.o.data.audit.append({ type, actor, detail, at: this.o.clock.now() });
    } catch (err) {
      if (err instanceof StoreUnavailableError)
        this.o.log.warn({ type, actor, ...detail }, 'audit unavailable: staff event logged only');
      else this.o.log.error({ err, type }, 'staff audit append failed');
    }
  }

  private onTransition(prev: StaffSnapshot | null, snap: StaffSnapshot): void {
    const was = prev ? modeOf(prev) : 'closed';
    const now = modeOf(snap);
    if (was !== 'active' && now === 'active') {
      // Citizens cannot start a session while staff work on the machine.
      if (!this.o.session.isOutOfService()) {
        this.o.session.setOutOfService({ code: 'maintenance', message: 'Maintenance in progress' });
        this.ownsOutOfService = true;
      }
      this.pushDashboard();
    }
    if (was !== 'closed' && now === 'closed' && prev?.context.staff) {
      const reason = snap.context.ended ?? 'logout';
      this.audit('maintenance-logout', `staff:${prev.context.staff.staffId}`, { reason });
      this.o.log.info({ staffId: prev.context.staff.staffId, reason }, 'maintenance logout');
    }
    if (was === 'active' && now !== 'active' && this.ownsOutOfService) {
      this.ownsOutOfService = false;
      this.o.session.setOutOfService(null);
    }
    this.publishView(false);
  }

  private ownsOutOfService = false;

  private publishView(force: boolean): void {
    const v = this.view();
    const key = JSON.stringify({ ...v, prompt: { ...v.prompt, lockedForMs: v.prompt.lockedForMs === null } });
    if (!force && key === this.lastViewKey) return;
    this.lastViewKey = key;
    this.o.emitView(v);
  }

  private pushDashboard(): void {
    if (this.mode() !== 'active') return;
    try {
      this.o.emitDashboard(this.dashboard());
    } catch (err) {
      this.o.log.error({ err }, 'staff dashboard failed');
    }
  }
}

function modeOf(snap: StaffSnapshot): StaffMode {
  for (const m of ['closed', 'prompt', 'waiting', 'confirm', 'active'] as const) if (snap.matches(m)) return m;
  return 'closed';
}

function describeDetail(d: Record<string, DetailValue>): string {
  return Object.entries(d)
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');
}
