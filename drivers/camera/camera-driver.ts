/**
 * A camera as a device: a `CameraSource` (ffmpeg on a V4L2 node, or the emulator) with a role
 * (`face`: the citizen's face for the identity check; `doc`: a document camera), a health status
 * for the staff dashboard and on-demand capture.
 *
 * The camera is never opened at start: `start()` only looks whether the device node and ffmpeg
 * are there, and watches the node's folder (inotify: no polling) so plugging the camera in or out
 * shows on the dashboard. Capture happens only in `open()` / `snapshot()` sessions; a session that
 * ends with `camera-unplugged` turns the health offline until the node comes back.
 */
import { existsSync, watch, type FSWatcher } from 'node:fs';
import { delimiter, dirname, basename, join } from 'node:path';
import { ok, type Result } from '../../common/result.js';
import type { CancelReport, DeviceDriver, Health, SelfTestResult } from '../device.js';
import { HealthCell, nothingToCancel } from '../health.js';
import type { CameraErrorCode, CameraFrame, CameraSource, CaptureOptions, CaptureSession } from './camera.js';

export const CAMERA_ROLES = ['face', 'doc'] as const;
export type CameraRole = (typeof CAMERA_ROLES)[number];

/** The codes a camera's health can carry (each has a phrase on the staff dashboard). */
export type CameraHealthCode = 'camera-missing' | 'camera-unplugged' | 'camera-busy' | 'ffmpeg-missing' | 'no-frame';

export interface CameraDriverOptions {
  source: CameraSource;
  role: CameraRole;
  /** The device node (real cameras): its presence is the camera's health while closed. */
  devicePath?: string;
  /** The capture program (real cameras): checked on PATH at start. */
  ffmpeg?: string;
  /** For an emulated camera: whether it is "plugged in" (its scenario is not `missing`). */
  present?: () => boolean;
}

/** Whether `cmd` (a path, or a name looked up on PATH) is an existing file. */
export function findExecutable(cmd: string, path = process.env.PATH ?? ''): boolean {
  if (cmd.includes('/')) return existsSync(cmd);
  return path.split(delimiter).some((dir) => dir !== '' && existsSync(join(dir, cmd)));
}

export class CameraDriver implements DeviceDriver {
  readonly role: CameraRole;
  private readonly cell = new HealthCell();
  private watcher: FSWatcher | null = null;
  private session: CaptureSession | null = null;
  private started = false;

  constructor(private readonly opts: CameraDriverOptions) {
    this.role = opts.role;
  }

  get capturing(): boolean {
    return this.opts.source.capturing;
  }

  start(): Promise<void> {
    if (this.started) return Promise.resolve();
    this.started = true;
    this.refresh();
    const dev = this.opts.devicePath;
    if (dev !== undefined) {
      try {
        this.watcher = watch(dirname(dev), { persistent: false }, (_event, name) => {
          if (name === null || name === basename(dev)) this.refresh();
        });
        this.watcher.on('error', () => {
          this.watcher?.close();
          this.watcher = null;
        });
      } catch {
        // No inotify on that folder: health is refreshed at each capture instead.
        this.watcher = null;
      }
    }
    return Promise.resolve();
  }

  async stop(): Promise<void> {
    this.started = false;
    this.watcher?.close();
    this.watcher = null;
    await this.session?.close();
  }

  health(): Health {
    return this.cell.get();
  }

  onHealth(listener: (health: Health) => void): () => void {
    return this.cell.on(listener);
  }

  /**
   * Looks again whether the camera is there to be opened (an emulated camera's scenario changed:
   * the demo panel plugged it in or out). Nothing changes while a session runs.
   */
  recheck(): void {
    if (this.started && !this.capturing) this.refresh();
  }

  /** Health while no session runs: is the camera there to be opened? */
  private refresh(): void {
    if (this.opts.ffmpeg !== undefined && !findExecutable(this.opts.ffmpeg)) {
      this.cell.set({ state: 'offline', code: 'ffmpeg-missing' });
      return;
    }
    const dev = this.opts.devicePath;
    const present = dev !== undefined ? existsSync(dev) : (this.opts.present?.() ?? true);
    if (!present) {
      this.cell.set({ state: 'offline', code: 'camera-missing' });
      return;
    }
    // Back after an unplug, or fine: ready to open.
    const h = this.cell.get();
    if (h.code === 'camera-missing' || h.code === 'camera-unplugged' || h.state === 'unknown' || h.code === 'ffmpeg-missing')
      this.cell.set({ state: 'ok', code: null });
  }

  private setFromError(code: CameraErrorCode): void {
    switch (code) {
      case 'camera-missing':
      case 'camera-unplugged':
      case 'ffmpeg-missing':
        this.cell.set({ state: 'offline', code });
        return;
      case 'camera-busy':
      case 'no-frame':
        this.cell.set({ state: 'degraded', code });
        return;
      case 'camera-closed':
      case 'camera-in-use':
        return;
    }
  }

  /** Opens a capture session (on demand only). Health follows what happened. */
  async open(opts: CaptureOptions = {}): Promise<Result<CaptureSession, CameraErrorCode>> {
    const r = await this.opts.source.open(opts);
    if (!r.ok) {
      this.setFromError(r.error.code);
      return r;
    }
    const session = r.value;
    this.session = session;
    this.cell.set({ state: 'ok', code: null });
    session.onEnd((e) => {
      if (this.session === session) this.session = null;
      if (e) this.setFromError(e.code);
    });
    return ok(session);
  }

  /** One frame: open, wait for a frame, close. The frame stays in memory only. */
  async snapshot(timeoutMs = 5000): Promise<Result<CameraFrame, CameraErrorCode>> {
    const s = await this.open();
    if (!s.ok) return s;
    try {
      return await s.value.nextFrame(timeoutMs);
    } finally {
      await s.value.close();
    }
  }

  async selfTest(): Promise<SelfTestResult> {
    if (this.capturing) return { ok: true, detail: 'capturing' };
    const r = await this.snapshot();
    if (!r.ok) return { ok: false, detail: r.error.code };
    return { ok: true, detail: `frame ${r.value.width}x${r.value.height}` };
  }

  cancel(): Promise<Result<CancelReport, string>> {
    return nothingToCancel();
  }
}

export function isCameraRole(s: string): s is CameraRole {
  return (CAMERA_ROLES as readonly string[]).includes(s);
}
