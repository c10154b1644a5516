/**
 * The reference back office: implements `docs/backoffice-openapi.yaml` over plain `node:http`
 * and SQLite. It is what a province replaces with an adapter to its real systems; the kiosk
 * knows only the contract. Extras for demos and tests: `/admin/…` seed endpoints, SMS log,
 * `GET /fleet`, `GET /metrics` (Prometheus, `./metrics.ts`), and fault injection (`FaultInjector`).
 */
import { findPhoto, PHOTO_SCHEMA, seedPhotos } from './register-photos.js';
import { createHash, randomInt, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Database from 'better-sqlite3';
import { AttachmentRefusal, AttachmentStore } from './attachments.js';
import { AuditWitness, WitnessRefusal } from './audit-witness.js';
import { openBackofficeDb } from './db.js';
import {
  ASSIST_DOCUMENT_TYPES,
  findPerson,
  ISSUERS,
  PERSON_STATUSES,
  loadOrCreateSealKey,
  newSealKey,
  publicKeyPem,
  seedRegister,
  signClaims,
  upsertPerson,
  verificationPage,
  verifyPayload,
  type DocumentClaims,
  type SealKey,
} from './documents.js';
import { FaultInjector } from './faults.js';
import { fleetPage, type TerminalRow } from './fleet-page.js';
import { findLicences, LICENCE_TYPE, seedLicences } from './licences.js';
import {
  licenceHeld,
  MATERIALS_SCHEMA,
  materialsOf,
  recordMaterials,
  type ApplicationMaterial,
} from './application-materials.js';
import { FleetMetrics } from './metrics.js';
import { ensureProgressSchema, ProgressBook, recordState } from './progress.js';
import { statusNotFoundPage, statusPage } from './status-page.js';
import { arr, BadRequestError, int, num, obj, oneOf, optStr, person, str, type Obj } from './validate.js';

export interface BackofficeOptions {
  /** Where its database lives; null keeps everything in memory (tests). */
  dataDir: string | null;
  port?: number;
  host?: string;
  /** One JSON object per call (default: none). */
  log?: (line: Record<string, unknown>) => void;
  /** Shortest time between two SMS for the same pickup. */
  smsMinIntervalMs?: number;
  now?: () => number;
  /** The issuing authority's seal key (default: `<dataDir>/seal/`, generated on first start; a fresh one in memory). */
  sealKey?: SealKey;
  /** The authority named on the verification page. */
  authorityName?: string;
  /** Largest attachment accepted (`POST /v1/attachments`), in bytes; 20 MiB by default. */
  attachmentMaxBytes?: number;
}

export interface RunningBackoffice {
  url: string;
  port: number;
  db: Database.Database;
  faults: FaultInjector;
  /** The seal key's public half (SPKI PEM) and id: what kiosks and verifiers need. */
  seal: { keyId: string; publicKeyPem: string; notAfter: string };
  /** Requests received per operation (including replays and faulted ones). */
  stats(): Record<string, number>;
  close(): Promise<void>;
}

interface Answer {
  status: number;
  body: unknown;
}

const MAX_BODY = 1024 * 1024;
/** Largest attachment chunk (`PUT /v1/attachments/{id}`) read, in bytes. */
export const MAX_CHUNK_BYTES = 8 * 1024 * 1024;
export const DEFAULT_ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024;

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function maskPhone(p: string): string {
  return p.length <= 4 ? '****' : '*'.repeat(p.length - 4) + p.slice(-4);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > MAX_BODY) throw new HttpError(413, 'too-large', 'request body too large');
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function readBytes(req: IncomingMessage, max: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > max) throw new HttpError(413, 'chunk-too-large', `a chunk may have at most ${max} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > max) throw new HttpError(413, 'chunk-too-large', `a chunk may have at most ${max} bytes`);
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

export class BackofficeApp {
  readonly faults = new FaultInjector();
  private readonly counts = new Map<string, number>();
  private readonly now: () => number;
  private readonly log: (line: Record<string, unknown>) => void;
  private readonly smsMinIntervalMs: number;
  private readonly progress: ProgressBook;
  readonly seal: SealKey;
  private readonly authorityName: string;
  private readonly metrics: FleetMetrics;
  private readonly witness: AuditWitness;
  private readonly attachments: AttachmentStore;

  constructor(
    readonly db: Database.Database,
    opts: Pick<BackofficeOptions, 'log' | 'smsMinIntervalMs' | 'now' | 'sealKey' | 'authorityName' | 'attachmentMaxBytes'> = {},
  ) {
    this.now = opts.now ?? Date.now;
    this.log = opts.log ?? (() => undefined);
    this.smsMinIntervalMs = opts.smsMinIntervalMs ?? 30_000;
    ensureProgressSchema(db);
    this.progress = new ProgressBook(db, this.now);
    this.seal = opts.sealKey ?? newSealKey(this.now());
    this.authorityName = opts.authorityName ?? '演示区政务服务中心';
    this.metrics = new FleetMetrics(db, this.now);
    this.witness = new AuditWitness(db, this.now);
    seedRegister(db);
    db.exec(PHOTO_SCHEMA);
    seedPhotos(db);
    seedLicences(db);
    db.exec(MATERIALS_SCHEMA);
    this.attachments = new AttachmentStore(db, this.now, {
      maxBytes: opts.attachmentMaxBytes ?? DEFAULT_ATTACHMENT_MAX_BYTES,
    });
  }

  stats(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }

  private count(name: string): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
  }

  private nextId(prefix: string): string {
    const row = this.db
      .prepare(
        `INSERT INTO counters (name, value) VALUES (?, 1) ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value`,
      )
      .get(prefix) as { value: number };
    return `${prefix}${String(row.value).padStart(8, '0')}`;
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://backoffice');
    const method = (req.method ?? 'GET').toUpperCase();
    const path = url.pathname;
    const isContract = path.startsWith('/v1/');
    if (path === '/metrics' && (method === 'GET' || method === 'HEAD')) {
      this.count('metrics');
      const text = await this.metrics.render();
      res.writeHead(200, { 'content-type': this.metrics.contentType, 'cache-control': 'no-store' });
      res.end(method === 'HEAD' ? undefined : text);
      return;
    }
    const fate = isContract ? this.faults.take() : { before: null, after: null, delayMs: 0 };
    let answer: Answer;
    try {
      if (fate.before === 'fail500') {
        this.count('fault:fail500');
        answer = { status: 500, body: { code: 'injected-fault', message: 'injected failure' } };
      } else {
        const raw = method === 'POST' ? await readBody(req) : '';
        const bytes = method === 'PUT' ? await readBytes(req, MAX_CHUNK_BYTES) : null;
        let body: unknown = undefined;
        if (method === 'POST') {
          try {
            body = raw === '' ? {} : (JSON.parse(raw) as unknown);
          } catch {
            throw new HttpError(400, 'bad-json', 'request body is not JSON');
          }
        }
        const idemKey = req.headers['idempotency-key'];
        const range = req.headers['content-range'];
        answer = this.route(method, path, body, typeof idemKey === 'string' ? idemKey : null, raw, res, {
          bytes,
          contentRange: typeof range === 'string' ? range : undefined,
        });
      }
    } catch (e) {
      if (e instanceof HttpError || e instanceof WitnessRefusal || e instanceof AttachmentRefusal)
        answer = { status: e.status, body: { code: e.code, message: e.message } };
      else if (e instanceof BadRequestError) answer = { status: 400, body: { code: e.code, message: e.message } };
      else {
        this.log({ level: 'error', msg: 'handler failed', err: (e as Error).message });
        answer = { status: 500, body: { code: 'internal', message: 'internal error' } };
      }
    }
    if (fate.delayMs > 0) await new Promise((r) => setTimeout(r, fate.delayMs));
    if (res.headersSent || res.writableEnded) return;
    if (fate.after === 'drop') {
      this.count('fault:drop');
      req.socket.destroy();
      return;
    }
    if (fate.after === 'fail500') {
      this.count('fault:fail500AfterCommit');
      answer = { status: 500, body: { code: 'injected-fault', message: 'injected failure after commit' } };
    }
    if (Buffer.isBuffer(answer.body)) {
      res.writeHead(answer.status, { 'content-type': 'application/pdf', 'cache-control': 'no-store' });
      res.end(answer.body);
      return;
    }
    if (typeof answer.body === 'string') {
      res.writeHead(answer.status, { 'content-type': 'text/html; charset=utf-8' });
      res.end(answer.body);
      return;
    }
    const text = JSON.stringify(answer.body);
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    if (fate.after === 'malformed') {
      this.count('fault:malformed');
      res.end(text.slice(0, Math.max(1, Math.floor(text.length / 2))));
      return;
    }
    res.end(text);
  }

  /** Runs an idempotent operation: a repeated key returns the first answer; another body under the same key is a 409. */
  private idempotent(op: string, key: string | null, raw: string, res: ServerResponse, fn: () => Answer): Answer {
    if (key === null || key.length < 8 || key.length > 200)
      throw new HttpError(400, 'idempotency-key-required', 'Idempotency-Key header (8–200 chars) required');
    const hash = createHash('sha256').update(raw).digest('hex');
    return this.db.transaction((): Answer => {
      const prior = this.db.prepare(`SELECT operation, request_hash, status, body FROM idempotency WHERE key = ?`).get(key) as
        { operation: string; request_hash: string; status: number; body: string } | undefined;
      if (prior) {
        if (prior.operation !== op || prior.request_hash !== hash)
          throw new HttpError(409, 'idempotency-conflict', 'this key was used for another request');
        this.count(`replay:${op}`);
        res.setHeader('idempotent-replayed', 'true');
        return { status: prior.status, body: JSON.parse(prior.body) as unknown };
      }
      const a = fn();
      if (a.status < 300) {
        this.db
          .prepare(`INSERT INTO idempotency (key, operation, request_hash, status, body, created_at) VALUES (?, ?, ?, ?, ?, ?)`)
          .run(key, op, hash, a.status, JSON.stringify(a.body), this.now());
      }
      return a;
    })();
  }

  private route(
    method: string,
    path: string,
    body: unknown,
    key: string | null,
    raw: string,
    res: ServerResponse,
    upload: { bytes: Buffer | null; contentRange: string | undefined } = { bytes: null, contentRange: undefined },
  ): Answer {
    const seg = path
      .split('/')
      .filter((s) => s !== '')
      .map((s) => decodeURIComponent(s));
    const m = (pattern: string, verb: string): boolean => {
      if (method !== verb) return false;
      const p = pattern.split('/').filter((s) => s !== '');
      return p.length === seg.length && p.every((x, i) => x.startsWith(':') || x === seg[i]);
    };
    const count = (op: string): void => this.count(op);
    if (m('/v1/applications', 'POST')) {
      count('submitApplication');
      return this.idempotent('submitApplication', key, raw, res, () => this.submitApplication(obj(body, 'body'), key ?? ''));
    }
    if (m('/v1/applications/:id', 'GET')) {
      count('getApplicationStatus');
      return this.applicationStatus(seg[2] ?? '');
    }
    if (m('/v1/applications/progress', 'POST')) {
      count('lookupApplicationProgress');
      return this.lookupProgress(obj(body, 'body'));
    }
    if (m('/v1/applications/by-person', 'POST')) {
      count('listApplicationsByPerson');
      str(obj(body, 'body'), 'terminalId', { max: 64 });
      const idNumber = str(obj(body, 'body'), 'idNumber', { max: 32 });
      return { status: 200, body: { applications: this.progress.byPerson(idNumber) } };
    }
    // The page a phone opens from a receipt's QR: status for whoever holds the receipt (no personal data in the URL).
    if (m('/s/:link', 'GET')) {
      count('progressPage');
      res.setHeader('cache-control', 'no-store');
      res.setHeader('referrer-policy', 'no-referrer');
      const link = /^([A-Z0-9-]{3,40})\.([A-Za-z0-9_-]{22})$/.exec(seg[1] ?? '');
      const row = link ? this.progress.find(link[1] ?? '') : undefined;
      if (!link || !row || !this.progress.tokenMatches(row, link[2] ?? '')) return { status: 404, body: statusNotFoundPage() };
      return { status: 200, body: statusPage(this.progress.view(row, true)) };
    }
    if (m('/admin/applications/:id/state', 'POST')) return this.adminState(seg[2] ?? '', obj(body, 'body'));
    if (m('/v1/pickups/lookup', 'POST')) {
      count('lookupPickups');
      return this.lookupPickups(obj(body, 'body'));
    }
    if (m('/v1/pickups/loaded', 'POST')) {
      count('pickupLoaded');
      return this.idempotent('pickupLoaded', key, raw, res, () => this.pickupLoaded(obj(body, 'body')));
    }
    if (m('/v1/pickups/:id/collected', 'POST')) {
      count('markCollected');
      return this.idempotent('markCollected', key, raw, res, () => this.markCollected(seg[2] ?? '', obj(body, 'body')));
    }
    if (m('/v1/pickups/resend-code', 'POST')) {
      count('resendPickupCodesByPhone');
      return this.resendByPhone(obj(body, 'body'));
    }
    if (m('/v1/pickups/:id/resend-code', 'POST')) {
      count('resendPickupCode');
      return this.resendCode(seg[2] ?? '', obj(body, 'body'));
    }
    if (m('/v1/deposits', 'POST')) {
      count('createDeposit');
      return this.idempotent('createDeposit', key, raw, res, () => this.deposit(obj(body, 'body')));
    }
    if (m('/v1/ratings', 'POST')) {
      count('submitRating');
      return this.idempotent('submitRating', key, raw, res, () => this.rating(obj(body, 'body')));
    }
    if (m('/v1/reports', 'POST')) {
      count('submitReport');
      return this.idempotent('submitReport', key, raw, res, () => this.report(obj(body, 'body')));
    }
    if (m('/v1/terminals/:id/heartbeat', 'POST')) {
      count('sendHeartbeat');
      return this.heartbeat(seg[2] ?? '', obj(body, 'body'));
    }
    if (m('/v1/events/urgent', 'POST')) {
      count('reportUrgentEvent');
      return this.idempotent('reportUrgentEvent', key, raw, res, () => this.urgent(obj(body, 'body')));
    }
    if (m('/v1/audit/batches', 'POST')) {
      count('uploadAudit');
      return this.idempotent('uploadAudit', key, raw, res, () => ({ status: 200, body: this.witness.upload(obj(body, 'body')) }));
    }
    if (m('/v1/terminals/:id/audit/witness', 'GET')) {
      count('getAuditWitness');
      return { status: 200, body: this.witness.view(seg[2] ?? '') };
    }
    // Enrolment: the terminal's audit public key, registered by the operator (not part of the kiosk contract).
    if (m('/admin/terminals/:id/audit-key', 'POST')) {
      const b = obj(body, 'body');
      const r = this.witness.register(seg[2] ?? '', str(b, 'publicKey', { max: 1000 }), b.replace === true);
      return { status: r.registered ? 201 : 200, body: r };
    }
    if (m('/v1/identity/verify-qr', 'POST')) {
      count('verifyIdentityQr');
      return this.verifyQr(obj(body, 'body'));
    }
    if (m('/v1/identity/confirm', 'POST')) {
      count('confirmIdentity');
      return this.confirmIdentity(obj(body, 'body'));
    }
    if (m('/v1/identity/photo', 'POST')) {
      count('getIdentityPhoto');
      return this.identityPhoto(obj(body, 'body'));
    }
    if (m('/v1/licences/query', 'POST')) {
      count('queryLicences');
      return this.queryLicences(obj(body, 'body'));
    }
    if (m('/v1/attachments', 'POST')) {
      count('createAttachment');
      return this.attachments.create(key, obj(body, 'body'));
    }
    if (m('/v1/attachments/:id', 'GET')) {
      count('getAttachment');
      return this.attachments.status(seg[2] ?? '');
    }
    if (m('/v1/attachments/:id', 'PUT')) {
      count('putAttachmentChunk');
      const corrupt = this.faults.takeCorruption();
      if (corrupt) count('fault:corruptChunk');
      return this.attachments.putChunk(seg[2] ?? '', upload.contentRange, upload.bytes ?? Buffer.alloc(0), corrupt);
    }
    // Demo and tests: an application's attachments, and one attachment's PDF ("the back office holds the PDF").
    if (m('/admin/applications/:id/attachments', 'GET'))
      return { status: 200, body: { attachments: this.attachments.ofApplication(seg[2] ?? '') } };
    // …and how each of its materials was provided (scanned, e-licence, declared).
    if (m('/admin/applications/:id/materials', 'GET'))
      return { status: 200, body: { materials: materialsOf(this.db, seg[2] ?? '') } };
    if (m('/admin/attachments/:id/pdf', 'GET')) {
      const pdf = this.attachments.pdf(seg[2] ?? '');
      if (pdf === null) throw new HttpError(404, 'not-found', 'no complete attachment under this id');
      return { status: 200, body: pdf };
    }
    if (m('/v1/documents', 'POST')) {
      count('issueDocument');
      return this.issueDocument(obj(body, 'body'));
    }
    if (m('/v1/documents/public-key', 'GET')) {
      count('getDocumentPublicKey');
      return { status: 200, body: this.publicKeyBody() };
    }
    // The page a phone opens from a printed document's QR (public, no personal data in clear).
    if (m('/v/:payload', 'GET')) {
      count('verifyDocumentPage');
      return { status: 200, body: verificationPage(verifyPayload(seg[1] ?? '', this.seal), this.authorityName) };
    }
    // Demo and test endpoints (not part of the kiosk contract).
    if (m('/admin/pickups', 'POST')) return this.adminPickup(obj(body, 'body'));
    if (m('/admin/identity-tokens', 'POST')) return this.adminIdentityToken(obj(body, 'body'));
    if (m('/admin/persons', 'POST')) return this.adminPerson(obj(body, 'body'));
    if (m('/admin/sms', 'GET'))
      return {
        status: 200,
        body: { sms: this.db.prepare(`SELECT id, at, phone, pickup_id AS pickupId, text FROM sms_log ORDER BY id`).all() },
      };
    if (m('/admin/stats', 'GET')) return { status: 200, body: { requests: this.stats(), ...this.tableCounts() } };
    if (m('/admin/faults', 'GET')) return { status: 200, body: this.faults.get() };
    if (m('/admin/faults', 'POST')) return { status: 200, body: this.faults.set(obj(body, 'body')) };
    if (m('/admin/faults', 'DELETE')) {
      this.faults.clear();
      return { status: 200, body: this.faults.get() };
    }
    if (m('/admin/terminals/:id/desired-config', 'POST')) {
      const b = obj(body, 'body');
      const v = optStr(b, 'version', { max: 128 });
      this.db.prepare(`UPDATE terminals SET desired_config_version = ? WHERE terminal_id = ?`).run(v, seg[2] ?? '');
      return { status: 200, body: { terminalId: seg[2], desiredConfigVersion: v } };
    }
    if (m('/fleet', 'GET')) return { status: 200, body: fleetPage(this.terminals(), this.now(), 5 * 60_000) };
    if (m('/fleet.json', 'GET')) return { status: 200, body: { terminals: this.terminals() } };
    if (m('/health', 'GET')) return { status: 200, body: { ok: true } };
    throw new HttpError(404, 'not-found', `no route ${method} ${path}`);
  }

  tableCounts(): Record<string, number> {
    const n = (t: string): number => (this.db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n;
    return {
      applications: n('applications'),
      deposits: n('deposits'),
      ratings: n('ratings'),
      reports: n('reports'),
      urgentEvents: n('urgent_events'),
      auditEntries: n('audit_entries'),
      pickups: n('pickups'),
      sms: n('sms_log'),
      attachments: this.attachments.count(),
    };
  }

  private terminals(): TerminalRow[] {
    return this.db.prepare(`SELECT * FROM terminals ORDER BY terminal_id`).all() as TerminalRow[];
  }

  private submitApplication(b: Obj, key: string): Answer {
    str(b, 'terminalId', { max: 64 });
    const matter = str(b, 'matterCode', { max: 64 });
    const p = person(b.applicant, 'applicant');
    const form = obj(b.form, 'form');
    str(b, 'submittedAt', { max: 40, min: 10 });
    const materials = materialsIn(b);
    // An e-licence named instead of paper must be the applicant's own.
    for (const m of materials)
      if (m.licenceRef !== null && !licenceHeld(this.db, p.idNumber, m.licenceRef))
        throw new HttpError(422, 'licence-not-held', `material ${m.kind}: the applicant holds no such e-licence`);
    const now = this.now();
    const id = this.nextId('A');
    this.db
      .prepare(
        `INSERT INTO applications (application_id, idem_key, terminal_id, matter_code, id_type, id_number, name, address, phone, form, state, received_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'received', ?, ?)`,
      )
      .run(
        id,
        key,
        str(b, 'terminalId', { max: 64 }),
        matter,
        p.idType,
        p.idNumber,
        p.name,
        p.address,
        p.phone,
        JSON.stringify(form),
        now,
        now,
      );
    this.keepReceipt(id, b);
    this.attachments.link(id, str(b, 'terminalId', { max: 64 }), attachmentIdsOf(b));
    recordMaterials(this.db, id, materials);
    recordState(this.db, id, 'received', now);
    return { status: 201, body: { applicationId: id, state: 'received', receivedAt: iso(now) } };
  }

  /** The receipt's number and token digest, and the delivery chosen (what progress lookup answers from). */
  private keepReceipt(id: string, b: Obj): void {
    const delivery = b.delivery === undefined ? null : oneOf(b, 'delivery', ['locker', 'post', 'window', 'electronic'] as const);
    const receipt = b.receipt === undefined ? null : obj(b.receipt, 'receipt');
    const no = receipt ? str(receipt, 'applicationNo', { min: 3, max: 40 }) : null;
    const digest = receipt ? str(receipt, 'tokenSha256', { min: 64, max: 64 }) : null;
    if (digest !== null && !/^[0-9a-f]{64}$/.test(digest))
      throw new BadRequestError('invalid-request', 'receipt.tokenSha256 must be 64 lower-case hex digits');
    if (no !== null && this.progress.find(no))
      throw new HttpError(409, 'receipt-no-taken', 'another application has this receipt number');
    this.db
      .prepare(`UPDATE applications SET receipt_no = ?, receipt_token_sha256 = ?, delivery = ? WHERE application_id = ?`)
      .run(no, digest, delivery, id);
  }

  /** By the receipt's number; with the QR's token also the masked name (a wrong token is refused). */
  private lookupProgress(b: Obj): Answer {
    str(b, 'terminalId', { max: 64 });
    const no = str(b, 'applicationNo', { min: 3, max: 40 });
    const token = optStr(b, 'receiptToken', { min: 22, max: 22 });
    const row = this.progress.find(no);
    if (!row) throw new HttpError(404, 'not-found', 'no application under this number');
    if (token !== null && !this.progress.tokenMatches(row, token))
      throw new HttpError(422, 'token-mismatch', 'this receipt code does not belong to this application');
    return { status: 200, body: { receiptVerified: token !== null, application: this.progress.view(row, token !== null) } };
  }

  /** Demo and tests: an application moves on (in review, approved, rejected…), as the hall's staff would move it. */
  private adminState(id: string, b: Obj): Answer {
    const state = oneOf(b, 'state', ['received', 'in-review', 'approved', 'rejected', 'ready-for-pickup', 'collected'] as const);
    const row = this.progress.find(id);
    if (!row) throw new HttpError(404, 'not-found', 'no such application');
    const now = this.now();
    this.db
      .prepare(`UPDATE applications SET state = ?, updated_at = ? WHERE application_id = ?`)
      .run(state, now, row.application_id);
    recordState(this.db, row.application_id, state, now);
    return { status: 200, body: { applicationId: row.application_id, state } };
  }

  private applicationStatus(id: string): Answer {
    const r = this.db
      .prepare(`SELECT application_id, matter_code, state, updated_at FROM applications WHERE application_id = ?`)
      .get(id) as { application_id: string; matter_code: string; state: string; updated_at: number } | undefined;
    if (!r) throw new HttpError(404, 'not-found', 'no such application');
    return {
      status: 200,
      body: { applicationId: r.application_id, matterCode: r.matter_code, state: r.state, updatedAt: iso(r.updated_at) },
    };
  }

  private pickupView(r: Record<string, unknown>): Record<string, unknown> {
    return {
      pickupId: r.pickup_id,
      applicationId: r.application_id,
      matterName: r.matter_name,
      holderName: r.holder_name,
      lockerId: r.locker_id ?? null,
      cell: r.cell ?? null,
      readyAt: iso(r.ready_at as number),
      holdUntil: iso(r.hold_until as number),
    };
  }

  private lookupPickups(b: Obj): Answer {
    str(b, 'terminalId', { max: 64 });
    const id = optStr(b, 'idNumber', { max: 32 });
    const code = optStr(b, 'pickupCode', { min: 4, max: 16 });
    if ((id === null) === (code === null))
      throw new BadRequestError('invalid-request', 'give exactly one of idNumber and pickupCode');
    const rows = (
      id !== null
        ? this.db
            .prepare(`SELECT * FROM pickups WHERE id_number = ? AND state = 'ready' AND hold_until > ? ORDER BY ready_at`)
            .all(id, this.now())
        : this.db.prepare(`SELECT * FROM pickups WHERE code = ? AND state = 'ready' AND hold_until > ?`).all(code, this.now())
    ) as Array<Record<string, unknown>>;
    return { status: 200, body: { pickups: rows.map((r) => this.pickupView(r)) } };
  }

  private markCollected(pickupId: string, b: Obj): Answer {
    const terminal = str(b, 'terminalId', { max: 64 });
    const method = oneOf(b, 'method', ['id-card', 'pickup-code', 'digital-identity', 'staff'] as const);
    str(b, 'collectedAt', { max: 40, min: 10 });
    const r = this.db.prepare(`SELECT state, application_id, collected_at FROM pickups WHERE pickup_id = ?`).get(pickupId) as
      { state: string; application_id: string; collected_at: number | null } | undefined;
    if (!r) throw new HttpError(404, 'not-found', 'no such pickup');
    if (r.state === 'collected') throw new HttpError(409, 'already-collected', 'this pickup was already collected');
    const now = this.now();
    this.db
      .prepare(
        `UPDATE pickups SET state = 'collected', collected_at = ?, collected_by = ?, collect_method = ? WHERE pickup_id = ?`,
      )
      .run(now, terminal, method, pickupId);
    this.db
      .prepare(`UPDATE applications SET state = 'collected', updated_at = ? WHERE application_id = ?`)
      .run(now, r.application_id);
    recordState(this.db, r.application_id, 'collected', now);
    return { status: 200, body: { pickupId, state: 'collected', collectedAt: iso(now) } };
  }

  /** Staff loaded an application's document into a compartment: the pickup is ready, the code goes out by SMS. */
  private pickupLoaded(b: Obj): Answer {
    str(b, 'terminalId', { max: 64 });
    const applicationId = str(b, 'applicationId', { max: 64 });
    const lockerId = str(b, 'lockerId', { max: 64 });
    const cell = str(b, 'cell', { max: 16 });
    str(b, 'loadedBy', { max: 64 });
    str(b, 'loadedAt', { max: 40, min: 10 });
    const now = this.now();
    return this.db.transaction((): Answer => {
      const a = this.db
        .prepare(`SELECT id_number, name, phone, matter_code, state FROM applications WHERE application_id = ?`)
        .get(applicationId) as
        { id_number: string; name: string; phone: string | null; matter_code: string; state: string } | undefined;
      if (!a) throw new HttpError(404, 'not-found', 'no such application');
      if (a.state === 'rejected' || a.state === 'collected')
        throw new HttpError(409, 'wrong-state', `the application is ${a.state}`);
      const waiting = this.db
        .prepare(`SELECT pickup_id FROM pickups WHERE application_id = ? AND state = 'ready'`)
        .get(applicationId);
      if (waiting) throw new HttpError(409, 'already-loaded', 'a pickup for this application is already waiting');
      const pickupId = this.nextId('P');
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const holdUntil = now + 7 * 86_400_000;
      this.db
        .prepare(
          `INSERT INTO pickups (pickup_id, application_id, id_number, holder_name, phone, matter_name, locker_id, cell, code, state, ready_at, hold_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'ready', ?, ?)`,
        )
        .run(pickupId, applicationId, a.id_number, a.name, a.phone, a.matter_code, lockerId, cell, code, now, holdUntil);
      this.db
        .prepare(`UPDATE applications SET state = 'ready-for-pickup', updated_at = ? WHERE application_id = ?`)
        .run(now, applicationId);
      recordState(this.db, applicationId, 'ready-for-pickup', now);
      if (a.phone) this.sendSms(a.phone, pickupId, `【一门式】您的${a.matter_code}已放入自助柜 ${cell}，取件码 ${code}。`);
      return {
        status: 201,
        body: { pickupId, applicationId, matterName: a.matter_code, holdUntil: iso(holdUntil), smsSent: a.phone !== null },
      };
    })();
  }

  private sendSms(phone: string, pickupId: string, text: string): void {
    this.db
      .prepare(`INSERT INTO sms_log (at, phone, pickup_id, text) VALUES (?, ?, ?, ?)`)
      .run(this.now(), phone, pickupId, text);
    this.log({ level: 'info', msg: 'sms sent', phone: maskPhone(phone), pickupId });
  }

  private resendCode(pickupId: string, b: Obj): Answer {
    str(b, 'terminalId', { max: 64 });
    const r = this.db.prepare(`SELECT phone, code, state, matter_name FROM pickups WHERE pickup_id = ?`).get(pickupId) as
      { phone: string | null; code: string; state: string; matter_name: string } | undefined;
    if (!r || r.state !== 'ready') throw new HttpError(404, 'not-found', 'no pickup waiting under this id');
    if (!r.phone) throw new HttpError(422, 'no-phone', 'no phone number on file for this pickup');
    const last = this.db.prepare(`SELECT MAX(at) AS t FROM sms_log WHERE pickup_id = ?`).get(pickupId) as { t: number | null };
    if (last.t !== null && this.now() - last.t < this.smsMinIntervalMs)
      throw new HttpError(429, 'too-soon', 'a code was sent moments ago');
    this.sendSms(r.phone, pickupId, `【一门式】您的${r.matter_name}已可领取，取件码 ${r.code}。`);
    return { status: 200, body: { sent: true, maskedPhone: maskPhone(r.phone), sentAt: iso(this.now()) } };
  }

  /**
   * A citizen at a kiosk lost the SMS: every pickup waiting for this number gets its code again
   * (spaced like single re-sends). The answer is the same shape whether or not any waits, so a
   * kiosk can word it neutrally; only the phone's owner learns the code.
   */
  private resendByPhone(b: Obj): Answer {
    str(b, 'terminalId', { max: 64 });
    const phone = str(b, 'phone', { max: 11, min: 11 });
    if (!/^1[3-9]\d{9}$/.test(phone)) throw new BadRequestError('invalid-request', 'phone must be a mainland mobile number');
    const now = this.now();
    const rows = this.db
      .prepare(`SELECT pickup_id, code, matter_name, cell FROM pickups WHERE phone = ? AND state = 'ready' AND hold_until > ?`)
      .all(phone, now) as { pickup_id: string; code: string; matter_name: string; cell: string | null }[];
    let sent = 0;
    let recent = 0;
    for (const r of rows) {
      const last = this.db.prepare(`SELECT MAX(at) AS t FROM sms_log WHERE pickup_id = ?`).get(r.pickup_id) as {
        t: number | null;
      };
      if (last.t !== null && now - last.t < this.smsMinIntervalMs) {
        recent++;
        continue;
      }
      this.sendSms(phone, r.pickup_id, `【一门式】您的${r.matter_name}已可领取（自助柜 ${r.cell ?? ''}），取件码 ${r.code}。`);
      sent++;
    }
    return { status: 200, body: { sent, recentlySent: recent, maskedPhone: maskPhone(phone), sentAt: iso(now) } };
  }

  private deposit(b: Obj): Answer {
    const t = str(b, 'terminalId', { max: 64 });
    const p = person(b.depositor, 'depositor');
    const id = this.nextId('D');
    this.db
      .prepare(`INSERT INTO deposits VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(
        id,
        t,
        p.idNumber,
        p.name,
        optStr(b, 'applicationId', { max: 64 }),
        str(b, 'lockerId', { max: 64 }),
        str(b, 'cell', { max: 16 }),
        str(b, 'description', { max: 500, min: 0 }),
        str(b, 'depositedAt', { max: 40, min: 10 }),
      );
    return { status: 201, body: { depositId: id, receivedAt: iso(this.now()) } };
  }

  private rating(b: Obj): Answer {
    const t = str(b, 'terminalId', { max: 64 });
    const level = int(b, 'level', 1, 5);
    const dims = b.dimensions === undefined ? null : obj(b.dimensions, 'dimensions');
    if (dims) for (const k of Object.keys(dims)) int(dims, k, 1, 5);
    const id = this.nextId('R');
    this.db
      .prepare(`INSERT INTO ratings VALUES (?, ?, ?, ?, ?, ?, ?)`)
      .run(
        id,
        t,
        level,
        optStr(b, 'matterCode', { max: 64 }),
        dims ? JSON.stringify(dims) : null,
        optStr(b, 'comment', { max: 500, min: 0 }),
        str(b, 'ratedAt', { max: 40, min: 10 }),
      );
    return { status: 201, body: { ratingId: id, receivedAt: iso(this.now()) } };
  }

  private report(b: Obj): Answer {
    const id = this.nextId('G');
    this.db
      .prepare(`INSERT INTO reports VALUES (?, ?, ?, ?, ?, ?, ?)`)
      .run(
        id,
        str(b, 'terminalId', { max: 64 }),
        str(b, 'gridId', { max: 64 }),
        str(b, 'category', { max: 64 }),
        str(b, 'text', { max: 2000 }),
        optStr(b, 'phone', { max: 32, min: 0 }),
        str(b, 'reportedAt', { max: 40, min: 10 }),
      );
    return { status: 201, body: { reportId: id, receivedAt: iso(this.now()) } };
  }

  private urgent(b: Obj): Answer {
    const id = this.nextId('U');
    this.db
      .prepare(`INSERT INTO urgent_events VALUES (?, ?, ?, ?, ?, ?)`)
      .run(
        id,
        str(b, 'terminalId', { max: 64 }),
        str(b, 'kind', { max: 64 }),
        oneOf(b, 'severity', ['critical', 'high'] as const),
        str(b, 'message', { max: 1000, min: 0 }),
        str(b, 'at', { max: 40, min: 10 }),
      );
    this.log({ level: 'warn', msg: 'urgent event', terminalId: b.terminalId, kind: b.kind });
    return { status: 201, body: { eventId: id, receivedAt: iso(this.now()) } };
  }

  private heartbeat(terminalId: string, b: Obj): Answer {
    const t = str(b, 'terminalId', { max: 64 });
    if (t !== terminalId) throw new BadRequestError('invalid-request', 'terminalId differs from the path');
    const state = oneOf(b, 'state', ['starting', 'in-service', 'out-of-service', 'maintenance'] as const);
    const outbox = obj(b.outbox, 'outbox');
    const memory = obj(b.memory, 'memory');
    arr(b, 'devices', 64);
    obj(b.paper, 'paper');
    const now = this.now();
    const applied = optStr(b, 'appliedConfigVersion', { max: 128 });
    this.db
      .prepare(
        `INSERT INTO terminals (terminal_id, last_seen, state, version, applied_config_version, outbox_depth, rss_bytes, uptime_seconds, last_heartbeat)
         VALUES (@t, @now, @state, @version, @applied, @depth, @rss, @uptime, @body)
         ON CONFLICT (terminal_id) DO UPDATE SET last_seen = @now, state = @state, version = @version, applied_config_version = @applied,
           outbox_depth = @depth, rss_bytes = @rss, uptime_seconds = @uptime, last_heartbeat = @body`,
      )
      .run({
        t,
        now,
        state,
        version: str(b, 'version', { max: 64 }),
        applied,
        depth: int(outbox, 'depth', 0, Number.MAX_SAFE_INTEGER),
        rss: int(memory, 'rssBytes', 0, Number.MAX_SAFE_INTEGER),
        uptime: num(b, 'uptimeSeconds'),
        body: JSON.stringify(b),
      });
    this.db.prepare(`INSERT INTO heartbeats (terminal_id, received_at, body) VALUES (?, ?, ?)`).run(t, now, JSON.stringify(b));
    const desired = this.db.prepare(`SELECT desired_config_version AS d FROM terminals WHERE terminal_id = ?`).get(t) as {
      d: string | null;
    };
    return { status: 200, body: { receivedAt: iso(now), desiredConfigVersion: desired.d } };
  }

  private verifyQr(b: Obj): Answer {
    str(b, 'terminalId', { max: 64 });
    const qr = str(b, 'qrText', { max: 4096 });
    const r = this.db.prepare(`SELECT * FROM identity_tokens WHERE qr_text = ?`).get(qr) as
      | { id_type: string; id_number: string; name: string; address: string | null; phone: string | null; expires_at: number }
      | undefined;
    if (!r) throw new HttpError(422, 'qr-invalid', 'this code is not a valid identity code');
    if (r.expires_at <= this.now())
      throw new HttpError(422, 'qr-expired', 'this identity code has expired; refresh it in the app');
    // One use only: a photographed code cannot be replayed.
    this.db.prepare(`DELETE FROM identity_tokens WHERE qr_text = ?`).run(qr);
    const identity: Record<string, string> = { idType: r.id_type, idNumber: r.id_number, name: r.name };
    if (r.address) identity.address = r.address;
    if (r.phone) identity.phone = r.phone;
    return { status: 200, body: { verified: true, identity, verifiedAt: iso(this.now()) } };
  }

  /**
   * Staff at a kiosk inspected a document and typed the citizen's name and ID number: the register
   * must hold that number under that name, for a person still active. The answer is a verdict
   * only; nothing the register holds is sent back. The name is checked before the standing, so a
   * wrong name learns nothing about the person behind the number.
   */
  private confirmIdentity(b: Obj): Answer {
    const terminalId = str(b, 'terminalId', { max: 64 });
    const name = str(b, 'name', { max: 100 }).trim();
    const idNumber = str(b, 'idNumber', { max: 32 }).toUpperCase();
    const document = oneOf(b, 'document', ASSIST_DOCUMENT_TYPES);
    if (name === '') throw new BadRequestError('invalid-request', 'name is blank');
    const verdict = this.registerVerdict(name, idNumber);
    this.log({ level: 'info', msg: 'identity confirmation', terminalId, document, verdict });
    this.refuseUnconfirmed(verdict);
    return { status: 200, body: { confirmed: true, confirmedAt: iso(this.now()) } };
  }

  /** Is this number held under this name, for a person still active? (name before status: a wrong name learns nothing) */
  private registerVerdict(name: string, idNumber: string): string {
    const p = findPerson(this.db, idNumber);
    if (p === null) return 'identity-not-in-register';
    if (p.name !== name) return 'identity-name-mismatch';
    return (p.status ?? 'active') !== 'active' ? 'identity-inactive' : 'confirmed';
  }

  private refuseUnconfirmed(verdict: string): void {
    if (verdict === 'identity-not-in-register')
      throw new HttpError(422, verdict, 'no one with this ID number in the population register');
    if (verdict === 'identity-name-mismatch') throw new HttpError(422, verdict, 'the name differs from the population register');
    if (verdict === 'identity-inactive') throw new HttpError(422, verdict, 'this person is no longer active in the register');
  }

  /**
   * The register's reference photo of a person, for the kiosk's face check (mode a): only for a
   * number held under that name, still active. Logged without the photo or the number.
   */
  private identityPhoto(b: Obj): Answer {
    const terminalId = str(b, 'terminalId', { max: 64 });
    const name = str(b, 'name', { max: 100 }).trim();
    const idNumber = str(b, 'idNumber', { max: 32 }).toUpperCase();
    if (name === '') throw new BadRequestError('invalid-request', 'name is blank');
    const verdict = this.registerVerdict(name, idNumber);
    this.refuseUnconfirmed(verdict);
    const photo = findPhoto(this.db, idNumber);
    this.log({ level: 'info', msg: 'reference photo', terminalId, found: photo !== null });
    if (photo === null) throw new HttpError(404, 'identity-photo-missing', 'the register holds no photo of this person');
    return { status: 200, body: { photo: photo.toString('base64'), mediaType: 'image/jpeg' } };
  }

  /**
   * E-licences (电子证照) of a person, of the types asked for: only for a number the register holds
   * under that name, still active (the verdicts of confirmIdentity, name before standing). Logged
   * without the name or the number.
   */
  private queryLicences(b: Obj): Answer {
    const terminalId = str(b, 'terminalId', { max: 64 });
    const name = str(b, 'name', { max: 100 }).trim();
    const idNumber = str(b, 'idNumber', { max: 32 }).toUpperCase();
    const types = arr(b, 'types', 20);
    if (types.length === 0) throw new BadRequestError('invalid-request', 'types: at least one licence type');
    if (!types.every((t): t is string => typeof t === 'string' && LICENCE_TYPE.test(t)))
      throw new BadRequestError('invalid-request', 'types: licence type codes (lower-case letters, digits, dashes)');
    if (name === '') throw new BadRequestError('invalid-request', 'name is blank');
    this.refuseUnconfirmed(this.registerVerdict(name, idNumber));
    const licences = findLicences(this.db, idNumber, [...new Set(types)]);
    this.log({ level: 'info', msg: 'licence query', terminalId, types: types.length, found: licences.length });
    return { status: 200, body: { licences } };
  }

  private publicKeyBody(): Record<string, string> {
    return {
      keyId: this.seal.keyId,
      algorithm: 'Ed25519',
      publicKey: publicKeyPem(this.seal),
      notAfter: iso(this.seal.notAfter),
    };
  }

  /**
   * Issues an on-the-spot document: the person is looked up in the register (the name must match
   * the ID number's entry), the document states what the register says, sealed with the
   * authority's key. Request parameters (`params`, e.g. a purpose) are echoed but never override
   * a fact from the register.
   */
  private issueDocument(b: Obj): Answer {
    const terminalId = str(b, 'terminalId', { max: 64 });
    const matterId = str(b, 'matterId', { max: 64 });
    const idNumber = str(b, 'idNumber', { max: 32 }).toUpperCase();
    const name = str(b, 'name', { max: 100 }).trim();
    const applicationNo = str(b, 'applicationNo', { max: 64 });
    oneOf(b, 'locale', ['zh-CN', 'zh-HK', 'en'] as const);
    const rawParams = b.params === undefined ? {} : obj(b.params, 'params');
    const params: Record<string, string> = {};
    for (const [k, v] of Object.entries(rawParams).slice(0, 16)) {
      if (!/^\w{1,32}$/.test(k) || typeof v !== 'string' || v.length > 200)
        throw new BadRequestError('invalid-request', 'params: short text values under word keys');
      params[k] = v;
    }
    const now = this.now();
    if (this.seal.notAfter <= now)
      throw new HttpError(503, 'unavailable', 'the seal key has expired; the authority must install a new one');
    const p = findPerson(this.db, idNumber);
    if (!p) throw new HttpError(404, 'not-in-register', 'no one with this ID number in the population register');
    if (p.name !== name) throw new HttpError(422, 'name-mismatch', 'the name differs from the population register');
    if ((p.status ?? 'active') !== 'active')
      throw new HttpError(422, 'person-inactive', 'the register holds this person as deceased or cancelled');
    // Data minimisation: only a household matter states household facts.
    const household = matterId === 'household-certificate' || matterId.startsWith('household-');
    const fields: Record<string, string> = {
      ...params,
      name: p.name,
      idNumber: p.idNumber,
      ...(household ? { address: p.address, householdHead: p.householdHead, relation: p.relation } : {}),
    };
    const claims: DocumentClaims = {
      v: 1,
      kid: this.seal.keyId,
      id: this.nextId('DOC'),
      m: matterId,
      no: applicationNo,
      iss: ISSUERS[matterId] ?? this.authorityName,
      at: iso(now),
      f: fields,
    };
    const payload = signClaims(claims, this.seal);
    this.db
      .prepare(`INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?)`)
      .run(claims.id, terminalId, matterId, applicationNo, p.idNumber, this.seal.keyId, now);
    return {
      status: 201,
      body: {
        documentId: claims.id,
        matterId,
        applicationNo,
        issuer: claims.iss,
        issuedAt: claims.at,
        fields,
        payload,
        keyId: this.seal.keyId,
        keyNotAfter: iso(this.seal.notAfter),
      },
    };
  }

  private adminPerson(b: Obj): Answer {
    const name = str(b, 'name', { max: 100 });
    const person = {
      idNumber: str(b, 'idNumber', { max: 32 }).toUpperCase(),
      name,
      sex: optStr(b, 'sex', { max: 8 }) ?? '',
      birthDate: optStr(b, 'birthDate', { max: 10 }) ?? '',
      householdNo: optStr(b, 'householdNo', { max: 32 }) ?? '',
      householdHead: optStr(b, 'householdHead', { max: 100 }) ?? name,
      relation: optStr(b, 'relation', { max: 16 }) ?? '户主',
      address: str(b, 'address', { max: 200 }),
      authority: optStr(b, 'authority', { max: 100 }) ?? this.authorityName,
      status: b.status === undefined ? ('active' as const) : oneOf(b, 'status', PERSON_STATUSES),
    };
    upsertPerson(this.db, person);
    return { status: 201, body: { idNumber: person.idNumber } };
  }

  private adminPickup(b: Obj): Answer {
    const idNumber = str(b, 'idNumber', { max: 32 });
    const name = str(b, 'name', { max: 100 });
    const phone = optStr(b, 'phone', { max: 32 });
    const matterName = str(b, 'matterName', { max: 200 });
    const holdDays = b.holdDays === undefined ? 7 : int(b, 'holdDays', 1, 60);
    const now = this.now();
    return this.db.transaction((): Answer => {
      let applicationId = optStr(b, 'applicationId', { max: 64 });
      if (applicationId === null) {
        applicationId = this.nextId('A');
        this.db
          .prepare(
            `INSERT INTO applications (application_id, idem_key, terminal_id, matter_code, id_type, id_number, name, address, phone, form, state, received_at, updated_at)
             VALUES (?, NULL, 'window', ?, 'resident', ?, ?, NULL, ?, '{}', 'ready-for-pickup', ?, ?)`,
          )
          .run(applicationId, optStr(b, 'matterCode', { max: 64 }) ?? 'demo', idNumber, name, phone, now, now);
        recordState(this.db, applicationId, 'received', now);
      } else {
        this.db
          .prepare(`UPDATE applications SET state = 'ready-for-pickup', updated_at = ? WHERE application_id = ?`)
          .run(now, applicationId);
      }
      recordState(this.db, applicationId, 'ready-for-pickup', now);
      const pickupId = this.nextId('P');
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      this.db
        .prepare(
          `INSERT INTO pickups (pickup_id, application_id, id_number, holder_name, phone, matter_name, locker_id, cell, code, state, ready_at, hold_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'ready', ?, ?)`,
        )
        .run(
          pickupId,
          applicationId,
          idNumber,
          name,
          phone,
          matterName,
          optStr(b, 'lockerId', { max: 64 }),
          optStr(b, 'cell', { max: 16 }),
          code,
          now,
          now + holdDays * 86_400_000,
        );
      if (phone) this.sendSms(phone, pickupId, `【一门式】您的${matterName}已可领取，取件码 ${code}。`);
      return { status: 201, body: { pickupId, applicationId, pickupCode: code } };
    })();
  }

  private adminIdentityToken(b: Obj): Answer {
    const ttl = b.ttlSeconds === undefined ? 120 : int(b, 'ttlSeconds', 1, 86_400);
    const qr = `yimen-id:${randomUUID()}`;
    this.db
      .prepare(`INSERT INTO identity_tokens VALUES (?, ?, ?, ?, ?, ?, ?)`)
      .run(
        qr,
        b.idType === undefined ? 'resident' : str(b, 'idType'),
        str(b, 'idNumber', { max: 32 }),
        str(b, 'name', { max: 100 }),
        optStr(b, 'address', { max: 200 }),
        optStr(b, 'phone', { max: 32 }),
        this.now() + ttl * 1000,
      );
    return { status: 201, body: { qrText: qr } };
  }
}

