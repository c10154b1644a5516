/**
 * SIGKILL while signed audit checkpoints are shipped to the back office (the witness): the
 * writer is killed at random moments — before an upload, while the back office works on it or
 * answers, and while the answer is recorded. After a restart and a drain the back office holds
 * exactly the terminal's checkpoints and entries, each once, and witnesses its newest
 * checkpoint; nothing the writer committed is lost and no batch is refused.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackoffice, type RunningBackoffice } from '../../../../../backoffice/server.js';
import { verifyAuditChain } from '../../../../../main/data/audit/verify.js';
import { readPublicKey } from '../../../../../main/data/privacy/key-source.js';
import { bundleWriter, runUntilKilled } from '../../../../helpers/sigkill.js';
import { openServices, tempDir, testConfig } from '../store/fixtures.js';

const CYCLES = 40;
let bo: RunningBackoffice;
let bundle: string;
const tmp = tempDir('yimen-ship-kill-');

beforeAll(async () => {
  bo = await startBackoffice({ dataDir: null });
  bundle = await bundleWriter(join(import.meta.dirname, 'audit-ship-writer.ts'), tmp.dir);
});
afterAll(async () => {
  await bo.close();
  tmp.cleanup();
});

/**
 * One run of the writer, killed a random time after an upload starts: the back office answers
 * 100 ms late, so the kill lands before the request, while the back office works or waits, or
 * after the answer while it is recorded. One cycle in five dies right after opening instead.
 */
async function cycle(dataDir: string): Promise<{ committed: number[]; errors: string[] }> {
  const early = Math.random() < 0.2;
  const run = await runUntilKilled(bundle, [dataDir, bo.url], {
    atStartMs: null,
    after: (out) => (out.includes('UPLOADING') || (early && out.includes('READY')) ? Math.floor(Math.random() * 250) : null),
    guardMs: 15_000,
  });
  return {
    committed: run.lines.filter((l) => l.startsWith('CP ')).map((l) => Number(l.slice(3))),
    errors: run.errors,
  };
}

describe('SIGKILL during checkpoint shipping', () => {
  it(`${CYCLES} kills: the back office holds each checkpoint exactly once and nothing is lost`, async () => {
    const dir = join(tmp.dir, 'kiosk');
    const committed: number[] = [];
    const errors: string[] = [];
    let answerLost = 0;
    bo.faults.set({ delayMs: 100 });
    for (let i = 0; i < CYCLES; i++) {
      const c = await cycle(dir);
      committed.push(...c.committed);
      errors.push(...c.errors);
      // Did this cycle end with the back office holding a batch the writer never recorded (answer lost)?
      const db = new Database(join(dir, 'yimen.db'), { readonly: true });
      const cursor = db.prepare(`SELECT value FROM config_state WHERE key = 'audit.shippedCheckpointSeq'`).get() as
        { value: string } | undefined;
      db.close();
      const witnessed = bo.db.prepare(`SELECT MAX(seq) AS seq FROM audit_checkpoints WHERE terminal_id = 'ship-kill'`).get() as {
        seq: number | null;
      };
      if ((witnessed.seq ?? 0) > Number(cursor?.value ?? 0)) answerLost += 1;
    }
    bo.faults.clear();
    expect(errors).toEqual([]);
    expect(committed.length).toBeGreaterThan(CYCLES / 2);

    const svc = openServices(
      dir,
      testConfig({ terminal: { id: 'ship-kill', hallId: 'h', hallName: 'h' }, backoffice: { url: bo.url, timeoutMs: 5000 } }),
    );
    try {
      const local = svc.store.db.prepare(`SELECT seq, hash FROM audit_checkpoints ORDER BY seq`).all() as Array<{
        seq: number;
        hash: string;
      }>;
      // Nothing the writer reported committed was lost.
      const localSeqs = new Set(local.map((c) => c.seq));
      for (const seq of committed) expect(localSeqs.has(seq), `checkpoint ${seq}`).toBe(true);
      const status = await svc.worker.drainAll();
      expect(status.auditPending).toBe(0);
      expect(status.lastError).toBeNull();
      // Exactly the terminal's checkpoints and entries at the back office, each once.
      const remote = bo.db
        .prepare(`SELECT seq, hash FROM audit_checkpoints WHERE terminal_id = 'ship-kill' ORDER BY seq`)
        .all() as Array<{ seq: number; hash: string }>;
      expect(remote).toEqual(local);
      // The kills did hit the window that matters (answer lost after the back office's commit).
      expect(answerLost).toBeGreaterThan(0);
      const localEntries = svc.store.db.prepare(`SELECT seq, hash FROM audit_log ORDER BY seq`).all();
      const remoteEntries = bo.db
        .prepare(`SELECT seq, hash FROM audit_entries WHERE terminal_id = 'ship-kill' ORDER BY seq`)
        .all();
      expect(remoteEntries).toEqual(localEntries);
      const w = await svc.client.call('getAuditWitness', { params: { terminalId: 'ship-kill' }, body: undefined });
      expect(w.ok && w.value.checkpoint?.seq).toBe(local[local.length - 1]?.seq);
      const pub = readPublicKey(dir);
      expect(verifyAuditChain(svc.store.db, pub.ok ? pub.value : null).firstBroken).toBeNull();
      console.info(
        `audit-ship-sigkill: ${CYCLES} kills, ${local.length} checkpoints, ${localEntries.length} entries, ` +
          `${answerLost} cycles ended with the back office ahead of what the writer recorded (answer lost), ` +
          `${bo.stats()['replay:uploadAudit'] ?? 0} same-key replays, ${bo.stats().uploadAudit ?? 0} uploads`,
      );
    } finally {
      await svc.close();
    }
  }, 300_000);
});
