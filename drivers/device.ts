/**
 * What every device driver offers to the device manager in `main/devices/`, whatever the device:
 * a lifecycle and one health status, with change events.
 */
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
