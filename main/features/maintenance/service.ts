/**
 * Maintenance mode in main: runs the staff-session machine, answers whether a staff method may
 * run now (`allows`), signs staff in and out, and owns the kiosk's out-of-service while they
 * work. The jobs are modules of their own: the credential check with lock-out
 * (staff-authenticator.ts), the staff actions (actions.ts and its modules), the shell's
 * restart and exit (shell-actions.ts), the dashboard (dashboard.ts). Every try and every action
 * goes into the audit chain as `staff:<staffId>`; the UI only renders `view()` and the dashboard.
 */
import { createActor, type Actor } from 'xstate';
import { err, ok, type Result } from '../../../common/result.js';
import type { KioskConfig } from '../../../config/schema.js';
import type { SessionView, StaffAction, StaffDashboard, StaffView } from '../../base/api/contract.js';
import type { DetailValue } from '../../data/audit/audit-log.js';
import type { BackofficeClient } from '../../data/backoffice-client/client.js';
import type { DataPort } from '../../data/data-port.js';
import type { DeviceManager } from '../../devices/manager.js';
import type { Logger } from '../../base/log/logger.js';
import type { Clock } from '../session/service.js';
import type { Store } from '../../data/store/store.js';
import type { PickupRepo } from '../../data/store/pickup-repo.js';
import type { SyncStatus } from '../../data/sync/outbox-worker.js';
import { describeDetail, type ActionResult } from './action-result.js';
import { StaffActions } from './actions.js';
import { CompartmentMarks } from './compartments.js';
import { staffCardKey, type Credential } from './credentials.js';
import { buildDashboard } from './dashboard.js';
import { allowedMethods, staffMachine, type StaffIdentity, type StaffMode, type StaffScreen } from './machine.js';
import { ShellActions, type ShellHooks } from './shell-actions.js';
import { StaffAuthenticator } from './staff-authenticator.js';
import { staffAudit, type StaffAudit } from './staff-audit.js';

export type { ShellHooks } from './shell-actions.js';

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
  private readonly auth: StaffAuthenticator;
  private readonly audit: StaffAudit;
  private readonly shellActions: ShellActions;
  private lastError: string | null = null;
  private readonly offs: Array<() => void> = [];
  private lastViewKey = '';
  private ownsOutOfService = false;
  readonly marks: CompartmentMarks;
  readonly actions: StaffActions;
  private readonly startedAt: number;

  constructor(private readonly o: MaintenanceOptions) {
    const s = o.config.staff;
    this.startedAt = o.clock.now();
    this.audit = staffAudit(o.data.audit, o.log, o.clock);
    const d = o.data;
    this.auth = new StaffAuthenticator({
      staff: s,
      // The key card hashes are made with on this terminal (from its data key; zeros without a store).
      cardKey: d.available ? staffCardKey(d.keys.dataKey) : Buffer.alloc(32),
      allowDemo: () => this.demoAllowed(),
      clock: o.clock,
      audit: this.audit,
      log: o.log,
    });
    this.marks = new CompartmentMarks(o.dataDir);
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
    this.shellActions = new ShellActions({
      shell: o.shell,
      allowExitToOs: () => this.view().allowExitToOs,
      logout: (reason) => this.logout(reason),
      record: (action, outcome, detail) => this.record(action, outcome, detail),
      clock: o.clock,
    });
    this.offs.push(
      o.session.onChange((v) => {
        if (v.phase === 'attract') this.actor.send({ type: 'CITIZEN_IDLE' });
      }),
      o.devices.onHealth((h) => {
        if (h.state !== 'ok') this.actions.noteError(h.id, h.code ?? h.state);
        this.pushDashboard();
      }),
      o.devices.onServiceHealth((h) => {
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
    return modeOf(this.actor.getSnapshot());
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
    const lock = this.auth.lockState(this.o.clock.now());
    return {
      mode: this.mode(),
      screen: this.screen(),
      staff: snap.context.staff,
      prompt: {
        lockedForMs: lock.lockedForMs,
        remaining: lock.remaining,
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
    const r = await this.auth.authenticate(c, 'maintenance-login', 'maintenance login');
    if (!r.ok) {
      this.lastError = r.error.code === 'locked' || r.error.lockedForMs !== null ? 'locked' : 'wrong-credentials';
      this.publishView(true);
      return this.view();
    }
    const member = r.value;
    const method = c.kind === 'card' ? 'card' : 'totp';
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
  async verifyForAssist(c: Credential): Promise<Result<StaffIdentity, 'staff-locked' | 'staff-wrong-credentials'>> {
    const r = await this.auth.authenticate(c, 'assist-login', 'staff-assist login');
    if (!r.ok) {
      if (r.error.code === 'locked') return err('staff-locked', 'the staff prompt is locked');
      this.publishView(true);
      return r.error.lockedForMs !== null
        ? err('staff-locked', 'wrong staff credential; the prompt is now locked')
        : err('staff-wrong-credentials', 'wrong staff credential');
    }
    const member = r.value;
    const method = c.kind === 'card' ? 'card' : 'totp';
    this.audit('assist-login', `staff:${member.staffId}`, { outcome: 'ok', method });
    this.o.log.info({ staffId: member.staffId, method }, 'staff-assist login');
    return ok({ staffId: member.staffId, name: member.name });
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

  restart(): ActionResult {
    return this.shellActions.restart();
  }

  exitToOs(): ActionResult {
    return this.shellActions.exitToOs();
  }

  dashboard(): StaffDashboard {
    return buildDashboard({
      health: () => this.o.devices.health(),
      services: () => this.o.devices.services(),
      actions: this.actions,
      sync: () => this.o.data.syncStatus(),
      configVersion: () => this.o.configVersion?.() ?? `${this.o.config.terminal.id}@local`,
      dataDir: this.o.dataDir,
      startedAt: this.startedAt,
      now: () => this.o.clock.now(),
    });
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
