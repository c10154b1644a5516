/**
 * The back office as the witness of a terminal's audit chain, over HTTP through the typed client:
 * it keeps the newest checkpoint, accepts resends, and refuses a checkpoint that goes backwards,
 * a fork and another key — each refusal leaving nothing behind.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackoffice, type RunningBackoffice } from '../../../backoffice/server.js';
import { GENESIS_HASH, entryHash, signCheckpoint, type AuditEntry } from '../../../main/data/audit/chain.js';
import { BackofficeClient } from '../../../main/data/backoffice-client/client.js';
import { auditBatchKey } from '../../../main/data/sync/outbox-worker.js';

let bo: RunningBackoffice;
let client: BackofficeClient;
beforeAll(async () => {
  bo = await startBackoffice({ dataDir: null });
  client = new BackofficeClient({ baseUrl: bo.url, timeoutMs: 5000 });
});
afterAll(() => bo.close());

const pem = (k: KeyObject): string => k.export({ type: 'spki', format: 'pem' }).toString();

/** A chain of `n` entries; `variant` changes the content from `from` on (a rewritten chain). */
function chain(n: number, variant = '', from = 1): AuditEntry[] {
  const out: AuditEntry[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const base = {
      seq,
      at: 1_700_000_000_000 + seq,
      type: 'print',
      actor: 'system',
      subject: null,
      detail: JSON.stringify({ seq, v: seq >= from ? variant : '' }),
      prevHash: prev,
    };
    const e = { ...base, hash: entryHash(base) };
    out.push(e);
    prev = e.hash;
  }
  return out;
}

function cp(key: KeyObject, t: string, e: AuditEntry) {
  const at = e.at + 1;
  return { seq: e.seq, at, hash: e.hash, signature: signCheckpoint(key, t, e.seq, e.hash, at) };
}

function upload(t: string, key: { publicKey: KeyObject }, entries: AuditEntry[], cps: ReturnType<typeof cp>[]) {
  return client.call('uploadAudit', {
    body: { terminalId: t, publicKey: pem(key.publicKey), entries, checkpoints: cps },
    idempotencyKey: auditBatchKey(t, entries, cps),
  });
}

const count = (t: string): { e: number; c: number } => ({
  e: (bo.db.prepare(`SELECT COUNT(*) AS n FROM audit_entries WHERE terminal_id = ?`).get(t) as { n: number }).n,
  c: (bo.db.prepare(`SELECT COUNT(*) AS n FROM audit_checkpoints WHERE terminal_id = ?`).get(t) as { n: number }).n,
});

