/**
 * Capture through Debian's `ffmpeg` as a child process: it reads the camera (V4L2 `/dev/videoN`)
 * and writes Motion-JPEG to its stdout, which `MjpegSplitter` cuts into frames. With a preview
 * asked for, the same process writes a second, downscaled and slower MJPEG stream to fd 3 (scaled
 * by ffmpeg, not in JavaScript).
 *
 * The input arguments are the only device-specific part: `v4l2Input()` for a camera, or
 * `lavfiInput()` (ffmpeg's generated test pattern) to drive the same pipeline without a camera.
 *
 * Lifecycle: `open()` spawns the child and resolves once the first frame arrived (or with why it
 * could not: `camera-missing`, `camera-busy`, `ffmpeg-missing`, `no-frame`); `close()` kills it and
 * resolves once it is gone. The child exiting by itself while open, or no frame for `stallMs`,
 * ends the session with `camera-unplugged`. While no session is open there is no child process and
 * no timer. ffmpeg's stderr (text, at log level `error`) is kept, last lines only, for the message;
 * frames are never written anywhere.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { err, ok, type Result } from '../../common/result.js';
import { SessionCore, type CameraErrorCode, type CameraSource, type CaptureOptions, type CaptureSession } from './camera.js';
import { MjpegSplitter } from './mjpeg-splitter.js';

export interface V4l2InputOptions {
  /** `/dev/video0`, or better a stable `/dev/v4l/by-id/…-video-index0` link. */
  path: string;
  width: number;
  height: number;
  fps: number;
  /** What to ask the camera for: `mjpeg` (most UVC cameras at HD sizes) or `yuyv422`. Default mjpeg. */
  inputFormat?: 'mjpeg' | 'yuyv422';
}

/** ffmpeg input arguments for a V4L2 camera. */
export function v4l2Input(o: V4l2InputOptions): string[] {
  return [
    '-f',
    'v4l2',
    '-input_format',
    o.inputFormat ?? 'mjpeg',
    '-video_size',
    `${o.width}x${o.height}`,
    '-framerate',
    String(o.fps),
    '-i',
    o.path,
  ];
}

/** ffmpeg input arguments for its test pattern, paced in real time like a camera. */
export function lavfiInput(o: { width: number; height: number; fps: number; pattern?: string }): string[] {
  const spec = `${o.pattern ?? 'testsrc2'}=size=${o.width}x${o.height}:rate=${o.fps}`;
  return ['-re', '-f', 'lavfi', '-i', spec];
}

export interface FfmpegSourceOptions {
  /** Input arguments (`v4l2Input(…)` or `lavfiInput(…)`). */
  input: string[];
  /** The device node, when there is one: checked before spawning (`camera-missing`). */
  devicePath?: string;
  /** ffmpeg's JPEG quality scale, 2 (best) … 31. Default 5. */
  quality?: number;
  /** How long `open()` waits for the first frame. Default 5000 ms. */
  firstFrameMs?: number;
  /** No frame for this long while open ends the session with `camera-unplugged`. Default 3000 ms; 0 disables. */
  stallMs?: number;
  /** The ffmpeg executable. Default `ffmpeg` (on PATH). */
  ffmpeg?: string;
  /** Largest frame accepted (bytes). Default 16 MiB. */
  maxFrameBytes?: number;
}

/** Last lines of ffmpeg's stderr kept for an error message (it is text: ffmpeg logs at `error` only). */
const STDERR_KEEP = 2048;

export class FfmpegCameraSource implements CameraSource {
  private current: { child: ChildProcess; session: SessionCore } | null = null;

  constructor(private readonly opts: FfmpegSourceOptions) {}

  get capturing(): boolean {
    return this.current !== null;
  }

  /** The child's pid while a session is open (tests check it is gone after close). */
  get pid(): number | null {
    return this.current?.child.pid ?? null;
  }

  /** ffmpeg's argument list for a session (exposed for tests and `yimen camera`). */
  args(opts: CaptureOptions = {}): string[] {
    const q = String(this.opts.quality ?? 5);
    const main = ['-map', '0:v', '-f', 'mjpeg', '-q:v', q, 'pipe:1'];
    const p = opts.preview;
    const preview = p
      ? ['-map', '0:v', '-vf', `fps=${p.fps},scale='min(${p.maxWidth},iw)':-2`, '-f', 'mjpeg', '-q:v', '7', 'pipe:3']
      : [];
    return ['-hide_banner', '-loglevel', 'error', '-nostdin', ...this.opts.input, ...main, ...preview];
  }

