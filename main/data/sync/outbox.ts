/**
 * The durable outbox: what the kiosk owes the back office. `enqueue` validates the request
 * against the contract, seals it and commits it (with its audit entry) in one transaction
 * under `synchronous=FULL` before returning, so a receipt printed afterwards never lies.
 * Delivery is the `OutboxWorker`'s job.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { ListenerSet } from '../../../common/listeners.js';
import { err, ok, type Result } from '../../../common/result.js';
import type { AuditLog, DetailValue } from '../audit/audit-log.js';
import * as S from '../backoffice-client/schemas.js';
import type { PersonalDataCipher } from '../privacy/personal-cipher.js';
import type { AttachmentRepo, NewAttachment } from '../store/attachment-repo.js';
import type { OutboxKind, OutboxRepo, OutboxRow } from '../store/outbox-repo.js';
import type { Store } from '../store/store.js';

/** What the queue holds for one row: the path parameters and the request body. */
export interface OutboxPayload {
  params?: Record<string, string>;
  body: Record<string, unknown>;
}

export interface EnqueueReceipt {
  /** Idempotency key: the back office dedupes on it. */
  key: string;
  id: number;
  /** Always `queued`: delivery happens after the commit; the receipt can say so. */
  state: 'queued';
  /** Whether the back office answered the last attempt; false → print "will be sent when online". */
  backofficeOnline: boolean;
}

/**
 * `attachments-full`: the submission's attachments would take the store past
 * `attachments.maxStoreMB` (nothing was queued; staff get an urgent alert).
 */
export type EnqueueResult = Result<EnqueueReceipt, 'invalid-payload' | 'duplicate-key' | 'attachments-full'>;

/** A material's PDF handed over with a submission (`submitApplication(body, { attachments })`). */
export interface AttachmentInput {
  /** The catalog material: the body's `materials[].kind` it belongs to. */
  materialId: string;
  pdf: Uint8Array;
}

export interface AttachmentLimits {
  /** Sealed bytes the store may hold for attachments not yet delivered. */
  maxStoreBytes: number;
  /** Largest single PDF. */
  maxFileBytes: number;
  /** Plaintext bytes per sealed segment (the upload chunk, so that a chunk opens one segment). */
  segmentBytes: number;
}

/** Associated data of an attachment sealed as one value (rows written before migration 3). */
export function attachmentAad(id: string, sha256: string): string {
  return `attachment:${id}:${sha256}`;
}

/**
 * Associated data of one segment: it opens only as this attachment's segment `seq` of `count`
 * segments of `segmentBytes`, so segments cannot be swapped, dropped, moved to another
 * attachment or read at another offset.
 */
export function attachmentSegmentAad(id: string, sha256: string, segmentBytes: number, seq: number, count: number): string {
  return `attachment:${id}:${sha256}:${segmentBytes}:${seq}/${count}`;
}

/** Least time between two `attachments-full` alerts to staff. */
const FULL_ALERT_EVERY_MS = 15 * 60_000;

class AttachmentsFull extends Error {}

export const KIND_SCHEMA = {
  submission: S.SubmitApplicationRequest,
  deposit: S.DepositRequest,
  rating: S.RatingRequest,
  report: S.ReportRequest,
  collected: S.MarkCollectedRequest,
  urgent: S.UrgentEventRequest,
} as const satisfies Record<OutboxKind, z.ZodObject>;

export type KindBody<K extends OutboxKind> = Omit<z.input<(typeof KIND_SCHEMA)[K]>, 'terminalId'>;

export interface OutboxOptions {
  store: Store;
  repo: OutboxRepo;
  cipher: PersonalDataCipher;
  audit: AuditLog | null;
  terminalId: string;
  now?: () => number;
  /** Reports whether the back office is reachable (from the worker). */
  online?: () => boolean;
  /** Where attachments are sealed, and their limits; without it, `submitApplication` takes none. */
  attachments?: { repo: AttachmentRepo; limits: AttachmentLimits };
  /** Told (without bytes or personal data) when a submission was refused for lack of room. */
  onAttachmentsFull?: (detail: { neededBytes: number; usedBytes: number; maxBytes: number }) => void;
}

export function payloadAad(idemKey: string): string {
  return `outbox:${idemKey}`;
}

/** A row just committed to the outbox, as `onEnqueue` reports it. */
export interface EnqueuedRow {
  id: number;
  kind: OutboxKind;
  key: string;
}

export class Outbox {
  private readonly now: () => number;
  private readonly listeners = new ListenerSet<EnqueuedRow>('OutboxEnqueueListenerWarning');
  constructor(private readonly o: OutboxOptions) {
    this.now = o.now ?? Date.now;
  }

