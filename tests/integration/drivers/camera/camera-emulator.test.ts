/**
 * The emulated camera: each scenario plays its frames (tests/fixtures/camera) through the real
 * MJPEG splitter, with the frame interface of the ffmpeg capture; `unplug` ends the session with
 * camera-unplugged; nothing runs while no session is open.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CameraError, CaptureSession } from '../../../../drivers/camera/camera.js';
import { CAMERA_SCENARIOS, CameraEmulator } from '../../../../drivers/camera/camera-emulator.js';
import { decodeJpeg } from '../../../../drivers/camera/jpeg-tools.js';
import type { FaceFrame } from '../../../../main/features/identity/face/face-check.js';

const framesDir = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'camera');

let sessions: CaptureSession[] = [];
afterEach(async () => {
  await Promise.all(sessions.map((s) => s.close()));
  sessions = [];
});

async function open(emu: CameraEmulator, preview?: { maxWidth: number; fps: number }): Promise<CaptureSession> {
  const r = await emu.open(preview ? { preview } : {});
  if (!r.ok) throw new Error(r.error.code);
  sessions.push(r.value);
  return r.value;
}

describe('CameraEmulator', () => {
  it.each(['real-face', 'no-face', 'printed-photo', 'screen-replay', 'two-faces'] as const)(
    '%s plays its own decodable 640×480 frames in a loop',
    async (scenario) => {
      const emu = new CameraEmulator({ scenario, framesDir, fps: 50 });
      const session = await open(emu);
      const seen = new Set<string>();
      for (let i = 0; i < 4; i++) {
        const f = await session.nextFrame(5000);
        if (!f.ok) throw new Error(f.error.code);
        expect([f.value.width, f.value.height]).toEqual([640, 480]);
        // Decoded, a frame is what the face check takes.
        const img: FaceFrame = decodeJpeg(f.value.bytes);
        expect([img.width, img.height, img.format, img.data.length]).toEqual([640, 480, 'rgba', 640 * 480 * 4]);
        seen.add(Buffer.from(f.value.bytes).toString('base64'));
      }
      // Three different frames per scenario, played in a loop.
      expect(seen.size).toBe(3);
      expect(emu.frames(scenario)).toHaveLength(3);
    },
  );

  it('the scenarios differ from each other', () => {
    const emu = new CameraEmulator({ framesDir });
    const firsts = ['real-face', 'no-face', 'printed-photo', 'screen-replay', 'two-faces'].map((s) =>
      Buffer.from(emu.frames(s as 'real-face')[0] ?? []).toString('base64'),
    );
    expect(new Set(firsts).size).toBe(5);
  });

  it('unplug ends the session with camera-unplugged after a few frames', async () => {
    const emu = new CameraEmulator({ scenario: 'unplug', framesDir, fps: 50, unplugAfter: 3 });
    const session = await open(emu);
    const frames: number[] = [];
    session.onFrame((f) => frames.push(f.seq));
    const ended = await new Promise<CameraError | null>((resolve) => session.onEnd(resolve));
    expect(ended).toMatchObject({ code: 'camera-unplugged' });
    expect(frames.length).toBeLessThanOrEqual(3);
    expect(await session.nextFrame(1000)).toMatchObject({ ok: false, error: { code: 'camera-unplugged' } });
    expect(emu.capturing).toBe(false);
  });

  it('unplug() pulls the camera out of any open session', async () => {
    const emu = new CameraEmulator({ scenario: 'real-face', framesDir, fps: 20 });
    const session = await open(emu);
    const waiting = session.nextFrame(60_000);
    await waiting;
    const next = session.nextFrame(60_000);
    emu.unplug();
    expect(await next).toMatchObject({ ok: false, error: { code: 'camera-unplugged' } });
  });

  it('missing fails to open with camera-missing', async () => {
    const emu = new CameraEmulator({ scenario: 'missing', framesDir });
    expect(await emu.open()).toMatchObject({ ok: false, error: { code: 'camera-missing' } });
  });

  it('gives a downscaled preview when asked', async () => {
    const emu = new CameraEmulator({ scenario: 'real-face', framesDir, fps: 20 });
    const session = await open(emu, { maxWidth: 320, fps: 10 });
    const p = await new Promise<{ width: number; height: number; bytes: Uint8Array }>((resolve) => session.onPreview(resolve));
    expect([p.width, p.height]).toEqual([320, 240]);
    expect(decodeJpeg(p.bytes).width).toBe(320);
  });

  it('has no timer while closed, and is one session at a time', async () => {
    const emu = new CameraEmulator({ framesDir, fps: 20 });
    expect(emu.capturing).toBe(false);
    const s = await open(emu);
    expect(emu.capturing).toBe(true);
    expect(await emu.open()).toMatchObject({ ok: false, error: { code: 'camera-in-use' } });
    await s.close();
    expect(emu.capturing).toBe(false);
    const frames: unknown[] = [];
    s.onFrame((f) => frames.push(f));
    await new Promise((r) => setTimeout(r, 150));
    expect(frames).toEqual([]);
  });

  it('without a frames folder every scenario plays a generated pattern', async () => {
    const emu = new CameraEmulator({ fps: 50 });
    const session = await open(emu);
    const f = await session.nextFrame(5000);
    expect(f.ok && [f.value.width, f.value.height]).toEqual([640, 480]);
  });

  it('refuses an unknown scenario', () => {
    const emu = new CameraEmulator();
    expect(emu.setScenario('nope').ok).toBe(false);
    for (const s of CAMERA_SCENARIOS) expect(emu.setScenario(s).ok).toBe(true);
  });
});
