/**
 * Bad input and attacks, modelled on the TUF conformance suite. Each case asserts the
 * terminal's result, the metadata versions it now trusts and that its running config is
 * unchanged.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MetaFile, Snapshot, Targets, Timestamp } from '@tufjs/models';
import { err, ok } from '../../../../../common/result.js';
import { defaults } from '../../../../../config/defaults.js';
import { generateKey } from '../../../../../main/shells/cli/fleet-publish/keys.js';
import type { FleetAgent } from '../../../../../main/features/fleet/agent.js';
import type { FleetRepository } from '../../../../../main/shells/cli/fleet-publish/repository.js';
import {
  agentFor,
  expires,
  initRepo,
  publish,
  publishRaw,
  readMeta,
  roleKeys,
  signWith,
  tmp,
  writeMeta,
} from './fleet-helpers.js';

let t: ReturnType<typeof tmp>;
let repo: FleetRepository;
let agent: FleetAgent;

/** Release 1 (idle 100 s) applied; every attack then targets release 2. */
async function baseline(opts: Parameters<typeof initRepo>[1] = {}): Promise<void> {
  repo = initRepo(t.dir, opts);
  publish(repo, 100);
  agent = agentFor(repo, t.dir);
  expect(await agent.cycle()).toMatchObject({ state: 'current', reason: 'applied', appliedVersion: 1 });
}

function runningIdle(): number | undefined {
  return agent.store.current()?.sections.session?.idleSeconds;
}

beforeEach(() => {
  t = tmp();
});
afterEach(() => t.cleanup());

