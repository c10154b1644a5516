import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { textFor } from '../../../config/catalog-schema.js';
import { loadBootConfig } from '../../core/boot-config.js';
import type { Booted, BootResult } from '../../core/boot.js';
import type { RunningBackoffice } from '../../../backoffice/server.js';
import { bindBrowserHost } from '../host/browser-host.js';
import { findChromium, launchChromium } from '../host/chromium.js';
import type { WatchdogFeeder } from '../../features/supervision/watchdog.js';
import type { Supervisor } from '../../features/supervision/supervisor.js';
import { EXIT, intFlag, parseFlags, UsageError, type CliIO, type Command } from './cli-kit.js';

const here = dirname(fileURLToPath(import.meta.url));
/** dist/main/shells/cli → dist/renderer */
export const RENDERER_DIR = join(here, '..', '..', '..', 'renderer');

/**
 * What the attract screen does not need (the demo panel and back office, the core's warm-up of its
 * search index and input methods) starts this long after the UI had its first view, so that it does
 * not compete with the first paint on a small machine (#18.7)…
 */
const SIDE_AFTER_FIRST_VIEW_MS = 1000;
/** …or this long after the core is up, when no UI has connected by then (headless, or a slow window). */
const SIDE_AT_LATEST_MS = 5000;

/**
 * The Electron binary, if this install has one: checked without `require('electron')`, whose
 * getter tries to download the binary when it is missing.
 */
export function electronBinary(): string | null {
  try {
    const pkg = createRequire(import.meta.url).resolve('electron/package.json');
    const dir = dirname(pkg);
    const pathFile = join(dir, 'path.txt');
    if (!existsSync(pathFile)) return null;
    const exe = join(process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(dir, 'dist'), readFileSync(pathFile, 'utf8').trim());
    return existsSync(exe) ? exe : null;
  } catch {
    return null;
  }
}

