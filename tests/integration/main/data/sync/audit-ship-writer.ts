/**
 * Child process of the checkpoint-shipping SIGKILL test: appends audit entries, signs a
 * checkpoint after every few, and ships them to the back office at `url`, printing `CP <seq>`
 * once a checkpoint is committed, `UPLOADING` before each upload and `SHIPPED <seq>` once the back office acknowledged it. The
 * parent kills it at a random moment: before, during or after an upload, or while recording it.
 */
import { writeSync } from 'node:fs';
import { parseConfig } from '../../../../../config/load.js';
import { silentLogger } from '../../../../../main/base/log/logger.js';
import { openDataServices } from '../../../../../main/data/data-services.js';

async function main(): Promise<void> {
  const [dataDir, url] = process.argv.slice(2);
  if (!dataDir || !url) {
    writeSync(2, 'usage: audit-ship-writer DATA_DIR URL\n');
    process.exit(1);
  }
  const cfg = parseConfig(
    {
      terminal: { id: 'ship-kill', hallId: 'h', hallName: 'h' },
      backoffice: { url, timeoutMs: 5000 },
      sync: { pollSeconds: 1, backoffBaseMs: 50, backoffMaxMs: 1000, batchSize: 20, parallel: 1, auditShipSeconds: 1 },
      audit: { retentionDays: 200, checkpointEvery: 1000, checkpointMinutes: 15 },
    },
    'audit-ship-writer',
  );
  if (!cfg.ok) throw new Error(cfg.error.message);
  const opened = openDataServices({ dataDir, config: cfg.value, log: silentLogger() });
  if (!opened.ok) {
    writeSync(1, `ERR ${opened.error.code} ${opened.error.message}\n`);
    process.exit(3);
  }
  const svc = opened.value;
  writeSync(1, 'READY\n');
  for (let i = 0; ; i++) {
    svc.audit.append({ type: 'print', actor: 'system', detail: { i } });
    if (i % 3 === 2) {
      const cp = svc.audit.checkpoint();
      if (cp) writeSync(1, `CP ${cp.seq}\n`);
      writeSync(1, 'UPLOADING\n');
      await svc.worker.drainOnce({ forceAudit: true });
      writeSync(1, `SHIPPED ${svc.audit.shippedCheckpointSeq()}\n`);
    }
  }
}

main().catch((e: unknown) => {
  writeSync(1, `ERR ${(e as Error).message}\n`);
  process.exit(4);
});
