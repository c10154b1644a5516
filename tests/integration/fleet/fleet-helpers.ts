import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FleetAgent, type FleetAgentOptions } from '../../../main/fleet/agent.js';
import { FleetRepository, type InitOptions } from '../../../main/fleet/repository.js';

export function tmp(prefix = 'yimen-fleet-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function matters(n: number): { id: string; category: string; names: Record<string, string>; instant: boolean }[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `m-${i}`,
    category: i % 2 === 0 ? 'household' : 'social-security',
    names: { 'zh-CN': `事项 ${i}`, en: `Matter ${i}` },
    instant: i % 3 === 0,
  }));
}

/** A bundle source whose idle time marks the release, so tests can see which one runs. */
export function source(idleSeconds: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    global: {
      session: { idleSeconds, warningSeconds: 30, elderIdleMultiplier: 2, endingSeconds: 10 },
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
