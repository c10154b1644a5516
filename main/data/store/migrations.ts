/**
 * Versioned schema migrations, run in order at open; `PRAGMA user_version` holds the version
 * reached. A database newer than this code is refused (`store-too-new`), never touched.
 * Add a migration at the end; never edit one that has shipped.
 */
export interface Migration {
  version: number;
  description: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'outbox, pickups, device events, audit chain, config state',
    sql: `
      -- Everything the back office must receive: submissions, deposits, ratings, reports,
      -- pickup collections, urgent events. The payload is sealed (AES-256-GCM) JSON;
      -- 'subject' is the HMAC lookup key of the citizen's ID number (null when anonymous).
      CREATE TABLE outbox (
        id              INTEGER PRIMARY KEY,
        kind            TEXT    NOT NULL,
        idem_key        TEXT    NOT NULL UNIQUE,
        subject         TEXT,
        payload         BLOB    NOT NULL,
        state           TEXT    NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sent', 'rejected')),
        attempts        INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        last_error      TEXT,
        remote_ref      TEXT,
        created_at      INTEGER NOT NULL,
        sent_at         INTEGER
      );
      CREATE INDEX outbox_due ON outbox (state, next_attempt_at, id);

      -- Ratings (好差评) kept locally for the maintenance tally: anonymous by construction.
      CREATE TABLE ratings (
        id         INTEGER PRIMARY KEY,
        outbox_id  INTEGER NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
        level      INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
        matter     TEXT,
        at         INTEGER NOT NULL
      );
      -- Neighbourhood issue reports: grid and category in the clear, text and phone sealed in the outbox.
      CREATE TABLE reports (
        id         INTEGER PRIMARY KEY,
        outbox_id  INTEGER NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
        grid_id    TEXT    NOT NULL,
        category   TEXT    NOT NULL,
        at         INTEGER NOT NULL
      );

      -- Pickups this terminal knows about (from the back office); personal details sealed.
      CREATE TABLE pickups (
        pickup_id    TEXT    PRIMARY KEY,
        subject      TEXT,
        code_key     TEXT,
        details      BLOB    NOT NULL,
        locker_id    TEXT,
        cell         TEXT,
        state        TEXT    NOT NULL CHECK (state IN ('ready', 'collected', 'expired')),
        hold_until   INTEGER,
        updated_at   INTEGER NOT NULL,
        collected_at INTEGER
      );
      CREATE INDEX pickups_subject ON pickups (subject);
      CREATE INDEX pickups_code ON pickups (code_key);

      CREATE TABLE device_events (
        id        INTEGER PRIMARY KEY,
        at        INTEGER NOT NULL,
        device_id TEXT    NOT NULL,
        kind      TEXT    NOT NULL,
        code      TEXT,
        detail    TEXT
      );
      CREATE INDEX device_events_at ON device_events (at);

      -- The audit chain: each entry carries the hash of the previous one.
      CREATE TABLE audit_log (
        seq       INTEGER PRIMARY KEY,
        at        INTEGER NOT NULL,
        type      TEXT    NOT NULL,
        actor     TEXT    NOT NULL,
        subject   TEXT,
        detail    TEXT    NOT NULL,
        prev_hash TEXT    NOT NULL,
        hash      TEXT    NOT NULL
      );
      -- Only entries about a person are indexed (the "My data" query); shipping goes by seq.
      CREATE INDEX audit_subject ON audit_log (subject, at) WHERE subject IS NOT NULL;
      CREATE TABLE audit_checkpoints (
        seq         INTEGER PRIMARY KEY,
        at          INTEGER NOT NULL,
        terminal_id TEXT    NOT NULL,
        hash        TEXT    NOT NULL,
        signature   TEXT    NOT NULL
      );

      CREATE TABLE config_state (
        key        TEXT    PRIMARY KEY,
        value      TEXT    NOT NULL,
        updated_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 2,
    description: "attachments: materials' PDFs sealed until the back office has them",
    sql: `
      -- A material's PDF, enqueued with its submission (outbox_key) in one transaction. Its bytes
      -- (AES-256-GCM) are in attachment_bytes, deleted once the back office acknowledged the
      -- submission; this row stays (what was sent, its size and hash, for "my data"). The bytes
      -- have a table of their own so that a state change does not rewrite megabytes.
      -- 'sealed_bytes' is the disk they take (0 once purged), summed against attachments.maxStoreMB.
      CREATE TABLE attachments (
        id             TEXT    PRIMARY KEY,
        outbox_key     TEXT    NOT NULL,
        subject        TEXT,
        application_no TEXT    NOT NULL,
        material_id    TEXT    NOT NULL,
        size           INTEGER NOT NULL,
        sha256         TEXT    NOT NULL,
        sealed_bytes   INTEGER NOT NULL,
        state          TEXT    NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'uploaded', 'sent', 'rejected')),
        hash_failures  INTEGER NOT NULL DEFAULT 0,
        created_at     INTEGER NOT NULL,
        sent_at        INTEGER
      );
      CREATE INDEX attachments_outbox ON attachments (outbox_key);
      CREATE INDEX attachments_subject ON attachments (subject, created_at) WHERE subject IS NOT NULL;
      CREATE TABLE attachment_bytes (
        id     TEXT PRIMARY KEY REFERENCES attachments (id) ON DELETE CASCADE,
        sealed BLOB NOT NULL
      );
    `,
  },
  {
    version: 3,
    description: 'attachments: sealed bytes in segments, one upload chunk each',
    sql: `
      -- An attachment's bytes as segments of 'segment_bytes' plaintext bytes (the last one
      -- shorter), each its own AES-256-GCM value bound to the attachment, its place and the
      -- count: the uploader opens one chunk's worth while the previous one is on the wire, and
      -- SQLite reads small values much faster than one overflow chain of megabytes.
      -- A row written before this migration keeps its one value as segment 0 and
      -- segment_bytes 0 (sealed as a whole, opened as before).
      ALTER TABLE attachments ADD COLUMN segment_bytes INTEGER NOT NULL DEFAULT 0;
      CREATE TABLE attachment_segments (
        id     TEXT    NOT NULL REFERENCES attachments (id) ON DELETE CASCADE,
        seq    INTEGER NOT NULL,
        sealed BLOB    NOT NULL,
        PRIMARY KEY (id, seq)
      );
      INSERT INTO attachment_segments (id, seq, sealed) SELECT id, 0, sealed FROM attachment_bytes;
      DROP TABLE attachment_bytes;
    `,
  },
];

export const LATEST_VERSION = MIGRATIONS.reduce((m, x) => Math.max(m, x.version), 0);
