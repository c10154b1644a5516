/**
 * Log export for technicians: the kiosk's log files copied, masked line by line (ID numbers and
 * mobile numbers that slipped into a line), to a folder on a USB stick.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { Clock } from '../session/service.js';
import { actionDone, type ActionResult, type RecordAction } from './action-result.js';

/** Masks ID numbers and mobile numbers that might have slipped into a log line. */
export function maskLogLine(line: string): string {
  return line
    .replace(/(?<![0-9])([1-9])[0-9]{15}([0-9])[0-9Xx](?![0-9])/g, (_m, a: string, b: string) => `${a}${'*'.repeat(15)}${b}*`)
    .replace(/(?<![0-9])(1[3-9])[0-9]{5}([0-9]{4})(?![0-9])/g, (_m, a: string, b: string) => `${a}*****${b}`);
}

export interface LogExportOptions {
  terminalId: string;
  /** The data dir (logs are in `<dataDir>/logs`); null when the kiosk keeps none. */
  dataDir: string | null;
  clock: Pick<Clock, 'now'>;
  record: RecordAction;
}

/** Copies the log files, masked, to `folder` (an absolute path to an existing folder). */
export function exportLogs(o: LogExportOptions, folder: string): ActionResult {
  const done = (outcome: string, detail: Record<string, string | number | null>): ActionResult =>
    actionDone(o.record, 'export-logs', outcome, detail);
  if (!isAbsolute(folder) || !existsSync(folder) || !statSync(folder).isDirectory()) return done('no-such-folder', {});
  if (!o.dataDir) return done('no-logs', {});
  const logDir = join(o.dataDir, 'logs');
  if (!existsSync(logDir)) return done('no-logs', {});
  const stamp = new Date(o.clock.now()).toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
  const target = join(folder, `yimen-logs-${o.terminalId}-${stamp}`);
  let files = 0;
  try {
    mkdirSync(target, { recursive: true });
    for (const f of readdirSync(logDir)) {
      const src = join(logDir, f);
      if (!statSync(src).isFile()) continue;
      if (/\.(log|jsonl|txt)(\.\d+)?$/.test(f)) {
        writeFileSync(join(target, f), readFileSync(src, 'utf8').split('\n').map(maskLogLine).join('\n'));
      } else if (/\.gz$/.test(f)) {
        continue; // compressed archives cannot be masked line by line: left on the kiosk
      } else {
        copyFileSync(src, join(target, f));
      }
      files++;
    }
  } catch (e) {
    return done('write-failed', { reason: (e as NodeJS.ErrnoException).code ?? 'error' });
  }
  return done('ok', { files, folder: target });
}
