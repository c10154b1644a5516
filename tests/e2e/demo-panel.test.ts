import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CardEvent } from '../../drivers/idcard/idcard-driver.js';
import { ReceiptBuilder } from '../../drivers/printer/receipt/receipt-builder.js';
import type { DeviceHealth } from '../../main/base/api/contract.js';
import { launchBrowser, screenshot, SCREENSHOT_DIR } from '../helpers/browser.js';
import { sessionCookie, startTestKiosk, wsAttempt, type TestKiosk } from '../helpers/host.js';

/** The default emulated devices, polling fast enough that health follows within a moment. */
const EMULATED = [
  { id: 'idcard', kind: 'idcard', transport: { type: 'emulated' }, options: { pollMs: 100 } },
  { id: 'receipt', kind: 'receipt-printer', transport: { type: 'emulated' }, options: { pollMs: 150 } },
  { id: 'a4', kind: 'a4-printer', transport: { type: 'emulated' }, options: { pollMs: 0 } },
  { id: 'locker', kind: 'locker', transport: { type: 'emulated' } },
  { id: 'scanner', kind: 'scanner', transport: { type: 'emulated' } },
  { id: 'face-camera', kind: 'camera', transport: { type: 'emulated' }, options: { role: 'face' } },
];

// pngjs comes with qrcode (a dependency): it decodes the screenshots to measure the ink.
const { PNG } = createRequire(import.meta.url)('pngjs') as {
  PNG: { sync: { read(b: Buffer): { width: number; height: number; data: Buffer } } };
};

/**
 * The bounding box of the dark pixels of a PNG (null: blank), and the fraction of them. With
 * `band`, only the rows of the run of inked rows that holds the most ink: an element's screenshot
 * starts on a whole pixel, so it can catch the edge of a neighbour's glyphs, apart from its own by blank rows.
 */
function ink(
  png: Buffer,
  opts: { band?: boolean } = {},
): { left: number; right: number; top: number; bottom: number; fraction: number } | null {
  const { width, height, data } = PNG.sync.read(png);
  const dark = (i: number): boolean => (data[i] ?? 255) + (data[i + 1] ?? 255) + (data[i + 2] ?? 255) <= 3 * 128;
  let from = 0;
  let to = height;
  if (opts.band) {
    let best = { from: 0, to: 0, n: 0 };
    let run = { from: 0, n: 0 };
    for (let y = 0; y <= height; y++) {
      let row = 0;
      for (let x = 0; y < height && x < width; x++) if (dark((y * width + x) * 4)) row++;
      if (row > 0) {
        if (run.n === 0) run = { from: y, n: 0 };
        run.n += row;
      } else {
        if (run.n > best.n) best = { from: run.from, to: y, n: run.n };
        run = { from: y + 1, n: 0 };
      }
    }
    ({ from, to } = best);
  }
  let left = width;
  let right = -1;
  let top = height;
  let bottom = -1;
  let n = 0;
  for (let y = from; y < to; y++) {
    for (let x = 0; x < width; x++) {
      if (!dark((y * width + x) * 4)) continue;
      n++;
      left = Math.min(left, x);
      right = Math.max(right, x);
      top = Math.min(top, y);
      bottom = Math.max(bottom, y);
    }
  }
  return right < 0 ? null : { left, right, top, bottom, fraction: n / (width * height) };
}

