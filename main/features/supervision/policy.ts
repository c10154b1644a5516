/**
 * The supervisor's decisions, as pure functions of times (ms since the epoch) and a policy, so
 * they are unit-tested on a simulated clock. The glue (`supervisor.ts`) only feeds them and acts.
 *
 * Escalation ladder when the UI fails (renderer gone, Chromium exited, no `ui.pong`):
 *   1. reload the UI, with exponential back-off, up to `maxReloads` within `reloadWindowMs`;
 *   2. then restart the app (exit non-zero, the OS supervisor starts it again), but never sooner
 *      than `minRestartGapMs` after the previous restart: until then, keep reloading at the
 *      longest back-off;
 *   3. when `maxRestarts` restarts already happened within `restartWindowMs`, request an OS
 *      reboot (a configured command); without one, restart once more.
 */

export interface EscalationPolicy {
  maxReloads: number;
  reloadWindowMs: number;
  reloadBackoffBaseMs: number;
  reloadBackoffMaxMs: number;
  minRestartGapMs: number;
  maxRestarts: number;
  restartWindowMs: number;
  /** Whether an OS reboot command is configured. */
  canReboot: boolean;
}

/** What happened so far: reloads in this process, restarts (persisted across restarts). */
export interface EscalationHistory {
  reloads: readonly number[];
  restarts: readonly number[];
}

export type RecoveryDecision =
  | { action: 'reload'; delayMs: number; reason: 'first-steps' | 'restart-too-soon' }
  | { action: 'restart'; reason: 'reloads-exhausted' | 'reboot-unavailable' }
  | { action: 'reboot'; reason: 'restarts-exhausted' };

export function within(times: readonly number[], now: number, windowMs: number): number[] {
  return times.filter((t) => t <= now && now - t < windowMs);
}

/** Back-off before the n-th reload in a row (n from 0): base·2ⁿ, capped. */
export function reloadDelay(n: number, p: Pick<EscalationPolicy, 'reloadBackoffBaseMs' | 'reloadBackoffMaxMs'>): number {
  if (n <= 0) return Math.min(p.reloadBackoffBaseMs, p.reloadBackoffMaxMs);
  return Math.min(p.reloadBackoffMaxMs, p.reloadBackoffBaseMs * 2 ** Math.min(n, 30));
}

/** The next step after a UI failure at `now`. */
export function decideRecovery(h: EscalationHistory, now: number, p: EscalationPolicy): RecoveryDecision {
  const reloads = within(h.reloads, now, p.reloadWindowMs).length;
  if (reloads < p.maxReloads) return { action: 'reload', delayMs: reloadDelay(reloads, p), reason: 'first-steps' };
  const last = h.restarts.length > 0 ? Math.max(...h.restarts) : null;
  if (last !== null && now - last < p.minRestartGapMs)
    return { action: 'reload', delayMs: p.reloadBackoffMaxMs, reason: 'restart-too-soon' };
  const restarts = within(h.restarts, now, p.restartWindowMs).length;
  if (restarts >= p.maxRestarts) {
    return p.canReboot ? { action: 'reboot', reason: 'restarts-exhausted' } : { action: 'restart', reason: 'reboot-unavailable' };
  }
  return { action: 'restart', reason: 'reloads-exhausted' };
}

/** Whether a planned restart (daily) may happen now: the gap since the last restart is respected. */
export function restartAllowed(restarts: readonly number[], now: number, minRestartGapMs: number): boolean {
  return restarts.every((t) => t > now || now - t >= minRestartGapMs);
}

// ---- daily restart in a quiet window -------------------------------------------------------------

export interface QuietWindow {
  /** Minutes after local midnight. */
  startMin: number;
  endMin: number;
}

/** "HH:MM" → minutes after midnight; null when malformed. */
export function parseClock(text: string): number | null {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  if (!m) return null;
  return Number(m[1]) * 60 + Number(m[2]);
}

const DAY_MS = 86_400_000;

/**
 * Where `now` is relative to the window, in local time given as an offset from UTC (minutes,
 * east positive: +480 for China). A window may cross midnight (23:30–00:30); its `day` is the
 * local date on which it opened, so one window yields one restart.
 */
export function inQuietWindow(now: number, w: QuietWindow, utcOffsetMin: number): { inside: boolean; day: string } {
  const local = now + utcOffsetMin * 60_000;
  const minuteOfDay = Math.floor((((local % DAY_MS) + DAY_MS) % DAY_MS) / 60_000);
  const crosses = w.endMin <= w.startMin;
  let inside: boolean;
  let openedYesterday = false;
  if (!crosses) inside = minuteOfDay >= w.startMin && minuteOfDay < w.endMin;
  else if (minuteOfDay >= w.startMin) inside = true;
  else {
    inside = minuteOfDay < w.endMin;
    openedYesterday = inside;
  }
  const day = new Date(local - (openedYesterday ? DAY_MS : 0)).toISOString().slice(0, 10);
  return { inside, day };
}

