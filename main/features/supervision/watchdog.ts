/**
 * Feeds systemd's service watchdog (`Type=notify`, `WatchdogSec=`) from the kiosk process.
 *
 * systemd hands a supervised service two variables: `NOTIFY_SOCKET` (a unix *datagram* socket)
 * and, when `WatchdogSec=` is set, `WATCHDOG_USEC` (plus `WATCHDOG_PID`, the process that is
 * meant to feed it). The service sends `READY=1` once it is up and `WATCHDOG=1` at least once
 * per `WATCHDOG_USEC`; when the pings stop, systemd kills and restarts the unit.
 *
 * Node has no unix datagram sockets, so the messages go through `systemd-notify`, run with
 * `execFile` (no shell). That costs one short process per ping (every `WATCHDOG_USEC / 4`,
 * 15 s with `WatchdogSec=60`). The alternative, a heartbeat file checked by a timer unit that
 * restarts the service, needs a second unit, root for the restart, and does not give systemd a
 * start-up notification; see docs/deploy.md for the comparison.
 *
 * `systemd-notify` exits right after sending; systemd older than 246 (Debian 10 / UOS 20,
 * Ubuntu 20.04 / Kylin V10) may then fail to attribute the message to the unit and drop it.
 * Newer versions wait on a barrier so nothing is lost. The feeder copes with the older ones by
 * pinging four times per watchdog period (one lost ping is harmless) and by repeating `READY=1`
 * on its first few pings (systemd ignores `READY=1` once the unit is running).
 *
 * The ping proves that the event loop turns; an optional `healthy()` check lets the caller
 * withhold pings (e.g. when the kiosk window is gone) so that systemd restarts the kiosk.
 */
import { execFile } from 'node:child_process';
import { err, ok, type Result } from '../../../common/result.js';

export type WatchdogErrorCode =
  | 'not-supervised'
  | 'bad-notify-socket'
  | 'bad-watchdog-usec'
  | 'bad-watchdog-pid'
  | 'other-pid'
  | 'notify-missing'
  | 'notify-failed';

/** What the environment asks of this process. */
export interface WatchdogPlan {
  /** `NOTIFY_SOCKET`: a path, an abstract name (`@…`) or `vsock:…`. */
  socket: string;
  /** `WATCHDOG_USEC` when the watchdog is on and meant for this process; null otherwise. */
  watchdogUsec: number | null;
  /** Ping period in ms (a quarter of the watchdog period); null when there is no watchdog. */
  pingMs: number | null;
  /** Why the watchdog part was left out although `WATCHDOG_USEC` was set. */
  watchdogSkipped: { code: WatchdogErrorCode; message: string } | null;
}

/** Shortest ping period: a sub-second `WatchdogSec=` makes no sense for a kiosk. */
export const MIN_PING_MS = 100;
/** Pings per watchdog period. */
export const PINGS_PER_PERIOD = 4;
/** How many of the first messages carry `READY=1`. */
export const READY_REPEATS = 3;
/** Period of the `READY=1` repeats when there is no watchdog. */
export const READY_ONLY_PERIOD_MS = 2000;
/** Without a watchdog, give up repeating `READY=1` after this many attempts. */
export const READY_ONLY_MAX_ATTEMPTS = 10;

const DECIMAL = /^[0-9]{1,16}$/;

/** Validates `NOTIFY_SOCKET`. Missing or empty means the process is not supervised. */
export function parseNotifySocket(env: NodeJS.ProcessEnv): Result<string, WatchdogErrorCode> {
  const socket = env.NOTIFY_SOCKET;
  if (socket === undefined || socket === '') return err('not-supervised', 'NOTIFY_SOCKET is not set');
  if (socket.startsWith('/') || (socket.startsWith('@') && socket.length > 1) || socket.startsWith('vsock:')) {
    if (socket.includes('\0')) return err('bad-notify-socket', 'NOTIFY_SOCKET contains a NUL byte');
    return ok(socket);
  }
  return err('bad-notify-socket', `NOTIFY_SOCKET must be an absolute path, @abstract or vsock:…, not ${JSON.stringify(socket)}`);
}

/**
 * `WATCHDOG_USEC` for this process (the rules of `sd_watchdog_enabled(3)`): null when unset;
 * an error when malformed, zero, or addressed to another process through `WATCHDOG_PID`.
 */
export function parseWatchdogUsec(env: NodeJS.ProcessEnv, pid: number): Result<number | null, WatchdogErrorCode> {
  const usec = env.WATCHDOG_USEC;
  if (usec === undefined || usec === '') return ok(null);
  if (!DECIMAL.test(usec) || Number(usec) === 0)
    return err('bad-watchdog-usec', `WATCHDOG_USEC must be a positive whole number of microseconds, not ${JSON.stringify(usec)}`);
  const wpid = env.WATCHDOG_PID;
  if (wpid !== undefined && wpid !== '') {
    if (!DECIMAL.test(wpid) || Number(wpid) === 0)
      return err('bad-watchdog-pid', `WATCHDOG_PID must be a process id, not ${JSON.stringify(wpid)}`);
    if (Number(wpid) !== pid) return err('other-pid', `the watchdog belongs to process ${wpid}, not ${pid}`);
  }
  return ok(Number(usec));
}

