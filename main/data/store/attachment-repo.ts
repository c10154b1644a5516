/**
 * SQL over the `attachments` and `attachment_segments` tables. Bytes arrive here already sealed,
 * in segments (migration 3); this file never sees a PDF.
 */
import type { Statement } from 'better-sqlite3';
import type { Store } from './store.js';

export type AttachmentState = 'queued' | 'uploaded' | 'sent' | 'rejected';

export interface AttachmentRow {
  id: string;
  outboxKey: string;
  applicationNo: string;
  materialId: string;
  size: number;
  sha256: string;
  /** Plaintext bytes per sealed segment (the last one shorter); 0: one value sealed whole (before migration 3). */
  segmentBytes: number;
  state: AttachmentState;
  hashFailures: number;
  createdAt: number;
  sentAt: number | null;
}

/** What is kept of an attachment for the citizen's "my data": never its bytes. */
export interface AttachmentRecord {
  id: string;
  materialId: string;
  size: number;
  sha256: string;
  state: AttachmentState;
  createdAt: number;
  sentAt: number | null;
}

interface Raw {
  id: string;
  outbox_key: string;
  application_no: string;
  material_id: string;
  size: number;
  sha256: string;
  segment_bytes: number;
  state: AttachmentState;
  hash_failures: number;
  created_at: number;
  sent_at: number | null;
}

export interface NewAttachment {
  id: string;
  outboxKey: string;
  subject: string | null;
  applicationNo: string;
  materialId: string;
  size: number;
  sha256: string;
  /** Plaintext bytes per segment. */
  segmentBytes: number;
  /** The sealed segments, in order (`ceil(size / segmentBytes)` of them). */
  segments: readonly Buffer[];
  createdAt: number;
}

export class AttachmentRepo {
  private readonly sInsert: Statement<[string, string, string | null, string, string, number, string, number, number, number]>;
  private readonly sInsertSegment: Statement<[string, number, Buffer]>;
  private readonly sSegment: Statement<[string, number], { sealed: Buffer }>;
  private readonly sDropBytes: Statement<[string]>;
  private readonly sPending: Statement<[string], Raw>;
  private readonly sUsed: Statement<[], { n: number }>;
  private readonly sUploaded: Statement<[string]>;
  private readonly sHashFailure: Statement<[string]>;
  private readonly sFinish: Statement<[string, number | null, string]>;
  private readonly sOf: Statement<[string], Raw>;
  private readonly sBySubject: Statement<[string, number, number], Raw>;

  constructor(private readonly store: Store) {
    const db = store.db;
    this.sInsert = db.prepare(
      `INSERT INTO attachments (id, outbox_key, subject, application_no, material_id, size, sha256, segment_bytes, sealed_bytes, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.sInsertSegment = db.prepare(`INSERT INTO attachment_segments (id, seq, sealed) VALUES (?, ?, ?)`);
    this.sSegment = db.prepare(`SELECT sealed FROM attachment_segments WHERE id = ? AND seq = ?`);
    this.sDropBytes = db.prepare(
      `DELETE FROM attachment_segments WHERE id IN (SELECT id FROM attachments WHERE outbox_key = ? AND state IN ('queued', 'uploaded'))`,
    );
    this.sPending = db.prepare(`SELECT * FROM attachments WHERE outbox_key = ? AND state = 'queued' ORDER BY rowid`);
    this.sUsed = db.prepare(`SELECT COALESCE(SUM(sealed_bytes), 0) AS n FROM attachments`);
    this.sUploaded = db.prepare(`UPDATE attachments SET state = 'uploaded' WHERE id = ? AND state = 'queued'`);
    this.sHashFailure = db.prepare(`UPDATE attachments SET hash_failures = hash_failures + 1 WHERE id = ?`);
    this.sFinish = db.prepare(
      `UPDATE attachments SET state = ?, sent_at = ?, sealed_bytes = 0 WHERE outbox_key = ? AND state IN ('queued', 'uploaded')`,
    );
    this.sOf = db.prepare(`SELECT * FROM attachments WHERE outbox_key = ? ORDER BY rowid`);
    this.sBySubject = db.prepare(
      `SELECT * FROM attachments WHERE subject = ? AND created_at >= ? AND created_at < ? ORDER BY created_at, rowid`,
    );
  }

  /** Inserts one sealed attachment (inside the submission's transaction). */
  insert(a: NewAttachment): void {
    const sealedBytes = a.segments.reduce((n, s) => n + s.length, 0);
    this.sInsert.run(
      a.id,
      a.outboxKey,
      a.subject,
      a.applicationNo,
      a.materialId,
      a.size,
      a.sha256,
      a.segmentBytes,
      sealedBytes,
      a.createdAt,
    );
    a.segments.forEach((s, seq) => this.sInsertSegment.run(a.id, seq, s));
  }

  /** One sealed segment of an attachment, or null once purged. */
  segment(id: string, seq: number): Buffer | null {
    return this.sSegment.get(id, seq)?.sealed ?? null;
  }

  /** Bytes the sealed attachments take now (what `attachments.maxStoreMB` bounds). */
  usedBytes(): number {
    return this.sUsed.get()?.n ?? 0;
  }

  /** A submission's attachments not yet complete at the back office, in the order they were given. */
  pending(outboxKey: string): AttachmentRow[] {
    return this.sPending.all(outboxKey).map(toRow);
  }

  /** All of a submission's attachments (tests, maintenance). */
  of(outboxKey: string): AttachmentRow[] {
    return this.sOf.all(outboxKey).map(toRow);
  }

  markUploaded(id: string): void {
    this.sUploaded.run(id);
  }

  /** The back office refused the bytes it got (hash mismatch): counted; the upload starts again. */
  noteHashFailure(id: string): void {
    this.sHashFailure.run(id);
  }

  /**
   * The submission is settled: acknowledged (`sent`) or refused (`rejected`). The bytes are
   * purged either way; the row (size, hash, times) stays for "my data" until the retention purge.
   */
  finish(outboxKey: string, state: 'sent' | 'rejected', at: number): void {
    this.sDropBytes.run(outboxKey);
    this.sFinish.run(state, state === 'sent' ? at : null, outboxKey);
  }

  /** What "my data" shows: a person's attachments created in [from, to). */
  records(subject: string, from: number, to: number): AttachmentRecord[] {
    return this.sBySubject.all(subject, from, to).map((r) => ({
      id: r.id,
      materialId: r.material_id,
      size: r.size,
      sha256: r.sha256,
      state: r.state,
      createdAt: r.created_at,
      sentAt: r.sent_at,
    }));
  }

  /** Deletes settled rows created before `before` (their bytes are already gone). */
  purge(before: number): number {
    return this.store.db.prepare(`DELETE FROM attachments WHERE state IN ('sent', 'rejected') AND created_at < ?`).run(before)
      .changes;
  }
}

function toRow(r: Raw): AttachmentRow {
  return {
    id: r.id,
    outboxKey: r.outbox_key,
    applicationNo: r.application_no,
    materialId: r.material_id,
    size: r.size,
    sha256: r.sha256,
    segmentBytes: r.segment_bytes,
    state: r.state,
    hashFailures: r.hash_failures,
    createdAt: r.created_at,
    sentAt: r.sent_at,
  };
}
