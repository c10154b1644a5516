import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testConfig } from '../../../../helpers/core.js';
import { ok } from '../../../../../common/result.js';
import {
  RESTART_EXIT_CODE,
  Supervisor,
  type SupervisorTimers,
  type UiPong,
} from '../../../../../main/features/supervision/supervisor.js';
import { LEDGER_FILE, parseLedger } from '../../../../../main/features/supervision/restart-ledger.js';
import { descendants, parsePpid, parseVmRss, treeRssBytes } from '../../../../../main/features/supervision/resource-monitor.js';

/** Timers on a simulated clock: `advance` runs what falls due, in order. */
class FakeTimers implements SupervisorTimers {
  t = Date.parse('2027-01-15T12:00:00+08:00');
  private seq = 0;
  private readonly jobs = new Map<number, { at: number; fn: () => void; every: number | null }>();
  now = (): number => this.t;
  setInterval = (fn: () => void, ms: number): number => this.add(fn, ms, ms);
  setTimeout = (fn: () => void, ms: number): number => this.add(fn, ms, null);
  clearInterval = (id: unknown): void => void this.jobs.delete(id as number);
  clearTimeout = (id: unknown): void => void this.jobs.delete(id as number);
  private add(fn: () => void, ms: number, every: number | null): number {
    this.jobs.set(++this.seq, { at: this.t + ms, fn, every });
    return this.seq;
  }
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      const next = [...this.jobs.entries()].filter(([, j]) => j.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!next) break;
      const [id, job] = next;
      this.t = job.at;
      if (job.every === null) this.jobs.delete(id);
      else job.at += job.every;
      job.fn();
    }
    this.t = end;
  }
}

function rig(over: Record<string, unknown> = {}, dataDir = mkdtempSync(join(tmpdir(), 'yimen-sup-'))) {
  const timers = new FakeTimers();
  const pings: string[] = [];
  let pong: ((p: UiPong) => void) | null = null;
  const state = { phase: 'attract', mode: 'closed', connected: true, answer: true };
  const events: string[] = [];
  const audit: { type: string; detail?: Record<string, unknown> }[] = [];
  const stored: string[] = [];
  const core = {
    emit: (_e: 'ui.ping', p: { nonce: string }) => {
      pings.push(p.nonce);
      if (state.answer) pong?.({ nonce: p.nonce, rendered: true });
    },
    onUiPong: (l: (p: UiPong) => void) => {
      pong = l;
      return () => (pong = null);
    },
    session: { view: () => ({ phase: state.phase }) },
    maintenance: { view: () => ({ mode: state.mode }) },
  };
  const config = testConfig({ supervision: { ...over } }).supervision;
  const log = { info: () => undefined, warn: () => undefined, error: () => undefined };
  const commands: string[][] = [];
  const sup = new Supervisor({
    core,
    config,
    dataDir,
    timers,
    log,
    utcOffsetMin: () => 480,
    host: {
      reloadUi: (r) => events.push(`reload:${r}`),
      uiConnected: () => state.connected,
      exit: (code, r) => events.push(`exit ${code}:${r}`),
    },
    audit: () => ({ append: (a) => audit.push(a) }),
    resourceSink: () => ({ record: (e) => (stored.push(e.detail ?? ''), stored.length) }),
    runCommand: (argv) => {
      commands.push([...argv]);
      return Promise.resolve(ok(undefined));
    },
  });
  return { sup, timers, pings, state, events, audit, stored, dataDir, commands };
}

