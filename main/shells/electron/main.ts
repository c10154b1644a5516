/**
 * The Electron shell. Thin: it owns the window and its lockdown, and forwards IPC to the same
 * core the browser host uses. Everything it decides is in `policy.ts`, unit-tested.
 * It cannot be launched on the build machines (no Electron binary); it is type-checked there.
 */
import { app, BrowserWindow, ipcMain, net, powerSaveBlocker, protocol, session, type WebContents } from 'electron';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join, normalize, sep } from 'node:path';
import { err } from '../../../common/result.js';
import { METHOD_NAMES } from '../../base/api/contract.js';
import { boot } from '../../core/boot.js';
import { startWatchdog } from '../../features/supervision/watchdog.js';
import { Supervisor } from '../../features/supervision/supervisor.js';
import { SafeStorageKeySource } from './safe-storage-key.js';
import {
  APP_ORIGIN,
  APP_SCHEME,
  IPC_CALL,
  IPC_EVENT,
  allowNavigation,
  allowPermission,
  isTrustedSender,
  swallowShortcut,
  windowOpenDecision,
  windowOptions,
} from './policy.js';
import { contentSecurityPolicy } from './csp.js';

const here = dirname(fileURLToPath(import.meta.url));
const rendererDir = join(here, '..', '..', '..', 'renderer');
const configArg = process.argv.find((a) => a.startsWith('--config='))?.slice('--config='.length);

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);
app.enableSandbox();
if (!app.requestSingleInstanceLock()) app.exit(0);

type BootResult = ReturnType<typeof boot>;
let booted: BootResult | null = null;

/**
 * Staff actions: restart exits 75 so the OS supervisor starts the kiosk again; exit to the OS
 * is allowed only where the site's config permits it (the maintenance service checks that).
 */
function quit(code: number): void {
  const kiosk = booted?.ok ? booted.value : null;
  void (kiosk ? kiosk.close() : Promise.resolve()).finally(() => app.exit(code));
}

/** Boots after `ready`: Electron's safeStorage (which protects the data keys) needs it. */
function bootKiosk(): BootResult {
  const result = boot({
    shell: 'electron',
    ...(configArg ? { configFile: configArg } : {}),
    keySource: (dataDir) => new SafeStorageKeySource(dataDir),
    shellHooks: { restart: () => quit(75), exitToOs: () => quit(0) },
  });
  if (!result.ok) {
    process.stderr.write(`yimen: ${result.error.message}\n`);
    app.exit(78);
  }
  return result;
}

function serveApp(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== 'app') return new Response('Not found', { status: 404 });
    const rel = normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, '') || 'index.html';
    if (rel.startsWith('..') || rel.includes(`${sep}..`)) return new Response('Not found', { status: 404 });
    const res = await net.fetch(pathToFileURL(join(rendererDir, rel)).toString());
    const headers = new Headers(res.headers);
    headers.set('Content-Security-Policy', contentSecurityPolicy());
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(res.body, { status: res.status, headers });
  });
}

function lockDown(contents: WebContents, packaged: boolean): void {
  contents.on('will-navigate', (event, url) => {
    if (!allowNavigation(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!allowNavigation(url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(() => windowOpenDecision());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.on('before-input-event', (event, input) => {
    if (swallowShortcut(input, packaged)) event.preventDefault();
  });
  if (packaged) contents.on('devtools-opened', () => contents.closeDevTools());
}

async function createWindow(): Promise<void> {
  booted = bootKiosk();
  if (!booted.ok) return;
  const { core, log, data } = booted.value;
  const packaged = app.isPackaged;
  session.defaultSession.setPermissionRequestHandler((_wc, permission, callback) => callback(allowPermission(permission)));
  session.defaultSession.setPermissionCheckHandler((_wc, permission) => allowPermission(permission));
  session.defaultSession.setDevicePermissionHandler(() => false);
  serveApp();

  const win = new BrowserWindow(
    windowOptions({
      preload: join(here, 'preload.cjs'),
      packaged,
      kiosk: packaged || process.env.YIMEN_KIOSK === '1',
      methods: METHOD_NAMES,
    }),
  );
  lockDown(win.webContents, packaged);
  win.once('ready-to-show', () => win.show());

  ipcMain.handle(IPC_CALL, async (event, method: unknown, args: unknown) => {
    const frame = event.senderFrame;
    if (
      event.sender !== win.webContents ||
      !isTrustedSender(frame ? { url: frame.url, isMainFrame: frame === event.sender.mainFrame } : null)
    ) {
      log.warn('electron: IPC from an untrusted frame refused');
      return err('forbidden', 'Not allowed.');
    }
    if (typeof method !== 'string') return err('unknown-method', 'Not allowed.');
    return core.dispatch(method, args, { shell: 'electron' });
  });
  core.bus.onAny((name, payload) => {
    if (!win.isDestroyed()) win.webContents.send(IPC_EVENT, name, payload);
  });

  // Crashes and frozen UIs climb the supervisor's ladder: reload (back-off) → restart → reboot.
  let rendererGone = false;
  win.webContents.on('render-process-gone', (_e, details) => {
    rendererGone = true;
    log.error({ reason: details.reason, exitCode: details.exitCode }, 'electron: renderer gone');
    supervisor.uiFailed(`renderer-${details.reason}`, { exitCode: details.exitCode });
  });
  win.webContents.on('did-finish-load', () => {
    rendererGone = false;
    supervisor.uiLoaded();
  });
  win.webContents.on('unresponsive', () => log.warn('electron: renderer unresponsive'));

  const supervisor = new Supervisor({
    core,
    config: core.config.supervision,
    dataDir: booted.value.dataDir,
    log,
    audit: () => data?.audit ?? null,
    resourceSink: () => data?.deviceEvents ?? null,
    host: {
      // A crashed renderer cannot reload in place: load the page again.
      reloadUi: () => (rendererGone ? void win.loadURL(`${APP_ORIGIN}/index.html`) : win.webContents.reload()),
      uiConnected: () => !win.isDestroyed() && !rendererGone && !win.webContents.isLoading(),
      exit: (code) => quit(code),
    },
  });
  supervisor.start();
  app.once('will-quit', () => supervisor.stop());
  const watchdog = await startWatchdog({ log, status: `kiosk ${core.config.terminal.id} (Electron)` });
  app.once('will-quit', () => void watchdog?.stop());

  powerSaveBlocker.start('prevent-display-sleep');
  await win.loadURL(`${APP_ORIGIN}/index.html`);
}

app.on('web-contents-created', (_e, contents) => lockDown(contents, app.isPackaged));
app.on('window-all-closed', () => app.quit());
app.on('before-quit', () => {
  if (booted?.ok) booted.value.core.close();
});
void app.whenReady().then(createWindow);
