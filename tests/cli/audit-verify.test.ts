import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../main/shells/cli/main.js';
import type { CliIO } from '../../main/shells/cli/cli-kit.js';
import { openServices, tempDir, testConfig } from '../integration/main/data/store/fixtures.js';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function capture(): CliIO & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t) };
}

async function kioskWithAudit(n: number): Promise<string> {
  const t = tempDir();
  cleanups.push(t.cleanup);
  const svc = openServices(t.dir, testConfig({ audit: { retentionDays: 200, checkpointEvery: 5, checkpointMinutes: 15 } }));
  for (let i = 0; i < n; i++) svc.audit.append({ type: i % 2 ? 'print' : 'staff-action', actor: 'staff:0042', detail: { i } });
  await svc.close();
  return t.dir;
}

describe('yimen audit verify', () => {
  it('exits 0 and reports an intact chain', async () => {
    const dir = await kioskWithAudit(12);
    const io = capture();
    expect(await runCli(['audit', 'verify', '--data', dir], io)).toBe(0);
    const report = JSON.parse(io.stdout.join('')) as Record<string, unknown>;
    expect(report).toMatchObject({ intact: true, entries: 12, checkpoints: 3, firstBroken: null });
  });

  it('exits 4 and points at the first broken entry after an edit', async () => {
    const dir = await kioskWithAudit(12);
    const db = new Database(join(dir, 'yimen.db'));
    db.prepare(`UPDATE audit_log SET actor = 'staff:9999' WHERE seq = 4`).run();
    db.close();
    const io = capture();
    expect(await runCli(['audit', 'verify', '--data', dir], io)).toBe(4);
    const report = JSON.parse(io.stdout.join('')) as { intact: boolean; firstBroken: { seq: number; kind: string } };
    expect(report.intact).toBe(false);
    expect(report.firstBroken).toMatchObject({ seq: 4, kind: 'hash-mismatch' });
    expect(io.stderr.join('')).toMatch(/BROKEN at entry 4/);
  });

  it('exits 4 when a row was deleted', async () => {
    const dir = await kioskWithAudit(12);
    const db = new Database(join(dir, 'yimen.db'));
    db.prepare(`DELETE FROM audit_log WHERE seq = 9`).run();
    db.close();
    const io = capture();
    expect(await runCli(['audit', 'verify', '--data', dir], io)).toBe(4);
    expect((JSON.parse(io.stdout.join('')) as { firstBroken: unknown }).firstBroken).toMatchObject({
      seq: 9,
      kind: 'missing-entries',
    });
  });

  it('exits 2 when there is no store, and 1 on a bad command line', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    let io = capture();
    expect(await runCli(['audit', 'verify', '--data', t.dir], io)).toBe(2);
    io = capture();
    expect(await runCli(['audit', 'check', '--data', t.dir], io)).toBe(1);
  });
});