/** Ping period for a watchdog period: a quarter of it, never below MIN_PING_MS. */
export function pingInterval(watchdogUsec: number): number {
  return Math.max(MIN_PING_MS, Math.floor(watchdogUsec / 1000 / PINGS_PER_PERIOD));
}

/** Reads the environment into a plan; `not-supervised` when systemd is not listening. */
export function watchdogPlan(env: NodeJS.ProcessEnv, pid: number): Result<WatchdogPlan, WatchdogErrorCode> {
  const socket = parseNotifySocket(env);
  if (!socket.ok) return socket;
  const usec = parseWatchdogUsec(env, pid);
  if (!usec.ok) return ok({ socket: socket.value, watchdogUsec: null, pingMs: null, watchdogSkipped: usec.error });
  const watchdogUsec = usec.value;
  return ok({
    socket: socket.value,
    watchdogUsec,
    pingMs: watchdogUsec === null ? null : pingInterval(watchdogUsec),
    watchdogSkipped: null,
  });
}

/** A one-line `STATUS=` value: no newlines (they separate assignments), at most 200 characters. */
export function statusText(text: string): string {
  return text
    .replace(/[\r\n\0]+/g, ' ')
    .trim()
    .slice(0, 200);
}

/** The assignments of the next message, given how many messages went out before it. */
export function nextAssignments(sentBefore: number, watchdog: boolean, status: string | null): string[] {
  const out: string[] = [];
  if (sentBefore < READY_REPEATS) out.push('READY=1');
  if (watchdog) out.push('WATCHDOG=1');
  if (status !== null && status !== '') out.push(`STATUS=${statusText(status)}`);
  return out;
}

/** Sends one notification (a list of `KEY=VALUE` assignments). Never rejects. */
export interface NotifySender {
  send(assignments: readonly string[]): Promise<Result<void, WatchdogErrorCode>>;
}

export interface SystemdNotifyOptions {
  /** Environment carrying `NOTIFY_SOCKET` for the child. */
  env: NodeJS.ProcessEnv;
  /** The binary; default `systemd-notify` from PATH. */
  command?: string;
  /** Kill a `systemd-notify` that hangs (it waits for systemd to take the message). */
  timeoutMs?: number;
}

/** A sender that runs `systemd-notify KEY=VALUE…`. */
export function systemdNotifySender(opts: SystemdNotifyOptions): NotifySender {
  const command = opts.command ?? 'systemd-notify';
  const timeout = opts.timeoutMs ?? 5000;
  return {
    send(assignments) {
      return new Promise((resolve) => {
        execFile(command, [...assignments], { env: opts.env, timeout, windowsHide: true }, (error, _stdout, stderr) => {
          if (error === null) {
            resolve(ok(undefined));
            return;
          }
          const code = (error as NodeJS.ErrnoException).code;
          if (code === 'ENOENT') {
            resolve(err('notify-missing', `${command} is not installed`));
            return;
          }
          // Not error.message: it repeats the command line, and with it the STATUS text.
          const detail = stderr.trim() || (error.killed ? `no answer within ${timeout} ms` : `exit code ${String(code)}`);
          resolve(err('notify-failed', `${command} failed: ${detail.slice(0, 300)}`));
        });
      });
    },
  };
}

/** The few logger calls the feeder makes (pino's `Logger` fits). */
export interface WatchdogLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface WatchdogFeederOptions {
  /** Null: no watchdog, only the `READY=1` notification (repeated READY_REPEATS times). */
  pingMs: number | null;
  sender: NotifySender;
  /** Pings are withheld while this returns false, so that systemd restarts the kiosk. */
  healthy?: () => boolean;
  log?: WatchdogLog;
  now?: () => number;
}

export interface WatchdogStats {
  sent: number;
  failed: number;
  /** Ticks that found the previous `systemd-notify` still running. */
  skippedBusy: number;
  /** Ticks at which `healthy()` said no. */
  skippedUnhealthy: number;
  /** Largest delay of a tick behind schedule, in ms: a blocked event loop shows here. */
  maxLagMs: number;
  lastError: { code: WatchdogErrorCode; message: string } | null;
}

/**
 * Sends `READY=1` and then `WATCHDOG=1` every `pingMs`. One message in flight at a time; a
 * failing `systemd-notify` is logged (once per run of failures) and never throws.
 */
export class WatchdogFeeder {
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> | null = null;
  private status: string | null = null;
  private stopped = false;
  private healthyBefore = true;
  private failingBefore = false;
  private lastTickAt = 0;
  private readonly stats: WatchdogStats = {
    sent: 0,
    failed: 0,
    skippedBusy: 0,
    skippedUnhealthy: 0,
    maxLagMs: 0,
    lastError: null,
  };
  private readonly now: () => number;

  constructor(private readonly opts: WatchdogFeederOptions) {
    if (opts.pingMs !== null && (!Number.isFinite(opts.pingMs) || opts.pingMs < 1))
      throw new RangeError(`pingMs must be a positive number, not ${opts.pingMs}`);
    this.now = opts.now ?? Date.now;
  }

