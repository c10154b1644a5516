import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  dailyRestartDue,
  decideRecovery,
  inQuietWindow,
  LivenessTracker,
  parseClock,
  reloadDelay,
  type EscalationPolicy,
} from '../../../../../main/features/supervision/policy.js';

const MIN = 60_000;
const P: EscalationPolicy = {
  maxReloads: 3,
  reloadWindowMs: 10 * MIN,
  reloadBackoffBaseMs: 1000,
  reloadBackoffMaxMs: 60_000,
  minRestartGapMs: 10 * MIN,
  maxRestarts: 3,
  restartWindowMs: 60 * MIN,
  canReboot: true,
};
const T0 = 1_800_000_000_000;

describe('escalation ladder', () => {
  it('reloads with doubling back-off, then restarts once reloads are used up', () => {
    const reloads: number[] = [];
    const seen: string[] = [];
    let t = T0;
    for (let i = 0; i < 4; i++) {
      const d = decideRecovery({ reloads, restarts: [] }, t, P);
      seen.push(d.action === 'reload' ? `reload ${d.delayMs}` : d.action);
      if (d.action === 'reload') reloads.push(t);
      t += 5000;
    }
    expect(seen).toEqual(['reload 1000', 'reload 2000', 'reload 4000', 'restart']);
  });

  it('forgets reloads older than the window', () => {
    const d = decideRecovery({ reloads: [T0, T0 + 1, T0 + 2], restarts: [] }, T0 + 10 * MIN + 5, P);
    expect(d).toEqual({ action: 'reload', delayMs: 1000, reason: 'first-steps' });
  });

  it('keeps reloading at the longest back-off while the last restart is too recent', () => {
    const d = decideRecovery({ reloads: [T0, T0, T0], restarts: [T0 - 5 * MIN] }, T0 + 1000, P);
    expect(d).toEqual({ action: 'reload', delayMs: 60_000, reason: 'restart-too-soon' });
  });

  it('requests a reboot after maxRestarts restarts within the window, or restarts when no command is set', () => {
    const h = { reloads: [T0, T0, T0], restarts: [T0 - 50 * MIN, T0 - 35 * MIN, T0 - 20 * MIN] };
    expect(decideRecovery(h, T0 + 1000, P).action).toBe('reboot');
    expect(decideRecovery(h, T0 + 1000, { ...P, canReboot: false })).toEqual({ action: 'restart', reason: 'reboot-unavailable' });
    // The oldest restart leaves the window: back to a plain restart.
    const later = T0 + 11 * MIN;
    expect(decideRecovery({ ...h, reloads: [later, later, later] }, later, P)).toEqual({
      action: 'restart',
      reason: 'reloads-exhausted',
    });
  });

  it('never reboots or restarts sooner than the minimum gap (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 120 * MIN }), { maxLength: 8 }),
        fc.integer({ min: 0, max: 120 * MIN }),
        (offsets, at) => {
          const restarts = offsets.map((o) => T0 + o);
          const now = T0 + at;
          const d = decideRecovery({ reloads: [now, now, now], restarts }, now, P);
          const last = restarts.filter((r) => r <= now);
          if (d.action !== 'reload') expect(last.every((r) => now - r >= P.minRestartGapMs)).toBe(true);
        },
      ),
    );
  });

  it('back-off is capped', () => {
    expect(reloadDelay(40, P)).toBe(60_000);
    expect(reloadDelay(0, P)).toBe(1000);
  });
});

