/**
 * Journey benchmarks in one Chromium against the real core, browser host, emulated devices and
 * the reference back office in this process:
 * - tap → next screen painted: `pointerdown` on a screen-changing button to the first frame after
 *   the app's `data-step`/`data-phase` changed (rAF, then a task after it: the frame was produced);
 * - card read → identity screen painted: from the ID-card driver's card event (the read response
 *   fully received over the emulated 115200-baud wire) to the form's first painted frame; the
 *   card-placed → painted total, which adds the driver's find-card poll wait and the wire time, is
 *   reported beside it;
 * - N complete scripted journeys: renderer JS heap (CDP, after HeapProfiler.collectGarbage) and
 *   this process's RSS after a forced GC (core + host + back office + Playwright client), mean of
 *   the first 100 vs the last 100 journeys.
 * Knobs: YIMEN_BENCH_JOURNEYS (default 1000) and YIMEN_BENCH_MINUTES (default 10) — it stops at
 * whichever comes first and reports how many ran.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { CDPSession, Page } from 'playwright-core';
import { startBackoffice } from '../backoffice/server.js';
import { boot } from '../main/core/boot.js';
import { idCardDriverOf, idCardEmulatorOf } from '../main/devices/idcard.js';
import { startBrowserHost } from '../main/host/browser-host.js';
import { launchBrowser } from '../tests/helpers/browser.js';
import { percentile, round, type BenchReport } from './bench-kit.js';

const RENDERER_DIR = 'dist/renderer';
const WINDOW = 100;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Runs in the page: tap and paint timestamps (epoch ms, sub-ms precision). */
const PROBE = `(() => {
  const now = () => performance.timeOrigin + performance.now();
  const b = { taps: [], paints: [], armed: false, t0: 0 };
  window.__bench = b;
  window.addEventListener('pointerdown', () => { if (b.armed) { b.t0 = now(); b.armed = false; } }, { capture: true });
  const watch = () => {
    new MutationObserver((records) => {
      const app = records[0] && records[0].target;
      if (!app || !app.getAttribute) return;
      const step = app.getAttribute('data-phase') + '/' + app.getAttribute('data-step');
      const t0 = b.t0;
      b.t0 = 0;
      requestAnimationFrame(() => setTimeout(() => {
        const t = now();
        b.paints.push({ step, t });
        if (t0) b.taps.push({ step, ms: t - t0 });
      }, 0));
    }).observe(document.documentElement, { attributes: true, subtree: true, attributeFilter: ['data-step', 'data-phase'] });
  };
  document.readyState === 'loading' ? addEventListener('DOMContentLoaded', watch) : watch();
})();`;

interface Probe {
  taps: { step: string; ms: number }[];
  paints: { step: string; t: number }[];
  armed: boolean;
}
declare const window: { __bench: Probe };

