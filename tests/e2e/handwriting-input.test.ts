/**
 * A citizen writes Chinese by hand on the keyboard's 手写 pad into a real form field (the purpose of
 * 户籍证明开具), in Chromium against the real host, core and Zinnia recogniser: each character's
 * standard stroke paths (recorded data: Make Me a Hanzi medians, tests/fixtures/handwriting) are
 * drawn with the pointer, the character is picked from the top five, and the bar then offers what
 * follows it (association). 路灯坏了: 路, 坏 and 了 are written; 灯 is picked from 路's association,
 * because the Tegaki model does not know 灯 written in standard stroke order (it learnt 火 as 人 and
 * then the dots; main/features/ime/handwriting.ts). Portrait and landscape, default and elder mode,
 * zh-HK (simplified model, candidates in Hong Kong forms: 路燈壞了); the staff dashboard shows the
 * recogniser's helper, killed and restarted. Screenshots: test-output/screenshots.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot } from '../helpers/browser.js';
import { useFormKiosk, type Layout } from '../helpers/form-kiosk.js';
import { openPurposeField, purposeHolds } from '../helpers/ime-page.js';

const fk = useFormKiosk();

const fixture = JSON.parse(readFileSync(new URL('../fixtures/handwriting/strokes.json', import.meta.url), 'utf8')) as {
  box: number;
  chars: Record<string, [number, number][][]>;
};

/** The 户籍证明开具 form with the card read, its purpose field active, the keyboard on 手写. */
async function handwritingField(layout: Layout, opts: { elder?: boolean; locale?: string } = {}): Promise<Page> {
  const page = await openPurposeField(fk, layout, opts);
  await page.getByRole('button', { name: /^(手写|手寫)$/ }).click();
  await page.locator('.keyboard-handwriting .handwriting-pad').waitFor();
  return page;
}

const bar = (page: Page) => page.locator('.keyboard .candidates .candidate-list');
const candidates = (page: Page) => bar(page).locator('.candidate');

/** Draws `c`'s recorded strokes on the pad with the pointer, then waits for main's answer to all of them. */
async function write(page: Page, c: string): Promise<string[]> {
  const strokes = fixture.chars[c];
  if (!strokes) throw new Error(`no recorded strokes for ${c}`);
  const pad = await page.locator('.handwriting-pad').boundingBox();
  if (!pad) throw new Error('no pad');
  const margin = pad.width * 0.08;
  const at = ([x, y]: [number, number]): [number, number] => [
    pad.x + margin + (x / fixture.box) * (pad.width - 2 * margin),
    pad.y + margin + (y / fixture.box) * (pad.height - 2 * margin),
  ];
  for (const stroke of strokes) {
    const [first, ...rest] = stroke.map(at);
    if (!first) continue;
    await page.mouse.move(first[0], first[1]);
    await page.mouse.down();
    for (const p of rest) await page.mouse.move(p[0], p[1], { steps: 4 });
    await page.mouse.up();
  }
  await page.locator(`.handwriting-pad[data-strokes="${strokes.length}"]`).waitFor();
  await bar(page)
    .and(page.locator(`[data-kind="written"][data-strokes="${strokes.length}"]`))
    .waitFor();
  return candidates(page).allInnerTexts();
}

/** Writes `c` and picks `shown` (its form on screen: zh-HK shows Hong Kong forms) from the top five. */
async function writeAndPick(page: Page, c: string, shown = c): Promise<void> {
  const top = await write(page, c);
  expect(top.slice(0, 5), `${c}: ${top.join('')}`).toContain(shown);
  await candidates(page)
    .filter({ hasText: new RegExp(`^${shown}$`) })
    .click();
  await bar(page).and(page.locator('[data-kind="associated"]')).waitFor();
  await page.locator('.handwriting-pad[data-strokes="0"]').waitFor();
}

/** Turns association pages until `text` shows, then picks it. */
async function pickAssociated(page: Page, text: string): Promise<void> {
  for (let p = 0; p < 5; p++) {
    const hit = candidates(page).filter({ hasText: new RegExp(`^${text}$`) });
    if ((await hit.count()) > 0) {
      await hit.click();
      return;
    }
    await page.getByRole('button', { name: /^(下一页|下一頁)$/ }).click();
    await bar(page)
      .and(page.locator(`[data-kind="associated"][data-page="${p + 1}"]`))
      .waitFor();
  }
  throw new Error(`${text} not among the associations`);
}

