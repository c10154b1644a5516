/**
 * Shared pieces of the `yimen` command: the command interface, exit codes and output helpers.
 * Machine-readable output is one JSON object on stdout; human messages go to stderr.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export const EXIT = {
  ok: 0,
  usage: 1,
  /** No card / nothing to do. */
  nothing: 2,
  /** The device did not answer, or answered garbage. */
  noAnswer: 3,
  /** The device reported an error. */
  deviceError: 4,
  /** The citizen's side interrupted the operation (an ID card taken away mid-read): try again. */
  interrupted: 5,
  /** Restart requested (sysexits EX_TEMPFAIL): the supervisor starts the kiosk again. */
  restart: 75,
  /** Bad configuration (sysexits EX_CONFIG). */
  config: 78,
} as const;

export interface CliIO {
  out(text: string): void;
  err(text: string): void;
}

export const processIO: CliIO = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
};

export interface Command {
  /** First word after `yimen`. */
  name: string;
  summary: string;
  usage: string;
  run(argv: string[], io: CliIO): Promise<number>;
}

export class UsageError extends Error {}

export function printJson(io: CliIO, value: unknown): void {
  io.out(JSON.stringify(value));
}

/** `parseArgs` in strict mode; unknown flags become a UsageError with a readable message. */
export function parseFlags<T extends NonNullable<ParseArgsConfig['options']>>(
  argv: string[],
  options: T,
  allowPositionals = false,
) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

export function intFlag(value: string | undefined, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`--${name} must be a whole number`);
  const n = Number(value);
  if (n < min || n > max) throw new UsageError(`--${name} must be between ${min} and ${max}`);
  return n;
}
