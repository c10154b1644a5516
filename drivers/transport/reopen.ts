/**
 * The state handling the device transports share (serial ports, printer device files): the
 * state they report, and reopening after a loss with a back-off.
 */
import type { TransportListeners } from './listeners.js';
import type { TransportState } from './transport.js';

/** Reopen delays after a loss, in ms; the last repeats. */
export const DEFAULT_BACKOFF_MS: readonly number[] = [500, 1000, 2000, 5000];

/** The current state and its reports. Repeated `reconnecting` reports are useful (each failed attempt carries its error). */
export class TransportStateCell {
  private current: TransportState = 'closed';

  constructor(private readonly listeners: TransportListeners) {}

  get state(): TransportState {
    return this.current;
  }

  set(state: TransportState, error?: Error): void {
    const changed = state !== this.current;
    this.current = state;
    if (changed || state === 'reconnecting') this.listeners.emitState(state, error);
  }
}

/** One reopen attempt at a time, each after the next back-off delay (the last one repeats). */
export class ReopenTimer {
  private timer: NodeJS.Timeout | null = null;
  private attempt = 0;
  private readonly backoff: readonly number[];

  /** `backoffMs` empty or absent: `DEFAULT_BACKOFF_MS`. */
  constructor(backoffMs: readonly number[] | undefined) {
    this.backoff = backoffMs && backoffMs.length > 0 ? backoffMs : DEFAULT_BACKOFF_MS;
  }

  /** The device opened: the next loss starts again from the first delay. */
  opened(): void {
    this.attempt = 0;
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Calls `reopen` after the next delay; nothing when an attempt is already waiting. */
  schedule(reopen: () => void): void {
    if (this.timer) return;
    const delay = this.backoff[Math.min(this.attempt, this.backoff.length - 1)] ?? 1000;
    this.attempt++;
    this.timer = setTimeout(() => {
      this.timer = null;
      reopen();
    }, delay);
    this.timer.unref?.();
  }
}

export function asError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}
