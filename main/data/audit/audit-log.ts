/**
 * The audit chain: every security-relevant event, appended with the hash of the entry before
 * it, and a checkpoint signed with the terminal's Ed25519 key every `checkpointEvery` entries
 * (and on demand, e.g. on a timer and at shutdown). Entries never hold personal data: the
 * citizen appears only as the HMAC lookup key of their ID number (`subject`).
 */
import type { KeyObject } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import { ListenerSet } from '../../../common/listeners.js';
import type { Store } from '../store/store.js';
import { GENESIS_HASH, entryFromRow, entryHash, signCheckpoint, type AuditEntry, type AuditRow } from './chain.js';

/** The event types the kiosk writes. Other modules may add types of the same shape. */
export const AUDIT_TYPES = [
  'session-start',
  'session-end',
  'card-read',
  'identity-verified',
  'submission',
  'deposit',
  'rating',
  'report',
  'pickup-collected',
  'locker-open',
  'print',
  'maintenance-login',
  'maintenance-logout',
  'staff-action',
  'config-change',
  'device-fault',
  'data-export',
  'store-purge',
] as const;
export type KnownAuditType = (typeof AUDIT_TYPES)[number];

export type DetailValue = string | number | boolean | null;
export interface AuditInput {
  type: KnownAuditType | (string & {});
  actor: string;
  subject?: string | null;
  detail?: Record<string, DetailValue>;
  at?: number;
}

export interface AuditCheckpoint {
  seq: number;
  at: number;
  terminalId: string;
  hash: string;
  signature: string;
}

/** Field names that mean personal data: an audit detail carrying one is a bug. */
const FORBIDDEN_KEYS = new Set(['idnumber', 'id_number', 'name', 'address', 'phone', 'photo', 'personal', 'qrtext']);
/**
 * Something shaped like a resident ID number (18 characters, the last may be X) or a mainland
 * mobile number, standing alone (not inside a longer token such as a UUID or a hash).
 */
const ID_SHAPE = /(^|[^0-9A-Za-z])([1-9][0-9]{16}[0-9Xx]|1[3-9][0-9]{9})($|[^0-9A-Za-z])/;
export const REDACTED = '[redacted]';

/**
 * A detail field named like personal data is a bug (throws). A value that merely looks like an
 * ID or phone number is replaced by `[redacted]`: the event is still recorded, the number is not.
 */
export function scrubDetail(detail: Record<string, DetailValue>): Record<string, DetailValue> {
  const out: Record<string, DetailValue> = {};
  for (const [k, v] of Object.entries(detail)) {
    if (FORBIDDEN_KEYS.has(k.toLowerCase())) throw new Error(`audit detail must not carry personal data (field "${k}")`);
    out[k] = typeof v === 'string' && ID_SHAPE.test(v) ? REDACTED : v;
  }
  return out;
}

export interface AuditLogOptions {
  terminalId: string;
  signingKey: KeyObject;
  /** Sign a checkpoint after this many entries since the last one. */
  checkpointEvery: number;
  now?: () => number;
}

export class AuditLog {
  private readonly sHead: Statement<[], { seq: number; hash: string }>;
  private readonly sInsert: Statement<[number, number, string, string, string | null, string, string, string]>;
  private readonly sLastCp: Statement<[], { seq: number }>;
  private readonly now: () => number;
  private readonly listeners = new ListenerSet<AuditEntry>('AuditListenerWarning');

