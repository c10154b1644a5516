/**
 * FaceChecker: the local 1:1 face check (docs/identity.md). A live camera frame is compared with
 * the reference photo (the back office's photo of this identity, or the card chip's photo), with
 * anti-spoof and liveness, by the face engine in a worker thread, so inference never blocks the
 * kiosk's event loop.
 *
 * The engine loads on `warmUp()` (call it when a journey that needs the check starts, not on the
 * first check's path) or else on the first check. A check that outlives `checkTimeoutMs`, or an
 * engine that crashes, fails with a coded error; the engine is started afresh on the next call.
 * `close()` ends the thread and frees the models; while no check runs the thread is idle (no CPU).
 *
 * Callers get an outcome code and a score band only: no pixels, boxes or templates leave the
 * worker, and nothing about a face is written to disk or to the log.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { err, ok, type Result } from '../../../../common/result.js';
import type { FaceCheckConfig } from '../../../../config/identity-schema.js';
import type { FaceCheckOutcome, FaceCheckScores, FaceFrame, FaceThresholds } from './face-check.js';
import { MAX_LOG_CHARS, type FromWorker, type ToWorker } from './protocol.js';

export type FaceCheckErrorCode =
  /** The models could not be loaded (or not in time). */
  | 'engine-unavailable'
  /** The check took longer than `checkTimeoutMs`; the engine was stopped. */
  | 'engine-timeout'
  /** The engine thread died; it is started again on the next call. */
  | 'engine-crashed'
  /** The frame's size and buffer do not agree, or it is empty or absurdly large. */
  | 'bad-frame'
  /** `close()` was called while the check waited. */
  | 'closed';

