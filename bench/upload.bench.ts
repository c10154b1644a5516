/**
 * Attachment upload throughput on loopback (docs/materials.md, "Delivery"): a queued application
 * with one 8 MiB PDF delivered by the outbox worker (declare, PUT in `attachments.chunkKiB`
 * chunks, each read and unsealed from its own segment while the one before is on the wire, then
 * the submission) against raw HTTP PUTs of the same bytes to
 * the same back office with plain fetch (declare, then the same 1 MiB chunks — the target's
 * comparison: what the kiosk's store, decryption and bookkeeping cost —, or the whole file in one
 * PUT), and against one PUT to a sink that discards the bytes (the loopback's ceiling, for scale).
 * The back office runs in its own process, as on a real network. Rounds alternate so all sides
 * share the machine's noise; medians are reported.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../config/load.js';
import { silentLogger } from '../main/base/log/logger.js';
import { openDataServices, type DataServices } from '../main/data/data-services.js';
import { startBackofficeProcess } from './backoffice-process.js';
import { median, round, type BenchReport } from './bench-kit.js';

const FILE_BYTES = 8 * 1024 * 1024;
const ROUNDS = 7;
const MB = 1024 * 1024;

function open(dir: string, url: string, chunkKiB: number): DataServices {
  const c = parseConfig(
    {
      terminal: { id: 'bench-upload', hallId: 'h', hallName: 'h' },
      backoffice: { url, timeoutMs: 30_000 },
      sync: { pollSeconds: 30, backoffBaseMs: 100, backoffMaxMs: 2000, batchSize: 10, parallel: 1, auditShipSeconds: 3600 },
      attachments: { maxStoreMB: 256, maxFileMB: 20, chunkKiB },
    },
    'bench',
  );
  if (!c.ok) throw new Error(c.error.message);
  const r = openDataServices({ dataDir: dir, config: c.value, log: silentLogger() });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

function pdf(): Buffer {
  return Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(FILE_BYTES - 9)]);
}

/** Raw: declare, then PUTs of `chunk` bytes each; seconds from the declaration to the last answer. */
async function rawPut(url: string, bytes: Buffer, chunk: number): Promise<number> {
  const id = `raw-${randomUUID()}`;
  const t0 = process.hrtime.bigint();
  const declared = await fetch(new URL('v1/attachments', url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': id },
    body: JSON.stringify({
      terminalId: 'bench-raw',
      applicationNo: 'RAW-0001',
      materialId: 'm',
      mediaType: 'application/pdf',
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    }),
  });
  await declared.arrayBuffer();
  for (let at = 0; at < bytes.length; at += chunk) {
    const end = Math.min(bytes.length, at + chunk);
    const put = await fetch(new URL(`v1/attachments/${id}`, url), {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream', 'content-range': `bytes ${at}-${end - 1}/${bytes.length}` },
      body: bytes.subarray(at, end) as Uint8Array<ArrayBuffer>,
    });
    await put.arrayBuffer();
    if (put.status !== 200) throw new Error(`raw PUT: HTTP ${put.status}`);
  }
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

/** A server that reads and discards every body (the loopback's ceiling). */
async function startSink(): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    req.on('data', () => undefined);
    req.on('end', () => res.end('{}'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function sinkPut(url: string, bytes: Buffer): Promise<number> {
  const t0 = process.hrtime.bigint();
  const res = await fetch(url, { method: 'PUT', body: bytes as Uint8Array<ArrayBuffer> });
  await res.arrayBuffer();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

/** The kiosk: the application is queued (not timed), then the worker delivers it; seconds of the delivery. */
async function kioskUpload(svc: DataServices, bytes: Buffer, n: number): Promise<{ enqueue: number; upload: number }> {
  const no = `UP-${n}-${randomUUID().slice(0, 8)}`;
  const t0 = process.hrtime.bigint();
  const r = svc.outbox.submitApplication(
    {
      matterCode: 'bench',
      applicant: { idType: 'resident', idNumber: '44060419900307271X', name: '测试' },
      form: {},
      materials: [{ kind: 'contract', description: 'scan' }],
      submittedAt: new Date().toISOString(),
      receipt: { applicationNo: no, tokenSha256: 'c'.repeat(64) },
    },
    { attachments: [{ materialId: 'contract', pdf: bytes }] },
  );
  if (!r.ok) throw new Error(r.error.message);
  const t1 = process.hrtime.bigint();
  const d = await svc.worker.drainOnce();
  const t2 = process.hrtime.bigint();
  if (d.sent !== 1) throw new Error(`kiosk upload: ${JSON.stringify(svc.worker.status().lastError)}`);
  return { enqueue: Number(t1 - t0) / 1e9, upload: Number(t2 - t1) / 1e9 };
}

export async function bench(): Promise<BenchReport> {
  const dir = mkdtempSync(join(tmpdir(), 'yimen-bench-upload-'));
  const bo = await startBackofficeProcess();
  const sink = await startSink();
  try {
    const bytes = pdf();
    // The default first; the others to choose it by.
    const chunkSizes = [1024, 256, 512, 2048];
    const kiosk = new Map<number, number[]>(chunkSizes.map((c) => [c, []]));
    const enqueue: number[] = [];
    const raw: number[] = [];
    const rawOne: number[] = [];
    const sunk: number[] = [];
    const services = new Map(chunkSizes.map((c) => [c, open(join(dir, `kiosk-${c}`), bo.url, c)]));
    // One warm-up of each (connections, JIT), not counted.
    await rawPut(bo.url, bytes, MB);
    await sinkPut(sink.url, bytes);
    for (const [c, svc] of services) await kioskUpload(svc, bytes, -c);
    for (let i = 0; i < ROUNDS; i++) {
      raw.push(await rawPut(bo.url, bytes, MB));
      rawOne.push(await rawPut(bo.url, bytes, bytes.length));
      sunk.push(await sinkPut(sink.url, bytes));
      for (const [c, svc] of services) {
        const t = await kioskUpload(svc, bytes, i);
        kiosk.get(c)?.push(t.upload);
        if (c === 1024) enqueue.push(t.enqueue);
      }
    }
    for (const svc of services.values()) await svc.close();
    const rate = (s: number): number => FILE_BYTES / MB / s;
    const rawRate = rate(median(raw));
    const k1024 = rate(median(kiosk.get(1024) ?? []));
    // Per round (raw and kiosk back to back, under the same load), then the median: steadier than a ratio of medians.
    const perRound = (c: number): number => median((kiosk.get(c) ?? []).map((k, i) => (100 * (raw[i] ?? Number.NaN)) / k));
    const r1024 = perRound(1024);
    return {
      name: 'upload',
      description: `An application with one ${FILE_BYTES / MB} MiB PDF delivered by the outbox worker (declared, PUT in chunks each opened from its sealed segment while the previous one is on the wire, then the submission) vs raw fetch PUTs of the same bytes to the same back office (own process, in-memory SQLite; declare, then 1 MiB chunks, or one PUT) and one PUT to a discarding sink, on loopback; medians of ${ROUNDS} alternating rounds after a warm-up; the target is the median of the per-round kiosk/raw ratios.`,
      rows: [
        { metric: 'raw HTTP PUT, 1 MiB chunks (declare + 8 PUTs)', value: round(rawRate, 1), unit: 'MiB/s' },
        { metric: 'raw HTTP PUT, whole file (declare + one PUT)', value: round(rate(median(rawOne)), 1), unit: 'MiB/s' },
        { metric: 'raw HTTP PUT to a discarding sink (loopback ceiling)', value: round(rate(median(sunk)), 1), unit: 'MiB/s' },
        { metric: 'kiosk upload, 1024 KiB chunks (default)', value: round(k1024, 1), unit: 'MiB/s' },
        {
          metric: 'kiosk / raw (same chunks), 1024 KiB chunks, median of per-round ratios',
          value: round(r1024, 1),
          unit: '%',
          target: '≥ 80 %',
          met: r1024 >= 80,
        },
        {
          metric: 'kiosk / raw (same chunks), 1024 KiB chunks, ratio of medians',
          value: round((100 * k1024) / rawRate, 1),
          unit: '%',
        },
        ...chunkSizes.slice(1).flatMap((c) => [
          { metric: `kiosk upload, ${c} KiB chunks`, value: round(rate(median(kiosk.get(c) ?? [])), 1), unit: 'MiB/s' },
          {
            metric: `kiosk / raw (1 MiB raw chunks), ${c} KiB chunks, median of per-round ratios`,
            value: round(perRound(c), 1),
            unit: '%',
          },
        ]),
        {
          metric: `enqueue with the attachment (seal + one fsync'd transaction), ${FILE_BYTES / MB} MiB`,
          value: round(median(enqueue) * 1000, 0),
          unit: 'ms',
        },
      ],
      raw: {
        rawSeconds: raw,
        rawOnePutSeconds: rawOne,
        sinkSeconds: sunk,
        kioskSeconds: Object.fromEntries(kiosk),
        enqueueSeconds: enqueue,
      },
    };
  } finally {
    await sink.close();
    await bo.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
