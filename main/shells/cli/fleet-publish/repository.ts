/**
 * The IT side of the fleet channel: a TUF repository kept in a plain directory, built and
 * signed with @tufjs/models. Layout of the workspace `DIR`:
 *
 *   DIR/repo.json           settings (metadata lifetimes, releases kept)
 *   DIR/keys/               private keys `<role>-<keyid>.pem` (root keys belong offline: --keys)
 *   DIR/cohorts.json        named cohorts: { "canary": { "halls": [...], "terminals": [...] } }
 *   DIR/publish-log.jsonl   who published what, when and why (append-only)
 *   DIR/public/             THE REPOSITORY: serve it with any static HTTP server, or copy it to USB
 *     metadata/             N.root.json, root.json, timestamp.json, N.snapshot.json, N.targets.json
 *     targets/releases/R/   <sha256>.<scope>.json (consistent snapshots: files are never overwritten)
 *
 * Write order on every change: targets files → targets metadata → snapshot → timestamp (an
 * atomic rename), so a terminal polling mid-publish sees the old or the new state, never a mix.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { Metadata, MetadataKind, MetaFile, Root, Snapshot, TargetFile, Targets, Timestamp } from '@tufjs/models';
import { err, ok, type Result } from '../../../../common/result.js';
import { mergeConfig } from '../../../../config/load.js';
import {
  BundleSections,
  BundleSource,
  FleetBundle,
  ScopeId,
  type BundleScope,
  type BundleSections as BundleSectionsT,
} from '../../../../config/bundle-schema.js';
import { writeFileAtomic } from '../../../features/fleet/atomic-file.js';
import { generateKey, loadKeys, ROLES, saveKey, signer, tufKey, type RoleName, type SigningKey } from './keys.js';
import { ReleaseInfo, type Rollout } from '../../../features/fleet/rollout.js';

export type RepoErrorCode =
  | 'repo-exists'
  | 'repo-missing'
  | 'repo-corrupt'
  | 'keys-missing'
  | 'bundle-unreadable'
  | 'bundle-invalid'
  | 'cohort-unknown'
  | 'release-unknown'
  | 'bad-argument';
export type RepoResult<T> = Result<T, RepoErrorCode>;

const DAY = 86_400_000;
export const RepoSettings = z
  .object({
    format: z.literal('yimen-fleet-repo/1'),
    /** Metadata lifetimes in days. The timestamp is re-signed by `yimen fleet refresh` (cron). */
    expiresDays: z
      .object({
        root: z.number().int().min(1).max(3650),
        targets: z.number().int().min(1).max(3650),
        snapshot: z.number().int().min(1).max(3650),
        timestamp: z.number().int().min(1).max(3650),
      })
      .strict(),
    /** Releases kept in the targets metadata (older ones drop out; terminals never go back). */
    keepReleases: z.number().int().min(1).max(1000),
  })
  .strict();
export type RepoSettings = z.infer<typeof RepoSettings>;

export const DEFAULT_SETTINGS: RepoSettings = {
  format: 'yimen-fleet-repo/1',
  expiresDays: { root: 365, targets: 90, snapshot: 90, timestamp: 7 },
  keepReleases: 20,
};

const Cohorts = z.record(
  ScopeId,
  z.object({ halls: z.array(ScopeId).default([]), terminals: z.array(ScopeId).default([]) }).strict(),
);

export interface InitOptions {
  keysDir?: string;
  rootKeys?: number;
  rootThreshold?: number;
  targetsKeys?: number;
  targetsThreshold?: number;
  settings?: Partial<Omit<RepoSettings, 'format'>>;
  now?: () => number;
}

export interface OpenOptions {
  keysDir?: string;
  now?: () => number;
}

/** Test and tooling hook: sign a role with these keys instead of the repository's own. */
export type SignOverride = Partial<Record<RoleName, SigningKey[]>>;