/** What the checker logs through: text and numbers only. */
export interface FaceCheckLog {
  debug(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface FaceCheckerOptions {
  config: FaceCheckConfig;
  log?: FaceCheckLog;
  /** The worker module (tests substitute a misbehaving one); the face engine by default. */
  workerUrl?: URL;
}

export interface FaceMeasurement {
  outcome: FaceCheckOutcome;
  /** Scores behind the outcome, for calibration and benchmarks. */
  scores: FaceCheckScores;
  /** Time the engine spent on the check (both images), in ms. */
  engineMs: number;
}

const MAX_SIDE = 4096;

interface Pending {
  resolve(r: Result<FaceMeasurement, FaceCheckErrorCode>): void;
  timer: NodeJS.Timeout;
}

interface Engine {
  worker: Worker;
  ready: Promise<Result<{ loadMs: number; backend: string }, FaceCheckErrorCode>>;
  pending: Map<number, Pending>;
  /** Settles the load wait when the thread ends first. */
  onEnd(code: FaceCheckErrorCode, message: string): void;
}

const defaultWorkerUrl = (): URL =>
  new URL(import.meta.url.endsWith('.ts') ? './face-worker.ts' : './face-worker.js', import.meta.url);

/** From sources (tests, tsx) the worker is TypeScript: register tsx inside the thread first. */
function spawn(url: URL): Worker {
  const options = { stdout: true, stderr: true } as const;
  if (!url.pathname.endsWith('.ts')) return new Worker(url, options);
  // tsx's ESM entry (exports `./esm/api` → import: index.mjs) sits beside the CommonJS one require finds.
  const tsxApi = pathToFileURL(
    createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;
  const boot =
    `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); ` + `return import(${JSON.stringify(url.href)}); });`;
  return new Worker(boot, { ...options, eval: true });
}

export class FaceChecker {
  private engine: Engine | undefined;
  private nextId = 1;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: FaceCheckerOptions) {}

  private get thresholds(): FaceThresholds {
    const c = this.opts.config;
    return {
      similarity: c.similarity,
      highSimilarity: c.highSimilarity,
      antispoof: c.antispoof,
      liveness: c.liveness,
      minDetection: c.minDetection,
      minFacePx: c.minFacePx,
    };
  }

  /** Starts the engine and loads the models, if not done yet. Safe to call many times. */
  warmUp(): Promise<Result<{ loadMs: number; backend: string }, FaceCheckErrorCode>> {
    return (this.engine ??= this.start()).ready;
  }

  /** Compares `frame` with the reference photo (JPEG bytes). Checks run one at a time. */
  async check(frame: FaceFrame, referenceJpeg: Uint8Array): Promise<Result<FaceCheckOutcome, FaceCheckErrorCode>> {
    const r = await this.measure(frame, referenceJpeg);
    return r.ok ? ok(r.value.outcome) : r;
  }

  /** `check`, with the scores behind the outcome (calibration, benchmarks). */
  measure(frame: FaceFrame, referenceJpeg: Uint8Array): Promise<Result<FaceMeasurement, FaceCheckErrorCode>> {
    const bad = frameProblem(frame);
    if (bad !== undefined) return Promise.resolve(err('bad-frame', bad));
    // Copies, handed over to the worker: the caller's buffers stay the caller's.
    const data = new Uint8Array(frame.data);
    const reference = new Uint8Array(referenceJpeg);
    const run = this.queue.then(() => this.run({ ...frame, data }, reference));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Ends the engine thread (frees the models). The next call starts it again. */
  async close(): Promise<void> {
    const engine = this.engine;
    this.engine = undefined;
    if (engine === undefined) return;
    engine.onEnd('closed', 'face checker closed');
    await engine.worker.terminate();
  }

  private async run(frame: FaceFrame, reference: Uint8Array): Promise<Result<FaceMeasurement, FaceCheckErrorCode>> {
    const ready = await this.warmUp();
    if (!ready.ok) return ready;
    const engine = this.engine;
    if (engine === undefined) return err('closed', 'face checker closed');
    const id = this.nextId++;
    const msg: ToWorker = { type: 'check', id, frame, reference, thresholds: this.thresholds };
    engine.worker.ref();
    try {
      return await new Promise((resolve) => {
        const timer = setTimeout(() => {
          engine.pending.delete(id);
          resolve(err('engine-timeout', `face check took longer than ${this.opts.config.checkTimeoutMs} ms`));
          this.opts.log?.warn({ timeoutMs: this.opts.config.checkTimeoutMs }, 'face engine timed out: stopping it');
          this.stop(engine);
        }, this.opts.config.checkTimeoutMs);
        engine.pending.set(id, { resolve, timer });
        engine.worker.postMessage(msg, [frame.data.buffer as ArrayBuffer, reference.buffer as ArrayBuffer]);
      });
    } finally {
      engine.worker.unref();
    }
  }

  private stop(engine: Engine): void {
    if (this.engine === engine) this.engine = undefined;
    void engine.worker.terminate();
  }

  private start(): Engine {
    const worker = spawn(this.opts.workerUrl ?? defaultWorkerUrl());
    const log = this.opts.log;
    // The engine's own prints, as bounded text at debug level (protocol.ts keeps pixels out).
    for (const stream of [worker.stdout, worker.stderr]) {
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => log?.debug({ line: chunk.slice(0, MAX_LOG_CHARS) }, 'face engine output'));
    }
    const pending = new Map<number, Pending>();
    let settleLoad: (r: Result<{ loadMs: number; backend: string }, FaceCheckErrorCode>) => void = () => undefined;
    const ready = new Promise<Result<{ loadMs: number; backend: string }, FaceCheckErrorCode>>((resolve) => {
      settleLoad = resolve;
    });
    const loadTimer = setTimeout(() => {
      settleLoad(err('engine-unavailable', `face models did not load within ${this.opts.config.loadTimeoutMs} ms`));
      this.stop(engine);
    }, this.opts.config.loadTimeoutMs);
    const onEnd = (code: FaceCheckErrorCode, message: string) => {
      clearTimeout(loadTimer);
      settleLoad(err(code === 'engine-crashed' ? 'engine-unavailable' : code, message));
      for (const [id, p] of pending) {
        clearTimeout(p.timer);
        pending.delete(id);
        p.resolve(err(code, message));
      }
      if (this.engine === engine) this.engine = undefined;
    };
    const engine: Engine = { worker, ready, pending, onEnd };

    worker.on('message', (m: FromWorker) => {
      switch (m.type) {
        case 'loaded':
          clearTimeout(loadTimer);
          log?.debug({ loadMs: m.ms, backend: m.backend }, 'face engine loaded');
          settleLoad(ok({ loadMs: m.ms, backend: m.backend }));
          return;
        case 'load-failed':
          clearTimeout(loadTimer);
          log?.warn({ reason: m.message.slice(0, MAX_LOG_CHARS) }, 'face engine failed to load');
          settleLoad(err('engine-unavailable', m.message));
          this.stop(engine);
          return;
        case 'log':
          log?.debug({ line: m.message.slice(0, MAX_LOG_CHARS) }, 'face engine');
          return;
        case 'result':
        case 'check-failed': {
          const p = pending.get(m.id);
          if (p === undefined) return;
          clearTimeout(p.timer);
          pending.delete(m.id);
          if (m.type === 'result') {
            log?.debug({ code: m.outcome.code, band: m.outcome.band, engineMs: m.ms }, 'face check');
            p.resolve(ok({ outcome: m.outcome, scores: m.scores, engineMs: m.ms }));
          } else {
            log?.warn({ reason: m.message.slice(0, MAX_LOG_CHARS) }, 'face check failed in the engine');
            p.resolve(err('engine-crashed', m.message));
          }
          return;
        }
      }
    });
    worker.on('error', (e) => {
      log?.warn({ reason: e.message.slice(0, MAX_LOG_CHARS) }, 'face engine crashed');
      onEnd('engine-crashed', `face engine crashed: ${e.message}`);
    });
    worker.on('exit', (exitCode) => onEnd('engine-crashed', `face engine exited (${exitCode})`));
    worker.postMessage({ type: 'load' } satisfies ToWorker);
    worker.unref();
    return engine;
  }
}

function frameProblem(f: FaceFrame): string | undefined {
  const channels = f.format === 'rgba' ? 4 : 3;
  if (!Number.isInteger(f.width) || !Number.isInteger(f.height) || f.width < 16 || f.height < 16) {
    return `frame of ${f.width}×${f.height}: too small`;
  }
  if (f.width > MAX_SIDE || f.height > MAX_SIDE) return `frame of ${f.width}×${f.height}: larger than ${MAX_SIDE}`;
  if (f.data.length !== f.width * f.height * channels) {
    return `frame buffer of ${f.data.length} bytes, expected ${f.width}×${f.height}×${channels}`;
  }
  return undefined;
}
