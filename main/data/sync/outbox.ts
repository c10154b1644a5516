/**
 * The durable outbox: what the kiosk owes the back office. `enqueue` validates the request
 * against the contract, seals it and commits it (with its audit entry) in one transaction
 * under `synchronous=FULL` before returning, so a receipt printed afterwards never lies.
 * Delivery is the `OutboxWorker`'s job.
 */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { ListenerSet } from '../../../common/listeners.js';
import { err, ok, type Result } from '../../../common/result.js';
import type { AuditLog, DetailValue } from '../audit/audit-log.js';
import * as S from '../backoffice-client/schemas.js';
import type { PersonalDataCipher } from '../privacy/personal-cipher.js';
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

export type EnqueueResult = Result<EnqueueReceipt, 'invalid-payload' | 'duplicate-key'>;

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

  submitApplication(body: KindBody<'submission'>, opts: { key?: string; actor?: string } = {}): EnqueueResult {
    return this.enqueue('submission', body, {
      ...opts,
      subjectId: body.applicant.idNumber,
      audit: { type: 'submission', detail: { matter: body.matterCode } },
    });
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
