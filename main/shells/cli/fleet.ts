/**
 * `yimen fleet`: signed fleet configuration (see docs/fleet.md).
 *
 * IT, on the publishing machine:
 *   yimen fleet init       --repo DIR [--keys DIR] [--root-keys N] [--root-threshold N]
 *                          [--targets-keys N] [--targets-threshold N] [--timestamp-days N]
 *   yimen fleet publish    --repo DIR --bundle FILE [--cohort NAME | --percent N] [--note TEXT] [--by NAME] [--keys DIR]
 *   yimen fleet rollout    --repo DIR --release N (--cohort NAME | --percent N) [--note TEXT] [--by NAME] [--keys DIR]
 *   yimen fleet status     --repo DIR
 *   yimen fleet refresh    --repo DIR [--keys DIR]          (cron: re-sign the timestamp)
 *   yimen fleet rotate-key --repo DIR --role ROLE [--count N] [--threshold N] [--keys DIR]
 *   yimen fleet serve      --repo DIR [--port N] [--host ADDR]
 * A terminal (one check from the command line, with the kiosk stopped):
 *   yimen fleet pull --repo URL|DIR [--config F] [--root FILE] [--health-seconds N]
 *
 * stdout: one JSON object; stderr: messages. Exit: 0 ok, 1 usage, 2 nothing for this terminal,
 * 3 repository unreachable, 4 refused or reverted, 78 bad config/repository.
 */
import { readFileSync } from 'node:fs';
import { err, ok } from '../../../common/result.js';
import { loadConfig } from '../../../config/load.js';
import { FleetAgent, type CycleResult } from '../../features/fleet/agent.js';
import { backofficeReachable, fleetStateDir, MAX_TRIAL_BOOTS } from '../../features/fleet/kiosk-fleet.js';
import { ROLES, type RoleName } from './fleet-publish/keys.js';
import { FleetRepository, type RepoErrorCode, type RepoResult } from './fleet-publish/repository.js';
import { serveDirectory } from './fleet-publish/static-server.js';
import { EXIT, intFlag, parseFlags, printJson, UsageError, type CliIO, type Command } from './cli-kit.js';

const SUBS = ['init', 'publish', 'rollout', 'status', 'refresh', 'rotate-key', 'serve', 'pull'] as const;
type Sub = (typeof SUBS)[number];

const USAGE = `fleet ${SUBS.join('|')} --repo DIR … (see docs/fleet.md)`;

function exitForRepo(code: RepoErrorCode): number {
  switch (code) {
    case 'bad-argument':
    case 'cohort-unknown':
    case 'release-unknown':
      return EXIT.usage;
    case 'bundle-unreadable':
    case 'bundle-invalid':
      return EXIT.deviceError;
    case 'repo-exists':
    case 'repo-missing':
    case 'repo-corrupt':
    case 'keys-missing':
      return EXIT.config;
  }
}

function report<T>(io: CliIO, r: RepoResult<T>): number {
  if (!r.ok) {
    printJson(io, { error: r.error });
    io.err(`yimen fleet: ${r.error.message}`);
    return exitForRepo(r.error.code);
  }
  printJson(io, r.value);
  return EXIT.ok;
}

function rolloutFlag(values: {
  cohort?: string | undefined;
  percent?: string | undefined;
}): { percent: number } | { cohort: string } | undefined {
  if (values.cohort !== undefined && values.percent !== undefined) throw new UsageError('give --cohort or --percent, not both');
  if (values.cohort !== undefined) return { cohort: values.cohort };
  const percent = intFlag(values.percent, 'percent', 0, 100);
  return percent === undefined ? undefined : { percent };
}

function openRepo(repo: string, keys: string | undefined): RepoResult<FleetRepository> {
  return FleetRepository.open(repo, keys !== undefined ? { keysDir: keys } : {});
}

