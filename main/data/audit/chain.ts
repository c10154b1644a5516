/** The hash and signature formats of the audit chain, shared by the writer and the verifier. */
import { createHash, sign, verify, type KeyObject } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  seq: number;
  /** Milliseconds since the epoch. */
  at: number;
  type: string;
  /** Who: `citizen`, `system`, `staff:<id>`, `fleet`, … — never a person's name or ID. */
  actor: string;
  /** HMAC lookup key of the citizen's ID number, or null. */
  subject: string | null;
  /** JSON text, stored and hashed exactly as written. */
  detail: string;
  prevHash: string;
  hash: string;
}

/** An entry as stored in the `audit_log` table (column names). */
export type AuditRow = Omit<AuditEntry, 'prevHash'> & { prev_hash: string };

export function entryFromRow(r: AuditRow): AuditEntry {
  return {
    seq: r.seq,
    at: r.at,
    type: r.type,
    actor: r.actor,
    subject: r.subject,
    detail: r.detail,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

export function entryHash(e: Omit<AuditEntry, 'hash'>): string {
  return createHash('sha256')
    .update(JSON.stringify(['yimen-audit/v1', e.seq, e.at, e.type, e.actor, e.subject, e.detail, e.prevHash]))
    .digest('hex');
}

export function checkpointMessage(terminalId: string, seq: number, hash: string, at: number): Buffer {
  return Buffer.from(`yimen-audit-checkpoint/v1\n${terminalId}\n${seq}\n${hash}\n${at}`, 'utf8');
}

export function signCheckpoint(key: KeyObject, terminalId: string, seq: number, hash: string, at: number): string {
  return sign(null, checkpointMessage(terminalId, seq, hash, at), key).toString('base64');
}

export function checkCheckpoint(
  key: KeyObject,
  terminalId: string,
  seq: number,
  hash: string,
  at: number,
  signature: string,
): boolean {
  try {
    return verify(null, checkpointMessage(terminalId, seq, hash, at), key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
