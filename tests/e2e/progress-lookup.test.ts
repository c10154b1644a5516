/**
 * Progress lookup (办件查询) end to end: the kiosk's real submission prints a receipt whose QR
 * (read back from the ESC/POS bytes the emulated printer received) opens the back office's status
 * page in Chromium; on the kiosk the same QR through the emulated scanner, the number typed on the
 * keypad, and the ID card each show the status, in portrait (1080×1920) and landscape.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBackoffice } from '../../backoffice/server.js';
import type { SessionView } from '../../main/base/api/contract.js';
import type { Booted } from '../../main/core/boot.js';
import { parseProgressQuery } from '../../main/features/journeys/progress-link.js';
import type { BrowserHost } from '../../main/shells/host/browser-host.js';
import { launchBrowser, screenshot } from '../helpers/browser.js';
import { startKioskStack, type KioskStack } from '../helpers/stack.js';

const SAMPLE_ID = '440604198506151233';
const SAMPLE_NAME = '李示范';
const PORTRAIT = { width: 1080, height: 1920 };
const LANDSCAPE = { width: 1920, height: 1080 };

let stack: KioskStack | undefined;
let bo: RunningBackoffice;
let kiosk: Booted;
let host: BrowserHost;
let browser: Browser;
/** The receipt QR's text, read from the printed bytes, and the number it names. */
let qrText = '';
let applicationNo = '';
let applicationId = '';

