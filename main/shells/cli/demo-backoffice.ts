import { existsSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { KioskConfig } from '../../../config/schema.js';
import type { RunningBackoffice } from '../../../backoffice/server.js';
import type { Logger } from '../../base/log/logger.js';

/**
 * On a demo terminal (every enabled device emulated, the back office on this machine) `yimen start`
 * also runs the reference back office, so that a newcomer's first journey works end to end: the
 * demo panel's pickup codes and identity QR codes come from it. If something already listens on
 * that address (a back office started by hand), that one is used. Never on a terminal with hardware.
 *
 * Its data (a plain-text demo database and its seal key) lives beside the kiosk's data dir, never
 * inside it: `<dataDir>-backoffice` (see `demoBackofficeDir`), created only when this demo back
 * office actually starts (not for an external back office, nor when one already listens there).
 */
export async function startDemoBackoffice(opts: {
  config: KioskConfig;
  dataDir: string;
  log: Logger;
}): Promise<RunningBackoffice | null> {
  const enabled = opts.config.devices.filter((d) => d.enabled);
  if (enabled.length === 0 || !enabled.every((d) => d.transport.type === 'emulated')) return null;
  const url = new URL(opts.config.backoffice.url);
  if (url.protocol !== 'http:' || !['127.0.0.1', 'localhost'].includes(url.hostname)) return null;
  const port = Number(url.port || '80');
  if (!(await portFree(port))) {
    opts.log.info({ url: url.href }, 'a back office already listens there: using it');
    return null;
  }
  const dir = demoBackofficeDir(opts.dataDir);
  const existed = existsSync(dir);
  try {
    // Loaded only on a demo terminal, and after the kiosk serves.
    const { startBackoffice } = await import('../../../backoffice/server.js');
    return await startBackoffice({
      dataDir: dir,
      port,
      host: '127.0.0.1',
      log: (line) => opts.log.debug(line, 'demo back office'),
    });
  } catch (e) {
    // Taken in the moment since the probe, or not started at all: leave no folder behind.
    if (!existed) rmSync(dir, { recursive: true, force: true });
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      opts.log.info({ url: url.href }, 'a back office already listens there: using it');
      return null;
    }
    opts.log.warn({ err: e }, 'demo back office not started');
    return null;
  }
}

/** The demo back office's data dir: a sibling of the kiosk's (`/srv/kiosk` → `/srv/kiosk-backoffice`). */
export function demoBackofficeDir(dataDir: string): string {
  return `${dataDir.replace(/\/+$/, '')}-backoffice`;
}

/** Whether nothing listens on 127.0.0.1:port yet (a back office started by hand is used instead). */
function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    // Only "in use" counts as taken; another error (no permission) is left to the real start to report.
    probe.once('error', (e: NodeJS.ErrnoException) => resolve(e.code !== 'EADDRINUSE'));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}
