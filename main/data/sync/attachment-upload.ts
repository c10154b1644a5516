/**
 * Uploads a submission's attachments before the submission itself (docs/materials.md,
 * "Delivery"). Each attachment is declared under its own id (`createAttachment`, the id is the
 * Idempotency-Key): the answer says how many bytes the back office already holds, so an upload cut
 * by a crash, a timeout or a lost answer resumes there, never sends a byte twice for nothing and
 * never makes a second copy. Chunks go with `Content-Range`. A hash refusal (the back office
 * discarded what it got) starts the file again, a few times per round; a gap (409) asks where to
 * go on from. Bytes are opened from the store one chunk at a time — the next chunk's segment is
 * read and unsealed while the current chunk is on the wire, the first one while the declaration
 * is — wiped once sent, and never logged.
 */
import type { Logger } from 'pino';
import { formatContentRange } from '../../../common/content-range.js';
import { err, ok, type Result } from '../../../common/result.js';
import type { BackofficeClient, BackofficeError } from '../backoffice-client/client.js';
import type { PersonalDataCipher } from '../privacy/personal-cipher.js';
import type { AttachmentRepo, AttachmentRow } from '../store/attachment-repo.js';
import { attachmentAad, attachmentSegmentAad } from './outbox.js';

export interface AttachmentUploaderOptions {
  repo: AttachmentRepo;
  cipher: PersonalDataCipher;
  client: Pick<BackofficeClient, 'call'>;
  terminalId: string;
  /** Bytes per `PUT`. */
  chunkBytes: number;
  log: Logger;
  /** Whole-file restarts after hash refusals before the round gives up (retried later with back-off). */
  maxHashRestarts?: number;
}

/** A chunk opened ahead of its `PUT`: bytes [at, end) of the file. */
interface Opened {
  at: number;
  end: number;
  bytes: Buffer;
}

/** Lets a request just started reach its socket before the event loop is held by store reads. */
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class AttachmentUploader {
  constructor(private readonly o: AttachmentUploaderOptions) {}

  /** Makes every attachment of the submission complete at the back office; an error leaves the rest for the next round. */
  async uploadFor(outboxKey: string): Promise<Result<number, BackofficeError>> {
    let done = 0;
    for (const row of this.o.repo.pending(outboxKey)) {
      const r = await this.upload(row);
      if (!r.ok) return r;
      this.o.repo.markUploaded(row.id);
      done += 1;
    }
    return ok(done);
  }

  private async upload(row: AttachmentRow): Promise<Result<void, BackofficeError>> {
    const file = new SealedFile(this.o.repo, this.o.cipher, row);
    try {
      const restarts = this.o.maxHashRestarts ?? 3;
      for (let attempt = 0; attempt <= restarts; attempt++) {
        const declaring = this.o.client.call('createAttachment', {
          idempotencyKey: row.id,
          body: {
            terminalId: this.o.terminalId,
            applicationNo: row.applicationNo,
            materialId: row.materialId,
            mediaType: 'application/pdf',
            size: row.size,
            sha256: row.sha256,
          },
        });
        // Most uploads start at byte 0: open the first chunk while the declaration is on the wire.
        await turn();
        const first = this.open(file, 0);
        const declared = await declaring;
        if (!first.ok) return first;
        if (!declared.ok) {
          first.value.bytes.fill(0);
          return err(declared.error);
        }
        const sent = await this.sendFrom(row, file, declared.value.received, first.value);
        if (sent.ok) return ok(undefined);
        if (sent.error.remoteCode !== 'attachment-hash-mismatch') return sent;
        this.o.repo.noteHashFailure(row.id);
        this.o.log.warn({ attachment: row.id, attempt }, "back office refused an attachment's hash; uploading it again");
      }
      // Still damaged on the way: a transient fault of the path, retried with back-off.
      return err('bo-bad-response', `attachment ${row.id}: the back office kept refusing its hash`);
    } finally {
      file.wipe();
    }
  }

  /** The chunk that starts at `at`, opened from the store. */
  private open(file: SealedFile, at: number): Result<Opened, BackofficeError> {
    const end = Math.min(file.size, at + this.o.chunkBytes);
    const bytes = file.read(at, end);
    return bytes.ok ? ok({ at, end, bytes: bytes.value }) : bytes;
  }

  /**
   * Sends chunks from `received` to the end, each chunk's successor opened while it is on the
   * wire; every opened chunk is wiped once answered or not needed. An error ends the attempt (a
   * hash refusal included).
   */
  private async sendFrom(
    row: AttachmentRow,
    file: SealedFile,
    received: number,
    ahead: Opened | null,
  ): Promise<Result<void, BackofficeError>> {
    let at = received;
    let gaps = 0;
    let next = ahead;
    try {
      while (at < row.size) {
        let chunk: Opened;
        if (next !== null && next.at === at && next.end === Math.min(row.size, at + this.o.chunkBytes)) chunk = next;
        else {
          next?.bytes.fill(0);
          const c = this.open(file, at);
          if (!c.ok) return c;
          chunk = c.value;
        }
        next = null;
        const putting = this.o.client.call('putAttachmentChunk', {
          params: { attachmentId: row.id },
          body: undefined,
          bytes: chunk.bytes,
          contentRange: formatContentRange(chunk.at, chunk.end, row.size),
        });
        if (chunk.end < row.size) {
          await turn();
          // A failure here shows again when that chunk is opened for its PUT.
          const n = this.open(file, chunk.end);
          if (n.ok) next = n.value;
        }
        const r = await putting;
        chunk.bytes.fill(0);
        if (r.ok) {
          if (r.value.received <= at || r.value.received > row.size)
            return err(
              'bo-bad-response',
              `attachment ${row.id}: the back office holds ${r.value.received} bytes after a chunk at ${at}`,
            );
          at = r.value.received;
          continue;
        }
        if (r.error.remoteCode === 'attachment-range-gap' && gaps++ < 3) {
          // The back office holds fewer bytes than we thought (it lost some): ask, go on from there.
          const s = await this.o.client.call('getAttachment', { params: { attachmentId: row.id }, body: undefined });
          if (!s.ok) return err(s.error);
          at = Math.min(s.value.received, row.size);
          continue;
        }
        return err(r.error);
      }
      return ok(undefined);
    } finally {
      next?.bytes.fill(0);
    }
  }
}

