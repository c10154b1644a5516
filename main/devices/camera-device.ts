/**
 * The `camera` kind: a UVC/V4L2 camera captured by Debian's ffmpeg in main (`v4l2` transport:
 * the device node), or `CameraEmulator` playing image sequences for `emulated`. Opened only on
 * demand (a capture session), never at start; health says whether it is there to be opened.
 *
 * Options (`config.devices[].options`):
 *   role          face (the citizen's face, identity check) | doc (document camera, #16). Default face
 *   width/height  capture size asked of the camera (default 640×480; a document camera: e.g. 2592×1944)
 *   fps           capture frame rate (default 15)
 *   inputFormat   mjpeg | yuyv422: what to ask the camera for (default mjpeg)
 *   quality       ffmpeg JPEG quality 2 (best) … 31 (default 5)
 *   stallMs       no frame for this long ends a session as unplugged (default 3000)
 *   ffmpeg        the ffmpeg executable (default `ffmpeg` on PATH)
 *   framesDir     emulated only: folder of scenario frame folders (default: tests/fixtures/camera
 *                 when present, else a generated pattern)
 *   unplugAfter   emulated only: frames the `unplug` scenario plays before the camera goes away
 *
 * Preview for the renderer: `previewFeed()` turns an open session's downscaled preview frames
 * (≤ 320 px wide, a few per second) into `camera.preview` events; it ends with the session.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { CameraDriver, CAMERA_ROLES } from '../../drivers/camera/camera-driver.js';
import { CAMERA_SCENARIOS, CameraEmulator, isCameraScenario } from '../../drivers/camera/camera-emulator.js';
import type { CaptureSession } from '../../drivers/camera/camera.js';
import { FfmpegCameraSource, v4l2Input } from '../../drivers/camera/ffmpeg-source.js';
import { err, ok } from '../../common/result.js';
import type { EventPayload } from '../base/api/contract.js';
import { parseDeviceOptions } from './factory-parts.js';
import type { DeviceFactory } from './types.js';

/** The preview the renderer gets: at most this wide, at most this many frames a second. */
export const PREVIEW = { maxWidth: 320, fps: 5 } as const;

const Options = z
  .object({
    role: z.enum(CAMERA_ROLES).default('face'),
    width: z.number().int().min(16).max(8192).default(640),
    height: z.number().int().min(16).max(8192).default(480),
    fps: z.number().min(1).max(60).default(15),
    inputFormat: z.enum(['mjpeg', 'yuyv422']).default('mjpeg'),
    quality: z.number().int().min(2).max(31).default(5),
    stallMs: z.number().int().min(0).max(60_000).default(3000),
    ffmpeg: z.string().min(1).default('ffmpeg'),
    framesDir: z.string().min(1).optional(),
    unplugAfter: z.number().int().min(0).max(10_000).optional(),
  })
  .strict();

/** The generated scenario frames, from the sources or from dist/ (absent in a packaged app: the emulator then plays a pattern). */
export function defaultFramesDir(): string | undefined {
  const candidates = [
    new URL('../../tests/fixtures/camera/', import.meta.url),
    new URL('../../../tests/fixtures/camera/', import.meta.url),
  ];
  const found = candidates.find((u) => existsSync(u));
  return found ? fileURLToPath(found) : undefined;
}

export const createCameraDevice: DeviceFactory<'camera'> = (config) => {
  const parsed = parseDeviceOptions(Options, config);
  if (!parsed.ok) return parsed;
  const o = parsed.value;
  const t = config.transport;
  switch (t.type) {
    case 'v4l2': {
      const source = new FfmpegCameraSource({
        input: v4l2Input({ path: t.path, width: o.width, height: o.height, fps: o.fps, inputFormat: o.inputFormat }),
        devicePath: t.path,
        quality: o.quality,
        stallMs: o.stallMs,
        ffmpeg: o.ffmpeg,
      });
      const driver = new CameraDriver({ source, role: o.role, devicePath: t.path, ffmpeg: o.ffmpeg });
      return ok({ driver });
    }
    case 'emulated': {
      // A document camera plays the photographed sample pages unless told otherwise.
      const scenario = t.scenario ?? (o.role === 'doc' ? 'doc-pages' : 'real-face');
      if (!isCameraScenario(scenario))
        return err('bad-options', `${config.id}: unknown scenario "${scenario}" (have: ${CAMERA_SCENARIOS.join(', ')})`);
      const framesDir = o.framesDir ?? defaultFramesDir();
      const emulator = new CameraEmulator({
        scenario,
        fps: Math.min(o.fps, 15),
        ...(framesDir !== undefined ? { framesDir } : {}),
        ...(o.unplugAfter !== undefined ? { unplugAfter: o.unplugAfter } : {}),
      });
      const driver = new CameraDriver({
        source: emulator,
        role: o.role,
        present: () => emulator.getScenario() !== 'missing',
      });
      return ok({ driver, emulator });
    }
    case 'serial':
    case 'hid':
    case 'spooler':
      return err('unsupported-transport', `${config.id}: a camera cannot use a ${t.type} transport`);
  }
};

/**
 * Sends an open session's preview frames to the renderer as `camera.preview` events (JPEG data
 * URLs ≤ `PREVIEW.maxWidth` px wide), until the session ends (then one event with `frame: null`:
 * the preview is over) or the returned function is called. Open the session with
 * `{ preview: PREVIEW }`. Nothing is kept: each frame is encoded, sent and dropped.
 */
export function previewFeed(
  device: string,
  session: CaptureSession,
  emit: (payload: EventPayload<'camera.preview'>) => void,
): () => void {
  const offPreview = session.onPreview((f) => {
    if (f.width > PREVIEW.maxWidth) return;
    const jpeg = `data:image/jpeg;base64,${Buffer.from(f.bytes).toString('base64')}`;
    emit({ device, frame: { seq: f.seq, width: f.width, height: f.height, jpeg } });
  });
  const offEnd = session.onEnd(() => {
    stop();
    emit({ device, frame: null });
  });
  function stop(): void {
    offPreview();
    offEnd();
  }
  return stop;
}