async function runBrowserHost(flags: { config?: string; headless: boolean; port?: number }, io: CliIO): Promise<number> {
  // Cold start: the config first (port, window, hall name), then the host binds and Chromium starts
  // loading the page while the core boots; the page holds a "starting" notice until the core is
  // attached and its API socket opens (see browser-host.ts).
  const loaded = loadBootConfig(flags.config ? { configFile: flags.config } : {});
  if (!loaded.ok) {
    io.err(`yimen: ${loaded.error.message}`);
    return EXIT.config;
  }
  const { config, dataDir } = loaded.value;
  const host = await bindBrowserHost({
    rendererDir: RENDERER_DIR,
    port: flags.port ?? config.host.port,
    hallName: { text: textFor(config.terminal.hallName, config.locale.default), lang: config.locale.default },
  });
  let kiosk: Booted | null = null;
  let demoBackofficeStarting: Promise<RunningBackoffice | null> | null = null;
  let browser: ChildProcess | null = null;
  let stopping = false;
  // On Linux without a graphical session (a server, an SSH login) a kiosk window cannot open: serve only.
  const noDisplay = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
  const chromium = flags.headless || noDisplay ? null : findChromium(config.host.chromiumPath);
  let watchdog: WatchdogFeeder | null = null;
  /** Set once the core is up (the supervisor needs it); Chromium starts before. */
  let supervisor: Supervisor | null = null;
  /** Set when the supervisor killed Chromium to reload it: its exit is not a failure. */
  let reloading = false;
  /** Chromium exited while the core was booting: open it again once the supervisor is there. */
  let reopenWhenUp = false;

  const open = (): void => {
    if (chromium === null || stopping) return;
    // Every Chromium start (first launch, supervisor reload, restart after a crash) gets a fresh
    // one-time token: the one on the previous command line is spent or void.
    browser = launchChromium(chromium, {
      url: host.launchUrl(),
      port: host.port,
      kiosk: config.host.kiosk,
      userDataDir: join(dataDir, 'chromium'),
    });
    supervisor?.uiLoaded();
    browser.on('exit', (code, signal) => {
      browser = null;
      if (stopping) return;
      if (reloading) {
        reloading = false;
        open();
        return;
      }
      if (supervisor === null) {
        reopenWhenUp = true;
        return;
      }
      kiosk?.log.warn({ code, signal }, 'chromium exited');
      const next = supervisor.uiFailed('chromium-exited', { code: code ?? -1, signal: signal ?? '' });
      if (next !== null && next.action !== 'reload')
        io.err('yimen: the kiosk window keeps failing; stopping so the system supervisor can restart the kiosk.');
    });
  };

  let resolveExit: (code: number) => void = () => undefined;
  const exited = new Promise<number>((r) => (resolveExit = r));
  const shutdown = async (code: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    supervisor?.stop();
    await watchdog?.stop();
    browser?.kill('SIGTERM');
    await host.close();
    // The core, its devices, then the data services (the last signed audit checkpoint).
    await kiosk?.close();
    await (await demoBackofficeStarting)?.close();
    kiosk?.log.info('yimen stopped');
    kiosk?.log.flush();
    resolveExit(code);
  };
  process.once('SIGINT', () => void shutdown(EXIT.ok));
  process.once('SIGTERM', () => void shutdown(EXIT.ok));

  io.err(`yimen: kiosk ${config.terminal.id} serving at ${host.origin}`);
  // The launch address is printed only when no kiosk window opens here; it is good for one page load.
  const printLaunch = (why: string): void => {
    io.err(`yimen: ${why}: open ${host.launchUrl()} in a browser on this machine.`);
    io.err(
      'yimen: that address is single-use: its first page load exchanges the token for a cookie; reloads in the same browser keep working, another browser is refused (restart yimen for a new address).',
    );
  };
  if (flags.headless) {
    printLaunch('headless (Ctrl+C stops)');
  } else if (noDisplay) {
    printLaunch('no graphical display here (DISPLAY/WAYLAND_DISPLAY unset)');
  } else if (chromium === null) {
    printLaunch(`no Chromium at ${config.host.chromiumPath}`);
  } else {
    open();
  }

  // The core, meanwhile: its modules are the bulk of the start-up, loaded only now.
  let booted: BootResult;
  const [{ boot }, { startDemoBackoffice }, { Supervisor }, { startWatchdog }] = await Promise.all([
    import('../../core/boot.js'),
    import('./demo-backoffice.js'),
    import('../../features/supervision/supervisor.js'),
    import('../../features/supervision/watchdog.js'),
  ]).catch(async (err: unknown) => {
    await shutdown(EXIT.restart);
    throw err;
  });
  try {
    booted = boot({
      shell: 'browser',
      loaded: loaded.value,
      // Staff "restart": exit non-zero so the supervisor (systemd Restart=always) starts a fresh kiosk.
      // Exit to the OS is for the Electron shell only; the browser host refuses it.
      shellHooks: { restart: () => void shutdown(EXIT.restart) },
      // Warmed below, once the attract screen is up.
      warmUpAfterMs: null,
    });
  } catch (err) {
    // A bug, not a config error: stop the host and the window, then let bin/yimen.js report it.
    await shutdown(EXIT.restart);
    throw err;
  }
  if (!booted.ok) {
    io.err(`yimen: ${booted.error.message}`);
    await shutdown(EXIT.config);
    return exited;
  }
  kiosk = booted.value;
  if (stopping) {
    // Ctrl+C while the core was booting: shutdown() has already run without it.
    await kiosk.close();
    return exited;
  }
  const { core, log, data } = kiosk;
  // The kiosk serves its attract screen first; the rest comes once it is up (or at the latest
  // SIDE_AT_LATEST_MS from now). The timers do not keep the process alive.
  const attractUp = Promise.race([
    host.uiServed.then(() => delay(SIDE_AFTER_FIRST_VIEW_MS, undefined, { ref: false })),
    delay(SIDE_AT_LATEST_MS, undefined, { ref: false }),
  ]);
  await host.attach(core, { demoPanelAfter: attractUp });
  // Stopped meanwhile (Ctrl+C, SIGTERM): start nothing more; shutdown() has closed what was there.
  if (stopping) return exited;
  // Then: the core's warm-up, the demo back office (demo terminals only) and the demo panel.
  const sideStarted = (async (): Promise<void> => {
    await attractUp;
    if (stopping) return;
    core.warmUp();
    demoBackofficeStarting = startDemoBackoffice({ config, dataDir, log });
    const [demoBackoffice] = await Promise.all([demoBackofficeStarting, host.demoSettled]);
    // Stopped meanwhile: shutdown() closes the demo back office.
    if (stopping) return;
    if (demoBackoffice !== null) io.err(`yimen: demo terminal: the reference back office runs at ${demoBackoffice.url}`);
    if (host.demoUrl !== null) io.err(`yimen: every device is emulated: play them from the demo panel at ${host.demoUrl}`);
  })();
  void sideStarted.catch(async (err: unknown) => {
    // A bug (the demo panel or back office did not start): stop, for the system supervisor to restart the kiosk.
    log.error({ err }, 'the demo side did not start');
    io.err(`yimen: the demo side did not start: ${err instanceof Error ? err.message : String(err)}`);
    await shutdown(EXIT.restart);
  });
  // Escalation (reload → restart → reboot), frozen-UI check, daily restart, resource samples.
  supervisor = new Supervisor({
    core,
    config: config.supervision,
    dataDir,
    log,
    watchUi: chromium !== null,
    audit: () => data?.audit ?? null,
    resourceSink: () => data?.deviceEvents ?? null,
    browserPid: () => browser?.pid ?? null,
    host: {
      reloadUi: () => {
        if (browser === null) return open();
        reloading = true;
        browser.kill('SIGKILL');
      },
      uiConnected: () => host.clients() > 0,
      exit: (code) => void shutdown(code),
    },
  });

  // Under systemd (Type=notify, WatchdogSec=): READY=1, then WATCHDOG=1 pings; a no-op elsewhere.
  const feeder = await startWatchdog({ log, status: `kiosk ${config.terminal.id} on 127.0.0.1:${host.port}` });
  if (stopping) {
    await feeder?.stop();
    return exited;
  }
  watchdog = feeder;
  supervisor.start();
  if (reopenWhenUp) {
    log.warn('chromium exited while the core was starting; opening it again');
    open();
  }
  return exited;
}

