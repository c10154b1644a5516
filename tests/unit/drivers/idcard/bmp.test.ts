import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeBmp, parseBmp } from '../../../../drivers/idcard/bmp.js';

const image = fc
  .record({ width: fc.integer({ min: 1, max: 40 }), height: fc.integer({ min: 1, max: 40 }) })
  .chain(({ width, height }) =>
    fc.uint8Array({ minLength: width * height * 3, maxLength: width * height * 3 }).map((rgb) => {
      const data = new Uint8Array(width * height * 4);
      for (let i = 0; i < width * height; i++) {
        data.set(rgb.subarray(i * 3, i * 3 + 3), i * 4);
        data[i * 4 + 3] = 255;
      }
      return { width, height, data };
    }),
  );

describe('BMP (a WLT decoder’s output)', () => {
  it('reads back every pixel of a 24-bit bottom-up BMP, any size (row padding included)', () => {
    fc.assert(
      fc.property(image, (img) => {
        const r = parseBmp(encodeBmp(img));
        expect(r.ok && { w: r.value.width, h: r.value.height, d: Buffer.from(r.value.data) }).toEqual({
          w: img.width,
          h: img.height,
          d: Buffer.from(img.data),
        });
      }),
    );
  });

  it('reads a top-down BMP (negative height) the right way up', () => {
    const img = { width: 2, height: 2, data: new Uint8Array([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 9, 9, 9, 255]) };
    const bmp = encodeBmp(img);
    // Flip to top-down: negative height and the rows in reverse order.
    const v = new DataView(bmp.buffer);
    v.setInt32(22, -2, true);
    const stride = 8;
    const top = bmp.slice(54 + stride, 54 + 2 * stride);
    bmp.copyWithin(54 + stride, 54, 54 + stride);
    bmp.set(top, 54);
    const r = parseBmp(bmp);
    expect(r.ok && Array.from(r.value.data)).toEqual(Array.from(img.data));
  });

  it('never throws on arbitrary bytes or a damaged header: a typed error instead', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const r = parseBmp(bytes);
        if (!r.ok) expect(r.error.code).toMatch(/^bmp-/);
      }),
    );
    fc.assert(
      fc.property(image, fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 255 }), (img, at, byte) => {
        const bmp = encodeBmp(img);
        bmp[at] = byte;
        const r = parseBmp(bmp);
        if (!r.ok) expect(r.error.code).toMatch(/^bmp-/);
      }),
    );
  });

  it('refuses a truncated file, another depth, a compressed one and a huge header', () => {
    const bmp = encodeBmp({ width: 4, height: 4, data: new Uint8Array(64) });
    expect(parseBmp(bmp.subarray(0, bmp.length - 1))).toMatchObject({ ok: false, error: { code: 'bmp-truncated' } });
    const eight = bmp.slice();
    new DataView(eight.buffer).setUint16(28, 8, true);
    expect(parseBmp(eight)).toMatchObject({ ok: false, error: { code: 'bmp-unsupported' } });
    const rle = bmp.slice();
    new DataView(rle.buffer).setUint32(30, 1, true);
    expect(parseBmp(rle)).toMatchObject({ ok: false, error: { code: 'bmp-unsupported' } });
    const huge = bmp.slice();
    new DataView(huge.buffer).setInt32(18, 100_000, true);
    new DataView(huge.buffer).setInt32(22, 100_000, true);
    expect(parseBmp(huge)).toMatchObject({ ok: false, error: { code: 'bmp-too-large' } });
    expect(parseBmp(new TextEncoder().encode('GIF89a'.padEnd(60)))).toMatchObject({ ok: false, error: { code: 'bmp-not-bmp' } });
  });
});
