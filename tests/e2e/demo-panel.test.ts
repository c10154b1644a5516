import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CardEvent } from '../../drivers/idcard/idcard-driver.js';
import { ReceiptBuilder } from '../../drivers/printer/receipt/receipt-builder.js';
import type { DeviceHealth } from '../../main/base/api/contract.js';
import { launchBrowser, screenshot } from '../helpers/browser.js';
import { startTestKiosk, wsAttempt, type TestKiosk } from '../helpers/host.js';

/** The default emulated devices, polling fast enough that health follows within a moment. */
const EMULATED = [
  { id: 'idcard', kind: 'idcard', transport: { type: 'emulated' }, options: { pollMs: 100 } },
  { id: 'receipt', kind: 'receipt-printer', transport: { type: 'emulated' }, options: { pollMs: 150 } },
  { id: 'a4', kind: 'a4-printer', transport: { type: 'emulated' }, options: { pollMs: 0 } },
  { id: 'locker', kind: 'locker', transport: { type: 'emulated' } },
  { id: 'scanner', kind: 'scanner', transport: { type: 'emulated' } },
];

let kiosk: TestKiosk;
let browser: Browser;

beforeAll(async () => {
  kiosk = await startTestKiosk({ devices: EMULATED });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await kiosk?.close();
});

function waitHealth(k: TestKiosk, id: string, pred: (h: DeviceHealth) => boolean): Promise<DeviceHealth> {
  const now = k.core.devices.health().find((h) => h.id === id);
  if (now && pred(now)) return Promise.resolve(now);
  return new Promise((resolve) => {
    const off = k.core.devices.onHealth((h) => {
      if (h.id === id && pred(h)) {
        off();
        resolve(h);
      }
    });
  });
}

async function openDemo(): Promise<Page> {
  const url = kiosk.host.demoUrl;
  if (url === null) throw new Error('the demo panel is not served');
  const page = await browser.newPage({ viewport: { width: 1200, height: 1400 } });
  await page.goto(url);
  await page.getByTestId('connection').filter({ hasText: 'open' }).waitFor();
  await page.locator('tr[data-device="idcard"]').waitFor();
  return page;
}

describe('demo panel: access', () => {
  it('refuses the page and its socket without the token, and hides demo.html from the static files', async () => {
    const { origin, token } = kiosk.host;
    expect(kiosk.host.demoUrl).toBe(`${origin}/demo?token=${token}`);
    expect((await fetch(`${origin}/demo`)).status).toBe(403);
    expect((await fetch(`${origin}/demo?token=wrong`)).status).toBe(403);
    expect((await fetch(`${origin}/demo/pdf/a4/a4-1.pdf`)).status).toBe(403);
    const good = await fetch(`${origin}/demo?token=${token}`);
    expect(good.status).toBe(200);
    expect(good.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict/);
    expect(good.headers.get('content-security-policy')).toContain("script-src 'self'");
    const cookie = `yimen_token=${token}`;
    expect((await fetch(`${origin}/demo.html`, { headers: { cookie } })).status).toBe(404);
    expect((await fetch(`${origin}/demo/pdf/a4/nope.pdf`, { headers: { cookie } })).status).toBe(404);

    const ws = `${origin.replace('http', 'ws')}/demo-api`;
    await expect(wsAttempt(ws, { origin })).resolves.toEqual({ opened: false, status: 401 });
    await expect(wsAttempt(ws, { origin: 'http://evil.example', cookie })).resolves.toEqual({ opened: false, status: 403 });
    await expect(wsAttempt(ws, { origin, cookie })).resolves.toEqual({ opened: true });
  });

  it('is not served when a real device is configured', async () => {
    const real = await startTestKiosk({
      devices: [...EMULATED, { id: 'lockers-real', kind: 'locker', transport: { type: 'serial', path: '/dev/null-yimen-test' } }],
    });
    try {
      const { origin, token } = real.host;
      expect(real.host.demoUrl).toBeNull();
      expect((await fetch(`${origin}/demo?token=${token}`)).status).toBe(404);
      const cookie = `yimen_token=${token}`;
      await expect(wsAttempt(`${origin.replace('http', 'ws')}/demo-api`, { origin, cookie })).resolves.toEqual({
        opened: false,
        status: 404,
      });
      // The kiosk itself is still served.
      expect((await fetch(`${origin}/?token=${token}`)).status).toBe(200);
    } finally {
      await real.close();
    }
  });
});

