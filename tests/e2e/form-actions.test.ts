/**
 * The form's 返回 / 下一步 stay on screen with the on-screen keyboard open: portrait 1080×1920 and
 * landscape 1920×1080, default and elder mode. Each button lies inside the viewport, clear of the
 * keyboard, and is what a finger at its centre touches (nothing drawn over it). Screenshots in
 * test-output/screenshots/form-actions-*.png.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { passFaceCheck, screenshot } from '../helpers/browser.js';
import { LAYOUTS, useFormKiosk } from '../helpers/form-kiosk.js';

const fk = useFormKiosk();

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
async function box(l: Locator): Promise<Box> {
  const b = await l.boundingBox();
  if (!b) throw new Error('not laid out');
  return b;
}
const overlaps = (a: Box, b: Box): boolean =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Whether the element drawn at the centre of `l` is `l` (or inside it): what a tap there hits. */
async function onTop(l: Locator): Promise<boolean> {
  return l.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
    return hit !== null && (hit === el || el.contains(hit));
  });
}

describe('the form actions with the keyboard open', () => {
  for (const layout of ['portrait', 'landscape'] as const)
    for (const mode of ['default', 'elder'] as const)
      for (const matter of ['household-certificate', 'senior-card'] as const)
        it(`${layout}, ${mode}, ${matter}: 返回 and 下一步 are in view, clear of the keyboard, and on top`, async () => {
          const viewport = LAYOUTS[layout];
          const page = await fk.form(layout, { elder: mode === 'elder', matter });
          // The first editable field is active: its keyboard is open (pinyin with its candidate bar, or digits).
          const keyboard = page.locator('.apply-form .keyboard');
          await keyboard.waitFor();
          const kb = await box(keyboard);
          for (const name of ['返回', '下一步']) {
            const button = page.locator('.apply-form > .actions').getByRole('button', { name, exact: true });
            const b = await box(button);
            expect(b.x, `${name} left`).toBeGreaterThanOrEqual(0);
            expect(b.y, `${name} top`).toBeGreaterThanOrEqual(0);
            expect(b.x + b.width, `${name} right`).toBeLessThanOrEqual(viewport.width);
            expect(b.y + b.height, `${name} bottom`).toBeLessThanOrEqual(viewport.height);
            expect(overlaps(b, kb), `${name} over the keyboard`).toBe(false);
            expect(await onTop(button), `${name} covered`).toBe(true);
          }
          // The keyboard's own keys are not hidden behind the actions either.
          const keys = page.locator('.apply-form .keyboard .key');
          const last = keys.last();
          if ((await box(last)).y + (await box(last)).height <= viewport.height) expect(await onTop(last)).toBe(true);
          await screenshot(page, `form-actions-${layout}-${mode}-${matter}`);
        });
});

/**
 * The kiosk design system in Chromium (#18.1): the step indicator marks the current step; a
 * disabled button has `disabled`, looks it, and shows its reason linked by aria-describedby; a
 * busy screen says what is happening and how long it usually takes; the identify screen draws
 * where the card reader and the QR scanner are. Screenshots in test-output/screenshots/design-*.png.
 */
