import WebSocket from 'ws';
import { SimulatedClock } from 'xstate';
import { KioskCore } from '../../main/core/kiosk-core.js';
import { startBrowserHost, type BrowserHost } from '../../main/shells/host/browser-host.js';
import { silentLogger } from '../../main/base/log/logger.js';
import { testConfig } from './core.js';

export const RENDERER_DIR = 'dist/renderer';

export interface TestKiosk {
  core: KioskCore;
  host: BrowserHost;
  clock: SimulatedClock;
  close(): Promise<void>;
}

/** The real core and browser host in this process, on a simulated clock the test drives. */
export async function startTestKiosk(over: Record<string, unknown> = {}): Promise<TestKiosk> {
  const clock = new SimulatedClock();
  clock.set(Date.now());
  const core = new KioskCore({
    config: testConfig(over),
    dataDir: '/nonexistent',
    logger: silentLogger(),
    shell: 'browser',
    clock,
  });
  const host = await startBrowserHost({ core, rendererDir: RENDERER_DIR, port: 0 });
  return {
    core,
    host,
    clock,
    close: async () => {
      await host.close();
      core.close();
    },
  };
}

/**
 * A kiosk page session the way a browser gets one: loads a fresh launch URL (spending its token)
 * and returns the `Cookie` header value the host set. Like any new launch, it takes the UI slot.
 */
export async function sessionCookie(host: BrowserHost): Promise<string> {
  const res = await fetch(host.launchUrl());
  if (res.status !== 200) throw new Error(`launch refused: HTTP ${res.status}`);
  const set = res.headers.get('set-cookie') ?? '';
  const m = /^(yimen_token=[^;]+);/.exec(set);
  if (!m?.[1]) throw new Error(`no session cookie in "${set}"`);
  return m[1];
}

/** Tries a WebSocket with these headers: opened, or refused with the HTTP status (if any). */
export function wsAttempt(url: string, headers: Record<string, string>): Promise<{ opened: boolean; status?: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => {
      ws.close();
      resolve({ opened: true });
    });
    ws.on('unexpected-response', (_req, res) => resolve({ opened: false, status: res.statusCode ?? 0 }));
    ws.on('error', () => resolve({ opened: false }));
  });
}
