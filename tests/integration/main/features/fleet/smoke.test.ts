import { afterEach, describe, expect, it } from 'vitest';
import { agentFor, initRepo, publish, tmp } from './fleet-helpers.js';

let t: ReturnType<typeof tmp>;
afterEach(() => t.cleanup());

describe('fleet smoke', () => {
  it('applies a published release from a directory repository', async () => {
    t = tmp();
    const repo = initRepo(t.dir);
    publish(repo, 120);
    const agent = agentFor(repo, t.dir);
    const r = await agent.cycle();
    expect(r).toMatchObject({ state: 'current', reason: 'applied', appliedVersion: 1 });
    expect(agent.store.current()?.sections.session?.idleSeconds).toBe(120);
    const again = await agent.cycle();
    expect(again).toMatchObject({ state: 'current', reason: 'up-to-date', appliedVersion: 1 });
  });
});