export function exitForCycle(r: CycleResult): number {
  switch (r.state) {
    case 'current':
    case 'trial':
    case 'pending':
      return EXIT.ok;
    case 'none':
      return EXIT.nothing;
    case 'unreachable':
      return EXIT.noAnswer;
    case 'refused':
    case 'reverted':
      return EXIT.deviceError;
  }
}

async function pull(argv: string[], io: CliIO): Promise<number> {
  const { values } = parseFlags(argv, {
    repo: { type: 'string' },
    config: { type: 'string' },
    root: { type: 'string' },
    'health-seconds': { type: 'string' },
  });
  const loaded = loadConfig(values.config);
  if (!loaded.ok) {
    io.err(`yimen fleet: ${loaded.error.message}`);
    return EXIT.config;
  }
  const { config, dataDir } = loaded.value;
  const repository = values.repo ?? config.fleet.repository;
  if (repository === undefined || repository === null)
    throw new UsageError('--repo URL|DIR is required (or fleet.repository in the config)');
  const trustedRoot = values.root ?? config.fleet.trustedRoot;
  if (trustedRoot === null) throw new UsageError('--root FILE is required (or fleet.trustedRoot in the config)');
  const healthSeconds = intFlag(values['health-seconds'], 'health-seconds', 0, 3600) ?? 0;
  const agent = new FleetAgent({
    repository,
    trustedRoot,
    stateDir: fleetStateDir(dataDir),
    identity: { terminalId: config.terminal.id, hallId: config.terminal.hallId },
    healthChecks: healthSeconds > 0 ? [backofficeReachable(config.backoffice.url, config.backoffice.timeoutMs)] : [],
    healthWindowMs: healthSeconds * 1000,
    healthIntervalMs: Math.max(1000, (healthSeconds * 1000) / 4),
    maxTrialBoots: MAX_TRIAL_BOOTS,
  });
  const recovery = agent.recover();
  if (recovery !== 'clean') io.err(`yimen fleet: recovery after an interrupted apply: ${recovery}`);
  const r = await agent.cycle();
  printJson(io, { ...r, recovery, configFile: agent.store.currentFile });
  if (r.state === 'refused' || r.state === 'reverted' || r.state === 'unreachable')
    io.err(`yimen fleet: ${r.state} (${r.reason})${r.detail ? `: ${r.detail}` : ''}`);
  return exitForCycle(r);
}

