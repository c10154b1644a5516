/**
 * The identify screen shows where this terminal model has its card reader and QR scanner
 * (`terminal.panel` in the config, #18): a model with the reader on the left and the scanner in
 * the middle draws them there, in the pixels the citizen sees, and says so in words.
 */
import { PNG } from 'pngjs';
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot } from '../helpers/browser.js';
import { useKioskBrowser } from '../helpers/kiosk-browser.js';

const kb = useKioskBrowser({ config: { terminal: { panel: { cardReader: 'left', qrScanner: 'centre' } } } });

/**
 * Where the picture's highlight is drawn: the mean x, as a fraction of the picture's width, of the
 * pixels in the theme's primary colour (the dashed slot, the arrow, the card's outline, the beam).
 */
async function highlightAt(picture: Locator): Promise<number> {
  const primary = await picture.evaluate((el) => {
    const probe = document.createElement('span');
    probe.style.color = getComputedStyle(el).getPropertyValue('--primary');
    document.body.append(probe);
    const rgb = getComputedStyle(probe).color.match(/\d+/g)?.map(Number) ?? [];
    probe.remove();
    return rgb;
  });
  expect(primary).toHaveLength(3);
  const [r, g, b] = primary as [number, number, number];
  const png = PNG.sync.read(await picture.screenshot({ animations: 'disabled' }));
  let sum = 0;
  let n = 0;
  for (let y = 0; y < png.height; y++)
    for (let x = 0; x < png.width; x++) {
      const i = (y * png.width + x) * 4;
      const d = Math.abs((png.data[i] ?? 0) - r) + Math.abs((png.data[i + 1] ?? 0) - g) + Math.abs((png.data[i + 2] ?? 0) - b);
      if (d < 24) {
        sum += x;
        n++;
      }
    }
  expect(n, 'highlight pixels drawn').toBeGreaterThan(200);
  return sum / n / png.width;
}

describe('the terminal model’s front on the identify screen', () => {
  it('reader on the left, scanner in the middle: drawn there and said in words', async () => {
    const page = await kb.page({ width: 1080, height: 1920 });
    await page.getByRole('button', { name: '轻触屏幕开始办理' }).click();
    await page.locator('[data-matter="household-certificate"]').click();
    await page.locator('[data-action="start-matter"]').click();
    await page.locator('.identify').waitFor();

    const reader = page.getByTestId('card-reader-picture');
    const scanner = page.getByTestId('qr-scanner-picture');
    expect(await reader.getAttribute('data-position')).toBe('left');
    expect(await scanner.getAttribute('data-position')).toBe('centre');
    // The slots are at 40, 120 and 200 of a 320-wide picture, 80 wide: the left third, the middle.
    expect(await highlightAt(reader)).toBeLessThan(1 / 3);
    const mid = await highlightAt(scanner);
    expect(mid).toBeGreaterThan(0.4);
    expect(mid).toBeLessThan(0.6);
    await expect.poll(() => page.locator('.identify').innerText()).toContain('请将身份证放在左下方读卡区');
    expect(await page.locator('.identify').innerText()).toContain('对准下方扫码窗口');
    await screenshot(page, 'identify-panel-left-reader');
  });
});
