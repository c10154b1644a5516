/**
 * `yimen camera list|snapshot` as a technician runs them: the built CLI (`node bin/yimen.js`; run
 * `npm run build:main` first) against a fake sysfs, the default config's emulated face camera,
 * site configs, and ffmpeg's test pattern through the real capture pipeline.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { decodeJpeg } from '../../drivers/camera/jpeg-tools.js';
import { root, yimen, type Run } from '../helpers/cli.js';

function json(r: Run): Record<string, unknown> {
  const lines = r.stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0] ?? '') as Record<string, unknown>;
}

let dir = '';
beforeAll(() => {
  if (!existsSync(join(root, 'dist', 'main', 'shells', 'cli', 'camera.js')))
    throw new Error('dist/ is missing the camera command: run `npm run build:main` first');
});
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
});
const tmp = (): string => (dir = mkdtempSync(join(tmpdir(), 'yimen-cli-cam-')));

function siteConfig(devices: unknown[]): string {
  const file = join(dir || tmp(), 'site.json');
  writeFileSync(file, JSON.stringify({ devices }));
  return file;
}

describe('yimen camera list', () => {
  it('lists the video nodes of a sysfs tree', async () => {
    const sysfs = join(tmp(), 'video4linux');
    for (const [node, name, index] of [
      ['video0', 'USB2.0 HD UVC WebCam', '0'],
      ['video1', 'USB2.0 HD UVC WebCam', '1'],
    ] as const) {
      mkdirSync(join(sysfs, node), { recursive: true });
      writeFileSync(join(sysfs, node, 'name'), `${name}\n`);
      writeFileSync(join(sysfs, node, 'index'), `${index}\n`);
    }
    const r = await yimen(['camera', 'list', '--sysfs', sysfs]);
    expect(r.code, r.stderr).toBe(0);
    expect(json(r)).toEqual({
      devices: [
        { path: '/dev/video0', name: 'USB2.0 HD UVC WebCam', index: 0 },
        { path: '/dev/video1', name: 'USB2.0 HD UVC WebCam', index: 1 },
      ],
    });
  });

  it('no video device → exit 2 with an empty list', async () => {
    const r = await yimen(['camera', 'list', '--sysfs', join(tmp(), 'none')]);
    expect(r.code).toBe(2);
    expect(json(r)).toEqual({ devices: [] });
  });
});

describe('yimen camera snapshot', () => {
  it('the default config: one frame from the emulated face camera, written only with --out (mode 0600)', async () => {
    const measured = await yimen(['camera', 'snapshot']);
    expect(measured.code, measured.stderr).toBe(0);
    expect(json(measured)).toMatchObject({
      device: 'face-camera',
      role: 'face',
      source: 'emulated:real-face',
      width: 640,
      height: 480,
      out: null,
    });

    const out = join(tmp(), 'face.jpg');
    const r = await yimen(['camera', 'snapshot', '--device', 'face', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(json(r)).toMatchObject({ out, width: 640 });
    expect(decodeJpeg(readFileSync(out)).height).toBe(480);
    expect(statSync(out).mode & 0o777).toBe(0o600);
  });

  it('--test-pattern runs real ffmpeg through the capture pipeline', async () => {
    const out = join(tmp(), 'pattern.jpg');
    const r = await yimen(['camera', 'snapshot', '--test-pattern', '--size', '320x240', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(json(r)).toMatchObject({ source: 'test-pattern', width: 320, height: 240 });
    expect(decodeJpeg(readFileSync(out)).width).toBe(320);
  });

  it.each([
    ['a node that does not exist → camera-missing, exit 4', ['--path', '/dev/yimen-no-video'], 4, 'camera-missing'],
  ] as const)('%s', async (_, args, exit, code) => {
    const r = await yimen(['camera', 'snapshot', ...args]);
    expect(r.code, r.stderr).toBe(exit);
    expect(json(r)).toMatchObject({ error: { code } });
  });

  it('configured scenarios: unplugged before a frame → exit 4; missing → exit 4; no doc camera → exit 2', async () => {
    const unplug = siteConfig([
      { id: 'cam', kind: 'camera', transport: { type: 'emulated', scenario: 'unplug' }, options: { unplugAfter: 0 } },
    ]);
    const r1 = await yimen(['camera', 'snapshot', '--config', unplug]);
    expect(r1.code, r1.stderr).toBe(4);
    expect(json(r1)).toMatchObject({ error: { code: 'camera-unplugged' } });

    const missing = siteConfig([{ id: 'cam', kind: 'camera', transport: { type: 'emulated', scenario: 'missing' } }]);
    const r2 = await yimen(['camera', 'snapshot', '--config', missing]);
    expect(r2.code).toBe(4);
    expect(json(r2)).toMatchObject({ error: { code: 'camera-missing' } });

    const r3 = await yimen(['camera', 'snapshot', '--device', 'doc', '--config', missing]);
    expect(r3.code).toBe(2);
    expect(json(r3)).toMatchObject({ error: { code: 'no-camera' } });
  });

  it('usage errors → exit 1', async () => {
    for (const args of [
      ['snapshot', '--device', 'back'],
      ['snapshot', '--path', '/dev/video0', '--test-pattern'],
      ['snapshot', '--size', '640x480'],
      ['snapshot', '--test-pattern', '--size', 'big'],
      ['record'],
    ]) {
      const r = await yimen(['camera', ...args]);
      expect(r.code, args.join(' ')).toBe(1);
    }
  });
});
