import { join } from 'node:path';
import type { KioskConfig } from '../../../config/schema.js';
import type { RunningBackoffice } from '../../../backoffice/server.js';
import type { Logger } from '../../base/log/logger.js';

/**
 * On a demo terminal (every enabled device emulated, the back office on this machine) `yimen start`
 * also runs the reference back office, so that a newcomer's first journey works end to end: the
 * demo panel's pickup codes and identity QR codes come from it. If something already listens on
 * that address (a back office started by hand), that one is used. Never on a terminal with hardware.
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
  try {
    // Loaded only on a demo terminal, and after the kiosk serves.
    const { startBackoffice } = await import('../../../backoffice/server.js');
    return await startBackoffice({
      dataDir: join(opts.dataDir, 'demo-backoffice'),
      port: Number(url.port || '80'),
      host: '127.0.0.1',
      log: (line) => opts.log.debug(line, 'demo back office'),
    });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      opts.log.info({ url: url.href }, 'a back office already listens there: using it');
      return null;
    }
    opts.log.warn({ err: e }, 'demo back office not started');
    return null;
  }
}