describe('the design system', () => {
  /** The current step's label, and the states of all steps in order. */
  async function steps(page: Page): Promise<{ current: string; states: string[] }> {
    const nav = page.getByRole('navigation', { name: '办理步骤' });
    await nav.waitFor();
    const current = (await nav.locator('li[aria-current="step"] .step-label').textContent()) ?? '';
    const states = await nav.locator('li').evaluateAll((els) => els.map((e) => e.getAttribute('data-state') ?? ''));
    return { current, states };
  }

  /** A disabled button's reason: shown, on screen, and the button's description. */
  async function reasonOf(page: Page, button: Locator): Promise<string> {
    expect(await button.isDisabled()).toBe(true);
    expect(await button.getAttribute('disabled')).not.toBeNull();
    const id = await button.getAttribute('aria-describedby');
    expect(id).toBeTruthy();
    const reason = page.locator(`[id="${id ?? ''}"]`);
    expect(await reason.isVisible()).toBe(true);
    // It looks disabled: its own grey, dashed border, not the primary blue.
    const look = await button.evaluate((el) => {
      const cs = getComputedStyle(el);
      return { border: cs.borderTopStyle, bg: cs.backgroundColor };
    });
    expect(look).toEqual({ border: 'dashed', bg: 'rgb(217, 221, 227)' });
    return (await reason.textContent()) ?? '';
  }

  for (const layout of ['portrait', 'landscape'] as const)
    it(`${layout}: identify draws the reader and the scanner; the form marks 填写 and 下一步 says what is missing`, async () => {
      const page = await fk.page(layout);
      await page.getByRole('button', { name: '轻触屏幕开始办理' }).click();
      await page.locator('[data-matter="household-certificate"]').click();
      await page.locator('[data-action="start-matter"]').click();
      await page.locator('.identify').waitFor();
      expect(await steps(page)).toEqual({ current: '核验身份', states: ['done', 'current', 'todo', 'todo', 'todo'] });
      const reader = page.getByTestId('card-reader-picture');
      expect(await reader.isVisible()).toBe(true);
      expect(await reader.getAttribute('data-position')).toBe('centre');
      expect(await page.getByTestId('qr-scanner-picture').isVisible()).toBe(true);
      await screenshot(page, `design-identify-${layout}`);

      fk.kiosk().core.devices.emulator('idcard')?.placeCard('resident');
      await page.locator('.apply-form, .app[data-step="face.consent"]').first().waitFor();
      if ((await page.locator('.app[data-step="face.consent"]').count()) > 0) await passFaceCheck(page);
      await page.locator('.apply-form').waitFor();
      expect(await steps(page)).toEqual({ current: '填写', states: ['done', 'done', 'current', 'todo', 'todo'] });
      // 用途 is required and empty: 下一步 cannot be used yet, and says so.
      const next = page.getByTestId('form-next');
      expect(await reasonOf(page, next)).toBe('还需：用途');
      await screenshot(page, `design-form-disabled-${layout}`);
      await page.getByRole('button', { name: '用途' }).click();
      await page.getByRole('button', { name: '数字' }).click();
      for (const k of '12') await page.locator('.keyboard .key', { hasText: new RegExp(`^${k}$`) }).click();
      await page.waitForFunction(() => !(document.querySelector('[data-testid="form-next"]') as HTMLButtonElement).disabled);
      expect(await next.getAttribute('aria-describedby')).toBeNull();
      expect(await page.getByTestId('form-next-reason').count()).toBe(0);
      await next.click();
      await page.getByRole('heading', { name: '请核对以下信息' }).waitFor();
      expect((await steps(page)).current).toBe('确认');
    });

  it('the report: 提交 is disabled with its reason until a category and a description are given', async () => {
    const page = await fk.page('portrait');
    await page.getByRole('button', { name: '轻触屏幕开始办理' }).click();
    await page.getByRole('button', { name: /反映问题/ }).click();
    await page.getByRole('heading', { name: '反映身边问题' }).waitFor();
    expect(await steps(page)).toEqual({ current: '填写', states: ['current', 'todo'] });
    const send = page.getByRole('button', { name: '提交' });
    expect(await reasonOf(page, send)).toBe('还需：选择问题类型和描述问题（至少 2 个字）');
    await screenshot(page, 'design-report-disabled-portrait');
    await page.getByRole('radio', { name: '路灯照明' }).click();
    await page.getByTestId('report-send-reason').filter({ hasText: '还需：描述问题（至少 2 个字）' }).waitFor();
    expect(await send.isDisabled()).toBe(true);
  });

  it('a busy screen says what is happening and how long it usually takes (the pickup lookup, back office slowed)', async () => {
    const page = await fk.page('landscape');
    const bo = fk.kiosk().core.config.backoffice.url;
    const faults = async (body: object): Promise<void> => {
      const r = await fetch(new URL('admin/faults', bo), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(r.ok).toBe(true);
    };
    // Every busy screen the page shows from here on is recorded, however briefly it shows.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { busySeen: string[] }).busySeen = seen;
      new MutationObserver(() => {
        const busy = document.querySelector('.busy');
        const text = busy?.textContent ?? '';
        if (busy && !seen.includes(text)) seen.push(text);
      }).observe(document.body, { childList: true, subtree: true, characterData: true });
    });
    await page.getByRole('button', { name: '轻触屏幕开始办理' }).click();
    await page.locator('.quick-actions .tile').first().click();
    await page.locator('.identify').waitFor();
    await faults({ delayMs: 1500 });
    try {
      fk.kiosk().core.devices.emulator('idcard')?.placeCard('resident');
      // The lookup (slowed) finds nothing for this resident: back to identify, with a notice.
      await page.locator('.identify .notice').waitFor();
    } finally {
      await fetch(new URL('admin/faults', bo), { method: 'DELETE' });
    }
    const seen = await page.evaluate(() => (window as unknown as { busySeen: string[] }).busySeen);
    expect(seen.some((s) => s.includes('正在查询您的待取件') && s.includes('通常需要约 3 秒'))).toBe(true);
  });
});
