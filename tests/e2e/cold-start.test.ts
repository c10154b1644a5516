/**
 * Cold start (#18.7): the browser host binds before the core is booted, so Chromium loads the page
 * meanwhile. Until the core is attached the page shows its "starting" notice (the hall's name, the
 * three locales) and its API socket is held; then the attract screen replaces the notice — in the
 * same page load, without a reload.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bindBrowserHost, type StartingBrowserHost } from '../../main/shells/host/browser-host.js';
import { launchBrowser, screenshot } from '../helpers/browser.js';
import { testCore } from '../helpers/core.js';
import { RENDERER_DIR, sessionCookie, wsAttempt } from '../helpers/host.js';

let browser: Browser;
const cleanups: Array<() => Promise<unknown> | void> = [];

beforeAll(async () => {
  browser = await launchBrowser();
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
afterAll(async () => {
  await browser?.close();
});

async function bound(hallName: { text: string; lang: string } | null): Promise<StartingBrowserHost> {
  const host = await bindBrowserHost({ rendererDir: RENDERER_DIR, port: 0, hallName });
  cleanups.push(() => host.close());
  return host;
}

function bootedCore(): ReturnType<typeof testCore>['core'] {
  const { core } = testCore();
  cleanups.push(() => core.close());
  return core;
}

describe('cold start: the host serves before the core is up', () => {
  it('shows the starting notice while the core boots, then the attract screen in the same page load', async () => {
    // The hall's name goes into the page as text, never as markup.
    const host = await bound({ text: '示范<b>政务</b>大厅', lang: 'zh-CN' });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    cleanups.push(() => page.close());
    const documents: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'document') documents.push(r.url());
    });
    // The renderer opening its API socket: it has loaded and run while the core is still missing.
    const socketAsked = page.waitForEvent('websocket');
    await page.goto(host.launchUrl());

    const holding = page.locator('#holding[role="status"]');
    await holding.getByText('正在启动…').waitFor();
    expect(await holding.locator('p[lang="zh-HK"]').textContent()).toBe('正在啟動…');
    expect(await holding.locator('p[lang="en"]').textContent()).toBe('Starting…');
    expect(await holding.locator('.holding-hall').textContent()).toBe('示范<b>政务</b>大厅');
    expect(await holding.locator('b').count()).toBe(0);
    const socket = await socketAsked;
    // The socket is held, not refused: the page does not fall into its reconnect back-off.
    expect(socket.isClosed()).toBe(false);
    expect(host.attached).toBe(false);
    expect(host.clients()).toBe(0);
    // The app is up but has no view: no screen under the notice.
    expect(await page.locator('.app.connecting').count()).toBe(1);
    expect(await page.locator('.app[data-phase]').count()).toBe(0);
    expect(await page.getByRole('button', { name: '轻触屏幕开始办理' }).count()).toBe(0);
    await screenshot(page, 'cold-start-01-holding');

    await host.attach(bootedCore());
    await page.getByRole('button', { name: '轻触屏幕开始办理' }).waitFor();
    await holding.waitFor({ state: 'detached' });
    expect(socket.isClosed()).toBe(false);
    expect(host.clients()).toBe(1);
    // And it stays: the UI works over that same socket, still on the first page load.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: 'Touch the screen to start' }).waitFor();
    expect(documents).toHaveLength(1);
    expect(socket.isClosed()).toBe(false);
    await screenshot(page, 'cold-start-02-attract');
  });

  it('without a hall name the notice has no empty name line; the demo panel waits for the core', async () => {
    const host = await bound(null);
    const page = await browser.newPage();
    cleanups.push(() => page.close());
    await page.goto(host.launchUrl());
    await page.locator('#holding').getByText('Starting…').waitFor();
    expect(await page.locator('#holding .holding-hall').isVisible()).toBe(false);
    expect((await fetch(`${host.origin}/demo`)).status).toBe(503);
    expect(host.demoUrl).toBeNull();
  });

  it('checks a held socket again on attach: one whose session was replaced meanwhile is refused', async () => {
    const host = await bound(null);
    const api = `ws://127.0.0.1:${host.port}/api`;
    // Refused at once, core or not: no cookie, or a foreign Origin.
    expect(await wsAttempt(api, { Origin: host.origin })).toEqual({ opened: false, status: 401 });
    const older = await sessionCookie(host);
    expect(await wsAttempt(api, { Origin: 'http://evil.example', Cookie: older })).toEqual({ opened: false, status: 403 });
    // Held while the core boots; then a newer launch takes the session.
    const olderAttempt = wsAttempt(api, { Origin: host.origin, Cookie: older });
    const newer = await sessionCookie(host);
    const newerAttempt = wsAttempt(api, { Origin: host.origin, Cookie: newer });
    await host.attach(bootedCore());
    expect(await olderAttempt).toEqual({ opened: false, status: 401 });
    expect(await newerAttempt).toEqual({ opened: true });
  });

  it('with the demo side held back: the attract screen first, served from the first view on; the demo panel when let go', async () => {
    const host = await bound(null);
    const page = await browser.newPage();
    cleanups.push(() => page.close());
    await page.goto(host.launchUrl());
    let served = false;
    void host.uiServed.then(() => (served = true));
    let letGo: () => void = () => undefined;
    const gate = new Promise<void>((r) => (letGo = r));
    // attach resolves with the API let through, without waiting for the gate.
    await host.attach(bootedCore(), { demoPanelAfter: gate });
    await page.getByRole('button', { name: '轻触屏幕开始办理' }).waitFor();
    await host.uiServed;
    expect(served).toBe(true);
    // The demo side is still held: the panel answers "starting".
    expect(host.demoUrl).toBeNull();
    expect((await fetch(`${host.origin}/demo`)).status).toBe(503);
    letGo();
    await host.demoSettled;
    const demoUrl = host.demoUrl;
    expect(demoUrl).not.toBeNull();
    expect((await fetch(demoUrl ?? '')).status).toBe(200);

    // The page's scripts come from memory, byte for byte the built files, on every request.
    const index = readFileSync(join(RENDERER_DIR, 'index.html'), 'utf8');
    const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(index)?.[1] ?? '';
    expect(script).not.toBe('');
    const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${host.origin}/${script}`, { headers: { Cookie: cookie } });
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(Buffer.from(await res.arrayBuffer()).equals(readFileSync(join(RENDERER_DIR, script)))).toBe(true);
    }
    expect((await fetch(`${host.origin}/assets/missing.js`, { headers: { Cookie: cookie } })).status).toBe(404);
  });
});