/**
 * An attachment's plaintext read from its sealed segments, a range at a time. A range that is a
 * whole segment (the upload chunk is the segment size unless `attachments.chunkKiB` changed since
 * the file was queued) is that segment's opened bytes, handed over without a copy; any other
 * range is copied out of the segments it spans, the last one kept open for the next range and
 * wiped when it is left or the file is done with.
 */
class SealedFile {
  readonly size: number;
  private readonly seg: number;
  private readonly count: number;
  private kept: { seq: number; bytes: Buffer } | null = null;

  constructor(
    private readonly repo: AttachmentRepo,
    private readonly cipher: PersonalDataCipher,
    private readonly row: AttachmentRow,
  ) {
    this.size = row.size;
    // Before migration 3 an attachment was one value, sealed whole.
    this.seg = row.segmentBytes > 0 ? row.segmentBytes : row.size;
    this.count = Math.ceil(row.size / this.seg);
  }

  /** Bytes [at, end) of the file, for the caller to wipe. */
  read(at: number, end: number): Result<Buffer, BackofficeError> {
    const seq = Math.floor(at / this.seg);
    if (at === seq * this.seg && end === Math.min(this.size, at + this.seg)) {
      if (this.kept?.seq !== seq) return this.segment(seq);
      const whole = this.kept.bytes;
      this.kept = null;
      return ok(whole);
    }
    const out = Buffer.allocUnsafe(end - at);
    for (let pos = at; pos < end;) {
      const s = Math.floor(pos / this.seg);
      if (this.kept?.seq !== s) {
        this.wipe();
        const opened = this.segment(s);
        if (!opened.ok) {
          out.fill(0);
          return opened;
        }
        this.kept = { seq: s, bytes: opened.value };
      }
      const from = pos - s * this.seg;
      pos += this.kept.bytes.copy(out, pos - at, from, Math.min(this.kept.bytes.length, from + end - pos));
    }
    return ok(out);
  }

  wipe(): void {
    this.kept?.bytes.fill(0);
    this.kept = null;
  }

  private segment(seq: number): Result<Buffer, BackofficeError> {
    const id = this.row.id;
    const sealed = this.repo.segment(id, seq);
    if (sealed === null) return err('bo-invalid-request', `attachment ${id} has no bytes left in the store`);
    const aad =
      this.row.segmentBytes > 0
        ? attachmentSegmentAad(id, this.row.sha256, this.seg, seq, this.count)
        : attachmentAad(id, this.row.sha256);
    const opened = this.cipher.open(sealed, aad);
    if (!opened.ok) return err('bo-invalid-request', `attachment ${id} cannot be decrypted with this terminal key`);
    if (opened.value.length !== Math.min(this.seg, this.size - seq * this.seg)) {
      opened.value.fill(0);
      return err('bo-invalid-request', `attachment ${id}: segment ${seq} has the wrong length`);
    }
    return opened;
  }
}
