/**
 * Delivery to the reference back office under faults: down, slow (answers after the client's
 * timeout), 500s (before and after the work), truncated JSON, dropped connections. Whatever
 * happens: nothing lost, nothing duplicated, a clear status.
 */
import diagnostics from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startBackoffice, type RunningBackoffice } from '../../../../../backoffice/server.js';
import type { DataServices } from '../../../../../main/data/data-services.js';
import { application, openServices, PERSON, tempDir, testConfig } from '../store/fixtures.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(
  opts: { timeoutMs?: number; port?: number } = {},
): Promise<{ bo: RunningBackoffice; svc: DataServices; clock: { t: number } }> {
  const bo = await startBackoffice({ dataDir: null, ...(opts.port !== undefined ? { port: opts.port } : {}) });
  cleanups.push(() => bo.close());
  const t = tempDir();
  cleanups.push(t.cleanup);
  const clock = { t: Date.now() };
  const config = testConfig({ backoffice: { url: bo.url, timeoutMs: opts.timeoutMs ?? 2000 } });
  const svc = openServices(t.dir, config, () => clock.t);
  cleanups.push(() => svc.close());
  return { bo, svc, clock };
}

/** Rounds of delivery with the clock pushed past every back-off, until nothing waits. */
async function settle(svc: DataServices, clock: { t: number }, rounds = 200): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    const s = svc.worker.status();
    if (s.queued === 0 && s.auditPending === 0) return;
    clock.t += 10 * 60_000;
    await svc.worker.drainOnce({ forceAudit: true });
  }
  throw new Error(`still queued after ${rounds} rounds: ${JSON.stringify(svc.worker.status())}`);
}

function backofficeApplications(bo: RunningBackoffice): { n: number; keys: number } {
  return bo.db
    .prepare(`SELECT COUNT(*) AS n, COUNT(DISTINCT idem_key) AS keys FROM applications WHERE terminal_id != 'window'`)
    .get() as {
    n: number;
    keys: number;
  };
}

function enqueueMany(svc: DataServices, n: number): string[] {
  const keys: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = svc.outbox.submitApplication(application(i));
    if (!r.ok) throw new Error(r.error.message);
    keys.push(r.value.key);
  }
  return keys;
}

/**
 * A TCP gate on a port of its own: `down` (the start) resets each connection as soon as it is
 * accepted, like a back office that is not running; `up(port)` relays later connections to it.
 */
