/**
 * Home with the seed's catalog (#18.3): the kiosk loads the 1,052-matter fixture by config
 * (`catalogFile`), and a citizen, by taps in Chromium with touch, in portrait 1080×1920 and landscape
 * 1920×1080: sees 常办事项, browses by department and pages with large buttons, opens a matter's
 * page (conditions, materials, time limit, fee, where to collect) and comes back to the same page,
 * finds a matter by pinyin initials on the on-screen keys, by life event and by audience, and starts
 * a matter (办理 → the identify screen). Every button on home is at least 64 px high. Screenshots
 * in test-output/screenshots/catalog-*.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot } from '../helpers/browser.js';
import { startKioskStack, type KioskStack } from '../helpers/stack.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/catalog/seed-1052.json', import.meta.url));
interface FixtureMatter {
  id: string;
  names: Record<string, string>;
  department?: string;
  audience: string;
  feeYuan?: number;
}
const fixture = JSON.parse(readFileSync(FIXTURE, 'utf8')) as {
  matters: FixtureMatter[];
  common: string[];
  departments: Record<string, Record<string, string>>;
};
const byName = (zh: string): FixtureMatter => {
  const m = fixture.matters.find((x) => x.names['zh-CN'] === zh);
  if (!m) throw new Error(`no ${zh} in the fixture`);
  return m;
};
const zh = JSON.parse(readFileSync('renderer/src/i18n/locales/zh-CN.json', 'utf8')) as {
  home: { nav: Record<string, string>; pager: Record<string, string>; detail: Record<string, string> };
};

/** Each orientation with its page of large buttons: 2 × 6 in portrait, 4 × 2 in landscape. */
const ORIENTATIONS = [
  { name: 'portrait', viewport: { width: 1080, height: 1920 }, per: 12 },
  { name: 'landscape', viewport: { width: 1920, height: 1080 }, per: 8 },
] as const;

let stack: KioskStack;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  stack = await startKioskStack({ host: true, config: { catalogFile: FIXTURE } });
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: ORIENTATIONS[0].viewport, hasTouch: true });
  page = await context.newPage();
  const host = stack.host;
  if (!host) throw new Error('no host');
  await page.goto(host.launchUrl());
  await page.locator('.attract').waitFor();
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await stack?.close();
});

const call = async (method: string, args: Record<string, unknown> = {}): Promise<void> => {
  const r = await stack.kiosk.core.dispatch(method, args, { shell: 'browser' });
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
};

/** The matter ids on the page shown, in order. */
const tiles = (): Promise<string[]> =>
  page.locator('.tile.matter').evaluateAll((els) => els.map((e) => e.getAttribute('data-matter') ?? ''));

/** Waits until the list shows `page` (1-based) of the current list. */
async function onPage(n: number): Promise<void> {
  await page
    .locator(`.tiles[data-page="${n - 1}"] .tile.matter`)
    .first()
    .waitFor();
}

/** Every button on the screen, with its height, that is smaller than `min` px. */
async function smallButtons(min: number): Promise<string[]> {
  return page
    .locator('section.home button')
    .evaluateAll(
      (els, min) =>
        els
          .filter((e) => e.getBoundingClientRect().height < min)
          .map((e) => `${e.textContent ?? ''} (${Math.round(e.getBoundingClientRect().height)} px)`),
      min,
    );
}

