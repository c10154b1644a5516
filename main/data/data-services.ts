/**
 * Everything that keeps data for the kiosk, opened together at start-up, before the core:
 * keys → store → outbox, audit chain, pickups, device events, config state → delivery worker.
 * One failure of the store or the keys is a typed error (the composition root then hands the
 * features an `UnavailableData` and puts the kiosk out of service), never a crash.
 */
import { join } from 'node:path';
import type { Logger } from 'pino';
import { ok, type Result } from '../../common/result.js';
import type { KioskConfig } from '../../config/schema.js';
import { AuditLog } from './audit/audit-log.js';
import { CheckpointTimer, type IntervalTimers } from './audit/checkpoint-timer.js';
import { BackofficeClient } from './backoffice-client/client.js';
import type { DataPort, UnavailableData } from './data-port.js';
import { KeyFileSource, type KeyError, type KeySource, type TerminalKeys } from './privacy/key-source.js';
import { maskId, maskName, type MaskPolicy } from './privacy/mask.js';
import { PersonalDataCipher } from './privacy/personal-cipher.js';
import { AttachmentRepo, type AttachmentRecord } from './store/attachment-repo.js';
import { AttachmentUploader } from './sync/attachment-upload.js';
import { Outbox } from './sync/outbox.js';
import { OutboxWorker, type SyncStatus } from './sync/outbox-worker.js';
import { ConfigStateRepo, DeviceEventRepo } from './store/device-event-repo.js';
import { OutboxRepo } from './store/outbox-repo.js';
import { PickupRepo } from './store/pickup-repo.js';
import { openStore, STORE_FILE, type Store, type StoreError } from './store/store.js';

const DAY = 86_400_000;

export interface DataServicesOptions {
  dataDir: string;
  config: KioskConfig;
  log: Logger;
  /** Key source: the key file by default (browser host); Electron passes its safeStorage source. */
  keySource?: KeySource;
  /** For tests: a fetch to reach the back office with. */
  fetch?: typeof fetch;
  now?: () => number;
  /** For tests: the audit checkpoint timer's intervals. */
  timers?: IntervalTimers;
}

export type DataServicesResult = Result<DataServices, StoreError | KeyError>;

/** The data services as the composition root hands them to the features: open, or unavailable. */
export type KioskData = DataServices | UnavailableData;

export class DataServices implements DataPort {
  readonly available = true as const;
  readonly outbox: Outbox;
  readonly worker: OutboxWorker;
  readonly audit: AuditLog;
  readonly pickups: PickupRepo;
  readonly deviceEvents: DeviceEventRepo;
  readonly configState: ConfigStateRepo;
  readonly client: BackofficeClient;
  readonly outboxRepo: OutboxRepo;
  readonly attachments: AttachmentRepo;
  private readonly maskPolicy: MaskPolicy;
  private readonly now: () => number;
  private timers: NodeJS.Timeout[] = [];
  private readonly checkpointTimer: CheckpointTimer;
  private closed = false;

  constructor(
    readonly store: Store,
    readonly cipher: PersonalDataCipher,
    readonly keys: TerminalKeys,
    private readonly config: KioskConfig,
    private readonly log: Logger,
    opts: { fetch?: typeof fetch; now?: () => number; timers?: IntervalTimers },
  ) {
    this.now = opts.now ?? Date.now;
    this.maskPolicy = config.privacy.mask;
    this.audit = new AuditLog(store, {
      terminalId: config.terminal.id,
      signingKey: keys.signingKey,
      checkpointEvery: config.audit.checkpointEvery,
      now: this.now,
    });
    this.outboxRepo = new OutboxRepo(store);
    this.client = new BackofficeClient({
      baseUrl: config.backoffice.url,
      timeoutMs: config.backoffice.timeoutMs,
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
    });
    let worker: OutboxWorker | null = null;
    this.attachments = new AttachmentRepo(store);
    const mib = 1024 * 1024;
    this.outbox = new Outbox({
      store,
      repo: this.outboxRepo,
      cipher,
      audit: this.audit,
      terminalId: config.terminal.id,
      now: this.now,
      online: () => worker?.online ?? false,
      attachments: {
        repo: this.attachments,
        limits: {
          maxStoreBytes: config.attachments.maxStoreMB * mib,
          maxFileBytes: config.attachments.maxFileMB * mib,
          segmentBytes: config.attachments.chunkKiB * 1024,
        },
      },
      onAttachmentsFull: (d) => this.attachmentsFull(d),
    });
    const s = config.sync;
    worker = new OutboxWorker({
      store,
      outbox: this.outbox,
      repo: this.outboxRepo,
      client: this.client,
      audit: this.audit,
      terminalId: config.terminal.id,
      publicKeyPem: keys.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      log,
      backoff: { baseMs: s.backoffBaseMs, maxMs: s.backoffMaxMs },
      batchSize: s.batchSize,
      parallel: s.parallel,
      pollMs: s.pollSeconds * 1000,
      auditEveryMs: s.auditShipSeconds * 1000,
      now: this.now,
      attachments: {
        repo: this.attachments,
        uploader: new AttachmentUploader({
          repo: this.attachments,
          cipher,
          client: this.client,
          terminalId: config.terminal.id,
          chunkBytes: config.attachments.chunkKiB * 1024,
          log,
        }),
      },
    });
    this.worker = worker;
    this.checkpointTimer = new CheckpointTimer(this.audit, {
      everyMs: config.audit.checkpointMinutes * 60_000,
      ...(opts.timers ? { timers: opts.timers } : {}),
      // A new checkpoint goes to the back office, its witness, on the worker's next round.
      onCheckpoint: () => worker.shipAuditSoon(),
      onError: (err) => log.error({ err }, 'audit checkpoint failed'),
    });
    this.pickups = new PickupRepo(store, cipher);
    this.deviceEvents = new DeviceEventRepo(store);
    this.configState = new ConfigStateRepo(store);
  }

