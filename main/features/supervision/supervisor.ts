/**
 * The in-app supervisor: thin glue around the pure decisions of `policy.ts`.
 *
 * - Frozen-UI check: pushes `ui.ping` (an application event, answered by the renderer's main
 *   thread with `ui.pong`); no answer in time, or a UI that stays disconnected, is a UI failure.
 * - UI failures (also reported by the shell: renderer gone, Chromium exited) climb the ladder
 *   reload → app restart → OS reboot request, each step logged and audited.
 * - A daily restart inside the quiet window, only between sessions.
 * - The resource monitor (RSS/heap every N minutes into the store).
 *
 * The shell supplies what only it can do (`SupervisorHost`): reload its UI, tell whether the UI
 * is connected, and exit so that the OS supervisor (systemd, Shell Launcher) starts it again.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { err, ok, type Result } from '../../../common/result.js';
import type { KioskConfig } from '../../../config/schema.js';
import type { AuditInput } from '../../data/audit/audit-log.js';
import {
  dailyRestartDue,
  decideRecovery,
  LivenessTracker,
  parseClock,
  type EscalationPolicy,
  type RecoveryDecision,
} from './policy.js';
import { RestartLedger } from './restart-ledger.js';
import { ResourceMonitor, type ResourceSample, type ResourceSink } from './resource-monitor.js';

/** Exit code of a supervised restart: non-zero (EX_TEMPFAIL), so any `Restart=` policy restarts. */
export const RESTART_EXIT_CODE = 75;

export interface SupervisorHost {
  /** Reload the UI: browser host kills and relaunches Chromium; Electron reloads the web contents. */
  reloadUi(reason: string): void;
  /** Whether a UI is connected to the core right now. */
  uiConnected(): boolean;
  /** Shut down cleanly and exit with `code`, so the OS supervisor starts the app again. */
  exit(code: number, reason: string): void;
}

export interface SupervisorLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** A `ui.pong` from the UI: the nonce of the ping it answers, and whether the page has rendered. */
export interface UiPong {
  nonce: string;
  rendered: boolean;
}

/** The parts of the core the supervisor uses (structural, so tests can pass a small fake). */
export interface SupervisedCore {
  emit(event: 'ui.ping', payload: { nonce: string }): void;
  onUiPong(listener: (pong: UiPong) => void): () => void;
  session: { view(): { phase: string } };
  maintenance: { view(): { mode: string } };
}

export interface SupervisorTimers {
  now(): number;
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(id: unknown): void;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
}

const realTimers: SupervisorTimers = {
  now: () => Date.now(),
  setInterval: (fn, ms) => {
    const t = setInterval(fn, ms);
    t.unref();
    return t;
  },
  clearInterval: (id) => clearInterval(id as NodeJS.Timeout),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (id) => clearTimeout(id as NodeJS.Timeout),
};

/** Runs an OS command (the reboot command) to its end. */
export type RunCommand = (argv: readonly string[]) => Promise<Result<void, 'empty-command' | 'command-failed'>>;

const runCommand: RunCommand = (argv) =>
  new Promise((resolve) => {
    const [cmd, ...args] = argv;
    if (cmd === undefined) {
      resolve(err('empty-command', 'empty command'));
      return;
    }
    execFile(cmd, args, { timeout: 30_000, windowsHide: true }, (error, _out, stderr) =>
      resolve(error === null ? ok(undefined) : err('command-failed', (stderr.trim() || error.message).slice(0, 300))),
    );
  });

export interface SupervisorOptions {
  core: SupervisedCore;
  config: KioskConfig['supervision'];
  dataDir: string;
  host: SupervisorHost;
  log: SupervisorLog;
  /** The audit chain and the device-event sink, when the store is open. */
  audit?: () => { append(input: AuditInput): unknown } | null;
  resourceSink?: () => ResourceSink | null;
  /** The Chromium pid (browser host), for the resource monitor. */
  browserPid?: () => number | null;
  timers?: SupervisorTimers;
  /** Local time's offset from UTC in minutes at a moment (default: this machine's zone). */
  utcOffsetMin?: (now: number) => number;
  runCommand?: RunCommand;
  /** Tick of the liveness and daily checks (default 1 s). */
  tickMs?: number;
  /** Process start (default: now at construction). */
  startedAt?: number;
  memory?: () => NodeJS.MemoryUsage;
  /** Run the frozen-UI check (default true); off when no UI of ours runs (headless browser host). */
  watchUi?: boolean;
}