export interface PublishOptions {
  source: unknown;
  rollout?: { percent: number } | { cohort: string };
  by?: string;
  note?: string;
}

export interface PublishedRelease {
  release: number;
  targets: string[];
  rollout: Rollout;
  metadata: { targets: number; snapshot: number; timestamp: number };
}

function isoExpiry(now: number, days: number): string {
  return new Date(now + days * DAY).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function actor(by?: string): string {
  if (by !== undefined && by !== '') return by.slice(0, 200);
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // no passwd entry (containers): keep 'unknown'
  }
  return `${user}@${hostname()}`;
}

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8')) as unknown;
}

/** Metadata bytes as published: the canonical-looking JSON of `toJSON()`. */
function bytesOf(md: Metadata<Root | Targets | Snapshot | Timestamp>): Buffer {
  return Buffer.from(JSON.stringify(md.toJSON()));
}

export class FleetRepository {
  readonly dir: string;
  readonly publicDir: string;
  readonly metadataDir: string;
  readonly targetsDir: string;
  readonly keysDir: string;
  readonly settings: RepoSettings;
  private readonly now: () => number;
  private keys: SigningKey[];

  private constructor(dir: string, keysDir: string, settings: RepoSettings, now: () => number) {
    this.dir = dir;
    this.publicDir = join(dir, 'public');
    this.metadataDir = join(this.publicDir, 'metadata');
    this.targetsDir = join(this.publicDir, 'targets');
    this.keysDir = keysDir;
    this.settings = settings;
    this.now = now;
    this.keys = loadKeys(keysDir);
  }

  /** Creates keys, root metadata and empty targets/snapshot/timestamp. */
  static init(dir: string, opts: InitOptions = {}): RepoResult<FleetRepository> {
    if (existsSync(join(dir, 'repo.json'))) return err('repo-exists', `${dir} already holds a fleet repository`);
    const rootKeys = opts.rootKeys ?? 1;
    const rootThreshold = opts.rootThreshold ?? 1;
    const targetsKeys = opts.targetsKeys ?? 1;
    const targetsThreshold = opts.targetsThreshold ?? 1;
    if (rootThreshold < 1 || rootThreshold > rootKeys)
      return err('bad-argument', 'the root threshold must be between 1 and the number of root keys');
    if (targetsThreshold < 1 || targetsThreshold > targetsKeys)
      return err('bad-argument', 'the targets threshold must be between 1 and the number of targets keys');
    const settings = RepoSettings.parse({
      ...DEFAULT_SETTINGS,
      ...opts.settings,
      expiresDays: { ...DEFAULT_SETTINGS.expiresDays, ...opts.settings?.expiresDays },
    });
    const keysDir = opts.keysDir ?? join(dir, 'keys');
    mkdirSync(join(dir, 'public', 'metadata'), { recursive: true });
    mkdirSync(join(dir, 'public', 'targets'), { recursive: true });
    const now = opts.now ?? Date.now;
    const made: SigningKey[] = [];
    const counts: Record<RoleName, number> = { root: rootKeys, targets: targetsKeys, snapshot: 1, timestamp: 1 };
    for (const role of ROLES) {
      for (let i = 0; i < counts[role]; i++) {
        const k = generateKey(role);
        saveKey(keysDir, k);
        made.push(k);
      }
    }
    const root = new Root({
      version: 1,
      specVersion: '1.0.31',
      expires: isoExpiry(now(), settings.expiresDays.root),
      consistentSnapshot: true,
    });
    const thresholds: Record<RoleName, number> = { root: rootThreshold, targets: targetsThreshold, snapshot: 1, timestamp: 1 };
    for (const k of made) root.addKey(tufKey(k), k.role);
    for (const role of ROLES) {
      const r = root.roles[role];
      if (!r) throw new Error(`@tufjs/models Root lacks role ${role}`);
      (r as { threshold: number }).threshold = thresholds[role];
    }
    writeFileSync(join(dir, 'repo.json'), `${JSON.stringify(settings, null, 2)}\n`);
    if (!existsSync(join(dir, 'cohorts.json'))) writeFileSync(join(dir, 'cohorts.json'), '{}\n');
    const repo = new FleetRepository(dir, keysDir, settings, now);
    const rootMd = new Metadata(root);
    for (const k of made.filter((m) => m.role === 'root')) rootMd.sign(signer(k));
    repo.writeRoot(rootMd);
    const targets = new Targets({ version: 1, specVersion: '1.0.31', expires: isoExpiry(now(), settings.expiresDays.targets) });
    repo.commit(targets);
    return ok(repo);
  }

