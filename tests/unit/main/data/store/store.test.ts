import Database from 'better-sqlite3';
import { readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LATEST_VERSION } from '../../../../../main/data/store/migrations.js';
import { openStore } from '../../../../../main/data/store/store.js';
import { tempDir } from '../../../../integration/main/data/store/fixtures.js';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));
function file(): string {
  const t = tempDir();
  cleanups.push(t.cleanup);
  return join(t.dir, 'yimen.db');
}

describe('openStore', () => {
  it('creates the schema in WAL mode with synchronous=FULL, and reopens idempotently', () => {
    const f = file();
    const s = openStore({ file: f });
    expect(s.ok).toBe(true);
    if (!s.ok) return;
    expect(s.value.version()).toBe(LATEST_VERSION);
    expect(s.value.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(s.value.db.pragma('synchronous', { simple: true })).toBe(2);
    const tables = (
      s.value.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as Array<{ name: string }>
    ).map((t) => t.name);
    expect(tables).toEqual(
      expect.arrayContaining([
        'outbox',
        'pickups',
        'ratings',
        'reports',
        'device_events',
        'audit_log',
        'audit_checkpoints',
        'config_state',
      ]),
    );
    s.value.close();
    const again = openStore({ file: f });
    expect(again.ok && again.value.version()).toBe(LATEST_VERSION);
    if (again.ok) again.value.close();
  });

  it('refuses a database written by newer code and leaves it untouched', () => {
    const f = file();
    const db = new Database(f);
    db.pragma(`user_version = ${LATEST_VERSION + 1}`);
    db.exec('CREATE TABLE future (x)');
    db.close();
    const before = readFileSync(f);
    const r = openStore({ file: f });
    expect(r.ok ? null : r.error.code).toBe('store-too-new');
    expect(readFileSync(f).equals(before)).toBe(true);
  });

  it('reports a file that is not a database as store-corrupt and keeps it', () => {
    const f = file();
    writeFileSync(f, 'this is not a database at all, just some text that happens to be here'.repeat(20));
    const before = readFileSync(f);
    const r = openStore({ file: f });
    expect(r.ok ? null : r.error.code).toBe('store-corrupt');
    expect(readFileSync(f).equals(before)).toBe(true);
  });

  it('reports a truncated database as store-corrupt and keeps the file', () => {
    const f = file();
    const s = openStore({ file: f });
    if (!s.ok) throw new Error('open failed');
    const ins = s.value.db.prepare(`INSERT INTO device_events (at, device_id, kind, code, detail) VALUES (?, ?, ?, ?, ?)`);
    s.value.transaction(() => {
      for (let i = 0; i < 3000; i++) ins.run(i, 'printer', 'fault', 'paper-out', 'x'.repeat(100));
    });
    s.value.close();
    const size = statSync(f).size;
    truncateSync(f, Math.floor(size / 2));
    const r = openStore({ file: f });
    expect(r.ok ? null : r.error.code).toBe('store-corrupt');
    expect(statSync(f).size).toBe(Math.floor(size / 2));
  });

  it('reports damaged pages (random bytes over the file body) as store-corrupt', () => {
    const f = file();
    const s = openStore({ file: f });
    if (!s.ok) throw new Error('open failed');
    const ins = s.value.db.prepare(`INSERT INTO device_events (at, device_id, kind, code, detail) VALUES (?, ?, ?, ?, ?)`);
    s.value.transaction(() => {
      for (let i = 0; i < 2000; i++) ins.run(i, 'printer', 'fault', 'paper-out', 'y'.repeat(100));
    });
    s.value.close();
    const buf = readFileSync(f);
    // Overwrite page 2 onwards (b-tree pages) with garbage, keep the header page.
    for (let i = 4096; i < Math.min(buf.length, 4096 * 6); i++) buf[i] = (i * 131) & 0xff;
    writeFileSync(f, buf);
    const r = openStore({ file: f });
    expect(r.ok ? null : r.error.code).toBe('store-corrupt');
    expect(readFileSync(f).equals(buf)).toBe(true);
  });

  it('rolls back a failed transaction completely', () => {
    const f = file();
    const s = openStore({ file: f });
    if (!s.ok) throw new Error('open failed');
    const store = s.value;
    expect(() =>
      store.transaction(() => {
        store.db.prepare(`INSERT INTO config_state VALUES ('a', '1', 1)`).run();
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(store.db.prepare(`SELECT COUNT(*) AS n FROM config_state`).get()).toEqual({ n: 0 });
    store.close();
  });
});
