/**
 * Materials at the kiosk in Chromium (#16): a citizen applying to move their household in photographs
 * the lease with the document camera (two pages, the second moved first), sees the pages on the
 * form and on review, and submits; on the birth registration they pick their marriage certificate
 * from their e-licences and declare the pledge. The whole stack runs: the emulated document camera
 * (the project's sample pages, skewed and shadowed), the page pipeline in main, the reference back
 * office. Screenshots in test-output/screenshots/materials-*.
 */
import { readFileSync } from 'node:fs';
import { PDFDocument } from 'pdf-lib';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { SessionView } from '../../main/base/api/contract.js';
import { screenshot, submitted } from '../helpers/browser.js';
import { useKioskBrowser } from '../helpers/kiosk-browser.js';
import { sessionDriver } from '../helpers/waits.js';

type Strings = Record<string, Record<string, string>>;
const zh = JSON.parse(readFileSync('renderer/src/i18n/locales/zh-CN.json', 'utf8')) as Strings;
const PORTRAIT = { width: 1080, height: 1920 };
const LANDSCAPE = { width: 1920, height: 1080 };

const kb = useKioskBrowser();

function view(): SessionView {
  return kb.stack().kiosk.core.session.view();
}

/** The back office's application id, once the outbox delivered the submission. */
async function delivered(): Promise<string> {
  const v = await sessionDriver(() => kb.stack().kiosk.core).until(
    (x) => x.result?.transmission.state === 'sent',
    'delivery',
    60_000,
  );
  return v.result?.transmission.reference ?? '';
}

async function toForm(viewport: { width: number; height: number }, matterId: string): Promise<Page> {
  const p = await kb.page(viewport);
  await p.getByRole('button', { name: '轻触屏幕开始办理' }).click();
  await kb.stack().kiosk.core.dispatch('journey.choose', { purpose: 'apply', matterId }, { shell: 'browser' });
  await p.getByRole('heading', { name: '请验证身份' }).waitFor();
  kb.stack().kiosk.core.devices.emulator('idcard')?.placeCard('resident');
  await p.locator('.apply-form').waitFor();
  return p;
}

async function call(method: string, args: unknown = {}): Promise<void> {
  const r = await kb.stack().kiosk.core.dispatch(method, args, { shell: 'browser' });
  if (!r.ok) throw new Error(`${method}: ${r.error.code}`);
}

