/**
 * What every camera source offers (the ffmpeg/V4L2 capture and the emulator alike): `open()` a
 * capture session, receive JPEG frames (and, when asked, a downscaled preview stream) while it is
 * open, `close()` it. Nothing runs while no session is open: no child process, no timer.
 *
 * Frames live in memory only: no source writes a frame to disk or to a log.
 */
import { ListenerSet } from '../../common/listeners.js';
import { err, ok, type CodedError, type Result } from '../../common/result.js';
import type { JpegFrame } from './mjpeg-splitter.js';

export type CameraErrorCode =
  /** The capture stopped while open: the child exited, the device node went away, or no frame came for too long. */
  | 'camera-unplugged'
  /** The device node does not exist (nothing plugged in at that path). */
  | 'camera-missing'
  /** The device is held by another process. */
  | 'camera-busy'
  /** The capture program (`ffmpeg`) is not installed. */
  | 'ffmpeg-missing'
  /** The session started but gave no frame within the wait. */
  | 'no-frame'
  /** The session was closed (by `close()`) while a caller waited for a frame. */
  | 'camera-closed'
  /** A session is already open on this source. */
  | 'camera-in-use';

export type CameraError = CodedError<CameraErrorCode>;

export interface CameraFrame extends JpegFrame {
  /** 1, 2, … within the session. */
  seq: number;
  /** `Date.now()` when the frame was complete. */
  at: number;
}

export interface CaptureOptions {
  /** Also produce a downscaled preview stream (`onPreview`), for the citizen to position themselves. */
  preview?: { maxWidth: number; fps: number };
}

export interface CaptureSession {
  /** Full frames, as the camera delivers them. */
  onFrame(listener: (frame: CameraFrame) => void): () => void;
  /** Downscaled preview frames (only when the session was opened with `preview`). */
  onPreview(listener: (frame: CameraFrame) => void): () => void;
  /** The session ended: `null` after `close()`, else the error that stopped it. */
  onEnd(listener: (error: CameraError | null) => void): () => void;
  /** The next full frame, or an error (the session ended, or none within `timeoutMs`). */
  nextFrame(timeoutMs: number): Promise<Result<CameraFrame, CameraErrorCode>>;
  /** Stops the capture and waits until it has stopped (the child process is gone). Idempotent. */
  close(): Promise<void>;
  readonly ended: boolean;
}

export interface CameraSource {
  /** Starts a capture session; resolves once it runs, or with why it could not. */
  open(opts?: CaptureOptions): Promise<Result<CaptureSession, CameraErrorCode>>;
  /** Whether a session is open now. */
  readonly capturing: boolean;
}

/**
 * The shared half of a session: listeners, frame numbering, `nextFrame` waits and the end. A
 * source feeds it frames and ends it once; `stop` is how `close()` reaches the source.
 */
export class SessionCore implements CaptureSession {
  private readonly frames = new ListenerSet<CameraFrame>('CameraFrameListenerWarning');
  private readonly previews = new ListenerSet<CameraFrame>('CameraFrameListenerWarning');
  private readonly ends = new ListenerSet<CameraError | null>('CameraEndListenerWarning');
  private readonly waiters = new Set<(r: Result<CameraFrame, CameraErrorCode>) => void>();
  private seq = 0;
  private previewSeq = 0;
  private endError: CameraError | null | undefined;
  private closing: Promise<void> | null = null;

  constructor(private readonly stop: () => Promise<void>) {}

  get ended(): boolean {
    return this.endError !== undefined;
  }

  onFrame(listener: (frame: CameraFrame) => void): () => void {
    return this.frames.add(listener);
  }

  onPreview(listener: (frame: CameraFrame) => void): () => void {
    return this.previews.add(listener);
  }

  onEnd(listener: (error: CameraError | null) => void): () => void {
    return this.ends.add(listener);
  }

  nextFrame(timeoutMs: number): Promise<Result<CameraFrame, CameraErrorCode>> {
    if (this.endError !== undefined) return Promise.resolve(err(this.endError ?? closedError()));
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters.delete(done);
        resolve(err('no-frame', `no frame within ${timeoutMs} ms`));
      }, timeoutMs);
      const done = (r: Result<CameraFrame, CameraErrorCode>): void => {
        clearTimeout(timer);
        resolve(r);
      };
      this.waiters.add(done);
    });
  }

  close(): Promise<void> {
    this.closing ??= this.stop().then(() => this.end(null));
    return this.closing;
  }

  /** For the source: a complete frame. */
  frame(f: JpegFrame): void {
    if (this.endError !== undefined) return;
    const frame: CameraFrame = { ...f, seq: ++this.seq, at: Date.now() };
    const waiting = [...this.waiters];
    this.waiters.clear();
    for (const w of waiting) w(ok(frame));
    this.frames.emit(frame);
  }

  /** For the source: a complete preview frame. */
  preview(f: JpegFrame): void {
    if (this.endError !== undefined || this.previews.size === 0) return;
    this.previews.emit({ ...f, seq: ++this.previewSeq, at: Date.now() });
  }

  /** For the source: the session is over (`null`: closed on request). Only the first call counts. */
  end(error: CameraError | null): void {
    if (this.endError !== undefined) return;
    this.endError = error;
    const waiting = [...this.waiters];
    this.waiters.clear();
    for (const w of waiting) w(err(error ?? closedError()));
    this.ends.emit(error);
    this.frames.clear();
    this.previews.clear();
    this.ends.clear();
  }
}

function closedError(): CameraError {
  return { code: 'camera-closed', message: 'the capture session was closed' };
}
