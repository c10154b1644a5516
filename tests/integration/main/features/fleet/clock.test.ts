/**
 * Expiry (freeze attacks) and the terminal's clock. tuf-js reads the wall clock, so these
 * tests move `Date` (and only `Date`) with vitest's fake timers.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FleetRepository } from '../../../../../main/shells/cli/fleet-publish/repository.js';
import { agentFor, initRepo, publish, readMeta, tmp, writeMeta } from './fleet-helpers.js';

const DAY = 86_400_000;
const T0 = Date.parse('2030-03-01T08:00:00Z');
let t: ReturnType<typeof tmp>;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(T0);
  t = tmp();
});
afterEach(() => {
  vi.useRealTimers();
  t.cleanup();
});

describe('fleet agent: expiry and clock', () => {
  it('refuses an expired remote timestamp (freeze) and keeps running the config it has', async () => {
    const repo = initRepo(t.dir);
    publish(repo, 100);
    const agent = agentFor(repo, t.dir);
    expect(await agent.cycle()).toMatchObject({ appliedVersion: 1 });
    publish(repo, 200);
    vi.setSystemTime(T0 + 8 * DAY); // the repository's 7-day timestamp has lapsed, nobody refreshed it
    const r = await agent.cycle();
    expect(r).toMatchObject({ state: 'refused', reason: 'expired-metadata', appliedVersion: 1 });
    expect(agent.store.current()?.sections.session?.idleSeconds).toBe(100);
  });

  it('uses an expired local timestamp as the rollback baseline and reaches a fresh remote one', async () => {
    const repo = initRepo(t.dir);
    publish(repo, 100);
    const agent = agentFor(repo, t.dir);
    expect(await agent.cycle()).toMatchObject({ appliedVersion: 1 });
    const oldTs = readMeta(repo, 'timestamp.json');
    publish(repo, 200);
    expect(await agent.cycle()).toMatchObject({ appliedVersion: 2 });
    const trusted = agent.trustedVersions();
    vi.setSystemTime(T0 + 18 * DAY); // local timestamp expired on day 7
    const reopened = FleetRepository.open(repo.dir);
    if (!reopened.ok) throw new Error(reopened.error.message);
    // A mirror replays an old, genuinely signed timestamp: older than the expired baseline.
    const genuine = readMeta(repo, 'timestamp.json');
    writeMeta(repo, 'timestamp.json', oldTs);
    expect(await agent.cycle()).toMatchObject({ state: 'refused', reason: 'rollback-refused', appliedVersion: 2 });
    expect(agent.trustedVersions()).toEqual(trusted);
    // The genuine repository re-signs (cron `yimen fleet refresh`) and publishes: accepted.
    writeMeta(repo, 'timestamp.json', genuine);
    reopened.value.refresh();
    publish(reopened.value, 300);
    expect(await agent.cycle()).toMatchObject({ state: 'current', reason: 'applied', appliedVersion: 3 });
  });

  it('refuses to trust a clock set backwards and makes no request', async () => {
    const repo = initRepo(t.dir);
    publish(repo, 100);
    const agent = agentFor(repo, t.dir);
    expect(await agent.cycle()).toMatchObject({ appliedVersion: 1 });
    publish(repo, 200);
    vi.setSystemTime(T0 - 30 * DAY);
    const r = await agent.cycle();
    expect(r).toMatchObject({ state: 'refused', reason: 'clock-backwards', appliedVersion: 1, requests: 0 });
    expect(agent.store.current()?.sections.session?.idleSeconds).toBe(100);
    // Clock fixed: back to normal.
    vi.setSystemTime(T0 + 60_000);
    expect(await agent.cycle()).toMatchObject({ state: 'current', appliedVersion: 2 });
  });

  it('an expired root still updates to a newer root, but nothing else is trusted from an expired one', async () => {
    const repo = initRepo(t.dir, { settings: { expiresDays: { root: 10, targets: 90, snapshot: 90, timestamp: 7 } } });
    publish(repo, 100);
    const agent = agentFor(repo, t.dir);
    expect(await agent.cycle()).toMatchObject({ appliedVersion: 1 });
    vi.setSystemTime(T0 + 12 * DAY);
    publish(repo, 200);
    expect(await agent.cycle()).toMatchObject({ state: 'refused', reason: 'expired-metadata', appliedVersion: 1 });
    // IT rotates the timestamp key: root v2 with a fresh expiry.
    expect(repo.rotateKey('timestamp').ok).toBe(true);
    const r = await agent.cycle();
    expect(r).toMatchObject({ state: 'current', appliedVersion: 2 });
    expect(r.trusted.root).toBe(2);
  });
});
