/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * Accessibility of every citizen screen and of the staff prompt and dashboard, in Chromium:
 * axe-core (WCAG 2.x A/AA rules) must find no serious or critical violation, in default, elder
 * and high-contrast modes; touch targets are measured from bounding boxes (≥ 44×44 px by default,
 * ≥ 60×60 px in elder mode) and elder-mode text from computed styles (body ≥ 24 px, largest
 * ≥ 40 px, line spacing ≥ 1.3).
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBackoffice } from '../../backoffice/server.js';
import type { Booted } from '../../main/core/boot.js';
import { startBrowserHost, type BrowserHost } from '../../main/shells/host/browser-host.js';
import { launchBrowser, passFaceCheck, submitted } from '../helpers/browser.js';
import { RENDERER_DIR } from '../helpers/host.js';
import { startMaintenanceKiosk, type MaintenanceKiosk } from '../integration/main/features/maintenance/fixtures.js';
import { startKioskStack, type KioskStack } from '../helpers/stack.js';

/** axe-core's Playwright runner needs a page of its own context. */
async function newPage(height: number): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height } });
  return ctx.newPage();
}

type Mode = 'default' | 'elder' | 'contrast';
const RESIDENT_ID = '440604198506151233';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Problems found on one screen, as readable lines (the assertion shows them all at once). */
async function audit(page: Page, screen: string, mode: Mode, opts: { citizen?: boolean } = {}): Promise<string[]> {
  const out: string[] = [];
  await page.evaluate(() => document.fonts.ready);
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  for (const v of axe.violations) {
    if (v.impact !== 'serious' && v.impact !== 'critical') continue;
    out.push(`${mode}/${screen}: axe ${v.id} (${v.impact}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }
  if (opts.citizen === false) return out;
  const min = mode === 'elder' ? 60 : 44;
  const small = await page.evaluate((m) => {
    const els = document.querySelectorAll<HTMLElement>('button, a[href], input, select, textarea, [role="button"], [role="tab"]');
    const bad: string[] = [];
    for (const el of els) {
      if (el.closest('.staff-overlay, .staff-dashboard') || el.classList.contains('staff-corner')) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue; // not rendered
      if (r.width < m || r.height < m)
        bad.push(
          `${el.tagName.toLowerCase()}.${el.className} "${(el.textContent ?? '').trim().slice(0, 20)}" ${Math.round(r.width)}×${Math.round(r.height)}`,
        );
    }
    return bad;
  }, min);
  for (const s of small) out.push(`${mode}/${screen}: target < ${min}px: ${s}`);
  if (mode === 'elder') {
    const text = await page.evaluate(() => {
      const bad: string[] = [];
      let largest = 0;
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement;
        if (!el || (n.textContent ?? '').trim() === '' || el.closest('.staff-overlay, .staff-dashboard')) continue;
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue;
        const cs = getComputedStyle(el);
        const size = parseFloat(cs.fontSize);
        largest = Math.max(largest, size);
        const lh = cs.lineHeight === 'normal' ? size * 1.2 : parseFloat(cs.lineHeight);
        const what = `${el.tagName.toLowerCase()}.${el.className} "${(n.textContent ?? '').trim().slice(0, 16)}"`;
        if (size < 24) bad.push(`text ${size}px < 24px: ${what}`);
        // Single-line controls centre their text in a target ≥ 60 px; line spacing matters for running text.
        // (computed line heights are rounded to 1/64 px: allow that much below 1.3)
        if (lh / size < 1.295 && !el.closest('button')) bad.push(`line-height ${(lh / size).toFixed(2)} < 1.3: ${what}`);
      }
      if (largest < 40) bad.push(`largest text ${largest}px < 40px`);
      return bad;
    });
    for (const s of text) out.push(`elder/${screen}: ${s}`);
  }
  return out;
}

/** Turns the mode on (idempotent); elder mode on the attract screen also starts the session. */
async function setMode(page: Page, mode: Mode): Promise<void> {
  if (mode === 'default') return;
  const toggle = page.getByRole('button', { name: mode === 'elder' ? '大字模式' : '高对比度' });
  if ((await toggle.getAttribute('aria-pressed')) !== 'true') await toggle.click();
  await page.waitForFunction((m) => document.documentElement.classList.contains(m), mode);
}

/** From the attract screen (or the home screen elder mode jumped to) to home. */
async function start(page: Page): Promise<void> {
  if ((await page.locator('.attract').count()) > 0) await page.getByRole('button', { name: '轻触屏幕开始办理' }).click();
  await page.getByRole('heading', { name: '请选择要办理的事项' }).waitFor();
}

describe('citizen screens', { timeout: 600_000 }, () => {
  let bo: RunningBackoffice;
  let kiosk: Booted;
  let host: BrowserHost;
  const card = (id = 'resident'): void => void kiosk.core.devices.emulator('idcard')?.placeCard(id);
  const removeCard = (): void => kiosk.core.devices.emulator('idcard')?.removeCard();

  let stack: KioskStack | undefined;

  beforeAll(async () => {
    stack = await startKioskStack({ host: true });
    ({ bo, kiosk } = stack);
    host = stack.host as BrowserHost;
  });
  afterAll(async () => {
    await stack?.close();
  });

  async function journeys(mode: Mode, lock: number): Promise<string[]> {
    const found: string[] = [];
    const page = await newPage(900);
    try {
      await kiosk.core.dispatch('session.end', {}, { shell: 'browser' });
      await page.goto(host.launchUrl());
      await page.locator('.attract').waitFor();
      await setMode(page, mode);
      found.push(...(await audit(page, 'attract', mode)));
      // Apply: home → identify → form → review → consent → done → rating → ending.
      await start(page);
      found.push(...(await audit(page, 'home', mode)));
      await page.locator('[data-matter="household-certificate"]').click();
      // The matter's page (conditions, materials, fee…) comes first; 办理 goes on to identification.
      await page.locator('.matter-detail').waitFor();
      found.push(...(await audit(page, 'matter-detail', mode)));
      await page.locator('[data-action="start-matter"]').click();
      await page.getByRole('heading', { name: '请验证身份' }).waitFor();
      found.push(...(await audit(page, 'identify', mode)));
      card();
      // An on-the-spot certificate on a card: the face check's own consent comes first (#15).
      await page.getByTestId('face-consent').waitFor();
      found.push(...(await audit(page, 'face-consent', mode)));
      await passFaceCheck(page);
      await page.locator('.apply-form').waitFor();
      await page.getByRole('button', { name: '用途' }).click();
      await page.getByRole('button', { name: '数字' }).click();
      for (const k of '12') await page.locator('.keyboard .key', { hasText: new RegExp(`^${k}$`) }).click();
      found.push(...(await audit(page, 'form', mode)));
      await page.getByRole('button', { name: '下一步' }).click();
      await page.getByRole('heading', { name: '请核对以下信息' }).waitFor();
      found.push(...(await audit(page, 'review', mode)));
      await page.getByRole('button', { name: '信息无误' }).click();
      await page.getByRole('heading', { name: '个人信息处理告知' }).waitFor();
      found.push(...(await audit(page, 'consent', mode)));
      // The ID number is sensitive: agreeing waits for the separate consent, and says so.
      expect(await page.getByRole('button', { name: '同意并提交' }).isDisabled()).toBe(true);
      await page.getByText('请先勾选上面的单独同意，才能提交。').waitFor();
      await page.getByRole('checkbox', { name: '我单独同意处理上述敏感个人信息' }).click();
      found.push(...(await audit(page, 'consent-separate', mode)));
      await page.getByRole('button', { name: '同意并提交' }).click();
      await submitted(page);
      found.push(...(await audit(page, 'done', mode)));
      removeCard();
      await page.getByRole('button', { name: '完成' }).click();
      await page.getByRole('heading', { name: '请为本次服务评价' }).waitFor();
      found.push(...(await audit(page, 'rating', mode)));
      await page.getByRole('button', { name: '非常满意' }).click();
      await page.getByRole('heading', { name: '办理结束，谢谢！' }).waitFor();
      found.push(...(await audit(page, 'ending', mode)));

      // Collect: a pickup waits for the resident in board 2's lock.
      const res = await fetch(new URL('admin/pickups', bo.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          idNumber: RESIDENT_ID,
          name: '李样本',
          phone: '13900139000',
          matterName: 'senior-card',
          lockerId: 'locker',
          cell: `2-0${lock}`,
        }),
      });
      expect(res.ok).toBe(true);
      await page.locator('.attract').waitFor({ timeout: 30_000 });
      await setMode(page, mode);
      await start(page);
      await page.locator('.quick-actions .tile').first().click();
      await page.getByRole('heading', { name: '请验证身份' }).waitFor();
      found.push(...(await audit(page, 'identify-collect', mode)));
      card();
      await page.getByRole('button', { name: '开柜取件' }).first().waitFor();
      found.push(...(await audit(page, 'collect-choose', mode)));
      removeCard();
      await page.getByRole('button', { name: '开柜取件' }).first().click();
      await page.getByTestId('door').waitFor();
      found.push(...(await audit(page, 'collect-open', mode)));
      kiosk.core.devices.emulator('locker')?.emulator.setDoor(2, lock, 'closed');
      await page.locator('.notice.good[data-code^="pickup-done"]').waitFor();
      await page.getByRole('button', { name: '完成' }).click();
      await page.getByRole('heading', { name: '请为本次服务评价' }).waitFor();
      await page.getByRole('button', { name: '跳过' }).click();

      // Report and my data.
      await page.locator('.attract').waitFor({ timeout: 30_000 });
      await setMode(page, mode);
      await start(page);
      await page.getByRole('button', { name: /反映问题/ }).click();
      await page.getByRole('heading', { name: '反映身边问题' }).waitFor();
      found.push(...(await audit(page, 'report', mode)));
      await page.getByRole('button', { name: '返回' }).click();
      await page.getByRole('button', { name: /我的数据/ }).click();
      await page.locator('.identify, .mydata').first().waitFor();
      if ((await page.locator('.identify').count()) > 0) {
        card();
        await page.getByRole('heading', { name: '我的数据' }).waitFor();
      }
      found.push(...(await audit(page, 'mydata', mode)));
      removeCard();

      // Lost SMS (re-send by mobile number) and staff-assisted identification.
      await kiosk.core.dispatch('session.end', {}, { shell: 'browser' });
      await page.locator('.attract').waitFor({ timeout: 30_000 });
      await setMode(page, mode);
      await start(page);
      await page.locator('.quick-actions .tile').first().click();
      await page.getByRole('button', { name: '短信找不到了？重新发送取件码' }).click();
      await page.getByTestId('resend-phone').waitFor();
      found.push(...(await audit(page, 'identify-resend', mode)));
      await page.getByRole('button', { name: '返回输入取件码' }).click();
      await page.getByRole('button', { name: '没带身份证？请工作人员协助' }).click();
      await page.getByRole('heading', { name: '已呼叫工作人员' }).waitFor();
      found.push(...(await audit(page, 'assist-waiting', mode)));
      await page.locator('input[data-field="card"]').fill('STAFF-0001');
      await page.locator('input[data-field="pin"]').fill('246810');
      await page.getByRole('button', { name: '工作人员确认' }).click();
      await page.getByTestId('assist-staff').waitFor();
      found.push(...(await audit(page, 'assist-entry', mode)));
      await page.getByRole('button', { name: '不用了，返回' }).click();
      await page.getByRole('heading', { name: '请验证身份' }).waitFor();
    } finally {
      await page.context().close();
      await kiosk.core.dispatch('session.end', {}, { shell: 'browser' });
    }
    return found;
  }

  it('default mode: no serious/critical axe violation, targets ≥ 44×44', async () => {
    expect(await journeys('default', 6)).toEqual([]);
  });
  it('elder mode: no serious/critical axe violation, targets ≥ 60×60, text ≥ 24 px (largest ≥ 40), line spacing ≥ 1.3', async () => {
    expect(await journeys('elder', 7)).toEqual([]);
  });
  it('high-contrast mode: no serious/critical axe violation (contrast ≥ 4.5:1)', async () => {
    expect(await journeys('contrast', 8)).toEqual([]);
  });
});

describe('idle warning and the staff layer', { timeout: 300_000 }, () => {
  let k: MaintenanceKiosk;
  let host: BrowserHost;
  beforeAll(async () => {
    k = await startMaintenanceKiosk();
    host = await startBrowserHost({ core: k.core, rendererDir: RENDERER_DIR, port: 0 });
  });
  afterAll(async () => {
    await host?.close();
    await k?.close();
  });

  it('idle warning, staff prompt and dashboard in default and elder mode', async () => {
    const found: string[] = [];
    const page = await newPage(800);
    try {
      await page.goto(host.launchUrl());
      for (const mode of ['default', 'elder'] as const) {
        await page.locator('.attract').waitFor();
        await setMode(page, mode);
        await start(page);
        const view = k.core.session.view();
        k.clock.increment(view.idleMs + 10);
        await page.getByRole('alertdialog').waitFor();
        found.push(...(await audit(page, 'idle-warning', mode)));
        await page.getByRole('button', { name: '需要更多时间' }).click();
        await page.getByRole('alertdialog').waitFor({ state: 'detached' });
        // The staff layer over the citizen session, so that elder mode is still on in that pass.
        await page.keyboard.press('Control+Alt+m');
        await page.getByRole('heading', { name: '工作人员登录' }).waitFor();
        found.push(...(await audit(page, 'staff-prompt', mode, { citizen: false })));
        await page.getByLabel('工作证或证件号').fill('STAFF-0001');
        await page.getByLabel('密码').fill('246810');
        await page.getByRole('button', { name: '登录' }).click();
        // A citizen session is still open: staff wait for it, then may end it (which also ends elder mode).
        await page.getByRole('heading', { name: '等待市民办理完成' }).waitFor();
        found.push(...(await audit(page, 'staff-waiting', mode, { citizen: false })));
        // The heading shows once the staff machine is waiting, its timer set on the simulated clock:
        // advance exactly to the end of that wait (less than the citizen's idle time, so the
        // citizen's warning and reset stay away), then wait for the UI to offer the takeover.
        const waitForCitizenMs = k.core.config.staff.waitForCitizenSeconds * 1000;
        expect(k.core.maintenance.mode()).toBe('waiting');
        expect(waitForCitizenMs).toBeLessThan(k.core.session.view().idleMs);
        k.clock.increment(waitForCitizenMs);
        const takeover = page.getByRole('button', { name: '结束会话并进入' });
        await takeover.waitFor();
        found.push(...(await audit(page, 'staff-confirm', mode, { citizen: false })));
        await takeover.click();
        await page.getByRole('heading', { name: '维护模式' }).waitFor();
        await page.locator('[data-device="receipt"]').waitFor();
        found.push(...(await audit(page, 'staff-dashboard', mode, { citizen: false })));
        await page.getByRole('button', { name: '退出维护' }).click();
        await page.locator('.attract').waitFor();
      }
    } finally {
      await page.context().close();
    }
    expect(found).toEqual([]);
  });
});
