/**
 * The real capture pipeline with real ffmpeg bytes: Debian's ffmpeg generating its test pattern
 * (lavfi, paced in real time like a camera) through `FfmpegCameraSource`, the same code that reads
 * /dev/videoN except for the input arguments.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CameraError, CaptureSession } from '../../../../drivers/camera/camera.js';
import { FfmpegCameraSource, lavfiInput, v4l2Input } from '../../../../drivers/camera/ffmpeg-source.js';
import { decodeJpeg } from '../../../../drivers/camera/jpeg-tools.js';
import { childPids } from '../../../helpers/child-processes.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const source = (extra: Partial<ConstructorParameters<typeof FfmpegCameraSource>[0]> = {}): FfmpegCameraSource =>
  new FfmpegCameraSource({ input: lavfiInput({ width: 640, height: 480, fps: 15 }), firstFrameMs: 15_000, ...extra });

let open: CaptureSession[] = [];
afterEach(async () => {
  await Promise.all(open.map((s) => s.close()));
  open = [];
});

async function start(src: FfmpegCameraSource, preview?: { maxWidth: number; fps: number }): Promise<CaptureSession> {
  const r = await src.open(preview ? { preview } : {});
  if (!r.ok) throw new Error(`open failed: ${r.error.code}: ${r.error.message}`);
  open.push(r.value);
  return r.value;
}

describe('FfmpegCameraSource on ffmpeg test input', () => {
  it('delivers decodable 640×480 JPEG frames, numbered, and nothing is left after close', async () => {
    const before = childPids();
    const src = source();
    expect(src.capturing).toBe(false);
    const session = await start(src);
    expect(src.capturing).toBe(true);
    const pid = src.pid;
    expect(pid).not.toBeNull();
    expect(childPids()).toContain(pid);

    const frames = [];
    for (let i = 0; i < 5; i++) {
      const f = await session.nextFrame(10_000);
      if (!f.ok) throw new Error(f.error.code);
      frames.push(f.value);
    }
    expect(frames.map((f) => f.seq)).toEqual([...frames.map((f) => f.seq)].sort((a, b) => a - b));
    for (const f of frames) {
      expect([f.width, f.height]).toEqual([640, 480]);
      const img = decodeJpeg(f.bytes);
      expect([img.width, img.height]).toEqual([640, 480]);
    }

    let ended: CameraError | null | undefined;
    session.onEnd((e) => (ended = e));
    await session.close();
    expect(ended).toBeNull();
    expect(session.ended).toBe(true);
    expect(src.capturing).toBe(false);
    expect(src.pid).toBeNull();
    expect(alive(pid as number)).toBe(false);
    expect(childPids()).toEqual(before);
    // A closed session answers at once.
    expect(await session.nextFrame(10_000)).toMatchObject({ ok: false, error: { code: 'camera-closed' } });
  });

  it('gives a downscaled preview stream (≤ 320 px wide) beside the full frames when asked', async () => {
    const session = await start(source(), { maxWidth: 320, fps: 5 });
    const preview = await new Promise<{ width: number; height: number; bytes: Uint8Array }>((resolve) => {
      const off = session.onPreview((f) => {
        off();
        resolve(f);
      });
    });
    expect([preview.width, preview.height]).toEqual([320, 240]);
    const img = decodeJpeg(preview.bytes);
    expect(img.width).toBe(320);
    const full = await session.nextFrame(10_000);
    expect(full.ok && full.value.width).toBe(640);
  });

  it('the child killed mid-capture ends the session with camera-unplugged', async () => {
    const src = source();
    const session = await start(src);
    const ended = new Promise<CameraError | null>((resolve) => session.onEnd(resolve));
    const waiting = session.nextFrame(60_000);
    process.kill(src.pid as number, 'SIGKILL');
    expect(await ended).toMatchObject({ code: 'camera-unplugged' });
    // A waiter gets the same error, and the source is free again.
    const r = await Promise.race([waiting, session.nextFrame(1)]);
    expect(r.ok ? 'frame' : r.error.code).toMatch(/camera-unplugged|frame/);
    expect(src.capturing).toBe(false);
    expect(childPids()).not.toContain(src.pid);
  });

  it('a second open while capturing is camera-in-use; after close it opens again', async () => {
    const src = source();
    const first = await start(src);
    expect(await src.open()).toMatchObject({ ok: false, error: { code: 'camera-in-use' } });
    await first.close();
    const second = await start(src);
    expect((await second.nextFrame(10_000)).ok).toBe(true);
  });
});

describe('FfmpegCameraSource failures before the first frame', () => {
  it('a device node that does not exist is camera-missing (checked before spawning)', async () => {
    const before = childPids();
    const src = new FfmpegCameraSource({
      input: v4l2Input({ path: '/dev/yimen-no-video', width: 640, height: 480, fps: 15 }),
      devicePath: '/dev/yimen-no-video',
    });
    expect(await src.open()).toMatchObject({ ok: false, error: { code: 'camera-missing' } });
    expect(childPids()).toEqual(before);
  });

  it('ffmpeg saying the node is missing is camera-missing too', async () => {
    const src = new FfmpegCameraSource({
      input: v4l2Input({ path: '/dev/yimen-no-video', width: 640, height: 480, fps: 15 }),
      firstFrameMs: 15_000,
    });
    const r = await src.open();
    expect(r).toMatchObject({ ok: false, error: { code: 'camera-missing' } });
    expect(src.capturing).toBe(false);
  });

  it('no ffmpeg installed is ffmpeg-missing', async () => {
    const src = source({ ffmpeg: '/nonexistent/ffmpeg' });
    expect(await src.open()).toMatchObject({ ok: false, error: { code: 'ffmpeg-missing' } });
    expect(src.capturing).toBe(false);
  });

  it('an input that never delivers a frame is no-frame, and the child is gone', async () => {
    const before = childPids();
    // ffmpeg waits on a FIFO nobody writes to: it runs, but no frame ever comes.
    const dir = mkdtempSync(join(tmpdir(), 'yimen-cam-'));
    const fifo = join(dir, 'silent');
    execFileSync('mkfifo', [fifo]);
    try {
      const src = new FfmpegCameraSource({ input: ['-f', 'mjpeg', '-i', fifo], firstFrameMs: 300 });
      const r = await src.open();
      expect(r).toMatchObject({ ok: false, error: { code: 'no-frame' } });
      expect(src.capturing).toBe(false);
      expect(childPids()).toEqual(before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