  /** Called after every commit (the worker listens to deliver promptly). */
  onEnqueue(listener: (row: EnqueuedRow) => void): () => void {
    return this.listeners.add(listener);
  }

  private lastFullAlert = Number.NEGATIVE_INFINITY;

  /**
   * Queues an application. With `attachments` (one PDF per material, `materialId` = the body's
   * `materials[].kind`), each PDF is sealed into the store in the same transaction as the
   * submission, and the body's material names it (`attachmentId`); the worker uploads them before
   * the submission. Refused as `invalid-payload` (not a PDF, too large, no such material, named
   * twice, no receipt number) or `attachments-full` (the store's room for attachments is used up).
   */
  submitApplication(
    body: KindBody<'submission'>,
    opts: { key?: string; actor?: string; attachments?: readonly AttachmentInput[] } = {},
  ): EnqueueResult {
    const { attachments = [], ...rest } = opts;
    const base = {
      ...rest,
      subjectId: body.applicant.idNumber,
      audit: {
        type: 'submission',
        detail: { matter: body.matterCode, ...(attachments.length > 0 ? { attachments: attachments.length } : {}) },
      },
    };
    if (attachments.length === 0) return this.enqueue('submission', body, base);
    const prepared = this.prepareAttachments(body, attachments);
    if (!prepared.ok) return prepared;
    const { withIds, rows } = prepared.value;
    const store = this.o.attachments;
    if (!store) return err('invalid-payload', 'this outbox takes no attachments');
    const needed = rows.reduce((n, r) => r.segments.reduce((m, s) => m + s.length, n), 0);
    let used = 0;
    const result = this.enqueue('submission', withIds, {
      ...base,
      within: (key, subject) => {
        used = store.repo.usedBytes();
        if (used + needed > store.limits.maxStoreBytes) throw new AttachmentsFull();
        for (const r of rows) store.repo.insert({ ...r, outboxKey: key, subject });
      },
    });
    if (!result.ok && result.error.code === 'attachments-full') {
      const now = this.now();
      if (now - this.lastFullAlert >= FULL_ALERT_EVERY_MS) {
        this.lastFullAlert = now;
        this.o.onAttachmentsFull?.({ neededBytes: needed, usedBytes: used, maxBytes: store.limits.maxStoreBytes });
      }
    }
    return result;
  }

  /**
   * Checks and seals the PDFs (outside the transaction: the CPU work) in segments of
   * `limits.segmentBytes`, and names them in the body.
   */
  private prepareAttachments(
    body: KindBody<'submission'>,
    attachments: readonly AttachmentInput[],
  ): Result<{ withIds: KindBody<'submission'>; rows: Array<Omit<NewAttachment, 'outboxKey' | 'subject'>> }, 'invalid-payload'> {
    const limits = this.o.attachments?.limits;
    if (!limits) return err('invalid-payload', 'this outbox takes no attachments');
    const applicationNo = body.receipt?.applicationNo;
    if (!applicationNo) return err('invalid-payload', 'submission: attachments need receipt.applicationNo');
    const materials = body.materials ?? [];
    const ids = new Map<string, string>();
    const rows: Array<Omit<NewAttachment, 'outboxKey' | 'subject'>> = [];
    const now = this.now();
    for (const a of attachments) {
      if (!materials.some((m) => m.kind === a.materialId))
        return err('invalid-payload', `submission: attachment for ${a.materialId}, which is not among the materials`);
      if (ids.has(a.materialId)) return err('invalid-payload', `submission: two attachments for ${a.materialId}`);
      if (a.pdf.length === 0 || a.pdf.length > limits.maxFileBytes)
        return err(
          'invalid-payload',
          `submission: attachment ${a.materialId} has ${a.pdf.length} bytes (1…${limits.maxFileBytes})`,
        );
      if (Buffer.from(a.pdf.buffer, a.pdf.byteOffset, Math.min(5, a.pdf.length)).toString('latin1') !== '%PDF-')
        return err('invalid-payload', `submission: attachment ${a.materialId} is not a PDF`);
      const id = `att-${randomUUID()}`;
      const sha256 = createHash('sha256').update(a.pdf).digest('hex');
      ids.set(a.materialId, id);
      const plain = Buffer.from(a.pdf.buffer, a.pdf.byteOffset, a.pdf.byteLength);
      const seg = limits.segmentBytes;
      const count = Math.ceil(plain.length / seg);
      const segments = Array.from({ length: count }, (_, seq) =>
        this.o.cipher.seal(plain.subarray(seq * seg, (seq + 1) * seg), attachmentSegmentAad(id, sha256, seg, seq, count)),
      );
      rows.push({
        id,
        applicationNo,
        materialId: a.materialId,
        size: a.pdf.length,
        sha256,
        segmentBytes: seg,
        segments,
        createdAt: now,
      });
    }
    const withIds = {
      ...body,
      materials: materials.map((m) => {
        const id = ids.get(m.kind);
        return id === undefined ? m : { ...m, attachmentId: id };
      }),
    };
    return ok({ withIds, rows });
  }

