/**
 * The `idcard` kind: a SAM_V reader on a serial port, or the driver talking to `IdCardEmulator`
 * over an in-memory pair running at UART speed (115200 8N1) for `emulated`.
 *
 * Options (`config.devices[].options`):
 *   pollMs       find-card polling period (default 500)
 *   fingerprint  automatic reads include the fingerprint block (default false)
 *   card         emulated only: the sample card in the slot at start
 *   photoDecoder the vendor's WLT decoder as a program `{ command, args?, timeoutMs? }`
 *                (./wlt-command.ts); absent: the card's photo stays undecoded
 */
import { z } from 'zod';
import { IdCardDriver } from '../../drivers/idcard/idcard-driver.js';
import { IdCardEmulator, isScenario, SCENARIOS } from '../../drivers/idcard/idcard-emulator.js';
import { sampleCard } from '../../drivers/idcard/samples.js';
import { err, ok } from '../../common/result.js';
import { SerialTransport } from '../../drivers/transport/serial-transport.js';
import { emulatorWire, parseDeviceOptions } from './factory-parts.js';
import { commandWltDecoder } from './wlt-command.js';
import type { DeviceFactory } from './types.js';

const Options = z
  .object({
    pollMs: z.number().int().min(50).max(10_000).default(500),
    fingerprint: z.boolean().default(false),
    card: z.string().min(1).optional(),
    photoDecoder: z
      .object({
        command: z.string().min(1),
        args: z.array(z.string()).default([]),
        timeoutMs: z.number().int().min(100).max(30_000).default(3000),
      })
      .strict()
      .optional(),
  })
  .strict();

export const createIdCardDevice: DeviceFactory<'idcard'> = (config, ctx) => {
  const parsed = parseDeviceOptions(Options, config);
  if (!parsed.ok) return parsed;
  const o = parsed.value;
  const driverOpts = {
    pollMs: o.pollMs,
    fingerprint: o.fingerprint,
    now: ctx.now,
    ...(o.photoDecoder ? { photoDecoder: commandWltDecoder(o.photoDecoder) } : {}),
  };
  const t = config.transport;
  switch (t.type) {
    case 'serial': {
      const transport = new SerialTransport({ path: t.path, baudRate: t.baudRate ?? 115200, keepTrying: true });
      const driver = new IdCardDriver(transport, driverOpts);
      return ok({ driver });
    }
    case 'emulated': {
      const scenario = t.scenario ?? 'normal';
      if (!isScenario(scenario))
        return err('bad-options', `${config.id}: unknown scenario "${scenario}" (have: ${SCENARIOS.join(', ')})`);
      if (o.card !== undefined && !sampleCard(o.card)) return err('bad-options', `${config.id}: unknown sample card "${o.card}"`);
      const pair = emulatorWire(config, 115200);
      const emulator = new IdCardEmulator(pair.b, { scenario, ...(o.card !== undefined ? { card: o.card } : {}) });
      const driver = new IdCardDriver(pair.a, driverOpts);
      return ok({ driver, emulator });
    }
    case 'hid':
    case 'spooler':
    case 'v4l2':
      return err('unsupported-transport', `${config.id}: an ID-card reader cannot use a ${t.type} transport`);
  }
};
