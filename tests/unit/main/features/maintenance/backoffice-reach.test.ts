import { describe, expect, it } from 'vitest';
import { err, ok } from '../../../../../common/result.js';
import type { SyncStatus } from '../../../../../main/data/sync/outbox-worker.js';
import { BackofficeReach } from '../../../../../main/features/maintenance/backoffice-reach.js';
import { FakeClient } from './fakes.js';

const STATUS = {
  applicationId: 'APP-1',
  matterCode: 'senior-card',
  state: 'approved' as const,
  updatedAt: '2026-03-02T08:00:00Z',
};

const IDLE = {
  online: null,
  queued: 0,
  rejected: 0,
  sent: 0,
  oldestQueuedAgeSeconds: null,
  lastError: null,
  lastSuccessAt: null,
  lastAttemptAt: null,
  auditPending: 0,
  running: true,
};

function setUp(client: FakeClient | null, sync: Pick<SyncStatus, 'online' | 'lastAttemptAt'> | null = null) {
  let now = 1_000;
  const reach = new BackofficeReach({
    client: () => client,
    sync: () => {
      if (!sync) return null;
      const status = { ...IDLE, ...sync };
      return status;
    },
    clock: { now: () => now },
  });
  return { reach, tick: (ms: number) => (now += ms) };
}

describe('back-office reach', () => {
  it("answers an application's status, noting the back office answered", async () => {
    const { reach } = setUp(new FakeClient({ getApplicationStatus: () => ok(STATUS) }));
    expect(await reach.applicationStatus('APP-1')).toEqual(ok(STATUS));
    expect(reach.state()).toEqual({ reachable: true, checkedAt: 1_000 });
  });

  it('says not-found (the back office answered), the client code, or backoffice-unavailable without a store', async () => {
    const notFound = setUp(
      new FakeClient({ getApplicationStatus: () => err({ code: 'bo-not-found', message: 'no', status: 404 }) }),
    );
    expect(await notFound.reach.applicationStatus('APP-9')).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(notFound.reach.state().reachable).toBe(true);
    const down = setUp(new FakeClient());
    expect(await down.reach.applicationStatus('APP-1')).toMatchObject({ ok: false, error: { code: 'bo-unreachable' } });
    expect(down.reach.state().reachable).toBe(false);
    expect(await setUp(null).reach.applicationStatus('APP-1')).toMatchObject({
      ok: false,
      error: { code: 'backoffice-unavailable' },
    });
  });

  it("prefers the outbox worker's newer attempt", () => {
    const { reach, tick } = setUp(null, { online: false, lastAttemptAt: 2_000 });
    expect(reach.state()).toEqual({ reachable: false, checkedAt: 2_000 });
    tick(5_000);
    reach.note(true);
    expect(reach.state()).toEqual({ reachable: true, checkedAt: 6_000 });
  });
});
