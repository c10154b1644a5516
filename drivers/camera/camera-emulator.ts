/**
 * An emulated camera for the demo panel and the tests: it plays image sequences as a camera would
 * deliver them, through the same frame interface as the ffmpeg capture. The JPEG bytes of each
 * frame are written, in uneven chunks, through the same `MjpegSplitter` that cuts ffmpeg's
 * output, so every frame a consumer sees went through the real parser.
 *
 * Scenarios (each a folder of JPEG frames under `framesDir`, played in a loop):
 *   real-face      one person facing the camera
 *   no-face        the empty hall
 *   printed-photo  a photo printed on paper held up to the camera
 *   screen-replay  a face shown on a phone screen
 *   two-faces      two people in the frame
 *   unplug         real-face, then the camera goes away after `unplugAfter` frames (`camera-unplugged`)
 *   missing        no camera at all: `open()` fails with `camera-missing`
 *   doc-pages      a document camera (高拍仪) over the sample pages (a rental contract, a school
 *                  letter: tools/build-doc-fixtures.ts), each sheet turned, skewed and shadowed,
 *                  2592×1944; each page stays on the stage for `holdFrames` frames
 *   doc-blank      the document camera over an empty sheet
 *   doc-dark       the document camera with the stage light almost off
 * A scenario without a folder plays a generated test pattern (a grey gradient, no face).
 *
 * Like the real source, nothing runs while no session is open: the frame timer exists only
 * while a session does.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { err, ok, type Result } from '../../common/result.js';
import { SessionCore, type CameraErrorCode, type CameraSource, type CaptureOptions, type CaptureSession } from './camera.js';
import { downscaleJpeg, encodeJpeg } from './jpeg-tools.js';
import { MjpegSplitter, type JpegFrame } from './mjpeg-splitter.js';

import { CAMERA_SCENARIOS, type CameraScenario } from './camera-scenarios.js';

export { CAMERA_SCENARIOS, type CameraScenario };

export function isCameraScenario(s: string): s is CameraScenario {
  return (CAMERA_SCENARIOS as readonly string[]).includes(s);
}

export interface CameraEmulatorOptions {
  scenario?: CameraScenario;
  /** Folder with one sub-folder of `*.jpg` frames per scenario; none: the generated pattern only. */
  framesDir?: string;
  /** Frames per second while a session is open. Default 10. */
  fps?: number;
  /** `unplug`: frames delivered before the camera goes away. Default 5. */
  unplugAfter?: number;
  /**
   * Each source frame is delivered this many times in a row (a page lies still on the stage).
   * Default: 20 for the `doc-*` scenarios, 1 for the others.
   */
  holdFrames?: number;
}

/** Whether a scenario is a document camera's (its frames are pages on the stage). */
export function isDocScenario(s: CameraScenario): boolean {
  return s.startsWith('doc-');
}

/** The scenario whose frames `unplug` plays before it goes away. */
const UNPLUG_PLAYS = 'real-face';

export class CameraEmulator implements CameraSource {
  private scenario: CameraScenario;
  private readonly fps: number;
  private readonly unplugAfter: number;
  private readonly cache = new Map<string, Uint8Array[]>();
  private current: { session: SessionCore; timer: NodeJS.Timeout; unplug: () => void } | null = null;
  private pattern: Uint8Array | null = null;
  /** Preview frames, made once per source frame and width (jpeg-js is slow: ~40 ms a frame). */
  private readonly previews = new WeakMap<Uint8Array, Map<number, JpegFrame>>();

  constructor(private readonly opts: CameraEmulatorOptions = {}) {
    this.scenario = opts.scenario ?? 'real-face';
    this.fps = opts.fps ?? 10;
    this.unplugAfter = opts.unplugAfter ?? 5;
    if (!(this.fps > 0 && this.fps <= 60)) throw new RangeError('fps must be in (0, 60]');
  }

  // The demo panel's and the device manager's emulator API (the far end is in-process: nothing to start).
  start(): Promise<void> {
    return Promise.resolve();
  }

  async stop(): Promise<void> {
    await this.current?.session.close();
  }

  setScenario(name: string): Result<void, string> {
    if (!isCameraScenario(name))
      return err('bad-scenario', `unknown camera scenario "${name}" (have: ${CAMERA_SCENARIOS.join(', ')})`);
    this.scenario = name;
    return ok(undefined);
  }

