import { describe, expect, it } from 'vitest';
import { SimulatedClock } from 'xstate';
import { err, ok, type Result } from '../../../../../common/result.js';
import { silentLogger } from '../../../../../main/base/log/logger.js';
import type { BackofficeError, BoResult } from '../../../../../main/data/backoffice-client/client.js';
import type { ApplicationStatus } from '../../../../../main/features/maintenance/backoffice-reach.js';
import { LockerLoading, NOTICE_RETRY_MS } from '../../../../../main/features/maintenance/locker-loading.js';
import { LockerView } from '../../../../../main/features/maintenance/locker-view.js';
import { EventLocker, FakeClient, MemoryMarks, recorder, SLOTS } from './fakes.js';

const STATUS: ApplicationStatus = {
  applicationId: 'APP-1',
  matterCode: 'senior-card',
  state: 'approved',
  updatedAt: '2026-03-02T08:00:00Z',
};
const LOADED = {
  pickupId: 'p-1',
  applicationId: 'APP-1',
  matterName: 'senior-card',
  holdUntil: '2026-03-09T00:00:00Z',
  smsSent: true,
};

function setUp(o: { status?: Result<ApplicationStatus>; loaded?: () => BoResult<typeof LOADED>; store?: boolean } = {}) {
  const clock = new SimulatedClock();
  clock.set(1_800_000_000_000);
  const locker = new EventLocker();
  const marks = new MemoryMarks();
  const rec = recorder();
  const events: string[] = [];
  const upserts: string[] = [];
  const client = new FakeClient({ pickupLoaded: o.loaded ?? (() => ok(LOADED)) });
  const view = new LockerView({ slots: SLOTS, marks, locker: () => locker, store: () => null });
  const loading = new LockerLoading({
    terminalId: 'T-1',
    view,
    locker: () => locker,
    backoffice: { applicationStatus: () => Promise.resolve(o.status ?? ok(STATUS)), note: (r) => void events.push(`reach:${r}`) },
    data: () => (o.store === false ? null : { client, pickups: { upsert: (p) => void upserts.push(`${p.pickupId}@${p.cell}`) } }),
    marks,
    staff: () => ({ staffId: 'STAFF-0001', name: '王工作' }),
    clock,
    log: silentLogger(),
    record: rec.record,
    noteError: (source, code) => void events.push(`error:${source}:${code}`),
    loadOpened: (job) => void events.push(`opened:${job.door}`),
    loadFinished: () => void events.push('finished'),
    changed: () => {},
  });
  return { clock, locker, marks, client, loading, events, upserts, ...rec };
}

/** Lets the notice sent on a door close settle. */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
};

describe('locker loading', () => {
  it('lists the free compartments for a loadable application', async () => {
    const { loading } = setUp();
    const r = await loading.loadCandidates('APP-1', 'M');
    expect(r.ok && r.value.free.map((c) => c.label)).toEqual(['A-02', 'A-03']);
  });

  it('refuses an application that is not loadable, or not found', async () => {
    const notYet = await setUp({ status: ok({ ...STATUS, state: 'rejected' }) }).loading.loadCandidates('APP-1');
    expect(!notYet.ok && notYet.error.code).toBe('state-rejected');
    const missing = await setUp({ status: err('not-found', 'no') }).loading.loadCandidates('APP-9');
    expect(!missing.ok && missing.error.code).toBe('not-found');
  });

  it('opens the door, and on its close tells the back office and keeps the pickup', async () => {
    const { loading, locker, client, upserts, events, actions } = setUp();
    expect(await loading.loadLocker('APP-1', 'A-02')).toMatchObject({ outcome: 'door-open' });
    expect(events).toEqual(['opened:A-02']);
    locker.emit({ type: 'door-closed', board: 1, lock: 3 });
    expect(client.calls).toEqual([]);
    locker.emit({ type: 'door-closed', board: 1, lock: 2 });
    await settle();
    expect(client.calls.map((c) => c.name)).toEqual(['pickupLoaded']);
    expect(upserts).toEqual(['p-1@A-02']);
    expect(actions).toEqual(['load-locker:door-open', 'load-locker:loaded']);
    expect(events).toEqual(['opened:A-02', 'reach:true', 'finished']);
    expect(locker.watchers).toBe(0);
  });

  it('keeps the notice when the back office is unreachable, and sends it on the next retry', async () => {
    let answer: BoResult<typeof LOADED> = err<BackofficeError>({ code: 'bo-unreachable', message: 'down' });
    const { loading, locker, marks, actions, clock } = setUp({ loaded: () => answer });
    loading.start();
    await loading.loadLocker('APP-1', 'A-02');
    locker.emit({ type: 'door-closed', board: 1, lock: 2 });
    await settle();
    expect(actions).toContain('load-locker:loaded-notice-queued');
    expect(marks.marks.pendingNotices).toHaveLength(1);
    answer = ok(LOADED);
    clock.increment(NOTICE_RETRY_MS);
    await settle();
    expect(marks.marks.pendingNotices).toEqual([]);
    loading.stop();
  });

  it('does not watch a door that did not open, nor a door that is taken', async () => {
    const { loading, locker, marks } = setUp();
    locker.answer = ok(false);
    expect((await loading.loadLocker('APP-1', 'A-02')).outcome).toBe('jammed');
    expect(locker.watchers).toBe(0);
    marks.marks.deposits.push('A-03');
    expect((await loading.loadLocker('APP-1', 'A-03')).outcome).toBe('not-free');
    expect((await loading.loadLocker('APP-1', 'Z-01')).outcome).toBe('no-such-door');
  });

  it('stops watching the doors of loads under way when stopped', async () => {
    const { loading, locker } = setUp();
    await loading.loadLocker('APP-1', 'A-02');
    expect(locker.watchers).toBe(1);
    loading.stop();
    expect(locker.watchers).toBe(0);
  });

  it('without a store keeps every notice for later', async () => {
    const { loading, marks } = setUp({ store: false });
    marks.marks.pendingNotices.push({ applicationNo: 'APP-1', deviceId: 'locker', door: 'A-02', staffId: 's', loadedAt: 0 });
    expect(await loading.retryNotices()).toBe(0);
    expect(marks.marks.pendingNotices).toHaveLength(1);
  });
});
