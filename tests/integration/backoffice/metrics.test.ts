/**
 * `GET /metrics` after heartbeats from emulated terminals: the exposition parses with
 * Prometheus's own parser (`promtool check metrics`, stdin), carries one series set per terminal
 * with the values the heartbeats reported, and belongs to its server alone.
 */
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { startBackoffice, type RunningBackoffice } from '../../../backoffice/server.js';
import { sendHeartbeat } from './emulated-terminals.js';

const open: RunningBackoffice[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((b) => b.close()));
});

async function start(now?: () => number): Promise<RunningBackoffice> {
  const bo = await startBackoffice({ dataDir: null, ...(now ? { now } : {}) });
  open.push(bo);
  return bo;
}

/** `name{labels}` → value, from the text format (comments skipped). */
function samples(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    out.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return out;
}

async function scrape(bo: RunningBackoffice): Promise<{ type: string | null; text: string }> {
  const res = await fetch(`${bo.url}metrics`);
  expect(res.status).toBe(200);
  return { type: res.headers.get('content-type'), text: await res.text() };
}

describe('back office /metrics', () => {
  it('exposes every terminal from its heartbeats in a format Prometheus parses', async () => {
    const bo = await start();
    await sendHeartbeat(bo.url, { id: 't-1', outboxDepth: 3, appliedConfigVersion: 7 });
    await sendHeartbeat(bo.url, { id: 't-2', receipt: 'paper-out', a4: 'paper-near-end' });
    await sendHeartbeat(bo.url, { id: 't-3', locker: 'door-left-open:1/3', appliedConfigVersion: 7 });
    await sendHeartbeat(bo.url, { id: 't-1', outboxDepth: 5, appliedConfigVersion: 7 });
    const set = await fetch(`${bo.url}admin/terminals/t-1/desired-config`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ version: '8' }),
    });
    expect(set.status).toBe(200);

    const { type, text } = await scrape(bo);
    expect(type).toMatch(/^text\/plain; version=0\.0\.4/);
    const check = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    expect({ status: check.status, out: check.stdout + check.stderr }).toEqual({ status: 0, out: '' });

    const s = samples(text);
    for (const t of ['t-1', 't-2', 't-3']) {
      expect(s.get(`yimen_terminal_up{terminal="${t}"}`)).toBe(1);
      expect(s.get(`yimen_terminal_last_heartbeat_age_seconds{terminal="${t}"}`)).toBeLessThan(60);
      expect(s.get(`yimen_terminal_state{terminal="${t}",state="in-service"}`)).toBe(1);
      expect(s.get(`yimen_terminal_memory_rss_bytes{terminal="${t}"}`)).toBeGreaterThan(0);
      expect(s.get(`yimen_terminal_uptime_seconds{terminal="${t}"}`)).toBeGreaterThanOrEqual(0);
    }
    expect(s.get('yimen_terminal_outbox_depth{terminal="t-1"}')).toBe(5);
    expect(s.get('yimen_terminal_config_applied_version{terminal="t-1"}')).toBe(7);
    expect(s.get('yimen_terminal_config_desired_version{terminal="t-1"}')).toBe(8);
    expect(s.get('yimen_terminal_config_pending{terminal="t-1"}')).toBe(1);
    expect(s.get('yimen_terminal_config_pending{terminal="t-3"}')).toBe(0);
    expect(s.get('yimen_terminal_info{terminal="t-1",version="0.1.0",applied_config="7",desired_config="8"}')).toBe(1);
    expect(s.get('yimen_terminal_paper_state{terminal="t-2",printer="receipt",state="out"}')).toBe(1);
    expect(s.get('yimen_terminal_paper_state{terminal="t-2",printer="a4",state="near-end"}')).toBe(1);
    expect(s.get('yimen_terminal_paper_state{terminal="t-1",printer="receipt",state="out"}')).toBe(0);
    expect(s.get('yimen_terminal_doors_left_open{terminal="t-3"}')).toBe(1);
    expect(s.get('yimen_terminal_doors_left_open{terminal="t-1"}')).toBe(0);
    expect(s.get('yimen_terminal_device_state{terminal="t-2",device="receipt-1",kind="receipt-printer",state="degraded"}')).toBe(
      1,
    );
    expect(s.get('yimen_terminal_device_state{terminal="t-2",device="idcard-1",kind="idcard",state="ok"}')).toBe(1);
  });

  it('reports a silent terminal as down with its heartbeat age, and keeps series per server', async () => {
    let clock = Date.parse('2026-01-01T00:00:00Z');
    const bo = await start(() => clock);
    const other = await start();
    await sendHeartbeat(bo.url, { id: 't-quiet' });
    clock += 11 * 60_000;
    const s = samples((await scrape(bo)).text);
    expect(s.get('yimen_terminal_up{terminal="t-quiet"}')).toBe(0);
    expect(s.get('yimen_terminal_last_heartbeat_age_seconds{terminal="t-quiet"}')).toBe(660);
    expect(s.get('yimen_terminal_last_heartbeat_timestamp_seconds{terminal="t-quiet"}')).toBe(
      Date.parse('2026-01-01T00:00:00Z') / 1000,
    );
    // A second back office in the same process has its own registry: no series of the first.
    expect((await scrape(other)).text).not.toContain('t-quiet');
  });
});
