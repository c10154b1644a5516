/**
 * Device kinds the manager can build. To add a kind: add it to `DEVICE_KINDS`, give it a driver
 * and emulator type in `DriverByKind` / `EmulatorByKind` (types.ts), write
 * `main/devices/<kind>-device.ts` exporting a `DeviceFactory<'<kind>'>` and add one line below.
 */
import { createIdCardDevice } from './idcard-device.js';
import { createLockerDevice } from './locker-device.js';
import { createReceiptPrinterDevice } from './receipt-printer-device.js';
import { createA4PrinterDevice } from './a4-printer-device.js';
import { createScannerDevice } from './scanner-device.js';
import { createCameraDevice } from './camera-device.js';
import type { DeviceFactories } from './types.js';

export const deviceFactories = {
  idcard: createIdCardDevice,
  locker: createLockerDevice,
  'receipt-printer': createReceiptPrinterDevice,
  'a4-printer': createA4PrinterDevice,
  scanner: createScannerDevice,
  camera: createCameraDevice,
} satisfies Required<DeviceFactories>;
