/** SQL over the `outbox` table. Payloads arrive here already sealed; this file never sees plain personal data. */
import type { Statement } from 'better-sqlite3';
import type { Store } from './store.js';

export const OUTBOX_KINDS = ['submission', 'deposit', 'rating', 'report', 'collected', 'urgent'] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];
export type OutboxState = 'queued' | 'sent' | 'rejected';

export interface OutboxRow {
  id: number;
  kind: OutboxKind;
  idemKey: string;
  subject: string | null;
  payload: Buffer;
  state: OutboxState;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  remoteRef: string | null;
  createdAt: number;
  sentAt: number | null;
}

interface RawRow {
  id: number;
  kind: OutboxKind;
  idem_key: string;
  subject: string | null;
  payload: Buffer;
  state: OutboxState;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  remote_ref: string | null;
  created_at: number;
  sent_at: number | null;
}

function toRow(r: RawRow): OutboxRow {
  return {
    id: r.id,
    kind: r.kind,
    idemKey: r.idem_key,
    subject: r.subject,
    payload: r.payload,
    state: r.state,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    lastError: r.last_error,
    remoteRef: r.remote_ref,
    createdAt: r.created_at,
    sentAt: r.sent_at,
  };
}

export interface OutboxCounts {
  queued: number;
  sent: number;
  rejected: number;
  /** Creation time of the oldest queued row, or null. */
  oldestQueuedAt: number | null;
}

export class OutboxRepo {
  private readonly sInsert: Statement<[string, string, string | null, Buffer, number, number]>;
  private readonly sDue: Statement<[number, number], RawRow>;
  private readonly sSent: Statement<[number, string | null, number]>;
  private readonly sRetry: Statement<[number, string, number]>;
  private readonly sReject: Statement<[string, number]>;
  private readonly sCounts: Statement<[], { state: OutboxState; n: number; oldest: number | null }>;
  private readonly sByKey: Statement<[string], RawRow>;
  private readonly sNextDue: Statement<[], { t: number | null }>;

  constructor(private readonly store: Store) {
    const db = store.db;
    this.sInsert = db.prepare(
      `INSERT INTO outbox (kind, idem_key, subject, payload, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
    );
    this.sDue = db.prepare(`SELECT * FROM outbox WHERE state = 'queued' AND next_attempt_at <= ? ORDER BY id LIMIT ?`);
    this.sSent = db.prepare(
      `UPDATE outbox SET state = 'sent', sent_at = ?, remote_ref = ?, attempts = attempts + 1, last_error = NULL WHERE id = ? AND state = 'queued'`,
    );
    this.sRetry = db.prepare(
      `UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ? AND state = 'queued'`,
    );
    this.sReject = db.prepare(
      `UPDATE outbox SET state = 'rejected', attempts = attempts + 1, last_error = ? WHERE id = ? AND state = 'queued'`,
    );
    this.sCounts = db.prepare(`SELECT state, COUNT(*) AS n, MIN(created_at) AS oldest FROM outbox GROUP BY state`);
    this.sByKey = db.prepare(`SELECT * FROM outbox WHERE idem_key = ?`);
    this.sNextDue = db.prepare(`SELECT MIN(next_attempt_at) AS t FROM outbox WHERE state = 'queued'`);
  }

  insert(kind: OutboxKind, idemKey: string, subject: string | null, payload: Buffer, now: number): number {
    return Number(this.sInsert.run(kind, idemKey, subject, payload, now, now).lastInsertRowid);
  }

  due(now: number, limit: number): OutboxRow[] {
    return this.sDue.all(now, limit).map(toRow);
  }

  markSent(id: number, now: number, remoteRef: string | null): void {
    this.sSent.run(now, remoteRef, id);
  }

  markRetry(id: number, nextAttemptAt: number, error: string): void {
    this.sRetry.run(nextAttemptAt, error.slice(0, 500), id);
  }

  markRejected(id: number, error: string): void {
    this.sReject.run(error.slice(0, 500), id);
  }

  byKey(idemKey: string): OutboxRow | null {
    const r = this.sByKey.get(idemKey);
    return r ? toRow(r) : null;
  }

  /** Earliest `next_attempt_at` among queued rows, or null when nothing waits. */
  nextDueAt(): number | null {
    return this.sNextDue.get()?.t ?? null;
  }

  counts(): OutboxCounts {
    const out: OutboxCounts = { queued: 0, sent: 0, rejected: 0, oldestQueuedAt: null };
    for (const r of this.sCounts.all()) {
      out[r.state] = r.n;
      if (r.state === 'queued') out.oldestQueuedAt = r.oldest;
    }
    return out;
  }

  /** Deletes delivered rows older than `before` (by delivery time). */
  purgeSent(before: number): number {
    return this.store.db.prepare(`DELETE FROM outbox WHERE state = 'sent' AND sent_at < ?`).run(before).changes;
  }
}