async function until(pred: (v: SessionView) => boolean, what: string, ms = 20_000): Promise<SessionView> {
  const end = Date.now() + ms;
  for (;;) {
    const v = kiosk.core.session.view();
    if (pred(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; at ${v.step ?? v.phase} ${JSON.stringify(v.notice)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
async function call(method: string, args: unknown = {}): Promise<void> {
  const r = await kiosk.core.dispatch(method, args, { shell: 'browser' });
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
}
async function admin(path: string, body: unknown): Promise<Response> {
  return fetch(new URL(path, bo.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

beforeAll(async () => {
  stack = await startKioskStack({ host: true });
  ({ bo, kiosk } = stack);
  host = stack.host as BrowserHost;
  browser = await launchBrowser();
  await until(() => kiosk.core.devices.health().every((h) => h.state !== 'unknown'), 'devices up');
  // A real application: card, form, consent, durable enqueue, receipt on the emulated printer.
  const printer = kiosk.core.devices.emulator('receipt-printer');
  const before = printer?.receipts.length ?? 0;
  await call('session.start');
  await call('journey.choose', { purpose: 'apply', matterId: 'senior-card' });
  kiosk.core.devices.emulator('idcard')?.placeCard('resident');
  await until((v) => v.step === 'apply.form', 'the form');
  await call('journey.formEdit', { values: { phone: '13800138000' } });
  await call('journey.setDelivery', { delivery: 'locker' });
  await call('journey.formSubmit');
  await call('journey.confirm');
  await call('journey.agree', { sensitiveConsent: true });
  const done = await until((v) => v.step === 'apply.done', 'the submission');
  applicationNo = done.result?.applicationNo ?? '';
  await until(() => (printer?.receipts.length ?? 0) > before, 'the receipt');
  // The QR as the printer received it: the ESC/POS "store QR data" command, decoded by the emulator.
  const qr = printer?.receipts.at(-1)?.items.find((i) => i.kind === 'qr');
  qrText = qr?.kind === 'qr' ? qr.data : '';
  kiosk.core.devices.emulator('idcard')?.removeCard();
  await call('session.end');
  // Delivered through the outbox: wait until the back office has it.
  const end = Date.now() + 20_000;
  for (;;) {
    const row = bo.db.prepare(`SELECT application_id FROM applications WHERE receipt_no = ?`).get(applicationNo) as
      { application_id: string } | undefined;
    if (row) {
      applicationId = row.application_id;
      break;
    }
    if (Date.now() > end) throw new Error('the application never reached the back office');
    await new Promise((r) => setTimeout(r, 50));
  }
});

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

/** axe-core (WCAG 2.x A/AA): the serious and critical violations on the page, as readable lines. */
async function axe(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

async function kioskPage(viewport: { width: number; height: number }): Promise<Page> {
  await call('session.end');
  const page = await (await browser.newContext({ viewport })).newPage();
  await page.goto(host.launchUrl());
  await page.getByRole('button', { name: '轻触屏幕开始办理' }).click();
  await page.locator('[data-action="progress"]').click();
  await page.getByRole('heading', { name: '查询办理进度' }).waitFor();
  return page;
}

describe('progress lookup (办件查询)', () => {
  it('the printed receipt QR is an https-style link to the status page, which a phone opens without asking anything', async () => {
    const q = parseProgressQuery(qrText);
    expect(q).toMatchObject({ kind: 'receipt', applicationNo });
    expect(qrText.startsWith(`${bo.url}s/${applicationNo}.`)).toBe(true);
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    try {
      await phone.goto(qrText);
      await phone.getByTestId('state').waitFor();
      expect(await phone.getByTestId('state').getAttribute('data-state')).toBe('received');
      expect(await phone.getByTestId('state').innerText()).toContain('已受理');
      expect(await phone.getByTestId('application-no').innerText()).toBe(applicationNo);
      expect(await phone.getByTestId('applicant').innerText()).toBe('李**');
      const text = await phone.locator('body').innerText();
      expect(text).toContain('Application progress');
      expect(text).not.toContain(SAMPLE_ID);
      expect(text).not.toContain(SAMPLE_NAME);
      await screenshot(phone, 'progress-phone-status');
      // One character of the token changed: the same "not found" page, nothing about the application.
      const last = qrText.at(-1) === 'A' ? 'B' : 'A';
      await phone.goto(qrText.slice(0, -1) + last);
      await phone.getByTestId('not-found').waitFor();
      expect(await phone.locator('body').innerText()).not.toContain(applicationNo);
    } finally {
      await phone.close();
    }
  });

  it('by the receipt QR through the scanner: status, steps and the masked name (portrait)', async () => {
    expect((await admin(`admin/applications/${applicationNo}/state`, { state: 'in-review' })).status).toBe(200);
    const page = await kioskPage(PORTRAIT);
    try {
      await screenshot(page, 'progress-01-ask-portrait');
      expect(await axe(page)).toEqual([]);
      await kiosk.core.devices.emulator('scanner')?.scan(qrText);
      const item = page.locator(`.progress-item[data-application="${applicationNo}"]`);
      await item.waitFor();
      expect(await page.locator('.progress-result').getAttribute('data-by')).toBe('receipt');
      expect(await item.getAttribute('data-state')).toBe('in-review');
      expect(await item.getByTestId('progress-state').innerText()).toBe('审核中');
      expect(await item.getByTestId('progress-applicant').innerText()).toBe('李**');
      expect(await item.locator('.progress-history li').allInnerTexts()).toEqual([
        expect.stringContaining('已受理'),
        expect.stringContaining('审核中'),
      ]);
      expect(await page.locator('body').innerText()).not.toContain(SAMPLE_ID);
      await screenshot(page, 'progress-02-by-qr-portrait');
      expect(await axe(page)).toEqual([]);
      // Something that is no receipt link: a clear message and the three ways again.
      await page.getByRole('button', { name: '查询其他申请' }).click();
      await kiosk.core.devices.emulator('scanner')?.scan('yimen-id:not-a-receipt');
      await page.locator('.notice[data-code="progress-qr-unknown"]').waitFor();
    } finally {
      await page.context().close();
    }
  });

  it('by the number typed on the keypad: status only, no name; an unknown number says so (landscape)', async () => {
    const page = await kioskPage(LANDSCAPE);
    try {
      const typeNo = async (no: string): Promise<void> => {
        for (const k of no.toLowerCase())
          await page.locator('.progress-number .key', { hasText: new RegExp(`^${k === '-' ? '\\-' : k}$`) }).click();
      };
      await typeNo('MO0001-000101-00000000');
      await page.getByRole('button', { name: '查询', exact: true }).click();
      await page.locator('.notice[data-code="progress-not-found"]').waitFor();
      await screenshot(page, 'progress-03-not-found-landscape');
      await typeNo(applicationNo.replace(/-/g, ''));
      expect(await page.getByTestId('progress-number').innerText()).toBe(applicationNo.replace(/-/g, ''));
      await page.getByRole('button', { name: '查询', exact: true }).click();
      const item = page.locator(`.progress-item[data-application="${applicationNo}"]`);
      await item.waitFor();
      expect(await page.locator('.progress-result').getAttribute('data-by')).toBe('number');
      expect(await item.getByTestId('progress-state').innerText()).toBe('审核中');
      expect(await item.getByTestId('progress-applicant').count()).toBe(0);
      expect(await page.locator('body').innerText()).not.toContain('李**');
      await screenshot(page, 'progress-04-by-number-landscape');
    } finally {
      await page.context().close();
    }
  });

  it('by ID card: the person’s own applications, where to collect, and “collect now” opens the pickup journey', async () => {
    const seeded = await admin('admin/pickups', {
      applicationId,
      idNumber: SAMPLE_ID,
      name: SAMPLE_NAME,
      matterName: 'senior-card',
      lockerId: 'locker',
      cell: '1-02',
    });
    expect(seeded.status).toBe(201);
    for (const [viewport, name] of [
      [PORTRAIT, 'progress-05-by-card-portrait'],
      [LANDSCAPE, 'progress-06-by-card-landscape'],
    ] as const) {
      const page = await kioskPage(viewport);
      try {
        kiosk.core.devices.emulator('idcard')?.placeCard('resident');
        const item = page.locator(`.progress-item[data-application="${applicationNo}"]`);
        await item.waitFor();
        expect(await page.locator('.progress-result').getAttribute('data-by')).toBe('card');
        expect(await item.getAttribute('data-state')).toBe('ready-for-pickup');
        expect(await item.getByTestId('progress-collection').innerText()).toContain('A-02');
        expect(await item.getByTestId('progress-applicant').innerText()).toBe('李**');
        expect(await page.locator('body').innerText()).not.toContain(SAMPLE_ID);
        await screenshot(page, name);
        if (viewport === LANDSCAPE) {
          await item.getByRole('button', { name: '现在取件' }).click();
          await page.locator('.pickups li', { hasText: 'A-02' }).waitFor();
          await screenshot(page, 'progress-07-collect-from-result');
        }
      } finally {
        kiosk.core.devices.emulator('idcard')?.removeCard();
        await page.context().close();
      }
    }
  });
});
