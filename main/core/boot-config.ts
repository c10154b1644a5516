/**
 * Step 1 of the boot (`boot.ts`) on its own: the terminal config — embedded defaults ← applied
 * fleet bundle ← site file, an interrupted fleet apply finished first. A module of its own so that
 * a shell can know the config (its port, its window, the hall's name) before it loads the rest of
 * the core: the browser host binds and opens Chromium while the core boots. The config is still
 * read once: the shell hands what it loaded to `boot` (`BootOptions.loaded`).
 */
import { loadConfig, type LoadResult } from '../../config/load.js';
import { appliedFleetBundle } from '../features/fleet/applied-bundle.js';

export function loadBootConfig(opts: { configFile?: string; env?: NodeJS.ProcessEnv }): LoadResult {
  return loadConfig(opts.configFile, opts.env ?? process.env, { appliedBundle: appliedFleetBundle });
}
