/**
 * Wrong-try counting for the staff prompt: after `maxAttempts` wrong tries in a row the prompt
 * locks for `baseMs`, and each further lock (one more wrong try after a lock ends) doubles the
 * time, up to `maxMs`. A right answer clears the count (the lock level decays only with it).
 * Pure: the caller passes the time, so tests run it on a simulated clock.
 */
export interface LockoutPolicy {
  maxAttempts: number;
  baseMs: number;
  maxMs: number;
}

export interface LockoutState {
  /** Wrong tries since the last success or the last lock. */
  failures: number;
  /** How many times the prompt has locked since the last success. */
  locks: number;
  lockedUntil: number | null;
}

export type TryVerdict = { allowed: true } | { allowed: false; retryInMs: number };

export class Lockout {
  private s: LockoutState = { failures: 0, locks: 0, lockedUntil: null };

  constructor(private readonly policy: LockoutPolicy) {}

  state(): LockoutState {
    return { ...this.s };
  }

  /** May a try be made now? */
  check(now: number): TryVerdict {
    if (this.s.lockedUntil !== null && now < this.s.lockedUntil) return { allowed: false, retryInMs: this.s.lockedUntil - now };
    return { allowed: true };
  }

  /** Records a wrong try; returns the lock it caused, if any. */
  fail(now: number): { lockedForMs: number | null; remaining: number } {
    if (this.s.lockedUntil !== null && now >= this.s.lockedUntil) this.s.lockedUntil = null;
    this.s.failures++;
    // After a first lock, one wrong try is enough to lock again (for longer).
    const limit = this.s.locks === 0 ? this.policy.maxAttempts : 1;
    if (this.s.failures >= limit) {
      const ms = Math.min(this.policy.maxMs, this.policy.baseMs * 2 ** this.s.locks);
      this.s.locks++;
      this.s.failures = 0;
      this.s.lockedUntil = now + ms;
      return { lockedForMs: ms, remaining: 0 };
    }
    return { lockedForMs: null, remaining: limit - this.s.failures };
  }

  succeed(): void {
    this.s = { failures: 0, locks: 0, lockedUntil: null };
  }
}
