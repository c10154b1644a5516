/**
 * The fleet agent at kiosk start-up.
 *
 * Config layering on the terminal: embedded defaults ← applied fleet bundle ← local site file.
 * IT owns the catalog, timings, locales and back-office URL through the bundle; the local
 * file (written at install) keeps what only the machine knows — its terminal id, hardware
 * paths, data dir — and wins where it speaks, key by key (arrays replace wholesale).
 *
 * The running core cannot take a new config live, so the agent applies between citizens,
 * then restarts the kiosk (SIGTERM; systemd `Restart=always` brings it back); the restarted
 * process reads the new config here and the agent finishes the health window in it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mergeConfig, parseConfig } from '../../config/load.js';
import type { KioskConfig } from '../../config/schema.js';
import type { FleetBundle } from '../../config/bundle-schema.js';
import type { Logger } from '../base/log/logger.js';
import type { KioskCore } from './kiosk-core.js';
import { FleetAgent, type HealthCheck } from '../features/fleet/agent.js';
import { ApplyStore } from '../features/fleet/apply-store.js';
import type { DeviceHealth } from '../base/api/contract.js';
import { buildHeartbeat, HeartbeatSender, urgentFromFleet, urgentFromHealth, type HeartbeatSenderOptions } from '../features/fleet/heartbeat.js';

export const MAX_TRIAL_BOOTS = 2;

export function fleetStateDir(dataDir: string): string {
  return join(dataDir, 'fleet');
}

export interface FleetLayer {
  config: KioskConfig;
  bundle: FleetBundle | null;
  /** Set when the applied bundle could not be layered (the config is then used without it). */
  warning: string | null;
}

/**
 * Recovers an interrupted apply, then layers the applied bundle under the local site file.
 * A no-op when no fleet repository is configured.
 */
export function layerFleetConfig(loaded: { config: KioskConfig; source: string; dataDir: string }): FleetLayer {
  if (loaded.config.fleet.repository === null) return { config: loaded.config, bundle: null, warning: null };
  const store = new ApplyStore(fleetStateDir(loaded.dataDir));
  store.recover(MAX_TRIAL_BOOTS);
  const bundle = store.current();
  if (!bundle) return { config: loaded.config, bundle: null, warning: null };
  let site: unknown = {};
  if (loaded.source !== 'embedded defaults') {
    try {
      site = JSON.parse(readFileSync(loaded.source, 'utf8')) as unknown;
    } catch (e) {
      return { config: loaded.config, bundle, warning: `cannot re-read ${loaded.source}: ${(e as Error).message}` };
    }
  }
  const layered = parseConfig(mergeConfig(bundle.sections, site), `fleet release ${bundle.release} + ${loaded.source}`);
  if (!layered.ok) return { config: loaded.config, bundle, warning: layered.error.message };
  return { config: layered.config, bundle, warning: null };
}

/** Devices healthy: no enabled device offline. */
export function devicesHealthy(health: () => readonly { id: string; state: string }[]): HealthCheck {
  return {
    name: 'devices',
    run: () => {
      const down = health().filter((d) => d.state === 'offline');
      return down.length === 0 ? { ok: true } : { ok: false, detail: `offline: ${down.map((d) => d.id).join(', ')}` };
    },
  };
}

