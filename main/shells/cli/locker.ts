/**
 * `yimen locker open|status …`: talk to a lock-control board on a serial port, for technicians
 * commissioning a cabinet. And the `locker` entry of `yimen emulate`.
 *
 *   yimen locker open   --port PATH --board N --lock N [--protocol 8a|kerong] [--polarity P] [--baud N] [--timeout MS]
 *     → {"board":N,"lock":N,"opened":true|false|null}   exit 0 opened, 4 the board says it did not open,
 *                                                        3 no answer (the unlock may or may not have fired)
 *   yimen locker status --port PATH --board N [--protocol …] [--polarity P] [--locks N] [--baud N]
 *     → {"board":N,"doors":{"1":"open"|"closed",…}}      exit 0, or 3 no answer
 * An unlock is sent once and never repeated: a lost reply is followed by a query of that lock.
 */
import { codecFor } from '../../../drivers/locker/codec-for.js';
import { LockerDriver } from '../../../drivers/locker/locker-driver.js';
import { LockerEmulatorHost, LOCKER_SCENARIO_NAMES } from '../../../drivers/locker/locker-emulator-host.js';
import { FEEDBACK_POLARITIES, type FeedbackPolarity, type LockerProtocolName } from '../../../drivers/locker/locker-codec.js';
import { SerialTransport } from '../../../drivers/transport/serial-transport.js';
import { EXIT, intFlag, parseFlags, printJson, UsageError, type CliIO, type Command } from './cli-kit.js';
import type { EmulatorEntry } from './emulate.js';

const OPEN_USAGE =
  'locker open --port PATH --board N --lock N [--protocol 8a|kerong] [--polarity locked-shorted|unlocked-shorted] [--baud N] [--timeout MS]';
const STATUS_USAGE =
  'locker status --port PATH --board N [--protocol 8a|kerong] [--polarity locked-shorted|unlocked-shorted] [--locks N] [--baud N]';

const FLAGS = {
  port: { type: 'string' },
  board: { type: 'string' },
  lock: { type: 'string' },
  protocol: { type: 'string' },
  polarity: { type: 'string' },
  locks: { type: 'string' },
  baud: { type: 'string' },
  timeout: { type: 'string' },
} as const;

interface Common {
  port: string;
  protocol: LockerProtocolName;
  polarity: FeedbackPolarity;
  board: number;
  baud: number;
}

function common(values: Partial<Record<keyof typeof FLAGS, string>>): Common {
  if (!values.port) throw new UsageError('--port PATH is required');
  const protocol = values.protocol ?? '8a';
  if (protocol !== '8a' && protocol !== 'kerong') throw new UsageError('--protocol must be 8a or kerong');
  const codec = codecFor(protocol);
  const polarity = values.polarity ?? (protocol === 'kerong' ? 'unlocked-shorted' : 'locked-shorted');
  if (!FEEDBACK_POLARITIES.includes(polarity as FeedbackPolarity)) {
    throw new UsageError(`--polarity must be one of ${FEEDBACK_POLARITIES.join(', ')}`);
  }
  const board = intFlag(values.board, 'board', codec.minBoard, codec.maxBoard);
  if (board === undefined) throw new UsageError('--board N is required');
  const baud = intFlag(values.baud, 'baud', 1200, 921600) ?? codec.defaultBaudRate;
  return { port: values.port, protocol, polarity: polarity as FeedbackPolarity, board, baud };
}

/** Open the port and run `fn` with a one-board driver (no polling); always closes the port. */
async function withDriver(
  c: Common,
  locks: number,
  openTimeoutMs: number | undefined,
  io: CliIO,
  fn: (driver: LockerDriver) => Promise<number>,
): Promise<number | { portError: string }> {
  const transport = new SerialTransport({ path: c.port, baudRate: c.baud });
  try {
    await transport.open();
  } catch (e) {
    return { portError: `cannot open ${c.port}: ${(e as Error).message}` };
  }
  const driver = new LockerDriver(transport, {
    protocol: c.protocol,
    boards: [{ address: c.board, locks, polarity: c.polarity }],
    pollIntervalMs: 0,
    leftOpenAfterMs: 60_000,
    ...(openTimeoutMs !== undefined ? { openTimeoutMs } : {}),
  });
  try {
    await driver.start();
    return await fn(driver);
  } finally {
    await driver.stop().catch((e: unknown) => io.err(`yimen locker: closing ${c.port}: ${String(e)}`));
  }
}