export interface DailyRestartInputs {
  now: number;
  window: QuietWindow;
  utcOffsetMin: number;
  /** The window day of the last daily restart (persisted), or null. */
  lastDailyDay: string | null;
  /** The citizen session is between sessions (`attract`) and no staff member is in. */
  idle: boolean;
  restarts: readonly number[];
  minRestartGapMs: number;
  /** When this process started: a process started inside today's window does not restart again. */
  startedAt: number;
}

export type DailyDecision =
  { due: true; day: string } | { due: false; why: 'outside-window' | 'done-today' | 'busy' | 'too-soon' | 'fresh-process' };

export function dailyRestartDue(i: DailyRestartInputs): DailyDecision {
  const w = inQuietWindow(i.now, i.window, i.utcOffsetMin);
  if (!w.inside) return { due: false, why: 'outside-window' };
  if (i.lastDailyDay === w.day) return { due: false, why: 'done-today' };
  // Started inside this same window (e.g. restarted by systemd a minute ago): that counts.
  const started = inQuietWindow(i.startedAt, i.window, i.utcOffsetMin);
  if (started.inside && started.day === w.day) return { due: false, why: 'fresh-process' };
  if (!restartAllowed(i.restarts, i.now, i.minRestartGapMs)) return { due: false, why: 'too-soon' };
  if (!i.idle) return { due: false, why: 'busy' };
  return { due: true, day: w.day };
}

// ---- frozen-UI check -----------------------------------------------------------------------------

export interface LivenessPolicy {
  pingEveryMs: number;
  answerWithinMs: number;
  graceMs: number;
}

export type LivenessStep =
  | { kind: 'ping'; nonce: string }
  | { kind: 'unresponsive'; reason: 'no-pong' | 'disconnected'; waitedMs: number }
  | { kind: 'wait' };

/**
 * Tracks `ui.ping` / `ui.pong`. The UI is judged only while connected and after a grace period
 * from (re)load; one outstanding ping at a time; an answer with a stale nonce is ignored, and a
 * pong from a blank page (`rendered: false`) does not count as alive.
 */
export class LivenessTracker {
  private outstanding: { nonce: string; at: number } | null = null;
  private judgedFrom = 0;
  private lastPingAt = -Infinity;
  private lastAnswerAt: number | null = null;
  private disconnectedSince: number | null = null;

  constructor(private readonly p: LivenessPolicy) {}

  /** The UI (re)loaded or (re)connected at `now`: start the grace period, forget the old ping. */
  reset(now: number): void {
    this.outstanding = null;
    this.judgedFrom = now + this.p.graceMs;
    this.lastPingAt = -Infinity;
    this.disconnectedSince = null;
  }

  /**
   * One tick. Returns `ping` with a nonce to send; `unresponsive` when the outstanding ping was
   * not answered in time, or the UI stayed disconnected past a ping period plus the answer time
   * (a crashed page never reconnects); the caller recovers, then calls `reset`. Else `wait`.
   */
  tick(now: number, connected: boolean, nextNonce: () => string): LivenessStep {
    if (this.outstanding !== null && now - this.outstanding.at >= this.p.answerWithinMs) {
      const waitedMs = now - this.outstanding.at;
      this.outstanding = null;
      if (now >= this.judgedFrom) return { kind: 'unresponsive', reason: 'no-pong', waitedMs };
    }
    if (!connected) {
      if (this.disconnectedSince === null) this.disconnectedSince = now;
      const waitedMs = now - this.disconnectedSince;
      if (now >= this.judgedFrom && waitedMs >= this.p.pingEveryMs + this.p.answerWithinMs) {
        this.disconnectedSince = null;
        return { kind: 'unresponsive', reason: 'disconnected', waitedMs };
      }
      return { kind: 'wait' };
    }
    this.disconnectedSince = null;
    if (this.outstanding !== null || now < this.judgedFrom) return { kind: 'wait' };
    if (now - this.lastPingAt < this.p.pingEveryMs) return { kind: 'wait' };
    const nonce = nextNonce();
    this.outstanding = { nonce, at: now };
    this.lastPingAt = now;
    return { kind: 'ping', nonce };
  }

  /** A `ui.pong`: true when it answered the outstanding ping from a rendered page. */
  answer(nonce: string, rendered: boolean, now: number): boolean {
    if (this.outstanding === null || this.outstanding.nonce !== nonce || !rendered) return false;
    this.outstanding = null;
    this.lastAnswerAt = now;
    return true;
  }

  /** When the UI last proved it was alive (null: never since start). */
  lastAlive(): number | null {
    return this.lastAnswerAt;
  }
}
