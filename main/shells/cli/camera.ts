/**
 * `yimen camera`: a technician's tool for the kiosk's cameras (UVC/V4L2, captured by ffmpeg).
 *
 *   yimen camera list [--sysfs DIR]
 *     → {"devices":[{"path":"/dev/video0","name":"HD Pro Webcam C920","index":0},…]}
 *       exit 0, or 2 when the kernel lists no video device
 *   yimen camera snapshot [--device face|doc] [--config FILE] [--out FILE] [--timeout MS]
 *   yimen camera snapshot --path /dev/videoN [--size WxH] [--fps N] [--out FILE] [--timeout MS]
 *   yimen camera snapshot --test-pattern [--size WxH] [--out FILE]
 *     → {"device":…,"role":…,"source":…,"width":640,"height":480,"bytes":N,"out":FILE|null}
 *   yimen camera snapshot --device doc --page [--dpi N] [--out FILE]
 *     → the same, plus "page":{"width","height","dpi","corners","ink"}: the frame as a document
 *       page (found, flattened, cleaned: drivers/camera/document, docs/materials.md); --out gets
 *       the corrected page. No readable page: {"error":{"code":"page-not-found"|"page-too-dark"|
 *       "page-blank",…}}, exit 2. To check a document camera's framing and light on site.
 *
 * `--device` takes the camera of that role from the terminal config (an emulated camera plays its
 * scenario); `--path` opens a node directly; `--test-pattern` runs ffmpeg's generated pattern
 * through the same pipeline (checks ffmpeg without a camera). Without `--out` the frame is only
 * measured and dropped; with it, the one JPEG is written there (mode 0600) — it may show a person:
 * delete it after use. Exit codes: 0 ok, 2 no camera of that role configured, 3 no frame in time,
 * 4 camera missing / unplugged / busy / ffmpeg missing, 1 usage, 78 bad config; with `--page`, 2 also
 * when the frame holds no readable page.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '../../../config/load.js';
import type { CameraErrorCode } from '../../../drivers/camera/camera.js';
import { processDocPage } from '../../../drivers/camera/document/doc-page.js';
import { CameraDriver, isCameraRole, CAMERA_ROLES } from '../../../drivers/camera/camera-driver.js';
import { FfmpegCameraSource, lavfiInput, v4l2Input } from '../../../drivers/camera/ffmpeg-source.js';
import { listVideoDevices } from '../../../drivers/camera/v4l2-list.js';
import { silentLogger } from '../../base/log/logger.js';
import { createCameraDevice } from '../../devices/camera-device.js';
import { EXIT, intFlag, parseFlags, printJson, UsageError, type CliIO, type Command } from './cli-kit.js';

const USAGE =
  'camera list [--sysfs DIR] | camera snapshot [--device face|doc] [--config FILE] [--out FILE] [--timeout MS] [--page [--dpi N]] | ' +
  'camera snapshot --path /dev/videoN [--size WxH] [--fps N] [--out FILE] [--timeout MS] | camera snapshot --test-pattern [--size WxH] [--out FILE]';

export function exitForCamera(code: CameraErrorCode): number {
  if (code === 'no-frame') return EXIT.noAnswer;
  return EXIT.deviceError;
}

function size(value: string | undefined): { width: number; height: number } {
  if (value === undefined) return { width: 640, height: 480 };
  const m = /^(\d{2,4})x(\d{2,4})$/.exec(value);
  if (!m) throw new UsageError('--size must be WIDTHxHEIGHT, e.g. 1280x720');
  return { width: Number(m[1]), height: Number(m[2]) };
}

interface Target {
  driver: CameraDriver;
  device: string;
  role: string;
  source: string;
}

function list(argv: string[], io: CliIO): number {
  const { values } = parseFlags(argv, { sysfs: { type: 'string' } });
  const devices = listVideoDevices(values.sysfs !== undefined ? { sysfs: values.sysfs } : {});
  printJson(io, { devices });
  if (devices.length === 0) {
    io.err('yimen camera: no video device (is the camera plugged in, and its driver uvcvideo loaded?)');
    return EXIT.nothing;
  }
  return EXIT.ok;
}

async function snapshot(argv: string[], io: CliIO): Promise<number> {
  const { values } = parseFlags(argv, {
    device: { type: 'string' },
    config: { type: 'string' },
    path: { type: 'string' },
    'test-pattern': { type: 'boolean' },
    size: { type: 'string' },
    fps: { type: 'string' },
    out: { type: 'string' },
    timeout: { type: 'string' },
    page: { type: 'boolean' },
    dpi: { type: 'string' },
  });
  const dpi = intFlag(values.dpi, 'dpi', 50, 600) ?? 200;
  if (values.dpi !== undefined && values.page !== true) throw new UsageError('--dpi goes with --page');
  const timeout = intFlag(values.timeout, 'timeout', 100, 120_000) ?? 10_000;
  const direct = values.path !== undefined || values['test-pattern'] === true;
  if (values.path !== undefined && values['test-pattern'] === true)
    throw new UsageError('give --path or --test-pattern, not both');
  if (direct && (values.device !== undefined || values.config !== undefined))
    throw new UsageError('--device/--config pick a configured camera; --path/--test-pattern open one directly');
  if (!direct && (values.size !== undefined || values.fps !== undefined))
    throw new UsageError('--size and --fps go with --path or --test-pattern (a configured camera has its own)');

  let target: Target;
  if (direct) {
    const { width, height } = size(values.size);
    const fps = intFlag(values.fps, 'fps', 1, 60) ?? 15;
    const path = values.path;
    const source =
      path !== undefined
        ? new FfmpegCameraSource({ input: v4l2Input({ path, width, height, fps }), devicePath: path, firstFrameMs: timeout })
        : new FfmpegCameraSource({ input: lavfiInput({ width, height, fps }), firstFrameMs: timeout });
    target = {
      driver: new CameraDriver({ source, role: 'face' }),
      device: path ?? 'test-pattern',
      role: 'none',
      source: path ?? 'test-pattern',
    };
  } else {
    const role = values.device ?? 'face';
    if (!isCameraRole(role)) throw new UsageError(`--device must be one of ${CAMERA_ROLES.join(', ')}`);
    const loaded = loadConfig(values.config);
    if (!loaded.ok) {
      io.err(`yimen camera: ${loaded.error.message}`);
      return EXIT.config;
    }
    const config = loaded.value.config.devices.find(
      (d) => d.kind === 'camera' && d.enabled && (d.options.role ?? 'face') === role,
    );
    if (!config) {
      printJson(io, { error: { code: 'no-camera', message: `no ${role} camera in the config (${loaded.value.source})` } });
      io.err(`yimen camera: no ${role} camera is configured`);
      return EXIT.nothing;
    }
    const built = createCameraDevice(config, { logger: silentLogger(), now: () => new Date() });
    if (!built.ok) {
      printJson(io, { error: built.error });
      io.err(`yimen camera: ${built.error.code}: ${built.error.message}`);
      return EXIT.config;
    }
    const t = config.transport;
    target = {
      driver: built.value.driver,
      device: config.id,
      role,
      source:
        t.type === 'v4l2'
          ? t.path
          : t.type === 'emulated'
            ? `emulated:${t.scenario ?? (role === 'doc' ? 'doc-pages' : 'real-face')}`
            : t.type,
    };
  }

  const r = await target.driver.snapshot(timeout);
  if (!r.ok) {
    printJson(io, { error: r.error });
    io.err(`yimen camera: ${r.error.code}: ${r.error.message}`);
    return exitForCamera(r.error.code);
  }
  let bytes = r.value.bytes;
  let page: Record<string, unknown> | undefined;
  if (values.page === true) {
    const p = await processDocPage(r.value.bytes, { dpi });
    if (!p.ok) {
      printJson(io, { error: p.error, frame: { width: r.value.width, height: r.value.height } });
      io.err(`yimen camera: ${p.error.code}: ${p.error.message}`);
      return EXIT.nothing;
    }
    bytes = p.value.jpeg;
    const corners = p.value.corners.map((c) => ({ x: Math.round(c.x), y: Math.round(c.y) }));
    page = {
      width: p.value.width,
      height: p.value.height,
      dpi: p.value.dpi,
      corners,
      ink: Math.round(p.value.ink * 1000) / 1000,
    };
  }
  let out: string | null = null;
  if (values.out !== undefined) {
    out = resolve(values.out);
    writeFileSync(out, bytes, { mode: 0o600 });
    io.err(`yimen camera: wrote ${out} — it may show a person: delete it when done`);
  }
  printJson(io, {
    device: target.device,
    role: target.role,
    source: target.source,
    width: r.value.width,
    height: r.value.height,
    bytes: r.value.bytes.length,
    out,
    ...(page ? { page } : {}),
  });
  return EXIT.ok;
}

export const cameraCommand: Command = {
  name: 'camera',
  summary: 'List the video devices, or take one frame from a configured camera (face|doc) or a /dev/videoN.',
  usage: USAGE,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    if (sub === 'list') return list(rest, io);
    if (sub === 'snapshot') return snapshot(rest, io);
    throw new UsageError(`expected "list" or "snapshot", got ${sub ?? 'nothing'}`);
  },
};
