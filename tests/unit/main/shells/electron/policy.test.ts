import { describe, expect, it } from 'vitest';
import {
  allowNavigation,
  allowPermission,
  isTrustedSender,
  recoveryAction,
  swallowShortcut,
  windowOpenDecision,
  windowOptions,
  type KeyInput,
} from '../../../../../main/shells/electron/policy.js';
import { contentSecurityPolicy } from '../../../../../main/shells/electron/csp.js';

const key = (k: string, mods: Partial<KeyInput> = {}): KeyInput => ({
  type: 'keyDown',
  key: k,
  control: false,
  meta: false,
  alt: false,
  shift: false,
  ...mods,
});

describe('electron window options', () => {
  it('lock the renderer down', () => {
    const o = windowOptions({ preload: '/app/preload.cjs', packaged: true, kiosk: true, methods: ['session.start'] });
    expect(o.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webviewTag: false,
      devTools: false,
      webSecurity: true,
    });
    expect(o.kiosk).toBe(true);
    expect(o.webPreferences.additionalArguments).toEqual(['--yimen-methods=session.start']);
  });
  it('keep devtools for development builds only', () => {
    expect(windowOptions({ preload: 'p', packaged: false, kiosk: false, methods: [] }).webPreferences.devTools).toBe(true);
  });
});

describe('navigation and permissions', () => {
  it('allow only our own scheme and host', () => {
    expect(allowNavigation('yimen://app/index.html')).toBe(true);
    expect(allowNavigation('yimen://app/#/home')).toBe(true);
    expect(allowNavigation('https://example.com/')).toBe(false);
    expect(allowNavigation('file:///etc/passwd')).toBe(false);
    expect(allowNavigation('yimen://evil/')).toBe(false);
    expect(allowNavigation('javascript:alert(1)')).toBe(false);
    expect(allowNavigation('not a url')).toBe(false);
  });
  it('deny new windows and every permission', () => {
    expect(windowOpenDecision()).toEqual({ action: 'deny' });
    for (const p of ['media', 'geolocation', 'notifications', 'hid', 'serial', 'usb', 'clipboard-read', 'fullscreen'])
      expect(allowPermission(p)).toBe(false);
  });
  it('trust IPC only from our main frame', () => {
    expect(isTrustedSender({ url: 'yimen://app/index.html', isMainFrame: true })).toBe(true);
    expect(isTrustedSender({ url: 'yimen://app/index.html', isMainFrame: false })).toBe(false);
    expect(isTrustedSender({ url: 'https://evil.example/', isMainFrame: true })).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
  });
  it('CSP allows no network and no inline script', () => {
    const csp = contentSecurityPolicy();
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("connect-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
  });
});

describe('shortcut filter', () => {
  it('swallows reload, devtools, zoom, print and navigation keys in packaged builds', () => {
    for (const k of [
      key('F5'),
      key('F12'),
      key('r', { control: true }),
      key('I', { control: true, shift: true }),
      key('+', { control: true }),
      key('0', { control: true }),
      key('p', { control: true }),
      key('ArrowLeft', { alt: true }),
      key('F4', { alt: true }),
      key('w', { meta: true }),
    ]) {
      expect(swallowShortcut(k, true), JSON.stringify(k)).toBe(true);
    }
  });
  it('lets ordinary typing through, and everything through in development', () => {
    for (const k of [key('a'), key('1'), key('Enter'), key('Backspace'), key('A', { shift: true })])
      expect(swallowShortcut(k, true)).toBe(false);
    expect(swallowShortcut(key('F12'), false)).toBe(false);
    expect(swallowShortcut({ ...key('r', { control: true }), type: 'keyUp' }, true)).toBe(false);
  });
});

describe('renderer crash recovery', () => {
  it('reloads with growing back-off, then exits non-zero for the supervisor', () => {
    const now = 1_000_000;
    expect(recoveryAction([now], now)).toEqual({ action: 'reload', delayMs: 1000 });
    expect(recoveryAction([now - 2, now - 1, now], now)).toEqual({ action: 'reload', delayMs: 4000 });
    const many = Array.from({ length: 6 }, (_, i) => now - i * 1000);
    expect(recoveryAction(many, now)).toEqual({ action: 'exit', code: 75 });
  });
  it('forgets crashes outside the window', () => {
    const now = 10_000_000;
    const old = Array.from({ length: 10 }, (_, i) => now - 11 * 60_000 - i);
    expect(recoveryAction([...old, now], now)).toEqual({ action: 'reload', delayMs: 1000 });
  });
});
