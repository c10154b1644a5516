/**
 * The Electron shell's decisions, as pure functions with unit tests: window options, which
 * navigations and permissions are allowed (none but our own origin / nothing), which keyboard
 * shortcuts are swallowed, and how the shell recovers from a crashed renderer.
 * No import of 'electron' here: types are structural so the tests run in plain Node.
 */

export const APP_SCHEME = 'yimen';
export const APP_ORIGIN = `${APP_SCHEME}://app`;
export const IPC_CALL = 'yimen:call';
export const IPC_EVENT = 'yimen:event';
/** The preload reads the allow-listed method names from this switch (see preload.cts). */
export const METHODS_SWITCH = '--yimen-methods=';

export interface KioskWindowOptions {
  show: boolean;
  kiosk: boolean;
  fullscreen: boolean;
  frame: boolean;
  autoHideMenuBar: boolean;
  backgroundColor: string;
  webPreferences: {
    preload: string;
    sandbox: true;
    contextIsolation: true;
    nodeIntegration: false;
    nodeIntegrationInWorker: false;
    nodeIntegrationInSubFrames: false;
    webSecurity: true;
    allowRunningInsecureContent: false;
    webviewTag: false;
    navigateOnDragDrop: false;
    spellcheck: false;
    devTools: boolean;
    enableWebSQL: false;
    safeDialogs: true;
    disableDialogs: true;
    autoplayPolicy: 'no-user-gesture-required';
    additionalArguments: string[];
  };
}

export function windowOptions(opts: {
  preload: string;
  packaged: boolean;
  kiosk: boolean;
  methods: readonly string[];
}): KioskWindowOptions {
  return {
    show: false,
    kiosk: opts.kiosk,
    fullscreen: opts.kiosk,
    frame: !opts.kiosk,
    autoHideMenuBar: true,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: opts.preload,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: !opts.packaged,
      enableWebSQL: false,
      safeDialogs: true,
      disableDialogs: true,
      autoplayPolicy: 'no-user-gesture-required',
      additionalArguments: [`${METHODS_SWITCH}${opts.methods.join(',')}`],
    },
  };
}

/** Only our own pages, and only by our own scheme. */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === 'app';
  } catch {
    return false;
  }
}

/** `will-navigate`: in-app routes are fine; anything else is refused. */
export function allowNavigation(url: string): boolean {
  return isAppUrl(url);
}

/** `setWindowOpenHandler`: the kiosk never opens windows. */
export function windowOpenDecision(): { action: 'deny' } {
  return { action: 'deny' };
}

/** Permission requests and checks: deny all (no camera, mic, geolocation, notifications, HID…). */
export function allowPermission(_permission: string): boolean {
  return false;
}

/** IPC sender check: the message must come from the main frame of our own page. */
export function isTrustedSender(frame: { url: string; isMainFrame: boolean } | null): boolean {
  return frame !== null && frame.isMainFrame && isAppUrl(frame.url);
}

export interface KeyInput {
  type: string;
  key: string;
  code?: string;
  control: boolean;
  meta: boolean;
  alt: boolean;
  shift: boolean;
}

/**
 * `before-input-event`: in packaged builds swallow reload, devtools, zoom, print, find, save,
 * open, new window, close, view-source, full-screen toggles and browser navigation keys.
 */
export function swallowShortcut(input: KeyInput, packaged: boolean): boolean {
  if (!packaged) return false;
  if (input.type !== 'keyDown' && input.type !== 'rawKeyDown') return false;
  const key = input.key.length === 1 ? input.key.toLowerCase() : input.key;
  const mod = input.control || input.meta;
  if (['F5', 'F11', 'F12', 'F3', 'F7', 'BrowserBack', 'BrowserForward', 'BrowserRefresh', 'BrowserHome'].includes(key))
    return true;
  if (input.alt && (key === 'ArrowLeft' || key === 'ArrowRight' || key === 'Home' || key === 'F4')) return true;
  if (mod && ['r', 'p', 's', 'o', 'n', 't', 'w', 'f', 'g', 'u', 'j', 'h', 'd', 'l', 'q', '+', '-', '=', '0', '_'].includes(key))
    return true;
  if (mod && input.shift && ['i', 'j', 'c', 'r', 'delete', 'Delete'].includes(key)) return true;
  return false;
}

/**
 * After the renderer process dies: reload with back-off, and when it keeps dying, exit non-zero
 * so the OS supervisor (systemd `Restart=always`) restarts the whole app.
 */
export interface RecoveryPolicy {
  /** Crashes counted within this window (ms). */
  windowMs: number;
  maxReloads: number;
  baseDelayMs: number;
  maxDelayMs: number;
}
export const DEFAULT_RECOVERY: RecoveryPolicy = { windowMs: 10 * 60_000, maxReloads: 5, baseDelayMs: 1000, maxDelayMs: 30_000 };

export type RecoveryAction = { action: 'reload'; delayMs: number } | { action: 'exit'; code: number };

export function recoveryAction(
  crashTimes: readonly number[],
  now: number,
  policy: RecoveryPolicy = DEFAULT_RECOVERY,
): RecoveryAction {
  const recent = crashTimes.filter((t) => now - t <= policy.windowMs).length;
  if (recent > policy.maxReloads) return { action: 'exit', code: 75 };
  const delayMs = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, recent - 1));
  return { action: 'reload', delayMs };
}
