/// <reference lib="dom" />
/**
 * A kiosk page runs for months without a reload, so a session must leave nothing behind in the
 * renderer: after a few warm-up sessions, more sessions (home → language change → matter →
 * identify → end) must not add event listeners on window or document, DOM nodes, or timers
 * that keep the page busy. Counted through CDP (DOMDebugger.getEventListeners), not by memory
 * size. bench/renderer-heap-diff.ts is the heavier tool for finding what a leak is.
 */
import type { Browser, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../helpers/browser.js';
import { startTestKiosk, type TestKiosk } from '../helpers/host.js';

let kiosk: TestKiosk;
let browser: Browser;
let page: Page;
let cdp: CDPSession;

beforeAll(async () => {
  kiosk = await startTestKiosk();
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  cdp = await page.context().newCDPSession(page);
  await page.goto(kiosk.host.launchUrl());
  await page.locator('.app[data-phase="attract"]').waitFor();
});

afterAll(async () => {
  await browser?.close();
  await kiosk?.close();
});

const call = async (method: string, args: Record<string, unknown> = {}): Promise<void> => {
  const r = await kiosk.core.dispatch(method, args, { shell: 'browser' });
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
};

/** One short session through the screens that subscribe to things, ending back on attract. */
async function session(): Promise<void> {
  await call('session.start');
  await page.locator('[data-matter]').first().waitFor();
  await call('session.setLocale', { locale: 'en' });
  await page.locator('html[lang="en"]').waitFor();
  await call('session.setLocale', { locale: 'zh-HK' });
  await page.locator('html[lang="zh-HK"]').waitFor();
  await call('journey.choose', { purpose: 'apply', matterId: 'household-certificate' });
  await page.locator('.app[data-phase="identifying"]').waitFor();
  await call('session.end');
  await page.locator('.app[data-phase="attract"]').waitFor();
  await page.locator('html[lang="zh-CN"]').waitFor();
}

interface Census {
  windowListeners: string[];
  documentListeners: string[];
  elements: number;
}

async function census(): Promise<Census> {
  await cdp.send('HeapProfiler.collectGarbage');
  const listenersOf = async (expression: string): Promise<string[]> => {
    const { result } = await cdp.send('Runtime.evaluate', { expression });
    if (!result.objectId) throw new Error(`no object for ${expression}`);
    const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId });
    await cdp.send('Runtime.releaseObject', { objectId: result.objectId });
    return listeners.map((l) => `${l.type}${l.useCapture ? ' (capture)' : ''}`).sort();
  };
  return {
    windowListeners: await listenersOf('window'),
    documentListeners: await listenersOf('document'),
    elements: await page.evaluate(() => document.getElementsByTagName('*').length),
  };
}

describe('renderer retention across sessions', { timeout: 300_000 }, () => {
  it('sessions leave no window/document listeners or DOM nodes behind', async () => {
    for (let i = 0; i < 2; i++) await session();
    const before = await census();
    for (let i = 0; i < 10; i++) await session();
    const after = await census();
    expect(after).toEqual(before);
    // The page is still the app: the attract screen's listeners are there to be counted.
    expect(before.windowListeners.length).toBeGreaterThan(0);
  });
});
