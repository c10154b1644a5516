/**
 * What a device kind plugs into the device manager, typed by kind: one factory per kind, in its
 * own file (`main/devices/<kind>-device.ts`), registered with one line in `registry.ts`.
 *
 * `DriverByKind` and `EmulatorByKind` say what a device of each kind is; the manager hands out
 * `driver(kind)` / `emulator(kind)` typed by them, so no caller has to recover a type at run time.
 */
import type { DeviceDriver } from '../../drivers/device.js';
import type { IdCardDriver } from '../../drivers/idcard/idcard-driver.js';
import type { IdCardEmulator } from '../../drivers/idcard/idcard-emulator.js';
import type { LockerDriver } from '../../drivers/locker/locker-driver.js';
import type { LockerEmulatorHost } from '../../drivers/locker/locker-emulator-host.js';
import type { A4PrinterDriver } from '../../drivers/printer/a4/a4-printer-driver.js';
import type { A4PrinterEmulator } from '../../drivers/printer/a4/a4-printer-emulator.js';
import type { ReceiptPrinterDriver } from '../../drivers/printer/receipt/receipt-printer-driver.js';
import type { ReceiptPrinterEmulator } from '../../drivers/printer/receipt/receipt-printer-emulator.js';
import type { ScannerDriver } from '../../drivers/scanner/scan.js';
import type { SerialScannerEmulator } from '../../drivers/scanner/serial-scanner-emulator.js';
import type { CameraDriver } from '../../drivers/camera/camera-driver.js';
import type { CameraEmulator } from '../../drivers/camera/camera-emulator.js';
import type { Result } from '../../common/result.js';
import type { DeviceConfig } from '../../config/schema.js';
import type { DeviceKind } from '../base/api/contract.js';
import type { Logger } from '../base/log/logger.js';

/** The driver of each device kind (every one a `DeviceDriver`). */
export interface DriverByKind {
  idcard: IdCardDriver;
  'receipt-printer': ReceiptPrinterDriver;
  'a4-printer': A4PrinterDriver;
  locker: LockerDriver;
  /** USB-serial or HID-POS: both emit scans. */
  scanner: ScannerDriver;
  /** A face or document camera (role in its options), opened only on demand. */
  camera: CameraDriver;
}

/** The emulator on the far end of the wire of an `emulated` device, by kind. */
export interface EmulatorByKind {
  idcard: IdCardEmulator;
  'receipt-printer': ReceiptPrinterEmulator;
  'a4-printer': A4PrinterEmulator;
  locker: LockerEmulatorHost;
  scanner: SerialScannerEmulator;
  camera: CameraEmulator;
}

/** The scenario API every emulator offers (the demo panel and tests drive it). */
export interface DeviceEmulator {
  start(): Promise<void>;
  stop(): Promise<void>;
  setScenario(name: string): Result<void, string>;
}

/** A built device of kind `K`: its driver, and for emulated devices the emulator it talks to. */
export interface BuiltDevice<K extends DeviceKind> {
  /** What the manager starts, stops and watches, and what the features use. */
  driver: DriverByKind[K];
  /** The emulator on the other end of the wire, for emulated devices. */
  emulator?: EmulatorByKind[K];
}

/** An emulated device of a kind in `K`: the kind tells the emulator's type. */
export type EmulatedOf<K extends DeviceKind> = { [P in K]: { kind: P; emulator: EmulatorByKind[P] } }[K];

/** An emulated device as the demo panel sees it (a union over the kinds, switched on `kind`). */
export type EmulatedDevice = EmulatedOf<DeviceKind>;

export interface DeviceContext {
  logger: Logger;
  /** For drivers that check dates (ID-card expiry). */
  now: () => Date;
  /**
   * The kiosk's data dir, under which emulated devices keep their output by default (the A4
   * emulator: `a4-out/<id>`). Absent (a core without a data dir): each emulator uses a private
   * temporary folder.
   */
  outputDir?: string;
}

/** Build a device of kind `K` from its config; an expected failure (e.g. a transport the kind cannot use) is a value. */
export type DeviceFactory<K extends DeviceKind> = (config: DeviceConfig, ctx: DeviceContext) => Result<BuiltDevice<K>>;

/** Factories by kind (a kind without one reports health `unknown`/`no-driver`). */
export type DeviceFactories = { [K in DeviceKind]?: DeviceFactory<K> };

/** Compile-time checks: every kind has a driver and an emulator type; every driver is a `DeviceDriver`, every emulator a `DeviceEmulator`. */
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type KindsCovered = [
  Assert<Exactly<keyof DriverByKind, DeviceKind>>,
  Assert<Exactly<keyof EmulatorByKind, DeviceKind>>,
  Assert<DriverByKind[DeviceKind] extends DeviceDriver ? true : false>,
  Assert<EmulatorByKind[DeviceKind] extends DeviceEmulator ? true : false>,
];
