/**
 * What a device kind plugs into the device manager: one factory per kind, in its own file
 * (`main/devices/<kind>.ts`), registered with one line in `registry.ts`.
 */
import type { ManagedDevice } from '../../drivers/device.js';
import type { Result } from '../../common/result.js';
import type { DeviceConfig } from '../../config/schema.js';
import type { Logger } from '../base/log/logger.js';

/** The scenario API every emulator offers (the demo panel and tests drive it). */
export interface DeviceEmulator {
  start(): Promise<void>;
  stop(): Promise<void>;
  setScenario(name: string): Result<void, string>;
}

export interface BuiltDevice {
  /** What the manager starts, stops and watches. */
  device: ManagedDevice;
  /** The driver object itself, for the feature that uses it (same object as `device` or richer). */
  driver: unknown;
  /** The emulator on the other end of the wire, for emulated devices. */
  emulator?: DeviceEmulator;
}

export interface DeviceContext {
  logger: Logger;
  /** For drivers that check dates (ID-card expiry). */
  now: () => Date;
}

/** Build a device from its config; an expected failure (e.g. a transport the kind cannot use) is a value. */
export type DeviceFactory = (config: DeviceConfig, ctx: DeviceContext) => Result<BuiltDevice>;
