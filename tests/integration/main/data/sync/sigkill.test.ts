/**
 * Kill the kiosk-side writer with SIGKILL at random moments while submissions flow and the
 * worker delivers them (≥ 200 cycles over 2 parallel lanes). Every other submission carries two
 * PDF attachments, uploaded in chunks before it: two cycles in three are killed at a chosen upload
 * step (just before a declaration or chunk leaves, while the back office works on it, right after
 * its answer is read). Afterwards every acknowledged submission is in the store and reaches the
 * back office exactly once, with each of its attachments held once, complete, linked to it and
 * matching its hash, and their bytes purged on the kiosk; the audit chain is intact.
 */
import { createHash } from 'node:crypto';
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

function countLines(out: string, prefix: string): number {
  let n = 0;
  for (let i = out.indexOf(`\n${prefix}`); i >= 0; i = out.indexOf(`\n${prefix}`, i + 1)) n++;
  return n;
}

interface Cycle {
  acked: string[];
  errors: string[];
  /** Killed at the upload step chosen for it. */
  atUploadStep: boolean;
}

async function cycle(dataDir: string, lane: number, upload: boolean): Promise<Cycle> {
  // The upload step to die at: after the k-th attachment request leaves or is answered, 0–3 ms on.
  const k = 1 + Math.floor(Math.random() * 12);
  const mark = Math.random() < 0.5 ? 'UP ' : 'UPOK ';
  const run = await runUntilKilled(bundle, [dataDir, bo.url, String(lane)], {
    // One cycle in ten dies while opening (keys, integrity check, WAL recovery, migrations).
    atStartMs: !upload && Math.random() < 0.2 ? Math.floor(Math.random() * 150) : null,
    after: upload
      ? (out) => (countLines(out, mark) >= k ? Math.floor(Math.random() * 4) : null)
      : // A random moment after the first commit: during an enqueue, a commit, a delivery or a batch update.
        (out) => (out.includes('ACK ') ? Math.floor(Math.random() * 100) : null),
    guardMs: 10_000,
  });
  return {
    acked: run.lines.filter((l) => l.startsWith('ACK ')).map((l) => l.slice(4)),
    errors: run.errors,
    atUploadStep: upload && countLines(`\n${run.lines.join('\n')}`, mark) >= k,
  };
}

describe('SIGKILL at random points while submissions flow', () => {
  it(`${LANES * CYCLES_PER_LANE} kill cycles: every acknowledged submission delivered exactly once`, async () => {
    const lanes = await Promise.all(
      Array.from({ length: LANES }, async (_, lane) => {
        const dir = join(tmp.dir, `lane-${lane}`);
        const acked: string[] = [];
        const errors: string[] = [];
        let atUploadStep = 0;
        for (let i = 0; i < CYCLES_PER_LANE; i++) {
          // Two cycles in three are killed at an upload step.
          const c = await cycle(dir, lane, i % 3 !== 0);
          if (c.atUploadStep) atUploadStep += 1;
          acked.push(...c.acked);
          errors.push(...c.errors);
        }
        return { dir, acked, errors, atUploadStep };
      }),
    );
    for (const lane of lanes) expect(lane.errors).toEqual([]);
    // At least 100 cycles died at an upload step (before a request left, while the back office worked, after its answer).
    expect(lanes.reduce((n, l) => n + l.atUploadStep, 0)).toBeGreaterThanOrEqual(100);
    const totalAcked = lanes.reduce((n, l) => n + l.acked.length, 0);
    // Nine cycles in ten run until at least one acknowledged commit.
    expect(totalAcked).toBeGreaterThanOrEqual(LANES * CYCLES_PER_LANE * 0.8);

    let attachmentsChecked = 0;
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
        // Each attachment once at the back office: complete, linked to its application, its hash right.
        const mine = svc.store.db
          .prepare(
            `SELECT a.id, a.sha256, a.size, a.state, a.sealed_bytes AS bytes, o.remote_ref AS ref FROM attachments a JOIN outbox o ON o.idem_key = a.outbox_key`,
          )
          .all() as Array<{ id: string; sha256: string; size: number; state: string; bytes: number; ref: string }>;
        const held = bo.db
          .prepare(
            `SELECT attachment_id AS id, state, application_id AS app, sha256, size FROM attachments WHERE terminal_id = ?`,
          )
          .all(`kill-${i}`) as Array<{ id: string; state: string; app: string | null; sha256: string; size: number }>;
        expect(mine.length).toBeGreaterThan(0);
        expect(held.length).toBe(mine.length);
        const heldById = new Map(held.map((h) => [h.id, h]));
        const chunks = bo.db.prepare(`SELECT data FROM attachment_chunks WHERE attachment_id = ? ORDER BY offset`);
        for (const a of mine) {
          expect([a.state, a.bytes], a.id).toEqual(['sent', 0]);
          expect(heldById.get(a.id), a.id).toMatchObject({ state: 'complete', app: a.ref, sha256: a.sha256, size: a.size });
          const digest = createHash('sha256');
          for (const c of chunks.all(a.id) as Array<{ data: Buffer }>) digest.update(c.data);
          expect(digest.digest('hex'), a.id).toBe(a.sha256);
        }
        attachmentsChecked += mine.length;
        // The audit chain survived too.
        const pub = readPublicKey(lane.dir);
        expect(pub.ok).toBe(true);
        const report = verifyAuditChain(svc.store.db, pub.ok ? pub.value : null);
        expect(report.firstBroken).toBeNull();
      } finally {
        await svc.close();
      }
    }
    expect(attachmentsChecked).toBeGreaterThanOrEqual(100);
  }, 900_000);
});
