import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Metadata, type Root, type Snapshot, TargetFile, Targets, type Timestamp } from '@tufjs/models';
import { loadKeys, signer, type RoleName, type SigningKey } from '../../../../../main/shells/cli/fleet-publish/keys.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaults } from '../../../../../config/defaults.js';
import { FleetAgent, type FleetAgentOptions } from '../../../../../main/features/fleet/agent.js';
import { FleetRepository, type InitOptions } from '../../../../../main/shells/cli/fleet-publish/repository.js';

export function tmp(prefix = 'yimen-fleet-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function matters(n: number): { id: string; category: string; names: Record<string, string>; instant: boolean }[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `m-${i}`,
    category: i % 2 === 0 ? 'household' : 'social-security',
    names: { 'zh-CN': `事项 ${i}`, en: `Matter ${i}` },
    instant: false,
  }));
}

/** A bundle source whose idle time marks the release, so tests can see which one runs. */
export function source(idleSeconds: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    global: {
      session: { ...defaults.session, idleSeconds },
      catalog: { matters: matters(3) },
    },
    ...extra,
  };
}

export function initRepo(dir: string, opts: InitOptions = {}): FleetRepository {
  const r = FleetRepository.init(join(dir, 'repo'), opts);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

export function publish(
  repo: FleetRepository,
  idleSeconds: number,
  more: Partial<Parameters<FleetRepository['publish']>[0]> = {},
): number {
  const r = repo.publish({ source: source(idleSeconds), by: 'tester', note: 'test', ...more });
  if (!r.ok) throw new Error(r.error.message);
  return r.value.release;
}

export function agentFor(
  repo: FleetRepository,
  dir: string,
  opts: Partial<FleetAgentOptions> = {},
  name = 'terminal',
): FleetAgent {
  return new FleetAgent({
    repository: repo.publicDir,
    stateDir: join(dir, name),
    trustedRoot: repo.trustedRootFile(),
    identity: { terminalId: 'T-0001', hallId: 'hall-a' },
    healthWindowMs: 0,
    sleep: () => Promise.resolve(),
    ...opts,
  });
}

/** Signs metadata with the repository's keys for `role` (or the given ones) and returns its bytes. */
export function signWith<T extends Root | Targets | Snapshot | Timestamp>(signed: T, keys: SigningKey[]): Buffer {
  const md = new Metadata(signed);
  for (const k of keys) md.sign(signer(k));
  return Buffer.from(JSON.stringify(md.toJSON()));
}

export function roleKeys(repo: FleetRepository, role: RoleName): SigningKey[] {
  const ids = repo.root().signed.roles[role]?.keyIDs ?? [];
  return loadKeys(repo.keysDir).filter((k) => ids.includes(k.keyId));
}

export function expires(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Publishes raw bundle bytes as release `release` for the global scope, bypassing the
 * publisher's schema check (what a compromised or buggy publishing tool could do).
 */
export function publishRaw(repo: FleetRepository, release: number, bytes: Buffer): void {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const dir = join(repo.targetsDir, 'releases', String(release));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${sha256}.global.json`), bytes);
  const prev = repo.targets().signed;
  const t = new Targets({ version: prev.version + 1, specVersion: '1.0.31', expires: expires(30) });
  for (const f of Object.values(prev.targets)) t.addTarget(f);
  t.addTarget(
    new TargetFile({
      path: `releases/${release}/global.json`,
      length: bytes.length,
      hashes: { sha256 },
      unrecognizedFields: {
        custom: {
          yimen: {
            release,
            scope: { level: 'global' },
            rollout: { kind: 'all' },
            publishedBy: 'x',
            publishedAt: 'now',
            note: '',
          },
        },
      },
    }),
  );
  repo.commit(t);
}

export function readMeta(repo: FleetRepository, file: string): Buffer {
  return readFileSync(join(repo.metadataDir, file));
}
export function writeMeta(repo: FleetRepository, file: string, bytes: Buffer | string): void {
  writeFileSync(join(repo.metadataDir, file), bytes);
}
