/**
 * The back office as the witness of each terminal's audit chain. It keeps every entry and signed
 * checkpoint a terminal uploads and answers, per terminal, the newest checkpoint it received; a
 * terminal whose store is cut short, rolled back to an older copy or rewritten and re-signed
 * can no longer show a chain that contains it (`yimen audit verify --witness`).
 *
 * An upload is refused, whole, when it would make the witness lie:
 * - `audit-key-mismatch` (409): signed with another key than the one registered for the terminal
 *   (at enrolment through `POST /admin/terminals/{id}/audit-key`, else with its first upload);
 * - `audit-fork` (409): an entry or checkpoint differs from what was received before at the same
 *   seq, or an entry does not link to the one before it;
 * - `audit-checkpoint-backwards` (409): a checkpoint older than the newest one witnessed that
 *   was never received before (a resend of one already held is accepted as is);
 * - `audit-checkpoint-bad-signature`, `audit-checkpoint-unanchored`, `audit-entry-bad-hash` (422).
 * Resending what is already held changes nothing, so a terminal that crashed before it could
 * record the answer simply sends again.
 */
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import type Database from 'better-sqlite3';
import { arr, BadRequestError, int, num, obj, str, type Obj } from './validate.js';

/** A refusal with its HTTP status (the router turns it into the contract's error body). */
export class WitnessRefusal extends Error {
  constructor(
    readonly status: 409 | 422 | 404,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const GENESIS = '0'.repeat(64);

export function ensureWitnessSchema(db: Database.Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS audit_terminal_keys (
      terminal_id TEXT PRIMARY KEY, public_key TEXT NOT NULL, registered_at INTEGER NOT NULL, source TEXT NOT NULL
    );
  `);
}

/** The terminal's entry hash, as the contract defines it. */
function entryHash(e: {
  seq: number;
  at: number;
  type: string;
  actor: string;
  subject: string | null;
  detail: string;
  prevHash: string;
}): string {
  return createHash('sha256')
    .update(JSON.stringify(['yimen-audit/v1', e.seq, e.at, e.type, e.actor, e.subject, e.detail, e.prevHash]))
    .digest('hex');
}

function checkpointSigned(key: KeyObject, t: string, c: { seq: number; hash: string; at: number; signature: string }): boolean {
  try {
    return verify(
      null,
      Buffer.from(`yimen-audit-checkpoint/v1\n${t}\n${c.seq}\n${c.hash}\n${c.at}`, 'utf8'),
      key,
      Buffer.from(c.signature, 'base64'),
    );
  } catch {
    return false;
  }
}

function ed25519(pem: string): KeyObject {
  try {
    const k = createPublicKey(pem);
    if (k.asymmetricKeyType === 'ed25519') return k;
  } catch {
    /* below */
  }
  throw new BadRequestError('invalid-request', 'publicKey must be an Ed25519 public key (SPKI PEM)');
}

/** Two PEMs name the same key when their DER forms are equal (line breaks and headers aside). */
function sameKey(a: KeyObject, b: KeyObject): boolean {
  return a.export({ type: 'spki', format: 'der' }).equals(b.export({ type: 'spki', format: 'der' }));
}

export interface WitnessView {
  terminalId: string;
  publicKey: string | null;
  checkpoint: { seq: number; at: number; hash: string; signature: string } | null;
}

export class AuditWitness {
  constructor(
    private readonly db: Database.Database,
    private readonly now: () => number,
  ) {
    ensureWitnessSchema(db);
  }

  /** The key registered for the terminal: at enrolment, or with its first upload (older databases: its newest checkpoint's). */
  registeredKey(t: string): string | null {
    const r = this.db.prepare(`SELECT public_key AS k FROM audit_terminal_keys WHERE terminal_id = ?`).get(t) as
      { k: string } | undefined;
    if (r) return r.k;
    const cp = this.db
      .prepare(`SELECT public_key AS k FROM audit_checkpoints WHERE terminal_id = ? ORDER BY seq DESC LIMIT 1`)
      .get(t) as { k: string } | undefined;
    return cp?.k ?? null;
  }

  /** Enrolment: registers the terminal's audit key. Another key than the registered one needs `replace` (a key rotation). */
  register(t: string, pem: string, replace: boolean): { registered: boolean } {
    const key = ed25519(pem);
    const current = this.registeredKey(t);
    if (current !== null && sameKey(ed25519(current), key)) return { registered: false };
    if (current !== null && !replace)
      throw new WitnessRefusal(409, 'audit-key-mismatch', `terminal ${t} already has another audit key registered`);
    this.db
      .prepare(
        `INSERT INTO audit_terminal_keys (terminal_id, public_key, registered_at, source) VALUES (?, ?, ?, 'enrolment')
         ON CONFLICT (terminal_id) DO UPDATE SET public_key = excluded.public_key, registered_at = excluded.registered_at, source = excluded.source`,
      )
      .run(t, key.export({ type: 'spki', format: 'pem' }).toString(), this.now());
    return { registered: true };
  }

  view(t: string): WitnessView {
    const publicKey = this.registeredKey(t);
    const checkpoint =
      (this.db
        .prepare(`SELECT seq, at, hash, signature FROM audit_checkpoints WHERE terminal_id = ? ORDER BY seq DESC LIMIT 1`)
        .get(t) as WitnessView['checkpoint'] | undefined) ?? null;
    if (publicKey === null && checkpoint === null)
      throw new WitnessRefusal(404, 'unknown-terminal', `no audit key or checkpoint from terminal ${t}`);
    return { terminalId: t, publicKey, checkpoint };
  }

  /** One upload (the caller runs it in a transaction: a refusal leaves nothing behind). */
  upload(b: Obj): { accepted: number; lastSeq: number } {
    const t = str(b, 'terminalId', { max: 64 });
    const pem = str(b, 'publicKey', { max: 1000 });
    const key = ed25519(pem);
    const current = this.registeredKey(t);
    if (current === null)
      this.db
        .prepare(
          `INSERT INTO audit_terminal_keys (terminal_id, public_key, registered_at, source) VALUES (?, ?, ?, 'first-upload')`,
        )
        .run(t, key.export({ type: 'spki', format: 'pem' }).toString(), this.now());
    else if (!sameKey(ed25519(current), key))
      throw new WitnessRefusal(
        409,
        'audit-key-mismatch',
        `the batch is signed with another key than the one registered for terminal ${t}`,
      );

    const entries = arr(b, 'entries', 5000)
      .map((v) => {
        const e = obj(v, 'entry');
        return {
          seq: int(e, 'seq', 1, Number.MAX_SAFE_INTEGER),
          at: num(e, 'at'),
          type: str(e, 'type', { max: 64 }),
          actor: str(e, 'actor', { max: 128 }),
          subject: e.subject === null ? null : str(e, 'subject', { max: 128 }),
          detail: str(e, 'detail', { min: 0 }),
          prevHash: str(e, 'prevHash', { max: 64 }),
          hash: str(e, 'hash', { max: 64 }),
        };
      })
      .sort((x, y) => x.seq - y.seq);
    const cps = arr(b, 'checkpoints', 5000)
      .map((v) => {
        const c = obj(v, 'checkpoint');
        return {
          seq: int(c, 'seq', 1, Number.MAX_SAFE_INTEGER),
          at: num(c, 'at'),
          hash: str(c, 'hash', { max: 64 }),
          signature: str(c, 'signature', { max: 200 }),
        };
      })
      .sort((x, y) => x.seq - y.seq);

    const storedEntry = this.db.prepare(`SELECT hash FROM audit_entries WHERE terminal_id = ? AND seq = ?`);
    const hashAt = (seq: number): string | null => (storedEntry.get(t, seq) as { hash: string } | undefined)?.hash ?? null;
    const ins = this.db.prepare(`INSERT INTO audit_entries VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    let accepted = 0;
    let lastSeq = 0;
    for (const e of entries) {
      lastSeq = Math.max(lastSeq, e.seq);
      if (entryHash(e) !== e.hash)
        throw new WitnessRefusal(422, 'audit-entry-bad-hash', `entry ${e.seq}: the hash does not match its content`);
      const held = hashAt(e.seq);
      if (held !== null) {
        if (held !== e.hash) throw new WitnessRefusal(409, 'audit-fork', `entry ${e.seq} differs from the one received before`);
        continue;
      }
      const prev = e.seq === 1 ? GENESIS : hashAt(e.seq - 1);
      if (prev !== null && prev !== e.prevHash)
        throw new WitnessRefusal(409, 'audit-fork', `entry ${e.seq} does not link to entry ${e.seq - 1} received before`);
      ins.run(t, e.seq, e.at, e.type, e.actor, e.subject, e.detail, e.prevHash, e.hash);
      accepted += 1;
    }

    const storedCp = this.db.prepare(`SELECT hash FROM audit_checkpoints WHERE terminal_id = ? AND seq = ?`);
    const latest = this.db.prepare(`SELECT MAX(seq) AS seq FROM audit_checkpoints WHERE terminal_id = ?`);
    const insCp = this.db.prepare(`INSERT INTO audit_checkpoints VALUES (?, ?, ?, ?, ?, ?)`);
    const keyPem = key.export({ type: 'spki', format: 'pem' }).toString();
    for (const c of cps) {
      if (!checkpointSigned(key, t, c))
        throw new WitnessRefusal(
          422,
          'audit-checkpoint-bad-signature',
          `checkpoint ${c.seq}: the signature is not valid for terminal ${t}'s key`,
        );
      const held = (storedCp.get(t, c.seq) as { hash: string } | undefined)?.hash;
      if (held !== undefined) {
        if (held !== c.hash)
          throw new WitnessRefusal(409, 'audit-fork', `checkpoint ${c.seq} differs from the one witnessed before`);
        continue;
      }
      const newest = (latest.get(t) as { seq: number | null }).seq;
      if (newest !== null && c.seq < newest)
        throw new WitnessRefusal(
          409,
          'audit-checkpoint-backwards',
          `checkpoint ${c.seq} is older than checkpoint ${newest}, the newest witnessed for terminal ${t}`,
        );
      const entry = hashAt(c.seq);
      if (entry === null)
        throw new WitnessRefusal(422, 'audit-checkpoint-unanchored', `checkpoint ${c.seq}: entry ${c.seq} was never received`);
      if (entry !== c.hash)
        throw new WitnessRefusal(409, 'audit-fork', `checkpoint ${c.seq} does not sign the entry ${c.seq} received before`);
      insCp.run(t, c.seq, c.at, c.hash, c.signature, keyPem);
    }
    return { accepted, lastSeq };
  }
}
