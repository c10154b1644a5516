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

/**
 * Whether the transport is wanted open, and reopening it after a loss: one attempt at a time,
 * each after the next back-off delay (the last one repeats), never after a close we asked for.
 */
export class Reopener {
  /** Set by `open()`, cleared by `stop()` (and when a first open gives up). */
  wanted = false;
  private timer: NodeJS.Timeout | null = null;
  private attempt = 0;
  private readonly backoff: readonly number[];

  /** `backoffMs` empty or absent: `DEFAULT_BACKOFF_MS`. */
  constructor(
    private readonly cell: TransportStateCell,
    private readonly opts: { backoffMs?: readonly number[] | undefined; keepTrying?: boolean | undefined },
  ) {
    this.backoff = opts.backoffMs && opts.backoffMs.length > 0 ? opts.backoffMs : DEFAULT_BACKOFF_MS;
  }

  /**
   * The transport's `open()`: nothing when open or opening; else `opening`, the device's own
   * open, then `open`. A failure reports `reconnecting` and `retry`s in the background when the
   * transport keeps trying (and was not closed meanwhile), else reports `closed` and is no longer
   * wanted; the promise rejects with the failure either way.
   */
  async open(openDevice: () => Promise<void>, retry: () => void): Promise<void> {
    if (this.cell.state === 'open' || this.cell.state === 'opening') return;
    this.wanted = true;
    this.cell.set('opening');
    try {
      await openDevice();
      this.cell.set('open');
    } catch (e) {
      const error = asError(e);
      if (this.opts.keepTrying && this.wanted) {
        this.cell.set('reconnecting', error);
        retry();
      } else {
        this.wanted = false;
        this.cell.set('closed', error);
      }
      throw error;
    }
  }

  /** The device opened: the next loss starts again from the first delay. */
  opened(): void {
    this.attempt = 0;
  }

  /** A close we asked for: no longer wanted, no attempt pending. */
  stop(): void {
    this.wanted = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Calls `reopen` after the next delay; nothing when not wanted or an attempt is already waiting. */
  schedule(reopen: () => void): void {
    if (this.timer || !this.wanted) return;
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
