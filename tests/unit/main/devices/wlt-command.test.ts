/**
 * The WLT decoder port (main/devices/wlt-command.ts) with a real child process: the stand-in
 * decoder (tests/helpers/fake-wlt-decoder.ts) gets the card's 1024 bytes on stdin and writes a BMP.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeJpeg, encodeJpeg } from '../../../../drivers/camera/jpeg-tools.js';
import { encodeBmp } from '../../../../drivers/idcard/bmp.js';
import { samplePhoto } from '../../../../drivers/idcard/samples.js';
import { commandWltDecoder, photoJpeg } from '../../../../main/devices/wlt-command.js';

const FAKE = 'tests/helpers/fake-wlt-decoder.ts';
const decoder = (...args: string[]) =>
  commandWltDecoder({ command: process.execPath, args: ['--import', 'tsx', FAKE, ...args], timeoutMs: 10_000 });

describe('WLT decoder as a program', () => {
  it('writes the card’s photo bytes to the program and turns its BMP into the JPEG the face check takes', async () => {
    const photo = await decoder('resident=tests/fixtures/faces/a1.jpg')(samplePhoto('resident'));
    expect(photo).not.toBeNull();
    const img = decodeJpeg(photo ?? new Uint8Array());
    const ref = decodeJpeg(readFileSync('tests/fixtures/faces/a1.jpg'));
    expect([img.width, img.height]).toEqual([ref.width, ref.height]);
  });

  it('no photo (never a failed read) when the program fails, hangs, or is not there', async () => {
    expect(await decoder('resident=tests/fixtures/faces/a1.jpg')(samplePhoto('hkmotw'))).toBeNull(); // exit 1
    const t0 = Date.now();
    const hang = commandWltDecoder({ command: process.execPath, args: ['--import', 'tsx', FAKE, '--hang'], timeoutMs: 300 });
    expect(await hang(samplePhoto('resident'))).toBeNull();
    expect(Date.now() - t0).toBeLessThan(9_000); // killed at its limit, not left running
    expect(
      await commandWltDecoder({ command: '/nonexistent/wlt', args: [], timeoutMs: 1000 })(samplePhoto('resident')),
    ).toBeNull();
  });

  it('takes a JPEG as is and refuses output that is neither BMP nor JPEG', () => {
    const jpeg = Buffer.from(encodeJpeg({ width: 2, height: 2, data: new Uint8Array(16).fill(200) }));
    expect(photoJpeg(jpeg)).toBe(jpeg);
    expect(photoJpeg(Buffer.from('not a picture at all, a vendor error message'))).toBeNull();
    const bmp = Buffer.from(encodeBmp({ width: 3, height: 2, data: new Uint8Array(24).fill(128) }));
    const out = photoJpeg(bmp);
    expect(out && decodeJpeg(out).width).toBe(3);
  });
});