const flush = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('Supervisor', () => {
  it('pings an answering UI and never recovers it', async () => {
    const r = rig();
    r.sup.start();
    for (let i = 0; i < 120; i++) {
      r.timers.advance(1000);
      await flush();
    }
    expect(r.pings.length).toBeGreaterThanOrEqual(5);
    expect(r.sup.snapshot()).toMatchObject({ failures: 0, reloads: 0 });
    expect(r.events).toEqual([]);
    expect(r.stored).toHaveLength(1);
    expect(r.sup.latestResources()?.rssBytes).toBeGreaterThan(0);
    r.sup.stop();
  });

  it('a frozen UI is reloaded with back-off, then the app restarts; the ledger survives into the next process', async () => {
    const r = rig();
    r.state.answer = false;
    r.sup.start();
    for (let i = 0; i < 600 && !r.events.some((e) => e.startsWith('exit')); i++) {
      r.timers.advance(1000);
      await flush();
    }
    expect(r.events.filter((e) => e.startsWith('reload'))).toEqual([
      'reload:ui-unresponsive',
      'reload:ui-unresponsive',
      'reload:ui-unresponsive',
    ]);
    expect(r.events.at(-1)).toBe(`exit ${RESTART_EXIT_CODE}:ui-unresponsive`);
    expect(r.audit.map((a) => a.detail?.action)).toEqual(['reload', 'reload', 'reload', 'restart']);
    const ledger = parseLedger(readFileSync(join(r.dataDir, LEDGER_FILE), 'utf8')).state;
    expect(ledger.restarts).toEqual([r.timers.now()]);

    // The next process, minutes later, with the same data dir: restarting again is too soon.
    const next = rig({}, r.dataDir);
    next.timers.t = r.timers.t + 60_000;
    next.state.answer = false;
    next.sup.start();
    for (let i = 0; i < 480; i++) {
      next.timers.advance(1000);
      await flush();
    }
    expect(next.events.some((e) => e.startsWith('exit'))).toBe(false);
    expect(next.sup.snapshot().lastDecision).toMatchObject({ action: 'reload', reason: 'restart-too-soon' });
    next.sup.stop();
  });

  it('requests the configured OS reboot after too many restarts', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'yimen-sup-'));
    const t = Date.parse('2027-01-15T12:00:00+08:00');
    writeFileSync(join(dataDir, LEDGER_FILE), JSON.stringify({ restarts: [t - 50 * 60_000, t - 35 * 60_000, t - 20 * 60_000] }));
    const r = rig({ rebootCommand: ['systemctl', 'reboot'], maxReloads: 0 }, dataDir);
    r.sup.start();
    expect(r.sup.uiFailed('renderer-gone')?.action).toBe('reboot');
    await flush();
    expect(r.commands).toEqual([['systemctl', 'reboot']]);
    expect(r.audit.map((a) => a.type)).toContain('supervision-reboot');
    expect(r.events).toEqual([`exit ${RESTART_EXIT_CODE}:reboot`]);
  });

  it('restarts daily inside the quiet window, only between sessions, once', async () => {
    const r = rig();
    r.timers.t = Date.parse('2027-01-15T03:00:00+08:00');
    const sup2 = r.sup;
    sup2.start();
    r.state.phase = 'serving';
    r.timers.advance(40 * 60_000); // 03:40, a citizen is being served
    await flush();
    expect(r.events).toEqual([]);
    r.state.phase = 'attract';
    r.timers.advance(1000);
    expect(r.events).toEqual([`exit ${RESTART_EXIT_CODE}:daily-restart`]);
    expect(parseLedger(readFileSync(join(r.dataDir, LEDGER_FILE), 'utf8')).state.lastDailyDay).toBe('2027-01-15');
  });

  it('treats a damaged ledger as empty', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'yimen-sup-'));
    writeFileSync(join(dataDir, LEDGER_FILE), '{not json');
    const r = rig({}, dataDir);
    expect(r.sup.ledger.problem).toBe('not JSON');
    expect(r.sup.ledger.get()).toEqual({ restarts: [], lastDailyDay: null });
  });
});

describe('resource monitor /proc parsing', () => {
  it('reads VmRSS and the parent pid, even with a ")" in the process name', () => {
    expect(parseVmRss('Name:\tx\nVmRSS:\t  2048 kB\n')).toBe(2048 * 1024);
    expect(parseVmRss('Name:\tx\n')).toBeNull();
    expect(parsePpid('123 (chrom) ium) S 45 123 123 0')).toBe(45);
  });

  it('walks a process tree', () => {
    const parents = new Map([
      [2, 1],
      [3, 2],
      [4, 2],
      [5, 9],
    ]);
    expect(descendants(2, parents).sort()).toEqual([2, 3, 4]);
  });

  it('sums the RSS of this process tree from the real /proc', () => {
    const rss = treeRssBytes(process.pid);
    expect(rss).toBeGreaterThan(0);
    expect(treeRssBytes(2 ** 30)).toBeNull();
  });
});