describe('materials in Chromium', () => {
  it('portrait: the lease photographed page by page, reordered, shown on the form and on review, then submitted', async () => {
    const p = await toForm(PORTRAIT, 'household-move-in');
    const row = p.locator('[data-material="property-deed"]');
    expect(await row.getAttribute('data-provided')).toBe('none');
    // The other fields (typing them is tested elsewhere); without the lease the form does not go on
    // (下一步 is disabled, #18.1), and says which material is missing.
    await call('journey.formEdit', { values: { fromAddress: '广州市示例路1号', reason: 'house', phone: '13800138000' } });
    await call('journey.setDelivery', { delivery: 'locker' });
    await p
      .getByTestId('form-next-reason')
      .filter({ hasText: /^还需：房产证或租赁合同$/ })
      .waitFor();
    expect(await p.getByRole('button', { name: zh.common?.next }).isDisabled()).toBe(true);

    await row.getByRole('button', { name: zh.materials?.scan }).click();
    await p.locator('[data-testid="scan-preview"][data-live="true"] img').waitFor();
    await screenshot(p, 'materials-01-scan-portrait');
    for (const n of [1, 2]) {
      await p.getByRole('button', { name: zh.materials?.capture }).click();
      await p
        .locator('.scan-pages li')
        .nth(n - 1)
        .waitFor();
      await p.getByRole('button', { name: zh.materials?.capture }).waitFor(); // capture done: the button is back
    }
    const ids = async (): Promise<string[]> =>
      p.locator('.scan-pages li').evaluateAll((els) => els.map((e) => e.getAttribute('data-page') ?? ''));
    const [first, second] = await ids();
    await p.getByRole('button', { name: '第 2 页上移' }).click();
    await p.waitForFunction((id) => document.querySelector('.scan-pages li')?.getAttribute('data-page') === id, second);
    expect(await ids()).toEqual([second, first]);
    await screenshot(p, 'materials-02-two-pages-portrait');
    await p.getByRole('button', { name: '完成（共 2 页）' }).click();
    await p.locator('[data-material="property-deed"][data-provided="scan"]').waitFor();
    expect(await row.locator('.thumbs img').count()).toBe(2);

    await screenshot(p, 'materials-03-form-portrait');
    await p.getByRole('button', { name: zh.common?.next }).click();
    const review = p.getByTestId('review-material-property-deed');
    await review.waitFor();
    expect(await review.locator('img').count()).toBe(2);
    await screenshot(p, 'materials-04-review-portrait');
    await p.getByRole('button', { name: zh.apply?.confirm }).click();
    await p.getByRole('checkbox', { name: '我单独同意处理上述敏感个人信息' }).click();
    await p.getByRole('button', { name: '同意并提交' }).click();
    await submitted(p);
    // The back office holds the material's PDF, with the two pages.
    const applicationId = await delivered();
    const r = await fetch(new URL(`/admin/applications/${applicationId}/attachments`, kb.stack().bo.url));
    const { attachments } = (await r.json()) as { attachments: { attachmentId: string; materialId: string }[] };
    expect(attachments.map((a) => a.materialId)).toEqual(['property-deed']);
    const pdf = await fetch(new URL(`/admin/attachments/${attachments[0]?.attachmentId ?? ''}/pdf`, kb.stack().bo.url));
    expect((await PDFDocument.load(await pdf.arrayBuffer())).getPageCount()).toBe(2);
  });

  it('landscape: the marriage certificate picked from the citizen’s e-licences, the pledge declared', async () => {
    const p = await toForm(LANDSCAPE, 'birth-registration');
    await call('journey.formEdit', { values: { spouseName: '王五', phone: '13800138000' } });
    await call('journey.setDelivery', { delivery: 'locker' });
    const cert = p.locator('[data-material="marriage-certificate"]');
    await cert.getByRole('button', { name: zh.materials?.licence }).click();
    const choice = p.locator('.licence-list .button.licence', { hasText: '结婚证' });
    await choice.waitFor();
    await screenshot(p, 'materials-05-licences-landscape');
    await choice.click();
    await p.getByTestId('licence-chosen').waitFor();
    expect(await p.getByTestId('licence-chosen').innerText()).toContain('结婚证');
    const pledge = p.locator('[data-material="birth-pledge"]');
    await pledge.getByRole('checkbox', { name: zh.materials?.declare }).click();
    await p.locator('[data-material="birth-pledge"][data-provided="declare"]').waitFor();
    await screenshot(p, 'materials-06-form-landscape');
    expect(view().form?.missingMaterials).toEqual([]);
    await p.getByRole('button', { name: zh.common?.next }).click();
    await p.getByTestId('review-material-marriage-certificate').waitFor();
    await p.getByRole('button', { name: zh.apply?.confirm }).click();
    await p.getByRole('checkbox', { name: '我单独同意处理上述敏感个人信息' }).click();
    await p.getByRole('button', { name: '同意并提交' }).click();
    await submitted(p);
  });

  it('portrait: the residence permit’s original goes into a compartment main opens once the application is in', async () => {
    const p = await toForm(PORTRAIT, 'residence-permit-endorsement');
    await call('journey.formEdit', { values: { address: '广州市示例路1号', phone: '13800138000' } });
    await call('journey.setDelivery', { delivery: 'locker' });
    const permit = p.locator('[data-material="residence-permit"]');
    await permit.getByRole('checkbox', { name: zh.materials?.deposit }).click();
    await p.locator('[data-material="residence-permit"][data-provided="deposit"]').waitFor();
    expect(await permit.innerText()).toContain(zh.materials?.deposited);
    await p.getByRole('button', { name: zh.common?.next }).click();
    await p.getByTestId('review-material-residence-permit').waitFor();
    await p.getByRole('button', { name: zh.apply?.confirm }).click();
    await p.getByRole('checkbox', { name: '我单独同意处理上述敏感个人信息' }).click();
    await p.getByRole('button', { name: '同意并提交' }).click();
    // The door main opened: named, placed in words, and highlighted on the wall.
    await p.getByText(zh.locker?.putOriginalsAndClose ?? '').waitFor();
    const label = (await p.getByTestId('door').innerText()).trim();
    expect(label).toBe(view().door?.label);
    expect(await p.getByTestId('door-position').innerText()).toMatch(/左起第 \d+ 列，从上数第 \d+ 格/);
    await screenshot(p, 'materials-07-originals-door-portrait');
    const locker = kb.stack().kiosk.core.devices.emulator('locker')?.emulator;
    const door = (locker?.boardConfigs ?? [])
      .flatMap((b) => Array.from({ length: b.locks }, (_, i) => ({ board: b.address, lock: i + 1 })))
      .find((d) => locker?.door(d.board, d.lock) === 'open');
    expect(door).toBeDefined();
    locker?.setDoor(door?.board ?? 0, door?.lock ?? 0, 'closed');
    await submitted(p);
    const note = p.locator('.notice[data-code="originals-deposited"]');
    await note.waitFor();
    expect(await note.innerText()).toContain(`原件已放入 ${label} 号柜`);
    // Good news looks like good news (not the red of a refusal).
    expect(await note.getAttribute('class')).toContain('good');
    await screenshot(p, 'materials-08-originals-done-portrait');
  });
});
