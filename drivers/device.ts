/**
 * What every device driver offers to the device manager in `main/devices/` and to the staff
 * tools, whatever the device: a lifecycle and one health status with change events
 * (`ManagedDevice`), plus a self-test and a way to drop pending work (`DeviceDriver`).
 */
import type { Result } from '../common/result.js';

export type HealthState = 'ok' | 'degraded' | 'offline' | 'unknown';

export interface Health {
  state: HealthState;
  /** Machine-readable detail (`paper-near-end`, `no-answer`, `door-left-open:1/3`…), or null. */
  code: string | null;
}

export interface ManagedDevice {
  start(): Promise<void>;
  stop(): Promise<void>;
  health(): Health;
  onHealth(listener: (health: Health) => void): () => void;
}

/** What a self-test found: whether the device works, and one short line for the staff screen. */
export interface SelfTestResult {
  ok: boolean;
  /** `paper ok`, `4 boards answer`, `offline no-answer`… (no personal data). */
  detail: string;
}

/** What `cancel()` dropped: the pending jobs it cancelled (0 for a device without a queue). */
export interface CancelReport {
  cancelled: number;
}

/** The interface every driver implements; the device manager and the maintenance tools use only this. */
export interface DeviceDriver extends ManagedDevice {
  /** Ask the device itself whether it works (a status round trip where the device has one). Never throws. */
  selfTest(): Promise<SelfTestResult>;
  /** Drop the work still waiting (queued print jobs). Never throws; a failure is a typed value. */
  cancel(): Promise<Result<CancelReport, string>>;
}
