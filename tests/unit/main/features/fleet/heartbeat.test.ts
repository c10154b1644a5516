import { describe, expect, it, vi } from 'vitest';
import { err, ok } from '../../../../../common/result.js';
import type { DeviceHealth } from '../../../../../main/base/api/contract.js';
import { HeartbeatRequest } from '../../../../../main/data/backoffice-client/schemas.js';
import {
  buildHeartbeat,
  HeartbeatSender,
  urgentFromFleet,
  urgentFromHealth,
  type SendResult,
  type UrgentEvent,
} from '../../../../../main/features/fleet/heartbeat.js';

const dev = (over: Partial<DeviceHealth>): DeviceHealth => ({
  id: 'receipt',
  kind: 'receipt-printer',
  state: 'ok',
  emulated: false,
  code: null,
  since: 0,
  ...over,
});

/** The heartbeat of an idle terminal with nothing to report. */
const idleHeartbeat = (): ReturnType<typeof buildHeartbeat> =>
  buildHeartbeat(
    {
      terminalId: 'T-1',
      state: 'in-service',
      version: 'x',
      devices: [],
      outbox: { depth: 0, rejected: 0, lastError: null },
      fleet: null,
    },
    0,
  );

describe('heartbeat payload', () => {
  it('matches the back-office contract and carries paper state and the applied config version', () => {
    const hb = buildHeartbeat(
      {
        terminalId: 'T-1',
        state: 'in-service',
        version: '0.1.0',
        devices: [dev({ code: 'paper-near-end' }), dev({ id: 'a4', kind: 'a4-printer', code: 'paper-out' })],
        outbox: { depth: 3, rejected: 0, lastError: null },
        fleet: { appliedVersion: 7 },
      },
      Date.parse('2030-01-01T00:00:00Z'),
      { rss: 100, heapUsed: 50 } as NodeJS.MemoryUsage,
      12.4,
    );
    expect(HeartbeatRequest.safeParse(hb).success).toBe(true);
    expect(hb).toMatchObject({ paper: { receipt: 'near-end', a4: 'out' }, appliedConfigVersion: '7', uptimeSeconds: 12 });
  });
});

describe('urgent events', () => {
  it('fires on transitions only', () => {
    const out = dev({ code: 'paper-out', state: 'degraded' });
    expect(urgentFromHealth(dev({}), out, 0)?.kind).toBe('paper-out');
    expect(urgentFromHealth(out, out, 0)).toBeNull();
    expect(
      urgentFromHealth(dev({ kind: 'idcard', id: 'idcard' }), dev({ kind: 'idcard', id: 'idcard', state: 'offline' }), 0)?.kind,
    ).toBe('reader-fault');
    expect(urgentFromHealth(undefined, dev({ kind: 'locker', id: 'locker', code: 'door-left-open' }), 0)?.kind).toBe(
      'locker-door-open',
    );
  });

  it('reports a reverted release and an attacked repository', () => {
    expect(urgentFromFleet({ state: 'reverted', reason: 'health-failed', detail: 'ui', offeredVersion: 4 }, 0)?.kind).toBe(
      'config-reverted',
    );
    expect(
      urgentFromFleet({ state: 'refused', reason: 'rollback-refused', detail: null, offeredVersion: null }, 0)?.severity,
    ).toBe('critical');
    expect(urgentFromFleet({ state: 'current', reason: 'up-to-date', detail: null, offeredVersion: 4 }, 0)).toBeNull();
  });

  it('sends the first heartbeat after firstBeatMs, then every intervalMs', async () => {
    vi.useFakeTimers();
    try {
      let beats = 0;
      const sender = new HeartbeatSender({
        intervalMs: 60_000,
        firstBeatMs: 5_000,
        collect: idleHeartbeat,
        send: (): Promise<SendResult> => (beats++, Promise.resolve(ok(undefined))),
        sendUrgent: (): Promise<SendResult> => Promise.resolve(ok(undefined)),
      });
      sender.start();
      await vi.advanceTimersByTimeAsync(4_999);
      expect(beats).toBe(0);
      await vi.advanceTimersByTimeAsync(1);
      expect(beats).toBe(1);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(beats).toBe(2);
      sender.stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('sends at once, keeps undelivered events and retries them before the next heartbeat', async () => {
    let up = false;
    const delivered: string[] = [];
    const order: string[] = [];
    const sender = new HeartbeatSender({
      intervalMs: 60_000,
      collect: idleHeartbeat,
      send: (): Promise<SendResult> => {
        order.push('heartbeat');
        return Promise.resolve(up ? ok(undefined) : err('bo-unreachable', 'down'));
      },
      sendUrgent: (ev: UrgentEvent): Promise<SendResult> => {
        if (!up) return Promise.resolve(err('bo-unreachable', 'down'));
        delivered.push(ev.kind);
        order.push(`urgent:${ev.kind}`);
        return Promise.resolve(ok(undefined));
      },
      maxQueued: 2,
    });
    const ev = (kind: string): UrgentEvent => ({ kind, severity: 'high', message: kind, at: '2030-01-01T00:00:00Z' });
    expect((await sender.urgent(ev('a'))).ok).toBe(false);
    await sender.urgent(ev('b'));
    await sender.urgent(ev('c'));
    expect(sender.queued).toBe(2);
    expect(sender.stats.urgentDropped).toBe(1);
    expect((await sender.beat()).ok).toBe(false);
    up = true;
    expect((await sender.beat()).ok).toBe(true);
    expect(delivered).toEqual(['b', 'c']);
    expect(order.slice(-3)).toEqual(['urgent:b', 'urgent:c', 'heartbeat']);
    expect((await sender.urgent(ev('d'))).ok).toBe(true);
  });
});