describe('demo panel in Chromium', () => {
  it('places a sample card from the page: the ID-card driver reads it', async () => {
    const page = await openDemo();
    await screenshot(page, 'demo-01-panel');
    const driver = kiosk.core.devices.driver('idcard');
    if (!driver) throw new Error('no idcard driver');
    const read = new Promise<CardEvent>((resolve) => {
      const off = driver.onCard((e) => {
        if (e.type === 'card-read' || e.type === 'read-failed') {
          off();
          resolve(e);
        }
      });
    });
    await page.getByLabel('样卡 Sample card').selectOption('hkmotw');
    await page.getByRole('button', { name: '放卡 Place card' }).click();
    const e = await read;
    expect(e.type).toBe('card-read');
    expect(e.type === 'card-read' && e.card.text.cardType).toBe('hkmotw');
    await page.getByTestId('slot-idcard').filter({ hasText: 'hkmotw' }).waitFor();
    await screenshot(page, 'demo-02-card-placed');
    await page.getByRole('button', { name: '取卡 Remove card' }).click();
    await page.getByTestId('slot-idcard').filter({ hasText: '空 Empty' }).waitFor();
    await page.close();
  });

  it('sets the paper out from the page: device health shows it, on the page too', async () => {
    const page = await openDemo();
    await waitHealth(kiosk, 'receipt', (h) => h.state === 'ok');
    await page.getByRole('button', { name: '纸张缺纸 Out' }).click();
    const h = await waitHealth(kiosk, 'receipt', (x) => x.state === 'offline');
    expect(h.code).toContain('paper');
    const res = await kiosk.core.dispatch('devices.health', {}, { shell: 'browser' });
    expect(res.ok && (res.value as DeviceHealth[]).find((x) => x.id === 'receipt')).toMatchObject({ state: 'offline' });
    await page.locator('tr[data-device="receipt"][data-state="offline"]').waitFor();
    await screenshot(page, 'demo-03-paper-out');
    await page.getByRole('button', { name: '纸张正常 OK' }).click();
    await waitHealth(kiosk, 'receipt', (x) => x.state === 'ok');
    await page.locator('tr[data-device="receipt"][data-state="ok"]').waitFor();
    await page.close();
  });

  it('shows a printed receipt and a printed A4 PDF in the lists', async () => {
    const page = await openDemo();
    await waitHealth(kiosk, 'receipt', (h) => h.state === 'ok');
    const printer = kiosk.core.devices.driver('receipt-printer');
    if (!printer) throw new Error('no receipt driver');
    const job = new ReceiptBuilder()
      .setAlign('center')
      .line('一门式自助服务 回执', { bold: true })
      .setAlign('left')
      .line('受理号 No. A-DEMO-0042')
      .qr('https://example.org/a/A-DEMO-0042')
      .cut();
    const printed = await printer.print(job);
    expect(printed.ok).toBe(true);
    const receipt = page.getByTestId('receipt').filter({ hasText: 'A-DEMO-0042' });
    await receipt.waitFor();
    await expect(receipt.textContent()).resolves.toContain('一门式自助服务 回执');

    const a4 = kiosk.core.devices.driver('a4-printer');
    if (!a4) throw new Error('no a4 driver');
    const doc = await a4.print({ title: '受理通知书 Acceptance notice', paragraphs: ['示例 sample'] });
    expect(doc.ok).toBe(true);
    const link = page.getByRole('link', { name: '受理通知书 Acceptance notice' });
    await link.waitFor();
    await screenshot(page, 'demo-04-receipt-and-pdf');
    const href = await link.getAttribute('href');
    const pdf = await page.request.get(new URL(href ?? '', kiosk.host.origin).toString());
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await page.close();
  });
});