export async function bench(): Promise<BenchReport> {
  const maxJourneys = Number(process.env['YIMEN_BENCH_JOURNEYS'] ?? 1000);
  const budgetMs = Number(process.env['YIMEN_BENCH_MINUTES'] ?? 10) * 60_000;
  const bo = await startBackoffice({ dataDir: null, port: 0 });
  const dataDir = mkdtempSync(join(tmpdir(), 'yimen-bench-journeys-'));
  const cfg = join(dataDir, 'config.json');
  writeFileSync(cfg, JSON.stringify({ dataDir, backoffice: { url: bo.url, timeoutMs: 5000 } }));
  const b = boot({ configFile: cfg, shell: 'browser', console: false });
  if (!b.ok) throw new Error(b.error.message);
  const kiosk = b.value;
  const host = await startBrowserHost({ core: kiosk.core, rendererDir: RENDERER_DIR, port: 0 });
  const browser = await launchBrowser();
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await ctx.addInitScript(PROBE);
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Performance.enable');
  const emu = idCardEmulatorOf(kiosk.core.devices.emulator('idcard'));
  const driver = idCardDriverOf(kiosk.core.devices.driver('idcard'));
  if (!emu || !driver) throw new Error('no emulated ID-card reader');
  let lastRead = 0;
  driver.onCard((e) => {
    if (e.type === 'card-read') lastRead = performance.timeOrigin + performance.now();
  });

  const cardRead: number[] = [];
  const cardTotal: number[] = [];
  const heap: number[] = [];
  const rss: number[] = [];
  const journeyMs: number[] = [];
  const taps: number[] = [];
  const tap = async (p: Page, name: string | RegExp, role: 'button' = 'button'): Promise<void> => {
    await p.evaluate(() => (window.__bench.armed = true));
    await p.getByRole(role, { name }).first().click();
  };

  try {
    await page.goto(host.url);
    await page.getByRole('button', { name: '轻触屏幕开始办理' }).waitFor();
    const t0 = performance.now();
    let n = 0;
    while (n < maxJourneys && performance.now() - t0 < budgetMs) {
      const j0 = performance.now();
      await tap(page, '轻触屏幕开始办理');
      await page.locator('[data-matter="household-certificate"]').waitFor();
      await page.evaluate(() => (window.__bench.armed = true));
      await page.locator('[data-matter="household-certificate"]').click();
      await page.getByRole('heading', { name: '请验证身份' }).waitFor();
      const placed = performance.timeOrigin + performance.now();
      emu.placeCard('resident');
      await page.locator('.apply-form').waitFor();
      await page.waitForFunction(() => window.__bench.paints.some((x) => x.step.endsWith('apply.form')));
      const painted = await page.evaluate(() => window.__bench.paints.find((x) => x.step.endsWith('apply.form'))?.t ?? 0);
      cardTotal.push(painted - placed);
      cardRead.push(painted - lastRead);
      await page.getByRole('button', { name: '用途' }).click();
      await page.getByRole('button', { name: '数字' }).click();
      await page.locator('.keyboard .key', { hasText: /^1$/ }).click();
      await tap(page, '下一步');
      await page.getByRole('heading', { name: '请核对以下信息' }).waitFor();
      await tap(page, '信息无误');
      await page.getByRole('heading', { name: '个人信息处理告知' }).waitFor();
      await tap(page, '同意并提交');
      await page.getByTestId('application-no').waitFor({ timeout: 30_000 });
      emu.removeCard();
      await tap(page, '完成');
      await page.getByRole('heading', { name: '请为本次服务评价' }).waitFor();
      await tap(page, '非常满意');
      await page.getByRole('heading', { name: '办理结束，谢谢！' }).waitFor();
      await kiosk.core.dispatch('session.end', {}, { shell: 'browser' });
      await page.getByRole('button', { name: '轻触屏幕开始办理' }).waitFor();
      // Drain the probe's arrays every journey so that they do not count as renderer heap growth.
      taps.push(...(await page.evaluate(() => window.__bench.taps.splice(0).map((x) => x.ms))));
      await page.evaluate(() => (window.__bench.paints.length = 0));
      journeyMs.push(performance.now() - j0);
      n += 1;
      // Memory after GC on both sides, every journey of the first and (potentially) last windows.
      await sampleMemory(cdp, heap, rss);
    }
    const first = mean(heap.slice(0, Math.min(WINDOW, heap.length)));
    const last = mean(heap.slice(-Math.min(WINDOW, heap.length)));
    const rssFirst = mean(rss.slice(0, Math.min(WINDOW, rss.length)));
    const rssLast = mean(rss.slice(-Math.min(WINDOW, rss.length)));
    const heapGrowth = ((last - first) / first) * 100;
    const rssGrowth = ((rssLast - rssFirst) / rssFirst) * 100;
    const enough = n >= 2 * WINDOW;
    const p95Tap = percentile(taps, 95);
    const p95Card = percentile(cardRead, 95);
    return {
      name: 'journeys',
      description:
        `${n} complete apply journeys (home → matter → card → form → review → consent → submit with receipt + A4 → rating) in one Chromium page; ` +
        `tap latency from pointerdown to the first frame after the screen changed (${taps.length} taps); card latency from the driver's card-read event ` +
        `(read response fully received over the emulated 115200 wire) to the form's first frame; memory after GC, mean of first vs last ${Math.min(WINDOW, n)} journeys` +
        (enough ? '' : ` (windows overlap: only ${n} journeys fitted)`),
      rows: [
        { metric: 'journeys run', value: n, unit: 'journeys' },
        { metric: 'journey duration p50', value: round(percentile(journeyMs, 50), 0), unit: 'ms' },
        { metric: 'tap → next screen painted p50', value: round(percentile(taps, 50), 1), unit: 'ms' },
        { metric: 'tap → next screen painted p95', value: round(p95Tap, 1), unit: 'ms', target: '≤ 100 ms', met: p95Tap <= 100 },
        { metric: 'card read → identity screen painted p50', value: round(percentile(cardRead, 50), 1), unit: 'ms' },
        {
          metric: 'card read → identity screen painted p95 (overhead beyond wire time)',
          value: round(p95Card, 1),
          unit: 'ms',
          target: '≤ 50 ms',
          met: p95Card <= 50,
        },
        {
          metric: 'card placed → identity screen painted p50 (poll wait + wire + overhead)',
          value: round(percentile(cardTotal, 50), 1),
          unit: 'ms',
        },
        { metric: 'card placed → identity screen painted p95', value: round(percentile(cardTotal, 95), 1), unit: 'ms' },
        { metric: 'renderer JS heap after GC, first window', value: round(first / 2 ** 20, 2), unit: 'MiB' },
        { metric: 'renderer JS heap after GC, last window', value: round(last / 2 ** 20, 2), unit: 'MiB' },
        {
          metric: 'renderer heap growth',
          value: round(heapGrowth, 2),
          unit: '%',
          target: '≤ 5 %',
          met: enough && heapGrowth <= 5,
        },
        { metric: 'main RSS after GC, first window', value: round(rssFirst / 2 ** 20, 1), unit: 'MiB' },
        { metric: 'main RSS after GC, last window', value: round(rssLast / 2 ** 20, 1), unit: 'MiB' },
        { metric: 'main RSS growth', value: round(rssGrowth, 2), unit: '%', target: '≤ 5 %', met: enough && rssGrowth <= 5 },
      ],
      raw: { taps, cardRead, cardTotal, heap, rss, journeyMs },
    };
  } finally {
    await browser.close();
    await host.close();
    kiosk.core.close();
    await kiosk.core.devicesStopped;
    await kiosk.data?.close();
    await bo.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function sampleMemory(cdp: CDPSession, heap: number[], rss: number[]): Promise<void> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const used = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value;
  if (used !== undefined) heap.push(used);
  gc();
  rss.push(process.memoryUsage().rss);
}

function mean(xs: readonly number[]): number {
  return xs.reduce((a, x) => a + x, 0) / Math.max(1, xs.length);
}