  static open(dir: string, opts: OpenOptions = {}): RepoResult<FleetRepository> {
    const settingsFile = join(dir, 'repo.json');
    if (!existsSync(settingsFile))
      return err('repo-missing', `${dir} is not a fleet repository (no repo.json): run "yimen fleet init"`);
    let settings: RepoSettings;
    try {
      settings = RepoSettings.parse(readJson(settingsFile));
    } catch (e) {
      return err('repo-corrupt', `${settingsFile}: ${(e as Error).message.slice(0, 300)}`);
    }
    const repo = new FleetRepository(dir, opts.keysDir ?? join(dir, 'keys'), settings, opts.now ?? Date.now);
    try {
      repo.root();
      repo.timestamp();
      repo.snapshot();
      repo.targets();
    } catch (e) {
      return err('repo-corrupt', `${dir}: the published metadata cannot be read (${(e as Error).message.slice(0, 300)})`);
    }
    return ok(repo);
  }

  // ---- reading the published state ------------------------------------------------------

  root(): Metadata<Root> {
    return Metadata.fromJSON(MetadataKind.Root, readJson(join(this.metadataDir, 'root.json')) as never);
  }
  timestamp(): Metadata<Timestamp> {
    return Metadata.fromJSON(MetadataKind.Timestamp, readJson(join(this.metadataDir, 'timestamp.json')) as never);
  }
  snapshot(): Metadata<Snapshot> {
    const v = this.timestamp().signed.snapshotMeta.version;
    return Metadata.fromJSON(MetadataKind.Snapshot, readJson(join(this.metadataDir, `${v}.snapshot.json`)) as never);
  }
  targets(): Metadata<Targets> {
    const meta = this.snapshot().signed.meta['targets.json'];
    if (!meta) throw new Error('snapshot lists no targets.json');
    return Metadata.fromJSON(MetadataKind.Targets, readJson(join(this.metadataDir, `${meta.version}.targets.json`)) as never);
  }

  /** The releases the targets metadata lists, newest first. */
  releases(): { release: number; info: ReleaseInfo; paths: string[] }[] {
    const by = new Map<number, { release: number; info: ReleaseInfo; paths: string[] }>();
    for (const t of Object.values(this.targets().signed.targets)) {
      const info = ReleaseInfo.safeParse((t.custom as { yimen?: unknown }).yimen);
      if (!info.success) continue;
      const entry = by.get(info.data.release) ?? { release: info.data.release, info: info.data, paths: [] };
      entry.paths.push(t.path);
      by.set(info.data.release, entry);
    }
    return [...by.values()].sort((a, b) => b.release - a.release);
  }

  /** The highest release ever published (release directories are never deleted, so numbers never repeat). */
  lastRelease(): number {
    let onDisk: number[];
    try {
      onDisk = readdirSync(join(this.targetsDir, 'releases'))
        .filter((d) => /^\d+$/.test(d))
        .map(Number);
    } catch {
      onDisk = [];
    }
    return Math.max(0, ...onDisk, ...this.releases().map((r) => r.release));
  }

  /** The trusted root a terminal is provisioned with (any version works: tuf-js walks forward). */
  trustedRootFile(): string {
    return join(this.metadataDir, '1.root.json');
  }

  // ---- signing --------------------------------------------------------------------------

