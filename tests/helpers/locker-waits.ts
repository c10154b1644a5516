/**
 * Waiting on a `LockerDriver` in tests, without a clock: the next event that matches, or the
 * health once it matches.
 */
import type { Health } from '../../drivers/device.js';
import type { LockerDriver, LockerEvent } from '../../drivers/locker/locker-driver.js';

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

export function healthBecomes(driver: LockerDriver, match: (h: Health) => boolean): Promise<Health> {
  if (match(driver.health())) return Promise.resolve(driver.health());
  return new Promise((resolve) => {
    const off = driver.onHealth((h) => {
      if (match(h)) {
        off();
        resolve(h);
      }
    });
  });
}

export const isOk = (h: Health): boolean => h.state === 'ok';
