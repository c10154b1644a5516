/**
 * The form's 返回 / 下一步 stay on screen with the on-screen keyboard open: portrait 1080×1920 and
 * landscape 1920×1080, default and elder mode. Each button lies inside the viewport, clear of the
 * keyboard, and is what a finger at its centre touches (nothing drawn over it). Screenshots in
 * test-output/screenshots/form-actions-*.png.
 */
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot } from '../helpers/browser.js';
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
