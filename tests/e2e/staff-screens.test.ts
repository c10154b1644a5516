/**
 * The staff screens on a touch screen (#18.4), in Chromium with touch events: the hidden corner,
 * then the badge number on the on-screen text keys and the PIN on the on-screen keypad (taps only,
 * no keyboard), in zh-CN, zh-HK and en, portrait 1080×1920 and landscape 1920×1080. The dashboard
 * shows no raw code (no `no-answer`, `maintenance-login`…), 24-hour times, the locker wall with
 * each door's state in words, and one card per device. Screenshots in test-output/screenshots.
 */
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHost, type BrowserHost } from '../../main/shells/host/browser-host.js';
import { launchBrowser, screenshot } from '../helpers/browser.js';
import { RENDERER_DIR } from '../helpers/host.js';
import {
  startMaintenanceKiosk,
  submitApplication,
  type MaintenanceKiosk,
} from '../integration/main/features/maintenance/fixtures.js';

const LOCALES = ['zh-CN', 'zh-HK', 'en'] as const;
/** The UI's locale files, as the renderer bundles them. */
const resources = Object.fromEntries(
  LOCALES.map((l) => [l, { translation: JSON.parse(readFileSync(`renderer/src/i18n/locales/${l}.json`, 'utf8')) as object }]),
) as Record<(typeof LOCALES)[number], { translation: object }>;
type Locale = (typeof LOCALES)[number];
const ORIENTATIONS = [
  { name: 'portrait', viewport: { width: 1080, height: 1920 } },
  { name: 'landscape', viewport: { width: 1920, height: 1080 } },
] as const;
/** What a code looks like on screen: lowercase words joined by dashes. */
const RAW = /\b[a-z]+(-[a-z]+)+\b/;
/** A 24-hour time past noon (the page's time zone is chosen so that now is mid-afternoon). */
const AFTERNOON = /\b(1[3-9]|2[0-3]):[0-5]\d\b/;

/** A string from the UI's own locale files, so the test taps what the screen says. */
function text(locale: Locale, key: string): string {
  let node: unknown = resources[locale].translation;
  for (const part of key.split('.')) node = (node as Record<string, unknown>)[part];
  if (typeof node !== 'string') throw new Error(`no ${key} in ${locale}`);
  return node;
}

/** A fixed-offset zone (`Etc/GMT-N` is UTC+N) in which the current hour is 15. */
function afternoonZone(): string {
  let offset = (15 - new Date().getUTCHours() + 24) % 24;
  if (offset > 14) offset -= 24;
  return offset === 0 ? 'Etc/GMT' : offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
}

let k: MaintenanceKiosk;
let host: BrowserHost;
let browser: Browser;
let context: BrowserContext;
/** One page for the whole file: the host serves one UI client at a time. */
let page: Page;

beforeAll(async () => {
  k = await startMaintenanceKiosk();
  host = await startBrowserHost({ core: k.core, rendererDir: RENDERER_DIR, port: 0 });
  browser = await launchBrowser();
  context = await browser.newContext({
    viewport: ORIENTATIONS[0].viewport,
    hasTouch: true,
    isMobile: false,
    timezoneId: afternoonZone(),
  });
  page = await context.newPage();
  await page.goto(host.launchUrl());
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await host?.close();
  await k?.close();
});

/** Taps each character on the prompt's text keys (capitals toggled as needed). */
async function tapText(locale: Locale, value: string, keys = page.locator('.staff-prompt .staff-textkeys')): Promise<void> {
  const shift = keys.getByRole('button', { name: text(locale, 'staff.prompt.shift'), exact: true });
  for (const ch of value) {
    const wantCapitals = /[A-Z]/.test(ch) ? true : /[a-z]/.test(ch) ? false : null;
    if (wantCapitals !== null && (await shift.getAttribute('aria-pressed')) !== String(wantCapitals)) await shift.tap();
    await keys.getByRole('button', { name: ch, exact: true }).tap();
  }
}

async function tapDigits(locale: Locale, digits: string): Promise<void> {
  const pad = page.getByRole('group', { name: text(locale, 'staff.prompt.keypad') });
  for (const d of digits) await pad.getByRole('button', { name: d, exact: true }).tap();
}