export interface SupervisorStats {
  pings: number;
  pongs: number;
  failures: number;
  reloads: number;
  restarts: number;
  reboots: number;
  lastDecision: RecoveryDecision | null;
}

export function escalationPolicy(c: KioskConfig['supervision']): EscalationPolicy {
  return {
    maxReloads: c.maxReloads,
    reloadWindowMs: c.reloadWindowMinutes * 60_000,
    reloadBackoffBaseMs: c.reloadBackoffBaseMs,
    reloadBackoffMaxMs: c.reloadBackoffMaxMs,
    minRestartGapMs: c.minRestartGapMinutes * 60_000,
    maxRestarts: c.maxRestarts,
    restartWindowMs: c.restartWindowMinutes * 60_000,
    canReboot: c.rebootCommand !== null,
  };
}

export class Supervisor {
  readonly ledger: RestartLedger;
  readonly resources: ResourceMonitor;
  private readonly liveness: LivenessTracker;
  private readonly policy: EscalationPolicy;
  private readonly timers: SupervisorTimers;
  private readonly startedAt: number;
  private readonly reloads: number[] = [];
  private tickTimer: unknown = null;
  private pendingReload: unknown = null;
  private exiting = false;
  private offPong: (() => void) | null = null;
  private readonly stats: SupervisorStats = {
    pings: 0,
    pongs: 0,
    failures: 0,
    reloads: 0,
    restarts: 0,
    reboots: 0,
    lastDecision: null,
  };

  constructor(private readonly o: SupervisorOptions) {
    this.timers = o.timers ?? realTimers;
    this.startedAt = o.startedAt ?? this.timers.now();
    this.policy = escalationPolicy(o.config);
    this.ledger = new RestartLedger(o.dataDir);
    if (this.ledger.problem !== null)
      o.log.warn(
        { file: this.ledger.file, problem: this.ledger.problem },
        'supervisor: restart ledger unreadable, starting afresh',
      );
    this.liveness = new LivenessTracker({
      pingEveryMs: o.config.uiPingSeconds * 1000,
      answerWithinMs: o.config.uiAnswerSeconds * 1000,
      graceMs: o.config.uiGraceSeconds * 1000,
    });
    this.resources = new ResourceMonitor({
      everyMs: o.config.resourceSampleMinutes * 60_000,
      sink: o.resourceSink ?? (() => null),
      now: () => this.timers.now(),
      ...(o.browserPid ? { browserPid: o.browserPid } : {}),
      ...(o.memory ? { memory: o.memory } : {}),
      onError: (err) => o.log.warn({ err }, 'supervisor: resource sample not stored'),
    });
  }

  start(): void {
    if (this.tickTimer !== null) return;
    this.liveness.reset(this.timers.now());
    this.offPong = this.o.core.onUiPong(({ nonce, rendered }) => {
      if (this.liveness.answer(nonce, rendered, this.timers.now())) this.stats.pongs++;
    });
    this.tickTimer = this.timers.setInterval(() => this.tick(), this.o.tickMs ?? 1000);
    this.resources.start();
  }

  stop(): void {
    if (this.tickTimer !== null) this.timers.clearInterval(this.tickTimer);
    this.tickTimer = null;
    if (this.pendingReload !== null) this.timers.clearTimeout(this.pendingReload);
    this.pendingReload = null;
    this.offPong?.();
    this.offPong = null;
    this.resources.stop();
  }

  snapshot(): SupervisorStats {
    return { ...this.stats };
  }

  /** The latest resource sample, for the heartbeat. */
  latestResources(): ResourceSample | null {
    return this.resources.latest();
  }

  /** The shell (re)loaded its UI: the liveness check starts over after its grace period. */
  uiLoaded(): void {
    this.liveness.reset(this.timers.now());
  }

