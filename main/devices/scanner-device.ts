/**
 * The `scanner` kind: a QR/barcode scanner in USB-serial (CDC) mode on a serial port, in HID-POS
 * mode through node-hid, or the serial driver talking to `SerialScannerEmulator` for `emulated`.
 * (Keyboard-wedge scanners type into the UI; `WedgeDecoder` in drivers/scanner handles those.)
 *
 * Options (`config.devices[].options`):
 *   terminator    serial: cr | lf | crlf | none (default cr)
 *   dedupMs       drop the same code repeated within this window (default 1500; 0 disables)
 *   enableReport  hid: feature report sent after opening (Honeywell HID-POS: [254, 1])
 */
import { z } from 'zod';
import { err, ok } from '../../common/result.js';
import { HidPosScanner } from '../../drivers/scanner/hid-scanner-driver.js';
import { SerialScannerDriver } from '../../drivers/scanner/serial-scanner-driver.js';
import { SCANNER_SCENARIOS, SerialScannerEmulator } from '../../drivers/scanner/serial-scanner-emulator.js';
import { SerialTransport } from '../../drivers/transport/serial-transport.js';
import { emulatorWire, parseDeviceOptions } from './factory-parts.js';
import type { DeviceFactory } from './types.js';

const Options = z
  .object({
    terminator: z.enum(['cr', 'lf', 'crlf', 'none']).default('cr'),
    dedupMs: z.number().int().min(0).max(60_000).default(1500),
    enableReport: z.array(z.number().int().min(0).max(255)).min(1).max(64).optional(),
  })
  .strict();

export const createScannerDevice: DeviceFactory<'scanner'> = (config) => {
  const parsed = parseDeviceOptions(Options, config);
  if (!parsed.ok) return parsed;
  const o = parsed.value;
  const t = config.transport;
  switch (t.type) {
    case 'serial': {
      const transport = new SerialTransport({ path: t.path, baudRate: t.baudRate ?? 9600, keepTrying: true });
      const driver = new SerialScannerDriver({ transport, terminator: o.terminator, dedupMs: o.dedupMs });
      return ok({ driver });
    }
    case 'hid': {
      const driver = new HidPosScanner({
        vendorId: t.vendorId,
        productId: t.productId,
        ...(t.path !== undefined ? { path: t.path } : {}),
        ...(o.enableReport ? { enableReport: o.enableReport } : {}),
        dedupMs: o.dedupMs,
      });
      return ok({ driver });
    }
    case 'emulated': {
      const scenario = t.scenario ?? 'normal';
      const pair = emulatorWire(config, 9600);
      const emulator = new SerialScannerEmulator(pair.b, { terminator: o.terminator });
      const set = emulator.setScenario(scenario);
      if (!set.ok)
        return err('bad-options', `${config.id}: unknown scenario "${scenario}" (have: ${SCANNER_SCENARIOS.join(', ')})`);
      const driver = new SerialScannerDriver({ transport: pair.a, terminator: o.terminator, dedupMs: o.dedupMs });
      return ok({ driver, emulator });
    }
    case 'spooler':
    case 'v4l2':
      return err('unsupported-transport', `${config.id}: a scanner cannot use a spooler transport`);
  }
};
