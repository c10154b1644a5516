import { describe, expect, it } from 'vitest';
import { SimulatedClock } from 'xstate';
import { SessionService } from '../../../main/session/service.js';
import type { SessionView } from '../../../main/api/contract.js';

const timings = { idleMs: 60_000, warnMs: 30_000, elderIdleMultiplier: 2, endingMs: 8_000 };

function setup() {
  const clock = new SimulatedClock();
  clock.set(1_000_000);
  const s = new SessionService({ timings, defaultLocale: 'zh-CN', clock });
  const seen: SessionView[] = [];
  s.onChange((v) => seen.push(v));
  return { s, clock, seen };
}

describe('session machine', () => {
  it('starts on attract with nothing personal', () => {
    const { s } = setup();
    expect(s.view()).toMatchObject({ phase: 'attract', sessionId: null, warning: null, locale: 'zh-CN', elderMode: false });
    expect(s.personal()).toBeNull();
  });

  it('warns after the idle time and resets after the warning', () => {
    const { s, clock } = setup();
    s.start();
    expect(s.view().phase).toBe('identifying');
    clock.increment(59_999);
    expect(s.view().warning).toBeNull();
    clock.increment(1);
    expect(s.view().warning).toEqual({ remainingMs: 30_000 });
    clock.increment(10_000);
    expect(s.view().warning).toEqual({ remainingMs: 20_000 });
    clock.increment(20_000);
    expect(s.view()).toMatchObject({ phase: 'attract', warning: null, sessionId: null });
  });

  it('gives the warning at least 20 s before the reset', () => {
    const { s, clock, seen } = setup();
    s.start();
    clock.increment(60_000);
    const warned = seen.find((v) => v.warning !== null);
    expect(warned?.warning?.remainingMs).toBeGreaterThanOrEqual(20_000);
  });

  it('activity postpones the warning; more time cancels it', () => {
    const { s, clock } = setup();
    s.start();
    clock.increment(50_000);
    s.send({ type: 'ACTIVITY' });
    clock.increment(50_000);
    expect(s.view().warning).toBeNull();
    clock.increment(10_000);
    expect(s.view().warning).not.toBeNull();
    s.send({ type: 'MORE_TIME' });
    expect(s.view().warning).toBeNull();
    clock.increment(59_000);
    expect(s.view().phase).toBe('identifying');
    expect(s.view().warning).toBeNull();
  });

  it('ignores plain activity while the warning shows: only "more time" extends', () => {
    const { s, clock } = setup();
    s.start();
    clock.increment(60_000);
    s.send({ type: 'ACTIVITY' });
    expect(s.view().warning).not.toBeNull();
    clock.increment(30_000);
    expect(s.view().phase).toBe('attract');
  });

  it('elder mode doubles the idle time', () => {
    const { s, clock } = setup();
    s.start();
    s.send({ type: 'SET_ELDER_MODE', on: true });
    expect(s.view().idleMs).toBe(120_000);
    clock.increment(119_000);
    expect(s.view().warning).toBeNull();
    clock.increment(1_000);
    expect(s.view().warning).not.toBeNull();
  });

  it('choosing elder mode on the attract screen starts a session in elder mode', () => {
    const { s } = setup();
    s.send({ type: 'SET_ELDER_MODE', on: true });
    expect(s.view()).toMatchObject({ phase: 'identifying', elderMode: true });
  });

  it('reset wipes personal data, locale and elder mode', () => {
    const { s, clock } = setup();
    s.start();
    s.send({ type: 'SET_LOCALE', locale: 'en' });
    s.send({ type: 'SET_ELDER_MODE', on: true });
    s.send({ type: 'IDENTIFIED', personal: { displayName: '张*三', idNumber: '11010519491231002X' } });
    expect(s.view().phase).toBe('serving');
    expect(s.personal()).not.toBeNull();
    clock.increment(120_000); // elder idle time, then the warning
    clock.increment(30_000);
    expect(s.view()).toMatchObject({ phase: 'attract', locale: 'zh-CN', elderMode: false, sessionId: null });
    expect(s.personal()).toBeNull();
  });

  it('ending returns to attract by itself, wiping the session', () => {
    const { s, clock } = setup();
    s.start();
    s.send({ type: 'IDENTIFIED', personal: { displayName: '李*' } });
    s.send({ type: 'FINISH' });
    expect(s.view().phase).toBe('ending');
    clock.increment(8_000);
    expect(s.view().phase).toBe('attract');
    expect(s.personal()).toBeNull();
  });

  it('the UI cannot skip states: identified data is refused before a session starts', () => {
    const { s } = setup();
    s.send({ type: 'IDENTIFIED', personal: { displayName: 'x' } });
    s.send({ type: 'FINISH' });
    expect(s.view().phase).toBe('attract');
    expect(s.personal()).toBeNull();
  });

  it('every session gets a new id', () => {
    const { s } = setup();
    const a = s.start().sessionId;
    s.send({ type: 'END' });
    const b = s.start().sessionId;
    expect(a).not.toBeNull();
    expect(b).not.toBeNull();
    expect(a).not.toBe(b);
  });

  it('out of service ends the session and is shown', () => {
    const { s } = setup();
    s.start();
    s.setOutOfService({ code: 'store-corrupt', message: 'x' });
    expect(s.view()).toMatchObject({ phase: 'attract', outOfService: { code: 'store-corrupt' } });
  });
});
