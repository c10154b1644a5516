/**
 * Delivers the outbox to the back office: oldest first, a few requests in flight, results of
 * a batch committed together. Each request carries the row's idempotency key, so a retry
 * after a lost answer (crash, timeout) creates nothing new at the back office.
 *
 * Transient failures (unreachable, timeout, 5xx, malformed answer) put the row back with
 * exponential back-off and jitter and pause the whole queue for as long; a refusal (400/422,
 * 409) marks the row `rejected`: kept, counted, shown to maintenance, never retried blindly.
 * The audit chain is shipped in batches by the same loop.
 */
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { ListenerSet } from '../../../common/listeners.js';
import { err, ok, type Result } from '../../../common/result.js';
import type { AuditLog } from '../audit/audit-log.js';
import { isTransient, type BackofficeClient, type BackofficeError } from '../backoffice-client/client.js';
import type { OperationName } from '../backoffice-client/operations.js';
import type { AttachmentRepo } from '../store/attachment-repo.js';
import type { OutboxKind, OutboxRepo, OutboxRow } from '../store/outbox-repo.js';
import type { Store } from '../store/store.js';
import { backoffDelay, type BackoffPolicy } from './backoff.js';
import type { AttachmentUploader } from './attachment-upload.js';
import type { Outbox } from './outbox.js';

export const OPERATION_OF: Record<OutboxKind, OperationName> = {
  submission: 'submitApplication',
  deposit: 'createDeposit',
  rating: 'submitRating',
  report: 'submitReport',
  collected: 'markCollected',
  urgent: 'reportUrgentEvent',
};

/**
 * The idempotency key of an audit batch: the terminal, the range of entries and the checkpoints
 * (seq and hash), so the same batch always gets the same key and a different batch never does.
 */
export function auditBatchKey(
  terminalId: string,
  entries: ReadonlyArray<{ seq: number; hash: string }>,
  checkpoints: ReadonlyArray<{ seq: number; hash: string }>,
): string {
  const digest = createHash('sha256')
    .update(JSON.stringify([entries.map((e) => [e.seq, e.hash]), checkpoints.map((c) => [c.seq, c.hash])]))
    .digest('hex')
    .slice(0, 32);
  const first = entries[0]?.seq ?? 0;
  const last = entries[entries.length - 1]?.seq ?? 0;
  return `audit:${terminalId}:${first}-${last}:${digest}`;
}

export interface SyncStatus {
  /** Whether the back office answered the last attempt; null before the first one. */
  online: boolean | null;
  queued: number;
  rejected: number;
  sent: number;
  /** Age of the oldest queued row, in seconds, or null. */
  oldestQueuedAgeSeconds: number | null;
  lastError: { code: string; message: string; at: number } | null;
  lastSuccessAt: number | null;
  lastAttemptAt: number | null;
  /** Audit entries not yet shipped. */
  auditPending: number;
  running: boolean;
}

export interface OutboxWorkerOptions {
  store: Store;
  outbox: Outbox;
  repo: OutboxRepo;
  client: BackofficeClient;
  audit: AuditLog | null;
  terminalId: string;
  /** PEM of the terminal's audit public key, sent with every audit batch. */
  publicKeyPem: string;
  log: Logger;
  backoff: BackoffPolicy;
  /** Rows taken per round. */
  batchSize: number;
  /** Requests in flight at once. */
  parallel: number;
  /** Longest sleep between rounds when nothing is due (new rows wake the loop at once). */
  pollMs: number;
  /** Ship the audit chain at least this often (and whenever 500 entries wait). */
  auditEveryMs: number;
  now?: () => number;
  random?: () => number;
  /** A submission's attachments: uploaded before it, purged once it is settled. */
  attachments?: { repo: AttachmentRepo; uploader: AttachmentUploader };
}

/** A delivery attempt: the back office's reference for the row (null when it gave none), or why it failed. */
interface Outcome {
  row: OutboxRow;
  result: Result<string | null, BackofficeError>;
}

