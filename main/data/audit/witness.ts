/**
 * The witness check: does the local audit chain still contain the newest checkpoint the back
 * office received from this terminal? A chain cut short, a store restored from an older copy and
 * a chain rewritten and re-signed all fail it, even when the local chain is consistent in itself
 * (which is all `verifyAuditChain` can tell without a witness).
 */
import type { KeyObject } from 'node:crypto';
import type Database from 'better-sqlite3';
import { checkCheckpoint } from './chain.js';

/** A checkpoint as the back office witnessed it. */
export interface WitnessedCheckpoint {
  terminalId: string;
  seq: number;
  hash: string;
  at: number;
  signature: string;
}

/** What the local store holds around a sequence number (read from the store, or built by a test). */
export interface LocalChainView {
  firstSeq: number | null;
  lastSeq: number | null;
  /** The hash of the entry at `seq`, or null when the store has no such entry. */
  entryHash(seq: number): string | null;
  /** The hash a local checkpoint signed at `seq`, or null when there is none. */
  checkpointHash(seq: number): string | null;
}

export type WitnessFindingCode =
  'witness-match' | 'witness-truncated' | 'witness-forked' | 'witness-unverifiable' | 'witness-bad-signature';

export interface WitnessFinding {
  /** True only for `witness-match`. */
  ok: boolean;
  code: WitnessFindingCode;
  /** Plain words for the technician. */
  message: string;
}

const short = (h: string): string => `${h.slice(0, 12)}…`;

/**
 * Compares the local chain with the witnessed checkpoint. `key` is the key the checkpoint must be
 * signed with (the one registered with the back office, or given on the command line); null
 * skips the signature check (the caller then says so).
 */
export function compareWithWitness(local: LocalChainView, w: WitnessedCheckpoint, key: KeyObject | null): WitnessFinding {
  if (key !== null && !checkCheckpoint(key, w.terminalId, w.seq, w.hash, w.at, w.signature))
    return {
      ok: false,
      code: 'witness-bad-signature',
      message: `the checkpoint the back office witnessed (seq ${w.seq}) is not signed by the trusted key: the terminal key was replaced, or the wrong key was given`,
    };
  const witnessed = `seq ${w.seq} (hash ${short(w.hash)})`;
  if (local.lastSeq === null && local.checkpointHash(w.seq) === null)
    return {
      ok: false,
      code: 'witness-truncated',
      message: `the local chain is empty but the back office witnessed ${witnessed}: the audit tables were wiped or the store replaced`,
    };
  if (local.lastSeq !== null && local.lastSeq < w.seq)
    return {
      ok: false,
      code: 'witness-truncated',
      message: `local chain ends at seq ${local.lastSeq} but the back office witnessed ${witnessed}: truncated or rolled back to an older copy`,
    };
  const entry = local.entryHash(w.seq);
  const cp = local.checkpointHash(w.seq);
  const localHash = entry ?? cp;
  if (localHash === null)
    return {
      ok: false,
      code: 'witness-unverifiable',
      message: `the back office witnessed ${witnessed} but the local store holds neither that entry nor a checkpoint of it (oldest local entry: ${local.firstSeq ?? 'none'})`,
    };
  if (localHash !== w.hash || (entry !== null && cp !== null && cp !== entry))
    return {
      ok: false,
      code: 'witness-forked',
      message: `the local entry at seq ${w.seq} has hash ${short(localHash)} but the back office witnessed ${short(w.hash)}: the chain was rewritten (a fork)`,
    };
  return {
    ok: true,
    code: 'witness-match',
    message: `the local chain contains the checkpoint the back office witnessed (${witnessed})`,
  };
}

/** The view of the chain in an open store (`audit_log`, `audit_checkpoints`). */
export function storeChainView(db: Database.Database): LocalChainView {
  const range = db.prepare(`SELECT MIN(seq) AS first, MAX(seq) AS last FROM audit_log`).get() as {
    first: number | null;
    last: number | null;
  };
  const entry = db.prepare(`SELECT hash FROM audit_log WHERE seq = ?`);
  const cp = db.prepare(`SELECT hash FROM audit_checkpoints WHERE seq = ?`);
  return {
    firstSeq: range.first,
    lastSeq: range.last,
    entryHash: (seq) => (entry.get(seq) as { hash: string } | undefined)?.hash ?? null,
    checkpointHash: (seq) => (cp.get(seq) as { hash: string } | undefined)?.hash ?? null,
  };
}
