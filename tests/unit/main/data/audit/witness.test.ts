import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../../../../main/data/audit/audit-log.js';
import { signCheckpoint } from '../../../../../main/data/audit/chain.js';
import { CheckpointTimer, type IntervalTimers } from '../../../../../main/data/audit/checkpoint-timer.js';
import { compareWithWitness, storeChainView, type LocalChainView } from '../../../../../main/data/audit/witness.js';
import { openStore, type Store } from '../../../../../main/data/store/store.js';
import { tempDir } from '../../../../integration/main/data/store/fixtures.js';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

const keys = generateKeyPairSync('ed25519');
const other = generateKeyPairSync('ed25519');
const h = (n: number): string => n.toString(16).padStart(64, '0');

function view(
  first: number | null,
  last: number | null,
  hashes: Record<number, string> = {},
  cps: Record<number, string> = {},
): LocalChainView {
  return { firstSeq: first, lastSeq: last, entryHash: (s) => hashes[s] ?? null, checkpointHash: (s) => cps[s] ?? null };
}
function witnessed(seq: number, hash: string, key = keys.privateKey) {
  return {
    terminalId: 't-1',
    seq,
    hash,
    at: 1_700_000_000_000,
    signature: signCheckpoint(key, 't-1', seq, hash, 1_700_000_000_000),
  };
}

describe('compareWithWitness', () => {
  it('matches when the local entry at the witnessed seq has the witnessed hash', () => {
    const f = compareWithWitness(view(1, 200, { 180: h(180) }), witnessed(180, h(180)), keys.publicKey);
    expect(f).toMatchObject({ ok: true, code: 'witness-match' });
  });

  it('a chain that ends before the witnessed seq is truncated or rolled back, in plain words', () => {
    const f = compareWithWitness(view(1, 120, { 120: h(120) }), witnessed(180, h(180)), keys.publicKey);
    expect(f).toMatchObject({ ok: false, code: 'witness-truncated' });
    expect(f.message).toMatch(
      /local chain ends at seq 120 but the back office witnessed seq 180 \(hash 0{12}…\): truncated or rolled back/,
    );
  });

  it('an empty chain with no checkpoint left is truncated', () => {
    expect(compareWithWitness(view(null, null), witnessed(3, h(3)), keys.publicKey).code).toBe('witness-truncated');
  });

  it('another hash at the witnessed seq is a fork', () => {
    const f = compareWithWitness(view(1, 200, { 180: h(999) }), witnessed(180, h(180)), keys.publicKey);
    expect(f).toMatchObject({ ok: false, code: 'witness-forked' });
    expect(f.message).toMatch(/seq 180/);
  });

  it('a local checkpoint that disagrees with its own entry at the witnessed seq is a fork too', () => {
    const f = compareWithWitness(view(1, 200, { 180: h(180) }, { 180: h(7) }), witnessed(180, h(180)), keys.publicKey);
    expect(f.code).toBe('witness-forked');
  });

  it('entries purged below the witnessed seq: the local checkpoint of it decides', () => {
    expect(compareWithWitness(view(null, null, {}, { 50: h(50) }), witnessed(50, h(50)), keys.publicKey).ok).toBe(true);
    expect(compareWithWitness(view(60, 90, {}, {}), witnessed(50, h(50)), keys.publicKey).code).toBe('witness-unverifiable');
  });

  it('a witnessed checkpoint not signed by the trusted key is reported as such', () => {
    const f = compareWithWitness(view(1, 200, { 180: h(180) }), witnessed(180, h(180), other.privateKey), keys.publicKey);
    expect(f.code).toBe('witness-bad-signature');
  });
});

function openAudit(checkpointEvery = 1000): { store: Store; audit: AuditLog } {
  const t = tempDir();
  const s = openStore({ file: join(t.dir, 'yimen.db') });
  if (!s.ok) throw new Error('open failed');
  cleanups.push(() => {
    s.value.close();
    t.cleanup();
  });
  let clock = 1_700_000_000_000;
  const audit = new AuditLog(s.value, {
    terminalId: 't-1',
    signingKey: keys.privateKey,
    checkpointEvery,
    now: () => (clock += 1000),
  });
  return { store: s.value, audit };
}

describe('checkpoint shipping cursor', () => {
  it('a checkpoint signed after its entries were shipped is still offered for shipping, once', () => {
    const { audit } = openAudit();
    for (let i = 0; i < 3; i++) audit.append({ type: 'print', actor: 'system' });
    const first = audit.unshipped(500);
    expect(first.entries.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(first.checkpoints).toEqual([]);
    audit.markShipped(3);
    expect(audit.unshippedCount()).toBe(0);
    const cp = audit.checkpoint();
    expect(cp?.seq).toBe(3);
    const next = audit.unshipped(500);
    expect(next.entries).toEqual([]);
    expect(next.checkpoints.map((c) => c.seq)).toEqual([3]);
    expect(audit.unshippedCount()).toBe(1);
    audit.markShipped(audit.shippedSeq(), 3);
    expect(audit.unshipped(500).checkpoints).toEqual([]);
    expect(audit.unshippedCount()).toBe(0);
  });

  it('never offers a checkpoint beyond the entries of the batch', () => {
    const { audit } = openAudit(2);
    for (let i = 0; i < 6; i++) audit.append({ type: 'print', actor: 'system' });
    const b = audit.unshipped(3);
    expect(b.entries.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(b.checkpoints.map((c) => c.seq)).toEqual([2]);
  });
});

describe('CheckpointTimer', () => {
  function manualTimers(): IntervalTimers & { fire(): void; active: number } {
    const fns = new Map<number, () => void>();
    let id = 0;
    return {
      setInterval: (fn) => (fns.set(++id, fn), id),
      clearInterval: (i) => void fns.delete(i as number),
      fire: () => [...fns.values()].forEach((f) => f()),
      get active() {
        return fns.size;
      },
    };
  }

  it('signs the head on every tick when something is new, even with no entry arriving after it, and once more on stop', () => {
    const { store, audit } = openAudit();
    const timers = manualTimers();
    const shipped: number[] = [];
    const timer = new CheckpointTimer(audit, {
      everyMs: 900_000,
      timers,
      onCheckpoint: (c) => shipped.push(c.seq),
      onError: (e) => {
        throw e;
      },
    });
    timer.start();
    audit.append({ type: 'print', actor: 'system' });
    audit.append({ type: 'print', actor: 'system' });
    timers.fire();
    expect(shipped).toEqual([2]);
    timers.fire(); // idle: the head is signed already
    expect(shipped).toEqual([2]);
    audit.append({ type: 'print', actor: 'system' });
    expect(timer.stop()?.seq).toBe(3);
    expect(timers.active).toBe(0);
    expect(shipped).toEqual([2, 3]);
    expect(storeChainView(store.db).checkpointHash(3)).toBe(audit.head().hash);
  });
});
