/**
 * `yimen camera snapshot --device doc` on an emulated document camera, as a technician runs it
 * (the built CLI: run `npm run build:main` first): the site config names a camera with role doc
 * and no scenario, so it plays the photographed sample pages; the frame written is a 5 MP photo
 * of a page, which the page pipeline finds and corrects. With `--page` the command corrects it
 * itself (what a technician uses to check framing and light on site).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processDocPage } from '../../drivers/camera/document/doc-page.js';
import sharp from 'sharp';
import { root, yimen } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'yimen-cli-doc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(() => {
  if (!existsSync(join(root, 'dist', 'main', 'shells', 'cli', 'camera.js')))
    throw new Error('dist/ is missing the camera command: run `npm run build:main` first');
});

describe('yimen camera snapshot --device doc', () => {
  it('takes a photographed page from the emulated document camera', async () => {
    const site = join(dir, 'site.json');
    writeFileSync(
      site,
      JSON.stringify({
        devices: [{ id: 'doc-camera', kind: 'camera', transport: { type: 'emulated' }, options: { role: 'doc' } }],
      }),
    );
    const out = join(dir, 'page.jpg');
    const r = await yimen(['camera', 'snapshot', '--device', 'doc', '--config', site, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const line = JSON.parse(r.stdout.trim()) as Record<string, unknown>;
    expect(line).toMatchObject({
      device: 'doc-camera',
      role: 'doc',
      source: 'emulated:doc-pages',
      width: 2592,
      height: 1944,
      out,
    });
    const page = await processDocPage(new Uint8Array(readFileSync(out)));
    if (!page.ok) throw new Error(page.error.message);
    expect([page.value.width, page.value.height]).toEqual([1654, 2339]);
  }, 60_000);

  function siteWith(scenario?: string): string {
    const file = join(dir, `site-${scenario ?? 'default'}.json`);
    const transport = scenario === undefined ? { type: 'emulated' } : { type: 'emulated', scenario };
    writeFileSync(file, JSON.stringify({ devices: [{ id: 'doc-camera', kind: 'camera', transport, options: { role: 'doc' } }] }));
    return file;
  }

  it('--page: the corrected page, A4 at the asked dpi, with the corners found', async () => {
    const out = join(dir, 'corrected.jpg');
    const r = await yimen([
      'camera',
      'snapshot',
      '--device',
      'doc',
      '--config',
      siteWith(),
      '--page',
      '--dpi',
      '150',
      '--out',
      out,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const line = JSON.parse(r.stdout.trim()) as {
      width: number;
      page: { width: number; height: number; dpi: number; corners: unknown[] };
    };
    expect(line.width).toBe(2592);
    expect(line.page).toMatchObject({ width: 1240, height: 1754, dpi: 150 });
    expect(line.page.corners).toHaveLength(4);
    const meta = await sharp(readFileSync(out)).metadata();
    expect([meta.width, meta.height, meta.channels, meta.density]).toEqual([1240, 1754, 1, 150]);
  }, 60_000);

  it('--page on a blank sheet and on a dark stage: the typed failure, exit 2', async () => {
    for (const [scenario, code] of [
      ['doc-blank', 'page-blank'],
      ['doc-dark', 'page-too-dark'],
    ] as const) {
      const r = await yimen(['camera', 'snapshot', '--device', 'doc', '--config', siteWith(scenario), '--page']);
      expect(r.code, r.stderr).toBe(2);
      expect(JSON.parse(r.stdout.trim())).toMatchObject({ error: { code }, frame: { width: 2592, height: 1944 } });
    }
  }, 60_000);

  it('--dpi without --page is a usage error', async () => {
    const r = await yimen(['camera', 'snapshot', '--device', 'doc', '--config', siteWith(), '--dpi', '150']);
    expect(r.code).toBe(1);
  });
});
