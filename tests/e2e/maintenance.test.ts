/**
 * Maintenance mode in Chromium: the real core and browser host on emulated devices, the data
 * services and the reference back office in this process.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startBrowserHost, type BrowserHost } from '../../main/shells/host/browser-host.js';
import { totpCode } from '../../main/features/maintenance/credentials.js';
import { launchBrowser, screenshot } from '../helpers/browser.js';
import { RENDERER_DIR, sessionCookie } from '../helpers/host.js';
import {
  startMaintenanceKiosk,
  submitApplication,
  type MaintenanceKiosk,
} from '../integration/main/features/maintenance/fixtures.js';

const DEMO_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
let k: MaintenanceKiosk;
let host: BrowserHost;
let browser: Browser;
/** One page for the whole file: the host serves one UI client at a time. */
let shared: Page | null = null;

beforeAll(async () => {
  k = await startMaintenanceKiosk();
  host = await startBrowserHost({ core: k.core, rendererDir: RENDERER_DIR, port: 0 });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await host?.close();
  await k?.close();
});

async function openKiosk(): Promise<Page> {
  if (!shared) {
    shared = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await shared.goto(host.launchUrl());
  }
  await shared.locator('.attract').waitFor();
  return shared;
}

async function loginWithCard(page: Page): Promise<void> {
  await page.keyboard.press('Control+Alt+m');
  await page.getByRole('heading', { name: '工作人员登录' }).waitFor();
  await page.getByLabel('工作证或证件号').fill('STAFF-0001');
  await page.getByLabel('密码').fill('246810');
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('heading', { name: '维护模式' }).waitFor();
}

async function logout(page: Page): Promise<void> {
  await page.getByRole('button', { name: '退出维护' }).click();
  await page.locator('.attract').waitFor();
  // Main publishes the session (attract) before the staff view: wait for the dashboard to go too.
  await page.getByRole('heading', { name: '维护模式' }).waitFor({ state: 'detached' });
}

