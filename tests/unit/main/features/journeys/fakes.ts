/**
 * In-memory fakes for the journey modules' ports: the outbox, the audit chain, the back-office
 * client, the receipt printer and the locker. No store, no devices, no core.
 */
import type { z } from 'zod';
import { err, ok, type Result } from '../../../../../common/result.js';
import { parseConfig } from '../../../../../config/load.js';
import type { KioskConfig } from '../../../../../config/schema.js';
import type { DoorState } from '../../../../../drivers/locker/locker-codec.js';
import type { LockerErrorCode, OpenOutcome } from '../../../../../drivers/locker/locker-driver.js';
import type { ReceiptBuilder } from '../../../../../drivers/printer/receipt/receipt-builder.js';
import type { PrintErrorCode, PrintReport } from '../../../../../drivers/printer/receipt/receipt-printer-driver.js';
import type { AuditInput } from '../../../../../main/data/audit/audit-log.js';
import type { AuditEntry } from '../../../../../main/data/audit/chain.js';
import type { BackofficeError, BoResult, CallInput } from '../../../../../main/data/backoffice-client/client.js';
import type { OPERATIONS, OperationName } from '../../../../../main/data/backoffice-client/operations.js';
import type { DataPort } from '../../../../../main/data/data-port.js';
import type { EnqueueResult } from '../../../../../main/data/sync/outbox.js';
import type { Identity } from '../../../../../main/features/session/journey-types.js';

export const NOW = new Date('2026-03-02T08:30:00Z');

export const ZHANG: Identity = {
  method: 'idcard',
  cardType: 'resident',
  name: '张三丰',
  idNumber: '11010519491231002X',
  address: '北京市朝阳区演示路1号',
};

export function testConfig(over: Record<string, unknown> = {}): KioskConfig {
  const r = parseConfig(over, 'test');
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

type Outbox = DataPort['outbox'];
type OutboxKind = keyof Outbox;

/** An outbox that records what is enqueued; `fail` makes one kind refuse (`duplicate-key`). */
export class FakeOutbox implements Outbox {
  readonly rows: Array<{ kind: OutboxKind; body: unknown; opts: unknown }> = [];
  backofficeOnline = true;
  fail = new Set<OutboxKind>();

  private enqueue(kind: OutboxKind, body: unknown, opts: unknown): EnqueueResult {
    if (this.fail.has(kind)) return err('duplicate-key', `${kind} refused`);
    this.rows.push({ kind, body, opts });
    return ok({
      key: `${kind}:${this.rows.length}`,
      id: this.rows.length,
      state: 'queued',
      backofficeOnline: this.backofficeOnline,
    });
  }

  submitApplication: Outbox['submitApplication'] = (body, opts) => this.enqueue('submitApplication', body, opts);
  collected: Outbox['collected'] = (pickupId, body, opts) => this.enqueue('collected', { pickupId, ...body }, opts);
  deposit: Outbox['deposit'] = (body, opts) => this.enqueue('deposit', body, opts);
  report: Outbox['report'] = (body, opts) => this.enqueue('report', body, opts);
  rating: Outbox['rating'] = (body, opts) => this.enqueue('rating', body, opts);
  urgent: Outbox['urgent'] = (body, opts) => this.enqueue('urgent', body, opts);

  of(kind: OutboxKind): unknown[] {
    return this.rows.filter((r) => r.kind === kind).map((r) => r.body);
  }
}

/** An audit chain in memory; `operationsOn` answers from what was appended. */
export class FakeAudit implements Pick<DataPort['audit'], 'append' | 'operationsOn'> {
  readonly entries: AuditInput[] = [];

  append(input: AuditInput): AuditEntry {
    this.entries.push(input);
    const at = input.at ?? NOW.getTime();
    const seq = this.entries.length;
    return {
      seq,
      at,
      type: input.type,
      actor: input.actor,
      subject: input.subject ?? null,
      detail: '{}',
      prevHash: '',
      hash: '',
    };
  }

  operationsOn: DataPort['audit']['operationsOn'] = (subject, from, to) =>
    this.entries
      .map((e, i) => ({ e, seq: i + 1, at: e.at ?? NOW.getTime() }))
      .filter(({ e, at }) => e.subject === subject && at >= from && at < to)
      .map(({ e, seq, at }) => ({ seq, at, type: e.type, actor: e.actor, detail: e.detail ?? {} }));

  types(): string[] {
    return this.entries.map((e) => e.type);
  }
}

export const subjectOf = (idNumber: string): string => `subject:${idNumber.slice(-4)}`;

type Res<N extends OperationName> = z.output<(typeof OPERATIONS)[N]['response']>;
export type Answers = { [N in OperationName]?: (input: CallInput<N>) => BoResult<Res<N>> };

/** A back-office client answering from `answers`; an operation without an answer is unreachable. */
export class FakeClient {
  readonly calls: Array<{ name: OperationName; input: unknown }> = [];

  constructor(readonly answers: Answers = {}) {}

  call<N extends OperationName>(name: N, input: CallInput<N>): Promise<BoResult<Res<N>>> {
    this.calls.push({ name, input });
    const answer = this.answers[name];
    return Promise.resolve(answer ? answer(input) : unreachable());
  }
}

export function unreachable(): { ok: false; error: BackofficeError } {
  return err({ code: 'bo-unreachable', message: 'connect ECONNREFUSED' });
}

/** A receipt printer that keeps the jobs it printed; `refuse` makes it answer with that code. */
export class FakeReceiptPrinter {
  readonly jobs: ReceiptBuilder[] = [];
  refuse: PrintErrorCode | null = null;

  print(job: Uint8Array | ReceiptBuilder): Promise<Result<PrintReport, PrintErrorCode>> {
    if (this.refuse) return Promise.resolve(err(this.refuse, `printer says ${this.refuse}`));
    if (typeof job === 'object' && !(job instanceof Uint8Array)) this.jobs.push(job);
    return Promise.resolve(
      ok({ bytes: 1, after: { online: true, paper: 'ok', coverOpen: false, error: null, raw: [0, 0, 0, 0] } }),
    );
  }

  /** The jobs' bytes as latin1 (the ASCII parts — numbers, codes — read as they were written). */
  text(): string {
    return this.jobs.map((j) => Buffer.from(j.build()).toString('latin1')).join('\n');
  }
}

/** A locker whose doors open unless told otherwise. */
export class FakeLocker {
  readonly opened: Array<[number, number]> = [];
  answer: Result<boolean | null, LockerErrorCode> = ok(true);
  doors = new Map<string, DoorState | 'unknown'>();
  occupancy = new Map<string, boolean | null>();

  open(board: number, lock: number): Promise<Result<OpenOutcome, LockerErrorCode>> {
    this.opened.push([board, lock]);
    const a = this.answer;
    return Promise.resolve(
      a.ok ? ok({ board, lock, opened: a.value, confirmedBy: 'reply' as const }) : err(a.error.code, a.error.message),
    );
  }

  doorState(board: number, lock: number): DoorState | 'unknown' {
    return this.doors.get(`${board}-${lock}`) ?? 'closed';
  }

  occupied(board: number, lock: number): boolean | null {
    return this.occupancy.get(`${board}-${lock}`) ?? null;
  }
}
