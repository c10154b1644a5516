/**
 * The review step and the open-door screen as the citizen sees them (#18.2), in portrait
 * (1080×1920) and landscape (1920×1080):
 * - review: what they typed reads in full, the card's ID number masked; "show to me" makes main
 *   show it in full, and main masks it again by itself (the kiosk's `session.revealSeconds`,
 *   shortened here): the test waits for the screen to change, it does not sleep;
 * - collect: the locker wall is drawn, the highlighted door is the compartment main opened, and
 *   its place reads in words.
 */
import { AxeBuilder } from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BrowserHost } from '../../main/shells/host/browser-host.js';
import { launchBrowser, screenshot } from '../helpers/browser.js';
import { startKioskStack, type KioskStack } from '../helpers/stack.js';

const LI = { name: '李示范', idNumber: '440604198506151233' };
const VIEWPORTS = {
  portrait: { width: 1080, height: 1920 },
  landscape: { width: 1920, height: 1080 },
} as const;

let stack: KioskStack;
let host: BrowserHost;
let browser: Browser;
let current: Page | null = null;

beforeAll(async () => {
  stack = await startKioskStack({ host: true, config: { session: { revealSeconds: 3 } } });
  host = stack.host as BrowserHost;
  browser = await launchBrowser();
});

afterAll(async () => {
  await current?.context().close();
  await browser?.close();
  await stack?.close();
});

beforeEach(async () => {
  await current?.context().close();
  current = null;
  stack.kiosk.core.devices.emulator('idcard')?.removeCard();
  await stack.kiosk.core.dispatch('session.end', {}, { shell: 'browser' });
});

type Strings = Record<string, Record<string, string>>;
const strings = (locale: string): Strings =>
  JSON.parse(readFileSync(`renderer/src/i18n/locales/${locale}.json`, 'utf8')) as Strings;

async function open(viewport: { width: number; height: number }, locale: 'zh-CN' | 'zh-HK' | 'en'): Promise<Page> {
  // A context of its own: axe-core's Playwright runner needs one.
  const page = await (await browser.newContext({ viewport })).newPage();
  current = page;
  await page.goto(host.launchUrl());
  const t = strings(locale);
  await page.getByRole('button', { name: strings('zh-CN').attract?.touch }).waitFor();
  if (locale !== 'zh-CN') await page.getByRole('button', { name: strings('zh-CN').lang?.[locale], exact: true }).click();
  await page.getByRole('button', { name: t.attract?.touch }).click();
  return page;
}

