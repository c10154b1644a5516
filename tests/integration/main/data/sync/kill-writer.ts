/**
 * Child process of the SIGKILL test: opens the store in `dataDir`, runs the delivery worker
 * against the back office at `url`, and enqueues submissions as fast as it can, printing
 * `ACK <key>` after each commit returns. Every other submission carries two PDFs (attachments,
 * uploaded in 16 KiB chunks); each attachment request prints `UP <method> <n>` before it leaves
 * and `UPOK <n>` when its answer is read, so the parent can kill at any upload step. The parent
 * kills it at a random moment.
 */
import { randomBytes } from 'node:crypto';
import { writeSync } from 'node:fs';
import { parseConfig } from '../../../../../config/load.js';
import { silentLogger } from '../../../../../main/base/log/logger.js';
import { openDataServices } from '../../../../../main/data/data-services.js';

/** A PDF-looking file of `n` bytes (the header, then random bytes). */
function pdf(n: number): Buffer {
  return Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(n - 9)]);
}

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
      // A small room for attachments: the backlog (and the file the next start checks) stays small.
      attachments: { maxStoreMB: 2, maxFileMB: 1, chunkKiB: 16 },
    },
    'kill-writer',
  );
  if (!cfg.ok) throw new Error(cfg.error.message);
  let n = 0;
  const traced: typeof fetch = async (input, init) => {
    const u = String(input instanceof Request ? input.url : input);
    if (!u.includes('/v1/attachments')) return fetch(input, init);
    const i = n++;
    writeSync(1, `UP ${init?.method ?? 'GET'} ${i}\n`);
    const res = await fetch(input, init);
    const body = await res.arrayBuffer();
    writeSync(1, `UPOK ${i}\n`);
    return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
  };
  const opened = openDataServices({ dataDir, config: cfg.value, log: silentLogger(), fetch: traced });
  if (!opened.ok) {
    writeSync(1, `ERR ${opened.error.code} ${opened.error.message}\n`);
    process.exit(3);
  }
  const svc = opened.value;
  svc.worker.start();
  writeSync(1, 'READY\n');
  let seq = 0;
  const step = (): void => {
    const i = seq++;
    const no = `K${lane}-${process.pid}-${i}`;
    const withFiles = i % 2 === 0;
    const r = svc.outbox.submitApplication(
      {
        matterCode: 'kill-test',
        applicant: { idType: 'resident', idNumber: '44060419900307271X', name: '测试', address: '佛山' },
        form: { n: i, lane },
        materials: [
          { kind: 'contract', description: 'scan' },
          { kind: 'letter', description: 'scan' },
        ],
        submittedAt: new Date().toISOString(),
        receipt: { applicationNo: no, tokenSha256: 'b'.repeat(64) },
      },
      withFiles
        ? {
            attachments: [
              { materialId: 'contract', pdf: pdf(17_000 + Math.floor(Math.random() * 33_000)) },
              { materialId: 'letter', pdf: pdf(2_000 + Math.floor(Math.random() * 18_000)) },
            ],
          }
        : {},
    );
    if (!r.ok && r.error.code === 'attachments-full') {
      // The store's room for attachments is used up while the back office catches up: wait.
      writeSync(1, 'FULL\n');
      setTimeout(step, 50);
      return;
    }
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
