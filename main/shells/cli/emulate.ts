/**
 * `yimen emulate <device> …`: run a device emulator on a serial port (one end of a socat pty pair,
 * or a real port looped to the kiosk through a null-modem cable) until SIGINT/SIGTERM.
 *
 * Adding an emulator: export an `EmulatorEntry` from your feature's CLI file (see
 * `idcardEmulatorEntry` in `idcard.ts`) and add ONE line to `EMULATORS` below, e.g.
 *     locker: lockerEmulatorEntry,
 * `start` parses its own flags (throw `UsageError` for bad ones), opens the port, starts the
 * emulator, prints one JSON object to stdout when ready, and returns how to stop it and,
 * optionally, how to handle a line typed on stdin (returning a reply for stderr).
 */
import { EXIT, UsageError, type CliIO, type Command } from './cli-kit.js';
import { idcardEmulatorEntry } from './idcard.js';
import { printerEmulatorEntry } from './printer.js';
import { lockerEmulatorEntry } from './locker.js';

export interface RunningEmulator {
  stop(): Promise<void>;
  /** One line from stdin (`place resident`, `scenario noisy`…); returns a reply for stderr. */
  command?(line: string): string;
}

export interface EmulatorEntry {
  /** Flags after the device name, for the help text. */
  usage: string;
  start(argv: string[], io: CliIO): Promise<RunningEmulator>;
}

export const EMULATORS: Record<string, EmulatorEntry> = {
  idcard: idcardEmulatorEntry,
  printer: printerEmulatorEntry,
  locker: lockerEmulatorEntry,
};

function usage(): string {
  return Object.entries(EMULATORS)
    .map(([, e]) => `emulate ${e.usage}`)
    .join(' | ');
}

export const emulateCommand: Command = {
  name: 'emulate',
  summary: 'Run a device emulator on a serial port until SIGINT/SIGTERM (stdin takes scenario commands).',
  get usage() {
    return usage();
  },
  async run(argv, io) {
    const [device, ...rest] = argv;
    const entry = device !== undefined && Object.hasOwn(EMULATORS, device) ? EMULATORS[device] : undefined;
    if (!entry) throw new UsageError(`unknown device "${device ?? ''}" (have: ${Object.keys(EMULATORS).join(', ')})`);
    let running: RunningEmulator;
    try {
      running = await entry.start(rest, io);
    } catch (e) {
      if (e instanceof UsageError) throw e;
      io.err(`yimen emulate: cannot start the ${device} emulator: ${(e as Error).message}`);
      return EXIT.deviceError;
    }
    return new Promise<number>((resolve) => {
      let stopping = false;
      const onLine = (chunk: Buffer | string): void => {
        for (const line of chunk.toString().split('\n')) {
          if (line.trim() === '' || !running.command) continue;
          io.err(running.command(line));
        }
      };
      const stop = (): void => {
        if (stopping) return;
        stopping = true;
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        process.stdin.off('data', onLine);
        process.stdin.pause();
        void running.stop().finally(() => {
          io.err('yimen emulate: stopped');
          resolve(EXIT.ok);
        });
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
      if (running.command) {
        process.stdin.on('data', onLine);
        process.stdin.on('error', () => undefined);
      }
    });
  },
};