async function loginByTouch(locale: Locale, orientation: string): Promise<void> {
  await page.locator('.attract').waitFor();
  await page.locator(`.lang-switch button[lang="${locale}"]`).tap();
  await page.locator(`html[lang="${locale}"]`).waitFor();
  await page.getByTestId('staff-corner').waitFor();
  for (let i = 0; i < 5; i++) await page.touchscreen.tap(20, 20);
  await page.getByRole('heading', { name: text(locale, 'staff.prompt.title') }).waitFor();

  // The badge number on the text keys (the field has the focus from the start), then on to the PIN.
  await tapText(locale, 'STAFF-0001');
  await expect(page.getByLabel(text(locale, 'staff.prompt.card')).inputValue()).resolves.toBe('STAFF-0001');
  await page.getByRole('button', { name: text(locale, 'common.next'), exact: true }).tap();
  // The PIN on the keypad: a wrong digit deleted, the rest typed, shown as dots only.
  await tapDigits(locale, '2468');
  await page.getByRole('button', { name: text(locale, 'staff.prompt.delete') }).tap();
  await tapDigits(locale, '810');
  const pin = page.getByLabel(text(locale, 'staff.prompt.pin'));
  await expect(pin.getAttribute('type')).resolves.toBe('password');
  await expect(pin.inputValue()).resolves.toBe('246810');
  await expect(page.locator('.staff-prompt').innerText()).resolves.not.toContain('246810');
  await screenshot(page, `staff-prompt-${orientation}-${locale}`);
  await page.getByRole('button', { name: text(locale, 'staff.prompt.enter'), exact: true }).tap();
  await page.getByRole('heading', { name: text(locale, 'staff.dashboard.title') }).waitFor();
}

async function logoutByTouch(locale: Locale): Promise<void> {
  await page.getByRole('button', { name: text(locale, 'staff.logout') }).tap();
  await page.locator('.attract').waitFor();
  await page.getByRole('heading', { name: text(locale, 'staff.dashboard.title') }).waitFor({ state: 'detached' });
}

