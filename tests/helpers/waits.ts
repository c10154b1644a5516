/**
 * Waiting in tests without a clock: check the current state first, then listen for the change.
 * (Listening only after an action misses a change that happened during the action's await.)
 */
import type { Health } from '../../drivers/device.js';

/** Anything that reports its health and its changes: drivers, the device manager's devices. */
export interface HealthSource {
  health(): Health;
  onHealth(listener: (health: Health) => void): () => void;
}

/** The device's health once `match` holds: at once if it already does, else at the change. */
export function healthBecomes(device: HealthSource, match: (h: Health) => boolean): Promise<Health> {
  const now = device.health();
  if (match(now)) return Promise.resolve(now);
  return new Promise((resolve) => {
    const off = device.onHealth((h) => {
      if (match(h)) {
        off();
        resolve(h);
      }
    });
  });
}

export const isOk = (h: Health): boolean => h.state === 'ok';
export const isOffline = (h: Health): boolean => h.state === 'offline';