async function runOpen(argv: string[], io: CliIO): Promise<number> {
  const { values } = parseFlags(argv, FLAGS);
  const c = common(values);
  const codec = codecFor(c.protocol);
  const lock = intFlag(values.lock, 'lock', 1, codec.maxLocks);
  if (lock === undefined) throw new UsageError('--lock N is required');
  const timeout = intFlag(values.timeout, 'timeout', 50, 30_000);
  const locks = Math.max(lock, c.protocol === 'kerong' ? 16 : 24);
  const r = await withDriver(c, locks, timeout, io, async (driver) => {
    const res = await driver.open(c.board, lock);
    if (!res.ok) {
      io.err(`yimen locker open: ${res.error.message}`);
      printJson(io, { board: c.board, lock, opened: null });
      return EXIT.noAnswer;
    }
    const { opened, confirmedBy } = res.value;
    printJson(io, { board: c.board, lock, opened });
    if (opened === null) {
      io.err(
        `yimen locker open: no answer from board ${c.board}, not even to a status query. The unlock may have fired: check the door before trying again.`,
      );
      return EXIT.noAnswer;
    }
    if (confirmedBy === 'query')
      io.err(`yimen locker open: the unlock reply was lost; a status query says the lock is ${opened ? 'open' : 'closed'}`);
    if (!opened) {
      io.err(
        `yimen locker open: board ${c.board} reports lock ${lock} still closed (jammed, door pressed shut, or --polarity wrong)`,
      );
      return EXIT.deviceError;
    }
    return EXIT.ok;
  });
  if (typeof r === 'number') return r;
  io.err(`yimen locker open: ${r.portError}`);
  printJson(io, { board: c.board, lock, opened: null });
  return EXIT.noAnswer;
}

async function runStatus(argv: string[], io: CliIO): Promise<number> {
  const { values } = parseFlags(argv, FLAGS);
  const c = common(values);
  if (values.lock !== undefined) throw new UsageError('status reads every door of a board: no --lock');
  const codec = codecFor(c.protocol);
  const locks = intFlag(values.locks, 'locks', 1, codec.maxLocks) ?? (c.protocol === 'kerong' ? 16 : 24);
  const r = await withDriver(c, locks, undefined, io, async (driver) => {
    const res = await driver.status(c.board);
    if (!res.ok) {
      io.err(`yimen locker status: ${res.error.message}`);
      printJson(io, { board: c.board, doors: null });
      return EXIT.noAnswer;
    }
    printJson(io, { board: c.board, doors: res.value.doors });
    return EXIT.ok;
  });
  if (typeof r === 'number') return r;
  io.err(`yimen locker status: ${r.portError}`);
  printJson(io, { board: c.board, doors: null });
  return EXIT.noAnswer;
}

export const lockerCommand: Command = {
  name: 'locker',
  summary: 'Open a lock or read the doors of a lock-control board on an RS-485 port (8A/80 or Kerong CU).',
  usage: `${OPEN_USAGE} | ${STATUS_USAGE}`,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    if (sub === 'open') return runOpen(rest, io);
    if (sub === 'status') return runStatus(rest, io);
    throw new UsageError(`unknown subcommand "${sub ?? ''}" (open or status)`);
  },
};

export const lockerEmulatorEntry: EmulatorEntry = {
  usage: `locker --port PATH [--scenario ${LOCKER_SCENARIO_NAMES.join('|')}] [--baud N]`,
  async start(argv, io) {
    const { values } = parseFlags(argv, { port: { type: 'string' }, scenario: { type: 'string' }, baud: { type: 'string' } });
    if (!values.port) throw new UsageError('--port PATH is required');
    const scenario = values.scenario ?? 'default';
    if (!LOCKER_SCENARIO_NAMES.includes(scenario))
      throw new UsageError(`--scenario must be one of ${LOCKER_SCENARIO_NAMES.join(', ')}`);
    const transport = new SerialTransport({ path: values.port, baudRate: intFlag(values.baud, 'baud', 1200, 921600) ?? 9600 });
    const host = new LockerEmulatorHost(transport, scenario);
    await host.start();
    printJson(io, {
      emulating: 'locker',
      port: values.port,
      scenario,
      protocol: host.scenario.protocol,
      boards: host.scenario.boards.map((b) => ({ address: b.address, locks: b.locks })),
    });
    io.err(
      `yimen emulate: locker boards on ${values.port} (${host.scenario.description}); commands on stdin: ` +
        'open|close|jam|unjam|occupy|empty B L, silent|answer B, lose N, noise on|off, scenario NAME, state',
    );
    return { stop: () => host.stop(), command: (line) => host.command(line) };
  },
};
