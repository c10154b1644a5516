/**
 * Store and sync benchmarks.
 * 1. Durable submission enqueue (validate + seal + insert + audit entry, one transaction,
 *    WAL + synchronous=FULL) against a raw better-sqlite3 insert of a row of the same size,
 *    one transaction per row, same pragmas.
 * 2. Drain of 10,000 queued submissions to the reference back office on loopback.
 */
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parseConfig } from '../config/load.js';
import { silentLogger } from '../main/base/log/logger.js';
import { openDataServices, type DataServices } from '../main/data/data-services.js';
import { round, type BenchReport } from './bench-kit.js';

const here = dirname(fileURLToPath(import.meta.url));
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** The reference back office in its own process, so that its memory and CPU are not the kiosk's. */
async function spawnBackoffice(dataDir: string): Promise<{ url: string; child: ChildProcess }> {
  const server = pathToFileURL(join(here, '..', 'backoffice', 'server.ts')).href;
  const code = `const { startBackoffice } = await import(${JSON.stringify(server)});
const bo = await startBackoffice({ dataDir: ${JSON.stringify(dataDir)} });
process.stdout.write(bo.url + '\\n');
process.on('SIGTERM', () => bo.close().then(() => process.exit(0)));`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(out.trim());
    });
    child.on('exit', (c) => reject(new Error(`back office exited (${c})`)));
  });
  return { url, child };
}

async function countApplications(url: string): Promise<number> {
  const r = (await (await fetch(`${url}admin/stats`)).json()) as { applications: number };
  return r.applications;
}

const N_ENQUEUE = 2000;
const N_DRAIN = 10_000;

function config(url: string) {
  const c = parseConfig(
    {
      backoffice: { url, timeoutMs: 10_000 },
      sync: { pollSeconds: 30, backoffBaseMs: 100, backoffMaxMs: 2000, batchSize: 200, parallel: 8, auditShipSeconds: 1 },
      audit: { retentionDays: 200, checkpointEvery: 1000, checkpointMinutes: 15 },
    },
    'bench',
  );
  if (!c.ok) throw new Error(c.error.message);
  return c.value;
}

