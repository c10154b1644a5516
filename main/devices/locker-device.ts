/**
 * The `locker` kind: lock-control boards on one RS-485 bus (8A/80 family or Kerong CU), or the
 * driver talking to `LockerEmulator` over an in-memory pair at the bus's UART speed for `emulated`.
 *
 * Options (`config.devices[].options`), all optional:
 *   protocol         '8a' (default) | 'kerong'
 *   boards           a count (addresses firstAddress, firstAddress+1, …) or a list of
 *                    { address, locks?, polarity? } for mixed cabinets
 *   locksPerBoard    default 24 (8a) / 16 (kerong)
 *   firstAddress     default 1 (8a) / 0 (kerong)
 *   polarity         'locked-shorted' (8a default) | 'unlocked-shorted' (kerong default), per board overridable
 *   pollIntervalMs   door-state poll period, default 1000 (0 disables polling)
 *   leftOpenAfterSec a door open this long raises door-left-open, default 120
 *   openTimeoutMs    unlock reply deadline, default 1500
 * For `emulated`, a cabinet not given in options is the scenario's own (4 × 24 for 8a scenarios).
 */
import { z } from 'zod';
import { LockerDriver, LOCKER_DEFAULTS, type LockerBoardConfig } from '../../drivers/locker/locker-driver.js';
import { LockerEmulatorHost, LOCKER_SCENARIO_NAMES } from '../../drivers/locker/locker-emulator-host.js';
import { findLockerScenario } from '../../drivers/locker/locker-scenarios.js';
import { codecFor } from '../../drivers/locker/codec-for.js';
import { err, ok, type Result } from '../../common/result.js';
import { SerialTransport } from '../../drivers/transport/serial-transport.js';
import { emulatorWire, parseDeviceOptions } from './factory-parts.js';
import type { DeviceFactory } from './types.js';

const Polarity = z.enum(['locked-shorted', 'unlocked-shorted']);

const BoardEntry = z
  .object({
    address: z.number().int().min(0).max(99),
    locks: z.number().int().min(1).max(48).optional(),
    polarity: Polarity.optional(),
  })
  .strict();

export const LockerOptions = z
  .object({
    protocol: z.enum(['8a', 'kerong']).optional(),
    boards: z.union([z.number().int().min(1).max(32), z.array(BoardEntry).min(1).max(32)]).optional(),
    locksPerBoard: z.number().int().min(1).max(48).optional(),
    firstAddress: z.number().int().min(0).max(99).optional(),
    polarity: Polarity.optional(),
    pollIntervalMs: z.union([z.literal(0), z.number().int().min(100).max(60_000)]).default(LOCKER_DEFAULTS.pollIntervalMs),
    leftOpenAfterSec: z
      .number()
      .min(1)
      .max(86_400)
      .default(LOCKER_DEFAULTS.leftOpenAfterMs / 1000),
    openTimeoutMs: z.number().int().min(100).max(10_000).default(LOCKER_DEFAULTS.openTimeoutMs),
    /** The locker wall as staff see it: doors per column (read by the maintenance layout, not the driver). */
    rowsPerColumn: z.number().int().min(1).max(48).optional(),
  })
  .strict();
export type LockerOptions = z.infer<typeof LockerOptions>;

export interface Cabinet {
  protocol: '8a' | 'kerong';
  boards: LockerBoardConfig[];
}

/** The cabinet the options describe; `fallback` fills what they leave out (the emulated scenario). */
export function cabinetFromOptions(o: LockerOptions, fallback?: Cabinet): Result<Cabinet> {
  const protocol = o.protocol ?? fallback?.protocol ?? '8a';
  const codec = codecFor(protocol);
  const polarity = o.polarity ?? (protocol === 'kerong' ? 'unlocked-shorted' : 'locked-shorted');
  const locks = o.locksPerBoard ?? (protocol === 'kerong' ? 16 : 24);
  let boards: LockerBoardConfig[];
  if (o.boards === undefined && fallback && fallback.protocol === protocol && o.locksPerBoard === undefined) {
    boards = fallback.boards.map((b) => ({ ...b, polarity: o.polarity ?? b.polarity }));
  } else if (typeof o.boards === 'number' || o.boards === undefined) {
    const count = o.boards ?? 1;
    const first = o.firstAddress ?? codec.minBoard;
    boards = Array.from({ length: count }, (_, i) => ({ address: first + i, locks, polarity }));
  } else {
    boards = o.boards.map((b) => ({ address: b.address, locks: b.locks ?? locks, polarity: b.polarity ?? polarity }));
  }
  const seen = new Set<number>();
  for (const b of boards) {
    if (b.address < codec.minBoard || b.address > codec.maxBoard) {
      return err('bad-options', `board address ${b.address} is outside ${codec.minBoard}–${codec.maxBoard} for ${protocol}`);
    }
    if (b.locks > codec.maxLocks)
      return err('bad-options', `board ${b.address}: ${protocol} boards have at most ${codec.maxLocks} locks`);
    if (seen.has(b.address)) return err('bad-options', `board address ${b.address} appears twice`);
    seen.add(b.address);
  }
  return ok({ protocol, boards });
}

export const createLockerDevice: DeviceFactory<'locker'> = (config) => {
  const parsedOptions = parseDeviceOptions(LockerOptions, config);
  if (!parsedOptions.ok) return parsedOptions;
  const o = parsedOptions.value;
  const t = config.transport;
  const driverOptions = (cabinet: Cabinet) => ({
    protocol: cabinet.protocol,
    boards: cabinet.boards,
    pollIntervalMs: o.pollIntervalMs,
    leftOpenAfterMs: o.leftOpenAfterSec * 1000,
    openTimeoutMs: o.openTimeoutMs,
  });
  switch (t.type) {
    case 'serial': {
      const cabinet = cabinetFromOptions(o);
      if (!cabinet.ok) return err('bad-options', `${config.id}: ${cabinet.error.message}`);
      const baudRate = t.baudRate ?? codecFor(cabinet.value.protocol).defaultBaudRate;
      const transport = new SerialTransport({ path: t.path, baudRate, keepTrying: true });
      const driver = new LockerDriver(transport, driverOptions(cabinet.value));
      return ok({ driver });
    }
    case 'emulated': {
      const name = t.scenario ?? 'default';
      const scenario = findLockerScenario(name);
      if (!scenario)
        return err('bad-options', `${config.id}: unknown scenario "${name}" (have: ${LOCKER_SCENARIO_NAMES.join(', ')})`);
      const fallback: Cabinet = {
        protocol: scenario.protocol,
        boards: scenario.boards.map((b) => ({
          address: b.address,
          locks: b.locks,
          polarity: b.polarity ?? (scenario.protocol === 'kerong' ? 'unlocked-shorted' : 'locked-shorted'),
        })),
      };
      const cabinet = cabinetFromOptions(o, fallback);
      if (!cabinet.ok) return err('bad-options', `${config.id}: ${cabinet.error.message}`);
      const baud = codecFor(cabinet.value.protocol).defaultBaudRate;
      const pair = emulatorWire(config, baud, 'boards');
      // The emulator refuses a scenario of the other protocol: the driver could not talk to it.
      const emulator = new LockerEmulatorHost(pair.b, name, { protocol: cabinet.value.protocol });
      const driver = new LockerDriver(pair.a, driverOptions(cabinet.value));
      return ok({ driver, emulator });
    }
    case 'hid':
    case 'spooler':
    case 'v4l2':
      return err('unsupported-transport', `${config.id}: a locker bus cannot use a ${t.type} transport`);
  }
};
