/**
 * Device kinds the manager can build. To add a kind: write `main/devices/<kind>.ts` exporting a
 * `DeviceFactory` and add one line below. Kinds missing here show health `unknown`/`no-driver`.
 */
import type { DeviceKind } from '../base/api/contract.js';
import { createIdCardDevice } from './idcard.js';
import { createLockerDevice } from './locker.js';
import { createReceiptPrinterDevice } from './receipt-printer.js';
import { createA4PrinterDevice } from './a4-printer.js';
import { createScannerDevice } from './scanner.js';
import type { DeviceFactory } from './types.js';

export const deviceFactories: Partial<Record<DeviceKind, DeviceFactory>> = {
  idcard: createIdCardDevice,
  locker: createLockerDevice,
  'receipt-printer': createReceiptPrinterDevice,
  'a4-printer': createA4PrinterDevice,
  scanner: createScannerDevice,
};