/** axe-core's serious and critical findings on the screen as it is now (WCAG 2.x A/AA), as readable lines. */
async function axe(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe('review: what the citizen is asked to check', () => {
  for (const [orientation, viewport] of Object.entries(VIEWPORTS)) {
    it(`${orientation}: typed fields in full, the ID number masked, "show to me" reveals it and main masks it again`, async () => {
      const t = strings('zh-CN');
      const page = await open(viewport, 'zh-CN');
      await page.locator('[data-matter="senior-card"]').click();
      // The matter's page (conditions, materials, fee…) comes first; 办理 goes on to identification.
      await page.locator('[data-action="start-matter"]').click();
      await page.getByRole('heading', { name: t.identify?.title }).waitFor();
      stack.kiosk.core.devices.emulator('idcard')?.placeCard('resident');
      await page.locator('.apply-form').waitFor();
      await page.locator('[data-field="phone"] .input').click();
      for (const d of '13800138000') await page.locator('.keyboard .key', { hasText: new RegExp(`^${d}$`) }).click();
      await page.getByRole('radio', { name: strings('zh-CN').delivery?.locker }).click();
      await page.getByRole('button', { name: t.common?.next }).click();
      await page.getByRole('heading', { name: t.apply?.reviewTitle }).waitFor();

      // What they typed, in full; the card's fields masked, each with its own "show to me".
      expect(await page.getByTestId('review-phone').textContent()).toBe('13800138000');
      const id = page.getByTestId('review-idNumber');
      const masked = (await id.textContent()) ?? '';
      expect(masked).toMatch(/^4\*+3$/);
      expect(masked).toHaveLength(LI.idNumber.length);
      expect(await page.getByTestId('review-name').textContent()).toBe('李**');
      expect(await page.getByTestId('review-address').textContent()).toContain('*');
      expect(await page.content()).not.toContain(LI.idNumber);
      const eye = page.getByRole('button', { name: `${t.apply?.revealLabel?.replace('{{field}}', '证件号码')}` });
      expect(await eye.getAttribute('aria-pressed')).toBe('false');
      expect(await id.getAttribute('aria-live')).toBe('polite');
      expect(await page.getByTestId('reveal-phone').count()).toBe(0);
      expect(await axe(page)).toEqual([]);
      await screenshot(page, `review-${orientation}-masked`);

      // Every text the ID number's cell shows from now on, and the eye's state with it (main may
      // mask it again before this test looks, on a loaded machine: the record keeps what showed).
      await page.evaluate(() => {
        const cell = document.querySelector('[data-testid="review-idNumber"]');
        const button = document.querySelector('[data-testid="reveal-idNumber"]');
        const w = window as unknown as { shown: Array<[string, string]> };
        w.shown = [];
        const note = (): number => w.shown.push([cell?.textContent ?? '', button?.getAttribute('aria-pressed') ?? '']);
        new MutationObserver(note).observe(cell as Node, { childList: true, characterData: true, subtree: true });
      });
      const since = Date.now();
      await eye.click();
      // Shown in full, then masked again by main's timer: wait for each change on the screen.
      await page.waitForFunction(
        (full) => (window as unknown as { shown: string[][] }).shown.some(([s]) => s === full),
        LI.idNumber,
      );
      await screenshot(page, `review-${orientation}-revealed`);
      await page.waitForFunction((full) => {
        const shown = (window as unknown as { shown: string[][] }).shown;
        const i = shown.findIndex(([s]) => s === full);
        return i >= 0 && shown.slice(i + 1).some(([s]) => s?.includes('*'));
      }, LI.idNumber);
      const shown = await page.evaluate(() => (window as unknown as { shown: Array<[string, string]> }).shown);
      expect(shown.find(([s]) => s === LI.idNumber)?.[1]).toBe('true');
      expect(shown.at(-1)).toEqual([masked, 'false']);
      expect(await id.textContent()).toBe(masked);
      expect(await eye.getAttribute('aria-pressed')).toBe('false');
      // Main masked it by itself: the session is still on review, nothing was tapped.
      expect(stack.kiosk.core.session.view()).toMatchObject({ step: 'apply.review', form: { revealed: null } });
      expect(stack.kiosk.core.session.view().form?.values.idNumber).toBe(masked);

      // The reveal is in the audit chain, under the person, naming the field and never the number.
      const data = stack.kiosk.data;
      const lines = (data?.audit.operationsOn(data.cipher.lookupKey(LI.idNumber), since, Date.now() + 1) ?? []).filter(
        (r) => r.type === 'review.reveal',
      );
      expect(lines.map((r) => [r.actor, (r.detail as { field?: string }).field])).toEqual([['citizen', 'idNumber']]);
      expect(JSON.stringify(lines)).not.toContain(LI.idNumber);
      // The API takes a field id only, and main shows only the card's own masked fields.
      const ctx = { shell: 'browser' as const };
      expect((await stack.kiosk.core.dispatch('journey.reveal', { field: 'idNumber', value: '1' }, ctx)).ok).toBe(false);
      expect((await stack.kiosk.core.dispatch('journey.reveal', { field: '__proto__' }, ctx)).ok).toBe(false);
      expect((await stack.kiosk.core.dispatch('journey.reveal', { field: 'phone' }, ctx)).ok).toBe(true);
      expect(stack.kiosk.core.session.view().form?.revealed).toBeNull();

      // Everything on screen, within it: the review fits the portrait and the landscape screen.
      const box = await page.locator('section.review').boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= viewport.width).toBe(true);
    });
  }
});

