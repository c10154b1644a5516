import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.YIMEN_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = join('test-output', 'screenshots');

/** The flags this machine needs (root, no GPU, closed network), plus any kiosk switches. */
export const BASE_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...BASE_ARGS, ...extraArgs] });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
}

/**
 * After "agree and submit": the submission, the receipt and, for an instant matter, the A4 PDF
 * (rendered with a CJK font) are CPU work that takes as long as a loaded machine makes it, so no
 * deadline of its own here (the test's timeout bounds it); it ends on done, or back on review.
 */
export async function submitted(page: Page): Promise<void> {
  const app = page.locator('.app[data-step="apply.done"], .app[data-step="apply.review"]');
  await app.waitFor({ timeout: 0 });
  const step = await app.getAttribute('data-step');
  if (step !== 'apply.done') throw new Error(`the submission ended on ${step ?? 'no step'}, not apply.done`);
  await page.getByTestId('application-no').waitFor();
}

/**
 * The face check before an on-the-spot document (#15): agree on the consent screen and wait until the
 * check is over (the emulated face camera shows the card holder by default). Inference is CPU work, so
 * the test's timeout bounds it; it fails if the check did not pass.
 */
export async function passFaceCheck(page: Page): Promise<void> {
  await page.locator('.app[data-step="face.consent"]').waitFor({ timeout: 0 });
  await page.getByTestId('face-agree').click();
  const app = page.locator('.app:not([data-step="face.consent"]):not([data-step="face.checking"])');
  await app.waitFor({ timeout: 0 });
  const step = await app.getAttribute('data-step');
  if (step?.startsWith('face.')) throw new Error(`the face check ended on ${step}`);
}
