/** Device events (faults, recoveries, paper states): no personal data; purged by age. */
import type { Store } from './store.js';

export interface DeviceEvent {
  id: number;
  at: number;
  deviceId: string;
  kind: string;
  code: string | null;
  detail: string | null;
}

export class DeviceEventRepo {
  constructor(private readonly store: Store) {}

  record(e: Omit<DeviceEvent, 'id'>): number {
    return Number(
      this.store.db
        .prepare(`INSERT INTO device_events (at, device_id, kind, code, detail) VALUES (?, ?, ?, ?, ?)`)
        .run(e.at, e.deviceId, e.kind, e.code, e.detail).lastInsertRowid,
    );
  }

  recent(limit: number): DeviceEvent[] {
    return (
      this.store.db
        .prepare(`SELECT id, at, device_id AS deviceId, kind, code, detail FROM device_events ORDER BY id DESC LIMIT ?`)
        .all(limit) as DeviceEvent[]
    ).reverse();
  }

  purge(before: number): number {
    return this.store.db.prepare(`DELETE FROM device_events WHERE at < ?`).run(before).changes;
  }
}

/** Small key → JSON value table for state that must survive a restart (applied config version, …). */
export class ConfigStateRepo {
  constructor(private readonly store: Store) {}

  get(key: string): unknown {
    const r = this.store.db.prepare(`SELECT value FROM config_state WHERE key = ?`).get(key) as { value: string } | undefined;
    return r ? (JSON.parse(r.value) as unknown) : undefined;
  }

  set(key: string, value: unknown, now: number): void {
    this.store.db
      .prepare(
        `INSERT INTO config_state (key, value, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      )
      .run(key, JSON.stringify(value), now);
  }
}
