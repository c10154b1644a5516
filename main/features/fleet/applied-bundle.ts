/**
 * The applied fleet bundle at start-up (re-exported by `kiosk-fleet.ts`): a module of its own,
 * without the agent and the heartbeat, because the config is read before the rest of the core
 * loads (`main/core/boot-config.ts`: the browser host binds and opens its window meanwhile).
 */
import { join } from 'node:path';
import type { KioskConfig } from '../../../config/schema.js';
import type { FleetBundle } from '../../../config/bundle-schema.js';
import { ApplyStore } from './apply-store.js';

export const MAX_TRIAL_BOOTS = 2;

export function fleetStateDir(dataDir: string): string {
  return join(dataDir, 'fleet');
}

/**
 * The bundle the config layers under the site file: recovers an interrupted apply, then reads
 * the applied bundle. Null when no fleet repository is configured or nothing is applied yet.
 */
export function appliedFleetBundle(site: { config: KioskConfig; dataDir: string }): FleetBundle | null {
  if (site.config.fleet.repository === null) return null;
  const store = new ApplyStore(fleetStateDir(site.dataDir));
  store.recover(MAX_TRIAL_BOOTS);
  return store.current();
}
