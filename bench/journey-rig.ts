/**
 * The scripted apply journey of the journeys benchmark, and the rig it runs in: the real core,
 * browser host, emulated devices and the reference back office in this process, one Chromium
 * page (playwright-core) with a small probe that timestamps taps and paints. Shared by
 * `journeys.bench.ts` (latency + memory over N journeys) and `renderer-heap-diff.ts` (what the
 * renderer keeps between journey k and journey m).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { startBackofficeProcess } from './backoffice-process.js';
import { boot } from '../main/core/boot.js';
import { startBrowserHost } from '../main/shells/host/browser-host.js';
import { launchBrowser } from '../tests/helpers/browser.js';

const RENDERER_DIR = 'dist/renderer';

/**
 * Runs in the page: tap and paint timestamps (epoch ms, sub-ms precision). The bench drains both
 * arrays after every journey, so the probe holds at most one journey's worth of entries.
 */
const PROBE = `(() => {
  const now = () => performance.timeOrigin + performance.now();
  const b = { taps: [], paints: [], armed: false, t0: 0 };
  window.__bench = b;
  // Resolves once an element matching css (containing text, if not null) is in the document:
  // checked on every DOM mutation instead of by Playwright's back-off polling.
  b.until = (css, text, timeoutMs) => new Promise((resolve, reject) => {
    const found = () => [...document.querySelectorAll(css)].some((el) => text === null || (el.textContent || '').includes(text));
    if (found()) return resolve();
    const obs = new MutationObserver(() => {
      if (!found()) return;
      obs.disconnect();
      clearTimeout(timer);
      resolve();
    });
    const timer = setTimeout(() => {
      obs.disconnect();
      reject(new Error('timed out waiting for ' + css + ' ' + (text || '')));
    }, timeoutMs);
    obs.observe(document, { childList: true, subtree: true, characterData: true, attributes: true });
  });
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
  until(css: string, text: string | null, timeoutMs: number): Promise<void>;
}
declare const window: { __bench: Probe };

/** One journey's measurements. `steps` is where the journey's wall time went, by stage. */
export interface JourneyResult {
  ms: number;
  taps: number[];
  /** Driver's card-read event → the next identity screen (the face check's consent) painted. */
  cardRead: number;
  /** Card placed on the emulated reader → face-check consent painted. */
  cardTotal: number;
  /** 同意，开始人脸核验 tapped → form painted (camera open, reference photo, bursts of frames checked). */
  face: number;
  steps: Record<string, number>;
}

export interface JourneyRig {
  page: Page;
  cdp: CDPSession;
  browser: Browser;
  journey(): Promise<JourneyResult>;
  close(): Promise<void>;
}

export async function startJourneyRig(): Promise<JourneyRig> {
  // The back office runs in its own process, as in a deployment: main's memory is the kiosk's (and the harness's).
  const bo = await startBackofficeProcess();
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
  const emu = kiosk.core.devices.emulator('idcard');
  const driver = kiosk.core.devices.driver('idcard');
  if (!emu || !driver) throw new Error('no emulated ID-card reader');
  let lastRead = 0;
  driver.onCard((e) => {
    if (e.type === 'card-read') lastRead = performance.timeOrigin + performance.now();
  });

  const close = async (): Promise<void> => {
    await browser.close();
    await host.close();
    kiosk.core.close();
    await kiosk.core.devicesStopped;
    await kiosk.data?.close();
    await bo.close();
    rmSync(dataDir, { recursive: true, force: true });
  };

  const arm = (): Promise<boolean> => page.evaluate(() => (window.__bench.armed = true));
  /**
   * Resolves as soon as an element matching `css` (and containing `text`, if given) is in the
   * page: checked in the page on every DOM mutation, not by Playwright's back-off polling
   * (0, 20, 50, 100, 100, 500 ms…), which added up to half a second of idle time per wait.
   */
  const until = (css: string, text?: string): Promise<void> =>
    page.evaluate(([css, text]) => window.__bench.until(css, text, 30_000), [css, text ?? null] as const);
  const heading = (text: string): Promise<void> => until('h1, h2', text);
  const tap = async (name: string | RegExp): Promise<void> => {
    await arm();
    await page.getByRole('button', { name }).first().click();
  };

  const journey = async (): Promise<JourneyResult> => {
    const steps: Record<string, number> = {};
    let mark = performance.now();
    const lap = (stage: string): void => {
      const t = performance.now();
      steps[stage] = (steps[stage] ?? 0) + (t - mark);
      mark = t;
    };
    const j0 = mark;
    await tap('轻触屏幕开始办理');
    await until('[data-matter="household-certificate"]');
    lap('attract → home');
    // The matter's page comes first; the tap timed is 办理 on it.
    await page.locator('[data-matter="household-certificate"]').click();
    await until('[data-action="start-matter"]');
    await arm();
    await page.locator('[data-action="start-matter"]').click();
    await heading('请验证身份');
    lap('home → identify');
    const placed = performance.timeOrigin + performance.now();
    void emu.placeCard('resident');
    // An on-the-spot certificate on a card: the face check's consent is the identity screen (#15).
    await until('.app[data-step="face.consent"]');
    // waitForFunction resolves to a JSHandle: Playwright keeps every handle (and its dispatcher) until
    // it is disposed, so an undisposed one per journey grew this process's heap by a journey's worth.
    const consentPainted = await page.waitForFunction(
      () => window.__bench.paints.some((x) => x.step.endsWith('face.consent')),
      undefined,
      { polling: 'raf' },
    );
    await consentPainted.dispose();
    const painted = await page.evaluate(() => window.__bench.paints.find((x) => x.step.endsWith('face.consent'))?.t ?? 0);
    lap('card placed → face consent');
    const agreed = performance.timeOrigin + performance.now();
    await tap('同意，开始人脸核验');
    await until('.apply-form');
    const formPainted = await page.waitForFunction(
      () => window.__bench.paints.some((x) => x.step.endsWith('apply.form')),
      undefined,
      { polling: 'raf' },
    );
    await formPainted.dispose();
    const formAt = await page.evaluate(() => window.__bench.paints.find((x) => x.step.endsWith('apply.form'))?.t ?? 0);
    lap('face check → form');
    await page.getByRole('button', { name: '用途' }).click();
    await page.getByRole('button', { name: '数字' }).click();
    await page.locator('.keyboard .key', { hasText: /^1$/ }).click();
    lap('fill form');
    await tap('下一步');
    await heading('请核对以下信息');
    lap('form → review');
    await tap('信息无误');
    await heading('个人信息处理告知');
    lap('review → consent');
    await page.getByRole('checkbox', { name: '我单独同意处理上述敏感个人信息' }).click();
    await tap('同意并提交');
    await until('[data-testid="application-no"]');
    lap('submit → receipt (back office + printers)');
    emu.removeCard();
    await tap('完成');
    await heading('请为本次服务评价');
    lap('done → rating');
    await tap('非常满意');
    await heading('办理结束，谢谢！');
    lap('rate → ending');
    void (await kiosk.core.dispatch('session.end', {}, { shell: 'browser' }));
    await until('button', '轻触屏幕开始办理');
    lap('end → attract');
    // Drain the probe's arrays every journey so that they do not count as renderer heap growth.
    const taps = await page.evaluate(() => {
      const b = window.__bench;
      b.paints.length = 0;
      return b.taps.splice(0).map((x) => x.ms);
    });
    lap('probe drain');
    return {
      ms: performance.now() - j0,
      taps,
      cardRead: painted - lastRead,
      cardTotal: painted - placed,
      face: formAt - agreed,
      steps,
    };
  };

  try {
    await page.goto(host.launchUrl());
    await page.getByRole('button', { name: '轻触屏幕开始办理' }).waitFor();
  } catch (e) {
    await close();
    throw e;
  }
  return { page, cdp, browser, journey, close };
}