  deposit(body: KindBody<'deposit'>, opts: { key?: string; actor?: string } = {}): EnqueueResult {
    return this.enqueue('deposit', body, {
      ...opts,
      subjectId: body.depositor.idNumber,
      audit: { type: 'deposit', detail: { locker: body.lockerId, cell: body.cell } },
    });
  }

  rating(body: KindBody<'rating'>, opts: { key?: string } = {}): EnqueueResult {
    const r = this.enqueue('rating', body, { ...opts, audit: null });
    if (r.ok) {
      this.o.store.db
        .prepare(`INSERT INTO ratings (outbox_id, level, matter, at) VALUES (?, ?, ?, ?)`)
        .run(r.value.id, body.level, body.matterCode ?? null, this.now());
    }
    return r;
  }

  report(body: KindBody<'report'>, opts: { key?: string } = {}): EnqueueResult {
    const r = this.enqueue('report', body, { ...opts, audit: null });
    if (r.ok) {
      this.o.store.db
        .prepare(`INSERT INTO reports (outbox_id, grid_id, category, at) VALUES (?, ?, ?, ?)`)
        .run(r.value.id, body.gridId, body.category, this.now());
    }
    return r;
  }

  collected(
    pickupId: string,
    body: KindBody<'collected'>,
    opts: { key?: string; subjectId?: string; actor?: string } = {},
  ): EnqueueResult {
    return this.enqueue('collected', body, {
      ...opts,
      key: opts.key ?? `collected:${pickupId}`,
      params: { pickupId },
      audit: { type: 'pickup-collected', detail: { pickupId, method: body.method } },
    });
  }

  urgent(body: KindBody<'urgent'>, opts: { key?: string } = {}): EnqueueResult {
    return this.enqueue('urgent', body, { ...opts, audit: null });
  }

  /** The generic enqueue: validate, seal, insert and audit in one durable transaction. */
  enqueue<K extends OutboxKind>(
    kind: K,
    body: KindBody<K>,
    opts: {
      key?: string;
      params?: Record<string, string>;
      subjectId?: string;
      actor?: string;
      audit: { type: string; detail: Record<string, DetailValue> } | null;
      /** More rows written in the same transaction (a submission's attachments); may throw to roll back. */
      within?: (key: string, subject: string | null) => void;
    },
  ): EnqueueResult {
    const parsed = KIND_SCHEMA[kind].safeParse({ ...body, terminalId: this.o.terminalId });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return err('invalid-payload', `${kind}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
    }
    const key = opts.key ?? `${kind}:${this.o.terminalId}:${randomUUID()}`;
    const payload: OutboxPayload = {
      body: parsed.data,
      ...(opts.params ? { params: opts.params } : {}),
    };
    const subject = opts.subjectId !== undefined ? this.o.cipher.lookupKey(opts.subjectId) : null;
    const sealed = this.o.cipher.sealJson(payload, payloadAad(key));
    const now = this.now();
    let id: number;
    try {
      id = this.o.store.transaction(() => {
        const rowId = this.o.repo.insert(kind, key, subject, sealed, now);
        opts.within?.(key, subject);
        if (opts.audit && this.o.audit) {
          this.o.audit.append({
            type: opts.audit.type,
            actor: opts.actor ?? 'citizen',
            subject,
            detail: { ...opts.audit.detail, outboxKey: key },
            at: now,
          });
        }
        return rowId;
      });
    } catch (e) {
      if (e instanceof AttachmentsFull) return err('attachments-full', `${kind}: no room left for its attachments`);
      if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
        return err('duplicate-key', `${kind}: key ${key} is already queued`);
      }
      throw e;
    }
    this.listeners.emit({ id, kind, key });
    return ok({ key, id, state: 'queued', backofficeOnline: this.o.online?.() ?? false });
  }

  /** Decrypts a queued row's payload (for the worker). */
  openPayload(row: OutboxRow): OutboxPayload | null {
    const r = this.o.cipher.openJson(row.payload, payloadAad(row.idemKey));
    return r.ok ? (r.value as OutboxPayload) : null;
  }

  state(key: string): { state: OutboxRow['state']; remoteRef: string | null; lastError: string | null } | null {
    const row = this.o.repo.byKey(key);
    return row ? { state: row.state, remoteRef: row.remoteRef, lastError: row.lastError } : null;
  }
}
