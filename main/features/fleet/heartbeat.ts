/**
 * Fleet monitoring from the terminal: a heartbeat every N seconds (device health, paper,
 * outbox depth, applied config version, memory, uptime) and urgent events sent at once
 * (paper out, locker door left open, reader fault, repeated crash, config reverted).
 *
 * Sending is injected (`send`, `sendUrgent`), so the sender knows nothing of HTTP; the
 * payload is the back office's `HeartbeatRequest` (docs/backoffice-openapi.yaml), and
 * `backofficeTransport` adapts the typed back-office client to it.
 */
import { err, ok, type Result } from '../../../common/result.js';
import type { DeviceHealth } from '../../base/api/contract.js';
import type { BackofficeClient } from '../../data/backoffice-client/client.js';
import type { HeartbeatRequest } from '../../data/backoffice-client/schemas.js';
import type { FleetStatus } from './agent.js';

/** A heartbeat or urgent event delivered, or why not (`queued`: kept for retry; else the sender's code). */
export type SendResult = Result<void>;

export interface UrgentEvent {
  kind: string;
  severity: 'critical' | 'high';
  message: string;
  at: string;
}

export type PaperState = HeartbeatRequest['paper']['receipt'];

export interface HeartbeatInputs {
  terminalId: string;
  state: HeartbeatRequest['state'];
  version: string;
  devices: readonly DeviceHealth[];
  outbox: HeartbeatRequest['outbox'];
  fleet: Pick<FleetStatus, 'appliedVersion'> | null;
}

/** Paper state of the first device of a kind, from its health code. */
export function paperOf(devices: readonly DeviceHealth[], kind: DeviceHealth['kind']): PaperState {
  const d = devices.find((x) => x.kind === kind);
  if (!d || d.state === 'unknown' || d.state === 'offline') return 'unknown';
  if (d.code === 'paper-out' || d.code === 'paper-end') return 'out';
  if (d.code === 'paper-near-end') return 'near-end';
  return 'ok';
}

export function buildHeartbeat(
  i: HeartbeatInputs,
  now: number,
  mem = process.memoryUsage(),
  uptime = process.uptime(),
): HeartbeatRequest {
  return {
    terminalId: i.terminalId,
    at: new Date(now).toISOString(),
    state: i.state,
    version: i.version.slice(0, 64),
    devices: i.devices
      .slice(0, 64)
      .map((d) => ({ id: d.id.slice(0, 64), kind: d.kind, state: d.state, code: d.code?.slice(0, 64) ?? null })),
    paper: { receipt: paperOf(i.devices, 'receipt-printer'), a4: paperOf(i.devices, 'a4-printer') },
    outbox: i.outbox,
    appliedConfigVersion: i.fleet?.appliedVersion != null ? String(i.fleet.appliedVersion) : null,
    memory: { rssBytes: mem.rss, heapUsedBytes: mem.heapUsed },
    uptimeSeconds: Math.round(uptime),
  };
}

/**
 * Urgent events implied by a change in device health: a fault (offline), paper out, a locker
 * door left open. Only transitions count, so a printer that stays out of paper is reported once.
 */
export function urgentFromHealth(prev: DeviceHealth | undefined, next: DeviceHealth, now: number): UrgentEvent | null {
  const at = new Date(now).toISOString();
  const was = (p: (d: DeviceHealth) => boolean): boolean => prev !== undefined && p(prev);
  const offline = (d: DeviceHealth): boolean => d.state === 'offline';
  const paperOut = (d: DeviceHealth): boolean => d.code === 'paper-out' || d.code === 'paper-end';
  const doorOpen = (d: DeviceHealth): boolean => d.code !== null && /door.*(open|left)/.test(d.code);
  if (offline(next) && !was(offline))
    return {
      kind: next.kind === 'idcard' ? 'reader-fault' : 'device-fault',
      severity: 'critical',
      message: `${next.id} (${next.kind}) is offline${next.code ? `: ${next.code}` : ''}`,
      at,
    };
  if (paperOut(next) && !was(paperOut)) return { kind: 'paper-out', severity: 'high', message: `${next.id} is out of paper`, at };
  if (doorOpen(next) && !was(doorOpen))
    return { kind: 'locker-door-open', severity: 'high', message: `${next.id}: ${next.code ?? 'door open'}`, at };
  return null;
}