async function startGate(): Promise<{ url: string; up(port: number): void; close(): Promise<void> }> {
  let target: number | null = null;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    if (target === null) {
      client.resetAndDestroy();
      return;
    }
    const upstream = connect(target, '127.0.0.1');
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    up: (p) => {
      target = p;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('outbox delivery', () => {
  it('delivers every kind exactly once and ships the audit chain', async () => {
    const { bo, svc, clock } = await setup();
    const keys = enqueueMany(svc, 10);
    expect(svc.outbox.rating({ level: 5, matterCode: 'x', ratedAt: new Date().toISOString() }).ok).toBe(true);
    expect(
      svc.outbox.report({
        gridId: 'g-1',
        category: 'lighting',
        text: '路灯坏了',
        phone: PERSON.phone,
        reportedAt: new Date().toISOString(),
      }).ok,
    ).toBe(true);
    expect(
      svc.outbox.deposit({
        depositor: PERSON,
        lockerId: 'L1',
        cell: '03',
        description: '户口本复印件',
        depositedAt: new Date().toISOString(),
      }).ok,
    ).toBe(true);
    expect(
      svc.outbox.urgent({
        kind: 'locker-forced',
        severity: 'critical',
        message: 'cell 3 door open',
        at: new Date().toISOString(),
      }).ok,
    ).toBe(true);
    await settle(svc, clock);
    expect(backofficeApplications(bo)).toEqual({ n: 10, keys: 10 });
    const counts = (await (await fetch(`${bo.url}admin/stats`)).json()) as Record<string, number>;
    expect(counts).toMatchObject({ ratings: 1, reports: 1, deposits: 1, urgentEvents: 1 });
    const status = svc.worker.status();
    expect(status).toMatchObject({ online: true, queued: 0, rejected: 0, sent: 14, lastError: null, auditPending: 0 });
    for (const k of keys) expect(svc.outbox.state(k)?.remoteRef).toMatch(/^A\d+$/);
    const audit = bo.db.prepare(`SELECT COUNT(*) AS n FROM audit_entries`).get() as { n: number };
    expect(audit.n).toBe(svc.audit.head().seq);
  });

  it('queues while the back office is down, says so, and delivers once it is back', async () => {
    // The kiosk's back-office address stays bound by this test the whole time (no free port that
    // another process could take between a close and a rebind): while the back office is down the
    // gate resets every connection it accepts; once it is up, it relays them to the back office.
    const gate = await startGate();
    cleanups.push(() => gate.close());
    const t = tempDir();
    cleanups.push(t.cleanup);
    const clock = { t: Date.now() };
    const svc = openServices(t.dir, testConfig({ backoffice: { url: gate.url, timeoutMs: 1000 } }), () => clock.t);
    cleanups.push(() => svc.close());
    const keys = enqueueMany(svc, 5);
    await svc.worker.drainOnce();
    let s = svc.worker.status();
    expect(s).toMatchObject({ online: false, queued: 5, sent: 0 });
    expect(s.lastError?.code).toBe('bo-unreachable');
    const r = svc.outbox.submitApplication(application(99));
    expect(r.ok && r.value).toMatchObject({ state: 'queued', backofficeOnline: false });
    // Back-off: nothing is attempted before the pause is over.
    const before = s.lastAttemptAt;
    await svc.worker.drainOnce();
    expect(svc.worker.status().lastAttemptAt).toBe(before);

    const bo = await startBackoffice({ dataDir: null });
    cleanups.push(() => bo.close());
    gate.up(bo.port);
    await settle(svc, clock);
    s = svc.worker.status();
    expect(s).toMatchObject({ online: true, queued: 0, sent: 6 });
    expect(backofficeApplications(bo)).toEqual({ n: 6, keys: 6 });
    for (const k of keys) expect(svc.outbox.state(k)?.state).toBe('sent');
  });

  it('a slow back office (answers after the timeout) creates no duplicates', async () => {
    const { bo, svc, clock } = await setup({ timeoutMs: 150 });
    enqueueMany(svc, 6);
    // The first fetch of a process loads undici, which can take longer than the 150 ms timeout.
    await (await fetch(`${bo.url}admin/stats`)).arrayBuffer();
    // Count the submissions that reach the back office (one whose timeout fired before it was
    // written never does).
    let arrived = 0;
    const onRequest = (m: unknown): void => {
      const { request } = m as { request: IncomingMessage };
      if (request.method === 'POST' && request.url === '/v1/applications') arrived++;
    };
    diagnostics.subscribe('http.server.request.start', onRequest);
    cleanups.push(() => void diagnostics.unsubscribe('http.server.request.start', onRequest));
    bo.faults.set({ delayMs: 600 });
    await svc.worker.drainOnce();
    const s = svc.worker.status();
    expect(s.lastError?.code).toBe('bo-timeout');
    expect(s.online).toBe(false);
    expect(s.queued).toBe(6);
    // The back office does the work, then answers 600 ms later to a kiosk that gave up. Wait until
    // it has done the work of every submission that reached it, then recover.
    while (backofficeApplications(bo).n < arrived) await new Promise((r) => setTimeout(r, 20));
    expect(arrived).toBeGreaterThan(0);
    bo.faults.clear();
    await settle(svc, clock);
    expect(backofficeApplications(bo)).toEqual({ n: 6, keys: 6 });
    expect(bo.stats()['replay:submitApplication'] ?? 0).toBeGreaterThan(0);
  });

  it('500s before and after the work, truncated JSON and dropped connections: each submission lands once', async () => {
    const { bo, svc, clock } = await setup();
    enqueueMany(svc, 30);
    bo.faults.set({ fail500: 4, fail500AfterCommit: 4, malformed: 4, drop: 3 });
    const seen = new Set<string>();
    for (let i = 0; i < 20; i++) {
      await svc.worker.drainOnce();
      const e = svc.worker.status().lastError;
      if (e) seen.add(e.code);
      clock.t += 10 * 60_000;
    }
    await settle(svc, clock);
    expect(seen).toEqual(new Set(['bo-server-error', 'bo-bad-response', 'bo-unreachable']));
    expect(backofficeApplications(bo)).toEqual({ n: 30, keys: 30 });
    expect(svc.worker.status()).toMatchObject({ queued: 0, sent: 30, rejected: 0 });
    const stats = bo.stats();
    expect(stats['fault:fail500AfterCommit']).toBe(4);
    expect(stats['fault:malformed']).toBe(4);
    expect(stats['replay:submitApplication']).toBeGreaterThanOrEqual(8);
  });

  it('a refusal is kept, counted and not retried', async () => {
    const { bo, svc, clock } = await setup();
    const res = await fetch(`${bo.url}admin/pickups`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ idNumber: PERSON.idNumber, name: PERSON.name, matterName: '港澳通行证', phone: PERSON.phone }),
    });
    const { pickupId } = (await res.json()) as { pickupId: string };
    const at = new Date().toISOString();
    expect(svc.outbox.collected(pickupId, { method: 'id-card', collectedAt: at }, { key: 'collected-first-key' }).ok).toBe(true);
    // Another terminal (another key) claims the same pickup: the back office answers 409.
    expect(svc.outbox.collected(pickupId, { method: 'pickup-code', collectedAt: at }, { key: 'collected-other-key' }).ok).toBe(
      true,
    );
    await settle(svc, clock);
    const s = svc.worker.status();
    expect(s).toMatchObject({ queued: 0, sent: 1, rejected: 1 });
    expect(svc.outbox.state('collected-other-key')).toMatchObject({ state: 'rejected' });
    expect(svc.outbox.state('collected-other-key')?.lastError).toMatch(/bo-conflict/);
  });

  it('the running worker delivers on its own, promptly after enqueue', async () => {
    const { bo, svc } = await setup();
    svc.start();
    const keys = enqueueMany(svc, 3);
    for (let i = 0; i < 200 && svc.worker.status().queued > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(svc.worker.status().queued).toBe(0);
    expect(backofficeApplications(bo).n).toBe(3);
    expect(keys.every((k) => svc.outbox.state(k)?.state === 'sent')).toBe(true);
  });
});
