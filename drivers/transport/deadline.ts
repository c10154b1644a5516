/**
 * A reply deadline that measures the device, not our own process.
 *
 * Node runs due timers *before* it looks at I/O in each turn of the event loop. So when our process
 * was not running for a while (a long synchronous job such as a PDF render, a GC pause, a CPU
 * shared with Chromium on a loaded terminal), a reply that reached the OS long ago is still
 * unread when the timer fires, and a plain `setTimeout` would call a device that answered in time
 * silent. A `Deadline` whose timer fires late therefore gives the I/O one more short window before
 * it expires: as long as the lateness (at least `MIN_GRACE_MS`, at most the deadline itself), so
 * bytes already waiting are read first. A timer that fires on time expires at once: a device that
 * is really silent is reported after the deadline it was given, and after at most twice that when
 * our own process was stalled.
 */

/** Lateness below this is ordinary timer jitter: the deadline expires without grace. */
export const LATE_MS = 15;
/** The shortest extra window given to I/O when the timer fired late. */
export const MIN_GRACE_MS = 20;

export class Deadline {
  private timer: NodeJS.Timeout | null = null;
  private due = 0;
  private graced = false;
  private readonly ms: number;
  private readonly onExpire: () => void;

  /** Starts at once: `onExpire` runs after `ms` unless `cancel()` or `restart()` comes first. */
  constructor(ms: number, onExpire: () => void) {
    this.ms = ms;
    this.onExpire = onExpire;
    this.restart();
  }

  /** Count the whole deadline again from now (e.g. an inter-byte deadline after each byte). */
  restart(): void {
    this.cancel();
    this.graced = false;
    this.arm(this.ms);
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private arm(ms: number): void {
    this.due = performance.now() + ms;
    this.timer = setTimeout(() => this.fire(), ms);
  }

  private fire(): void {
    this.timer = null;
    const late = performance.now() - this.due;
    if (!this.graced && late > LATE_MS) {
      this.graced = true;
      this.arm(Math.min(Math.max(late, MIN_GRACE_MS), this.ms));
      return;
    }
    this.onExpire();
  }
}
