/**
 * The terminal's fleet agent: polls the repository (interval with jitter), verifies it with
 * tuf-js, picks the release meant for this terminal, validates it, waits until no citizen is
 * being served, swaps it in atomically, runs a health window and commits or reverts locally.
 * Every outcome is a state plus a reason code, reported in the heartbeat.
 *
 * Trusted TUF metadata lives in `<stateDir>/tuf/trusted/`, a directory the config payload can
 * never write to. tuf-js works on a scratch copy (`tuf/work/`) and the verified result is copied
 * back file by file with atomic renames, because tuf-js itself writes its cache in place.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Metadata, MetadataKind } from '@tufjs/models';
import { Updater, type TargetFile } from 'tuf-js';
import { ListenerSet } from '../../../common/listeners.js';
import { err, ok, type Result } from '../../../common/result.js';
import { FleetBundle } from '../../../config/bundle-schema.js';
import { ApplyStore, sha256, type Applied, type FleetReason, type FleetState, type Journal } from './apply-store.js';
import { writeFileAtomic, type StepHook } from './atomic-file.js';
import { DirectoryFetcher, HttpFetcher, type FetchStats } from './fetchers.js';
import { ReleaseInfo, selectTarget, type ReleaseTarget, type TerminalIdentity } from './rollout.js';

export interface HealthCheck {
  name: string;
  run(): Promise<HealthOutcome> | HealthOutcome;
}
/** A health check or an activation passed, or why not (`message`: what the revert records). */
export type HealthOutcome = Result<void>;

export interface FleetAgentOptions {
  /** `http(s)://…` or a directory (a USB stick, a share); a workspace with `public/` works too. */
  repository: string;
  /** Where the agent keeps its trusted metadata, journal and applied config. */
  stateDir: string;
  /** The root metadata this terminal was provisioned with (used once, when none is trusted yet). */
  trustedRoot: string;
  identity: TerminalIdentity;
  /** True when no citizen is being served (the session is on the attract screen). */
  isIdle?: () => boolean;
  /** Puts a freshly swapped-in bundle into effect; an error reverts it at once. */
  activate?: (bundle: FleetBundle) => Promise<HealthOutcome> | HealthOutcome;
  healthChecks?: HealthCheck[];
  healthWindowMs?: number;
  healthIntervalMs?: number;
  pollIntervalMs?: number;
  /** ± fraction of the poll interval (0.2 = ±20 %). */
  jitter?: number;
  idlePollMs?: number;
  /** Times a trial may be cut short by a restart before it counts as a crash loop. */
  maxTrialBoots?: number;
  /** How far the clock may fall behind the last check before the agent refuses to trust it. */
  clockToleranceMs?: number;
  maxBundleBytes?: number;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  /** Called at each apply step (the power-loss tests stop the process there). */
  stepHook?: StepHook;
  onResult?: (r: CycleResult) => void;
  /** A cycle that threw (a local fault such as a full disk); the loop goes on. */
  onError?: (e: unknown) => void;
  /**
   * When the running process cannot take a new config live: called after the swap; the trial
   * (health window) then resumes in the restarted process, which reads the new config at boot.
   */
  restart?: () => void;
  /** `recover()` already ran in this process (at boot, before the config was read). */
  recovered?: boolean;
}

export interface TrustedVersions {
  root: number | null;
  timestamp: number | null;
  snapshot: number | null;
  targets: number | null;
}

export interface CycleResult {
  state: FleetState;
  reason: FleetReason;
  detail: string | null;
  appliedVersion: number | null;
  /** The release the repository offers this terminal, when known. */
  offeredVersion: number | null;
  trusted: TrustedVersions;
  requests: number;
}

export interface FleetStatus {
  appliedVersion: number | null;
  state: FleetState;
  reason: FleetReason;
  detail: string | null;
  pendingVersion: number | null;
  lastCheckAt: number | null;
  trusted: TrustedVersions;
}

const defaultSleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((res) => {
    if (signal?.aborted) return res();
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      res();
    }, ms).unref();
    const onAbort = (): void => {
      clearTimeout(t);
      res();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** Size caps (the "endless data" defence), below tuf-js's defaults: config metadata is small. */
export const FLEET_LIMITS = {
  rootMaxLength: 512_000,
  timestampMaxLength: 16_384,
  snapshotMaxLength: 262_144,
  targetsMaxLength: 2_000_000,
  bundleMaxBytes: 8 * 1024 * 1024,
};

/** A tuf-js or @tufjs/models failure as a reason code. Snapshot errors arrive wrapped in text. */
export function reasonOf(e: unknown): FleetReason {
  const name = e instanceof Error ? e.constructor.name : '';
  const msg = e instanceof Error ? e.message : String(e);
  switch (name) {
    case 'ExpiredMetadataError':
      return 'expired-metadata';
    case 'EqualVersionError':
    case 'BadVersionError':
      return 'rollback-refused';
    case 'UnsignedMetadataError':
      return 'bad-signature';
    case 'LengthOrHashMismatchError':
      return 'hash-mismatch';
    case 'DownloadLengthMismatchError':
      return 'too-large';
    case 'DownloadHTTPError':
      return 'fetch-failed';
    default:
  }
  if (/expired/i.test(msg)) return 'expired-metadata';
  if (/max length/i.test(msg)) return 'too-large';
  if (/less than|rollback|expected version|version mismatch/i.test(msg)) return 'rollback-refused';
  if (/signature|threshold|signed by/i.test(msg)) return 'bad-signature';
  if (/hash|length/i.test(msg)) return 'hash-mismatch';
  if (/download|fetch/i.test(msg)) return 'fetch-failed';
  return 'repository-error';
}

const ROLE_FILES = ['root', 'timestamp', 'snapshot', 'targets'] as const;
/** How often an unchanged poll persists the clock high-water mark. */
const CLOCK_MARK_EVERY_MS = 3_600_000;

export class FleetAgent {
  readonly store: ApplyStore;
  private readonly o: Required<
    Omit<FleetAgentOptions, 'stepHook' | 'onResult' | 'onError' | 'activate' | 'isIdle' | 'restart' | 'recovered'>
  > &
    Pick<FleetAgentOptions, 'onResult' | 'onError' | 'activate' | 'restart'> & { isIdle: () => boolean };
  private readonly trustedDir: string;
  private readonly workDir: string;
  private readonly downloadDir: string;
  private readonly source: { metadataUrl: string; targetsUrl: string; fetcher: DirectoryFetcher | HttpFetcher };
  private running: Promise<CycleResult> | null = null;
  private looping: Promise<void> = Promise.resolve();
  private readonly listeners = new ListenerSet<CycleResult>('FleetCycleListenerWarning');
  private loop: AbortController | null = null;
  private recovered = false;
  private lastCheckAt: number | null = null;

  constructor(opts: FleetAgentOptions) {
    this.o = {
      isIdle: () => true,
      healthChecks: [],
      healthWindowMs: 60_000,
      healthIntervalMs: 5_000,
      pollIntervalMs: 300_000,
      jitter: 0.2,
      idlePollMs: 1_000,
      maxTrialBoots: 2,
      clockToleranceMs: 10 * 60_000,
      maxBundleBytes: FLEET_LIMITS.bundleMaxBytes,
      now: Date.now,
      sleep: defaultSleep,
      random: Math.random,
      ...opts,
    };
    this.store = new ApplyStore(opts.stateDir, opts.stepHook);
    this.trustedDir = join(opts.stateDir, 'tuf', 'trusted');
    this.workDir = join(opts.stateDir, 'tuf', 'work');
    this.downloadDir = join(opts.stateDir, 'tuf', 'download');
    for (const d of [this.trustedDir, this.downloadDir]) mkdirSync(d, { recursive: true, mode: 0o700 });
    this.source = FleetAgent.resolveSource(opts.repository);
    this.recovered = opts.recovered ?? false;
  }

  /** `http(s)://host/path` → `…/metadata/`, `…/targets/`; a directory → file URLs (with `public/` if it is a workspace). */
  static resolveSource(repo: string): { metadataUrl: string; targetsUrl: string; fetcher: DirectoryFetcher | HttpFetcher } {
    if (/^https?:\/\//i.test(repo)) {
      const base = repo.endsWith('/') ? repo : `${repo}/`;
      return { metadataUrl: `${base}metadata/`, targetsUrl: `${base}targets/`, fetcher: new HttpFetcher() };
    }
    let dir = resolve(repo.startsWith('file:') ? new URL(repo).pathname : repo);
    if (existsSync(join(dir, 'public', 'metadata'))) dir = join(dir, 'public');
    const base = pathToFileURL(dir).href.replace(/\/?$/, '/');
    return { metadataUrl: `${base}metadata/`, targetsUrl: `${base}targets/`, fetcher: new DirectoryFetcher(dir) };
  }

  get fetchStats(): FetchStats {
    return this.source.fetcher.stats;
  }

  /** Finishes or undoes an apply cut short by a crash or power loss. Run once at start. */
  recover(): ReturnType<ApplyStore['recover']> {
    this.recovered = true;
    return this.store.recover(this.o.maxTrialBoots);
  }

  status(): FleetStatus {
    const j = this.store.journal();
    return {
      appliedVersion: j.committed?.release ?? null,
      state: j.state,
      reason: j.reason,
      detail: j.detail,
      pendingVersion: j.pending?.release ?? null,
      lastCheckAt: this.lastCheckAt ?? j.lastCheckAt,
      trusted: this.trustedVersions(),
    };
  }

  trustedVersions(): TrustedVersions {
    const out: TrustedVersions = { root: null, timestamp: null, snapshot: null, targets: null };
    for (const role of ROLE_FILES) {
      try {
        const md = JSON.parse(readFileSync(join(this.trustedDir, `${role}.json`), 'utf8')) as { signed?: { version?: unknown } };
        const v = md.signed?.version;
        out[role] = typeof v === 'number' ? v : null;
      } catch {
        out[role] = null;
      }
    }
    return out;
  }

  /** One check (and apply, when there is something to apply). Concurrent calls share one run. */
  cycle(): Promise<CycleResult> {
    if (!this.running) {
      this.running = this.runCycle().finally(() => {
        this.running = null;
      });
    }
    return this.running;
  }

  /** Starts the polling loop (recovering first); `stop()` ends it. */
  start(): void {
    if (this.loop) return;
    const ctrl = new AbortController();
    this.loop = ctrl;
    if (!this.recovered) this.recover();
    this.looping = (async () => {
      while (!ctrl.signal.aborted) {
        try {
          const r = await this.cycle();
          this.o.onResult?.(r);
          this.listeners.emit(r);
        } catch (e) {
          // A local fault (disk full, state directory gone): reported, retried next interval.
          this.o.onError?.(e);
        }
        const spread = this.o.pollIntervalMs * this.o.jitter;
        const wait = Math.max(1_000, this.o.pollIntervalMs - spread + this.o.random() * 2 * spread);
        await this.o.sleep(wait, ctrl.signal);
      }
    })();
  }

  /** Every result of the polling loop (monitoring turns reverts and refusals into urgent events). */
  subscribe(listener: (r: CycleResult) => void): () => void {
    return this.listeners.add(listener);
  }

  /** Ends the polling loop; resolves once a cycle in progress has finished. */
  async stop(): Promise<void> {
    this.loop?.abort();
    this.loop = null;
    await this.looping;
  }

  private finish(patch: Partial<Journal>, offered: number | null, requestsBefore: number): CycleResult {
    const before = this.store.journal();
    const j = { ...before, ...patch };
    const now = this.o.now();
    this.lastCheckAt = now;
    j.lastCheckAt = now;
    j.clockHighWater = Math.max(j.clockHighWater ?? now, now);
    // An unchanged poll rewrites (and fsyncs) the journal only to move the clock mark, hourly.
    const changed =
      Object.keys(patch).some((k) => JSON.stringify(patch[k as keyof Journal]) !== JSON.stringify(before[k as keyof Journal])) ||
      before.clockHighWater === null ||
      now - before.clockHighWater >= CLOCK_MARK_EVERY_MS;
    if (changed) this.store.writeJournal(j);
    return {
      state: j.state,
      reason: j.reason,
      detail: j.detail,
      appliedVersion: j.committed?.release ?? null,
      offeredVersion: offered,
      trusted: this.trustedVersions(),
      requests: this.source.fetcher.stats.requests - requestsBefore,
    };
  }

  /** A refusal that leaves the running config as it is. */
  private refuse(
    state: FleetState,
    reason: FleetReason,
    detail: string | null,
    offered: number | null,
    before: number,
  ): CycleResult {
    return this.finish({ state, reason, detail: detail?.slice(0, 500) ?? null }, offered, before);
  }

  private async runCycle(): Promise<CycleResult> {
    if (!this.recovered) this.recover();
    const before = this.source.fetcher.stats.requests;
    const j0 = this.store.journal();
    if (j0.pending?.step === 'trial') return this.runTrial(before);

    const now = this.o.now();
    if (j0.clockHighWater !== null && now < j0.clockHighWater - this.o.clockToleranceMs) {
      // Metadata expiry means nothing on a clock that was set back: refuse until it is fixed.
      const j = this.store.journal();
      this.store.writeJournal({
        ...j,
        state: 'refused',
        reason: 'clock-backwards',
        detail: `clock ${new Date(now).toISOString()} is behind the last check ${new Date(j0.clockHighWater).toISOString()}`,
      });
      return {
        state: 'refused',
        reason: 'clock-backwards',
        detail: null,
        appliedVersion: j.committed?.release ?? null,
        offeredVersion: null,
        trusted: this.trustedVersions(),
        requests: 0,
      };
    }

    if (!existsSync(join(this.trustedDir, 'root.json'))) {
      try {
        writeFileAtomic(join(this.trustedDir, 'root.json'), readFileSync(this.o.trustedRoot));
      } catch (e) {
        return this.refuse(
          'refused',
          'no-trusted-root',
          `cannot read the trusted root ${this.o.trustedRoot}: ${(e as Error).message}`,
          null,
          before,
        );
      }
    }

    // tuf-js on a scratch copy of the trusted metadata.
    rmSync(this.workDir, { recursive: true, force: true });
    mkdirSync(this.workDir, { recursive: true, mode: 0o700 });
    for (const f of readdirSync(this.trustedDir)) copyFileSync(join(this.trustedDir, f), join(this.workDir, f));
    let updater: Updater;
    let refreshError: unknown = null;
    try {
      updater = new Updater({
        metadataDir: this.workDir,
        metadataBaseUrl: this.source.metadataUrl,
        targetDir: this.downloadDir,
        targetBaseUrl: this.source.targetsUrl,
        fetcher: this.source.fetcher,
        config: { ...FLEET_LIMITS, fetchTimeout: 30_000, fetchRetry: 0 },
      });
      await updater.refresh();
    } catch (e) {
      refreshError = e;
    } finally {
      this.persistTrusted();
    }
    if (refreshError !== null) {
      const reason = reasonOf(refreshError);
      const msg = refreshError instanceof Error ? refreshError.message : 'refresh failed';
      return this.refuse(reason === 'fetch-failed' ? 'unreachable' : 'refused', reason, msg, null, before);
    }

    const releases = this.readReleases();
    const chosen = selectTarget(releases, this.o.identity);
    const j1 = this.store.journal();
    const applied = j1.committed?.release ?? null;
    const steady = (reason: FleetReason, offered: number | null): CycleResult =>
      this.finish({ state: j1.committed ? 'current' : 'none', reason, detail: null }, offered, before);
    if (!chosen) return steady(releases.length === 0 ? 'no-release' : 'not-in-rollout', null);
    const offered = chosen.info.release;
    // Never backwards: a repository (say, an old USB stick) offering an older release is ignored.
    if (applied !== null && offered <= applied) return steady('up-to-date', offered);

    let info: TargetFile | undefined;
    try {
      info = await updater!.getTargetInfo(chosen.path);
    } catch (e) {
      return this.refuse('refused', reasonOf(e), (e as Error).message, offered, before);
    }
    if (!info) return this.refuse('refused', 'repository-error', `target ${chosen.path} vanished`, offered, before);
    const sha = info.hashes.sha256;
    if (sha === undefined)
      return this.refuse('refused', 'repository-error', `target ${chosen.path} has no sha256`, offered, before);
    if (j1.failed && j1.failed.release === offered && j1.failed.sha256 === sha)
      return this.finish(
        {
          state: j1.state === 'reverted' ? 'reverted' : 'refused',
          reason: 'release-refused',
          detail: `release ${offered} failed before (${j1.failed.reason})`,
        },
        offered,
        before,
      );
    if (info.length > this.o.maxBundleBytes)
      return this.refuse(
        'refused',
        'too-large',
        `bundle of ${info.length} bytes exceeds ${this.o.maxBundleBytes}`,
        offered,
        before,
      );

    const file = join(this.downloadDir, `${sha}.json`);
    let bytes: Buffer;
    try {
      await updater!.downloadTarget(info, file);
      bytes = readFileSync(file);
    } catch (e) {
      rmSync(file, { force: true });
      const reason = reasonOf(e);
      return this.refuse(reason === 'fetch-failed' ? 'unreachable' : 'refused', reason, (e as Error).message, offered, before);
    } finally {
      rmSync(file, { force: true });
    }

    const target: Applied = { release: offered, sha256: sha256(bytes), target: chosen.path };
    const bundle = this.parseBundle(bytes, chosen);
    if (!bundle.ok)
      return this.finish(
        {
          state: 'refused',
          reason: 'schema-invalid',
          detail: bundle.error.message,
          failed: { ...target, reason: 'schema-invalid' },
        },
        offered,
        before,
      );

    // Between citizens only.
    while (!this.o.isIdle()) {
      if (this.loop?.signal.aborted)
        return this.finish({ state: 'pending', reason: 'waiting-for-idle', detail: null }, offered, before);
      const j = this.store.journal();
      if (j.state !== 'pending')
        this.store.writeJournal({ ...j, state: 'pending', reason: 'waiting-for-idle', detail: `release ${offered}` });
      await this.o.sleep(this.o.idlePollMs, this.loop?.signal);
    }

    this.store.apply(bytes, target, this.o.now());
    if (this.o.restart) {
      const r = this.finish({ state: 'trial', reason: 'applied', detail: `restarting into release ${offered}` }, offered, before);
      this.o.restart();
      return r;
    }
    return this.runTrial(before, bundle.value);
  }

  private parseBundle(bytes: Buffer, chosen: ReleaseTarget): Result<FleetBundle, 'schema-invalid'> {
    let raw: unknown;
    try {
      raw = JSON.parse(bytes.toString('utf8'));
    } catch (e) {
      return err('schema-invalid', `not JSON: ${(e as Error).message.slice(0, 200)}`);
    }
    const parsed = FleetBundle.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return err('schema-invalid', `field "${issue?.path.map(String).join('.') ?? ''}": ${issue?.message ?? 'invalid'}`);
    }
    if (parsed.data.release !== chosen.info.release || JSON.stringify(parsed.data.scope) !== JSON.stringify(chosen.info.scope))
      return err('schema-invalid', 'the bundle names another release or scope than its signed metadata');
    return ok(parsed.data);
  }

  /** The health window for the pending release (fresh, or resumed after a restart). */
  private async runTrial(before: number, fresh?: FleetBundle): Promise<CycleResult> {
    const j = this.store.journal();
    const pending = j.pending;
    if (!pending) throw new Error('trial without a pending release');
    const bundle = fresh ?? this.store.current();
    if (!bundle) {
      this.store.revert('health-failed', 'the applied bundle cannot be read back');
      return this.finish({}, pending.release, before);
    }
    if (this.o.activate) {
      let a: HealthOutcome;
      try {
        a = await this.o.activate(bundle);
      } catch (e) {
        a = err('activate-threw', `activate threw: ${(e as Error).message}`);
      }
      if (!a.ok) {
        this.store.revert('health-failed', `activate: ${a.error.message}`);
        await this.reactivatePrevious();
        return this.finish({}, pending.release, before);
      }
    }
    const failure = await this.healthWindow();
    if (failure !== null) {
      this.store.revert('health-failed', failure);
      await this.reactivatePrevious();
      return this.finish({}, pending.release, before);
    }
    this.store.commit();
    return this.finish({ state: 'current', reason: 'applied', detail: null }, pending.release, before);
  }

  private async reactivatePrevious(): Promise<void> {
    const prev = this.store.current();
    if (prev && this.o.activate) {
      // Best effort (a failure or a throw is dropped): the committed config is in place on disk
      // and wins at the next start.
      try {
        void (await this.o.activate(prev));
      } catch {
        /* as above */
      }
    }
  }

  /** Runs every check each interval; a check failing twice in a row, or at the end, fails the window. */
  private async healthWindow(): Promise<string | null> {
    const checks = this.o.healthChecks;
    if (checks.length === 0) return null;
    const rounds = Math.max(1, Math.floor(this.o.healthWindowMs / Math.max(1, this.o.healthIntervalMs)) + 1);
    const strikes = new Map<string, number>();
    for (let round = 0; round < rounds; round++) {
      const last = round === rounds - 1;
      for (const c of checks) {
        let r: HealthOutcome;
        try {
          r = await c.run();
        } catch (e) {
          r = err('check-threw', `threw: ${(e as Error).message}`);
        }
        if (r.ok) {
          strikes.set(c.name, 0);
          continue;
        }
        const n = (strikes.get(c.name) ?? 0) + 1;
        strikes.set(c.name, n);
        if (n >= 2 || last) return `${c.name}: ${r.error.message}`;
      }
      if (!last) await this.o.sleep(this.o.healthIntervalMs);
    }
    return null;
  }

  /** The verified targets metadata tuf-js just persisted, as release targets. */
  private readReleases(): ReleaseTarget[] {
    const md = Metadata.fromJSON(
      MetadataKind.Targets,
      JSON.parse(readFileSync(join(this.trustedDir, 'targets.json'), 'utf8')) as never,
    );
    const out: ReleaseTarget[] = [];
    for (const t of Object.values(md.signed.targets)) {
      const info = ReleaseInfo.safeParse((t.custom as { yimen?: unknown }).yimen);
      if (info.success) out.push({ path: t.path, info: info.data });
    }
    return out;
  }

  /** Copies what tuf-js verified and wrote in the scratch directory back, atomically per file. */
  private persistTrusted(): void {
    for (const role of ROLE_FILES) {
      const src = join(this.workDir, `${role}.json`);
      let bytes: Buffer;
      try {
        bytes = readFileSync(src);
      } catch {
        continue;
      }
      const dst = join(this.trustedDir, `${role}.json`);
      let old: Buffer | null;
      try {
        old = readFileSync(dst);
      } catch {
        old = null;
      }
      if (old === null || !old.equals(bytes)) writeFileAtomic(dst, bytes);
    }
  }
}
