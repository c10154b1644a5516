import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AuditLog, scrubDetail } from '../../../../../main/data/audit/audit-log.js';
import * as chain from '../../../../../main/data/audit/chain.js';
import { verifyAuditChain } from '../../../../../main/data/audit/verify.js';
import { openStore, type Store } from '../../../../../main/data/store/store.js';
import { tempDir } from '../../../../integration/main/data/store/fixtures.js';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function setup(checkpointEvery = 10): { store: Store; audit: AuditLog; keys: { privateKey: KeyObject; publicKey: KeyObject } } {
  const t = tempDir();
  const s = openStore({ file: join(t.dir, 'yimen.db') });
  if (!s.ok) throw new Error('open failed');
  cleanups.push(() => {
    s.value.close();
    t.cleanup();
  });
  const keys = generateKeyPairSync('ed25519');
  let clock = 1_700_000_000_000;
  const audit = new AuditLog(s.value, {
    terminalId: 't-1',
    signingKey: keys.privateKey,
    checkpointEvery,
    now: () => (clock += 1000),
  });
  return { store: s.value, audit, keys };
}

function fill(audit: AuditLog, n: number): void {
  for (let i = 0; i < n; i++) {
    audit.append({
      type: i % 2 ? 'print' : 'session-start',
      actor: 'citizen',
      subject: i % 3 === 0 ? 'subj-a' : 'subj-b',
      detail: { i },
    });
  }
}

describe('AuditLog', () => {
  it('chains entries and signs checkpoints that verify', () => {
    const { store, audit, keys } = setup(10);
    fill(audit, 25);
    expect(audit.checkpoint()?.seq).toBe(25);
    expect(audit.checkpoint()).toBeNull();
    const r = verifyAuditChain(store.db, keys.publicKey);
    expect(r).toMatchObject({ intact: true, entries: 25, checkpoints: 3, lastCheckpointSeq: 25, firstBroken: null });
  });

  it('refuses detail fields named like personal data, and redacts values shaped like ID or phone numbers', () => {
    const { audit } = setup();
    expect(() => audit.append({ type: 'card-read', actor: 'citizen', detail: { name: '张三' } })).toThrow(/personal/);
    expect(() => audit.append({ type: 'card-read', actor: 'citizen', detail: { idNumber: 'x' } })).toThrow(/personal/);
    const e = audit.append({
      type: 'card-read',
      actor: 'citizen',
      detail: {
        note: 'id 44060419900307271X',
        tel: '13800138000',
        key: 'submission:t:1a2b-13800138000123-x',
        uuid: '7f13812345-678',
      },
    });
    expect(JSON.parse(e.detail)).toEqual({
      note: '[redacted]',
      tel: '[redacted]',
      key: 'submission:t:1a2b-13800138000123-x',
      uuid: '7f13812345-678',
    });
  });

  it('never redacts outbox keys (UUIDs), whatever digits they hold', () => {
    fc.assert(
      fc.property(fc.uuid(), (u) => {
        expect(scrubDetail({ outboxKey: `submission:demo-0001:${u}` })).toEqual({ outboxKey: `submission:demo-0001:${u}` });
      }),
    );
  });

  it('detects an edited entry and points at it', () => {
    const { store, audit, keys } = setup(100);
    fill(audit, 20);
    store.db.prepare(`UPDATE audit_log SET detail = '{"i":99}' WHERE seq = 7`).run();
    const r = verifyAuditChain(store.db, keys.publicKey);
    expect(r.intact).toBe(false);
    expect(r.firstBroken).toMatchObject({ seq: 7, kind: 'hash-mismatch' });
  });

  it('detects an edit whose hash was recomputed (the next link breaks)', () => {
    const { store, audit, keys } = setup(100);
    fill(audit, 20);
    const row = store.db.prepare(`SELECT * FROM audit_log WHERE seq = 7`).get() as Record<string, unknown>;
    // A forger recomputes the hash of entry 7 but cannot fix entry 8's link without rewriting everything after.
    const { entryHash } = chain;
    const forged = entryHash({
      seq: 7,
      at: row.at as number,
      type: 'print',
      actor: 'staff:x',
      subject: null,
      detail: '{}',
      prevHash: row.prev_hash as string,
    });
    store.db
      .prepare(`UPDATE audit_log SET type = 'print', actor = 'staff:x', subject = NULL, detail = '{}', hash = ? WHERE seq = 7`)
      .run(forged);
    const r = verifyAuditChain(store.db, keys.publicKey);
    expect(r.firstBroken).toMatchObject({ seq: 8, kind: 'prev-hash-mismatch' });
  });

  it('detects a deleted entry', () => {
    const { store, audit, keys } = setup(100);
    fill(audit, 20);
    store.db.prepare(`DELETE FROM audit_log WHERE seq = 12`).run();
    const r = verifyAuditChain(store.db, keys.publicKey);
    expect(r.firstBroken).toMatchObject({ seq: 12, kind: 'missing-entries' });
  });

  it('detects reordered entries', () => {
    const { store, audit, keys } = setup(100);
    fill(audit, 20);
    store.transaction(() => {
      store.db.prepare(`UPDATE audit_log SET seq = -1 WHERE seq = 5`).run();
      store.db.prepare(`UPDATE audit_log SET seq = 5 WHERE seq = 6`).run();
      store.db.prepare(`UPDATE audit_log SET seq = 6 WHERE seq = -1`).run();
    });
    const r = verifyAuditChain(store.db, keys.publicKey);
    expect(r.intact).toBe(false);
    expect(r.firstBroken?.seq).toBe(5);
  });

  it('detects entries cut off after a signed checkpoint, and a forged checkpoint', () => {
    const { store, audit, keys } = setup(10);
    fill(audit, 20);
    store.db.prepare(`DELETE FROM audit_log WHERE seq > 15`).run();
    let r = verifyAuditChain(store.db, keys.publicKey);
    expect(r.firstBroken).toMatchObject({ seq: 16, kind: 'entries-missing-after-checkpoint' });
    const other = generateKeyPairSync('ed25519');
    r = verifyAuditChain(store.db, other.publicKey);
    expect(r.problems.some((p) => p.kind === 'checkpoint-bad-signature')).toBe(true);
  });

  it('answers "operations on this person\'s data" by subject and time', () => {
    const { audit } = setup();
    fill(audit, 9);
    const ops = audit.operationsOn('subj-a', 0, Number.MAX_SAFE_INTEGER);
    expect(ops.map((o) => o.detail.i)).toEqual([0, 3, 6]);
  });

  it('purges shipped old entries only up to a checkpoint, and what stays still verifies', () => {
    const { store, audit, keys } = setup(10);
    fill(audit, 25);
    audit.markShipped(25);
    const removed = audit.purge(Number.MAX_SAFE_INTEGER);
    expect(removed).toBe(20);
    expect(verifyAuditChain(store.db, keys.publicKey).intact).toBe(true);
    audit.append({ type: 'print', actor: 'citizen' });
    const r = verifyAuditChain(store.db, keys.publicKey);
    expect(r).toMatchObject({ intact: true, firstSeq: 21, lastSeq: 26 });
    // Unshipped entries are never purged.
    expect(audit.purge(Number.MAX_SAFE_INTEGER)).toBe(0);
  });
});
