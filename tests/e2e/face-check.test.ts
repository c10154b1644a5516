/**
 * 人证核验 in Chromium (#15): what the citizen sees and does between the card and an on-the-spot
 * certificate. The whole stack runs — the reference back office with its register photos, the
 * emulated face camera playing its scenarios (tests/fixtures/camera), the face engine in main —
 * and the test looks at the screen: the consent, the live mirrored preview (its pixels), the
 * refusal with the attempts left, and staff as the way on.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import type { CameraScenario } from '../../drivers/camera/camera-emulator.js';
import type { SessionView } from '../../main/base/api/contract.js';
import { screenshot } from '../helpers/browser.js';
import { useKioskBrowser } from '../helpers/kiosk-browser.js';

const PORTRAIT = { width: 1080, height: 1920 };
const LANDSCAPE = { width: 1920, height: 1080 };

// 4 s to stand in front of the camera before a no-face attempt ends (the default is 10 s).
const kb = useKioskBrowser({
  config: { identity: { faceCheck: { positionMs: 4000 } } },
  afterEach: () => camera().setScenario('real-face'),
});

function camera() {
  const c = kb.stack().kiosk.core.devices.emulator('camera');
  if (!c) throw new Error('no emulated camera');
  return c;
}

function view(): SessionView {
  return kb.stack().kiosk.core.session.view();
}

async function serious(p: Page): Promise<string[]> {
  await p.evaluate(() => document.fonts.ready);
  const axe = await new AxeBuilder({ page: p }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  return axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
}

/** Attract → the household certificate's page → 办理 → the card on the reader: on the face-check consent. */
async function toConsent(viewport: { width: number; height: number }, scenario: CameraScenario): Promise<Page> {
  camera().setScenario(scenario);
  const p = await kb.page(viewport);
  await p.getByRole('button', { name: '轻触屏幕开始办理' }).click();
  await p.locator('[data-matter="household-certificate"]').click();
  await p.locator('[data-action="start-matter"]').click();
  await p.getByRole('heading', { name: '请验证身份' }).waitFor();
  kb.stack().kiosk.core.devices.emulator('idcard')?.placeCard('resident');
  await p.getByTestId('face-consent').waitFor();
  return p;
}

/** Luminance spread of an element's pixels as painted: a live camera picture is far from flat. */
async function spread(p: Page, testId: string): Promise<{ std: number; width: number }> {
  const png = PNG.sync.read(await p.getByTestId(testId).screenshot());
  let sum = 0;
  let sq = 0;
  const n = png.width * png.height;
  for (let i = 0; i < png.data.length; i += 4) {
    const y = 0.299 * (png.data[i] ?? 0) + 0.587 * (png.data[i + 1] ?? 0) + 0.114 * (png.data[i + 2] ?? 0);
    sum += y;
    sq += y * y;
  }
  const mean = sum / n;
  return { std: Math.sqrt(sq / n - mean * mean), width: png.width };
}

