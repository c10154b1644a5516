/**
 * Debian's Prometheus against the reference back office: started on loopback with a temporary
 * storage dir, scraping `/metrics` every second and evaluating packaging/prometheus/alerts.yml
 * (the same expressions, `for:` set to 0s so the test need not wait minutes). Emulated terminals
 * send heartbeats; the test polls Prometheus's HTTP API until every terminal's series and the
 * paper-out and door-left-open alerts appear.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { startBackoffice, type RunningBackoffice } from '../../../backoffice/server.js';
import { sendHeartbeat } from '../backoffice/emulated-terminals.js';

const TERMINALS = ['hall-a-01', 'hall-a-02', 'hall-b-01'];

let bo: RunningBackoffice;
let prom: ChildProcess | null = null;
let promUrl = '';
let promLog = '';
let exited: number | null = null;
let tmp = '';

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((ok) => srv.listen(0, '127.0.0.1', ok));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((ok) => srv.close(() => ok()));
  return port;
}

/** Calls `probe` until it returns a value (not undefined) or the deadline passes; fails with the last state seen. */
async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, deadlineMs = 60_000): Promise<T> {
  const end = Date.now() + deadlineMs;
  let last: unknown = null;
  for (;;) {
    if (exited !== null) throw new Error(`prometheus exited (${exited}) while waiting for ${what}:\n${promLog}`);
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end)
      throw new Error(`no ${what} within ${deadlineMs} ms (last error: ${String(last)})\n${promLog.slice(-2000)}`);
    await delay(200);
  }
}

interface VectorSample {
  metric: Record<string, string>;
  value: [number, string];
}
interface PromAlert {
  labels: Record<string, string>;
  state: string;
}

async function api<T>(path: string): Promise<T> {
  const res = await fetch(`${promUrl}${path}`);
  const body = (await res.json()) as { status: string; data: T };
  if (body.status !== 'success') throw new Error(`${path}: ${JSON.stringify(body)}`);
  return body.data;
}

beforeAll(async () => {
  bo = await startBackoffice({ dataDir: null });
  await sendHeartbeat(bo.url, { id: 'hall-a-01', outboxDepth: 2, appliedConfigVersion: 3 });
  await sendHeartbeat(bo.url, { id: 'hall-a-02', receipt: 'paper-out', appliedConfigVersion: 3 });
  await sendHeartbeat(bo.url, { id: 'hall-b-01', locker: 'door-left-open:2/5', appliedConfigVersion: 3 });

  tmp = mkdtempSync(join(tmpdir(), 'yimen-prometheus-'));
  const rules = parse(readFileSync(resolve('packaging/prometheus/alerts.yml'), 'utf8')) as {
    groups: { rules: { for?: string }[] }[];
  };
  for (const g of rules.groups) for (const r of g.rules) r.for = '0s';
  writeFileSync(join(tmp, 'alerts.yml'), stringify(rules));
  const target = new URL(bo.url).host;
  writeFileSync(
    join(tmp, 'prometheus.yml'),
    stringify({
      global: { scrape_interval: '1s', evaluation_interval: '1s' },
      rule_files: [join(tmp, 'alerts.yml')],
      scrape_configs: [{ job_name: 'yimen-backoffice', static_configs: [{ targets: [target] }] }],
    }),
  );
  const port = await freePort();
  promUrl = `http://127.0.0.1:${port}`;
  prom = spawn(
    'prometheus',
    [
      `--config.file=${join(tmp, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(tmp, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  prom.stdout?.on('data', (b: Buffer) => (promLog += b.toString()));
  prom.stderr?.on('data', (b: Buffer) => (promLog += b.toString()));
  prom.on('error', (e) => (promLog += `spawn failed: ${e.message} (bash tools/debian-deps.sh installs prometheus)\n`));
  prom.on('exit', (code, signal) => (exited = code ?? (signal ? -1 : 0)));
  await waitFor('prometheus ready', async () => ((await fetch(`${promUrl}/-/ready`)).ok ? true : undefined));
});

afterAll(async () => {
  const p = prom;
  if (p && p.exitCode === null && p.signalCode === null) {
    const gone = new Promise<void>((ok) => p.once('exit', () => ok()));
    p.kill('SIGTERM');
    const timer = setTimeout(() => p.kill('SIGKILL'), 10_000);
    await gone;
    clearTimeout(timer);
  }
  await bo?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('Prometheus scraping the reference back office', () => {
  it('sees every terminal and fires the paper-out and door-left-open alerts', async () => {
    const up = await waitFor('a yimen_terminal_up series for every terminal', async () => {
      const r = await api<{ result: VectorSample[] }>(`/api/v1/query?query=${encodeURIComponent('yimen_terminal_up')}`);
      return r.result.length === TERMINALS.length ? r.result : undefined;
    });
    expect(up.map((s) => [s.metric.terminal, s.metric.job, s.value[1]]).sort()).toEqual(
      TERMINALS.map((t) => [t, 'yimen-backoffice', '1']),
    );
    const depth = await api<{ result: VectorSample[] }>(
      `/api/v1/query?query=${encodeURIComponent('yimen_terminal_outbox_depth{terminal="hall-a-01"}')}`,
    );
    expect(depth.result.map((s) => s.value[1])).toEqual(['2']);

    const alerts = await waitFor('firing paper-out and door-left-open alerts', async () => {
      const r = await api<{ alerts: PromAlert[] }>('/api/v1/alerts');
      const firing = r.alerts.filter((a) => a.state === 'firing');
      const names = new Set(firing.map((a) => a.labels.alertname));
      return names.has('YimenPaperOut') && names.has('YimenDoorLeftOpen') ? firing : undefined;
    });
    const by = (name: string): string[] =>
      alerts
        .filter((a) => a.labels.alertname === name)
        .map((a) => [a.labels.terminal, a.labels.printer].filter(Boolean).join('/'))
        .sort();
    expect(by('YimenPaperOut')).toEqual(['hall-a-02/receipt']);
    expect(by('YimenDoorLeftOpen')).toEqual(['hall-b-01']);
    expect(by('YimenTerminalSilent')).toEqual([]);
    expect(alerts.find((a) => a.labels.alertname === 'YimenPaperOut')?.labels.severity).toBe('page');
  });
});
