/**
 * Checks an audit chain: every entry's hash, every link to the entry before, no gap in the
 * sequence, every checkpoint's signature and that each signed hash matches the entry it names.
 * Reports the first broken entry (the lowest sequence number with a problem).
 */
import type { KeyObject } from 'node:crypto';
import type Database from 'better-sqlite3';
import { GENESIS_HASH, checkCheckpoint, entryFromRow, entryHash, type AuditRow } from './chain.js';

export type AuditProblemKind =
  | 'hash-mismatch'
  | 'prev-hash-mismatch'
  | 'missing-entries'
  | 'unanchored-start'
  | 'checkpoint-bad-signature'
  | 'checkpoint-mismatch'
  | 'entries-missing-after-checkpoint'
  | 'key-mismatch';

export interface AuditProblem {
  seq: number;
  kind: AuditProblemKind;
  message: string;
}

export interface AuditVerifyReport {
  intact: boolean;
  entries: number;
  firstSeq: number | null;
  lastSeq: number | null;
  checkpoints: number;
  lastCheckpointSeq: number | null;
  /** The first broken entry, or null when intact. */
  firstBroken: AuditProblem | null;
  problems: AuditProblem[];
}

interface CpRow {
  seq: number;
  at: number;
  terminal_id: string;
  hash: string;
  signature: string;
}

export function verifyAuditChain(db: Database.Database, publicKey: KeyObject | null): AuditVerifyReport {
  const problems: AuditProblem[] = [];
  const cps = db.prepare(`SELECT * FROM audit_checkpoints ORDER BY seq`).all() as CpRow[];
  const cpBySeq = new Map(cps.map((c) => [c.seq, c]));
  let first: number | null = null;
  let last: number | null = null;
  let count = 0;
  let expectedSeq = 0;
  let expectedPrev = '';
  const hashes = new Map<number, string>();

  for (const r of db.prepare(`SELECT * FROM audit_log ORDER BY seq`).iterate() as IterableIterator<AuditRow>) {
    count += 1;
    if (first === null) {
      first = r.seq;
      expectedSeq = r.seq;
      if (r.seq === 1) expectedPrev = GENESIS_HASH;
      else {
        const anchor = cpBySeq.get(r.seq - 1);
        if (!anchor) {
          problems.push({
            seq: r.seq,
            kind: 'unanchored-start',
            message: `the chain starts at ${r.seq} but no checkpoint covers ${r.seq - 1}`,
          });
          expectedPrev = r.prev_hash;
        } else expectedPrev = anchor.hash;
      }
    }
    if (r.seq !== expectedSeq) {
      problems.push({ seq: expectedSeq, kind: 'missing-entries', message: `entries ${expectedSeq}…${r.seq - 1} are missing` });
    }
    if (r.prev_hash !== expectedPrev) {
      problems.push({ seq: r.seq, kind: 'prev-hash-mismatch', message: `entry ${r.seq} does not link to the entry before it` });
    }
    const h = entryHash(entryFromRow(r));
    if (h !== r.hash)
      problems.push({
        seq: r.seq,
        kind: 'hash-mismatch',
        message: `entry ${r.seq} was altered (its hash does not match its content)`,
      });
    if (cpBySeq.has(r.seq)) hashes.set(r.seq, r.hash);
    expectedPrev = r.hash;
    expectedSeq = r.seq + 1;
    last = r.seq;
  }

  for (const c of cps) {
    if (publicKey === null || !checkCheckpoint(publicKey, c.terminal_id, c.seq, c.hash, c.at, c.signature)) {
      problems.push({
        seq: c.seq,
        kind: 'checkpoint-bad-signature',
        message:
          publicKey === null
            ? `checkpoint ${c.seq}: no public key to check it`
            : `checkpoint ${c.seq}: the signature is not valid`,
      });
      continue;
    }
    if (first !== null && c.seq < first) continue; // entries purged after shipping: the checkpoint anchors the rest
    if (last === null || c.seq > last) {
      problems.push({
        seq: (last ?? 0) + 1,
        kind: 'entries-missing-after-checkpoint',
        message: `checkpoint ${c.seq} is signed but the chain ends at ${last ?? 0}`,
      });
      continue;
    }
    const h = hashes.get(c.seq);
    if (h !== c.hash)
      problems.push({ seq: c.seq, kind: 'checkpoint-mismatch', message: `entry ${c.seq} differs from the signed checkpoint` });
  }

  problems.sort((a, b) => a.seq - b.seq);
  const lastCp = cps[cps.length - 1];
  return {
    intact: problems.length === 0,
    entries: count,
    firstSeq: first,
    lastSeq: last,
    checkpoints: cps.length,
    lastCheckpointSeq: lastCp ? lastCp.seq : null,
    firstBroken: problems[0] ?? null,
    problems: problems.slice(0, 100),
  };
}