describe('face check in Chromium', () => {
  it('portrait: consent, the live preview while nobody stands there (not counted), then a match and the form', async () => {
    const a4 = kb.stack().kiosk.core.devices.emulator('a4-printer');
    const jobs = a4?.jobs.length ?? 0;
    const p = await toConsent(PORTRAIT, 'no-face');
    // The consent says what, why, that nothing is kept, and offers staff instead.
    const consent = await p.getByTestId('face-consent').innerText();
    for (const words of ['核对站在本机前的人与身份证上的人是同一人', '不保存', '工作人员']) expect(consent).toContain(words);
    await p.getByTestId('face-staff').waitFor();
    expect(await serious(p)).toEqual([]);
    await screenshot(p, 'face-01-consent-portrait');
    // Nothing before the citizen agrees: no capture, no camera light.
    expect(view().step).toBe('face.consent');

    await p.getByTestId('face-agree').click();
    await p.locator('[data-testid="face-preview"][data-live="true"] img').waitFor();
    // The preview is the camera's picture (a grey frame or a broken image would be flat) and mirrored.
    const { std, width } = await spread(p, 'face-preview');
    expect(std).toBeGreaterThan(12);
    expect(width).toBeGreaterThan(200);
    const transform = await p.locator('[data-testid="face-preview"] img').evaluate((el) => getComputedStyle(el).transform);
    expect(transform).toMatch(/^matrix\(-1,/);
    await screenshot(p, 'face-02-checking-portrait');

    // Nobody in front of the camera: a hint to stand there, and the attempt does not count.
    await p.locator('.notice[data-code="face-no-face"]').waitFor({ timeout: 30_000 });
    expect(await p.getByTestId('face-attempts').innerText()).toBe('还可以再试 3 次。');
    await screenshot(p, 'face-03-no-face-portrait');

    camera().setScenario('real-face');
    await p.getByRole('button', { name: '再试一次' }).click();
    await p.locator('.apply-form').waitFor({ timeout: 60_000 });
    expect(view().identity?.faceChecked).toBe(true);
    // Still nothing printed: the certificate comes only after review and consent.
    expect(a4?.jobs.length).toBe(jobs);
  });

  it('landscape: a printed photo held up is refused three times, then only staff; nothing printed', async () => {
    const a4 = kb.stack().kiosk.core.devices.emulator('a4-printer');
    const jobs = a4?.jobs.length ?? 0;
    const p = await toConsent(LANDSCAPE, 'printed-photo');
    await p.getByTestId('face-agree').click();
    for (const left of [2, 1]) {
      await p.locator('.notice[data-code="face-no-match"]').waitFor({ timeout: 60_000 });
      expect(await p.getByTestId('face-attempts').innerText()).toBe(`还可以再试 ${left} 次。`);
      if (left === 2) {
        expect(await serious(p)).toEqual([]);
        await screenshot(p, 'face-04-refused-landscape');
      }
      await p.getByRole('button', { name: '再试一次' }).click();
      await p.locator('.notice[data-code="face-no-match"]').waitFor({ state: 'detached', timeout: 60_000 });
    }
    await p.locator('.notice[data-code="face-no-match"]').waitFor({ timeout: 60_000 });
    expect(await p.getByTestId('face-attempts').innerText()).toBe('已达到尝试次数，请选择由工作人员核验。');
    expect(await p.getByRole('button', { name: '再试一次' }).count()).toBe(0);
    // main refuses another attempt whatever the UI sends.
    await kb.stack().kiosk.core.dispatch('journey.faceRetry', {}, { shell: 'browser' });
    expect(view().step).toBe('face.retry');
    expect(view().identity?.faceChecked).toBe(false);
    await screenshot(p, 'face-05-no-attempts-landscape');

    await p.getByTestId('face-staff').click();
    await p.locator('.app[data-step^="assist."]').waitFor();
    expect(view().identity).toBeNull();
    expect(a4?.jobs.length).toBe(jobs);
  });
  it('staff-assisted: staff tick 同时进行人脸核验, and the typed person is checked against the register photo', async () => {
    camera().setScenario('real-face');
    const p = await kb.page(PORTRAIT);
    await p.getByRole('button', { name: '轻触屏幕开始办理' }).click();
    await p.locator('[data-matter="household-certificate"]').click();
    await p.locator('[data-action="start-matter"]').click();
    await p.getByRole('button', { name: '没带身份证？请工作人员协助' }).click();
    await p.locator('input[data-field="card"]').fill('STAFF-0001');
    await p.locator('input[data-field="pin"]').focus();
    for (const d of '246810') await p.locator('.assist .key', { hasText: new RegExp(`^${d}$`) }).click();
    await p.getByRole('button', { name: '工作人员确认' }).click();
    await p.getByRole('radio', { name: '户口簿' }).click();
    await p.locator('input[data-field="name"]').fill('李示范');
    await p.locator('input[data-field="idNumber"]').fill('440604198506151233');
    const tick = p.getByTestId('assist-face');
    expect(await tick.getAttribute('aria-checked')).toBe('false');
    await tick.click();
    expect(await tick.getAttribute('aria-checked')).toBe('true');
    await screenshot(p, 'face-06-staff-entry-portrait');
    await p.getByRole('button', { name: '确认身份' }).click();
    await p.getByTestId('face-agree').click();
    await p.locator('.apply-form').waitFor({ timeout: 60_000 });
    expect(view().identity).toMatchObject({ method: 'staff', faceChecked: true });
  });
});
