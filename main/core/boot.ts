/**
 * Start-up shared by both shells: config → data dir → logger → core. A bad config is an
 * expected failure with a message naming the field, never a stack trace.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, type ConfigError } from '../../config/load.js';
import type { KioskConfig } from '../../config/schema.js';
import { createLogger, type Logger } from '../base/log/logger.js';
import type { FleetAgent } from '../features/fleet/agent.js';
import { layerFleetConfig, startFleetAgent, startFleetMonitoring } from './boot-fleet.js';
import { backofficeTransport } from '../features/fleet/heartbeat.js';
import { VERSION } from '../base/version.js';
import { KioskCore, type ShellKind } from './kiosk-core.js';
import { bootDataServices } from './boot-data.js';
import type { DataServices } from './data-services.js';
import type { KeySource } from '../data/privacy/key-source.js';

export interface BootOptions {
  configFile?: string;
  shell: ShellKind;
  env?: NodeJS.ProcessEnv;
  /** Console logging (off for tests that keep stderr clean). */
  console?: boolean;
  /** Start the configured devices with the core (default true). Tools that only need the config turn it off. */
  startDevices?: boolean;
  /** Open the store, outbox, delivery and audit chain (default true). */
  openStore?: boolean;
  /** Source of the data and signing keys: the key file by default; Electron passes its safeStorage source. */
  keySource?: KeySource;
  /** Start the fleet agent when `fleet.repository` is set (default: with the devices). */
  startFleet?: boolean;
}

export interface Booted {
  core: KioskCore;
  config: KioskConfig;
  dataDir: string;
  configSource: string;
  log: Logger;
  /** Store, outbox, delivery worker and audit chain; null when not opened or unusable (the core is then out of service). */
  data: DataServices | null;
  /** The fleet config agent, when a repository is configured (see docs/fleet.md). */
  fleet?: FleetAgent | null;
}

export type BootResult = { ok: true; value: Booted } | { ok: false; error: ConfigError };

export function boot(opts: BootOptions): BootResult {
  const loaded = loadConfig(opts.configFile, opts.env ?? process.env);
  if (!loaded.ok) return loaded;
  const { dataDir } = loaded;
  // defaults ← applied fleet bundle ← local site file (after finishing any interrupted apply).
  const layer = layerFleetConfig(loaded);
  const config = layer.config;
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const log = createLogger({
    level: config.logging.level,
    dir: join(dataDir, 'logs'),
    rotateMiB: config.logging.rotateMiB,
    keepFiles: config.logging.keepFiles,
    console: opts.console ?? true,
  });
  log.info({ terminal: config.terminal.id, config: loaded.source, dataDir, shell: opts.shell }, 'yimen starting');
  const core = new KioskCore({
    config,
    dataDir,
    logger: log,
    shell: opts.shell,
    ...(opts.startDevices !== undefined ? { startDevices: opts.startDevices } : {}),
  });
  if (layer.warning !== null) log.warn({ warning: layer.warning }, 'fleet bundle not layered');
  const fleet = (opts.startFleet ?? opts.startDevices ?? true) ? startFleetAgent({ core, config, dataDir, log }) : null;
  const data =
    (opts.openStore ?? true)
      ? bootDataServices({ core, config, dataDir, log, ...(opts.keySource ? { keySource: opts.keySource } : {}) })
      : null;
  // Heartbeats and urgent events to the back office (device health, paper, outbox depth, config version).
  const heartbeat =
    data !== null && (opts.startFleet ?? opts.startDevices ?? true)
      ? startFleetMonitoring({
          core,
          config,
          log,
          fleet,
          version: VERSION,
          transport: backofficeTransport(data.client, config.terminal.id),
          outbox: () => data.outboxRepo.counts(),
        })
      : null;
  if (heartbeat) core.onClose(() => heartbeat.stop());
  return { ok: true, value: { core, config, dataDir, configSource: loaded.source, log, fleet, data } };
}