  getScenario(): CameraScenario {
    return this.scenario;
  }

  get capturing(): boolean {
    return this.current !== null;
  }

  /** Pulls the camera out now, whatever the scenario: the open session ends with `camera-unplugged`. */
  unplug(): void {
    this.current?.unplug();
  }

  /** The frames a scenario plays (JPEG bytes), from `framesDir` or the generated pattern. */
  frames(scenario: CameraScenario): Uint8Array[] {
    const name = scenario === 'unplug' || scenario === 'missing' ? UNPLUG_PLAYS : scenario;
    const cached = this.cache.get(name);
    if (cached) return cached;
    let list: Uint8Array[] = [];
    if (this.opts.framesDir !== undefined) {
      const dir = join(this.opts.framesDir, name);
      try {
        list = readdirSync(dir)
          .filter((f) => /\.jpe?g$/i.test(f))
          .sort()
          .map((f) => new Uint8Array(readFileSync(join(dir, f))));
      } catch {
        list = [];
      }
    }
    if (list.length === 0) list = [this.testPattern()];
    this.cache.set(name, list);
    return list;
  }

  open(opts: CaptureOptions = {}): Promise<Result<CaptureSession, CameraErrorCode>> {
    if (this.current) return Promise.resolve(err('camera-in-use', 'a capture session is already open on this camera'));
    const scenario = this.scenario;
    if (scenario === 'missing') return Promise.resolve(err('camera-missing', 'emulated camera: no camera plugged in'));
    const frames = this.frames(scenario);
    const hold = Math.max(1, this.opts.holdFrames ?? (isDocScenario(scenario) ? 20 : 1));
    const splitter = new MjpegSplitter();
    const preview = opts.preview;
    let lastPreview = 0;
    let n = 0;
    const stopTimer = (): void => {
      if (this.current?.session === session) {
        clearInterval(this.current.timer);
        this.current = null;
      }
    };
    const session = new SessionCore(() => {
      stopTimer();
      return Promise.resolve();
    });
    const unplug = (): void => {
      stopTimer();
      splitter.end();
      session.end({ code: 'camera-unplugged', message: 'emulated camera: unplugged mid-capture' });
    };
    const tick = (): void => {
      if (scenario === 'unplug' && n >= this.unplugAfter) {
        unplug();
        return;
      }
      const bytes = frames[Math.floor(n / hold) % frames.length] as Uint8Array;
      n++;
      // Uneven chunks, the way a pipe delivers them, through the real splitter.
      let at = 0;
      let step = 1 + (n % 7) * 997;
      while (at < bytes.length) {
        const end = Math.min(bytes.length, at + step);
        for (const f of splitter.push(bytes.subarray(at, end))) {
          session.frame(f);
          const now = Date.now();
          if (preview && now - lastPreview >= 1000 / preview.fps) {
            lastPreview = now;
            session.preview(this.previewOf(bytes, f, preview.maxWidth));
          }
        }
        at = end;
        step = step * 3 + 1;
      }
    };
    const timer = setInterval(tick, 1000 / this.fps);
    this.current = { session, timer, unplug };
    // The first frame comes at once, as `open()` of the real source resolves on its first frame.
    tick();
    return Promise.resolve(ok(session));
  }

  private previewOf(source: Uint8Array, f: JpegFrame, maxWidth: number): JpegFrame {
    let byWidth = this.previews.get(source);
    if (!byWidth) this.previews.set(source, (byWidth = new Map<number, JpegFrame>()));
    let p = byWidth.get(maxWidth);
    if (!p) {
      const small = downscaleJpeg(f.bytes, maxWidth);
      p = small.width === f.width ? f : { bytes: small.bytes, width: small.width, height: small.height };
      byWidth.set(maxWidth, p);
    }
    return p;
  }

  /** A 640×480 grey gradient with a dark band: plainly not a face. */
  private testPattern(): Uint8Array {
    if (this.pattern) return this.pattern;
    const width = 640;
    const height = 480;
    const data = new Uint8Array(width * height * 4);
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) {
        const o = (y * width + x) * 4;
        const v = y > 200 && y < 280 ? 40 : 90 + Math.round((x / width) * 120);
        data[o] = v;
        data[o + 1] = v;
        data[o + 2] = v + 10;
        data[o + 3] = 255;
      }
    this.pattern = encodeJpeg({ data, width, height }, 80);
    return this.pattern;
  }
}