/** Back office reachable: any HTTP answer from its base URL within the timeout. */
export function backofficeReachable(url: string, timeoutMs: number): HealthCheck {
  return {
    name: 'backoffice',
    run: async () => {
      try {
        const res = await fetch(url, { method: 'GET', signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
        await res.body?.cancel();
        return { ok: true };
      } catch (e) {
        return { ok: false, detail: (e as Error).message.slice(0, 200) };
      }
    },
  };
}

export interface StartFleetOptions {
  core: KioskCore;
  config: KioskConfig;
  dataDir: string;
  log: Logger;
  /** Extra checks (the shell adds "UI up"). */
  healthChecks?: HealthCheck[];
  restart?: () => void;
}

/** Starts the polling agent when a repository is configured; null otherwise. */
export function startFleetAgent(o: StartFleetOptions): FleetAgent | null {
  const f = o.config.fleet;
  if (f.repository === null || f.trustedRoot === null) return null;
  const agent = new FleetAgent({
    repository: f.repository,
    trustedRoot: f.trustedRoot,
    stateDir: fleetStateDir(o.dataDir),
    identity: { terminalId: o.config.terminal.id, hallId: o.config.terminal.hallId },
    isIdle: () => o.core.session.view().phase === 'attract',
    healthChecks: [
      devicesHealthy(() => o.core.devices.health()),
      backofficeReachable(o.config.backoffice.url, o.config.backoffice.timeoutMs),
      ...(o.healthChecks ?? []),
    ],
    healthWindowMs: f.healthWindowSeconds * 1000,
    healthIntervalMs: Math.max(1000, Math.min(15_000, (f.healthWindowSeconds * 1000) / 4)),
    pollIntervalMs: f.pollSeconds * 1000,
    maxTrialBoots: MAX_TRIAL_BOOTS,
    recovered: true,
    restart:
      o.restart ??
      (() => {
        o.log.warn('fleet: new config applied, restarting the kiosk to run it');
        process.kill(process.pid, 'SIGTERM');
      }),
    onError: (e) => o.log.error({ err: e }, 'fleet check failed'),
    onResult: (r) => {
      const level = r.state === 'refused' || r.state === 'reverted' ? 'warn' : 'info';
      o.log[level](
        { fleet: { state: r.state, reason: r.reason, applied: r.appliedVersion, offered: r.offeredVersion, detail: r.detail } },
        'fleet check',
      );
      const urgent = urgentFromFleet(r, Date.now());
      if (urgent) o.log.error({ urgent }, 'fleet: urgent');
    },
  });
  agent.start();
  return agent;
}

export interface StartMonitoringOptions {
  core: KioskCore;
  config: KioskConfig;
  log: Logger;
  fleet: FleetAgent | null;
  /** The typed back-office client (DataServices.client), or a test transport. */
  transport: Pick<HeartbeatSenderOptions, 'send' | 'sendUrgent'>;
  /** Outbox counts (DataServices.outboxRepo.counts()), null while the store is unusable. */
  outbox: () => { queued: number; rejected: number } | null;
  version: string;
  intervalMs?: number;
  /** The first heartbeat this long after start (default 5 s: the network, or a back office started beside the kiosk, comes up first). */
  firstBeatMs?: number;
}

/**
 * Heartbeats every `intervalMs` (default 60 s) and urgent events on device-health transitions.
 * The integrator calls it in `boot()` once the data services are open.
 */
export function startFleetMonitoring(o: StartMonitoringOptions): HeartbeatSender {
  const sender = new HeartbeatSender({
    intervalMs: o.intervalMs ?? 60_000,
    firstBeatMs: o.firstBeatMs ?? 5_000,
    ...o.transport,
    collect: () => {
      const view = o.core.session.view();
      const counts = o.outbox();
      return buildHeartbeat(
        {
          terminalId: o.config.terminal.id,
          state: view.outOfService ? 'out-of-service' : 'in-service',
          version: o.version,
          devices: o.core.devices.health(),
          outbox: {
            depth: counts?.queued ?? 0,
            rejected: counts?.rejected ?? 0,
            lastError: counts === null ? 'store unavailable' : null,
          },
          fleet: o.fleet?.status() ?? null,
        },
        Date.now(),
      );
    },
    onError: (what, error) => o.log.warn({ what, code: error.code }, `heartbeat: ${error.message}`),
  });
  const last = new Map<string, DeviceHealth>();
  for (const h of o.core.devices.health()) last.set(h.id, h);
  o.core.bus.on('device.health', (h) => {
    const ev = urgentFromHealth(last.get(h.id), h, Date.now());
    last.set(h.id, h);
    if (ev) void sender.urgent(ev);
  });
  o.fleet?.subscribe((r) => {
    const ev = urgentFromFleet(r, Date.now());
    if (ev) void sender.urgent(ev);
  });
  sender.start();
  return sender;
}
