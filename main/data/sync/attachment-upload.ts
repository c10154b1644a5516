/**
 * Uploads a submission's attachments before the submission itself (docs/materials.md,
 * "Delivery"). Each attachment is declared under its own id (`createAttachment`, the id is the
 * Idempotency-Key): the answer says how many bytes the back office already holds, so an upload cut
 * by a crash, a timeout or a lost answer resumes there, never sends a byte twice for nothing and
 * never makes a second copy. Chunks go with `Content-Range`. A hash refusal (the back office
 * discarded what it got) starts the file again, a few times per round; a gap (409) asks where to
 * go on from. Bytes are opened from the store one attachment at a time and never logged.
 */
import type { Logger } from 'pino';
import { formatContentRange } from '../../../common/content-range.js';
import { err, ok, type Result } from '../../../common/result.js';
import type { BackofficeClient, BackofficeError } from '../backoffice-client/client.js';
import type { PersonalDataCipher } from '../privacy/personal-cipher.js';
import type { AttachmentRepo, AttachmentRow } from '../store/attachment-repo.js';
import { attachmentAad } from './outbox.js';

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
    const sealed = this.o.repo.sealed(row.id);
    if (sealed === null) return err('bo-invalid-request', `attachment ${row.id} has no bytes left in the store`);
    const opened = this.o.cipher.open(sealed, attachmentAad(row.id, row.sha256));
    if (!opened.ok) return err('bo-invalid-request', `attachment ${row.id} cannot be decrypted with this terminal key`);
    const pdf = opened.value;
    try {
      const restarts = this.o.maxHashRestarts ?? 3;
      for (let attempt = 0; attempt <= restarts; attempt++) {
        const declared = await this.o.client.call('createAttachment', {
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
        if (!declared.ok) return err(declared.error);
        const sent = await this.sendFrom(row, pdf, declared.value.received);
        if (sent.ok) return ok(undefined);
        if (sent.error.remoteCode !== 'attachment-hash-mismatch') return sent;
        this.o.repo.noteHashFailure(row.id);
        this.o.log.warn({ attachment: row.id, attempt }, "back office refused an attachment's hash; uploading it again");
      }
      // Still damaged on the way: a transient fault of the path, retried with back-off.
      return err('bo-bad-response', `attachment ${row.id}: the back office kept refusing its hash`);
    } finally {
      pdf.fill(0);
    }
  }

  /** Sends chunks from `received` to the end; an error ends the attempt (a hash refusal included). */
  private async sendFrom(row: AttachmentRow, pdf: Buffer, received: number): Promise<Result<void, BackofficeError>> {
    let at = received;
    let gaps = 0;
    while (at < row.size) {
      const end = Math.min(row.size, at + this.o.chunkBytes);
      const r = await this.o.client.call('putAttachmentChunk', {
        params: { attachmentId: row.id },
        body: undefined,
        bytes: pdf.subarray(at, end),
        contentRange: formatContentRange(at, end, row.size),
      });
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
  }
}