async function runElectron(exe: string, config: string | undefined, io: CliIO): Promise<number> {
  const appDir = join(here, '..', '..', '..');
  const child = spawn(exe, [appDir, ...(config ? [`--config=${config}`] : [])], { stdio: 'inherit' });
  return new Promise((resolve) => {
    child.on('exit', (code) => resolve(code ?? 1));
    child.on('error', (err) => {
      io.err(`yimen: could not start Electron: ${err.message}`);
      resolve(1);
    });
  });
}

export const startCommand: Command = {
  name: 'start',
  summary: 'run the kiosk (Electron when its binary is present, else the browser host)',
  usage: 'yimen start [--config FILE] [--headless] [--port N] [--shell auto|electron|browser]',
  async run(argv, io) {
    const { values } = parseFlags(argv, {
      config: { type: 'string' },
      headless: { type: 'boolean', default: false },
      port: { type: 'string' },
      shell: { type: 'string', default: 'auto' },
    });
    const shell = values.shell;
    if (shell !== 'auto' && shell !== 'electron' && shell !== 'browser')
      throw new UsageError('--shell must be auto, electron or browser');
    const port = intFlag(values.port, 'port', 0, 65535);
    const exe = shell === 'browser' || values.headless ? null : electronBinary();
    if (shell === 'electron' && exe === null) {
      io.err('yimen: the Electron binary is not installed here; use --shell browser.');
      return EXIT.usage;
    }
    if (exe !== null) {
      io.err('yimen: starting the Electron shell.');
      return runElectron(exe, values.config, io);
    }
    io.err(
      values.headless
        ? 'yimen: starting the browser host (headless).'
        : 'yimen: starting the browser host with system Chromium (no Electron binary installed).',
    );
    return runBrowserHost(
      { headless: values.headless, ...(values.config ? { config: values.config } : {}), ...(port !== undefined ? { port } : {}) },
      io,
    );
  },
};
