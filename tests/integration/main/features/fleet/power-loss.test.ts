/** Power loss (SIGKILL) at each apply step, then recovery on restart. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { agentFor, initRepo, publish, tmp } from './fleet-helpers.js';

const child = fileURLToPath(new URL('./apply-child.ts', import.meta.url));
let t: ReturnType<typeof tmp>;
afterEach(() => t.cleanup());

/** step → what recovery finds, and whether the new release is already in place (trial resumed). */
const STEPS = [
  { step: 'staged', recovery: 'clean', runningAfterRecovery: 100 },
  { step: 'journal-applying', recovery: 'rolled-back', runningAfterRecovery: 100 },
  { step: 'previous-saved', recovery: 'rolled-back', runningAfterRecovery: 100 },
  { step: 'swapped', recovery: 'rolled-back', runningAfterRecovery: 100 },
  { step: 'trial', recovery: 'resume-trial', runningAfterRecovery: 200 },
  { step: 'committed', recovery: 'clean', runningAfterRecovery: 200 },
] as const;

describe('fleet agent: power loss at each apply step', () => {
  for (const s of STEPS) {
    it(`killed at "${s.step}" recovers to a consistent config and then reaches release 2`, async () => {
      t = tmp();
      const repo = initRepo(t.dir);
      publish(repo, 100);
      const first = agentFor(repo, t.dir);
      expect(await first.cycle()).toMatchObject({ appliedVersion: 1 });
      publish(repo, 200);
      const state = join(t.dir, 'terminal');
      const res = spawnSync(process.execPath, ['--import', 'tsx', child, repo.publicDir, state, repo.trustedRootFile(), s.step], {
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(res.signal).toBe('SIGKILL');
      const restarted = agentFor(repo, t.dir);
      expect(restarted.recover()).toBe(s.recovery);
      expect(restarted.store.current()?.sections.session?.idleSeconds).toBe(s.runningAfterRecovery);
      const r = await restarted.cycle();
      expect(r).toMatchObject({ state: 'current', appliedVersion: 2 });
      expect(restarted.store.current()?.sections.session?.idleSeconds).toBe(200);
    });
  }

  it('a trial cut short by restarts more than twice counts as a crash loop and is reverted', async () => {
    t = tmp();
    const repo = initRepo(t.dir);
    publish(repo, 100);
    expect(await agentFor(repo, t.dir).cycle()).toMatchObject({ appliedVersion: 1 });
    publish(repo, 200);
    const state = join(t.dir, 'terminal');
    const results: string[] = [];
    for (let i = 0; i < 3; i++) {
      if (i === 0) {
        spawnSync(process.execPath, ['--import', 'tsx', child, repo.publicDir, state, repo.trustedRootFile(), 'trial'], {
          timeout: 60_000,
        });
      }
      results.push(agentFor(repo, t.dir).recover());
    }
    expect(results).toEqual(['resume-trial', 'resume-trial', 'reverted']);
    const a = agentFor(repo, t.dir);
    expect(a.status()).toMatchObject({ state: 'reverted', reason: 'crash-loop', appliedVersion: 1 });
    expect(a.store.current()?.sections.session?.idleSeconds).toBe(100);
    expect(await a.cycle()).toMatchObject({ reason: 'release-refused', appliedVersion: 1 });
  });
});
