/**
 * The staff dashboard: device health (and services watched like devices), paper, the A4 queue, the compartments, delivery state,
 * the back office, the config version, free disk, uptime and the last errors.
 */
import { statfsSync } from 'node:fs';
import type { DeviceHealth, ServiceHealth, StaffDashboard } from '../../base/api/contract.js';
import type { SyncStatus } from '../../data/sync/outbox-worker.js';
import type { StaffActions } from './actions.js';

export interface DashboardSources {
  health: () => DeviceHealth[];
  /** Services watched like devices (the handwriting recogniser); none when absent. */
  services?: () => ServiceHealth[];
  actions: Pick<StaffActions, 'receiptPaper' | 'a4QueueSummary' | 'lockerView' | 'backofficeState' | 'lastErrors'>;
  sync: () => SyncStatus | null;
  configVersion: () => string;
  /** The folder whose disk is measured (the data dir). */
  dataDir: string | null;
  startedAt: number;
  now: () => number;
}

/** Free MiB on the disk holding `dir`; null when it cannot be read. */
export function diskFreeMiB(dir: string): number | null {
  try {
    const st = statfsSync(dir);
    return Math.floor((st.bavail * st.bsize) / 1048576);
  } catch {
    return null;
  }
}

export function buildDashboard(s: DashboardSources): StaffDashboard {
  const sync = s.sync();
  return {
    devices: s.health(),
    services: s.services?.() ?? [],
    receiptPaper: s.actions.receiptPaper(),
    a4Queue: s.actions.a4QueueSummary(),
    lockers: s.actions.lockerView(),
    sync: sync
      ? {
          online: sync.online,
          queued: sync.queued,
          rejected: sync.rejected,
          auditPending: sync.auditPending,
          lastSuccessAt: sync.lastSuccessAt,
        }
      : null,
    backoffice: s.actions.backofficeState(),
    configVersion: s.configVersion(),
    diskFreeMiB: diskFreeMiB(s.dataDir ?? '.'),
    uptimeSeconds: Math.max(0, Math.floor((s.now() - s.startedAt) / 1000)),
    lastErrors: s.actions.lastErrors(),
  };
}