export class OutboxWorker {
  private readonly now: () => number;
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private timer: NodeJS.Timeout | null = null;
  private pausedUntil = 0;
  private failures = 0;
  private lastAuditShip = 0;
  private st: Pick<SyncStatus, 'online' | 'lastError' | 'lastSuccessAt' | 'lastAttemptAt'> = {
    online: null,
    lastError: null,
    lastSuccessAt: null,
    lastAttemptAt: null,
  };
  private readonly listeners = new ListenerSet<SyncStatus>('SyncStatusListenerWarning');
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly o: OutboxWorkerOptions) {
    this.now = o.now ?? Date.now;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.unsubscribe = this.o.outbox.onEnqueue(() => this.kick());
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.kick();
    await this.loop;
    this.loop = null;
  }

  /** Wakes the loop (new row, network back, maintenance "sync now"). */
  kick(): void {
    this.wake?.();
  }

  /** Ships the audit chain on the next round, without waiting for `auditEveryMs` (a new checkpoint). */
  shipAuditSoon(): void {
    this.lastAuditShip = Number.NEGATIVE_INFINITY;
    this.kick();
  }

  /** Clears the back-off pause (maintenance "retry now"). */
  retryNow(): void {
    this.pausedUntil = 0;
    this.kick();
  }

  onStatus(listener: (s: SyncStatus) => void): () => void {
    return this.listeners.add(listener);
  }

  status(): SyncStatus {
    const c = this.o.repo.counts();
    return {
      ...this.st,
      queued: c.queued,
      rejected: c.rejected,
      sent: c.sent,
      oldestQueuedAgeSeconds: c.oldestQueuedAt === null ? null : Math.max(0, Math.round((this.now() - c.oldestQueuedAt) / 1000)),
      auditPending: this.o.audit?.unshippedCount() ?? 0,
      running: this.running,
    };
  }

  get online(): boolean {
    return this.st.online === true;
  }

  /**
   * One round: deliver up to `batchSize` due rows, then ship audit entries if it is time.
   * Returns how many rows were delivered, retried and rejected. Never throws for peer faults.
   */
  async drainOnce(opts: { forceAudit?: boolean } = {}): Promise<{ sent: number; retried: number; rejected: number }> {
    const result = { sent: 0, retried: 0, rejected: 0 };
    const now = this.now();
    if (now < this.pausedUntil) return result;
    const rows = this.o.repo.due(now, this.o.batchSize);
    const outcomes: Outcome[] = [];
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < rows.length) {
        const row = rows[next++];
        if (!row) break;
        outcomes.push(await this.deliver(row));
        // Stop taking new rows as soon as the peer looks down.
        const last = outcomes[outcomes.length - 1]?.result;
        if (last && !last.ok && isTransient(last.error.code)) break;
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.o.parallel, rows.length) }, lane));
    if (outcomes.length > 0) this.apply(outcomes, result);
    if (this.o.audit && this.now() >= this.pausedUntil) {
      const pending = this.o.audit.unshippedCount();
      if (pending > 0 && (opts.forceAudit || pending >= 500 || this.now() - this.lastAuditShip >= this.o.auditEveryMs))
        await this.shipAudit();
    }
    if (outcomes.length > 0) this.publish();
    return result;
  }

  /** Drains until nothing is due or the back office fails (tests, maintenance, shutdown). */
  async drainAll(maxRounds = 10_000): Promise<SyncStatus> {
    for (let i = 0; i < maxRounds; i++) {
      const r = await this.drainOnce({ forceAudit: true });
      if (r.sent + r.retried + r.rejected === 0) break;
      if (r.retried > 0) break;
    }
    return this.status();
  }

  private async deliver(row: OutboxRow): Promise<Outcome> {
    const payload = this.o.outbox.openPayload(row);
    if (!payload) {
      return { row, result: err('bo-invalid-request', 'payload cannot be decrypted with this terminal key') };
    }
    if (row.kind === 'submission' && this.o.attachments) {
      // Its attachments first: the back office refuses a submission naming one not complete.
      const up = await this.o.attachments.uploader.uploadFor(row.idemKey);
      if (!up.ok) return { row, result: err(up.error) };
    }
    const op = OPERATION_OF[row.kind];
    const res = await this.o.client.call(op, {
      params: payload.params ?? {},
      body: payload.body as never,
      idempotencyKey: row.idemKey,
    });
    if (!res.ok) return { row, result: err(res.error) };
    const v = res.value as Record<string, unknown>;
    const ref = ['applicationId', 'depositId', 'ratingId', 'reportId', 'eventId', 'pickupId']
      .map((k) => v[k])
      .find((x): x is string => typeof x === 'string');
    return { row, result: ok(ref ?? null) };
  }

  private apply(outcomes: Outcome[], result: { sent: number; retried: number; rejected: number }): void {
    const now = this.now();
    let transient: BackofficeError | null = null;
    this.o.store.transaction(() => {
      for (const { row, result: r } of outcomes) {
        if (r.ok) {
          this.o.repo.markSent(row.id, now, r.value);
          // Acknowledged: the attachments' bytes go (their rows stay, for "my data").
          if (row.kind === 'submission') this.o.attachments?.repo.finish(row.idemKey, 'sent', now);
          result.sent += 1;
        } else if (isTransient(r.error.code)) {
          transient = r.error;
          const delay = backoffDelay(row.attempts, this.o.backoff, this.o.random);
          this.o.repo.markRetry(row.id, now + delay, `${r.error.code}: ${r.error.message}`);
          result.retried += 1;
        } else {
          this.o.repo.markRejected(row.id, `${r.error.code}: ${r.error.message}`);
          if (row.kind === 'submission') this.o.attachments?.repo.finish(row.idemKey, 'rejected', now);
          result.rejected += 1;
          this.o.log.warn({ key: row.idemKey, kind: row.kind, code: r.error.code }, 'back office refused an outbox row');
        }
      }
    });
    this.st.lastAttemptAt = now;
    if (result.sent > 0 || result.rejected > 0) {
      // The back office answered (a refusal is an answer too).
      this.st.online = true;
      if (result.sent > 0) this.st.lastSuccessAt = now;
    }
    const failed = transient as BackofficeError | null;
    if (failed) this.noteFailure(failed, now);
    else this.failures = 0;
  }

  private noteFailure(error: BackofficeError, now: number): void {
    this.failures += 1;
    const pause = backoffDelay(this.failures - 1, this.o.backoff, this.o.random);
    this.pausedUntil = now + pause;
    const wasOnline = this.st.online;
    this.st.online =
      error.code === 'bo-unreachable' || error.code === 'bo-timeout' || error.code === 'bo-server-error' ? false : this.st.online;
    this.st.lastError = { code: error.code, message: error.message.slice(0, 300), at: now };
    if (wasOnline !== false) this.o.log.warn({ code: error.code, pauseMs: pause }, 'back office delivery failing; queueing');
  }

  /**
   * Ships the audit chain: entries and the signed checkpoints among them, and checkpoints signed
   * after their entries went out (the timer's, the one written at shutdown). The key names the
   * batch's content, so a batch resent after a crash is a replay and a batch that grew since is
   * a new request the back office stores without duplicates (by terminal and seq). Both cursors
   * move together, after the answer: a crash before that resends, never skips.
   */
  private async shipAudit(): Promise<void> {
    const audit = this.o.audit;
    if (!audit) return;
    for (let round = 0; round < 100; round++) {
      const { entries, checkpoints } = audit.unshipped(500);
      const lastEntry = entries[entries.length - 1];
      const lastCp = checkpoints[checkpoints.length - 1];
      if (!lastEntry && !lastCp) return;
      const res = await this.o.client.call('uploadAudit', {
        body: {
          terminalId: this.o.terminalId,
          publicKey: this.o.publicKeyPem,
          entries,
          checkpoints: checkpoints.map(({ seq, at, hash, signature }) => ({ seq, at, hash, signature })),
        },
        idempotencyKey: auditBatchKey(this.o.terminalId, entries, checkpoints),
      });
      const now = this.now();
      if (!res.ok) {
        if (isTransient(res.error.code)) this.noteFailure(res.error, now);
        else {
          this.st.lastError = { code: res.error.code, message: res.error.message.slice(0, 300), at: now };
          this.o.log.error({ code: res.error.code, remoteCode: res.error.remoteCode }, 'back office refused an audit batch');
        }
        return;
      }
      audit.markShipped(lastEntry?.seq ?? audit.shippedSeq(), lastCp?.seq);
      this.lastAuditShip = now;
      this.st.online = true;
      this.st.lastSuccessAt = now;
      if (entries.length < 500 && checkpoints.length < 500) return;
    }
  }

  private publish(): void {
    // status() reads the store: only when someone listens.
    if (this.listeners.size > 0) this.listeners.emit(this.status());
  }

  private async run(): Promise<void> {
    while (this.running) {
      let didWork = false;
      try {
        const r = await this.drainOnce();
        didWork = r.sent + r.rejected > 0 && r.retried === 0;
      } catch (err) {
        // A bug or a store failure: log, back off, keep the loop alive.
        this.o.log.error({ err }, 'outbox round failed');
        this.noteFailure({ code: 'bo-invalid-request', message: (err as Error).message }, this.now());
      }
      if (!this.running) break;
      if (didWork) continue;
      const now = this.now();
      const nextDue = this.o.repo.nextDueAt();
      let wait = this.o.pollMs;
      if (nextDue !== null) wait = Math.min(wait, Math.max(0, nextDue - now));
      if (this.pausedUntil > now) wait = Math.max(wait, this.pausedUntil - now);
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        this.timer = setTimeout(resolve, Math.max(5, wait));
        // Never the reason the process stays up: shutdown closes the services explicitly.
        this.timer.unref();
      });
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      this.wake = null;
    }
  }
}
