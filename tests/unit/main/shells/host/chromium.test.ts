import { describe, expect, it } from 'vitest';
import { chromiumArgs, chromiumPolicy } from '../../../../../main/shells/host/chromium.js';
import { contentSecurityPolicy } from '../../../../../main/shells/host/browser-host.js';

describe('chromium kiosk launch', () => {
  it('opens the kiosk as an app window in kiosk mode with the network shut but for the kiosk', () => {
    const args = chromiumArgs({ url: 'http://127.0.0.1:4000/?token=t', port: 4000, kiosk: true, userDataDir: '/d' });
    expect(args).toContain('--kiosk');
    expect(args).toContain('--app=http://127.0.0.1:4000/?token=t');
    expect(args).toContain('--proxy-bypass-list=<-loopback>;127.0.0.1:4000');
    expect(args.some((a) => a.startsWith('--proxy-server='))).toBe(true);
    expect(args).toContain('--user-data-dir=/d');
    expect(args).toContain('--disable-background-networking');
  });
  it('managed policy blocks every URL but the kiosk, devtools, downloads and printing dialogs', () => {
    const p = chromiumPolicy();
    expect(p.URLBlocklist).toEqual(['*']);
    expect(p.URLAllowlist).toContain('http://127.0.0.1');
    expect(p.DeveloperToolsAvailability).toBe(2);
    expect(p.DownloadRestrictions).toBe(3);
    expect(p.PrintingEnabled).toBe(false);
  });
  it('the page CSP allows only our scripts and our WebSocket', () => {
    const csp = contentSecurityPolicy('http://127.0.0.1:4000');
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain('connect-src ws://127.0.0.1:4000');
    expect(csp).not.toContain('unsafe');
  });
});
