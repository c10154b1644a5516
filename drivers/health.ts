/**
 * The listener and health plumbing the device drivers share. A listener that throws never breaks
 * the driver or the other listeners: the error is reported on `process` as a warning and dropped.
 */
import { ListenerSet } from '../common/listeners.js';
import { ok, type Result } from '../common/result.js';
import type { CancelReport, Health, SelfTestResult } from './device.js';

/** A driver's health (`unknown` at first) and its change events: only a new state or code is reported. */
export class HealthCell {
  private current: Health = { state: 'unknown', code: null };
  private readonly listeners = new ListenerSet<Health>('HealthListenerWarning');

  get(): Health {
    return this.current;
  }

  on(listener: (health: Health) => void): () => void {
    return this.listeners.add(listener);
  }

  set(h: Health): void {
    if (h.state === this.current.state && h.code === this.current.code) return;
    this.current = h;
    this.listeners.emit(h);
  }
}

/** The self-test of a device that has no status question of its own: what its health says. */
export function selfTestFromHealth(h: Health): SelfTestResult {
  return { ok: h.state === 'ok', detail: `${h.state}${h.code ? ` ${h.code}` : ''}` };
}

/** `cancel()` of a device without a queue: nothing was waiting. */
export function nothingToCancel(): Promise<Result<CancelReport, string>> {
  return Promise.resolve(ok({ cancelled: 0 }));
}