describe('fleet agent: bad input and attacks', () => {
  it('refuses a tampered bundle and keeps running release 1', async () => {
    await baseline();
    publish(repo, 200);
    const dir = join(repo.targetsDir, 'releases', '2');
    const file = join(dir, readdirSync(dir)[0] ?? '');
    const bytes = readFileSync(file, 'utf8').replace('"idleSeconds":200', '"idleSeconds":900');
    writeFileSync(file, bytes);
    const before = agent.trustedVersions();
    const r = await agent.cycle();
    expect(r).toMatchObject({ state: 'refused', reason: 'hash-mismatch', appliedVersion: 1 });
    // The metadata itself was genuine, so it is trusted; only the bundle is refused.
    expect(r.trusted.targets).toBe((before.targets ?? 0) + 1);
    expect(runningIdle()).toBe(100);
  });

  it('refuses targets signed by a wrong key', async () => {
    await baseline();
    const before = agent.trustedVersions();
    const prev = repo.targets().signed;
    const next = new Targets({ version: prev.version + 1, specVersion: '1.0.31', expires: expires(30) });
    repo.commit(next, { targets: [generateKey('targets')] });
    const r = await agent.cycle();
    expect(r).toMatchObject({ state: 'refused', reason: 'bad-signature', appliedVersion: 1 });
    expect(r.trusted.targets).toBe(before.targets);
    expect(runningIdle()).toBe(100);
  });

  it('refuses a timestamp signed by the targets key (a key of the wrong role)', async () => {
    await baseline();
    const ts = repo.timestamp().signed;
    const forged = new Timestamp({
      version: ts.version + 1,
      specVersion: '1.0.31',
      expires: expires(1),
      snapshotMeta: ts.snapshotMeta,
    });
    writeMeta(repo, 'timestamp.json', signWith(forged, roleKeys(repo, 'targets')));
    const r = await agent.cycle();
    expect(r).toMatchObject({ state: 'refused', reason: 'bad-signature', appliedVersion: 1 });
    expect(r.trusted.timestamp).toBe(ts.version);
  });

  it('refuses targets signed below the threshold (1 of 2), and counts a duplicated signature once', async () => {
    await baseline({ targetsKeys: 2, targetsThreshold: 2 });
    const before = agent.trustedVersions();
    const [one] = roleKeys(repo, 'targets');
    if (!one) throw new Error('no targets key');
    const prev = repo.targets().signed;
    const next = new Targets({ version: prev.version + 1, specVersion: '1.0.31', expires: expires(30) });
    for (const f of Object.values(prev.targets)) next.addTarget(f);
    repo.commit(next, { targets: [one, one] });
    const r = await agent.cycle();
    expect(r).toMatchObject({ state: 'refused', reason: 'bad-signature', appliedVersion: 1 });
    expect(r.trusted.targets).toBe(before.targets);
    // With both keys the same change is accepted.
    publish(repo, 200);
    expect(await agent.cycle()).toMatchObject({ state: 'current', reason: 'applied', appliedVersion: 2 });
  });

  it('refuses a timestamp rollback', async () => {
    await baseline();
    const oldTs = readMeta(repo, 'timestamp.json');
    publish(repo, 200);
    expect(await agent.cycle()).toMatchObject({ appliedVersion: 2 });
    const trusted = agent.trustedVersions();
    writeMeta(repo, 'timestamp.json', oldTs);
    const r = await agent.cycle();
    expect(r).toMatchObject({ state: 'refused', reason: 'rollback-refused', appliedVersion: 2 });
    expect(r.trusted).toEqual(trusted);
    expect(runningIdle()).toBe(200);
  });

  it('refuses a snapshot rollback (a fresh timestamp pointing at an older snapshot)', async () => {
    await baseline();
    publish(repo, 200);
    expect(await agent.cycle()).toMatchObject({ appliedVersion: 2 });
    const trusted = agent.trustedVersions();
    const ts = repo.timestamp().signed;
    const oldSnap = readMeta(repo, '1.snapshot.json');
    const forged = new Timestamp({
      version: ts.version + 1,
      specVersion: '1.0.31',
      expires: expires(1),
      snapshotMeta: new MetaFile({ version: 1 }),
    });
    expect(oldSnap.length).toBeGreaterThan(0);
    writeMeta(repo, 'timestamp.json', signWith(forged, roleKeys(repo, 'timestamp')));
    const r = await agent.cycle();
    expect(r).toMatchObject({ state: 'refused', reason: 'rollback-refused', appliedVersion: 2 });
    expect(r.trusted.snapshot).toBe(trusted.snapshot);
    expect(runningIdle()).toBe(200);
  });

  it('refuses a targets rollback (a fresh snapshot listing an older targets version)', async () => {
    await baseline();
    publish(repo, 200);
    expect(await agent.cycle()).toMatchObject({ appliedVersion: 2 });
    const trusted = agent.trustedVersions();
    const ts = repo.timestamp().signed;
    const snap = new Snapshot({
      version: ts.snapshotMeta.version + 1,
      specVersion: '1.0.31',
      expires: expires(30),
      meta: { 'targets.json': new MetaFile({ version: 1 }) },
    });
    const snapBytes = signWith(snap, roleKeys(repo, 'snapshot'));
    writeMeta(repo, `${snap.version}.snapshot.json`, snapBytes);
    const stamp = new Timestamp({
      version: ts.version + 1,
      specVersion: '1.0.31',
      expires: expires(1),
      snapshotMeta: new MetaFile({ version: snap.version }),
    });
    writeMeta(repo, 'timestamp.json', signWith(stamp, roleKeys(repo, 'timestamp')));
    const r = await agent.cycle();
    expect(r).toMatchObject({ state: 'refused', reason: 'rollback-refused', appliedVersion: 2 });
    expect(r.trusted.targets).toBe(trusted.targets);
    expect(runningIdle()).toBe(200);
  });

  it('refuses oversized metadata (endless data)', async () => {
    await baseline();
    const ts = JSON.parse(readMeta(repo, 'timestamp.json').toString('utf8')) as Record<string, unknown>;
    writeMeta(repo, 'timestamp.json', JSON.stringify({ ...ts, padding: 'x'.repeat(40_000) }));
    const r = await agent.cycle();
    expect(r).toMatchObject({ state: 'refused', reason: 'too-large', appliedVersion: 1 });
    expect(runningIdle()).toBe(100);
  });

  it('refuses a bundle larger than the terminal accepts', async () => {
    await baseline();
    publish(repo, 200);
    const small = agentFor(repo, t.dir, { maxBundleBytes: 64 }, 'small-terminal');
    const r = await small.cycle();
    expect(r).toMatchObject({ state: 'refused', reason: 'too-large', appliedVersion: null });
    expect(small.store.current()).toBeNull();
  });

  it('refuses a correctly signed bundle that fails the schema, and does not retry it', async () => {
    await baseline();
    const bad = {
      format: 'yimen-fleet-bundle/1',
      release: 2,
      scope: { level: 'global' },
      sections: { session: { ...defaults.session, idleSeconds: 5 } },
    };
    publishRaw(repo, 2, Buffer.from(JSON.stringify(bad)));
    const r = await agent.cycle();
    expect(r).toMatchObject({ state: 'refused', reason: 'schema-invalid', appliedVersion: 1, offeredVersion: 2 });
    expect(r.detail).toContain('idleSeconds');
    expect(runningIdle()).toBe(100);
    const again = await agent.cycle();
    expect(again).toMatchObject({ reason: 'release-refused', appliedVersion: 1 });
    // A fixed release supersedes it.
    publish(repo, 300);
    expect(await agent.cycle()).toMatchObject({ state: 'current', reason: 'applied', appliedVersion: 3 });
  });

  it('refuses a bundle that names another release than its signed metadata (replay)', async () => {
    await baseline();
    const replay = readFileSync(
      join(repo.targetsDir, 'releases', '1', readdirSync(join(repo.targetsDir, 'releases', '1'))[0] ?? ''),
    );
    publishRaw(repo, 2, replay);
    const r = await agent.cycle();
    expect(r).toMatchObject({ state: 'refused', reason: 'schema-invalid', appliedVersion: 1 });
  });

  it('reverts a bundle whose health window fails, reports it, and moves on to a later good release', async () => {
    await baseline();
    let uiUp = false;
    const checked = agentFor(repo, t.dir, {
      healthWindowMs: 20_000,
      healthIntervalMs: 5_000,
      healthChecks: [{ name: 'ui', run: () => (uiUp ? ok(undefined) : err('ui-down', 'renderer did not come up')) }],
    });
    publish(repo, 200);
    const r = await checked.cycle();
    expect(r).toMatchObject({ state: 'reverted', reason: 'health-failed', appliedVersion: 1 });
    expect(r.detail).toContain('renderer did not come up');
    expect(checked.store.current()?.sections.session?.idleSeconds).toBe(100);
    expect(await checked.cycle()).toMatchObject({ state: 'reverted', reason: 'release-refused', appliedVersion: 1 });
    uiUp = true;
    publish(repo, 300);
    expect(await checked.cycle()).toMatchObject({ state: 'current', reason: 'applied', appliedVersion: 3 });
    expect(checked.store.current()?.sections.session?.idleSeconds).toBe(300);
  });

  it('reverts when activation fails', async () => {
    await baseline();
    const activated: number[] = [];
    const a = agentFor(repo, t.dir, {
      activate: (b) => {
        activated.push(b.release);
        return b.release === 2 ? err('ui-down', 'renderer crashed') : ok(undefined);
      },
    });
    publish(repo, 200);
    expect(await a.cycle()).toMatchObject({ state: 'reverted', reason: 'health-failed', appliedVersion: 1 });
    // The new bundle was tried, then the committed one put back into effect.
    expect(activated).toEqual([2, 1]);
  });

  it('a check failing once then recovering does not revert', async () => {
    await baseline();
    let calls = 0;
    const a = agentFor(repo, t.dir, {
      healthWindowMs: 10_000,
      healthIntervalMs: 5_000,
      healthChecks: [
        { name: 'backoffice', run: () => (++calls === 1 ? err('backoffice-unreachable', 'timeout') : ok(undefined)) },
      ],
    });
    publish(repo, 200);
    expect(await a.cycle()).toMatchObject({ state: 'current', reason: 'applied', appliedVersion: 2 });
    expect(calls).toBe(3);
  });

  it('catches up after being offline for many versions, across key rotations', async () => {
    await baseline();
    for (let i = 2; i <= 30; i++) publish(repo, 100 + i);
    expect(repo.rotateKey('timestamp').ok).toBe(true);
    expect(repo.rotateKey('root', { count: 2, threshold: 2 }).ok).toBe(true);
    expect(repo.rotateKey('targets').ok).toBe(true);
    publish(repo, 131);
    const r = await agent.cycle();
    expect(r).toMatchObject({ state: 'current', reason: 'applied', appliedVersion: 31 });
    expect(r.trusted.root).toBe(4);
    expect(runningIdle()).toBe(131);
  });

  it('refuses a USB repository older than what is installed', async () => {
    await baseline();
    const { cpSync } = await import('node:fs');
    const usb = join(t.dir, 'usb');
    cpSync(repo.publicDir, usb, { recursive: true });
    publish(repo, 200);
    publish(repo, 300);
    expect(await agent.cycle()).toMatchObject({ appliedVersion: 3 });
    const trusted = agent.trustedVersions();
    const fromUsb = agentFor(repo, t.dir, { repository: usb });
    const r = await fromUsb.cycle();
    expect(r).toMatchObject({ state: 'refused', reason: 'rollback-refused', appliedVersion: 3 });
    expect(r.trusted).toEqual(trusted);
    expect(fromUsb.store.current()?.sections.session?.idleSeconds).toBe(300);
  });

  it('a newer USB repository is applied offline', async () => {
    await baseline();
    publish(repo, 200);
    const { cpSync } = await import('node:fs');
    const usb = join(t.dir, 'usb-new');
    cpSync(repo.publicDir, usb, { recursive: true });
    const fromUsb = agentFor(repo, t.dir, { repository: usb });
    expect(await fromUsb.cycle()).toMatchObject({ state: 'current', reason: 'applied', appliedVersion: 2 });
  });

  it('reports an unreachable repository without touching the running config', async () => {
    await baseline();
    const gone = agentFor(repo, t.dir, { repository: 'http://127.0.0.1:9/' });
    const r = await gone.cycle();
    expect(r).toMatchObject({ state: 'unreachable', reason: 'fetch-failed', appliedVersion: 1 });
    expect(gone.store.current()?.sections.session?.idleSeconds).toBe(100);
  });

  it('waits for the attract screen before applying', async () => {
    await baseline();
    let polls = 0;
    const states: string[] = [];
    const a = agentFor(repo, t.dir, {
      isIdle: () => {
        polls++;
        states.push(a.status().state);
        return polls > 3;
      },
    });
    publish(repo, 200);
    expect(await a.cycle()).toMatchObject({ state: 'current', appliedVersion: 2 });
    expect(polls).toBe(4);
    expect(states.slice(1)).toEqual(['pending', 'pending', 'pending']);
  });
});
