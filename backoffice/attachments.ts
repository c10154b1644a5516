/**
 * Attachments (a material's PDF) delivered exactly once, resumably (docs/materials.md, "Delivery").
 *
 * 1. `POST /v1/attachments` with `Idempotency-Key` = the attachment id the kiosk chose: declares
 *    the file (size, SHA-256); 201 the first time, 200 with the bytes held (`received`) on a
 *    repeat with the same declaration, 409 `idempotency-conflict` for another one under the key.
 * 2. `PUT /v1/attachments/{id}` with `Content-Range: bytes first-last/size`: a chunk. A chunk the
 *    back office already holds (wholly or partly) is fine; one that starts past `received` is a
 *    409 `attachment-range-gap`. When the last byte is in, the file is checked against its SHA-256:
 *    complete, or 422 `attachment-hash-mismatch` with every byte discarded (`received` 0) so the
 *    kiosk uploads it again. The hash is kept running as chunks come in (read back from the
 *    chunks only when it was lost: a restart, an eviction), so the last chunk does not re-read
 *    the file.
 * 3. A submission names complete attachments in `materials[].attachmentId`; they are linked to the
 *    application in the submission's transaction (409 `attachment-incomplete` otherwise).
 */
import { createHash, type Hash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { parseContentRange } from '../common/content-range.js';
import { int, oneOf, str, type Obj } from './validate.js';

export const ATTACHMENT_SCHEMA = `
  CREATE TABLE IF NOT EXISTS attachments (
    attachment_id TEXT PRIMARY KEY, terminal_id TEXT NOT NULL, application_no TEXT NOT NULL, material_id TEXT NOT NULL,
    media_type TEXT NOT NULL, size INTEGER NOT NULL, sha256 TEXT NOT NULL, declaration_hash TEXT NOT NULL,
    received INTEGER NOT NULL DEFAULT 0, state TEXT NOT NULL CHECK (state IN ('receiving', 'complete')),
    application_id TEXT, created_at INTEGER NOT NULL, completed_at INTEGER, hash_failures INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX IF NOT EXISTS attachments_application ON attachments (application_id);
  CREATE TABLE IF NOT EXISTS attachment_chunks (
    attachment_id TEXT NOT NULL, offset INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (attachment_id, offset)
  );
`;

/** Refusals, turned into `{ code, message }` answers by the router. */
export class AttachmentRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface AttachmentLimits {
  /** Largest attachment accepted, in bytes (413 `attachment-too-large` above). */
  maxBytes: number;
}

interface Row {
  attachment_id: string;
  terminal_id: string;
  application_no: string;
  material_id: string;
  size: number;
  sha256: string;
  declaration_hash: string;
  received: number;
  state: 'receiving' | 'complete';
  application_id: string | null;
}

export interface AttachmentAnswer {
  status: number;
  body: Record<string, unknown>;
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{7,199}$/;

/** Uploads in progress whose running hash is kept in memory; past it the oldest is read back at its end. */
const RUNNING_HASHES = 256;

export class AttachmentStore {
  /** SHA-256 of the first `at` bytes held, per attachment being received. */
  private readonly running = new Map<string, { at: number; hash: Hash }>();

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => number,
    private readonly limits: AttachmentLimits,
  ) {
    db.exec(ATTACHMENT_SCHEMA);
  }

  private row(id: string): Row | undefined {
    return this.db.prepare(`SELECT * FROM attachments WHERE attachment_id = ?`).get(id) as Row | undefined;
  }

  private view(r: Pick<Row, 'attachment_id' | 'received'>): Record<string, unknown> {
    return { attachmentId: r.attachment_id, received: r.received };
  }

  /** `POST /v1/attachments`: declare (or re-declare) a file under the kiosk's id. */
  create(key: string | null, b: Obj): AttachmentAnswer {
    if (key === null || !ID.test(key))
      throw new AttachmentRefusal(
        400,
        'idempotency-key-required',
        'Idempotency-Key (the attachment id, 8–200 characters) required',
      );
    const terminalId = str(b, 'terminalId', { max: 64 });
    const applicationNo = str(b, 'applicationNo', { min: 3, max: 40 });
    const materialId = str(b, 'materialId', { max: 64 });
    const mediaType = oneOf(b, 'mediaType', ['application/pdf'] as const);
    const sha256 = str(b, 'sha256', { min: 64, max: 64 });
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new AttachmentRefusal(400, 'invalid-request', 'sha256: 64 lower-case hex digits');
    const size = int(b, 'size', 1, Number.MAX_SAFE_INTEGER);
    if (size > this.limits.maxBytes)
      throw new AttachmentRefusal(413, 'attachment-too-large', `an attachment may have at most ${this.limits.maxBytes} bytes`);
    const declaration = createHash('sha256')
      .update(JSON.stringify([terminalId, applicationNo, materialId, mediaType, size, sha256]))
      .digest('hex');
    return this.db.transaction((): AttachmentAnswer => {
      const prior = this.row(key);
      if (prior) {
        if (prior.declaration_hash !== declaration)
          throw new AttachmentRefusal(409, 'idempotency-conflict', 'this attachment id was declared with other content');
        return { status: 200, body: this.view(prior) };
      }
      this.db
        .prepare(
          `INSERT INTO attachments (attachment_id, terminal_id, application_no, material_id, media_type, size, sha256, declaration_hash, state, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'receiving', ?)`,
        )
        .run(key, terminalId, applicationNo, materialId, mediaType, size, sha256, declaration, this.now());
      return { status: 201, body: { attachmentId: key, received: 0 } };
    })();
  }

  /** `GET /v1/attachments/{id}`: how many bytes are held. */
  status(id: string): AttachmentAnswer {
    const r = this.row(id);
    if (!r) throw new AttachmentRefusal(404, 'not-found', 'no attachment under this id');
    return { status: 200, body: this.view(r) };
  }

  /**
   * `PUT /v1/attachments/{id}`: one chunk. `corrupt` (fault injection) flips a byte of what is
   * stored, as a damaged transfer would.
   */
  putChunk(id: string, contentRange: string | undefined, bytes: Buffer, corrupt: boolean): AttachmentAnswer {
    const range = parseContentRange(contentRange);
    if (range === null) throw new AttachmentRefusal(400, 'bad-content-range', 'Content-Range must be "bytes first-last/size"');
    if (bytes.length !== range.last - range.first + 1)
      throw new AttachmentRefusal(400, 'bad-content-range', 'the body length differs from the Content-Range');
    return this.db.transaction((): AttachmentAnswer => {
      const r = this.row(id);
      if (!r) throw new AttachmentRefusal(404, 'not-found', 'no attachment under this id (declare it first)');
      if (range.total !== r.size) throw new AttachmentRefusal(400, 'bad-content-range', `the attachment has ${r.size} bytes`);
      if (r.state === 'complete' || range.last < r.received) return { status: 200, body: this.view(r) };
      if (range.first > r.received)
        throw new AttachmentRefusal(409, 'attachment-range-gap', `the back office holds ${r.received} bytes; send from there`);
      let fresh = bytes.subarray(r.received - range.first);
      if (corrupt && fresh.length > 0) {
        fresh = Buffer.from(fresh);
        fresh[0] = (fresh[0] ?? 0) ^ 0xff;
      }
      this.db.prepare(`INSERT INTO attachment_chunks VALUES (?, ?, ?)`).run(id, r.received, fresh);
      const received = range.last + 1;
      // The running hash goes on only from where it stopped; any other state is dropped.
      const kept = this.running.get(id);
      this.running.delete(id);
      const hash = kept?.at === r.received ? kept.hash : r.received === 0 ? createHash('sha256') : null;
      hash?.update(fresh);
      if (received < r.size) {
        this.db.prepare(`UPDATE attachments SET received = ? WHERE attachment_id = ?`).run(received, id);
        if (hash) this.keep(id, received, hash);
        return { status: 200, body: { attachmentId: id, received } };
      }
      let digest = hash;
      if (digest === null) {
        digest = createHash('sha256');
        for (const c of this.chunks(id)) digest.update(c);
      }
      if (digest.digest('hex') !== r.sha256) {
        // Nothing of a damaged file is kept: the kiosk sends it again from byte 0.
        this.db.prepare(`DELETE FROM attachment_chunks WHERE attachment_id = ?`).run(id);
        this.db.prepare(`UPDATE attachments SET received = 0, hash_failures = hash_failures + 1 WHERE attachment_id = ?`).run(id);
        return {
          status: 422,
          body: {
            code: 'attachment-hash-mismatch',
            message: 'the bytes received do not match the declared SHA-256; send it again',
          },
        };
      }
      this.db
        .prepare(`UPDATE attachments SET received = ?, state = 'complete', completed_at = ? WHERE attachment_id = ?`)
        .run(received, this.now(), id);
      return { status: 200, body: { attachmentId: id, received } };
    })();
  }

  /** Keeps a running hash (after the statements of its chunk ran), the oldest dropped past the bound. */
  private keep(id: string, at: number, hash: Hash): void {
    this.running.set(id, { at, hash });
    if (this.running.size > RUNNING_HASHES) {
      const oldest = this.running.keys().next().value;
      if (oldest !== undefined) this.running.delete(oldest);
    }
  }

  private chunks(id: string): Buffer[] {
    return (
      this.db.prepare(`SELECT data FROM attachment_chunks WHERE attachment_id = ? ORDER BY offset`).all(id) as Array<{
        data: Buffer;
      }>
    ).map((c) => c.data);
  }

  /**
   * Links the attachments a submission names to its application (called inside the submission's
   * transaction): each must be complete and declared by the same terminal, and not another
   * application's.
   */
  link(applicationId: string, terminalId: string, ids: readonly string[]): void {
    for (const id of ids) {
      const r = this.row(id);
      if (!r || r.terminal_id !== terminalId || r.state !== 'complete')
        throw new AttachmentRefusal(409, 'attachment-incomplete', `attachment ${id} is not complete at the back office`);
      if (r.application_id !== null && r.application_id !== applicationId)
        throw new AttachmentRefusal(409, 'attachment-linked', `attachment ${id} belongs to another application`);
      this.db.prepare(`UPDATE attachments SET application_id = ? WHERE attachment_id = ?`).run(applicationId, id);
    }
  }

  /** Admin: an application's attachments. */
  ofApplication(applicationId: string): Array<Record<string, unknown>> {
    return (
      this.db
        .prepare(
          `SELECT attachment_id, material_id, size, sha256, state, received, hash_failures FROM attachments WHERE application_id = ? ORDER BY created_at, attachment_id`,
        )
        .all(applicationId) as Array<Record<string, unknown>>
    ).map((r) => ({
      attachmentId: r.attachment_id,
      materialId: r.material_id,
      size: r.size,
      sha256: r.sha256,
      state: r.state,
      hashFailures: r.hash_failures,
    }));
  }

  /** Admin: a complete attachment's bytes, or null. */
  pdf(id: string): Buffer | null {
    const r = this.row(id);
    if (!r || r.state !== 'complete') return null;
    return Buffer.concat(this.chunks(id));
  }

  count(): number {
    return (this.db.prepare(`SELECT COUNT(*) AS n FROM attachments`).get() as { n: number }).n;
  }
}
