/** The reference back office's own database. */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS idempotency (
    key TEXT PRIMARY KEY, operation TEXT NOT NULL, request_hash TEXT NOT NULL,
    status INTEGER NOT NULL, body TEXT NOT NULL, created_at INTEGER NOT NULL
  );
  CREATE TABLE IF NOT EXISTS applications (
    application_id TEXT PRIMARY KEY, idem_key TEXT UNIQUE, terminal_id TEXT NOT NULL, matter_code TEXT NOT NULL,
    id_type TEXT NOT NULL, id_number TEXT NOT NULL, name TEXT NOT NULL, address TEXT, phone TEXT,
    form TEXT NOT NULL, state TEXT NOT NULL, received_at INTEGER NOT NULL, updated_at INTEGER NOT NULL
  );
  CREATE INDEX IF NOT EXISTS applications_person ON applications (id_number);
  CREATE TABLE IF NOT EXISTS pickups (
    pickup_id TEXT PRIMARY KEY, application_id TEXT NOT NULL, id_number TEXT NOT NULL, holder_name TEXT NOT NULL,
    phone TEXT, matter_name TEXT NOT NULL, locker_id TEXT, cell TEXT, code TEXT NOT NULL,
    state TEXT NOT NULL, ready_at INTEGER NOT NULL, hold_until INTEGER NOT NULL,
    collected_at INTEGER, collected_by TEXT, collect_method TEXT
  );
  CREATE INDEX IF NOT EXISTS pickups_person ON pickups (id_number);
  CREATE INDEX IF NOT EXISTS pickups_code ON pickups (code);
  CREATE TABLE IF NOT EXISTS sms_log (
    id INTEGER PRIMARY KEY, at INTEGER NOT NULL, phone TEXT NOT NULL, pickup_id TEXT, text TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS deposits (
    deposit_id TEXT PRIMARY KEY, terminal_id TEXT NOT NULL, id_number TEXT NOT NULL, name TEXT NOT NULL,
    application_id TEXT, locker_id TEXT NOT NULL, cell TEXT NOT NULL, description TEXT NOT NULL, deposited_at TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS ratings (
    rating_id TEXT PRIMARY KEY, terminal_id TEXT NOT NULL, level INTEGER NOT NULL, matter_code TEXT,
    dimensions TEXT, comment TEXT, rated_at TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS reports (
    report_id TEXT PRIMARY KEY, terminal_id TEXT NOT NULL, grid_id TEXT NOT NULL, category TEXT NOT NULL,
    text TEXT NOT NULL, phone TEXT, reported_at TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS urgent_events (
    event_id TEXT PRIMARY KEY, terminal_id TEXT NOT NULL, kind TEXT NOT NULL, severity TEXT NOT NULL,
    message TEXT NOT NULL, at TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS terminals (
    terminal_id TEXT PRIMARY KEY, last_seen INTEGER NOT NULL, state TEXT NOT NULL, version TEXT,
    applied_config_version TEXT, outbox_depth INTEGER, rss_bytes INTEGER, uptime_seconds REAL, last_heartbeat TEXT NOT NULL,
    desired_config_version TEXT
  );
  CREATE TABLE IF NOT EXISTS heartbeats (
    id INTEGER PRIMARY KEY, terminal_id TEXT NOT NULL, received_at INTEGER NOT NULL, body TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS audit_entries (
    terminal_id TEXT NOT NULL, seq INTEGER NOT NULL, at INTEGER NOT NULL, type TEXT NOT NULL, actor TEXT NOT NULL,
    subject TEXT, detail TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL,
    PRIMARY KEY (terminal_id, seq)
  );
  CREATE TABLE IF NOT EXISTS audit_checkpoints (
    terminal_id TEXT NOT NULL, seq INTEGER NOT NULL, at INTEGER NOT NULL, hash TEXT NOT NULL, signature TEXT NOT NULL,
    public_key TEXT NOT NULL, PRIMARY KEY (terminal_id, seq)
  );
  CREATE TABLE IF NOT EXISTS identity_tokens (
    qr_text TEXT PRIMARY KEY, id_type TEXT NOT NULL, id_number TEXT NOT NULL, name TEXT NOT NULL,
    address TEXT, phone TEXT, expires_at INTEGER NOT NULL
  );
  CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS persons (
    id_number TEXT PRIMARY KEY, name TEXT NOT NULL, sex TEXT NOT NULL, birth_date TEXT NOT NULL,
    household_no TEXT NOT NULL, household_head TEXT NOT NULL, relation TEXT NOT NULL, address TEXT NOT NULL,
    authority TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'active'
  );
  CREATE TABLE IF NOT EXISTS documents (
    document_id TEXT PRIMARY KEY, terminal_id TEXT NOT NULL, matter_id TEXT NOT NULL, application_no TEXT NOT NULL,
    id_number TEXT NOT NULL, key_id TEXT NOT NULL, issued_at INTEGER NOT NULL
  );
`;

/** Brings a database made by an older version up to this schema. */
function migrate(db: Database.Database): void {
  const persons = db.prepare(`PRAGMA table_info(persons)`).all() as Array<{ name: string }>;
  // The register's standing of a person (active, deceased, cancelled): older databases had none.
  if (!persons.some((c) => c.name === 'status')) db.exec(`ALTER TABLE persons ADD COLUMN status TEXT NOT NULL DEFAULT 'active'`);
}

/** Opens (or creates) the database: a file in `dataDir`, or memory when `dataDir` is null. */
export function openBackofficeDb(dataDir: string | null): Database.Database {
  let db: Database.Database;
  if (dataDir === null) db = new Database(':memory:');
  else {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    db = new Database(join(dataDir, 'backoffice.db'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
  }
  db.exec(SCHEMA);
  migrate(db);
  return db;
}
