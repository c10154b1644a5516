/**
 * Waiting on a `LockerDriver` in tests, without a clock: the next event that matches (health:
 * see `waits.ts`).
 */
import type { LockerDriver, LockerEvent } from '../../drivers/locker/locker-driver.js';

export { healthBecomes, isOk } from './waits.js';

export function nextEvent(driver: LockerDriver, match: (e: LockerEvent) => boolean): Promise<LockerEvent> {
  return new Promise((resolve) => {
    const off = driver.onEvent((e) => {
      if (match(e)) {
        off();
        resolve(e);
      }
    });
  });
}
