/**
 * The composition root: the one place that builds a running kiosk, for every shell (Electron,
 * the browser host, the CLI, the benches and the tests). In order:
 *
 *   1. config    — embedded defaults ← applied fleet bundle ← site file (`config/load.ts`; the
 *                  file read once, an interrupted fleet apply finished first). A bad config is an
 *                  expected failure with a message naming the field, never a stack trace.
 *   2. data dir, logger
 *   3. data      — keys → store → outbox, audit chain, delivery worker, back-office client. When
 *                  they cannot open (`store-corrupt`, `store-too-new`, `key-insecure`, …) the
 *                  features get an `UnavailableData` and the kiosk starts out of service with
 *                  that code: it never serves citizens without a safe place for their submissions.
 *   4. core      — devices, journeys, maintenance, speech, session, each given its services.
 *   5. what needs both — session audit and delivery (store open), the fleet agent, heartbeats.
 *
 * The handle's `close()` stops all of it, in reverse order.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ok, type Result } from '../../common/result.js';
import type { ConfigError, LoadedConfig } from '../../config/load.js';
import type { KioskConfig } from '../../config/schema.js';
import { createLogger, type Logger } from '../base/log/logger.js';
import { VERSION } from '../base/version.js';
import { attachSessionAudit } from '../data/audit/session-audit.js';
import { UnavailableData } from '../data/data-port.js';
import { openDataServices, type DataServices, type KioskData } from '../data/data-services.js';
import type { KeySource } from '../data/privacy/key-source.js';
import type { FleetAgent } from '../features/fleet/agent.js';
import { backofficeTransport } from '../features/fleet/heartbeat.js';
import { startFleetAgent, startFleetMonitoring } from '../features/fleet/kiosk-fleet.js';
import type { ShellHooks } from '../features/maintenance/service.js';
import { loadBootConfig } from './boot-config.js';
import { KioskCore, type ShellKind } from './kiosk-core.js';

export interface BootOptions {
  configFile?: string;
  /**
   * The config, already loaded by `loadBootConfig` (the browser host reads it before the core, to
   * bind and open its window meanwhile): step 1 is then skipped, and `configFile`/`env` not read again.
   */
  loaded?: LoadedConfig;
  shell: ShellKind;
  env?: NodeJS.ProcessEnv;
  /** Console logging (off for tests that keep stderr clean). */
  console?: boolean;
  /** Start the configured devices with the core (default true). Tools that only need the config turn it off. */
  startDevices?: boolean;
  /** Open the store, outbox, delivery and audit chain (default true). Without them the features get `UnavailableData`. */
  openStore?: boolean;
  /** Source of the data and signing keys for the data dir: the key file by default; Electron passes its safeStorage source. */
  keySource?: (dataDir: string) => KeySource;
  /** Start the fleet agent when `fleet.repository` is set (default: with the devices). */
  startFleet?: boolean;
  /** What the shell can do for staff: restart the kiosk, leave to the desktop (default: neither). */
  shellHooks?: ShellHooks;
  /** When the core warms its search index and input methods by itself (`KioskCoreOptions.warmUpAfterMs`). */
  warmUpAfterMs?: number | null;
}

export interface Booted {
  core: KioskCore;
  config: KioskConfig;
  dataDir: string;
  configSource: string;
  log: Logger;
  /** The open store, outbox, delivery worker and audit chain; null when not opened or unusable (the core is then out of service). */
  data: DataServices | null;
  /** The fleet config agent, when a repository is configured (see docs/fleet.md). */
  fleet: FleetAgent | null;
  /** Stops the fleet agent, the core (with the heartbeat) and its devices, then closes the data services (last audit checkpoint). */
  close(): Promise<void>;
}

export type BootResult = Result<Booted, ConfigError>;

export function boot(opts: BootOptions): BootResult {
  // 1. Config, with the fleet bundle layered under the site file.
  const loaded = opts.loaded !== undefined ? ok(opts.loaded) : loadBootConfig(opts);
  if (!loaded.ok) return loaded;
  const { config, dataDir } = loaded.value;

  // 2. Data dir and logger.
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const log = createLogger({
    level: config.logging.level,
    dir: join(dataDir, 'logs'),
    rotateMiB: config.logging.rotateMiB,
    keepFiles: config.logging.keepFiles,
    console: opts.console ?? true,
  });
  log.info({ terminal: config.terminal.id, config: loaded.value.source, dataDir, shell: opts.shell }, 'yimen starting');
  if (loaded.value.bundleWarning !== null) log.warn({ warning: loaded.value.bundleWarning }, 'fleet bundle not layered');

  // 3. Data services, before anything that uses them.
  const { data, failure } = openData(opts, config, dataDir, log);

  // 4. The core, given its services.
  const core = new KioskCore({
    config,
    dataDir,
    deviceOutputDir: dataDir,
    logger: log,
    shell: opts.shell,
    data,
    ...(opts.startDevices !== undefined ? { startDevices: opts.startDevices } : {}),
    ...(opts.shellHooks ? { shellHooks: opts.shellHooks } : {}),
    ...(opts.warmUpAfterMs !== undefined ? { warmUpAfterMs: opts.warmUpAfterMs } : {}),
  });

  // 5. What needs the core and the data services.
  const open = data.available ? data : null;
  if (failure) core.session.setOutOfService({ code: failure.code, message: failure.message });
  if (open) {
    attachSessionAudit(core.session, open.audit, (err) => log.error({ err }, 'session audit failed'));
    open.start();
  }
  const withFleet = opts.startFleet ?? opts.startDevices ?? true;
  const fleet = withFleet ? startFleetAgent({ core, config, dataDir, log }) : null;
  // Heartbeats and urgent events to the back office (device health, paper, outbox depth, config version).
  const heartbeat =
    withFleet && open
      ? startFleetMonitoring({
          core,
          config,
          log,
          fleet,
          version: VERSION,
          transport: backofficeTransport(open.client, config.terminal.id),
          outbox: () => open.outboxRepo.counts(),
        })
      : null;
  if (heartbeat) core.onClose(() => heartbeat.stop());

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      fleet?.stop().catch((err: unknown) => log.error({ err }, 'fleet agent did not stop cleanly'));
      core.close();
      await core.devicesStopped;
      // Writes the last signed audit checkpoint; the data itself is already durable.
      await open?.close();
    })());

  return ok({ core, config, dataDir, configSource: loaded.value.source, log, data: open, fleet, close });
}

/** Opens the data services; `failure` is set when they could not open (the kiosk goes out of service). */
function openData(
  opts: BootOptions,
  config: KioskConfig,
  dataDir: string,
  log: Logger,
): { data: KioskData; failure: { code: string; message: string } | null } {
  if (!(opts.openStore ?? true))
    return { data: new UnavailableData({ code: 'store-not-opened', message: 'the store was not opened' }), failure: null };
  const opened = openDataServices({ dataDir, config, log, ...(opts.keySource ? { keySource: opts.keySource(dataDir) } : {}) });
  if (opened.ok) return { data: opened.value, failure: null };
  log.error({ code: opened.error.code, reason: opened.error.message }, 'store unavailable; out of service');
  return { data: new UnavailableData(opened.error), failure: opened.error };
}