describe('maintenance mode in Chromium', () => {
  it('the hidden entry shows no button to citizens; Ctrl+Alt+M and card + PIN open the dashboard', async () => {
    const page = await openKiosk();
    await expect(page.getByRole('button', { name: /工作人员|维护/ }).count()).resolves.toBe(0);
    await loginWithCard(page);
    await page.locator('[data-device="receipt"]').waitFor();
    await page
      .locator('.staff-who')
      .filter({ hasText: /^值班员（演示）$/ })
      .waitFor();
    await screenshot(page, 'maintenance-01-dashboard');
    await logout(page);
  });

  it('five taps in the top-left corner and a TOTP code log in', async () => {
    const page = await openKiosk();
    // The tap zone is there only once the staff layer has the (closed) staff view.
    await page.getByTestId('staff-corner').waitFor();
    for (let i = 0; i < 5; i++) await page.mouse.click(20, 20);
    await page.getByRole('heading', { name: '工作人员登录' }).waitFor();
    await expect(page.locator('.attract').count()).resolves.toBe(1); // no citizen session was started
    await page.getByRole('tab', { name: '动态验证码' }).click();
    await page.getByLabel('工号').fill('demo-night');
    await page.getByLabel('6 位验证码').fill(totpCode(DEMO_SECRET, k.clock.now()));
    await screenshot(page, 'maintenance-02-totp-prompt');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { name: '维护模式' }).waitFor();
    await logout(page);
  });

  it('five wrong PINs lock the prompt', async () => {
    const page = await openKiosk();
    await page.keyboard.press('Control+Alt+m');
    await page.getByRole('heading', { name: '工作人员登录' }).waitFor();
    await page.getByLabel('工作证或证件号').fill('STAFF-0001');
    for (let i = 0; i < 5; i++) {
      await page.getByLabel('密码').fill('111111');
      await page.getByRole('button', { name: '登录' }).click();
      await page
        .getByRole('alert')
        .filter({ hasText: i < 4 ? `还可尝试 ${4 - i} 次` : '已锁定' })
        .waitFor();
    }
    await page.getByRole('button', { name: '登录', disabled: true }).waitFor();
    await screenshot(page, 'maintenance-03-locked');
    k.clock.increment(30_000);
    await page.getByRole('button', { name: '取消' }).click();
    // Else the next test's Ctrl+Alt+M could find this prompt still on screen and type into it.
    await page.getByRole('heading', { name: '工作人员登录' }).waitFor({ state: 'detached' });
  });

  it('paper-out on the emulated printer shows on the dashboard and clears after the refill', async () => {
    const page = await openKiosk();
    await loginWithCard(page);
    k.em.receipt?.setScenario('paper-out');
    await page.getByTestId('receipt-paper').filter({ hasText: '缺纸' }).waitFor();
    await page.locator('[data-device="receipt"][data-state="offline"]').waitFor();
    await screenshot(page, 'maintenance-04-paper-out');
    k.em.receipt?.setScenario('ok');
    await page.getByTestId('receipt-paper').filter({ hasText: '正常' }).waitFor();
    await logout(page);
  });

  it('loads a locker for an application: the door opens, closes, and the back office sends the pickup code', async () => {
    const appNo = await submitApplication(k);
    const page = await openKiosk();
    await loginWithCard(page);
    await page.getByTestId('load-app').fill(appNo);
    await page.getByRole('button', { name: '查找空闲柜格' }).click();
    await page.getByRole('listitem').filter({ hasText: 'A-05' }).click();
    await page.getByRole('heading', { name: '柜格 A-05 已打开' }).waitFor();
    await screenshot(page, 'maintenance-05-door-open');
    k.em.locker?.setDoor(1, 5, 'closed');
    await page.locator('.staff-cell[data-door="A-05"][data-holds="pickup"]').waitFor();
    const sms = k.bo.db.prepare(`SELECT text FROM sms_log WHERE text LIKE '%A-05%'`).all() as Array<{ text: string }>;
    expect(sms).toHaveLength(1);
    expect(sms[0]?.text).toMatch(/取件码 \d{6}/);
    await page.locator('.staff-mine li').filter({ hasText: '投放证件' }).first().waitFor();
    await screenshot(page, 'maintenance-06-loaded');
    await logout(page);

    // The citizen comes with the SMS: the pickup code the reference back office "sent" opens A-05.
    const code = /取件码 (\d{6})/.exec(sms[0]?.text ?? '')?.[1] ?? '';
    await page.getByRole('button', { name: '轻触屏幕开始办理' }).click();
    await page.locator('.quick-actions .tile').first().click();
    for (const d of code) await page.locator('.pickup-code .key', { hasText: new RegExp(`^${d}$`) }).click();
    await page.getByRole('button', { name: '确定' }).click();
    await page.getByRole('button', { name: '开柜取件' }).click();
    await page.getByTestId('door').filter({ hasText: 'A-05' }).waitFor();
    expect(k.em.locker?.door(1, 5)).toBe('open');
    await screenshot(page, 'maintenance-07-citizen-collects');
    k.em.locker?.setDoor(1, 5, 'closed');
    await page.locator('.notice.good[data-code^="pickup-done"]').waitFor();
    await page.getByRole('button', { name: '完成' }).click();
    await page.getByRole('button', { name: '跳过' }).click();
    await page.getByRole('heading', { name: '办理结束，谢谢！' }).waitFor();
    k.clock.increment(10_000); // the thank-you screen's time, on the test's clock
    await page.getByRole('button', { name: '轻触屏幕开始办理' }).waitFor();
  });

  it('the screen-cleaning lock swallows touches until it ends', async () => {
    const page = await openKiosk();
    await loginWithCard(page);
    await page.getByRole('button', { name: '清洁屏幕（60 秒）' }).click();
    await page.getByText('屏幕清洁中').waitFor();
    await page.mouse.click(640, 400);
    await expect(page.getByRole('heading', { name: '维护模式' }).count()).resolves.toBe(0);
    await screenshot(page, 'maintenance-07-cleaning');
    k.clock.increment(60_000);
    await page.getByRole('heading', { name: '维护模式' }).waitFor();
    await logout(page);
  });

  it('refuses maintenance API methods called from a citizen session', async () => {
    await shared?.close();
    shared = null;
    // The host frees its one UI slot when it sees the page's socket close; that takes as long
    // as it takes (the test's timeout bounds it), so wait for the slot, then connect once.
    while (host.clients() > 0) await new Promise((r) => setTimeout(r, 20));
    const cookie = await sessionCookie(host);
    const sock = new WebSocket(`ws://127.0.0.1:${host.port}/api`, { headers: { Origin: host.origin, Cookie: cookie } });
    await new Promise<void>((resolve, reject) => {
      sock.once('open', () => resolve());
      sock.once('unexpected-response', (_req, res) => reject(new Error(`WebSocket refused: HTTP ${res.statusCode ?? '?'}`)));
      sock.once('error', reject);
    });
    let id = 0;
    const call = (method: string, args: unknown = {}): Promise<{ ok: boolean; error?: { code: string } }> =>
      new Promise((resolve) => {
        const mine = ++id;
        const onMsg = (raw: WebSocket.RawData): void => {
          const msg = JSON.parse((raw as Buffer).toString('utf8')) as { id?: number; ok: boolean; error?: { code: string } };
          if (msg.id !== mine) return;
          sock.off('message', onMsg);
          resolve(msg);
        };
        sock.on('message', onMsg);
        sock.send(JSON.stringify({ id: mine, method, args }));
      });
    expect((await call('session.start')).ok).toBe(true);
    for (const [m, a] of [
      ['staff.openCompartment', { door: 'A-01' }],
      ['staff.loadLocker', { applicationNo: 'A-1', door: 'A-01' }],
      ['staff.dashboard', {}],
      ['staff.exportLogs', { folder: '/tmp' }],
    ] as const) {
      expect((await call(m, a)).error?.code, m).toBe('forbidden');
    }
    expect((await call('session.end')).ok).toBe(true);
    sock.close();
  });
});
