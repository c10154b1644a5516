/**
 * One kiosk stack (back office, core, browser host) and one Chromium for an e2e file, with a fresh
 * page per test: `page()` opens it in its own context (axe needs one); after each test the page is
 * closed, the card taken off the reader and the session ended.
 */
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { BrowserHost } from '../../main/shells/host/browser-host.js';
import { launchBrowser } from './browser.js';
import { startKioskStack, type KioskStack } from './stack.js';

export function useKioskBrowser(opts: { config?: Record<string, unknown>; afterEach?: () => void } = {}): {
  stack: () => KioskStack;
  /** `setup` adds context options (a time zone…) and prepares the context before the first load (a fixed clock…). */
  page: (
    viewport: { width: number; height: number },
    setup?: { options?: BrowserContextOptions; before?: (context: BrowserContext) => Promise<void> },
  ) => Promise<Page>;
} {
  let stack: KioskStack | undefined;
  let browser: Browser | undefined;
  let current: Page | null = null;
  beforeAll(async () => {
    stack = await startKioskStack({ host: true, ...(opts.config ? { config: opts.config } : {}) });
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });
  afterEach(async () => {
    await current?.context().close();
    current = null;
    stack?.kiosk.core.devices.emulator('idcard')?.removeCard();
    await stack?.kiosk.core.dispatch('session.end', {}, { shell: 'browser' });
    opts.afterEach?.();
  });
  const running = (): KioskStack => {
    if (!stack) throw new Error('the kiosk stack is not started');
    return stack;
  };
  return {
    stack: running,
    page: async (viewport, setup) => {
      if (!browser) throw new Error('Chromium is not started');
      const context = await browser.newContext({ ...setup?.options, viewport });
      await setup?.before?.(context);
      current = await context.newPage();
      await current.goto((running().host as BrowserHost).launchUrl());
      return current;
    },
  };
}
