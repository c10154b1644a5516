import { describe, expect, it } from 'vitest';
import { buildDashboard, diskFreeMiB } from '../../../../../main/features/maintenance/dashboard.js';
import { health } from './fakes.js';

const actions = {
  receiptPaper: () => 'near-end' as const,
  a4QueueSummary: () => null,
  lockerView: () => [],
  backofficeState: () => ({ reachable: true, checkedAt: 5 }),
  lastErrors: () => [{ at: 1, source: 'receipt', code: 'paper-out' }],
};

/** Not a fresh literal where it is used: fields the worker adds later do not break this test. */
const SYNC = {
  online: true,
  queued: 3,
  rejected: 0,
  sent: 9,
  oldestQueuedAgeSeconds: 12,
  lastError: null,
  lastSuccessAt: 100,
  lastAttemptAt: 100,
  auditPending: 1,
  running: true,
};

describe('staff dashboard', () => {
  it('puts the parts together, with uptime and free disk', () => {
    const d = buildDashboard({
      health: () => [health('receipt-printer', 'degraded', 'paper-near-end')],
      actions,
      sync: () => SYNC,
      configVersion: () => 'v7',
      dataDir: '.',
      startedAt: 1_000,
      now: () => 62_999,
    });
    expect(d).toMatchObject({
      receiptPaper: 'near-end',
      a4Queue: null,
      sync: { online: true, queued: 3, rejected: 0, auditPending: 1, lastSuccessAt: 100 },
      backoffice: { reachable: true, checkedAt: 5 },
      configVersion: 'v7',
      uptimeSeconds: 61,
      lastErrors: [{ source: 'receipt', code: 'paper-out' }],
    });
    expect(d.devices).toHaveLength(1);
    expect(typeof d.diskFreeMiB).toBe('number');
  });

  it('has no sync part without an outbox, and no free disk for a folder it cannot read', () => {
    const d = buildDashboard({
      health: () => [],
      actions,
      sync: () => null,
      configVersion: () => 'v',
      dataDir: null,
      startedAt: 10,
      now: () => 0,
    });
    expect([d.sync, d.uptimeSeconds]).toEqual([null, 0]);
    expect(diskFreeMiB('/nonexistent/yimen')).toBeNull();
  });
});
