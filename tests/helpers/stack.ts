import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBackoffice, type BackofficeOptions, type RunningBackoffice } from '../../backoffice/server.js';
import { boot, type Booted } from '../../main/core/boot.js';
import { startBrowserHost, type BrowserHost } from '../../main/shells/host/browser-host.js';
import { RENDERER_DIR } from './host.js';

export interface KioskStack {
  bo: RunningBackoffice;
  kiosk: Booted;
  /** The browser host, when asked for (`host: true`). */
  host: BrowserHost | null;
  dataDir: string;
  close(): Promise<void>;
}

/**
 * The whole product as a deployment runs it, in this process: the reference back office, the
 * kiosk booted from a config file in a fresh data dir (emulated devices, the real store), and
 * optionally the browser host serving the built UI.
 */
export async function startKioskStack(
  opts: { backoffice?: Omit<BackofficeOptions, 'dataDir' | 'port'>; config?: Record<string, unknown>; host?: boolean } = {},
): Promise<KioskStack> {
  const bo = await startBackoffice({ dataDir: null, port: 0, ...opts.backoffice });
  const dataDir = mkdtempSync(join(tmpdir(), 'yimen-stack-'));
  const cfg = join(dataDir, 'config.json');
  writeFileSync(cfg, JSON.stringify({ dataDir, backoffice: { url: bo.url, timeoutMs: 2000 }, ...opts.config }));
  const b = boot({ configFile: cfg, shell: 'browser', console: false });
  if (!b.ok) {
    await bo.close();
    throw new Error(b.error.message);
  }
  const kiosk = b.value;
  const host = opts.host ? await startBrowserHost({ core: kiosk.core, rendererDir: RENDERER_DIR, port: 0 }) : null;
  return {
    bo,
    kiosk,
    host,
    dataDir,
    close: async () => {
      await host?.close();
      await kiosk.close();
      kiosk.log.flush();
      await bo.close();
    },
  };
}
