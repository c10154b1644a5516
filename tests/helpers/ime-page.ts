/**
 * The purpose field of the 户籍证明开具 form, as the input-method e2e tests (pinyin, handwriting)
 * type into it through the on-screen keyboard.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { FormKiosk, Layout } from './form-kiosk.js';

/** The form with the card read and its purpose field tapped (the keyboard opens on pinyin). */
export async function openPurposeField(
  fk: FormKiosk,
  layout: Layout,
  opts: { elder?: boolean; locale?: string } = {},
): Promise<Page> {
  const page = await fk.form(layout, opts);
  await page.locator('#input-purpose').click();
  return page;
}

/** The field shows `text`, and main holds it (main's form is what is submitted). */
export async function purposeHolds(fk: FormKiosk, page: Page, text: string): Promise<void> {
  await page
    .locator('#input-purpose')
    .filter({ hasText: new RegExp(`^${text}$`) })
    .waitFor();
  const session = fk.kiosk().core.session;
  if (session.view().form?.values.purpose !== text)
    await new Promise<void>((resolve) => {
      const off = session.onChange((v) => {
        if (v.form?.values.purpose !== text) return;
        off();
        resolve();
      });
    });
  expect(session.view().form?.values.purpose).toBe(text);
}
