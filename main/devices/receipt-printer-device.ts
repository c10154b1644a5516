/**
 * The `receipt-printer` kind: an ESC/POS printer on a serial port (or the USB printer class
 * device `/dev/usb/lpN`), or the driver talking to `ReceiptPrinterEmulator` over an in-memory
 * pair for `emulated`.
 *
 * Options (`config.devices[].options`):
 *   pollMs           status heartbeat period (default 5000)
 *   statusTimeoutMs  deadline for each DLE EOT answer (default 500)
 *   linesUntilOut    emulated `runs-out` scenario only: lines the paper lasts
 *   paperWidthMm     emulated only: the roll, 80 (576 dots, default) or 58 (384 dots)
 */
import { z } from 'zod';
import { DeviceFileTransport } from '../../drivers/transport/device-file-transport.js';
import { ReceiptPrinterDriver } from '../../drivers/printer/receipt/receipt-printer-driver.js';
import {
  isPrinterScenario,
  PRINTER_SCENARIOS,
  ReceiptPrinterEmulator,
} from '../../drivers/printer/receipt/receipt-printer-emulator.js';
import { err, ok } from '../../common/result.js';
import { SerialTransport } from '../../drivers/transport/serial-transport.js';
import type { Transport } from '../../drivers/transport/transport.js';
import { emulatorWire, parseDeviceOptions } from './factory-parts.js';
import type { DeviceFactory } from './types.js';

const Options = z
  .object({
    pollMs: z.number().int().min(0).max(600_000).default(5000),
    statusTimeoutMs: z.number().int().min(20).max(10_000).default(500),
    linesUntilOut: z.number().int().min(1).max(10_000).optional(),
    paperWidthMm: z.union([z.literal(58), z.literal(80)]).default(80),
  })
  .strict();

/** USB printer-class device nodes are files, not ttys. */
export function isUsbLpPath(path: string): boolean {
  return /^\/dev\/(usb\/)?lp\d+$/.test(path);
}

export const createReceiptPrinterDevice: DeviceFactory<'receipt-printer'> = (config) => {
  const parsed = parseDeviceOptions(Options, config);
  if (!parsed.ok) return parsed;
  const o = parsed.value;
  const t = config.transport;
  switch (t.type) {
    case 'serial': {
      const transport: Transport = isUsbLpPath(t.path)
        ? new DeviceFileTransport({ path: t.path, keepTrying: true })
        : new SerialTransport({ path: t.path, baudRate: t.baudRate ?? 115200, keepTrying: true });
      const driver = new ReceiptPrinterDriver({ transport, pollMs: o.pollMs, statusTimeoutMs: o.statusTimeoutMs });
      return ok({ driver });
    }
    case 'emulated': {
      const scenario = t.scenario ?? 'ok';
      if (!isPrinterScenario(scenario))
        return err('bad-options', `${config.id}: unknown scenario "${scenario}" (have: ${PRINTER_SCENARIOS.join(', ')})`);
      const pair = emulatorWire(config, 115200);
      const emulator = new ReceiptPrinterEmulator(pair.b, {
        scenario,
        paperWidthMm: o.paperWidthMm,
        ...(o.linesUntilOut !== undefined ? { linesUntilOut: o.linesUntilOut } : {}),
      });
      const driver = new ReceiptPrinterDriver({ transport: pair.a, pollMs: o.pollMs, statusTimeoutMs: o.statusTimeoutMs });
      return ok({ driver, emulator });
    }
    case 'hid':
    case 'spooler':
    case 'v4l2':
      return err('unsupported-transport', `${config.id}: a receipt printer cannot use a ${t.type} transport`);
  }
};