describe.each(ORIENTATIONS)('home with the 1,052-matter catalog, $name', ({ name, viewport, per }) => {
  it('常办事项, by department with paging, a matter page, search by initials, life event, audience, then 办理', async () => {
    await page.setViewportSize(viewport);
    await call('session.start');
    await page.locator('section.home[data-catalog-total="1052"]').waitFor();

    // 常办事项 first, as the catalog lists them.
    await expect.poll(tiles).toEqual(fixture.common.slice(0, per));
    expect(await page.locator('.way[aria-pressed="true"]').textContent()).toBe(zh.home.nav.common);
    expect(await smallButtons(64)).toEqual([]);
    await screenshot(page, `catalog-01-common-${name}`);

    // By department: 人力资源和社会保障, a page of large buttons, then the next page.
    await page.locator('.way[data-way="department"]').tap();
    const rs = page.locator('.group-button[data-group="rs"]');
    const rsCount = fixture.matters.filter((m) => m.department === 'rs').length;
    await expect.poll(() => rs.textContent()).toContain(`${rsCount} 项`);
    expect(await page.locator('.group-button').count()).toBe(Object.keys(fixture.departments).length);
    expect(await smallButtons(64)).toEqual([]);
    await screenshot(page, `catalog-02-departments-${name}`);
    await rs.tap();
    await onPage(1);
    const rsIds = fixture.matters.filter((m) => m.department === 'rs').map((m) => m.id);
    expect(await tiles()).toEqual(rsIds.slice(0, per));
    // The whole page is in view: its last row ends above the pager, nothing runs under it.
    const lastTile = await page.locator('.tile.matter').last().boundingBox();
    const pagerBox = await page.locator('.pager').boundingBox();
    expect(lastTile && pagerBox && lastTile.y + lastTile.height <= pagerBox.y, 'last row above the pager').toBe(true);
    const pages = Math.ceil(rsCount / per);
    expect(await page.locator('.pager-status').textContent()).toContain(`第 1 页，共 ${pages} 页`);
    expect(await page.locator('[data-action="page-prev"]').isDisabled()).toBe(true);
    await page.locator('[data-action="page-next"]').tap();
    await onPage(2);
    expect(await tiles()).toEqual(rsIds.slice(per, 2 * per));
    expect(await page.locator('.pager-status').textContent()).toContain(`第 2 页，共 ${pages} 页`);
    expect(await smallButtons(64)).toEqual([]);
    await screenshot(page, `catalog-03-department-page2-${name}`);

    // A matter's page before identification, and back to the same page of the list.
    const second = rsIds[per] ?? '';
    await page.locator(`[data-matter="${second}"]`).tap();
    const detail = page.locator(`.matter-detail[data-detail="${second}"]`);
    await detail.waitFor();
    for (const fact of ['conditions', 'materials', 'time-limit', 'fee', 'delivery']) {
      expect((await detail.locator(`[data-fact="${fact}"]`).textContent())?.trim().length, fact).toBeGreaterThan(1);
    }
    expect(await detail.textContent()).toContain('人力资源和社会保障');
    expect(await smallButtons(64)).toEqual([]);
    await screenshot(page, `catalog-04-detail-${name}`);
    await page.locator('[data-action="detail-back"]').tap();
    await onPage(2);
    expect(await tiles()).toEqual(rsIds.slice(per, 2 * per));

    // By life event (一件事): 出生.
    await page.locator('.way[data-way="lifeEvent"]').tap();
    await page.locator('.group-button[data-group="birth"]').tap();
    await onPage(1);
    expect(await page.locator('.home-list-head h2').textContent()).toBe('出生');
    // By audience: 企业办事 lists the 596 legal-person matters; 立等可取 narrows them to 55.
    await page.locator('.way[data-way="legal"]').tap();
    await expect.poll(() => page.locator('.pager-status').textContent()).toContain('共 596 个事项');
    await page.locator('.chip[data-timing="instant"]').tap();
    await expect.poll(() => page.locator('.pager-status').textContent()).toContain('共 55 个事项');
    await screenshot(page, `catalog-05-legal-instant-${name}`);
    await page.locator('.chip[data-timing="all"]').tap();

    // Search by pinyin initials on the on-screen keys: jmsfzhl → 居民身份证换领.
    const idCard = byName('居民身份证换领');
    await page.locator('.search-box').tap();
    for (const k of 'jmsfzhl') await page.locator('.keyboard .key', { hasText: new RegExp(`^${k}$`) }).tap();
    await expect.poll(async () => (await tiles())[0]).toBe(idCard.id);
    expect(await smallButtons(64)).toEqual([]);
    await screenshot(page, `catalog-06-search-initials-${name}`);
    await page.locator(`[data-matter="${idCard.id}"]`).tap();
    await page.locator(`.matter-detail[data-detail="${idCard.id}"]`).waitFor();
    expect(await page.locator('[data-fact="fee"]').textContent()).toBe(`${idCard.feeYuan ?? 0} 元`);
    expect(await page.locator('[data-action="start-matter"]').textContent()).toBe(zh.home.detail.start);

    // 办理: on to identification with this matter.
    await page.locator('[data-action="start-matter"]').tap();
    await page.locator('.app[data-phase="identifying"] .identify').waitFor();
    expect(stack.kiosk.core.session.view().matterId).toBe(idCard.id);
    await screenshot(page, `catalog-07-identify-${name}`);
    await call('session.end');
    await page.locator('.attract').waitFor();
  });
});

describe('home with the 1,052-matter catalog in elder mode', () => {
  it('eight buttons a page, every home button at least 80 px high, portrait and landscape', async () => {
    await call('session.start');
    await call('session.setElderMode', { on: true });
    await page.locator('html.elder section.home[data-catalog-total="1052"]').waitFor();
    for (const { name, viewport } of ORIENTATIONS) {
      await page.setViewportSize(viewport);
      await page.locator('.way[data-way="all"]').tap();
      await expect.poll(() => page.locator('.pager-status').textContent()).toContain('第 1 页，共 132 页');
      expect(await tiles()).toHaveLength(8);
      expect(await smallButtons(80)).toEqual([]);
      await screenshot(page, `catalog-08-elder-all-${name}`);
      await page.locator('.tile.matter').first().tap();
      await page.locator('.matter-detail').waitFor();
      expect(await smallButtons(80)).toEqual([]);
      await page.locator('[data-action="detail-back"]').tap();
    }
    await call('session.end');
    await page.locator('.attract').waitFor();
  });
});