describe('staff screens by touch', () => {
  it('a TOTP login on the keypad: staff ID on the text keys, the code on the keypad, clear starts it again', async () => {
    const { totpCode } = await import('../../main/features/maintenance/credentials.js');
    await page.locator('.attract').waitFor();
    await page.getByTestId('staff-corner').waitFor();
    for (let i = 0; i < 5; i++) await page.touchscreen.tap(20, 20);
    await page.getByRole('tab', { name: text('zh-CN', 'staff.prompt.totpTab') }).tap();
    await tapText('zh-CN', 'demo-night');
    await page.getByRole('button', { name: text('zh-CN', 'common.next'), exact: true }).tap();
    await tapDigits('zh-CN', '999');
    await page.getByRole('button', { name: text('zh-CN', 'staff.prompt.clear'), exact: true }).tap();
    await expect(page.getByLabel(text('zh-CN', 'staff.prompt.code')).inputValue()).resolves.toBe('');
    await tapDigits('zh-CN', totpCode('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', k.clock.now()));
    await page.getByRole('button', { name: text('zh-CN', 'staff.prompt.enter'), exact: true }).tap();
    await page.getByRole('heading', { name: text('zh-CN', 'staff.dashboard.title') }).waitFor();
    await logoutByTouch('zh-CN');
  });

  for (const o of ORIENTATIONS) {
    for (const locale of LOCALES) {
      it(`${o.name} ${locale}: logs in by taps; the dashboard is in words, 24-hour times, the locker wall and device cards`, async () => {
        await page.setViewportSize(o.viewport);
        // Something to show: the receipt printer out of paper, one door open, one marked out of order below.
        k.em.receipt?.setScenario('paper-out');
        k.em.locker?.setDoor(1, 3, 'open');
        await loginByTouch(locale, o.name);

        const dash = page.locator('.staff-dashboard');
        await page.locator('[data-device="receipt"][data-state="offline"]').waitFor();
        await page
          .getByTestId('receipt-paper')
          .filter({ hasText: text(locale, 'staff.paper.out') })
          .waitFor();
        // One card per device, named by its kind in words.
        for (const kind of ['idcard', 'receipt-printer', 'a4-printer', 'locker'])
          await dash
            .locator('.staff-card')
            .filter({ hasText: text(locale, `staff.kind.${kind}`) })
            .first()
            .waitFor();
        await dash
          .locator('[data-device="receipt"] .staff-card-state')
          .filter({ hasText: text(locale, 'staff.code.paper-out') })
          .waitFor();

        await dash.evaluate((el) => el.scrollTo(0, 0));
        await screenshot(page, `staff-dashboard-${o.name}-${locale}`);

        // The locker wall: 4 boards × 24 locks as 12 columns of 8; A-03 open, in words as well as colour.
        const a03 = dash.locator('.staff-cell[data-door="A-03"]');
        await a03.filter({ hasText: text(locale, 'staff.compartment.open') }).waitFor();
        await expect(a03.evaluate((el) => getComputedStyle(el).gridColumnStart)).resolves.toBe('1');
        await expect(a03.evaluate((el) => getComputedStyle(el).gridRowStart)).resolves.toBe('3');
        await expect(
          dash.locator('.staff-cell[data-door="D-24"]').evaluate((el) => getComputedStyle(el).gridColumnStart),
        ).resolves.toBe('12');
        // A tap on a door picks it for the door actions: out of order, shown as a fault.
        await dash.locator('.staff-cell[data-door="A-02"]').tap();
        await expect(page.getByTestId('door').inputValue()).resolves.toBe('A-02');
        await page.getByRole('button', { name: text(locale, 'staff.actions.out-of-order'), exact: true }).tap();
        await dash.locator('.staff-cell[data-door="A-02"][data-cell="fault"]').waitFor();
        await dash
          .locator('.staff-mine li')
          .filter({ hasText: text(locale, 'staff.actions.maintenance-login') })
          .first()
          .waitFor();
        await dash
          .locator('.staff-errors li')
          .filter({ hasText: text(locale, 'staff.code.paper-out') })
          .first()
          .waitFor();

        const shown = await dash.innerText();
        expect(shown.match(RAW)?.[0] ?? null, 'a raw code on the dashboard').toBeNull();
        expect(shown).not.toMatch(/\b(AM|PM)\b|上午|下午/);
        expect(shown).toMatch(AFTERNOON);
        const times = await dash.locator('time').allInnerTexts();
        expect(times.length).toBeGreaterThan(0);
        for (const t of times) expect(t).toMatch(/^(\d{4}-\d{2}-\d{2} )?([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/);
        await dash.locator('.staff-lockers').scrollIntoViewIfNeeded();
        await screenshot(page, `staff-dashboard-lockers-${o.name}-${locale}`);

        // Put things back for the next pass.
        await page.getByRole('button', { name: text(locale, 'staff.actions.back-in-order'), exact: true }).tap();
        await dash.locator('.staff-cell[data-door="A-02"][data-cell="empty"]').waitFor();
        k.em.receipt?.setScenario('ok');
        k.em.locker?.setDoor(1, 3, 'closed');
        await page.locator('[data-device="receipt"][data-state="ok"]').waitFor();
        await logoutByTouch(locale);
      });
    }
  }
  it('the dashboard fields take the on-screen keys too: an application number typed by taps finds free doors', async () => {
    const appNo = await submitApplication(k);
    await page.setViewportSize(ORIENTATIONS[0].viewport);
    await loginByTouch('zh-CN', 'portrait');
    await page.getByTestId('load-app').tap();
    const keys = page.locator('.staff-load .staff-textkeys');
    await keys.waitFor();
    await tapText('zh-CN', appNo, keys);
    await expect(page.getByTestId('load-app').inputValue()).resolves.toBe(appNo);
    // The keys open under the field.
    const field = await page.getByTestId('load-app').boundingBox();
    const top = await keys.boundingBox();
    expect(field && top && field.y + field.height <= top.y).toBe(true);
    await screenshot(page, 'staff-dashboard-keys-portrait-zh-CN');
    await keys.getByRole('button', { name: text('zh-CN', 'common.finish'), exact: true }).tap();
    await keys.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: text('zh-CN', 'staff.load.find'), exact: true }).tap();
    await page
      .getByRole('list', { name: text('zh-CN', 'staff.load.choose') })
      .getByRole('listitem')
      .first()
      .waitFor();
    await logoutByTouch('zh-CN');
  });
});
