/**
 * The `a4-printer` kind: a CUPS queue (`spooler` transport, printed with `lp`), or
 * `A4PrinterEmulator` writing the PDFs into a folder for `emulated`.
 *
 * Options (`config.devices[].options`):
 *   folder       emulated only: where the PDFs go (default: <dataDir>/a4-out/<id>, mode 0700;
 *                without a data dir, a private temporary folder; files are mode 0600, uniquely named)
 *   pollMs       queue health polling period (default 30000)
 *   fontPaths    CJK font files to try, in order (default: the Noto CJK / WenQuanYi locations)
 *   lpOptions    `-o` options for lp (default ["media=A4", "fit-to-page"])
 */
import { join } from 'node:path';
import { z } from 'zod';
import { A4PrinterDriver } from '../../drivers/printer/a4/a4-printer-driver.js';
import { A4_SCENARIOS, A4PrinterEmulator, type A4EmulatorCondition } from '../../drivers/printer/a4/a4-printer-emulator.js';
import { CupsA4Printer } from '../../drivers/printer/a4/cups-backend.js';
import { err, ok } from '../../common/result.js';
import { parseDeviceOptions } from './factory-parts.js';
import type { DeviceFactory } from './types.js';

const Options = z
  .object({
    folder: z.string().min(1).optional(),
    pollMs: z.number().int().min(0).max(3_600_000).default(30_000),
    fontPaths: z.array(z.string().min(1)).min(1).optional(),
    lpOptions: z.array(z.string().regex(/^[A-Za-z0-9_-]+(=[^\s]+)?$/)).optional(),
  })
  .strict();

export const createA4PrinterDevice: DeviceFactory<'a4-printer'> = (config, ctx) => {
  const parsed = parseDeviceOptions(Options, config);
  if (!parsed.ok) return parsed;
  const o = parsed.value;
  const render = o.fontPaths ? { fontPaths: o.fontPaths } : {};
  const t = config.transport;
  switch (t.type) {
    case 'spooler': {
      if (!/^[^\s/#]+$/.test(t.printer)) return err('bad-options', `${config.id}: bad CUPS queue name "${t.printer}"`);
      const backend = new CupsA4Printer({ printer: t.printer, ...(o.lpOptions ? { options: o.lpOptions } : {}) });
      const driver = new A4PrinterDriver({ backend, render, pollMs: o.pollMs });
      return ok({ driver });
    }
    case 'emulated': {
      const scenario = t.scenario ?? 'ok';
      if (!(A4_SCENARIOS as readonly string[]).includes(scenario))
        return err('bad-options', `${config.id}: unknown scenario "${scenario}" (have: ${A4_SCENARIOS.join(', ')})`);
      const emulator = new A4PrinterEmulator({
        ...(o.folder !== undefined
          ? { folder: o.folder }
          : ctx.outputDir !== undefined
            ? { folder: join(ctx.outputDir, 'a4-out', config.id) }
            : {}),
        name: config.id,
        condition: scenario as A4EmulatorCondition,
      });
      const driver = new A4PrinterDriver({ backend: emulator, render, pollMs: o.pollMs });
      return ok({ driver, emulator });
    }
    case 'serial':
    case 'hid':
    case 'v4l2':
      return err('unsupported-transport', `${config.id}: an A4 printer prints through the spooler, not a ${t.type} transport`);
  }
};
