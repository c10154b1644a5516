import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../../../config/load.js';
import { appliedFleetBundle, fleetStateDir } from '../../../../../main/features/fleet/kiosk-fleet.js';
import { agentFor, initRepo, publish, tmp } from './fleet-helpers.js';

let t: ReturnType<typeof tmp>;
afterEach(() => t.cleanup());

describe('fleet at boot', () => {
  it('restarts into a new release, layers it under the site file, and finishes the trial after the restart', async () => {
    t = tmp();
    const repo = initRepo(t.dir);
    publish(repo, 140);
    const dataDir = join(t.dir, 'data');
    const siteFile = join(t.dir, 'site.json');
    writeFileSync(
      siteFile,
      JSON.stringify({
        dataDir,
        terminal: { id: 'T-0001', hallId: 'hall-a', hallName: 'Hall A' },
        session: { endingSeconds: 15 },
        fleet: { repository: repo.publicDir, trustedRoot: repo.trustedRootFile() },
      }),
    );
    let restarts = 0;
    const agent = agentFor(repo, dataDir, { restart: () => restarts++ }, 'fleet');
    expect(fleetStateDir(dataDir)).toBe(join(dataDir, 'fleet'));
    const r = await agent.cycle();
    expect(r).toMatchObject({ state: 'trial', reason: 'applied', appliedVersion: null });
    expect(restarts).toBe(1);

    // The restarted process: recover (resume the trial), layer, then the agent commits.
    const layer = loadConfig(siteFile, {}, { appliedBundle: appliedFleetBundle });
    if (!layer.ok) throw new Error(layer.error.message);
    expect(layer.value.bundleWarning).toBeNull();
    expect(layer.value.bundle?.release).toBe(1);
    expect(layer.value.config.session.idleSeconds).toBe(140); // from the bundle
    expect(layer.value.config.session.endingSeconds).toBe(15); // the site file wins where it speaks
    expect(layer.value.config.terminal.id).toBe('T-0001');
    const after = agentFor(repo, dataDir, { recovered: true }, 'fleet');
    expect(after.status()).toMatchObject({ state: 'trial', pendingVersion: 1 });
    expect(await after.cycle()).toMatchObject({ state: 'current', reason: 'applied', appliedVersion: 1 });
  });

  it('leaves the config alone when no repository is configured', () => {
    t = tmp();
    const loaded = loadConfig(undefined, { YIMEN_DATA_DIR: t.dir });
    if (!loaded.ok) throw new Error(loaded.error.message);
    expect(appliedFleetBundle(loaded.value)).toBeNull();
    expect(loadConfig(undefined, { YIMEN_DATA_DIR: t.dir }, { appliedBundle: appliedFleetBundle })).toEqual(loaded);
  });
});