const fieldHolds = (page: Page, text: string): Promise<void> => purposeHolds(fk, page, text);

describe('handwriting input in Chromium', () => {
  for (const layout of ['portrait', 'landscape'] as const)
    for (const mode of ['default', 'elder'] as const)
      it(`${layout} ${mode}: writes 路灯坏了 on the pad`, async () => {
        const page = await handwritingField(layout, { elder: mode === 'elder' });
        const shot = (n: string): Promise<void> => screenshot(page, `handwriting-${layout}-${mode}-${n}`);
        await shot('1-pad');

        // 重写 clears the pad; ⌫ takes back the last stroke, then (pad empty) deletes from the field.
        await write(page, '了');
        await page.getByRole('button', { name: '重写' }).click();
        await page.locator('.handwriting-pad[data-strokes="0"]').waitFor();
        await expect(candidates(page).count()).resolves.toBe(0);

        await write(page, '路');
        await shot('2-lu-written');
        await page.getByRole('button', { name: '删除' }).click();
        await page.locator(`.handwriting-pad[data-strokes="${(fixture.chars['路']?.length ?? 0) - 1}"]`).waitFor();
        await page.getByRole('button', { name: '重写' }).click();

        await writeAndPick(page, '路');
        await fieldHolds(page, '路');
        await shot('3-lu-associations');
        await pickAssociated(page, '灯');
        await fieldHolds(page, '路灯');
        await writeAndPick(page, '坏');
        await writeAndPick(page, '了');
        await fieldHolds(page, '路灯坏了');
        await shot('4-typed');

        // With the pad empty, ⌫ deletes from the field.
        await page.getByRole('button', { name: '删除' }).click();
        await fieldHolds(page, '路灯坏');
        await writeAndPick(page, '了');
        await fieldHolds(page, '路灯坏了');

        await page.getByRole('button', { name: '下一步' }).click();
        await page.getByRole('heading', { name: '请核对以下信息' }).waitFor();
        await page.getByText('路灯坏了').waitFor();
        await page.close();
      });

  it('staff dashboard: the recogniser shows as a service; killed, it is restarted and the restart shown', async () => {
    const page = await fk.page('landscape');
    const kiosk = fk.kiosk();
    // Make sure the helper runs (it starts with the kiosk, or with the first stroke).
    const first = await kiosk.core.dispatch(
      'ime.handwrite',
      { strokes: fixture.chars['路'], width: 1024, height: 1024 },
      { shell: 'browser' },
    );
    expect(first.ok).toBe(true);
    await page.keyboard.press('Control+Alt+m');
    await page.getByRole('heading', { name: '工作人员登录' }).waitFor();
    await page.getByLabel('工作证或证件号').fill('STAFF-0001');
    await page.getByLabel('密码').fill('246810');
    await page.getByRole('button', { name: '登录' }).click();
    const row = page.locator('[data-service="handwriting"]');
    await row.and(page.locator('[data-state="ok"]')).waitFor();
    const before = kiosk.core.handwriting.health().restarts;
    process.kill(kiosk.core.handwriting.zinnia.pid() ?? 0, 'SIGKILL');
    await row
      .filter({ hasText: `已重启 ${before + 1} 次` })
      .and(page.locator('[data-state="ok"]'))
      .waitFor();
    await page.locator('.staff-health').getByText('手写识别程序已退出').first().waitFor();
    await screenshot(page, 'handwriting-staff-dashboard-restarted');
    await page.getByRole('button', { name: '退出维护' }).click();
    await page.locator('.attract').waitFor();
    await page.close();
  });

  it('zh-HK: the simplified model, candidates in Hong Kong forms: 路燈壞了', async () => {
    const page = await handwritingField('landscape', { locale: '繁體中文（粵語）' });
    await writeAndPick(page, '路');
    await pickAssociated(page, '燈');
    await writeAndPick(page, '坏', '壞');
    await screenshot(page, 'handwriting-zh-HK-1-huai');
    await writeAndPick(page, '了');
    await fieldHolds(page, '路燈壞了');
    await screenshot(page, 'handwriting-zh-HK-2-typed');
    await page.close();
  });
});
