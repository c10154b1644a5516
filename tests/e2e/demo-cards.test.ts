/**
 * The demo panel's ID cards show what they promise, through the real protocol code: the demo
 * controller drives the emulator, which answers the real driver over the SAM_V bytes.
 *
 * - "Pull mid-read": the reader's reply stops partway and the card is gone (select fails): the kiosk
 *   says the card was taken away too early and stays on identify — it never reaches the form.
 * - The bad-check-digit card has valid dates: the kiosk says the check failed, not "expired".
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CardEvent } from '../../drivers/idcard/idcard-driver.js';
import { silentLogger } from '../../main/base/log/logger.js';
import { DemoController } from '../../main/shells/demo/demo-controller.js';
import { launchBrowser, screenshot } from '../helpers/browser.js';
import { startTestKiosk, type TestKiosk } from '../helpers/host.js';

const EMULATED = [
  { id: 'idcard', kind: 'idcard', transport: { type: 'emulated' }, options: { pollMs: 100 } },
  { id: 'receipt', kind: 'receipt-printer', transport: { type: 'emulated' } },
  { id: 'a4', kind: 'a4-printer', transport: { type: 'emulated' }, options: { pollMs: 0 } },
  { id: 'locker', kind: 'locker', transport: { type: 'emulated' } },
  { id: 'scanner', kind: 'scanner', transport: { type: 'emulated' } },
];

type Strings = Record<string, Record<string, string>>;
const strings = (locale: string): Strings =>
  JSON.parse(readFileSync(`renderer/src/i18n/locales/${locale}.json`, 'utf8')) as Strings;

let kiosk: TestKiosk;
let demo: DemoController;
let browser: Browser;
let page: Page | null = null;

beforeAll(async () => {
  kiosk = await startTestKiosk({ devices: EMULATED });
  // The core starts its devices itself: wait until the reader answers.
  await new Promise<void>((resolve) => {
    const ready = (): boolean => kiosk.core.devices.health().some((h) => h.id === 'idcard' && h.state === 'ok');
    if (ready()) return resolve();
    const off = kiosk.core.devices.onHealth(() => {
      if (!ready()) return;
      off();
      resolve();
    });
  });
  demo = new DemoController({ devices: kiosk.core.devices, config: kiosk.core.config, logger: silentLogger() });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  demo?.close();
  await kiosk?.close();
});
beforeEach(async () => {
  await page?.close();
  page = null;
  await demo.dispatch('idcard.remove', { device: 'idcard' });
  await kiosk.core.dispatch('session.end', {}, { shell: 'browser' });
});

function nextCardEvent(pred: (e: CardEvent) => boolean): Promise<CardEvent> {
  const driver = kiosk.core.devices.driver('idcard');
  if (!driver) throw new Error('no idcard driver');
  return new Promise((resolve) => {
    const off = driver.onCard((e) => {
      if (!pred(e)) return;
      off();
      resolve(e);
    });
  });
}

/** Resolves after the driver has polled the reader `n` more times (each poll starts with find-card). */
function polls(n: number): Promise<void> {
  const emu = kiosk.core.devices.emulator('idcard');
  if (!emu) throw new Error('no idcard emulator');
  let seen = 0;
  return new Promise((resolve) => {
    const off = emu.onReplySent((command) => {
      if (command === 'find-card' && ++seen >= n) {
        off();
        resolve();
      }
    });
  });
}

async function identifyScreen(locale: 'zh-CN' | 'zh-HK' | 'en'): Promise<{ p: Page; t: Strings }> {
  const t = strings(locale);
  const p = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page = p;
  await p.goto(kiosk.host.launchUrl());
  await p.getByRole('button', { name: strings('zh-CN').attract?.touch }).waitFor();
  await p.getByRole('button', { name: strings('zh-CN').lang?.[locale] ?? locale, exact: true }).click();
  await p.getByRole('button', { name: t.attract?.touch }).click();
  await p.locator('[data-matter="senior-card"]').click();
  // The matter's page (conditions, materials, fee…) comes first; 办理 goes on to identification.
  await p.locator('[data-action="start-matter"]').click();
  await p.getByRole('heading', { name: t.identify?.title }).waitFor();
  return { p, t };
}

async function call(method: string, args: unknown): Promise<void> {
  const r = await demo.dispatch(method, args);
  if (!r.ok) throw new Error(`${method}: ${r.error.code}`);
}

describe('demo cards in Chromium', () => {
  for (const locale of ['zh-CN', 'zh-HK', 'en'] as const) {
    it(`${locale}: pull mid-read — "taken away too early", and the kiosk stays on identify`, async () => {
      const { p, t } = await identifyScreen(locale);
      const failed = nextCardEvent((e) => e.type === 'read-failed' || e.type === 'card-read');
      const removed = nextCardEvent((e) => e.type === 'card-removed');
      await call('idcard.pullMidRead', { device: 'idcard', sample: 'resident' });
      const e = await failed;
      expect(e.type === 'read-failed' && e.error.code).toBe('card-pulled');
      await removed;
      const notice = p.locator('.notice[data-code="card-card-pulled"]');
      await notice.waitFor();
      await expect(notice.textContent()).resolves.toBe(t.notice?.['card-card-pulled']);
      // The card is gone: more polls find nothing, and the screen never moves on to the form.
      await polls(3);
      expect(kiosk.core.session.view().step).toBe('identify');
      await expect(p.locator('.app').getAttribute('data-step')).resolves.toBe('identify');
      await expect(p.locator('.apply-form').count()).resolves.toBe(0);
      await screenshot(p, `demo-card-pulled-${locale}`);
    });
  }

  it('zh-CN: then a card placed normally reads and goes on to the form', async () => {
    const { p } = await identifyScreen('zh-CN');
    const removed = nextCardEvent((e) => e.type === 'card-removed');
    await call('idcard.pullMidRead', { device: 'idcard', sample: 'resident' });
    await removed;
    await p.locator('.notice[data-code="card-card-pulled"]').waitFor();
    await call('idcard.place', { device: 'idcard', sample: 'resident' });
    await p.locator('.apply-form').waitFor();
  });

  it('zh-CN: the bad-check-digit card is refused for its check digit, not as expired', async () => {
    const { p, t } = await identifyScreen('zh-CN');
    const read = nextCardEvent((e) => e.type === 'card-read');
    await call('idcard.place', { device: 'idcard', sample: 'bad-checksum' });
    const e = await read;
    expect(e.type === 'card-read' && { expired: e.card.expired, check: e.card.idNumberCheck }).toEqual({
      expired: false,
      check: { valid: false, problems: ['check-digit'] },
    });
    const notice = p.locator('.notice[data-code="card-invalid"]');
    await notice.waitFor();
    await expect(notice.textContent()).resolves.toBe(t.notice?.['card-invalid']);
    await expect(p.locator('.notice[data-code="card-expired"]').count()).resolves.toBe(0);
    expect(kiosk.core.session.view().step).toBe('identify');
    await screenshot(p, 'demo-card-bad-check-digit-zh-CN');
  });
});