async function box(l: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  const b = await l.boundingBox();
  if (!b) throw new Error('element not laid out');
  return b;
}

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
    const { origin } = kiosk.host;
    const token = new URL(kiosk.host.demoUrl ?? '').searchParams.get('token') ?? '';
    expect(kiosk.host.demoUrl).toBe(`${origin}/demo?token=${token}`);
    expect(token).toMatch(/^[\w-]{32}$/);
    expect((await fetch(`${origin}/demo`)).status).toBe(403);
    expect((await fetch(`${origin}/demo?token=wrong`)).status).toBe(403);
    expect((await fetch(`${origin}/demo/pdf/a4/a4-1.pdf`)).status).toBe(403);
    const good = await fetch(`${origin}/demo?token=${token}`);
    expect(good.status).toBe(200);
    expect(good.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict/);
    expect(good.headers.get('content-security-policy')).toContain("script-src 'self'");
    const cookie = `yimen_demo=${token}`;
    expect((await fetch(`${origin}/demo.html`, { headers: { cookie } })).status).toBe(404);
    expect((await fetch(`${origin}/demo/pdf/a4/nope.pdf`, { headers: { cookie } })).status).toBe(404);

    const ws = `${origin.replace('http', 'ws')}/demo-api`;
    await expect(wsAttempt(ws, { origin })).resolves.toEqual({ opened: false, status: 401 });
    await expect(wsAttempt(ws, { origin: 'http://evil.example', cookie })).resolves.toEqual({ opened: false, status: 403 });
    await expect(wsAttempt(ws, { origin, cookie })).resolves.toEqual({ opened: true });
    // The demo token reaches the demo panel only: neither the kiosk page nor its API socket.
    expect((await fetch(`${origin}/?token=${token}`)).status).toBe(403);
    expect((await fetch(`${origin}/`, { headers: { cookie } })).status).toBe(403);
    await expect(wsAttempt(`${origin.replace('http', 'ws')}/api`, { origin, cookie })).resolves.toEqual({
      opened: false,
      status: 401,
    });
    // A kiosk page session does not open the demo panel's socket either.
    const ui = await sessionCookie(kiosk.host);
    await expect(wsAttempt(ws, { origin, cookie: ui })).resolves.toEqual({ opened: false, status: 401 });
  });

  it('is not served when a real device is configured', async () => {
    const real = await startTestKiosk({
      devices: [...EMULATED, { id: 'lockers-real', kind: 'locker', transport: { type: 'serial', path: '/dev/null-yimen-test' } }],
    });
    try {
      const { origin } = real.host;
      expect(real.host.demoUrl).toBeNull();
      const launch = real.host.launchUrl();
      const token = new URL(launch).searchParams.get('token') ?? '';
      expect((await fetch(`${origin}/demo?token=${token}`)).status).toBe(404);
      const cookie = `yimen_demo=${token}`;
      await expect(wsAttempt(`${origin.replace('http', 'ws')}/demo-api`, { origin, cookie })).resolves.toEqual({
        opened: false,
        status: 404,
      });
      // The kiosk itself is still served.
      expect((await fetch(launch)).status).toBe(200);
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

  it("draws a receipt at the printer's real size: the body at 1×, the application number on one line", async () => {
    const page = await openDemo();
    await waitHealth(kiosk, 'receipt', (h) => h.state === 'ok');
    const printer = kiosk.core.devices.driver('receipt-printer');
    if (!printer) throw new Error('no receipt driver');
    const appNo = 'MO0001-260302-4F2A9C1E';
    // Like the kiosk's own receipt: a 2×2 title, then the body back at 1×; one line made double by ESC ! alone.
    const job = new ReceiptBuilder()
      .setAlign('center')
      .line('办件回执', { bold: true, width: 2, height: 2 })
      .style({ bold: false, width: 1, height: 1 })
      .setAlign('left')
      .line('事项：户籍证明开具')
      .line(`申请编号：${appNo}`)
      .raw([0x1b, 0x21, 0x30])
      .line('ESC!')
      .raw([0x1b, 0x21, 0x00])
      .qr(appNo, { size: 6, align: 'center' })
      .cut();
    expect((await printer.print(job)).ok).toBe(true);

    const receipt = page.getByTestId('receipt').filter({ hasText: appNo });
    await receipt.waitFor();
    await expect(receipt.getAttribute('data-columns')).resolves.toBe('48');
    // The roll at its real width: 80 mm at 96 CSS px to the inch.
    const paper = await box(receipt.getByTestId('receipt-paper'));
    expect(paper.width).toBeCloseTo((80 / 25.4) * 96, 0);
    const area = await box(receipt.getByTestId('print-area'));
    const dot = area.width / 576;
    expect(area.width).toBeCloseTo((72 / 25.4) * 96, 0);

    // The application number: one printed line, every character cell on it, 12×24 dots a digit.
    const line = receipt.getByTestId('receipt-line').filter({ hasText: appNo });
    await expect(line.count()).resolves.toBe(1);
    const lineBox = await box(line);
    expect(lineBox.height).toBeCloseTo(30 * dot, 1);
    const cells = await line.locator('.cell').evaluateAll((els) =>
      els.map((e) => {
        const r = e.getBoundingClientRect();
        return { ch: e.textContent ?? '', x: r.left, top: r.top, w: r.width, h: r.height };
      }),
    );
    expect(cells.map((c) => c.ch).join('')).toBe(`申请编号：${appNo}`);
    const tops = cells.map((c) => c.top);
    expect(Math.max(...tops) - Math.min(...tops)).toBeLessThan(0.5);
    for (const c of cells) {
      const half = /[\x20-\x7e]/.test(c.ch);
      // A cell is the print width over 48 columns (a Han character two of them), 24 dots tall: 1×.
      expect(c.w).toBeCloseTo((half ? 1 : 2) * (area.width / 48), 1);
      expect(c.h).toBeCloseTo(24 * dot, 1);
    }
    const last = cells[cells.length - 1];
    if (!last) throw new Error('no cells');
    // Where the line ends: 10 + 23 columns from the left edge (within a dot or two of layout rounding).
    expect(Math.abs(last.x + last.w - area.x - (10 + appNo.length) * 12 * dot)).toBeLessThan(1);

    // The title and the ESC ! line are double, because their bytes say so.
    const title = receipt.getByTestId('receipt-line').filter({ hasText: '办件回执' });
    await expect(title.locator('.run').getAttribute('data-size')).resolves.toBe('2x2');
    const titleCell = await box(title.locator('.cell').first());
    expect(titleCell.width).toBeCloseTo(48 * dot, 1);
    expect(titleCell.height).toBeCloseTo(48 * dot, 1);
    await expect(
      receipt.getByTestId('receipt-line').filter({ hasText: 'ESC!' }).locator('.run').getAttribute('data-size'),
    ).resolves.toBe('2x2');
    await expect(
      receipt.getByTestId('receipt-line').filter({ hasText: '事项' }).locator('.run').first().getAttribute('data-size'),
    ).resolves.toBe('1x1');

    // The pixels: the number's ink spans its cells and stays within one 24-dot line (a 2× body would not).
    const shot = ink(await line.screenshot({ path: join(SCREENSHOT_DIR, 'demo-05-receipt-line.png') }), { band: true });
    if (!shot) throw new Error('the application number line has no ink');
    expect(shot.right + 1).toBeGreaterThan((10 + appNo.length - 1) * 12 * dot);
    expect(shot.right + 1).toBeLessThanOrEqual((10 + appNo.length) * 12 * dot + 2);
    expect(shot.bottom - shot.top + 1).toBeLessThanOrEqual(24 * dot + 1);
    // The QR code at 6 dots a module (version 2 holds this number: 25 modules a side).
    const qrSvg = receipt.locator(`svg.qr[data-qr="${appNo}"]`);
    await expect(qrSvg.getAttribute('viewBox')).resolves.toBe('0 0 25 25');
    expect((await box(qrSvg)).width).toBeCloseTo(25 * 6 * dot, 1);
    await receipt.scrollIntoViewIfNeeded();
    await receipt.screenshot({ path: join(SCREENSHOT_DIR, 'demo-05-receipt-real-size.png') });
    await receipt.getByRole('button', { name: '放大 Zoom 2×' }).click();
    await expect(box(receipt.getByTestId('print-area')).then((b) => b.width)).resolves.toBeCloseTo(2 * area.width, 0);
    await receipt.screenshot({ path: join(SCREENSHOT_DIR, 'demo-06-receipt-zoomed.png') });
    await page.close();
  });

  it('shows the A4 page rasterised on the host, and its title reads back by OCR', async () => {
    const page = await openDemo();
    const a4 = kiosk.core.devices.driver('a4-printer');
    if (!a4) throw new Error('no a4 driver');
    const doc = await a4.print({ title: '户籍证明', paragraphs: ['兹证明 示例 sample'] });
    expect(doc.ok).toBe(true);
    const item = page.getByTestId('pdf').filter({ has: page.getByRole('link', { name: '户籍证明', exact: true }) });
    const img = item.getByTestId('a4-preview');
    await img.waitFor();
    const natural = await img.evaluate((e) => {
      const i = e as HTMLImageElement;
      return i.decode().then(() => ({ w: i.naturalWidth, h: i.naturalHeight, src: i.src }));
    });
    // An A4 page (1 : √2) from poppler.
    expect(natural.h / natural.w).toBeCloseTo(297 / 210, 2);
    const png = Buffer.from(natural.src.replace(/^data:image\/png;base64,/, ''), 'base64');
    const marks = ink(png);
    if (!marks) throw new Error('the A4 preview is blank');
    expect(marks.fraction).toBeGreaterThan(0.001);
    expect(marks.fraction).toBeLessThan(0.5);
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const file = join(SCREENSHOT_DIR, 'demo-07-a4-page.png');
    writeFileSync(file, png);
    const { stdout } = await promisify(execFile)('tesseract', [file, '-', '-l', 'chi_sim', '--psm', '4']);
    expect(stdout.replace(/\s+/g, '')).toContain('户籍证明');
    await img.scrollIntoViewIfNeeded();
    await screenshot(page, 'demo-08-a4-preview');
    await page.close();
  });

  it("plays a camera scenario chosen on the page: the camera device's frames are that scenario's; pull out now ends the capture", async () => {
    const page = await openDemo();
    const emulator = kiosk.core.devices.emulator('camera', 'face-camera');
    const driver = kiosk.core.devices.driver('camera', 'face-camera');
    if (!emulator || !driver) throw new Error('no emulated camera');
    const section = page.getByTestId('camera-face-camera');
    const thumb = section.getByTestId('camera-thumb-face-camera');
    const b64 = (frames: Uint8Array[]): string[] => frames.map((f) => Buffer.from(f).toString('base64'));
    /** The thumbnail's picture, once it shows the scenario. */
    const thumbOf = async (scenario: string): Promise<{ w: number; h: number; src: string }> => {
      await section.locator(`img[data-scenario="${scenario}"]`).waitFor();
      return thumb.evaluate((e) => {
        const i = e as HTMLImageElement;
        return i.decode().then(() => ({ w: i.naturalWidth, h: i.naturalHeight, src: i.src }));
      });
    };
    await section.getByTestId('camera-scenario-face-camera').filter({ hasText: '真人正脸 Real face' }).waitFor();
    const realFace = await thumbOf('real-face');

    await section.getByRole('button', { name: '举起打印照片 Printed photo held up' }).click();
    await section.getByTestId('camera-scenario-face-camera').filter({ hasText: '举起打印照片' }).waitFor();
    expect(emulator.getScenario()).toBe('printed-photo');
    await expect(
      section.getByRole('button', { name: '举起打印照片 Printed photo held up' }).getAttribute('aria-pressed'),
    ).resolves.toBe('true');
    // What the kiosk gets from the camera now is a frame of the printed photo.
    const shot = await driver.snapshot();
    if (!shot.ok) throw new Error(shot.error.code);
    expect(b64(emulator.frames('printed-photo'))).toContain(Buffer.from(shot.value.bytes).toString('base64'));
    expect(b64(emulator.frames('real-face'))).not.toContain(Buffer.from(shot.value.bytes).toString('base64'));
    // The thumbnail follows: another picture (the camera's 640×480 frame drawn 160 px wide), not blank.
    const printed = await thumbOf('printed-photo');
    expect([printed.w, printed.h]).toEqual([640, 480]);
    expect((await box(thumb)).width).toBeCloseTo(160 + 2 * 2, 0);
    expect(printed.src).not.toBe(realFace.src);
    const pixels = ink(await thumb.screenshot());
    expect(pixels?.fraction ?? 0).toBeGreaterThan(0.01);
    await section.scrollIntoViewIfNeeded();
    await section.screenshot({ path: join(SCREENSHOT_DIR, 'demo-09-camera-printed-photo.png') });

    // Pull out now: only while a capture session is open (the kiosk opens one for the face check).
    const pull = section.getByRole('button', { name: '立即拔出 Pull out now' });
    await expect(pull.isDisabled()).resolves.toBe(true);
    const opened = await driver.open();
    if (!opened.ok) throw new Error(opened.error.code);
    const ended = new Promise<string | null>((resolve) => opened.value.onEnd((e) => resolve(e?.code ?? null)));
    await section.getByText('● 正在拍摄 Capturing').waitFor();
    await section.screenshot({ path: join(SCREENSHOT_DIR, 'demo-10-camera-capturing.png') });
    await pull.click();
    await expect(ended).resolves.toBe('camera-unplugged');
    await page.locator('tr[data-device="face-camera"][data-state="offline"]').filter({ hasText: 'camera-unplugged' }).waitFor();
    await section.getByText('未在拍摄 Idle').waitFor();

    // No camera connected: health says so at once, and the kiosk cannot open it.
    await section.getByRole('button', { name: '未连接摄像头 No camera connected' }).click();
    await page.locator('tr[data-device="face-camera"][data-state="offline"]').filter({ hasText: 'camera-missing' }).waitFor();
    await section.getByText('无画面 No picture').waitFor();
    const none = await driver.open();
    expect(none.ok || none.error.code).toBe('camera-missing');
    await screenshot(page, 'demo-11-camera-missing');

    // Plugged back in with a face: ready again.
    await section.getByRole('button', { name: '真人正脸 Real face' }).click();
    await page.locator('tr[data-device="face-camera"][data-state="ok"]').waitFor();
    expect(emulator.getScenario()).toBe('real-face');
    await page.close();
  });
});
