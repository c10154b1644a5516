/**
 * Child process of the SIGKILL test: opens the store in `dataDir`, runs the delivery worker
 * against the back office at `url`, and enqueues submissions as fast as it can, printing
 * `ACK <key>` after each commit returns. The parent kills it at a random moment.
 */
import { writeSync } from 'node:fs';
import { parseConfig } from '../../../../../config/load.js';
import { silentLogger } from '../../../../../main/base/log/logger.js';
import { openDataServices } from '../../../../../main/data/data-services.js';

function main(): void {
  const [dataDir, url, lane] = process.argv.slice(2);
  if (!dataDir || !url || !lane) {
    writeSync(2, 'usage: kill-writer DATA_DIR URL LANE\n');
    process.exit(1);
  }
  const cfg = parseConfig(
    {
      terminal: { id: `kill-${lane}`, hallId: 'h', hallName: 'h' },
      backoffice: { url, timeoutMs: 2000 },
      sync: { pollSeconds: 1, backoffBaseMs: 50, backoffMaxMs: 1000, batchSize: 20, parallel: 2, auditShipSeconds: 1 },
      audit: { retentionDays: 200, checkpointEvery: 7, checkpointMinutes: 15 },
    },
    'kill-writer',
  );
  if (!cfg.ok) throw new Error(cfg.error.message);
  const opened = openDataServices({ dataDir, config: cfg.value, log: silentLogger() });
  if (!opened.ok) {
    writeSync(1, `ERR ${opened.error.code} ${opened.error.message}\n`);
    process.exit(3);
  }
  const svc = opened.value;
  svc.worker.start();
  writeSync(1, 'READY\n');
  let n = 0;
  const step = (): void => {
    const r = svc.outbox.submitApplication({
      matterCode: 'kill-test',
      applicant: { idType: 'resident', idNumber: '44060419900307271X', name: '测试', address: '佛山' },
      form: { n: n++, lane },
      submittedAt: new Date().toISOString(),
    });
    if (!r.ok) {
      writeSync(1, `ERR ${r.error.code}\n`);
      process.exit(4);
    }
    writeSync(1, `ACK ${r.value.key}\n`);
    setImmediate(step);
  };
  step();
}

main();