/** Fleet outcomes IT must see now: a reverted release or a repository that looks attacked. */
export function urgentFromFleet(
  r: { state: string; reason: string; detail: string | null; offeredVersion: number | null },
  now: number,
): UrgentEvent | null {
  const at = new Date(now).toISOString();
  if (r.state === 'reverted' && (r.reason === 'health-failed' || r.reason === 'crash-loop'))
    return {
      kind: 'config-reverted',
      severity: 'high',
      message: `release ${r.offeredVersion ?? '?'} reverted (${r.reason}): ${r.detail ?? ''}`.slice(0, 1000),
      at,
    };
  if (['bad-signature', 'rollback-refused', 'hash-mismatch', 'clock-backwards'].includes(r.reason))
    return {
      kind: 'config-refused',
      severity: 'critical',
      message: `fleet repository refused (${r.reason}): ${r.detail ?? ''}`.slice(0, 1000),
      at,
    };
  return null;
}

export interface HeartbeatSenderOptions {
  intervalMs: number;
  /** Delay of the first heartbeat after `start()` (default 0). */
  firstBeatMs?: number;
  collect: () => HeartbeatRequest | Promise<HeartbeatRequest>;
  send: (hb: HeartbeatRequest) => Promise<SendResult>;
  sendUrgent: (ev: UrgentEvent) => Promise<SendResult>;
  /** Urgent events kept for retry while the back office is unreachable (oldest dropped first). */
  maxQueued?: number;
  onError?: (what: string, error: { code: string; message: string }) => void;
}

export class HeartbeatSender {
  private readonly o: HeartbeatSenderOptions;
  private readonly queue: UrgentEvent[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  readonly stats = { heartbeats: 0, heartbeatFailures: 0, urgentSent: 0, urgentDropped: 0 };

  constructor(opts: HeartbeatSenderOptions) {
    this.o = opts;
  }

  get queued(): number {
    return this.queue.length;
  }

  start(): void {
    if (this.timer) return;
    const tick = (): void => {
      void this.beat().finally(() => {
        if (this.timer) this.timer = setTimeout(tick, this.o.intervalMs).unref();
      });
    };
    this.timer = setTimeout(tick, this.o.firstBeatMs ?? 0).unref();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** One heartbeat now; queued urgent events are retried first. */
  async beat(): Promise<SendResult> {
    await this.flush();
    let hb: HeartbeatRequest;
    try {
      hb = await this.o.collect();
    } catch (e) {
      const failed = err('collect-failed', (e as Error).message);
      this.o.onError?.('heartbeat', failed.error);
      return failed;
    }
    const r = await this.o.send(hb);
    if (r.ok) this.stats.heartbeats++;
    else {
      this.stats.heartbeatFailures++;
      this.o.onError?.('heartbeat', r.error);
    }
    return r;
  }

  /** Sends at once; kept for retry (with the next heartbeat) when it cannot be delivered. */
  async urgent(ev: UrgentEvent): Promise<SendResult> {
    this.enqueue(ev);
    await this.flush();
    return this.queue.includes(ev) ? err('queued', 'kept for retry') : ok(undefined);
  }

  private enqueue(ev: UrgentEvent): void {
    this.queue.push(ev);
    const max = this.o.maxQueued ?? 100;
    while (this.queue.length > max) {
      this.queue.shift();
      this.stats.urgentDropped++;
    }
  }

  private flush(): Promise<void> {
    if (!this.flushing) {
      this.flushing = (async () => {
        while (this.queue.length > 0) {
          const ev = this.queue[0];
          if (!ev) break;
          const r = await this.o.sendUrgent(ev);
          if (!r.ok) {
            this.o.onError?.('urgent', r.error);
            break;
          }
          this.queue.shift();
          this.stats.urgentSent++;
        }
      })().finally(() => {
        this.flushing = null;
      });
    }
    return this.flushing;
  }
}

/** `send`/`sendUrgent` over the typed back-office client. */
export function backofficeTransport(
  client: BackofficeClient,
  terminalId: string,
): Pick<HeartbeatSenderOptions, 'send' | 'sendUrgent'> {
  return {
    send: async (hb) => {
      const r = await client.call('sendHeartbeat', { params: { terminalId }, body: hb });
      return r.ok ? ok(undefined) : err(r.error.code, r.error.message);
    },
    sendUrgent: async (ev) => {
      // Stable per event, so a retry after a lost answer is recognised as the same event.
      const key = `${terminalId}:${ev.kind}:${ev.at}`;
      const r = await client.call('reportUrgentEvent', { body: { terminalId, ...ev }, idempotencyKey: key.slice(0, 200) });
      return r.ok ? ok(undefined) : err(r.error.code, r.error.message);
    },
  };
}
