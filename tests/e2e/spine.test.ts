import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumArgs } from '../../main/shells/host/chromium.js';
import { launchBrowser, screenshot } from '../helpers/browser.js';
import { startTestKiosk, wsAttempt, type TestKiosk } from '../helpers/host.js';

let kiosk: TestKiosk;
let browser: Browser;

beforeAll(async () => {
  kiosk = await startTestKiosk({ session: { idleSeconds: 60, warningSeconds: 30 } });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await kiosk?.close();
});

async function openKiosk(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(kiosk.host.launchUrl());
  await page.locator('.attract, .identify').first().waitFor();
  return page;
}

describe('kiosk spine in Chromium through the browser host', () => {
  it('renders the attract screen', async () => {
    const page = await openKiosk();
    await page.getByRole('button', { name: '轻触屏幕开始办理' }).waitFor();
    await page
      .locator('h1')
      .filter({ hasText: /^一门式自助服务$/ })
      .waitFor();
    await screenshot(page, 'spine-01-attract-zh-CN');
    await page.close();
  });

  it('a tap anywhere on the attract screen starts, as its text says; the language buttons do not', async () => {
    const page = await openKiosk();
    const attract = page.getByTestId('attract');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: 'Touch the screen to start' }).waitFor();
    // Still the attract screen: a control in the options row set the language, it did not start.
    expect(await page.getByRole('heading', { name: 'What would you like to do?' }).count()).toBe(0);
    const box = await attract.boundingBox();
    if (box === null) throw new Error('attract screen not laid out');
    // Upper left corner of the attract section, well away from the start button and the options
    // row (at the bottom on a short window).
    await page.mouse.click(box.x + 12, box.y + 12);
    await page.getByRole('heading', { name: 'What would you like to do?' }).waitFor();
    await page.getByRole('button', { name: 'Exit' }).click();
    await page.getByRole('button', { name: '轻触屏幕开始办理' }).waitFor();
    await page.close();
  });

  it('switches language, and the reset brings the default back', async () => {
    const page = await openKiosk();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: 'Touch the screen to start' }).waitFor();
    // <html lang> is set in a React effect, after the text has rendered.
    await page.locator('html[lang="en"]').waitFor({ state: 'attached' });
    await screenshot(page, 'spine-02-attract-en');
    await page.getByRole('button', { name: '繁體中文（粵語）' }).click();
    await page.getByRole('button', { name: '輕觸螢幕開始辦理' }).waitFor();
    await screenshot(page, 'spine-03-attract-zh-HK');
    await page.getByRole('button', { name: '輕觸螢幕開始辦理' }).click();
    await page.getByRole('heading', { name: '請選擇要辦理的事項' }).waitFor();
    await page.getByRole('button', { name: '離開' }).click();
    await page.getByRole('button', { name: '轻触屏幕开始办理' }).waitFor();
    await page.close();
  });

  it('an idle session shows the warning, "more time" extends it, and it then resets', async () => {
    const page = await openKiosk();
    await page.getByRole('button', { name: '轻触屏幕开始办理' }).click();
    await page.getByRole('heading', { name: '请选择要办理的事项' }).waitFor();
    await screenshot(page, 'spine-04-home');
    const sessionId = await page.locator('.app').getAttribute('data-session');
    expect(sessionId).toMatch(/^[^"\\]+$/); // set, and usable in the selector below

    // The dialog counts down in real time from the time main gives it: record the text it first
    // shows, so that a slow read cannot see 29 s.
    await page.evaluate(() => {
      const w = window as unknown as { firstWarning?: string };
      const watch = new MutationObserver(() => {
        const body = document.querySelector('[role="alertdialog"] .countdown');
        if (body === null) return;
        w.firstWarning = body.textContent ?? '';
        watch.disconnect();
      });
      watch.observe(document.body, { childList: true, subtree: true });
    });
    kiosk.clock.increment(60_000);
    const dialog = page.getByRole('alertdialog');
    await dialog.waitFor();
    const first = await page.waitForFunction(() => (window as unknown as { firstWarning?: string }).firstWarning);
    expect(await first.jsonValue()).toContain('30 秒后将自动退出');
    await screenshot(page, 'spine-05-idle-warning');
    await page.getByRole('button', { name: '需要更多时间' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator(`.app[data-session="${sessionId}"]`).waitFor();

    kiosk.clock.increment(60_000);
    await dialog.waitFor();
    kiosk.clock.increment(30_000);
    await page.getByRole('button', { name: '轻触屏幕开始办理' }).waitFor();
    await page.locator('.app[data-phase="attract"][data-session=""]').waitFor();
    await screenshot(page, 'spine-06-after-reset');
    await page.close();
  });

  it('large-text mode enlarges text and targets', async () => {
    const page = await openKiosk();
    const before = await page.getByRole('button', { name: 'English' }).boundingBox();
    await page.getByRole('button', { name: '大字模式' }).click();
    await page.getByRole('heading', { name: '请选择要办理的事项' }).waitFor();
    // The class is set in a React effect, after the screen has rendered.
    await page.locator('html.elder').waitFor({ state: 'attached' });
    const after = await page.getByRole('button', { name: 'English' }).boundingBox();
    expect(after?.height ?? 0).toBeGreaterThanOrEqual(60);
    expect(after?.height ?? 0).toBeGreaterThan(before?.height ?? 0);
    await screenshot(page, 'spine-07-elder-mode');
    await page.getByRole('button', { name: '退出' }).click();
    await page.close();
  });

  it('refuses a page load without the token, or with a wrong one', async () => {
    const page = await browser.newPage();
    const res = await page.goto(`${kiosk.host.origin}/`);
    expect(res?.status()).toBe(403);
    const wrong = await page.goto(`${kiosk.host.origin}/?token=guess`);
    expect(wrong?.status()).toBe(403);
    const asset = await page.goto(`${kiosk.host.origin}/assets/`);
    expect(asset?.status()).toBe(403);
    await page.close();
  });

  it('a launch URL is good for one page load: replayed without the cookie it is refused, the window reloads with its cookie', async () => {
    const url = kiosk.host.launchUrl();
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await ctx.newPage();
      expect((await page.goto(url))?.status()).toBe(200);
      await page.getByRole('button', { name: '轻触屏幕开始办理' }).waitFor();
      // Another local process with the address read from Chromium's command line: 403.
      expect((await fetch(url)).status).toBe(403);
      const other = await browser.newPage();
      expect((await other.goto(url))?.status()).toBe(403);
      await other.close();
      // The kiosk window itself reloads (the spent token still in its address): its cookie is enough.
      expect((await page.reload())?.status()).toBe(200);
      await page.getByRole('button', { name: '轻触屏幕开始办理' }).waitFor();
    } finally {
      await ctx.close();
    }
  });

  it('refuses a WebSocket from a wrong Origin, with a launch token instead of the cookie, or as a second client', async () => {
    const url = kiosk.host.launchUrl();
    const token = new URL(url).searchParams.get('token') ?? '';
    const { origin, port } = kiosk.host;
    const api = `ws://127.0.0.1:${port}/api`;
    // A token in the socket's URL never opens it, even one not spent yet.
    expect(await wsAttempt(`${api}?token=${token}`, { Origin: origin })).toEqual({ opened: false, status: 401 });
    expect(await wsAttempt(api, { Origin: origin })).toEqual({ opened: false, status: 401 });

    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await ctx.newPage();
      await page.goto(url);
      await page.getByRole('button', { name: '轻触屏幕开始办理' }).waitFor();
      expect(kiosk.host.clients()).toBe(1);
      const session = (await ctx.cookies()).find((c) => c.name === 'yimen_token');
      expect(session?.httpOnly).toBe(true);
      expect(session?.value).not.toBe(token);
      const cookie = `yimen_token=${session?.value ?? ''}`;
      expect(await wsAttempt(api, { Origin: 'http://evil.example', Cookie: cookie })).toEqual({ opened: false, status: 403 });
      expect(await wsAttempt(api, { Origin: origin, Host: 'attacker.example', Cookie: cookie })).toMatchObject({ opened: false });
      // A second process that read the token after the first load: no cookie to be had, no socket.
      expect((await fetch(url)).status).toBe(403);
      expect(await wsAttempt(`${api}?token=${token}`, { Origin: origin })).toEqual({ opened: false, status: 401 });
      // Even with a copy of the window's own cookie, the one UI slot is taken.
      expect(await wsAttempt(api, { Origin: origin, Cookie: cookie })).toEqual({ opened: false, status: 409 });
    } finally {
      await ctx.close();
    }
  });

  it('a new launch gets a fresh token that works; an unused older one is void, and the older session ends', async () => {
    const { origin, port } = kiosk.host;
    const stale = kiosk.host.launchUrl();
    const first = kiosk.host.launchUrl();
    expect(first).not.toBe(stale);
    expect((await fetch(stale)).status).toBe(403);

    const a = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const b = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const pageA = await a.newPage();
      await pageA.goto(first);
      await pageA.getByRole('button', { name: '轻触屏幕开始办理' }).waitFor();
      const cookieA = `yimen_token=${(await a.cookies()).find((c) => c.name === 'yimen_token')?.value ?? ''}`;

      // The supervisor's reload: a new Chromium with a new token.
      const fresh = kiosk.host.launchUrl();
      expect(fresh).not.toBe(first);
      const pageB = await b.newPage();
      expect((await pageB.goto(fresh))?.status()).toBe(200);
      await pageB.getByRole('button', { name: '轻触屏幕开始办理' }).waitFor();
      // The older window lost its socket and its cookie no longer opens anything.
      await pageA.locator('.overlay[role="status"]').waitFor();
      expect((await fetch(`${origin}/`, { headers: { cookie: cookieA } })).status).toBe(403);
      expect(await wsAttempt(`ws://127.0.0.1:${port}/api`, { Origin: origin, Cookie: cookieA })).toEqual({
        opened: false,
        status: 401,
      });
      expect(kiosk.host.clients()).toBe(1);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('blocks navigation to another origin', async () => {
    let hits = 0;
    const other: Server = createServer((_req, res) => {
      hits += 1;
      res.end('other origin');
    });
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    const otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}/`;
    const kioskSwitches = chromiumArgs({
      url: kiosk.host.origin,
      port: kiosk.host.port,
      kiosk: false,
      userDataDir: '/tmp/unused',
    }).filter((a) => a.startsWith('--proxy-'));
    const locked = await launchBrowser(kioskSwitches);
    try {
      const page = await locked.newPage();
      await page.goto(kiosk.host.launchUrl());
      await page.getByRole('button', { name: '轻触屏幕开始办理' }).waitFor();
      await expect(page.goto(otherUrl)).rejects.toThrow();
      await expect(page.goto('http://example.com/')).rejects.toThrow();
      expect(hits).toBe(0);
    } finally {
      await locked.close();
      other.close();
    }
  });
});
