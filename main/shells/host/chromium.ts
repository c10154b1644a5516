/**
 * Debian's Chromium as the kiosk window: command-line switches for a locked-down kiosk, and
 * the managed-policy file that the deb package installs (`/etc/chromium/policies/managed/`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface ChromiumLaunchOptions {
  url: string;
  /** The browser host's port: the only address the window may reach. */
  port: number;
  kiosk: boolean;
  userDataDir: string;
  headless?: boolean;
}

/**
 * The switches for the kiosk window. Beside the managed policy, the network is shut for
 * everything but the kiosk itself: all traffic goes to a proxy that does not exist, except the
 * kiosk's own address (loopback is not bypassed implicitly, so other local ports are shut too).
 */
export function chromiumArgs(opts: ChromiumLaunchOptions): string[] {
  const args = [
    `--user-data-dir=${opts.userDataDir}`,
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-translate',
    '--disable-features=Translate,TranslateUI,MediaRouter,OptimizationHints,DownloadBubble',
    '--disable-pinch',
    '--overscroll-history-navigation=0',
    '--disable-session-crashed-bubble',
    '--noerrdialogs',
    '--disable-infobars',
    '--autoplay-policy=no-user-gesture-required',
    '--proxy-server=http://127.0.0.1:9',
    `--proxy-bypass-list=<-loopback>;127.0.0.1:${opts.port}`,
  ];
  if (opts.headless) args.push('--headless=new');
  args.push(opts.kiosk ? '--kiosk' : '--start-maximized', `--app=${opts.url}`);
  return args;
}

/** The Chromium managed policy for a yimen kiosk (Chromium's policy names and values). */
export function chromiumPolicy(): Record<string, unknown> {
  return {
    URLBlocklist: ['*'],
    URLAllowlist: ['http://127.0.0.1', 'chrome://crash'],
    DeveloperToolsAvailability: 2,
    DownloadRestrictions: 3,
    PrintingEnabled: false,
    AllowFileSelectionDialogs: false,
    IncognitoModeAvailability: 1,
    BrowserGuestModeEnabled: false,
    BrowserAddPersonEnabled: false,
    BrowserSignin: 0,
    SyncDisabled: true,
    PasswordManagerEnabled: false,
    AutofillAddressEnabled: false,
    AutofillCreditCardEnabled: false,
    TranslateEnabled: false,
    SpellcheckEnabled: false,
    DefaultNotificationsSetting: 2,
    DefaultGeolocationSetting: 2,
    DefaultPopupsSetting: 2,
    AudioCaptureAllowed: false,
    VideoCaptureAllowed: false,
    ScreenCaptureAllowed: false,
    ExtensionInstallBlocklist: ['*'],
    EditBookmarksEnabled: false,
    BookmarkBarEnabled: false,
    HideWebStoreIcon: true,
    MetricsReportingEnabled: false,
    SafeBrowsingProtectionLevel: 0,
    TaskManagerEndProcessEnabled: false,
  };
}

export function findChromium(configured: string): string | null {
  for (const p of [configured, '/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (existsSync(p)) return p;
  }
  return null;
}

export function launchChromium(executable: string, opts: ChromiumLaunchOptions): ChildProcess {
  return spawn(executable, chromiumArgs(opts), { stdio: 'ignore' });
}