  /** Starts delivery, the checkpoint timer and the purge timer. */
  start(): void {
    this.worker.start();
    this.purge();
    const every = (ms: number, fn: () => void): void => {
      const t = setInterval(() => {
        try {
          fn();
        } catch (err) {
          this.log.error({ err }, 'store housekeeping failed');
        }
      }, ms);
      t.unref();
      this.timers.push(t);
    };
    this.checkpointTimer.start();
    every(3_600_000, () => this.purge());
  }

  /** The masked form of an ID number, per the site's policy (screens, receipts, logs). */
  maskId(idNumber: string): string {
    return maskId(idNumber, this.maskPolicy);
  }

  maskName(name: string): string {
    return maskName(name, this.maskPolicy.char);
  }

  /** The lookup key of an ID number (what the store and the audit chain know a person by). */
  subjectOf(idNumber: string): string {
    return this.cipher.lookupKey(idNumber);
  }

  syncStatus(): SyncStatus {
    return this.worker.status();
  }

  outboxState(key: string): { state: 'queued' | 'sent' | 'rejected'; remoteRef: string | null } | null {
    const row = this.outbox.state(key);
    return row ? { state: row.state, remoteRef: row.remoteRef } : null;
  }

  onSyncStatus(listener: (status: SyncStatus) => void): () => void {
    return this.worker.onStatus(listener);
  }

  /**
   * No room for a submission's attachments: an urgent alert to staff (through the outbox, like a
   * jammed door) and an audit entry; the citizen's screen says so from the `attachments-full` code.
   */
  private attachmentsFull(d: { neededBytes: number; usedBytes: number; maxBytes: number }): void {
    const mb = (n: number): string => (n / 1024 / 1024).toFixed(1);
    const message = `attachment store full: ${mb(d.usedBytes)} of ${mb(d.maxBytes)} MiB used, ${mb(d.neededBytes)} MiB more refused; check the back-office connection`;
    this.log.error({ ...d }, 'attachment store full: a submission was refused');
    try {
      const queued = this.outbox.urgent({
        kind: 'attachments-full',
        severity: 'high',
        message,
        at: new Date(this.now()).toISOString(),
      });
      if (!queued.ok) this.log.error({ code: queued.error.code }, 'could not queue the attachments-full alert');
      this.audit.append({ type: 'attachments-full', actor: 'system', detail: { ...d } });
    } catch (err) {
      this.log.error({ err }, 'could not raise the attachments-full alert');
    }
  }

  /** "My data": this person's attachments of today (material, size, hash, sent or not), never their bytes. */
  attachmentsToday(idNumber: string): AttachmentRecord[] {
    const now = new Date(this.now());
    const midnight = new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
    return this.attachments.records(this.subjectOf(idNumber), midnight, midnight + DAY);
  }

  /** "Operations on my data today": audit entries about this person since local midnight. */
  operationsToday(idNumber: string): ReturnType<AuditLog['operationsOn']> {
    const now = new Date(this.now());
    const midnight = new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
    return this.audit.operationsOn(this.subjectOf(idNumber), midnight, midnight + DAY);
  }

  /** Deletes what has been delivered and kept long enough. */
  purge(): { outbox: number; pickups: number; deviceEvents: number; audit: number; attachments: number } {
    const now = this.now();
    const keep = this.config.privacy.retentionDays * DAY;
    const r = this.store.transaction(() => ({
      outbox: this.outboxRepo.purgeSent(now - keep),
      pickups: this.pickups.purge(now - keep),
      deviceEvents: this.deviceEvents.purge(now - Math.max(keep, 30 * DAY)),
      audit: this.audit.purge(now - this.config.audit.retentionDays * DAY),
      attachments: this.attachments.purge(now - keep),
    }));
    if (r.outbox + r.pickups + r.audit + r.attachments > 0) {
      this.audit.append({ type: 'store-purge', actor: 'system', detail: { ...r } });
      this.log.info(r, 'store purged');
    }
    return r;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    // The last signed checkpoint before the store closes; it is shipped on the next start.
    this.checkpointTimer.stop();
    await this.worker.stop();
    this.store.close();
  }
}

export function storeFile(dataDir: string): string {
  return join(dataDir, STORE_FILE);
}

export function openDataServices(opts: DataServicesOptions): DataServicesResult {
  const keys = (opts.keySource ?? new KeyFileSource(opts.dataDir)).loadOrCreate();
  if (!keys.ok) return keys;
  const store = openStore({ file: storeFile(opts.dataDir) });
  if (!store.ok) return store;
  const cipher = new PersonalDataCipher(keys.value.dataKey);
  const services = new DataServices(store.value, cipher, keys.value, opts.config, opts.log, {
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
    ...(opts.now ? { now: opts.now } : {}),
    ...(opts.timers ? { timers: opts.timers } : {}),
  });
  opts.log.info({ keys: keys.value.source, schema: store.value.version() }, 'store opened');
  return ok(services);
}
