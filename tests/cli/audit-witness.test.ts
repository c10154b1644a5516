/**
 * `yimen audit verify` against the four rewrites of issue #17 that the chain alone cannot see:
 * (a) the last entries cut off together with the checkpoints covering them, (b) both tables
 * wiped, (c) an older copy of the store restored, (d) an entry edited, the chain recomputed,
 * every checkpoint re-signed with a new key and the key file replaced. Each passes the plain
 * check (exit 0: the gap) and is caught with the back office as witness (exit 4); (d) also with
 * the genuine key given on the command line. The untouched copy passes with both.
 */
import Database from 'better-sqlite3';
import { copyFileSync, cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackoffice, type RunningBackoffice } from '../../backoffice/server.js';
import { entryFromRow, entryHash, GENESIS_HASH, signCheckpoint, type AuditRow } from '../../main/data/audit/chain.js';
import { runCli } from '../../main/shells/cli/main.js';
import type { CliIO } from '../../main/shells/cli/cli-kit.js';
import { openServices, tempDir, testConfig } from '../integration/main/data/store/fixtures.js';

const TERMINAL = 'wit-cli-1';
let bo: RunningBackoffice;
const tmp = tempDir('yimen-witness-cli-');
/** The kiosk as shipped: 40 entries, checkpoints every 5 (and the head), all witnessed. */
let pristine: string;
/** The same kiosk's store after its first 25 entries (for the restore attack). */
let olderCopy: string;
let genuineKey: string;

function config() {
  return testConfig({
    terminal: { id: TERMINAL, hallId: 'h', hallName: 'h' },
    backoffice: { url: bo.url, timeoutMs: 5000 },
    audit: { retentionDays: 200, checkpointEvery: 5, checkpointMinutes: 15 },
  });
}

async function run(dir: string, n: number, from: number): Promise<void> {
  const svc = openServices(dir, config());
  for (let i = from; i < from + n; i++)
    svc.audit.append({ type: i % 2 ? 'print' : 'staff-action', actor: 'staff:0042', detail: { i } });
  svc.audit.checkpoint();
  const s = await svc.worker.drainAll();
  expect(s.auditPending).toBe(0);
  await svc.close();
}

beforeAll(async () => {
  bo = await startBackoffice({ dataDir: null });
  pristine = join(tmp.dir, 'kiosk');
  await run(pristine, 23, 0);
  olderCopy = join(tmp.dir, 'older.db');
  copyFileSync(join(pristine, 'yimen.db'), olderCopy);
  await run(pristine, 17, 23);
  genuineKey = join(tmp.dir, 'genuine.pub.pem');
  copyFileSync(join(pristine, 'keys', 'audit-ed25519.pub.pem'), genuineKey);
});
afterAll(async () => {
  await bo.close();
  tmp.cleanup();
});

function capture(): CliIO & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t) };
}

let copies = 0;
function copyOfKiosk(): string {
  const dir = join(tmp.dir, `copy-${++copies}`);
  cpSync(pristine, dir, { recursive: true });
  return dir;
}

async function verify(
  dir: string,
  ...flags: string[]
): Promise<{ code: number; report: Record<string, unknown>; stderr: string }> {
  const io = capture();
  const code = await runCli(['audit', 'verify', '--data', dir, ...flags], io);
  return { code, report: JSON.parse(io.stdout.join('')) as Record<string, unknown>, stderr: io.stderr.join('\n') };
}
const witness = (): string[] => ['--witness', bo.url, '--terminal', TERMINAL];

function edit(dir: string, sql: (db: Database.Database) => void): void {
  const db = new Database(join(dir, 'yimen.db'));
  sql(db);
  db.close();
}

