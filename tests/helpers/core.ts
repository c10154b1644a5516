import { SimulatedClock } from 'xstate';
import { parseConfig } from '../../config/load.js';
import type { KioskConfig } from '../../config/schema.js';
import { KioskCore } from '../../main/core/kiosk-core.js';
import { silentLogger } from '../../main/base/log/logger.js';

export function testConfig(over: Record<string, unknown> = {}): KioskConfig {
  const res = parseConfig(over, 'test');
  if (!res.ok) throw new Error(res.error.message);
  return res.value;
}

/** A core on a simulated clock, with no logging and no files. */
export function testCore(over: Record<string, unknown> = {}): { core: KioskCore; clock: SimulatedClock } {
  const clock = new SimulatedClock();
  clock.set(1_800_000_000_000);
  const core = new KioskCore({
    config: testConfig(over),
    dataDir: '/nonexistent',
    logger: silentLogger(),
    shell: 'browser',
    clock,
  });
  return { core, clock };
}