  private keysFor(role: RoleName, root: Root, override?: SignOverride): SigningKey[] {
    const o = override?.[role];
    if (o) return o;
    const ids = root.roles[role]?.keyIDs ?? [];
    return this.keys.filter((k) => ids.includes(k.keyId));
  }

  private sign<T extends Root | Targets | Snapshot | Timestamp>(
    signed: T,
    role: RoleName,
    root: Root,
    override?: SignOverride,
  ): Metadata<T> {
    const md = new Metadata(signed);
    const keys = this.keysFor(role, root, override);
    const threshold = root.roles[role]?.threshold ?? 1;
    if (!override?.[role] && keys.length < threshold)
      throw new KeysMissingError(`${role}: ${keys.length} of ${threshold} required keys in ${this.keysDir}`);
    for (const k of keys) md.sign(signer(k));
    return md;
  }

  private writeRoot(md: Metadata<Root>): void {
    const bytes = bytesOf(md);
    writeFileAtomic(join(this.metadataDir, `${md.signed.version}.root.json`), bytes, 0o644);
    writeFileAtomic(join(this.metadataDir, 'root.json'), bytes, 0o644);
  }

  /**
   * Publishes `targets` (its version must already be set): signs it, then a new snapshot and a
   * new timestamp, each written before the next. Returns the new versions.
   */
  commit(targets: Targets, override?: SignOverride): { targets: number; snapshot: number; timestamp: number } {
    const root = this.root().signed;
    const now = this.now();
    const targetsMd = this.sign(targets, 'targets', root, override);
    const targetsBytes = bytesOf(targetsMd);
    writeFileAtomic(join(this.metadataDir, `${targets.version}.targets.json`), targetsBytes, 0o644);
    let snapVersion = 1;
    let tsVersion = 1;
    if (existsSync(join(this.metadataDir, 'timestamp.json'))) {
      const ts = this.timestamp().signed;
      snapVersion = ts.snapshotMeta.version + 1;
      tsVersion = ts.version + 1;
    }
    const snapshot = new Snapshot({
      version: snapVersion,
      specVersion: '1.0.31',
      expires: isoExpiry(now, this.settings.expiresDays.snapshot),
      meta: { 'targets.json': new MetaFile({ version: targets.version }) },
    });
    const snapMd = this.sign(snapshot, 'snapshot', root, override);
    const snapBytes = bytesOf(snapMd);
    writeFileAtomic(join(this.metadataDir, `${snapVersion}.snapshot.json`), snapBytes, 0o644);
    this.writeTimestamp(tsVersion, snapVersion, snapBytes, override);
    return { targets: targets.version, snapshot: snapVersion, timestamp: tsVersion };
  }

  private writeTimestamp(version: number, snapVersion: number, snapBytes: Buffer, override?: SignOverride): void {
    const root = this.root().signed;
    const timestamp = new Timestamp({
      version,
      specVersion: '1.0.31',
      expires: isoExpiry(this.now(), this.settings.expiresDays.timestamp),
      snapshotMeta: new MetaFile({
        version: snapVersion,
        length: snapBytes.length,
        hashes: { sha256: createHash('sha256').update(snapBytes).digest('hex') },
      }),
    });
    writeFileAtomic(join(this.metadataDir, 'timestamp.json'), bytesOf(this.sign(timestamp, 'timestamp', root, override)), 0o644);
  }

  /** Re-signs the timestamp (run daily from cron); also targets and snapshot when they expire within a timestamp lifetime. */
  refresh(): RepoResult<{ timestamp: number; resignedTargets: boolean }> {
    return this.guard(() => {
      const horizon = this.now() + this.settings.expiresDays.timestamp * DAY;
      const targets = this.targets().signed;
      const snapshot = this.snapshot().signed;
      if (Date.parse(targets.expires) < horizon || Date.parse(snapshot.expires) < horizon) {
        const v = this.commit(this.nextTargets(targets, Object.values(targets.targets)));
        return { timestamp: v.timestamp, resignedTargets: true };
      }
      const ts = this.timestamp().signed;
      const snapBytes = readFileSync(join(this.metadataDir, `${ts.snapshotMeta.version}.snapshot.json`));
      this.writeTimestamp(ts.version + 1, ts.snapshotMeta.version, snapBytes);
      return { timestamp: ts.version + 1, resignedTargets: false };
    });
  }