describe('yimen audit verify --witness / --public-key', () => {
  it('the back office witnessed the newest checkpoint', () => {
    const w = bo.db.prepare(`SELECT MAX(seq) AS seq FROM audit_checkpoints WHERE terminal_id = ?`).get(TERMINAL) as {
      seq: number;
    };
    expect(w.seq).toBe(40);
  });

  it('the untouched copy exits 0 with the witness and with the genuine key', async () => {
    const dir = copyOfKiosk();
    const r = await verify(dir, ...witness(), '--public-key', genuineKey);
    expect(r.code).toBe(0);
    expect(r.report).toMatchObject({ intact: true, entries: 40, lastSeq: 40, key: { source: 'public-key-flag' } });
    expect(r.stderr).toMatch(/contains the checkpoint the back office witnessed \(seq 40/);
    expect((await verify(dir, ...witness())).code).toBe(0);
    expect((await verify(dir, '--public-key', genuineKey)).code).toBe(0);
  });

  it('(a) last entries deleted with the checkpoints covering them: 0 alone or with the key, 4 with the witness', async () => {
    const dir = copyOfKiosk();
    edit(dir, (db) => {
      db.prepare(`DELETE FROM audit_log WHERE seq > 32`).run();
      db.prepare(`DELETE FROM audit_checkpoints WHERE seq > 32`).run();
    });
    expect((await verify(dir)).code).toBe(0);
    expect((await verify(dir, '--public-key', genuineKey)).code).toBe(0);
    const r = await verify(dir, ...witness(), '--public-key', genuineKey);
    expect(r.code).toBe(4);
    expect(r.report).toMatchObject({ intact: false, chainIntact: true, witness: { finding: { code: 'witness-truncated' } } });
    expect(r.stderr).toMatch(
      /local chain ends at seq 32 but the back office witnessed seq 40 \(hash [0-9a-f]{12}…\): truncated or rolled back/,
    );
  });

  it('(b) both tables wiped: 0 alone or with the key, 4 with the witness', async () => {
    const dir = copyOfKiosk();
    edit(dir, (db) => db.exec(`DELETE FROM audit_log; DELETE FROM audit_checkpoints;`));
    expect((await verify(dir)).code).toBe(0);
    expect((await verify(dir, '--public-key', genuineKey)).code).toBe(0);
    const r = await verify(dir, ...witness(), '--public-key', genuineKey);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/local chain is empty but the back office witnessed seq 40/);
  });

  it('(c) an older copy of yimen.db restored: 0 alone or with the key, 4 with the witness', async () => {
    const dir = copyOfKiosk();
    rmSync(join(dir, 'yimen.db-wal'), { force: true });
    rmSync(join(dir, 'yimen.db-shm'), { force: true });
    copyFileSync(olderCopy, join(dir, 'yimen.db'));
    expect((await verify(dir)).code).toBe(0);
    expect((await verify(dir, '--public-key', genuineKey)).code).toBe(0);
    const r = await verify(dir, ...witness(), '--public-key', genuineKey);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/local chain ends at seq 23 but the back office witnessed seq 40/);
  });

  it('(d) an entry edited, the chain recomputed and re-signed with a new key, the key file replaced: 0 alone, 4 with the key or the witness', async () => {
    const dir = copyOfKiosk();
    const forger = generateKeyPairSync('ed25519');
    edit(dir, (db) => {
      const rows = (db.prepare(`SELECT * FROM audit_log ORDER BY seq`).all() as AuditRow[]).map(entryFromRow);
      let prev = GENESIS_HASH;
      const upd = db.prepare(`UPDATE audit_log SET actor = ?, prev_hash = ?, hash = ? WHERE seq = ?`);
      const hashes = new Map<number, string>();
      for (const e of rows) {
        const actor = e.seq === 12 ? 'staff:9999' : e.actor;
        const h = entryHash({ ...e, actor, prevHash: prev });
        upd.run(actor, prev, h, e.seq);
        hashes.set(e.seq, h);
        prev = h;
      }
      const cps = db.prepare(`SELECT seq, at, terminal_id AS t FROM audit_checkpoints`).all() as Array<{
        seq: number;
        at: number;
        t: string;
      }>;
      for (const c of cps) {
        const h = hashes.get(c.seq) ?? '';
        db.prepare(`UPDATE audit_checkpoints SET hash = ?, signature = ? WHERE seq = ?`).run(
          h,
          signCheckpoint(forger.privateKey, c.t, c.seq, h, c.at),
          c.seq,
        );
      }
    });
    writeFileSync(join(dir, 'keys', 'audit-ed25519.pub.pem'), forger.publicKey.export({ type: 'spki', format: 'pem' }));
    expect((await verify(dir)).code).toBe(0);
    const byKey = await verify(dir, '--public-key', genuineKey);
    expect(byKey.code).toBe(4);
    expect(byKey.report.firstBroken).toMatchObject({ kind: 'key-mismatch' });
    expect(byKey.stderr).toMatch(/key file in the data dir .* is not the trusted audit key/);
    expect(byKey.stderr).toMatch(/checkpoint \d+: the signature is not valid/);
    const byWitness = await verify(dir, ...witness());
    expect(byWitness.code).toBe(4);
    expect(byWitness.report).toMatchObject({ key: { source: 'witness' }, witness: { finding: { code: 'witness-forked' } } });
    expect(byWitness.stderr).toMatch(
      /the local entry at seq 40 has hash [0-9a-f]{12}… but the back office witnessed [0-9a-f]{12}…: the chain was rewritten/,
    );
    expect((await verify(dir, ...witness(), '--public-key', genuineKey)).code).toBe(4);
  });

  it('a swapped key file alone: 4 plain (checkpoints no longer verify), and named as not the registered key with the witness', async () => {
    const dir = copyOfKiosk();
    const other = generateKeyPairSync('ed25519');
    writeFileSync(join(dir, 'keys', 'audit-ed25519.pub.pem'), other.publicKey.export({ type: 'spki', format: 'pem' }));
    expect((await verify(dir)).code).toBe(4);
    const r = await verify(dir, ...witness());
    expect(r.code).toBe(4);
    expect(r.report).toMatchObject({
      chainIntact: true,
      firstBroken: { kind: 'key-mismatch' },
      witness: { finding: { code: 'witness-match' } },
    });
    expect(r.stderr).toMatch(/KEY MISMATCH: the key file in the data dir .* is not the trusted audit key .*from the back office/);
  });

  it('exits 3 when the witness cannot answer, and names the terminal from the store when not given', async () => {
    const dir = copyOfKiosk();
    const unknown = await verify(dir, '--witness', bo.url, '--terminal', 'nobody-here');
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toMatch(/has no audit key or checkpoint of terminal nobody-here/);
    const fromStore = await verify(dir, '--witness', bo.url);
    expect(fromStore.code).toBe(0);
    expect(fromStore.report).toMatchObject({ witness: { terminalId: TERMINAL } });
    expect(readFileSync(genuineKey, 'utf8')).toMatch(/BEGIN PUBLIC KEY/);
  });
});