function open(dir: string, url: string): DataServices {
  const r = openDataServices({ dataDir: dir, config: config(url), log: silentLogger() });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

function submission(i: number) {
  return {
    matterCode: 'hk-macau-endorsement',
    applicant: {
      idType: 'resident' as const,
      idNumber: '44060419900307271X',
      name: '欧阳明华',
      address: '广东省佛山市禅城区祖庙路18号',
      phone: '13800138000',
    },
    form: { purpose: 'tourism', copies: i % 3, remarks: '无' },
    submittedAt: new Date().toISOString(),
  };
}

function rawInsertRate(dir: string, rowBytes: number, n: number): number {
  const db = new Database(join(dir, 'raw.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, k TEXT UNIQUE, subject TEXT, payload BLOB, at INTEGER)`);
  const ins = db.prepare(`INSERT INTO t (k, subject, payload, at) VALUES (?, ?, ?, ?)`);
  const payload = Buffer.alloc(rowBytes, 7);
  const tx = db.transaction((i: number) => ins.run(`key-${i}-${Math.random()}`, 'f'.repeat(64), payload, Date.now()));
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) tx.immediate(i);
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  db.close();
  return n / s;
}

export async function bench(): Promise<BenchReport> {
  const root = mkdtempSync(join(tmpdir(), 'yimen-bench-store-'));
  const bo = await spawnBackoffice(join(root, 'bo'));
  try {
    // 1. Enqueue vs raw insert, interleaved rounds to share the machine's noise.
    const svc = open(join(root, 'kiosk'), bo.url);
    const sample = svc.outbox.submitApplication(submission(0));
    if (!sample.ok) throw new Error(sample.error.message);
    const rowBytes = (
      svc.store.db.prepare(`SELECT length(payload) AS n FROM outbox WHERE id = ?`).get(sample.value.id) as { n: number }
    ).n;
    const enqRates: number[] = [];
    const rawRates: number[] = [];
    for (let round_ = 0; round_ < 3; round_++) {
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < N_ENQUEUE / 3; i++) {
        const r = svc.outbox.submitApplication(submission(i));
        if (!r.ok) throw new Error(r.error.message);
      }
      enqRates.push(N_ENQUEUE / 3 / (Number(process.hrtime.bigint() - t0) / 1e9));
      const rawDir = mkdtempSync(join(root, 'raw-'));
      rawRates.push(rawInsertRate(rawDir, rowBytes, Math.floor(N_ENQUEUE / 3)));
    }
    await svc.close();
    const enq = enqRates.reduce((a, b) => a + b, 0) / enqRates.length;
    const raw = rawRates.reduce((a, b) => a + b, 0) / rawRates.length;

    // 2. Drain 10,000 queued submissions.
    const drainDir = join(root, 'drain');
    const d = open(drainDir, bo.url);
    d.store.transaction(() => {
      for (let i = 0; i < N_DRAIN; i++) {
        const r = d.outbox.submitApplication(submission(i));
        if (!r.ok) throw new Error(r.error.message);
      }
    });
    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    const rssBefore = process.memoryUsage().rss;
    let rssAtTenth = 0;
    let rssPeak = rssBefore;
    const t0 = process.hrtime.bigint();
    for (;;) {
      const r = await d.worker.drainOnce();
      const rss = process.memoryUsage().rss;
      rssPeak = Math.max(rssPeak, rss);
      if (rssAtTenth === 0 && d.worker.status().sent >= N_DRAIN / 10) rssAtTenth = rss;
      if (r.sent + r.retried + r.rejected === 0) break;
      if (r.retried > 0) throw new Error(`delivery failed: ${JSON.stringify(d.worker.status().lastError)}`);
    }
    const drainS = Number(process.hrtime.bigint() - t0) / 1e9;
    gc();
    const rssAfter = process.memoryUsage().rss;
    const heapAfter = process.memoryUsage().heapUsed;
    const status = d.worker.status();
    const delivered = await countApplications(bo.url);
    await d.close();
    if (status.queued !== 0 || status.sent !== N_DRAIN) throw new Error(`drain incomplete: ${JSON.stringify(status)}`);

    const ratio = enq / raw;
    return {
      name: 'store',
      description: `Durable enqueue (zod check + AES-GCM seal + insert + audit entry, WAL, synchronous=FULL, one transaction each; ${N_ENQUEUE} rows, payload ${rowBytes} B) vs raw better-sqlite3 insert of the same row size under the same pragmas; drain of ${N_DRAIN} queued submissions to the reference back office on loopback (batch 200, 8 in flight).`,
      rows: [
        { metric: 'durable enqueue', value: round(enq, 0), unit: 'submissions/s' },
        { metric: 'raw insert (same row size, synchronous=FULL)', value: round(raw, 0), unit: 'rows/s' },
        { metric: 'enqueue / raw', value: round(ratio * 100, 1), unit: '%', target: '≥ 80 %', met: ratio >= 0.8 },
        { metric: `drain ${N_DRAIN} submissions`, value: round(drainS, 2), unit: 's' },
        { metric: 'drain rate', value: round(N_DRAIN / drainS, 0), unit: 'submissions/s' },
        { metric: 'RSS before drain', value: round(rssBefore / 1048576, 1), unit: 'MiB' },
        { metric: 'RSS after 10 % of the drain', value: round(rssAtTenth / 1048576, 1), unit: 'MiB' },
        { metric: 'RSS peak during drain', value: round(rssPeak / 1048576, 1), unit: 'MiB' },
        {
          metric: 'RSS after drain',
          value: round(rssAfter / 1048576, 1),
          unit: 'MiB',
          target: 'flat after warm-up (≤ RSS at 10 % + 16 MiB)',
          met: rssAfter <= rssAtTenth + 16 * 1048576,
        },
        {
          metric: 'JS heap growth over the drain (after GC)',
          value: round((heapAfter - heapBefore) / 1048576, 2),
          unit: 'MiB',
          target: '≤ 8 MiB',
          met: heapAfter - heapBefore <= 8 * 1048576,
        },
        {
          metric: 'delivered exactly once',
          value: delivered,
          unit: 'applications',
          target: `${N_DRAIN}`,
          met: delivered === N_DRAIN,
        },
      ],
      raw: { enqRates, rawRates, rowBytes },
    };
  } finally {
    bo.child.kill('SIGTERM');
    rmSync(root, { recursive: true, force: true });
  }
}
