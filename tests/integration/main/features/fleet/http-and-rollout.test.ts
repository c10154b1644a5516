import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HttpFetcher } from '../../../../../main/features/fleet/fetchers.js';
import { bucketOf } from '../../../../../main/features/fleet/rollout.js';
import { serveDirectory, type StaticServer } from '../../../../../main/shells/cli/fleet-publish/static-server.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { agentFor, initRepo, publish, source, tmp } from './fleet-helpers.js';

let t: ReturnType<typeof tmp>;
let server: StaticServer | null = null;
beforeEach(() => {
  t = tmp();
});
afterEach(async () => {
  await server?.close();
  server = null;
  t.cleanup();
});

describe('fleet over HTTP', () => {
  it('applies over HTTP and polls an unchanged repository with one 304 and one 404', async () => {
    const repo = initRepo(t.dir);
    publish(repo, 150);
    server = await serveDirectory(repo.publicDir);
    const agent = agentFor(repo, t.dir, { repository: server.url });
    expect(await agent.cycle()).toMatchObject({ state: 'current', appliedVersion: 1 });
    const before = { ...server.stats };
    const r = await agent.cycle();
    expect(r).toMatchObject({ state: 'current', reason: 'up-to-date', requests: 2 });
    expect(server.stats.requests - before.requests).toBe(2);
    expect(server.stats.notModified - before.notModified).toBe(1);
    expect(server.stats.bytes - before.bytes).toBe(0);
    publish(repo, 250);
    expect(await agent.cycle()).toMatchObject({ state: 'current', reason: 'applied', appliedVersion: 2 });
  });

  it('the HTTP fetcher reports a status as a typed download error', async () => {
    const repo = initRepo(t.dir);
    server = await serveDirectory(repo.publicDir);
    const f = new HttpFetcher();
    await expect(f.downloadBytes(`${server.url}metadata/none.json`, 100)).rejects.toMatchObject({ statusCode: 404 });
    await expect(f.downloadBytes(`${server.url}metadata/1.root.json`, 10)).rejects.toThrow(/Max length/);
  });
});

describe('staged rollout and layering', () => {
  const terminals = Array.from({ length: 400 }, (_, i) => `T-${String(i).padStart(4, '0')}`);

  it('a percentage rollout reaches about that share of terminals, and widening keeps the first ones', () => {
    const in10 = terminals.filter((id) => bucketOf(id) < 10);
    const in50 = terminals.filter((id) => bucketOf(id) < 50);
    expect(in10.length).toBeGreaterThan(20);
    expect(in10.length).toBeLessThan(60);
    expect(in10.every((id) => in50.includes(id))).toBe(true);
  });

  it('only terminals in the rollout take a release; widening to all brings the rest', async () => {
    const repo = initRepo(t.dir);
    publish(repo, 100);
    publish(repo, 200, { rollout: { percent: 30 } });
    const inside = terminals.find((id) => bucketOf(id) < 30) ?? '';
    const outside = terminals.find((id) => bucketOf(id) >= 30) ?? '';
    const a = agentFor(repo, t.dir, { identity: { terminalId: inside, hallId: 'h' } }, 'a');
    const b = agentFor(repo, t.dir, { identity: { terminalId: outside, hallId: 'h' } }, 'b');
    expect(await a.cycle()).toMatchObject({ appliedVersion: 2 });
    expect(await b.cycle()).toMatchObject({ appliedVersion: 1 });
    expect(repo.setRollout(2, { percent: 100 }).ok).toBe(true);
    expect(await b.cycle()).toMatchObject({ appliedVersion: 2 });
  });

  it('a cohort release goes only to its halls and terminals', async () => {
    const repo = initRepo(t.dir);
    writeFileSync(join(repo.dir, 'cohorts.json'), JSON.stringify({ canary: { halls: ['hall-c'], terminals: ['T-x'] } }));
    publish(repo, 100);
    publish(repo, 200, { rollout: { cohort: 'canary' } });
    const inHall = agentFor(repo, t.dir, { identity: { terminalId: 'T-1', hallId: 'hall-c' } }, 'a');
    const named = agentFor(repo, t.dir, { identity: { terminalId: 'T-x', hallId: 'hall-z' } }, 'b');
    const other = agentFor(repo, t.dir, { identity: { terminalId: 'T-2', hallId: 'hall-z' } }, 'c');
    expect((await inHall.cycle()).appliedVersion).toBe(2);
    expect((await named.cycle()).appliedVersion).toBe(2);
    expect((await other.cycle()).appliedVersion).toBe(1);
    expect(repo.publish({ source: source(100), rollout: { cohort: 'nope' } })).toMatchObject({
      ok: false,
      error: { code: 'cohort-unknown' },
    });
  });

  it('resolves global → hall → terminal overrides at publish time; the terminal picks the most specific', async () => {
    const repo = initRepo(t.dir);
    const r = repo.publish({
      source: source(100, {
        halls: { 'hall-b': { session: { idleSeconds: 120 } } },
        terminals: {
          'T-9': { hall: 'hall-b', session: { endingSeconds: 20 } },
          'T-8': { session: { idleSeconds: 300 } },
        },
      }),
    });
    expect(r.ok).toBe(true);
    const t9 = agentFor(repo, t.dir, { identity: { terminalId: 'T-9', hallId: 'hall-b' } }, 't9');
    const t8 = agentFor(repo, t.dir, { identity: { terminalId: 'T-8', hallId: 'hall-b' } }, 't8');
    const t7 = agentFor(repo, t.dir, { identity: { terminalId: 'T-7', hallId: 'hall-b' } }, 't7');
    const t6 = agentFor(repo, t.dir, { identity: { terminalId: 'T-6', hallId: 'hall-q' } }, 't6');
    for (const a of [t9, t8, t7, t6]) expect(await a.cycle()).toMatchObject({ appliedVersion: 1 });
    expect(t9.store.current()?.sections.session).toMatchObject({ idleSeconds: 120, endingSeconds: 20 });
    expect(t9.store.current()?.scope).toEqual({ level: 'terminal', id: 'T-9' });
    // A terminal override that conflicts with the hall's wins for that terminal only.
    expect(t8.store.current()?.sections.session).toMatchObject({ idleSeconds: 300, endingSeconds: 10 });
    expect(t7.store.current()?.sections.session).toMatchObject({ idleSeconds: 120 });
    expect(t6.store.current()?.sections.session).toMatchObject({ idleSeconds: 100 });
  });

  it('refuses to sign a bundle that fails the schema, naming the scope and field', () => {
    const repo = initRepo(t.dir);
    const bad = repo.publish({ source: source(100, { halls: { 'hall-b': { session: { idleSeconds: 3 } } } }) });
    expect(bad).toMatchObject({ ok: false, error: { code: 'bundle-invalid' } });
    if (!bad.ok) expect(bad.error.message).toMatch(/hall\.hall-b.*idleSeconds/);
    expect(repo.releases()).toEqual([]);
  });
});
