/**
 * A citizen types Chinese with the on-screen pinyin keyboard into a real form field (the purpose
 * of 户籍证明开具), in Chromium against the real host and core on emulated devices: letter keys,
 * then a candidate; a pick takes only its syllables and the rest stays for the next pick. Portrait
 * 1080×1920 and landscape 1920×1080, default and elder mode; paging to a character found only on
 * the second page; zh-HK in traditional characters. Screenshots go to test-output/screenshots.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot } from '../helpers/browser.js';
import { useFormKiosk, type Layout } from '../helpers/form-kiosk.js';
import { openPurposeField, purposeHolds } from '../helpers/ime-page.js';

const fk = useFormKiosk();

/** The 户籍证明开具 form with the card read, its purpose field active (pinyin keyboard). */
async function purposeField(layout: Layout, opts: { elder?: boolean; locale?: string } = {}): Promise<Page> {
  const page = await openPurposeField(fk, layout, opts);
  await page.locator('.keyboard-pinyin .candidates').waitFor();
  return page;
}

const letterKey = (page: Page, k: string) => page.locator('.keyboard .key-row .key', { hasText: new RegExp(`^${k}$`) });
const candidate = (page: Page, c: string) => page.locator('.keyboard .candidates .candidate', { hasText: new RegExp(`^${c}$`) });
const spell = (page: Page) => page.locator('.keyboard .candidates .spell');

/** Taps the letters, then waits until the bar shows candidates for exactly what is spelled. */
async function spellOut(page: Page, letters: string): Promise<void> {
  for (const k of letters) await letterKey(page, k).click();
  await page
    .locator('.keyboard .candidates')
    .filter({ has: page.locator('.spell', { hasText: new RegExp(`^${letters}$`) }) })
    .filter({ has: page.locator('.candidate') })
    .waitFor();
}

/** Taps the candidate, then waits for the bar to move on to `rest` (or back to the hint). */
async function pick(page: Page, text: string, rest: string): Promise<void> {
  await candidate(page, text).click();
  if (rest === '') await spell(page).filter({ hasNotText: /[a-z]/ }).waitFor();
  else
    await spell(page)
      .filter({ hasText: new RegExp(`^${rest}$`) })
      .waitFor();
}

const fieldHolds = (page: Page, text: string): Promise<void> => purposeHolds(fk, page, text);

describe('pinyin input in Chromium', () => {
  for (const layout of ['portrait', 'landscape'] as const)
    for (const mode of ['default', 'elder'] as const)
      it(`${layout} ${mode}: pages to 寄 for ji, then types 我要办理户口迁入 word by word`, async () => {
        const page = await purposeField(layout, { elder: mode === 'elder' });
        const shot = (n: string): Promise<void> => screenshot(page, `ime-${layout}-${mode}-${n}`);

        // Paging: 寄 is on the second page of `ji`, not the first.
        await spellOut(page, 'ji');
        await expect(candidate(page, '寄').count()).resolves.toBe(0);
        await expect(page.getByRole('button', { name: '上一页' }).isDisabled()).resolves.toBe(true);
        await shot('1-ji');
        await page.getByRole('button', { name: '下一页' }).click();
        await candidate(page, '寄').waitFor();
        await shot('2-ji-page-2');
        await page.getByRole('button', { name: '上一页' }).click();
        await candidate(page, '及').waitFor();
        await page.getByRole('button', { name: '下一页' }).click();
        await pick(page, '寄', '');
        await fieldHolds(page, '寄');
        // With nothing spelled, ⌫ deletes from the field.
        await page.getByRole('button', { name: '删除' }).click();
        await fieldHolds(page, '');

        // A whole phrase in one go: the sentence comes first.
        await spellOut(page, 'woyaobanli');
        await shot('3-woyaobanli');
        await pick(page, '我要办理', '');
        // Two words typed in one run: the pick takes 户口 and leaves qianru for the next pick.
        await spellOut(page, 'hukouqianru');
        await pick(page, '户口', 'qianru');
        await candidate(page, '迁入').waitFor();
        await shot('4-qianru');
        await pick(page, '迁入', '');
        await fieldHolds(page, '我要办理户口迁入');
        await shot('5-typed');

        await page.getByRole('button', { name: '下一步' }).click();
        await page.getByRole('heading', { name: '请核对以下信息' }).waitFor();
        await page.getByText('我要办理户口迁入').waitFor();
        await page.close();
      });

  it('zh-HK: types 戶口 and 證明 in traditional characters', async () => {
    const page = await purposeField('landscape', { locale: '繁體中文（粵語）' });
    await spellOut(page, 'hukou');
    await pick(page, '戶口', '');
    await spellOut(page, 'zhengming');
    await screenshot(page, 'ime-zh-HK-1-zhengming');
    await pick(page, '證明', '');
    await fieldHolds(page, '戶口證明');
    await screenshot(page, 'ime-zh-HK-2-typed');
    await page.close();
  });
});
