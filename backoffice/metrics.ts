/**
 * `GET /metrics`: the fleet in the Prometheus text exposition format, for a province's own
 * Prometheus/Alertmanager or Zabbix (docs/fleet.md, "Prometheus / Alertmanager / Zabbix").
 * Every value comes from the last heartbeat each terminal sent (`docs/backoffice-openapi.yaml`,
 * `HeartbeatRequest`); nothing is kept between scrapes. One `Registry` per server, never
 * prom-client's global one, so two back offices in one process do not share series.
 */
import type Database from 'better-sqlite3';
import { Gauge, Registry } from 'prom-client';
import type { TerminalRow } from './fleet-page.js';

/** A terminal with no heartbeat for this long is reported `yimen_terminal_up 0` (as the fleet page's "silent"). */
export const STALE_AFTER_MS = 5 * 60_000;

const TERMINAL_STATES = ['starting', 'in-service', 'out-of-service', 'maintenance'] as const;
const PAPER_STATES = ['ok', 'near-end', 'out', 'unknown'] as const;
const DEVICE_STATES = ['ok', 'degraded', 'offline', 'unknown'] as const;

/** The kiosk's own rule for a locker door left open (`urgentFromHealth` in main/features/fleet/heartbeat.ts). */
const DOOR_OPEN = /door.*(open|left)/;

interface Beat {
  devices?: { id?: unknown; kind?: unknown; state?: unknown; code?: unknown }[];
  paper?: { receipt?: unknown; a4?: unknown };
  outbox?: { depth?: unknown; rejected?: unknown };
  memory?: { rssBytes?: unknown; heapUsedBytes?: unknown };
}

type Row = TerminalRow & { last_heartbeat: string };

function n(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** A config version as a number when it is one (the fleet's versions are integers), else null. */
function versionNumber(v: string | null): number | null {
  return v !== null && /^\d{1,15}$/.test(v) ? Number(v) : null;
}

function makeGauges(registry: Registry) {
  const gauge = (name: string, help: string, labelNames: string[] = []): Gauge =>
    new Gauge({ name, help, labelNames: ['terminal', ...labelNames], registers: [registry] });
  return {
    up: gauge('yimen_terminal_up', `1 while the terminal's last heartbeat is under ${STALE_AFTER_MS / 1000} s old`),
    age: gauge('yimen_terminal_last_heartbeat_age_seconds', 'Seconds since the last heartbeat was received'),
    seen: gauge('yimen_terminal_last_heartbeat_timestamp_seconds', 'When the last heartbeat was received (Unix time)'),
    state: gauge('yimen_terminal_state', 'Service state from the last heartbeat (1 for the current state)', ['state']),
    info: gauge('yimen_terminal_info', 'Software version and config versions, as labels (always 1)', [
      'version',
      'applied_config',
      'desired_config',
    ]),
    applied: gauge('yimen_terminal_config_applied_version', 'Applied fleet config version (when numeric)'),
    desired: gauge('yimen_terminal_config_desired_version', 'Config version the back office asks for (when set and numeric)'),
    pending: gauge('yimen_terminal_config_pending', '1 while a desired config version is set and not yet applied'),
    outbox: gauge('yimen_terminal_outbox_depth', 'Records waiting in the terminal outbox'),
    rejected: gauge('yimen_terminal_outbox_rejected', 'Outbox records the back office refused (kept for an operator)'),
    paper: gauge('yimen_terminal_paper_state', 'Paper state per printer (1 for the current state)', ['printer', 'state']),
    door: gauge('yimen_terminal_doors_left_open', 'Devices reporting a locker door left open'),
    device: gauge('yimen_terminal_device_state', 'Health per device (1 for the current state)', ['device', 'kind', 'state']),
    rss: gauge('yimen_terminal_memory_rss_bytes', 'Resident memory of the kiosk process'),
    heap: gauge('yimen_terminal_memory_heap_used_bytes', 'JavaScript heap in use in the kiosk process'),
    uptime: gauge('yimen_terminal_uptime_seconds', 'Seconds since the kiosk process started'),
  };
}

export class FleetMetrics {
  readonly registry = new Registry();
  private readonly g = makeGauges(this.registry);

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => number,
  ) {}

  get contentType(): string {
    return this.registry.contentType;
  }

  /** Reads every terminal's last heartbeat and renders the exposition. */
  async render(): Promise<string> {
    for (const g of Object.values(this.g)) g.reset();
    const rows = this.db.prepare(`SELECT * FROM terminals ORDER BY terminal_id`).all() as Row[];
    const now = this.now();
    for (const r of rows) this.observe(r, now);
    return this.registry.metrics();
  }

  private observe(r: Row, now: number): void {
    const terminal = r.terminal_id;
    const t = { terminal };
    const g = this.g;
    let beat: Beat = {};
    try {
      beat = JSON.parse(r.last_heartbeat) as Beat;
    } catch {
      // A row without a readable body still reports its liveness.
    }
    g.up.set(t, now - r.last_seen <= STALE_AFTER_MS ? 1 : 0);
    g.age.set(t, Math.max(0, (now - r.last_seen) / 1000));
    g.seen.set(t, r.last_seen / 1000);
    for (const s of TERMINAL_STATES) g.state.set({ terminal, state: s }, r.state === s ? 1 : 0);
    g.info.set(
      {
        terminal,
        version: r.version ?? '',
        applied_config: r.applied_config_version ?? '',
        desired_config: r.desired_config_version ?? '',
      },
      1,
    );
    const applied = versionNumber(r.applied_config_version);
    const desired = versionNumber(r.desired_config_version);
    if (applied !== null) g.applied.set(t, applied);
    if (desired !== null) g.desired.set(t, desired);
    const pending = r.desired_config_version !== null && r.desired_config_version !== r.applied_config_version;
    g.pending.set(t, pending ? 1 : 0);
    if (r.outbox_depth !== null) g.outbox.set(t, r.outbox_depth);
    const rejected = n(beat.outbox?.rejected);
    if (rejected !== null) g.rejected.set(t, rejected);
    for (const printer of ['receipt', 'a4'] as const) {
      const p = beat.paper?.[printer];
      if (typeof p !== 'string') continue;
      for (const s of PAPER_STATES) g.paper.set({ terminal, printer, state: s }, p === s ? 1 : 0);
    }
    const devices = Array.isArray(beat.devices) ? beat.devices : [];
    let doors = 0;
    for (const d of devices) {
      if (typeof d.id !== 'string' || typeof d.state !== 'string') continue;
      const kind = typeof d.kind === 'string' ? d.kind : '';
      for (const s of DEVICE_STATES) g.device.set({ terminal, device: d.id, kind, state: s }, d.state === s ? 1 : 0);
      if (typeof d.code === 'string' && DOOR_OPEN.test(d.code)) doors++;
    }
    g.door.set(t, doors);
    if (r.rss_bytes !== null) g.rss.set(t, r.rss_bytes);
    const heap = n(beat.memory?.heapUsedBytes);
    if (heap !== null) g.heap.set(t, heap);
    if (r.uptime_seconds !== null) g.uptime.set(t, r.uptime_seconds);
  }
}