  private nextTargets(prev: Targets, files: TargetFile[]): Targets {
    const t = new Targets({
      version: prev.version + 1,
      specVersion: '1.0.31',
      expires: isoExpiry(this.now(), this.settings.expiresDays.targets),
    });
    for (const f of files) t.addTarget(f);
    return t;
  }

  private guard<T>(fn: () => T): RepoResult<T> {
    try {
      return ok(fn());
    } catch (e) {
      if (e instanceof KeysMissingError) return err('keys-missing', e.message);
      throw e;
    }
  }

  // ---- publishing -----------------------------------------------------------------------

  private cohort(name: string): RepoResult<Rollout> {
    let all: z.infer<typeof Cohorts>;
    try {
      all = Cohorts.parse(readJson(join(this.dir, 'cohorts.json')));
    } catch (e) {
      return err('bad-argument', `${join(this.dir, 'cohorts.json')}: ${(e as Error).message.slice(0, 300)}`);
    }
    const c = all[name];
    if (!c) return err('cohort-unknown', `no cohort "${name}" in ${join(this.dir, 'cohorts.json')}`);
    return ok({ kind: 'cohort', name, halls: c.halls, terminals: c.terminals });
  }

  private rolloutOf(spec: PublishOptions['rollout']): RepoResult<Rollout> {
    if (spec === undefined) return ok({ kind: 'all' });
    if ('percent' in spec) {
      if (!(spec.percent >= 0 && spec.percent <= 100)) return err('bad-argument', 'the percentage must be between 0 and 100');
      return ok(spec.percent === 100 ? { kind: 'all' } : { kind: 'percent', percent: spec.percent });
    }
    return this.cohort(spec.cohort);
  }

