/**
 * Home with the seed's 1,052-matter catalog in Chromium (#18.3), the whole product in this process
 * (core booted from a site file naming the fixture by `catalogFile`, browser host, reference back
 * office), portrait 1080×1920:
 * - tap → painted: `pointerdown` on the attract screen, a way in, a department, 下一页 and a matter,
 *   to the first frame after the next screen's element is in the page (rAF, then a task after it);
 * - renderer memory: the JS heap (CDP, after HeapProfiler.collectGarbage) before and after browsing
 *   200 matters (open each matter's page and come back, 下一页 every twelve).
 */
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../tests/helpers/browser.js';
import { startKioskStack } from '../tests/helpers/stack.js';
import { percentile, round, type BenchReport, type BenchRow } from './bench-kit.js';

const FIXTURE = fileURLToPath(new URL('../tests/fixtures/catalog/seed-1052.json', import.meta.url));
const REPS = 20;
const BROWSED = 200;

declare global {
  interface Window {
    __tap: { at: number; painted: (css: string) => Promise<number> };
  }
}

/**
 * In the page: the time of the last pointerdown, and a wait for `css` to be in the page and painted.
 * A string, not a function: tsx's name-keeping helper does not exist in the page.
 */
const INSTALL = `(() => {
  const state = { at: 0 };
  state.painted = (css) => new Promise((resolve) => {
    const done = () => requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - state.at), 0));
    if (document.querySelector(css)) return done();
    const mo = new MutationObserver(() => {
      if (!document.querySelector(css)) return;
      mo.disconnect();
      done();
    });
    mo.observe(document.body, { childList: true, subtree: true, attributes: true });
  });
  window.__tap = state;
  addEventListener('pointerdown', () => { state.at = performance.now(); }, { capture: true });
})()`;

async function tapToPaint(page: Page, tap: string, next: string): Promise<number> {
  const painted = page.evaluate((css) => window.__tap.painted(css), next);
  await page.locator(tap).first().tap();
  return painted;
}

export async function bench(): Promise<BenchReport> {
  const stack = await startKioskStack({ host: true, config: { catalogFile: FIXTURE } });
  const browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1080, height: 1920 }, hasTouch: true });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const rows: BenchRow[] = [];
  try {
    if (!stack.host) throw new Error('no host');
    await page.goto(stack.host.launchUrl());
    await page.evaluate(INSTALL);
    const samples: Record<string, number[]> = { home: [], department: [], list: [], next: [], detail: [] };
    for (let i = 0; i < REPS; i++) {
      await page.locator('.attract').waitFor();
      samples.home?.push(await tapToPaint(page, '.attract', 'section.home[data-catalog-total="1052"] .tile.matter'));
      samples.department?.push(await tapToPaint(page, '.way[data-way="department"]', '.group-button[data-group="rs"]'));
      samples.list?.push(await tapToPaint(page, '.group-button[data-group="rs"]', '.tiles[data-page="0"] .tile.matter'));
      samples.next?.push(await tapToPaint(page, '[data-action="page-next"]', '.tiles[data-page="1"] .tile.matter'));
      samples.detail?.push(await tapToPaint(page, '.tiles[data-page="1"] .tile.matter', '.matter-detail'));
      const r = await stack.kiosk.core.dispatch('session.end', {}, { shell: 'browser' });
      if (!r.ok) throw new Error(r.error.message);
    }
    const names: Record<string, string> = {
      home: 'attract → home with 常办事项 painted',
      department: '按部门 → departments painted',
      list: 'a department → its first page painted',
      next: '下一页 → the next page painted',
      detail: 'a matter → its page painted',
    };
    for (const [k, s] of Object.entries(samples)) {
      const p95 = percentile(s, 95);
      rows.push({
        metric: `tap → ${names[k] ?? k}, p95 of ${s.length}`,
        value: round(p95, 0),
        unit: 'ms',
        ...(k === 'home' ? { target: '≤ 100 ms', met: p95 <= 100 } : {}),
      });
    }

    // Renderer memory over 200 matters browsed.
    await page.locator('.attract').waitFor();
    await page.locator('.attract').tap();
    await page.locator('.way[data-way="all"]').tap();
    const heap = async (): Promise<number> => {
      await cdp.send('HeapProfiler.collectGarbage');
      await cdp.send('HeapProfiler.collectGarbage');
      const h = await cdp.send('Runtime.getHeapUsage');
      return h.usedSize / 2 ** 20;
    };
    await page.locator('.tiles[data-page="0"] .tile.matter').first().waitFor();
    const before = await heap();
    for (let n = 0; n < BROWSED; n++) {
      const pageNo = Math.floor(n / 12);
      const tile = page.locator(`.tiles[data-page="${pageNo}"] .tile.matter`).nth(n % 12);
      await tile.tap();
      await page.locator('.matter-detail').waitFor();
      await page.locator('[data-action="detail-back"]').tap();
      await page.locator(`.tiles[data-page="${pageNo}"]`).waitFor();
      if (n % 12 === 11) {
        await page.locator('[data-action="page-next"]').tap();
        await page
          .locator(`.tiles[data-page="${pageNo + 1}"] .tile.matter`)
          .first()
          .waitFor();
      }
    }
    const after = await heap();
    rows.push({ metric: 'renderer JS heap before browsing (after GC)', value: round(before, 2), unit: 'MB' });
    rows.push({ metric: `renderer JS heap after browsing ${BROWSED} matters (after GC)`, value: round(after, 2), unit: 'MB' });
    rows.push({
      metric: 'renderer JS heap growth',
      value: round(after - before, 2),
      unit: 'MB',
      target: 'flat (≤ 1 MB)',
      met: after - before <= 1,
    });
    return {
      name: 'catalog-ui',
      description:
        'Home with the 1,052-matter fixture in Chromium, portrait 1080×1920, the whole product in one process: tap → next screen painted for the ways in, paging and a matter page (20 rounds), and the renderer heap before and after browsing 200 matters.',
      rows,
      raw: samples,
    };
  } finally {
    await context.close();
    await browser.close();
    await stack.close();
  }
}
