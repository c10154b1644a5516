import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaults } from '../../config/defaults.js';
import { fleetCommand } from '../../main/shells/cli/fleet.js';
import { UsageError, type CliIO } from '../../main/shells/cli/cli-kit.js';
import { tmp } from '../integration/main/features/fleet/fleet-helpers.js';

let t: ReturnType<typeof tmp>;
afterEach(() => t.cleanup());

async function run(argv: string[]): Promise<{ code: number; json: Record<string, unknown>; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { out: (s) => out.push(s), err: (s) => err.push(s) };
  const code = await fleetCommand.run(argv, io);
  return { code, json: JSON.parse(out.join('') || '{}') as Record<string, unknown>, err: err.join('\n') };
}

describe('yimen fleet', () => {
  it('init → publish → status → pull, end to end', async () => {
    t = tmp();
    const repo = join(t.dir, 'repo');
    const init = await run(['init', '--repo', repo, '--root-keys', '3', '--root-threshold', '2']);
    expect(init.code).toBe(0);
    expect(init.json).toMatchObject({ status: { thresholds: { root: 2 }, keysAvailable: { root: 3 } } });

    const bundle = join(t.dir, 'bundle.json');
    writeFileSync(bundle, JSON.stringify({ global: { session: { ...defaults.session, idleSeconds: 111 } } }));
    const pub = await run([
      'publish',
      '--repo',
      repo,
      '--bundle',
      bundle,
      '--percent',
      '100',
      '--note',
      'longer idle',
      '--by',
      'it-ops',
    ]);
    expect(pub.code).toBe(0);
    expect(pub.json).toMatchObject({ release: 1, rollout: { kind: 'all' } });

    const status = await run(['status', '--repo', repo]);
    expect(status.json).toMatchObject({ releases: [{ release: 1, publishedBy: 'it-ops', note: 'longer idle' }] });

    const site = join(t.dir, 'site.json');
    writeFileSync(site, JSON.stringify({ dataDir: join(t.dir, 'data'), terminal: { id: 'T-5', hallId: 'h', hallName: 'H' } }));
    const pulled = await run(['pull', '--repo', repo, '--config', site, '--root', init.json.trustedRoot as string]);
    expect(pulled.code).toBe(0);
    expect(pulled.json).toMatchObject({ state: 'current', reason: 'applied', appliedVersion: 1, recovery: 'clean' });
    const again = await run(['pull', '--repo', repo, '--config', site, '--root', init.json.trustedRoot as string]);
    expect(again.json).toMatchObject({ reason: 'up-to-date' });
  });

  it('refuses to sign an invalid bundle (exit 4) and reports a missing repository (exit 78)', async () => {
    t = tmp();
    const repo = join(t.dir, 'repo');
    expect((await run(['init', '--repo', repo])).code).toBe(0);
    const bundle = join(t.dir, 'bad.json');
    writeFileSync(bundle, JSON.stringify({ global: { session: { idleSeconds: 1 } } }));
    const bad = await run(['publish', '--repo', repo, '--bundle', bundle]);
    expect(bad.code).toBe(4);
    expect(bad.json).toMatchObject({ error: { code: 'bundle-invalid' } });
    expect((await run(['status', '--repo', join(t.dir, 'nope')])).code).toBe(78);
    expect((await run(['init', '--repo', repo])).code).toBe(78);
  });

  it('rotates a key and widens a rollout', async () => {
    t = tmp();
    const repo = join(t.dir, 'repo');
    await run(['init', '--repo', repo]);
    const bundle = join(t.dir, 'b.json');
    writeFileSync(bundle, JSON.stringify({ global: {} }));
    expect((await run(['publish', '--repo', repo, '--bundle', bundle, '--percent', '10'])).json).toMatchObject({
      rollout: { kind: 'percent', percent: 10 },
    });
    expect((await run(['rollout', '--repo', repo, '--release', '1', '--percent', '50'])).json).toMatchObject({
      rollout: { percent: 50 },
    });
    expect((await run(['rotate-key', '--repo', repo, '--role', 'snapshot'])).json).toMatchObject({
      role: 'snapshot',
      rootVersion: 2,
    });
    expect((await run(['rollout', '--repo', repo, '--release', '9', '--percent', '50'])).code).toBe(1);
  });

  it('rejects bad usage', async () => {
    t = tmp();
    await expect(run(['nope'])).rejects.toBeInstanceOf(UsageError);
    await expect(run(['publish', '--repo', t.dir])).rejects.toThrow(/--bundle/);
    await expect(run(['rotate-key', '--repo', t.dir, '--role', 'admin'])).rejects.toThrow(/--role/);
  });
});