describe('collect: the locker wall with the open door', () => {
  const cases = [
    { orientation: 'portrait', locale: 'zh-CN', cell: '2-05', door: 'B-05', column: 4, row: 5 },
    { orientation: 'landscape', locale: 'en', cell: '3-18', door: 'C-18', column: 9, row: 2 },
  ] as const;
  for (const c of cases) {
    it(`${c.orientation} (${c.locale}): door ${c.door} is highlighted in the wall and its place reads in words`, async () => {
      const res = await fetch(new URL('admin/pickups', stack.bo.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          idNumber: '440604194803022421',
          name: '陈样本',
          phone: '13900139000',
          matterName: 'senior-card',
          lockerId: 'locker',
          cell: c.cell,
        }),
      });
      const { pickupCode } = (await res.json()) as { pickupCode: string };
      // The emulated citizen closes a door 3 s after it opens: here the test closes it, once it has looked.
      stack.kiosk.core.devices.emulator('locker')?.emulator.setAutoClose(null);
      const t = strings(c.locale);
      const viewport = VIEWPORTS[c.orientation];
      const page = await open(viewport, c.locale);
      await page.locator('.quick-actions .tile').first().click();
      for (const d of pickupCode) await page.locator('.pickup-code .key', { hasText: new RegExp(`^${d}$`) }).click();
      await page.getByRole('button', { name: t.identify?.pickupCodeGo, exact: true }).click();
      await page.getByRole('button', { name: t.locker?.open }).click();
      await page
        .getByTestId('door')
        .filter({ hasText: new RegExp(`^${c.door}$`) })
        .waitFor();

      // The highlighted door is the one main opened, where the layout puts it (4 boards × 24
      // doors, eight a column: board 2 starts at column 4, board 3 at column 7).
      const wall = page.getByTestId('locker-wall');
      expect(await wall.getAttribute('data-columns')).toBe('12');
      expect(await wall.getAttribute('data-rows')).toBe('8');
      expect(await wall.locator('.locker-door').count()).toBe(96);
      const lit = wall.locator('.locker-door[data-open="true"]');
      expect(await lit.count()).toBe(1);
      expect(await lit.getAttribute('data-door')).toBe(c.door);
      expect([await lit.getAttribute('data-column'), await lit.getAttribute('data-row')]).toEqual([
        String(c.column),
        String(c.row),
      ]);
      // …and it is drawn there: its column from the left and its row from the top on the screen.
      const doors = await wall
        .locator('.locker-door')
        .evaluateAll((els) => els.map((e) => ({ door: e.getAttribute('data-door'), r: e.getBoundingClientRect() })));
      const xs = [...new Set(doors.map((d) => Math.round(d.r.x)))].sort((a, b) => a - b);
      const ys = [...new Set(doors.map((d) => Math.round(d.r.y)))].sort((a, b) => a - b);
      const mine = doors.find((d) => d.door === c.door)!;
      expect(xs.indexOf(Math.round(mine.r.x)) + 1).toBe(c.column);
      expect(ys.indexOf(Math.round(mine.r.y)) + 1).toBe(c.row);
      // The place in words, as the locale says it.
      const words = (t.locker?.position ?? '').replace('{{column}}', String(c.column)).replace('{{row}}', String(c.row));
      expect(await page.getByTestId('door-position').textContent()).toBe(words);
      if (c.locale === 'zh-CN') expect(words).toBe('左起第 4 列，从上数第 5 格');
      expect(await wall.getAttribute('aria-label')).toContain(words);

      // The wall uses the screen: in portrait most of the height, in landscape most of the height beside the words.
      const box = (await wall.boundingBox())!;
      expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
      expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
      expect(box.height).toBeGreaterThan(viewport.height * (c.orientation === 'portrait' ? 0.45 : 0.6));
      expect(await axe(page)).toEqual([]);
      await screenshot(page, `collect-wall-${c.orientation}-${c.locale}`);
      // High contrast: the open door still stands out, and axe still finds nothing.
      await page.getByRole('button', { name: t.contrast?.on ?? '' }).click();
      await page.locator('html.contrast').waitFor({ state: 'attached' });
      expect(await lit.getAttribute('data-door')).toBe(c.door);
      expect(await axe(page)).toEqual([]);
      await screenshot(page, `collect-wall-${c.orientation}-${c.locale}-contrast`);

      stack.kiosk.core.devices
        .emulator('locker')
        ?.emulator.setDoor(Number(c.cell.split('-')[0]), Number(c.cell.split('-')[1]), 'closed');
      await page.locator('.notice.good[data-code^="pickup-done"]').waitFor();
    });
  }
});