  constructor(
    private readonly store: Store,
    private readonly opts: AuditLogOptions,
  ) {
    const db = store.db;
    this.now = opts.now ?? Date.now;
    this.sHead = db.prepare(`SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1`);
    this.sInsert = db.prepare(
      `INSERT INTO audit_log (seq, at, type, actor, subject, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.sLastCp = db.prepare(`SELECT seq FROM audit_checkpoints ORDER BY seq DESC LIMIT 1`);
  }

  /** Appends one entry (inside the caller's transaction when there is one). */
  append(input: AuditInput): AuditEntry {
    const detailObj = scrubDetail(input.detail ?? {});
    if (!/^[a-z][a-z0-9.-]{0,63}$/.test(input.type)) throw new Error(`bad audit type "${input.type}"`);
    const entry = this.store.transaction(() => {
      const head = this.head();
      const base = {
        seq: head.seq + 1,
        at: input.at ?? this.now(),
        type: input.type,
        actor: input.actor,
        subject: input.subject ?? null,
        detail: JSON.stringify(detailObj),
        prevHash: head.hash,
      };
      const e: AuditEntry = { ...base, hash: entryHash(base) };
      this.sInsert.run(e.seq, e.at, e.type, e.actor, e.subject, e.detail, e.prevHash, e.hash);
      const lastCp = this.sLastCp.get()?.seq ?? 0;
      if (e.seq - lastCp >= this.opts.checkpointEvery) this.writeCheckpoint(e.seq, e.hash, e.at);
      return e;
    });
    this.listeners.emit(entry);
    return entry;
  }

  onAppend(listener: (e: AuditEntry) => void): () => void {
    return this.listeners.add(listener);
  }

  head(): { seq: number; hash: string } {
    const h = this.sHead.get();
    if (h) return h;
    // After a purge of everything, continue from the newest checkpoint.
    const cp = this.store.db.prepare(`SELECT seq, hash FROM audit_checkpoints ORDER BY seq DESC LIMIT 1`).get() as
      { seq: number; hash: string } | undefined;
    return cp ?? { seq: 0, hash: GENESIS_HASH };
  }

  /** Signs the current head if it is not signed yet. Returns the checkpoint, or null if nothing new. */
  checkpoint(): AuditCheckpoint | null {
    return this.store.transaction(() => {
      const head = this.sHead.get();
      if (!head) return null;
      const lastCp = this.sLastCp.get()?.seq ?? 0;
      if (head.seq <= lastCp) return null;
      return this.writeCheckpoint(head.seq, head.hash, this.now());
    });
  }

  private writeCheckpoint(seq: number, hash: string, at: number): AuditCheckpoint {
    const signature = signCheckpoint(this.opts.signingKey, this.opts.terminalId, seq, hash, at);
    this.store.db
      .prepare(`INSERT INTO audit_checkpoints (seq, at, terminal_id, hash, signature) VALUES (?, ?, ?, ?, ?)`)
      .run(seq, at, this.opts.terminalId, hash, signature);
    return { seq, at, terminalId: this.opts.terminalId, hash, signature };
  }

  /** "Operations on this person's data" between two times (the citizen's "My data" screen). */
  operationsOn(
    subject: string,
    from: number,
    to: number,
  ): Array<Pick<AuditEntry, 'seq' | 'at' | 'type' | 'actor'> & { detail: Record<string, DetailValue> }> {
    const rows = this.store.db
      .prepare(`SELECT * FROM audit_log WHERE subject = ? AND at >= ? AND at < ? ORDER BY seq`)
      .all(subject, from, to) as AuditRow[];
    return rows.map((r) => ({
      seq: r.seq,
      at: r.at,
      type: r.type,
      actor: r.actor,
      detail: JSON.parse(r.detail) as Record<string, DetailValue>,
    }));
  }

  /**
   * What to ship next, oldest first: up to `limit` entries the back office has not acknowledged,
   * and every unshipped checkpoint those entries (or the entries already shipped) cover. A
   * checkpoint signed after its entries were shipped (the timer, shutdown) goes out on its own.
   */
  unshipped(limit: number): { entries: AuditEntry[]; checkpoints: AuditCheckpoint[] } {
    const shipped = this.shippedSeq();
    const entries = (
      this.store.db.prepare(`SELECT * FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?`).all(shipped, limit) as AuditRow[]
    ).map(entryFromRow);
    const upTo = entries[entries.length - 1]?.seq ?? shipped;
    const checkpoints = this.store.db
      .prepare(
        `SELECT seq, at, terminal_id AS terminalId, hash, signature FROM audit_checkpoints
         WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?`,
      )
      .all(this.shippedCheckpointSeq(), upTo, limit) as AuditCheckpoint[];
    return { entries, checkpoints };
  }

  /** Entries and checkpoints not yet acknowledged by the back office. */
  unshippedCount(): number {
    const shipped = this.shippedSeq();
    const e = (this.store.db.prepare(`SELECT COUNT(*) AS n FROM audit_log WHERE seq > ?`).get(shipped) as { n: number }).n;
    const c = (
      this.store.db
        .prepare(`SELECT COUNT(*) AS n FROM audit_checkpoints WHERE seq > ? AND seq <= ?`)
        .get(this.shippedCheckpointSeq(), Math.max(shipped, this.head().seq)) as { n: number }
    ).n;
    return e + c;
  }

  /** Records an acknowledged batch: entries up to `entriesUpTo`, checkpoints up to `checkpointsUpTo` (one transaction). */
  markShipped(entriesUpTo: number, checkpointsUpTo?: number): void {
    this.store.transaction(() => {
      // Read before the entry cursor moves: an old store's checkpoint cursor defaults to it.
      const cps = checkpointsUpTo ?? this.shippedCheckpointSeq();
      this.raiseState('audit.shippedSeq', entriesUpTo);
      this.raiseState('audit.shippedCheckpointSeq', cps);
    });
  }

  private raiseState(key: string, value: number): void {
    this.store.db
      .prepare(
        `INSERT INTO config_state (key, value, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET value = MAX(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER)), updated_at = excluded.updated_at`,
      )
      .run(key, String(value), this.now());
  }

  private readState(key: string): number | null {
    const r = this.store.db.prepare(`SELECT value FROM config_state WHERE key = ?`).get(key) as { value: string } | undefined;
    return r ? Number(r.value) : null;
  }

  /** The highest sequence number the back office has acknowledged. */
  shippedSeq(): number {
    return this.readState('audit.shippedSeq') ?? 0;
  }

  /**
   * The newest checkpoint the back office has acknowledged. A store written before checkpoints
   * had their own cursor shipped them with the entries they covered, so it starts at the entry cursor.
   */
  shippedCheckpointSeq(): number {
    return this.readState('audit.shippedCheckpointSeq') ?? this.shippedSeq();
  }

  /** The newest signed checkpoint, or null. */
  lastCheckpoint(): AuditCheckpoint | null {
    return (
      (this.store.db
        .prepare(`SELECT seq, at, terminal_id AS terminalId, hash, signature FROM audit_checkpoints ORDER BY seq DESC LIMIT 1`)
        .get() as AuditCheckpoint | undefined) ?? null
    );
  }

  /**
   * Deletes shipped entries older than `before`, but only up to a signed checkpoint, so that
   * what stays still verifies: the first kept entry links to that checkpoint's hash.
   */
  purge(before: number): number {
    return this.store.transaction(() => {
      const cp = this.store.db
        .prepare(
          `SELECT c.seq FROM audit_checkpoints c
           WHERE c.seq <= ? AND c.seq <= COALESCE((SELECT MIN(seq) - 1 FROM audit_log WHERE at >= ?), (SELECT MAX(seq) FROM audit_log))
           ORDER BY c.seq DESC LIMIT 1`,
        )
        .get(this.shippedSeq(), before) as { seq: number } | undefined;
      if (!cp) return 0;
      return this.store.db.prepare(`DELETE FROM audit_log WHERE seq <= ?`).run(cp.seq).changes;
    });
  }
}