  async open(opts: CaptureOptions = {}): Promise<Result<CaptureSession, CameraErrorCode>> {
    if (this.current) return err('camera-in-use', 'a capture session is already open on this camera');
    const dev = this.opts.devicePath;
    if (dev !== undefined && !existsSync(dev)) return err('camera-missing', `${dev} does not exist`);

    const child = spawn(this.opts.ffmpeg ?? 'ffmpeg', this.args(opts), {
      stdio: ['ignore', 'pipe', 'pipe', ...(opts.preview ? (['pipe'] as const) : [])],
    });
    let stderr = '';
    let exited = false;
    let stopping = false;
    let stallTimer: NodeJS.Timeout | null = null;
    const gone = new Promise<void>((resolve) => {
      child.once('close', () => {
        exited = true;
        resolve();
      });
    });
    const kill = async (): Promise<void> => {
      stopping = true;
      if (stallTimer) clearTimeout(stallTimer);
      stallTimer = null;
      if (!exited) {
        child.kill('SIGTERM');
        const hard = setTimeout(() => child.kill('SIGKILL'), 2000);
        await gone;
        clearTimeout(hard);
      }
      if (this.current?.child === child) this.current = null;
    };
    const session = new SessionCore(kill);
    this.current = { child, session };

    const splitter = new MjpegSplitter(this.opts.maxFrameBytes !== undefined ? { maxFrameBytes: this.opts.maxFrameBytes } : {});
    const fail = async (code: CameraErrorCode, message: string): Promise<void> => {
      if (stopping) return;
      await kill();
      session.end({ code, message });
    };

    const stallMs = this.opts.stallMs ?? 3000;
    const armStall = (): void => {
      if (stallMs <= 0 || stopping) return;
      if (stallTimer) clearTimeout(stallTimer);
      stallTimer = setTimeout(() => {
        stallTimer = null;
        void fail('camera-unplugged', `no frame for ${stallMs} ms: the camera stopped delivering`);
      }, stallMs);
    };
    (child.stdout as Readable).on('data', (chunk: Buffer) => {
      for (const f of splitter.push(chunk)) {
        armStall();
        session.frame(f);
      }
    });
    if (opts.preview) {
      const previewSplitter = new MjpegSplitter();
      const fd3 = child.stdio[3] as Readable;
      fd3.on('data', (chunk: Buffer) => {
        for (const f of previewSplitter.push(chunk)) session.preview(f);
      });
      fd3.on('error', () => undefined);
    }
    (child.stderr as Readable).on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_KEEP);
    });

    let settled = false;
    // Spawn failure (no ffmpeg), or the child exiting by itself.
    const started = new Promise<Result<CaptureSession, CameraErrorCode>>((resolve) => {
      const firstMs = this.opts.firstFrameMs ?? 5000;
      const offFrame = session.onFrame(() => {
        clearTimeout(firstTimer);
        offFrame();
        resolve(ok(session));
      });
      const firstTimer = setTimeout(() => {
        offFrame();
        void kill().then(() => {
          session.end({ code: 'no-frame', message: `no frame within ${firstMs} ms` });
          resolve(err('no-frame', `no frame within ${firstMs} ms${lastLine(stderr)}`));
        });
      }, firstMs);
      child.once('error', (e: NodeJS.ErrnoException) => {
        clearTimeout(firstTimer);
        offFrame();
        exited = true;
        stopping = true;
        if (this.current?.child === child) this.current = null;
        const code: CameraErrorCode = e.code === 'ENOENT' ? 'ffmpeg-missing' : 'camera-unplugged';
        const message = e.code === 'ENOENT' ? `cannot run ${this.opts.ffmpeg ?? 'ffmpeg'}: not installed` : e.message;
        session.end({ code, message });
        resolve(err(code, message));
      });
      child.once('exit', (status, signal) => {
        void gone.then(() => {
          splitter.end();
          if (stopping) return;
          stopping = true;
          if (stallTimer) clearTimeout(stallTimer);
          if (this.current?.child === child) this.current = null;
          const why = `ffmpeg exited (${signal ?? `status ${status}`})${lastLine(stderr)}`;
          if (session.ended || settled) {
            session.end({ code: 'camera-unplugged', message: why });
            return;
          }
          clearTimeout(firstTimer);
          offFrame();
          const code = classify(stderr, dev);
          session.end({ code, message: why });
          resolve(err(code, why));
        });
      });
    });
    const r = await started;
    settled = true;
    if (r.ok) armStall();
    return r;
  }
}

/** Why ffmpeg stopped before the first frame, from what it said. */
function classify(stderr: string, dev: string | undefined): CameraErrorCode {
  if (/Device or resource busy/i.test(stderr)) return 'camera-busy';
  if (/No such file or directory|No such device/i.test(stderr) || (dev !== undefined && !existsSync(dev)))
    return 'camera-missing';
  return 'camera-unplugged';
}

function lastLine(stderr: string): string {
  const line = stderr.trim().split('\n').pop()?.trim();
  return line ? `: ${line.slice(0, 200)}` : '';
}