  /** One check of the UI and of the daily window (public so tests drive it on a simulated clock). */
  tick(): void {
    if (this.exiting) return;
    const now = this.timers.now();
    if (this.pendingReload === null && (this.o.watchUi ?? true)) {
      const step = this.liveness.tick(now, this.o.host.uiConnected(), () => randomBytes(8).toString('hex'));
      if (step.kind === 'ping') {
        this.stats.pings++;
        this.o.core.emit('ui.ping', { nonce: step.nonce });
      } else if (step.kind === 'unresponsive') {
        this.uiFailed(step.reason === 'no-pong' ? 'ui-unresponsive' : 'ui-disconnected', { waitedMs: step.waitedMs });
        return;
      }
    }
    this.checkDaily(now);
  }

  /** A UI failure: climbs the ladder. While a reload is pending, further reports are folded into it. */
  uiFailed(reason: string, detail: Record<string, string | number> = {}): RecoveryDecision | null {
    if (this.exiting || this.pendingReload !== null) return null;
    const now = this.timers.now();
    this.stats.failures++;
    const decision = decideRecovery({ reloads: this.reloads, restarts: this.ledger.get().restarts }, now, this.policy);
    this.stats.lastDecision = decision;
    this.o.log.warn({ reason, ...detail, decision }, 'supervisor: UI failure');
    this.audit('supervision-recovery', { reason, action: decision.action, why: decision.reason });
    if (decision.action === 'reload') {
      this.reloads.push(now);
      this.pendingReload = this.timers.setTimeout(() => {
        this.pendingReload = null;
        this.stats.reloads++;
        try {
          this.o.host.reloadUi(reason);
        } catch (err) {
          this.o.log.error({ err }, 'supervisor: reload failed');
        }
        this.liveness.reset(this.timers.now());
      }, decision.delayMs);
    } else if (decision.action === 'restart') {
      this.restart(now, reason);
    } else {
      void this.reboot(now, reason);
    }
    return decision;
  }

  private checkDaily(now: number): void {
    const d = this.o.config.dailyRestart;
    if (!d.enabled) return;
    const startMin = parseClock(d.start);
    const endMin = parseClock(d.end);
    if (startMin === null || endMin === null || startMin === endMin) return;
    const offset = (this.o.utcOffsetMin ?? ((t: number) => -new Date(t).getTimezoneOffset()))(now);
    const state = this.ledger.get();
    const decision = dailyRestartDue({
      now,
      window: { startMin, endMin },
      utcOffsetMin: offset,
      lastDailyDay: state.lastDailyDay,
      idle: this.o.core.session.view().phase === 'attract' && this.o.core.maintenance.view().mode === 'closed',
      restarts: state.restarts,
      minRestartGapMs: this.policy.minRestartGapMs,
      startedAt: this.startedAt,
    });
    if (!decision.due) return;
    this.exiting = true;
    this.stats.restarts++;
    this.ledger.recordRestart(now, decision.day);
    this.o.log.info({ day: decision.day, window: `${d.start}-${d.end}` }, 'supervisor: daily restart');
    this.audit('supervision-daily-restart', { day: decision.day });
    this.o.host.exit(RESTART_EXIT_CODE, 'daily-restart');
  }

  private restart(now: number, reason: string): void {
    this.exiting = true;
    this.stats.restarts++;
    this.ledger.recordRestart(now);
    this.o.log.error({ reason }, 'supervisor: restarting the app');
    this.o.host.exit(RESTART_EXIT_CODE, reason);
  }

  private async reboot(now: number, reason: string): Promise<void> {
    this.exiting = true;
    this.stats.reboots++;
    this.ledger.recordRestart(now);
    const argv = this.o.config.rebootCommand ?? [];
    this.o.log.error({ reason, command: argv }, 'supervisor: requesting an OS reboot');
    this.audit('supervision-reboot', { reason, command: argv.join(' ').slice(0, 200) });
    const r = await (this.o.runCommand ?? runCommand)(argv);
    if (!r.ok) this.o.log.error({ err: r.error.message }, 'supervisor: reboot command failed; restarting the app instead');
    this.o.host.exit(RESTART_EXIT_CODE, r.ok ? 'reboot' : 'reboot-failed');
  }

  private audit(type: string, detail: Record<string, string | number>): void {
    try {
      this.o.audit?.()?.append({ type, actor: 'system', detail });
    } catch (err) {
      this.o.log.warn({ err }, 'supervisor: audit append failed');
    }
  }
}