  /**
   * Resolves the layered source (global → hall → terminal) into effective bundles, validates
   * each against the bundle schema, and only then signs and publishes them as one release.
   */
  publish(opts: PublishOptions): RepoResult<PublishedRelease> {
    const src = BundleSource.safeParse(opts.source);
    if (!src.success) return err('bundle-invalid', describeIssue('bundle', src.error));
    const rollout = this.rolloutOf(opts.rollout);
    if (!rollout.ok) return rollout;
    const prev = this.targets().signed;
    const release = this.lastRelease() + 1;
    const scoped: { scope: BundleScope; name: string; sections: unknown }[] = [
      { scope: { level: 'global' }, name: 'global', sections: src.data.global },
    ];
    for (const [hall, over] of Object.entries(src.data.halls))
      scoped.push({ scope: { level: 'hall', id: hall }, name: `hall.${hall}`, sections: mergeConfig(src.data.global, over) });
    for (const [terminal, over] of Object.entries(src.data.terminals)) {
      const { hall, ...sections } = over;
      let base: unknown = src.data.global;
      if (hall !== undefined) base = mergeConfig(base, src.data.halls[hall] ?? {});
      scoped.push({
        scope: { level: 'terminal', id: terminal },
        name: `terminal.${terminal}`,
        sections: mergeConfig(base, sections),
      });
    }
    const files: { path: string; bytes: Buffer }[] = [];
    for (const s of scoped) {
      const sections = BundleSections.safeParse(s.sections);
      if (!sections.success) return err('bundle-invalid', describeIssue(s.name, sections.error));
      const bundle: FleetBundle = {
        format: 'yimen-fleet-bundle/1',
        release,
        scope: s.scope,
        sections: stripUndefined(sections.data),
      };
      FleetBundle.parse(bundle);
      files.push({ path: `releases/${release}/${s.name}.json`, bytes: Buffer.from(JSON.stringify(bundle)) });
    }
    const info = {
      release,
      rollout: rollout.value,
      publishedBy: actor(opts.by),
      publishedAt: new Date(this.now()).toISOString(),
      note: (opts.note ?? '').slice(0, 2000),
    };
    const targetFiles: TargetFile[] = [];
    for (const [i, f] of files.entries()) {
      const sha256 = createHash('sha256').update(f.bytes).digest('hex');
      const dir = join(this.targetsDir, 'releases', String(release));
      mkdirSync(dir, { recursive: true });
      writeFileAtomic(join(dir, `${sha256}.${f.path.slice(f.path.lastIndexOf('/') + 1)}`), f.bytes, 0o644);
      const scope = scoped[i]?.scope;
      if (!scope) throw new Error('scope list out of step');
      targetFiles.push(
        new TargetFile({
          path: f.path,
          length: f.bytes.length,
          hashes: { sha256 },
          unrecognizedFields: { custom: { yimen: { ...info, scope } } },
        }),
      );
    }
    return this.guard(() => {
      const keep = new Set(
        this.releases()
          .slice(0, this.settings.keepReleases - 1)
          .map((r) => r.release),
      );
      const kept = Object.values(prev.targets).filter((t) => {
        const r = ReleaseInfo.safeParse((t.custom as { yimen?: unknown }).yimen);
        return r.success && keep.has(r.data.release);
      });
      const versions = this.commit(this.nextTargets(prev, [...kept, ...targetFiles]));
      this.log({ action: 'publish', ...info, targets: files.map((f) => f.path), metadata: versions });
      return { release, targets: files.map((f) => f.path), rollout: rollout.value, metadata: versions };
    });
  }

  /** Widens, narrows or halts (0 %) the rollout of an existing release. */
  setRollout(
    release: number,
    spec: PublishOptions['rollout'],
    by?: string,
    note?: string,
  ): RepoResult<{ release: number; rollout: Rollout; metadata: { targets: number; snapshot: number; timestamp: number } }> {
    const rollout = this.rolloutOf(spec);
    if (!rollout.ok) return rollout;
    const prev = this.targets().signed;
    let found = false;
    const files = Object.values(prev.targets).map((t) => {
      const r = ReleaseInfo.safeParse((t.custom as { yimen?: unknown }).yimen);
      if (!r.success || r.data.release !== release) return t;
      found = true;
      return new TargetFile({
        path: t.path,
        length: t.length,
        hashes: t.hashes,
        unrecognizedFields: { custom: { yimen: { ...r.data, rollout: rollout.value } } },
      });
    });
    if (!found) return err('release-unknown', `release ${release} is not in the repository`);
    return this.guard(() => {
      const versions = this.commit(this.nextTargets(prev, files));
      this.log({
        action: 'rollout',
        release,
        rollout: rollout.value,
        publishedBy: actor(by),
        publishedAt: new Date(this.now()).toISOString(),
        note: note ?? '',
        metadata: versions,
      });
      return { release, rollout: rollout.value, metadata: versions };
    });
  }