/** The submission's materials as the back office keeps them (how each was provided). */
function materialsIn(b: Obj): ApplicationMaterial[] {
  if (b.materials === undefined) return [];
  return arr(b, 'materials', 100).map((m, i) => {
    const x = obj(m, `materials[${i}]`);
    return {
      kind: str(x, 'kind', { min: 1, max: 64 }),
      description: str(x, 'description', { max: 200 }),
      pages: x.pages === undefined ? null : int(x, 'pages', 0, 10_000),
      attachmentId: x.attachmentId === undefined ? null : str(x, 'attachmentId', { min: 8, max: 200 }),
      licenceRef: x.licenceRef === undefined ? null : str(x, 'licenceRef', { min: 1, max: 128 }),
    };
  });
}

/** The attachment ids a submission's materials name (`materials[].attachmentId`). */
function attachmentIdsOf(b: Obj): string[] {
  if (b.materials === undefined) return [];
  const ids: string[] = [];
  for (const [i, m] of arr(b, 'materials', 100).entries()) {
    const material = obj(m, `materials[${i}]`);
    if (material.attachmentId === undefined) continue;
    ids.push(str(material, 'attachmentId', { min: 8, max: 200 }));
  }
  if (new Set(ids).size !== ids.length) throw new BadRequestError('invalid-request', 'an attachment is named twice');
  return ids;
}

/** Starts the reference back office on `host:port` (port 0 → a free one). */
export async function startBackoffice(opts: BackofficeOptions): Promise<RunningBackoffice> {
  const db = openBackofficeDb(opts.dataDir);
  const sealKey =
    opts.sealKey ?? (opts.dataDir === null ? undefined : loadOrCreateSealKey(opts.dataDir, (opts.now ?? Date.now)()));
  const app = new BackofficeApp(db, { ...opts, ...(sealKey ? { sealKey } : {}) });
  const server: Server = createServer((req, res) => {
    app.handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = opts.host ?? '127.0.0.1';
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/`,
    port,
    db,
    faults: app.faults,
    seal: { keyId: app.seal.keyId, publicKeyPem: publicKeyPem(app.seal), notAfter: iso(app.seal.notAfter) },
    stats: () => app.stats(),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      db.close();
    },
  };
}
