import { describe, expect, it } from 'vitest';
import { SimulatedClock } from 'xstate';
import { Lockout } from '../../../../../main/features/maintenance/lockout.js';

describe('prompt lock-out', () => {
  it('locks after five wrong tries, then doubles the lock for each further wrong try, up to the cap', () => {
    const clock = new SimulatedClock();
    clock.set(1_000_000);
    const l = new Lockout({ maxAttempts: 5, baseMs: 30_000, maxMs: 100_000 });
    for (let i = 1; i <= 4; i++) expect(l.fail(clock.now())).toEqual({ lockedForMs: null, remaining: 5 - i });
    expect(l.fail(clock.now()).lockedForMs).toBe(30_000);
    expect(l.check(clock.now())).toEqual({ allowed: false, retryInMs: 30_000 });
    clock.increment(29_999);
    expect(l.check(clock.now()).allowed).toBe(false);
    clock.increment(1);
    expect(l.check(clock.now()).allowed).toBe(true);
    expect(l.fail(clock.now()).lockedForMs).toBe(60_000);
    clock.increment(60_000);
    expect(l.fail(clock.now()).lockedForMs).toBe(100_000);
    clock.increment(100_000);
    expect(l.fail(clock.now()).lockedForMs).toBe(100_000);
  });

  it('a right answer clears the count and the lock level', () => {
    const l = new Lockout({ maxAttempts: 3, baseMs: 10_000, maxMs: 100_000 });
    l.fail(0);
    l.fail(0);
    l.succeed();
    expect(l.fail(0).remaining).toBe(2);
    l.fail(0);
    expect(l.fail(0).lockedForMs).toBe(10_000);
    l.succeed();
    expect(l.state()).toEqual({ failures: 0, locks: 0, lockedUntil: null });
  });
});
