/**
 * Progress lookup (办件查询) in the reference back office: what `lookupApplicationProgress`,
 * `listApplicationsByPerson` and the public `GET /s/<no>.<token>` page answer, from the
 * applications table, its state history and the pickups waiting in lockers.
 *
 * The receipt token: the kiosk sends SHA-256(token) with the application (`receipt.tokenSha256`);
 * only the paper holds the token. A lookup with the token compares digests in constant time.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type Database from 'better-sqlite3';

/** The counter a result "to collect at the counter" waits at (a province names its own). */
export const COUNTER_NAME = '综合受理窗口 General counter';

/** Columns and the history table, added to a database made before progress lookup existed. */
export function ensureProgressSchema(db: Database.Database): void {
  const cols = new Set((db.prepare(`PRAGMA table_info(applications)`).all() as { name: string }[]).map((c) => c.name));
  if (!cols.has('receipt_no')) db.exec(`ALTER TABLE applications ADD COLUMN receipt_no TEXT`);
  if (!cols.has('receipt_token_sha256')) db.exec(`ALTER TABLE applications ADD COLUMN receipt_token_sha256 TEXT`);
  if (!cols.has('delivery')) db.exec(`ALTER TABLE applications ADD COLUMN delivery TEXT`);
  db.exec(`
    CREATE UNIQUE INDEX IF NOT EXISTS applications_receipt_no ON applications (receipt_no);
    CREATE TABLE IF NOT EXISTS application_events (
      id INTEGER PRIMARY KEY, application_id TEXT NOT NULL, state TEXT NOT NULL, at INTEGER NOT NULL
    );
    CREATE INDEX IF NOT EXISTS application_events_app ON application_events (application_id);
  `);
}

/** Records a state the application entered (its history). */
export function recordState(db: Database.Database, applicationId: string, state: string, at: number): void {
  db.prepare(`INSERT INTO application_events (application_id, state, at) VALUES (?, ?, ?)`).run(applicationId, state, at);
}

export function tokenDigest(token: string): string {
  return createHash('sha256').update(token, 'ascii').digest('hex');
}

function maskName(name: string): string {
  const c = [...name.trim()];
  if (c.length <= 1) return '*';
  return (c[0] ?? '') + '*'.repeat(c.length - 1);
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

interface AppRow {
  application_id: string;
  receipt_no: string | null;
  receipt_token_sha256: string | null;
  matter_code: string;
  name: string;
  state: string;
  delivery: string | null;
  received_at: number;
  updated_at: number;
}

export interface ProgressView {
  applicationNo: string;
  applicationId: string;
  matterCode: string;
  state: string;
  submittedAt: string;
  updatedAt: string;
  history: { state: string; at: string }[];
  collection: {
    method: 'locker' | 'counter' | 'post' | 'electronic';
    lockerId: string | null;
    place: string | null;
    holdUntil: string | null;
  } | null;
  maskedName: string | null;
}

const COLUMNS = `application_id, receipt_no, receipt_token_sha256, matter_code, name, state, delivery, received_at, updated_at`;

export class ProgressBook {
  constructor(
    private readonly db: Database.Database,
    private readonly now: () => number,
  ) {}

  /** An application by the receipt's number or the back office's own id; undefined when there is none. */
  find(applicationNo: string): AppRow | undefined {
    return this.db
      .prepare(`SELECT ${COLUMNS} FROM applications WHERE receipt_no = ? OR application_id = ? LIMIT 1`)
      .get(applicationNo, applicationNo) as AppRow | undefined;
  }

  /** Whether `token` is this application's receipt token (constant-time on the digests). */
  tokenMatches(row: AppRow, token: string): boolean {
    if (row.receipt_token_sha256 === null) return false;
    const a = Buffer.from(tokenDigest(token), 'hex');
    const b = Buffer.from(row.receipt_token_sha256, 'hex');
    return a.length === b.length && timingSafeEqual(a, b);
  }

  byPerson(idNumber: string): ProgressView[] {
    const rows = this.db
      .prepare(`SELECT ${COLUMNS} FROM applications WHERE id_number = ? ORDER BY received_at DESC, application_id DESC LIMIT 100`)
      .all(idNumber) as AppRow[];
    return rows.map((r) => this.view(r, true));
  }

  view(r: AppRow, showName: boolean): ProgressView {
    const events = this.db
      .prepare(`SELECT state, at FROM application_events WHERE application_id = ? ORDER BY at, id`)
      .all(r.application_id) as { state: string; at: number }[];
    const history = events.length > 0 ? events : [{ state: 'received', at: r.received_at }];
    const last = history.at(-1);
    if (last && last.state !== r.state) history.push({ state: r.state, at: r.updated_at });
    return {
      applicationNo: r.receipt_no ?? r.application_id,
      applicationId: r.application_id,
      matterCode: r.matter_code,
      state: r.state,
      submittedAt: iso(r.received_at),
      updatedAt: iso(r.updated_at),
      history: history.slice(-100).map((e) => ({ state: e.state, at: iso(e.at) })),
      collection: this.collection(r),
      maskedName: showName ? maskName(r.name) : null,
    };
  }

  private collection(r: AppRow): ProgressView['collection'] {
    const p = this.db
      .prepare(
        `SELECT locker_id, cell, hold_until FROM pickups WHERE application_id = ? AND state = 'ready' AND hold_until > ? ORDER BY ready_at DESC LIMIT 1`,
      )
      .get(r.application_id, this.now()) as { locker_id: string | null; cell: string | null; hold_until: number } | undefined;
    if (p) return { method: 'locker', lockerId: p.locker_id, place: p.cell, holdUntil: iso(p.hold_until) };
    if (r.state !== 'approved' && r.state !== 'ready-for-pickup') return null;
    if (r.delivery === 'post') return { method: 'post', lockerId: null, place: null, holdUntil: null };
    if (r.delivery === 'electronic') return { method: 'electronic', lockerId: null, place: null, holdUntil: null };
    // At the counter: chosen so, or ready and not (yet) put in a locker by staff.
    if (r.delivery === 'window' || r.state === 'ready-for-pickup')
      return { method: 'counter', lockerId: null, place: COUNTER_NAME, holdUntil: null };
    return null;
  }
}
