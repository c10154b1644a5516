import { createActor, type Actor } from 'xstate';
import type { Locale, SessionPhase, SessionView } from '../api/contract.js';
import { effectiveIdleMs, sessionMachine, type SessionEvent, type SessionTimings } from './machine.js';

/** The timers the session uses: the real ones by default, a simulated clock in tests. */
export interface Clock {
  now(): number;
  setTimeout(fn: (...args: unknown[]) => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (id) => clearTimeout(id as ReturnType<typeof setTimeout>),
};

export interface SessionServiceOptions {
  timings: SessionTimings;
  defaultLocale: Locale;
  clock?: Clock;
}

type Snapshot = ReturnType<Actor<typeof sessionMachine>['getSnapshot']>;

/** Runs the session machine and turns its snapshots into the `SessionView` the UI renders. */
export class SessionService {
  private readonly actor: Actor<typeof sessionMachine>;
  private readonly clock: Clock;
  private warningSince: number | null = null;
  private readonly listeners = new Set<(view: SessionView) => void>();
  private outOfService: SessionView['outOfService'] = null;
  private lastKey = '';

  constructor(opts: SessionServiceOptions) {
    this.clock = opts.clock ?? systemClock;
    this.actor = createActor(sessionMachine, {
      input: { timings: opts.timings, defaultLocale: opts.defaultLocale },
      clock: { setTimeout: (fn, ms) => this.clock.setTimeout(fn, ms), clearTimeout: (id) => this.clock.clearTimeout(id) },
    });
    this.actor.subscribe((snap) => this.onSnapshot(snap));
    this.actor.start();
  }

  send(event: SessionEvent): SessionView {
    this.actor.send(event);
    return this.view();
  }

  /** Start a session with the clock's time (ids are derived from it). */
  start(): SessionView {
    return this.send({ type: 'START', now: this.clock.now() });
  }

  onChange(listener: (view: SessionView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  setOutOfService(reason: SessionView['outOfService']): void {
    this.outOfService = reason;
    if (reason) this.actor.send({ type: 'END' });
    this.publish(this.actor.getSnapshot(), true);
  }

  /** The personal data of the current citizen, for main only; null on attract. */
  personal(): Snapshot['context']['personal'] {
    return this.actor.getSnapshot().context.personal;
  }

  view(): SessionView {
    return this.toView(this.actor.getSnapshot());
  }

  stop(): void {
    this.actor.stop();
    this.listeners.clear();
  }

  private phase(snap: Snapshot): SessionPhase {
    if (snap.matches('attract')) return 'attract';
    if (snap.matches({ active: { flow: 'serving' } })) return 'serving';
    if (snap.matches({ active: { flow: 'ending' } })) return 'ending';
    return 'identifying';
  }

  private toView(snap: Snapshot): SessionView {
    const ctx = snap.context;
    const warning = snap.matches({ active: { idle: 'warning' } });
    const remainingMs =
      warning && this.warningSince !== null
        ? Math.max(0, ctx.timings.warnMs - (this.clock.now() - this.warningSince))
        : ctx.timings.warnMs;
    return {
      phase: this.phase(snap),
      sessionId: ctx.sessionId,
      locale: ctx.locale,
      elderMode: ctx.elderMode,
      warning: warning ? { remainingMs: Math.round(remainingMs) } : null,
      idleMs: effectiveIdleMs(ctx),
      outOfService: this.outOfService,
    };
  }

  private onSnapshot(snap: Snapshot): void {
    const warning = snap.matches({ active: { idle: 'warning' } });
    if (warning && this.warningSince === null) this.warningSince = this.clock.now();
    if (!warning) this.warningSince = null;
    this.publish(snap, false);
  }

  private publish(snap: Snapshot, force: boolean): void {
    const view = this.toView(snap);
    const key = JSON.stringify(view);
    if (!force && key === this.lastKey) return;
    this.lastKey = key;
    for (const l of this.listeners) l(view);
  }
}
