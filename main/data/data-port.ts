/**
 * What the features use of the data services, and the one way they can be absent.
 *
 * The composition root (`main/core/boot.ts`) opens the data services before it builds anything
 * else and hands the features either the open `DataServices` or an `UnavailableData`: the store
 * or the keys could not open (the kiosk then starts out of service with that code), or a tool
 * did not open them. Features never ask "is the store open?": with `UnavailableData` every use
 * of the store, the audit chain or the back office throws `StoreUnavailableError` (code
 * `store-unavailable`, which the session machine shows as its notice), and best-effort writes
 * (an audit line for a device event, an alert to staff) catch that one error type.
 */
import type { AuditLog } from './audit/audit-log.js';
import type { BackofficeClient } from './backoffice-client/client.js';
import type { Outbox } from './sync/outbox.js';
import type { SyncStatus } from './sync/outbox-worker.js';

/** The store is not open: thrown by every use of `UnavailableData`. */
export class StoreUnavailableError extends Error {
  readonly code = 'store-unavailable';

  constructor(message = 'the store is not open') {
    super(message);
    this.name = 'StoreUnavailableError';
  }
}

/** The data services as the features see them (implemented by `DataServices` and `UnavailableData`). */
export interface DataPort {
  /** True for the open `DataServices`, false for `UnavailableData`. */
  readonly available: boolean;
  readonly outbox: Pick<Outbox, 'submitApplication' | 'collected' | 'deposit' | 'report' | 'rating' | 'urgent'>;
  readonly client: Pick<BackofficeClient, 'call'>;
  readonly audit: Pick<AuditLog, 'append' | 'operationsOn'>;
  /** The lookup key of an ID number (what the store and the audit chain know a person by). */
  subjectOf(idNumber: string): string;
  /** "My data": this person's attachments of today (material, times, sent or not), never their bytes. */
  attachmentsToday(idNumber: string): { materialId: string; createdAt: number; sentAt: number | null }[];
  /** Delivery state for the staff dashboard; null when there is no outbox. */
  syncStatus(): SyncStatus | null;
  /** One outbox row by idempotency key: queued, sent (with the back office's reference) or rejected; null if unknown. */
  outboxState(key: string): { state: 'queued' | 'sent' | 'rejected'; remoteRef: string | null } | null;
  /** Called after every delivery round that touched the outbox; returns the unsubscribe. */
  onSyncStatus(listener: (status: SyncStatus) => void): () => void;
}

function unavailable(): never {
  throw new StoreUnavailableError();
}

/** The data services when there are none (see the file comment). */
export class UnavailableData implements DataPort {
  readonly available = false as const;
  readonly outbox = {
    submitApplication: unavailable,
    collected: unavailable,
    deposit: unavailable,
    report: unavailable,
    rating: unavailable,
    urgent: unavailable,
  };
  readonly client = { call: (): Promise<never> => Promise.reject(new StoreUnavailableError()) };
  readonly audit = { append: unavailable, operationsOn: unavailable };

  /** Why there are no data services (`store-corrupt`, `key-insecure`, …, or `store-not-opened` for tools). */
  constructor(readonly reason: { code: string; message: string }) {}

  subjectOf(): string {
    return unavailable();
  }

  attachmentsToday(): never {
    return unavailable();
  }

  syncStatus(): null {
    return null;
  }

  outboxState(): null {
    return null;
  }

  onSyncStatus(): () => void {
    return () => undefined;
  }
}