  /** Sends the first message now and starts the timer. */
  async start(status?: string): Promise<void> {
    if (this.timer !== null || this.stopped) return;
    if (status !== undefined) this.status = status;
    const period = this.opts.pingMs ?? READY_ONLY_PERIOD_MS;
    this.lastTickAt = this.now();
    this.timer = setInterval(() => void this.tick(), period);
    this.timer.unref();
    await this.tick();
  }

  /** Text that `systemctl status` shows; sent with the next ping. */
  setStatus(text: string): void {
    this.status = text;
  }

  snapshot(): WatchdogStats {
    return { ...this.stats, lastError: this.stats.lastError === null ? null : { ...this.stats.lastError } };
  }

  /** One timer tick (public so tests can drive the feeder without waiting). */
  async tick(): Promise<void> {
    if (this.stopped) return;
    const at = this.now();
    const expected = this.opts.pingMs ?? READY_ONLY_PERIOD_MS;
    const lag = Math.max(0, at - this.lastTickAt - expected);
    this.lastTickAt = at;
    if (lag > this.stats.maxLagMs) this.stats.maxLagMs = lag;
    if (lag > expected) this.opts.log?.warn({ lagMs: lag }, 'watchdog: the event loop was blocked');

    const watchdog = this.opts.pingMs !== null;
    if (!watchdog && (this.stats.sent >= READY_REPEATS || this.stats.sent + this.stats.failed >= READY_ONLY_MAX_ATTEMPTS)) {
      this.clearTimer();
      return;
    }
    if (this.inFlight !== null) {
      this.stats.skippedBusy++;
      return;
    }
    const healthy = this.opts.healthy ? this.safeHealthy() : true;
    if (!healthy) {
      this.stats.skippedUnhealthy++;
      if (this.healthyBefore) this.opts.log?.warn({}, 'watchdog: kiosk unhealthy, withholding pings');
      this.healthyBefore = false;
      // READY=1 still goes out so that an unhealthy start is not mistaken for a hung one.
      if (this.stats.sent >= READY_REPEATS) return;
    } else if (!this.healthyBefore) {
      this.opts.log?.info({}, 'watchdog: kiosk healthy again, pinging');
      this.healthyBefore = true;
    }
    const assignments = nextAssignments(this.stats.sent, watchdog && healthy, this.status);
    this.status = null;
    if (assignments.length === 0) return;
    await this.send(assignments);
  }

  /** Stops pinging and tells systemd the kiosk is stopping. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.clearTimer();
    if (this.inFlight !== null) await this.inFlight;
    await this.send(['STOPPING=1']);
  }

  private clearTimer(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  private safeHealthy(): boolean {
    try {
      return this.opts.healthy?.() ?? true;
    } catch (e) {
      this.opts.log?.warn({ err: (e as Error).message }, 'watchdog: health check threw');
      return false;
    }
  }

  private send(assignments: string[]): Promise<void> {
    const run = this.opts.sender.send(assignments).then((result) => {
      this.inFlight = null;
      if (result.ok) {
        this.stats.sent++;
        if (this.failingBefore) this.opts.log?.info({}, 'watchdog: notifications go through again');
        this.failingBefore = false;
        return;
      }
      this.stats.failed++;
      this.stats.lastError = result.error;
      if (!this.failingBefore)
        this.opts.log?.warn({ code: result.error.code, err: result.error.message }, 'watchdog: notify failed');
      this.failingBefore = true;
    });
    this.inFlight = run;
    return run;
  }
}

export interface StartWatchdogOptions {
  env?: NodeJS.ProcessEnv;
  pid?: number;
  healthy?: () => boolean;
  log?: WatchdogLog;
  status?: string;
  /** Injected in tests; default runs `systemd-notify`. */
  sender?: NotifySender;
}

/**
 * Starts feeding systemd when the process runs under `Type=notify`; returns null (and does
 * nothing) otherwise, e.g. in a terminal, under Windows Shell Launcher or in tests.
 */
export async function startWatchdog(opts: StartWatchdogOptions = {}): Promise<WatchdogFeeder | null> {
  const env = opts.env ?? process.env;
  const plan = watchdogPlan(env, opts.pid ?? process.pid);
  if (!plan.ok) {
    if (plan.error.code !== 'not-supervised')
      opts.log?.warn({ code: plan.error.code, err: plan.error.message }, 'watchdog: not started');
    return null;
  }
  const { pingMs, watchdogSkipped, watchdogUsec } = plan.value;
  if (watchdogSkipped !== null)
    opts.log?.warn({ code: watchdogSkipped.code, err: watchdogSkipped.message }, 'watchdog: sending READY only');
  const feeder = new WatchdogFeeder({
    pingMs,
    sender: opts.sender ?? systemdNotifySender({ env }),
    ...(opts.healthy ? { healthy: opts.healthy } : {}),
    ...(opts.log ? { log: opts.log } : {}),
  });
  opts.log?.info({ watchdogUsec, pingMs }, 'watchdog: notifying systemd');
  await feeder.start(opts.status);
  return feeder;
}
