import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';

export type { Logger } from 'pino';

export interface LoggerOptions {
  level: string;
  /** Rotating log files go here; none when undefined (CLI one-shots, tests). */
  dir?: string;
  rotateMiB?: number;
  keepFiles?: number;
  /** Console copy: stderr, so that stdout stays free for machine-readable output. */
  console?: boolean;
}

/**
 * Fields that may carry personal data. pino removes them from every log line, wherever a
 * caller put them by mistake; masked values go under other names (`maskedId`, `maskedName`).
 */
export const REDACTED_PATHS = [
  'idNumber',
  'name',
  'address',
  'phone',
  'photo',
  'personal',
  '*.idNumber',
  '*.name',
  '*.address',
  '*.phone',
  '*.photo',
  '*.personal',
];

export function createLogger(opts: LoggerOptions): Logger {
  const targets: pino.TransportTargetOptions[] = [];
  if (opts.dir !== undefined) {
    mkdirSync(opts.dir, { recursive: true, mode: 0o700 });
    targets.push({
      target: 'pino-roll',
      level: opts.level,
      options: {
        file: join(opts.dir, 'yimen'),
        extension: '.log',
        size: `${opts.rotateMiB ?? 10}m`,
        frequency: 'daily',
        mkdir: true,
        limit: { count: opts.keepFiles ?? 200 },
      },
    });
  }
  if (opts.console !== false) {
    targets.push({ target: 'pino/file', level: opts.level, options: { destination: 2 } });
  }
  const base = { level: opts.level, redact: { paths: REDACTED_PATHS, remove: true } };
  if (targets.length === 0) return pino({ ...base, enabled: false });
  return pino(base, pino.transport({ targets }));
}

/** A logger that writes nothing, for tests and pure helpers. */
export function silentLogger(): Logger {
  return pino({ enabled: false });
}