describe('audit witness (back office)', () => {
  it('keeps the newest checkpoint, answers it with the registered key, and accepts resends without duplicates', async () => {
    const t = 'wit-1';
    const k = generateKeyPairSync('ed25519');
    const c = chain(20);
    expect((await client.call('getAuditWitness', { params: { terminalId: t }, body: undefined })).ok).toBe(false);
    expect((await upload(t, k, c.slice(0, 10), [cp(k.privateKey, t, c[4]!), cp(k.privateKey, t, c[9]!)])).ok).toBe(true);
    const w1 = await client.call('getAuditWitness', { params: { terminalId: t }, body: undefined });
    expect(w1.ok && w1.value.checkpoint?.seq).toBe(10);
    expect(w1.ok && w1.value.publicKey?.trim()).toBe(pem(k.publicKey).trim());
    // A checkpoint on its own (the timer's) after its entries went out.
    expect((await upload(t, k, c.slice(10, 15), [])).ok).toBe(true);
    expect((await upload(t, k, [], [cp(k.privateKey, t, c[14]!)])).ok).toBe(true);
    // The same batch again (same key: a replay) and overlapping content under another key: both fine, nothing doubled.
    expect((await upload(t, k, [], [cp(k.privateKey, t, c[14]!)])).ok).toBe(true);
    const overlap = await upload(t, k, c.slice(5, 20), [
      cp(k.privateKey, t, c[9]!),
      cp(k.privateKey, t, c[14]!),
      cp(k.privateKey, t, c[19]!),
    ]);
    expect(overlap.ok && overlap.value.accepted).toBe(5);
    expect(count(t)).toEqual({ e: 20, c: 4 });
    const w2 = await client.call('getAuditWitness', { params: { terminalId: t }, body: undefined });
    expect(w2.ok && w2.value.checkpoint).toMatchObject({ seq: 20, hash: c[19]!.hash });
    expect(bo.stats()['replay:uploadAudit']).toBeGreaterThanOrEqual(1);
  });

  it('refuses an older checkpoint it never received (a rolled-back terminal) and keeps the newest', async () => {
    const t = 'wit-2';
    const k = generateKeyPairSync('ed25519');
    const c = chain(30);
    expect((await upload(t, k, c, [cp(k.privateKey, t, c[29]!)])).ok).toBe(true);
    const r = await upload(t, k, [], [cp(k.privateKey, t, c[11]!)]);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatchObject({ code: 'bo-conflict', status: 409, remoteCode: 'audit-checkpoint-backwards' });
    expect(count(t)).toEqual({ e: 30, c: 1 });
  });

  it('refuses a fork: rewritten entries, or a checkpoint of another hash at a seq it holds, leaving nothing behind', async () => {
    const t = 'wit-3';
    const k = generateKeyPairSync('ed25519');
    const c = chain(20);
    expect((await upload(t, k, c.slice(0, 12), [cp(k.privateKey, t, c[11]!)])).ok).toBe(true);
    // The chain rewritten from entry 8 and carried on: the new entries 13… do not link, 8… differ.
    const forked = chain(20, 'edited', 8);
    const r1 = await upload(t, k, forked.slice(7, 20), [cp(k.privateKey, t, forked[19]!)]);
    expect(!r1.ok && r1.error.remoteCode).toBe('audit-fork');
    const r2 = await upload(t, k, forked.slice(12, 20), [cp(k.privateKey, t, forked[19]!)]);
    expect(!r2.ok && r2.error.remoteCode).toBe('audit-fork');
    // A re-signed checkpoint of the same seq with another hash.
    const r3 = await upload(t, k, [], [cp(k.privateKey, t, forked[11]!)]);
    expect(!r3.ok && r3.error.remoteCode).toBe('audit-fork');
    expect(count(t)).toEqual({ e: 12, c: 1 });
    const w = await client.call('getAuditWitness', { params: { terminalId: t }, body: undefined });
    expect(w.ok && w.value.checkpoint).toMatchObject({ seq: 12, hash: c[11]!.hash });
  });

  it('refuses another key than the registered one; enrolment registers it before the first upload', async () => {
    const t = 'wit-4';
    const k = generateKeyPairSync('ed25519');
    const intruder = generateKeyPairSync('ed25519');
    const reg = await fetch(new URL(`admin/terminals/${t}/audit-key`, bo.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ publicKey: pem(k.publicKey) }),
    });
    expect(reg.status).toBe(201);
    const c = chain(5);
    const r = await upload(t, intruder, c, [cp(intruder.privateKey, t, c[4]!)]);
    expect(!r.ok && r.error).toMatchObject({ status: 409, remoteCode: 'audit-key-mismatch' });
    // Signed with another key than the one the batch names.
    const r2 = await upload(t, k, c, [cp(intruder.privateKey, t, c[4]!)]);
    expect(!r2.ok && r2.error.remoteCode).toBe('audit-checkpoint-bad-signature');
    expect(count(t)).toEqual({ e: 0, c: 0 });
    expect((await upload(t, k, c, [cp(k.privateKey, t, c[4]!)])).ok).toBe(true);
    const again = await fetch(new URL(`admin/terminals/${t}/audit-key`, bo.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ publicKey: pem(intruder.publicKey) }),
    });
    expect(again.status).toBe(409);
  });

  it('refuses a checkpoint of an entry it never received, and an entry whose hash does not match it', async () => {
    const t = 'wit-5';
    const k = generateKeyPairSync('ed25519');
    const c = chain(6);
    const r = await upload(t, k, c.slice(0, 3), [cp(k.privateKey, t, c[5]!)]);
    expect(!r.ok && r.error).toMatchObject({ status: 422, remoteCode: 'audit-checkpoint-unanchored' });
    const bad = { ...c[0]!, actor: 'staff:9999' };
    const r2 = await upload(t, k, [bad], []);
    expect(!r2.ok && r2.error.remoteCode).toBe('audit-entry-bad-hash');
  });
});
