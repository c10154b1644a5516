/**
 * The data services' checkpoint wiring, with time driven by the test: an idle kiosk still signs
 * its head on the `audit.checkpointMinutes` timer and ships it at once, and the checkpoint
 * written at shutdown reaches the back office on the next start.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackoffice, type RunningBackoffice } from '../../../../../backoffice/server.js';
import { silentLogger } from '../../../../../main/base/log/logger.js';
import type { IntervalTimers } from '../../../../../main/data/audit/checkpoint-timer.js';
import { openDataServices, type DataServices } from '../../../../../main/data/data-services.js';
import { tempDir, testConfig } from '../store/fixtures.js';

let bo: RunningBackoffice;
const tmp = tempDir('yimen-cp-ship-');
beforeAll(async () => {
  bo = await startBackoffice({ dataDir: null });
});
afterAll(async () => {
  await bo.close();
  tmp.cleanup();
});

function manualTimers(): IntervalTimers & { fire(ms: number): void } {
  const fns = new Map<number, { fn: () => void; ms: number }>();
  let id = 0;
  return {
    setInterval: (fn, ms) => (fns.set(++id, { fn, ms }), id),
    clearInterval: (i) => void fns.delete(i as number),
    fire: (ms) => [...fns.values()].filter((t) => t.ms === ms).forEach((t) => t.fn()),
  };
}

const clock = { t: 1_700_000_000_000 };
function open(timers: IntervalTimers): DataServices {
  const config = testConfig({
    terminal: { id: 'cp-ship', hallId: 'h', hallName: 'h' },
    backoffice: { url: bo.url, timeoutMs: 5000 },
    sync: { pollSeconds: 3600, backoffBaseMs: 50, backoffMaxMs: 1000, batchSize: 50, parallel: 1, auditShipSeconds: 3600 },
    audit: { retentionDays: 200, checkpointEvery: 1000, checkpointMinutes: 15 },
  });
  const r = openDataServices({ dataDir: tmp.dir, config, log: silentLogger(), now: () => clock.t, timers });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}
const witnessed = (): number | null =>
  (bo.db.prepare(`SELECT MAX(seq) AS seq FROM audit_checkpoints WHERE terminal_id = 'cp-ship'`).get() as { seq: number | null })
    .seq;

describe('checkpoint timer and shutdown checkpoint', () => {
  it('an idle kiosk signs and ships its head on the timer; the shutdown checkpoint ships on the next start', async () => {
    const timers = manualTimers();
    const svc = open(timers);
    svc.start();
    // The test drives the rounds itself.
    await svc.worker.stop();
    for (let i = 0; i < 3; i++) svc.audit.append({ type: 'print', actor: 'system', detail: { i } });
    await svc.worker.drainOnce();
    expect(svc.audit.shippedSeq()).toBe(3);
    expect(witnessed()).toBeNull();
    // Nothing happens for a while; the next round is not due for an hour.
    clock.t += 15 * 60_000;
    await svc.worker.drainOnce();
    expect(witnessed()).toBeNull();
    timers.fire(15 * 60_000);
    expect(svc.audit.lastCheckpoint()?.seq).toBe(3);
    // The new checkpoint makes the very next round ship it, alone.
    await svc.worker.drainOnce();
    expect(witnessed()).toBe(3);
    expect(svc.syncStatus().auditPending).toBe(0);
    // Idle again: the head is signed already, nothing new is written or sent.
    timers.fire(15 * 60_000);
    expect(svc.audit.lastCheckpoint()?.seq).toBe(3);

    svc.audit.append({ type: 'print', actor: 'system' });
    svc.audit.append({ type: 'print', actor: 'system' });
    await svc.close();
    expect(witnessed()).toBe(3);

    const again = open(manualTimers());
    try {
      expect(again.audit.lastCheckpoint()?.seq).toBe(5);
      const status = await again.worker.drainAll();
      expect(status.auditPending).toBe(0);
      expect(witnessed()).toBe(5);
    } finally {
      await again.close();
    }
  });
});
