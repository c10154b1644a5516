/**
 * Waiting in tests without a clock: check the current state first, then listen for the change.
 * (Listening only after an action misses a change that happened during the action's await.)
 */
import type { Health } from '../../drivers/device.js';
import type { SessionView } from '../../main/base/api/contract.js';
import type { KioskCore } from '../../main/core/kiosk-core.js';

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

/** A core's citizen session, seen through its view: wait for a state by event, call as the browser shell. */
export function sessionDriver(core: () => KioskCore): {
  view: () => SessionView;
  until: (pred: (v: SessionView) => boolean, what: string, ms?: number) => Promise<SessionView>;
  call: (method: string, args?: unknown) => Promise<SessionView>;
} {
  const view = (): SessionView => core().session.view();
  const until = (pred: (v: SessionView) => boolean, what: string, ms = 60_000): Promise<SessionView> => {
    const now = view();
    if (pred(now)) return Promise.resolve(now);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        const v = view();
        reject(new Error(`timed out waiting for ${what}; at ${v.step ?? v.phase} ${JSON.stringify(v.notice)}`));
      }, ms);
      const off = core().session.onChange((v) => {
        if (!pred(v)) return;
        clearTimeout(timer);
        off();
        resolve(v);
      });
    });
  };
  const call = async (method: string, args: unknown = {}): Promise<SessionView> => {
    const r = await core().dispatch(method, args, { shell: 'browser' });
    if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
    return view();
  };
  return { view, until, call };
}
