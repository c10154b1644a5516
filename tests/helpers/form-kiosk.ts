/**
 * The e2e fixture of the form tests (pinyin, handwriting, form actions): one kiosk stack with the
 * browser host for the file, one Chromium, one page at a time (a page left open by a failed test
 * would lock the next one out of the single UI slot), and a way to the form of a matter with the
 * card read, in portrait or landscape, default or elder mode, in a locale.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { Booted } from '../../main/core/boot.js';
import type { BrowserHost } from '../../main/shells/host/browser-host.js';
import { launchBrowser, passFaceCheck } from './browser.js';
import { startKioskStack, type KioskStack } from './stack.js';

export const LAYOUTS = {
  portrait: { width: 1080, height: 1920 },
  landscape: { width: 1920, height: 1080 },
} as const;
export type Layout = keyof typeof LAYOUTS;

export interface FormOptions {
  elder?: boolean;
  /** The language button to press on the attract screen, e.g. '繁體中文（粵語）'. */
  locale?: string;
  /** The matter to open; 户籍证明开具 unless said. */
  matter?: string;
}

export interface FormKiosk {
  kiosk(): Booted;
  host(): BrowserHost;
  /** A new page (the only one open) at `layout`'s size, on the attract screen. */
  page(layout: Layout): Promise<Page>;
  /** A new page on `opts.matter`'s form with the demo resident's card read. */
  form(layout: Layout, opts?: FormOptions): Promise<Page>;
}

/** Registers the file's hooks (start, stop, reset between tests) and returns the fixture. */
export function useFormKiosk(): FormKiosk {
  let stack: KioskStack | undefined;
  let browser: Browser | undefined;
  let current: Page | null = null;
  const kiosk = (): Booted => {
    if (!stack) throw new Error('the kiosk stack is not started');
    return stack.kiosk;
  };
  const host = (): BrowserHost => {
    if (!stack?.host) throw new Error('the browser host is not started');
    return stack.host;
  };

  beforeAll(async () => {
    stack = await startKioskStack({ host: true });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });
  beforeEach(async () => {
    await current?.close();
    current = null;
    kiosk().core.devices.emulator('idcard')?.removeCard();
    await kiosk().core.dispatch('session.end', {}, { shell: 'browser' });
  });

  const page = async (layout: Layout): Promise<Page> => {
    if (!browser) throw new Error('the browser is not started');
    const p = await browser.newPage({ viewport: LAYOUTS[layout] });
    current = p;
    await p.goto(host().launchUrl());
    await p.getByRole('button', { name: '轻触屏幕开始办理' }).waitFor();
    return p;
  };

  const form = async (layout: Layout, opts: FormOptions = {}): Promise<Page> => {
    const p = await page(layout);
    if (opts.locale) await p.getByRole('button', { name: opts.locale, exact: true }).click();
    if (opts.elder) {
      // Elder mode on the attract screen also starts the session (tests/e2e/accessibility.test.ts).
      await p.getByRole('button', { name: '大字模式' }).click();
      await p.locator('html.elder').waitFor({ state: 'attached' });
    } else await p.getByRole('button', { name: /^(轻触屏幕开始办理|輕觸螢幕開始辦理|Touch the screen to start)$/ }).click();
    await p.locator(`[data-matter="${opts.matter ?? 'household-certificate'}"]`).click();
    // The matter's page (conditions, materials, fee…) comes first; 办理 goes on to identification.
    await p.locator('[data-action="start-matter"]').click();
    // A card counts only on the identify screen.
    await p.locator('.identify').waitFor();
    kiosk().core.devices.emulator('idcard')?.placeCard('resident');
    // An on-the-spot document on a card: the face check first (#15); the emulated camera shows the holder.
    await p.locator('.apply-form, .app[data-step="face.consent"]').first().waitFor();
    if ((await p.locator('.app[data-step="face.consent"]').count()) > 0) await passFaceCheck(p);
    await p.locator('.apply-form').waitFor();
    return p;
  };

  return { kiosk, host, page, form };
}