export const fleetCommand: Command = {
  name: 'fleet',
  summary:
    'Signed fleet configuration: init/publish/rollout/status/refresh/rotate-key/serve a TUF repository; pull on a terminal.',
  usage: USAGE,
  async run(argv, io) {
    const [subRaw, ...rest] = argv;
    if (!SUBS.includes(subRaw as Sub)) throw new UsageError(`expected one of ${SUBS.join(', ')}, got ${subRaw ?? 'nothing'}`);
    const sub = subRaw as Sub;
    if (sub === 'pull') return pull(rest, io);
    const { values } = parseFlags(rest, {
      repo: { type: 'string' },
      keys: { type: 'string' },
      bundle: { type: 'string' },
      cohort: { type: 'string' },
      percent: { type: 'string' },
      note: { type: 'string' },
      by: { type: 'string' },
      release: { type: 'string' },
      role: { type: 'string' },
      count: { type: 'string' },
      threshold: { type: 'string' },
      'root-keys': { type: 'string' },
      'root-threshold': { type: 'string' },
      'targets-keys': { type: 'string' },
      'targets-threshold': { type: 'string' },
      'timestamp-days': { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
    });
    const repo = values.repo;
    if (!repo) throw new UsageError('--repo DIR is required');
    const keysOpt = values.keys !== undefined ? { keysDir: values.keys } : {};
    switch (sub) {
      case 'init': {
        const timestampDays = intFlag(values['timestamp-days'], 'timestamp-days', 1, 365);
        const num = (k: 'root-keys' | 'root-threshold' | 'targets-keys' | 'targets-threshold'): number | undefined =>
          intFlag(values[k], k, 1, 16);
        const r = FleetRepository.init(repo, {
          ...keysOpt,
          ...(num('root-keys') !== undefined ? { rootKeys: num('root-keys') } : {}),
          ...(num('root-threshold') !== undefined ? { rootThreshold: num('root-threshold') } : {}),
          ...(num('targets-keys') !== undefined ? { targetsKeys: num('targets-keys') } : {}),
          ...(num('targets-threshold') !== undefined ? { targetsThreshold: num('targets-threshold') } : {}),
          ...(timestampDays !== undefined
            ? { settings: { expiresDays: { root: 365, targets: 90, snapshot: 90, timestamp: timestampDays } } }
            : {}),
        });
        if (r.ok)
          io.err(
            `yimen fleet: repository created; serve ${r.value.publicDir}; provision terminals with ${r.value.trustedRootFile()}; keep ${r.value.keysDir} private (root keys offline)`,
          );
        return report(
          io,
          r.ok
            ? ok({
                repo,
                public: r.value.publicDir,
                trustedRoot: r.value.trustedRootFile(),
                keys: r.value.keysDir,
                status: r.value.status(),
              })
            : r,
        );
      }
      case 'publish': {
        if (!values.bundle) throw new UsageError('--bundle FILE is required');
        const rollout = rolloutFlag(values);
        let source: unknown;
        try {
          source = JSON.parse(readFileSync(values.bundle, 'utf8')) as unknown;
        } catch (e) {
          return report(io, err('bundle-unreadable', `${values.bundle}: ${(e as Error).message}`));
        }
        const opened = openRepo(repo, values.keys);
        if (!opened.ok) return report(io, opened);
        return report(
          io,
          opened.value.publish({
            source,
            ...(rollout ? { rollout } : {}),
            ...(values.by !== undefined ? { by: values.by } : {}),
            ...(values.note !== undefined ? { note: values.note } : {}),
          }),
        );
      }
      case 'rollout': {
        const release = intFlag(values.release, 'release', 1, Number.MAX_SAFE_INTEGER);
        if (release === undefined) throw new UsageError('--release N is required');
        const rollout = rolloutFlag(values);
        if (!rollout) throw new UsageError('--cohort NAME or --percent N is required');
        const opened = openRepo(repo, values.keys);
        if (!opened.ok) return report(io, opened);
        return report(io, opened.value.setRollout(release, rollout, values.by, values.note));
      }
      case 'status': {
        const opened = openRepo(repo, values.keys);
        if (!opened.ok) return report(io, opened);
        return report(io, ok(opened.value.status()));
      }
      case 'refresh': {
        const opened = openRepo(repo, values.keys);
        if (!opened.ok) return report(io, opened);
        return report(io, opened.value.refresh());
      }
      case 'rotate-key': {
        const role = values.role;
        if (!ROLES.includes(role as RoleName)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
        const count = intFlag(values.count, 'count', 1, 16);
        const threshold = intFlag(values.threshold, 'threshold', 1, 16);
        const opened = openRepo(repo, values.keys);
        if (!opened.ok) return report(io, opened);
        return report(
          io,
          opened.value.rotateKey(role as RoleName, {
            ...(count !== undefined ? { count } : {}),
            ...(threshold !== undefined ? { threshold } : {}),
            ...(values.by !== undefined ? { by: values.by } : {}),
          }),
        );
      }
      case 'serve': {
        const opened = openRepo(repo, values.keys);
        if (!opened.ok) return report(io, opened);
        const port = intFlag(values.port, 'port', 0, 65535) ?? 8630;
        const server = await serveDirectory(opened.value.publicDir, { port, ...(values.host ? { host: values.host } : {}) });
        printJson(io, { url: server.url, public: opened.value.publicDir });
        io.err(`yimen fleet: serving ${opened.value.publicDir} at ${server.url} (Ctrl-C to stop)`);
        await new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
        await server.close();
        return EXIT.ok;
      }
    }
  },
};
