/**
 * Kill the kiosk-side writer with SIGKILL at random moments while submissions flow and the
 * worker delivers them (≥ 200 cycles over 2 parallel lanes). Afterwards every acknowledged
 * submission is in the store and reaches the back office exactly once; the audit chain is
 * intact.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackoffice, type RunningBackoffice } from '../../../../../backoffice/server.js';
import { verifyAuditChain } from '../../../../../main/data/audit/verify.js';
import { readPublicKey } from '../../../../../main/data/privacy/key-source.js';
import { bundleWriter, runUntilKilled } from '../../../../helpers/sigkill.js';
import { application, openServices, tempDir, testConfig } from '../store/fixtures.js';

// Two lanes (one per core of the target machine), 100 kills each.
const LANES = 2;
const CYCLES_PER_LANE = 100;

let bo: RunningBackoffice;
let bundle: string;
const tmp = tempDir('yimen-kill-');

beforeAll(async () => {
  bo = await startBackoffice({ dataDir: null });
  bundle = await bundleWriter(join(import.meta.dirname, 'kill-writer.ts'), tmp.dir);
});
afterAll(async () => {
  await bo.close();
  tmp.cleanup();
});

interface Cycle {
  acked: string[];
  errors: string[];
}

async function cycle(dataDir: string, lane: number): Promise<Cycle> {
  const run = await runUntilKilled(bundle, [dataDir, bo.url, String(lane)], {
    // One cycle in ten dies while opening (keys, integrity check, WAL recovery, migrations).
    atStartMs: Math.random() < 0.1 ? Math.floor(Math.random() * 150) : null,
    // A random moment after the first commit: during an enqueue, a commit, a delivery or a batch update.
    after: (out) => (out.includes('ACK ') ? Math.floor(Math.random() * 100) : null),
    guardMs: 10_000,
  });
  return {
    acked: run.lines.filter((l) => l.startsWith('ACK ')).map((l) => l.slice(4)),
    errors: run.errors,
  };
}

describe('SIGKILL at random points while submissions flow', () => {
  it(`${LANES * CYCLES_PER_LANE} kill cycles: every acknowledged submission delivered exactly once`, async () => {
    const lanes = await Promise.all(
      Array.from({ length: LANES }, async (_, lane) => {
        const dir = join(tmp.dir, `lane-${lane}`);
        const acked: string[] = [];
        const errors: string[] = [];
        for (let i = 0; i < CYCLES_PER_LANE; i++) {
          const c = await cycle(dir, lane);
          acked.push(...c.acked);
          errors.push(...c.errors);
        }
        return { dir, acked, errors };
      }),
    );
    for (const lane of lanes) expect(lane.errors).toEqual([]);
    const totalAcked = lanes.reduce((n, l) => n + l.acked.length, 0);
    // Nine cycles in ten run until at least one acknowledged commit.
    expect(totalAcked).toBeGreaterThanOrEqual(LANES * CYCLES_PER_LANE * 0.8);

    for (const [i, lane] of lanes.entries()) {
      const svc = openServices(
        lane.dir,
        testConfig({ terminal: { id: `kill-${i}`, hallId: 'h', hallName: 'h' }, backoffice: { url: bo.url, timeoutMs: 5000 } }),
      );
      try {
        // Every acknowledged submission survived the kills.
        for (const key of lane.acked) expect(svc.outbox.state(key), key).not.toBeNull();
        // A new submission after all that still works.
        expect(svc.outbox.submitApplication(application(1)).ok).toBe(true);
        const status = await svc.worker.drainAll();
        expect(status.queued).toBe(0);
        expect(status.rejected).toBe(0);
        // Exactly once at the back office: one application per stored row, one row per key.
        const rows = svc.store.db
          .prepare(`SELECT idem_key AS k, remote_ref AS ref FROM outbox WHERE kind = 'submission'`)
          .all() as Array<{ k: string; ref: string }>;
        const remote = bo.db
          .prepare(`SELECT idem_key AS k, application_id AS id FROM applications WHERE terminal_id = ?`)
          .all(`kill-${i}`) as Array<{ k: string; id: string }>;
        expect(remote.length).toBe(rows.length);
        const remoteByKey = new Map(remote.map((r) => [r.k, r.id]));
        expect(remoteByKey.size).toBe(remote.length);
        for (const r of rows) expect(remoteByKey.get(r.k), r.k).toBe(r.ref);
        // The audit chain survived too.
        const pub = readPublicKey(lane.dir);
        expect(pub.ok).toBe(true);
        const report = verifyAuditChain(svc.store.db, pub.ok ? pub.value : null);
        expect(report.firstBroken).toBeNull();
      } finally {
        await svc.close();
      }
    }
  }, 600_000);
});
