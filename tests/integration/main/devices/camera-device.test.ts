/**
 * The `camera` kind in the device manager: built from config (emulated by default), never opened
 * at start (no capture, no child process), health on the device list, on-demand snapshots, the
 * unplug scenario turning the health offline, the preview feed for the renderer, and a real
 * (V4L2-configured) camera whose device node comes and goes.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KioskConfig, type DeviceConfig } from '../../../../config/schema.js';
import { defaults } from '../../../../config/defaults.js';
import { CameraDriver } from '../../../../drivers/camera/camera-driver.js';
import { CameraEmulator } from '../../../../drivers/camera/camera-emulator.js';
import { FfmpegCameraSource, lavfiInput } from '../../../../drivers/camera/ffmpeg-source.js';
import { decodeJpeg } from '../../../../drivers/camera/jpeg-tools.js';
import { events, type EventPayload } from '../../../../main/base/api/contract.js';
import { silentLogger } from '../../../../main/base/log/logger.js';
import { createCameraDevice, defaultFramesDir, PREVIEW, previewFeed } from '../../../../main/devices/camera-device.js';
import { DeviceManager } from '../../../../main/devices/manager.js';
import { childPids } from '../../../helpers/child-processes.js';

const ctx = { logger: silentLogger(), now: () => new Date() };
const cfg = (c: Partial<DeviceConfig>): DeviceConfig => ({
  id: 'face-camera',
  kind: 'camera',
  enabled: true,
  transport: { type: 'emulated' },
  options: {},
  ...c,
});

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('camera factory', () => {
  it('the default config has an emulated face camera, built with the generated scenario frames', () => {
    const config = KioskConfig.parse(defaults);
    const cam = config.devices.find((d) => d.kind === 'camera');
    expect(cam).toMatchObject({ id: 'face-camera', transport: { type: 'emulated' }, options: { role: 'face' } });
    expect(defaultFramesDir()).toMatch(/tests\/fixtures\/camera\/?$/);
    const built = createCameraDevice(cam as DeviceConfig, ctx);
    expect(built.ok && built.value.driver.role).toBe('face');
    expect(built.ok && built.value.emulator?.frames('real-face')).toHaveLength(3);
  });

  it('takes the doc role, a V4L2 node, and refuses what a camera cannot use', () => {
    const doc = createCameraDevice(
      cfg({
        id: 'doc-camera',
        transport: { type: 'v4l2', path: '/dev/video2' },
        options: { role: 'doc', width: 2592, height: 1944 },
      }),
      ctx,
    );
    expect(doc.ok && doc.value.driver.role).toBe('doc');
    expect(doc.ok && doc.value.emulator).toBeUndefined();
    expect(createCameraDevice(cfg({ transport: { type: 'serial', path: '/dev/ttyS0' } }), ctx)).toMatchObject({
      ok: false,
      error: { code: 'unsupported-transport' },
    });
    expect(createCameraDevice(cfg({ transport: { type: 'emulated', scenario: 'nope' } }), ctx)).toMatchObject({
      ok: false,
      error: { code: 'bad-options' },
    });
    expect(createCameraDevice(cfg({ options: { role: 'back' } }), ctx)).toMatchObject({
      ok: false,
      error: { code: 'bad-options' },
    });
    expect(KioskConfig.shape.devices.safeParse([cfg({ transport: { type: 'v4l2', path: 'video0' } })]).success).toBe(false);
  });
});

describe('camera in the device manager', () => {
  it('is never opened at start: health ok, no capture, no child process', async () => {
    const before = childPids();
    const m = new DeviceManager({ devices: [cfg({})], logger: silentLogger() });
    cleanups.push(() => m.stop());
    await m.start();
    expect(m.health()).toMatchObject([{ id: 'face-camera', kind: 'camera', state: 'ok', emulated: true, code: null }]);
    expect(m.driver('camera')?.capturing).toBe(false);
    expect(m.emulator('camera')?.capturing).toBe(false);
    expect(childPids()).toEqual(before);
  });

  it('a snapshot on demand is one decodable frame, and the camera is closed again', async () => {
    const m = new DeviceManager({ devices: [cfg({})], logger: silentLogger() });
    cleanups.push(() => m.stop());
    await m.start();
    const driver = m.driver('camera');
    const r = await driver!.snapshot(5000);
    if (!r.ok) throw new Error(r.error.code);
    expect(decodeJpeg(r.value.bytes).width).toBe(640);
    expect(driver!.capturing).toBe(false);
    expect(await driver!.selfTest()).toEqual({ ok: true, detail: 'frame 640x480' });
  });

  it('unplugged mid-capture: camera-unplugged, health offline on the device list', async () => {
    const m = new DeviceManager({
      devices: [cfg({ transport: { type: 'emulated', scenario: 'unplug' }, options: { unplugAfter: 2 } })],
      logger: silentLogger(),
    });
    cleanups.push(() => m.stop());
    await m.start();
    const health: string[] = [];
    m.onHealth((h) => health.push(`${h.state}/${h.code}`));
    const s = await m.driver('camera')!.open();
    if (!s.ok) throw new Error(s.error.code);
    const ended = await new Promise((resolve) => s.value.onEnd(resolve));
    expect(ended).toMatchObject({ code: 'camera-unplugged' });
    expect(m.health()[0]).toMatchObject({ state: 'offline', code: 'camera-unplugged' });
    expect(health).toEqual(['offline/camera-unplugged']);
  });

  it('missing: offline camera-missing at start and on open', async () => {
    const m = new DeviceManager({
      devices: [cfg({ transport: { type: 'emulated', scenario: 'missing' } })],
      logger: silentLogger(),
    });
    cleanups.push(() => m.stop());
    await m.start();
    expect(m.health()[0]).toMatchObject({ state: 'offline', code: 'camera-missing' });
    expect(await m.driver('camera')!.open()).toMatchObject({ ok: false, error: { code: 'camera-missing' } });
  });
});

describe('previewFeed', () => {
  it('sends ≤ 320 px JPEG data URLs matching the contract while the session is open, then frame: null', async () => {
    const emu = new CameraEmulator({ framesDir: defaultFramesDir(), fps: 20 });
    const driver = new CameraDriver({ source: emu, role: 'face' });
    const s = await driver.open({ preview: PREVIEW });
    if (!s.ok) throw new Error(s.error.code);
    const sent: EventPayload<'camera.preview'>[] = [];
    previewFeed('face-camera', s.value, (p) => sent.push(events['camera.preview'].parse(p)));
    await new Promise<void>((resolve) => {
      const off = s.value.onPreview(() => {
        if (sent.length >= 2) {
          off();
          resolve();
        }
      });
    });
    await s.value.close();
    const frames = sent.filter((p) => p.frame !== null);
    expect(frames.length).toBeGreaterThanOrEqual(2);
    for (const p of frames) {
      expect(p.frame!.width).toBeLessThanOrEqual(320);
      const bytes = Buffer.from(p.frame!.jpeg.slice('data:image/jpeg;base64,'.length), 'base64');
      expect(decodeJpeg(bytes).width).toBe(p.frame!.width);
    }
    expect(sent.at(-1)).toEqual({ device: 'face-camera', frame: null });
    const count = sent.length;
    await new Promise((r) => setTimeout(r, 200));
    expect(sent).toHaveLength(count);
  });
});

describe('a V4L2 camera whose node comes and goes', () => {
  it('health follows the node (inotify on its folder), and capture runs ffmpeg only while open', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'yimen-dev-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const node = join(dir, 'video0');
    // The node stands in for /dev/video0; the capture itself reads ffmpeg's test pattern.
    const source = new FfmpegCameraSource({
      input: lavfiInput({ width: 320, height: 240, fps: 15 }),
      devicePath: node,
      firstFrameMs: 15_000,
    });
    const driver = new CameraDriver({ source, role: 'face', devicePath: node, ffmpeg: 'ffmpeg' });
    cleanups.push(() => driver.stop());
    const seen: string[] = [];
    driver.onHealth((h) => seen.push(`${h.state}/${h.code}`));
    await driver.start();
    expect(driver.health()).toEqual({ state: 'offline', code: 'camera-missing' });

    const until = async (want: string): Promise<void> => {
      for (let i = 0; i < 200 && `${driver.health().state}/${driver.health().code}` !== want; i++)
        await new Promise((r) => setTimeout(r, 25));
      expect(`${driver.health().state}/${driver.health().code}`).toBe(want);
    };
    writeFileSync(node, '');
    await until('ok/null');

    const before = childPids();
    const shot = await driver.snapshot(10_000);
    expect(shot.ok && [shot.value.width, shot.value.height]).toEqual([320, 240]);
    expect(childPids()).toEqual(before);

    rmSync(node);
    await until('offline/camera-missing');
    expect(seen).toEqual(['offline/camera-missing', 'ok/null', 'offline/camera-missing']);
  });

  it('ffmpeg not installed: offline ffmpeg-missing', async () => {
    const source = new FfmpegCameraSource({ input: [], ffmpeg: 'yimen-no-such-ffmpeg' });
    const driver = new CameraDriver({ source, role: 'face', devicePath: '/dev/null', ffmpeg: 'yimen-no-such-ffmpeg' });
    cleanups.push(() => driver.stop());
    await driver.start();
    expect(driver.health()).toEqual({ state: 'offline', code: 'ffmpeg-missing' });
  });
});
