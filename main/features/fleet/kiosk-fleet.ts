/**
 * The fleet agent in a running kiosk: the applied bundle at start-up, the polling agent, and the
 * heartbeat with urgent events. The composition root (`main/core/boot.ts`) calls these.
 *
 * The config precedence (embedded defaults ← applied fleet bundle ← local site file) is decided
 * in `config/load.ts`; this side only finishes an interrupted apply and says which bundle is
 * applied (`appliedFleetBundle`, passed to `loadConfig`).
 *
 * The running core cannot take a new config live, so the agent applies between citizens,
 * then restarts the kiosk (SIGTERM; systemd `Restart=always` brings it back); the restarted
 * process reads the new config at start-up and the agent finishes the health window in it.
 */
import { err, ok } from '../../../common/result.js';
import type { KioskConfig } from '../../../config/schema.js';
import type { Logger } from '../../base/log/logger.js';
import type { DeviceHealth, SessionView } from '../../base/api/contract.js';
import { FleetAgent, type HealthCheck } from './agent.js';
import { buildHeartbeat, HeartbeatSender, urgentFromFleet, urgentFromHealth, type HeartbeatSenderOptions } from './heartbeat.js';
import { fleetStateDir, MAX_TRIAL_BOOTS } from './applied-bundle.js';

export { appliedFleetBundle, fleetStateDir, MAX_TRIAL_BOOTS } from './applied-bundle.js';

/** What the fleet side watches of the running kiosk (the core). */
export interface FleetKioskPort {
  session: { view(): Pick<SessionView, 'phase' | 'outOfService'> };
  devices: { health(): DeviceHealth[] };
  bus: { on(event: 'device.health', listener: (health: DeviceHealth) => void): () => void };
}

/** Devices healthy: no enabled device offline. */
export function devicesHealthy(health: () => readonly { id: string; state: string }[]): HealthCheck {
  return {
    name: 'devices',
    run: () => {
      const down = health().filter((d) => d.state === 'offline');
      return down.length === 0 ? ok(undefined) : err('devices-offline', `offline: ${down.map((d) => d.id).join(', ')}`);
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
        return ok(undefined);
      } catch (e) {
        return err('backoffice-unreachable', (e as Error).message.slice(0, 200));
      }
    },
  };
}

export interface StartFleetOptions {
  core: FleetKioskPort;
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
  core: FleetKioskPort;
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
 * The composition root starts it when the data services are open.
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