  /**
   * Replaces the keys of one role. The new root (version + 1) is signed by the old root keys
   * and the new ones, as TUF requires; the role's metadata is then re-signed.
   */
  rotateKey(
    role: RoleName,
    opts: { count?: number; threshold?: number; by?: string } = {},
  ): RepoResult<{ role: RoleName; rootVersion: number; keyIds: string[] }> {
    const count = opts.count ?? 1;
    const threshold = opts.threshold ?? 1;
    if (threshold < 1 || threshold > count) return err('bad-argument', 'the threshold must be between 1 and the number of keys');
    const oldRootMd = this.root();
    const old = oldRootMd.signed;
    const oldRootKeys = this.keysFor('root', old);
    if (oldRootKeys.length < (old.roles.root?.threshold ?? 1))
      return err(
        'keys-missing',
        `root: ${oldRootKeys.length} of ${old.roles.root?.threshold ?? 1} required keys in ${this.keysDir}`,
      );
    const fresh: SigningKey[] = [];
    for (let i = 0; i < count; i++) fresh.push(generateKey(role));
    const json = old.toJSON() as {
      keys: Record<string, unknown>;
      roles: Record<string, { keyids: string[]; threshold: number }>;
    };
    const roleEntry = json.roles[role];
    if (!roleEntry) throw new Error(`root lacks role ${role}`);
    for (const id of roleEntry.keyids) {
      const usedElsewhere = Object.entries(json.roles).some(([name, r]) => name !== role && r.keyids.includes(id));
      if (!usedElsewhere) delete json.keys[id];
    }
    for (const k of fresh) json.keys[k.keyId] = tufKey(k).toJSON();
    json.roles[role] = { keyids: fresh.map((k) => k.keyId), threshold };
    const next = Root.fromJSON({
      ...json,
      version: old.version + 1,
      expires: isoExpiry(this.now(), this.settings.expiresDays.root),
    } as never);
    const md = new Metadata(next);
    const signing = role === 'root' ? [...oldRootKeys, ...fresh] : oldRootKeys;
    for (const k of signing) md.sign(signer(k));
    for (const k of fresh) saveKey(this.keysDir, k);
    this.keys = loadKeys(this.keysDir);
    this.writeRoot(md);
    if (role !== 'root') {
      const r = this.guard(() =>
        this.commit(this.nextTargets(this.targets().signed, Object.values(this.targets().signed.targets))),
      );
      if (!r.ok) return r;
    }
    this.log({
      action: 'rotate-key',
      role,
      rootVersion: next.version,
      keyIds: fresh.map((k) => k.keyId),
      publishedBy: actor(opts.by),
      publishedAt: new Date(this.now()).toISOString(),
    });
    return ok({ role, rootVersion: next.version, keyIds: fresh.map((k) => k.keyId) });
  }

  status(): {
    versions: Record<RoleName, number>;
    expires: Record<RoleName, string>;
    thresholds: Record<RoleName, number>;
    keysAvailable: Record<RoleName, number>;
    releases: { release: number; rollout: Rollout; publishedBy: string; publishedAt: string; note: string; targets: string[] }[];
  } {
    const root = this.root().signed;
    const ts = this.timestamp().signed;
    const snap = this.snapshot().signed;
    const tg = this.targets().signed;
    const th = (r: RoleName): number => root.roles[r]?.threshold ?? 0;
    const av = (r: RoleName): number => this.keysFor(r, root).length;
    return {
      versions: { root: root.version, timestamp: ts.version, snapshot: snap.version, targets: tg.version },
      expires: { root: root.expires, timestamp: ts.expires, snapshot: snap.expires, targets: tg.expires },
      thresholds: { root: th('root'), timestamp: th('timestamp'), snapshot: th('snapshot'), targets: th('targets') },
      keysAvailable: { root: av('root'), timestamp: av('timestamp'), snapshot: av('snapshot'), targets: av('targets') },
      releases: this.releases().map((r) => ({
        release: r.release,
        rollout: r.info.rollout,
        publishedBy: r.info.publishedBy,
        publishedAt: r.info.publishedAt,
        note: r.info.note,
        targets: r.paths.sort(),
      })),
    };
  }

  private log(entry: Record<string, unknown>): void {
    appendFileSync(join(this.dir, 'publish-log.jsonl'), `${JSON.stringify(entry)}\n`);
  }
}

export class KeysMissingError extends Error {}

function stripUndefined(s: BundleSectionsT): BundleSectionsT {
  return Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined));
}

function describeIssue(where: string, err: z.ZodError): string {
  const issue = err.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)';
  return `${where}: field "${field}": ${issue?.message ?? 'invalid'}`;
}
