/**
 * Signs the head of the audit chain at least every `everyMs`, even when the kiosk is idle (no
 * entry arrives to trigger the count-based checkpoint), and once more when it stops. Each new
 * checkpoint is handed to `onCheckpoint` (the delivery worker ships it to the back office, its
 * witness). The timers are injected so tests drive time without sleeping.
 */
import type { AuditCheckpoint, AuditLog } from './audit-log.js';

export interface IntervalTimers {
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(id: unknown): void;
}

export const systemIntervals: IntervalTimers = {
  setInterval: (fn, ms) => {
    const t = setInterval(fn, ms);
    // Never the reason the process stays up: shutdown stops it explicitly.
    t.unref();
    return t;
  },
  clearInterval: (id) => clearInterval(id as NodeJS.Timeout),
};

export interface CheckpointTimerOptions {
  everyMs: number;
  timers?: IntervalTimers;
  onCheckpoint?: (cp: AuditCheckpoint) => void;
  onError: (err: unknown) => void;
}

export class CheckpointTimer {
  private handle: unknown = null;
  private readonly timers: IntervalTimers;

  constructor(
    private readonly audit: AuditLog,
    private readonly o: CheckpointTimerOptions,
  ) {
    this.timers = o.timers ?? systemIntervals;
  }

  start(): void {
    if (this.handle !== null) return;
    this.handle = this.timers.setInterval(() => this.tick(), this.o.everyMs);
  }

  /** Signs the head if it is not signed yet; returns the new checkpoint or null. Never throws. */
  tick(): AuditCheckpoint | null {
    try {
      const cp = this.audit.checkpoint();
      if (cp) this.o.onCheckpoint?.(cp);
      return cp;
    } catch (err) {
      this.o.onError(err);
      return null;
    }
  }

  /** Stops the timer and writes the last checkpoint (shutdown). */
  stop(): AuditCheckpoint | null {
    if (this.handle !== null) this.timers.clearInterval(this.handle);
    this.handle = null;
    return this.tick();
  }
}