describe('daily restart window', () => {
  const CN = 480;
  // 2027-01-15 03:45 in China = 2027-01-14 19:45 UTC.
  const at = (hhmm: string, date = '2027-01-15'): number => Date.parse(`${date}T${hhmm}:00+08:00`);
  const w = { startMin: parseClock('03:30') ?? 0, endMin: parseClock('04:30') ?? 0 };
  const base = {
    window: w,
    utcOffsetMin: CN,
    lastDailyDay: null,
    idle: true,
    restarts: [],
    minRestartGapMs: 10 * MIN,
    startedAt: at('12:00', '2027-01-14'),
  };

  it('parses HH:MM and rejects nonsense', () => {
    expect(parseClock('03:30')).toBe(210);
    expect(parseClock('24:00')).toBeNull();
    expect(parseClock('3:30')).toBeNull();
  });

  it('is due inside the window, between sessions, once per day', () => {
    expect(dailyRestartDue({ ...base, now: at('03:29') })).toEqual({ due: false, why: 'outside-window' });
    expect(dailyRestartDue({ ...base, now: at('03:45') })).toEqual({ due: true, day: '2027-01-15' });
    expect(dailyRestartDue({ ...base, now: at('03:45'), idle: false })).toEqual({ due: false, why: 'busy' });
    expect(dailyRestartDue({ ...base, now: at('03:45'), lastDailyDay: '2027-01-15' })).toEqual({ due: false, why: 'done-today' });
    expect(dailyRestartDue({ ...base, now: at('04:30') })).toEqual({ due: false, why: 'outside-window' });
  });

  it('does not restart a process that started inside the same window, nor too soon after a restart', () => {
    expect(dailyRestartDue({ ...base, now: at('03:50'), startedAt: at('03:40') })).toEqual({ due: false, why: 'fresh-process' });
    expect(dailyRestartDue({ ...base, now: at('03:50'), restarts: [at('03:45')] })).toEqual({ due: false, why: 'too-soon' });
  });

  it('handles a window across midnight: the day is the evening it opened', () => {
    const night = { startMin: parseClock('23:30') ?? 0, endMin: parseClock('00:30') ?? 0 };
    expect(inQuietWindow(at('23:45', '2027-01-14'), night, CN)).toEqual({ inside: true, day: '2027-01-14' });
    expect(inQuietWindow(at('00:15', '2027-01-15'), night, CN)).toEqual({ inside: true, day: '2027-01-14' });
    expect(inQuietWindow(at('00:45', '2027-01-15'), night, CN).inside).toBe(false);
  });

  it('one restart per window whatever the minute (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1439 }),
        fc.integer({ min: 0, max: 1439 }),
        fc.integer({ min: 0, max: 2 * 86_400_000 }),
        (s, e, t) => {
          fc.pre(s !== e);
          const win = { startMin: s, endMin: e };
          const now = T0 + t;
          const first = dailyRestartDue({ ...base, window: win, now, startedAt: now - 3 * 86_400_000 });
          if (first.due) {
            const again = dailyRestartDue({
              ...base,
              window: win,
              now: now + MIN,
              lastDailyDay: first.day,
              startedAt: now - 3 * 86_400_000,
            });
            expect(again.due).toBe(false);
          }
        },
      ),
    );
  });
});

describe('frozen-UI check', () => {
  const policy = { pingEveryMs: 15_000, answerWithinMs: 10_000, graceMs: 30_000 };
  let n = 0;
  const nonce = (): string => `n${++n}`;

  it('waits out the grace period, pings, accepts the matching pong', () => {
    const l = new LivenessTracker(policy);
    l.reset(T0);
    expect(l.tick(T0 + 1000, true, nonce).kind).toBe('wait');
    const p = l.tick(T0 + 30_000, true, nonce);
    expect(p.kind).toBe('ping');
    const id = p.kind === 'ping' ? p.nonce : '';
    expect(l.answer('stale', true, T0 + 30_500)).toBe(false);
    expect(l.answer(id, true, T0 + 31_000)).toBe(true);
    expect(l.lastAlive()).toBe(T0 + 31_000);
    expect(l.tick(T0 + 40_000, true, nonce).kind).toBe('wait');
    expect(l.tick(T0 + 45_000, true, nonce).kind).toBe('ping');
  });

  it('declares the UI unresponsive when the pong does not come in time, or comes from a blank page', () => {
    const l = new LivenessTracker(policy);
    l.reset(T0);
    const p = l.tick(T0 + 30_000, true, nonce);
    expect(l.answer(p.kind === 'ping' ? p.nonce : '', false, T0 + 30_100)).toBe(false);
    expect(l.tick(T0 + 39_999, true, nonce).kind).toBe('wait');
    expect(l.tick(T0 + 40_000, true, nonce)).toEqual({ kind: 'unresponsive', reason: 'no-pong', waitedMs: 10_000 });
  });

  it('declares a UI that stays disconnected dead, but not during the grace period', () => {
    const l = new LivenessTracker(policy);
    l.reset(T0);
    expect(l.tick(T0 + 20_000, false, nonce).kind).toBe('wait');
    expect(l.tick(T0 + 44_999, false, nonce).kind).toBe('wait');
    expect(l.tick(T0 + 45_000, false, nonce)).toEqual({ kind: 'unresponsive', reason: 'disconnected', waitedMs: 25_000 });
    l.reset(T0 + 40_000);
    expect(l.tick(T0 + 41_000, false, nonce).kind).toBe('wait');
    expect(l.tick(T0 + 60_000, true, nonce).kind).toBe('wait');
    expect(l.tick(T0 + 70_000, true, nonce).kind).toBe('ping');
  });
});
