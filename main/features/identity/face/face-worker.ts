/**
 * The face engine, in its own thread (started by FaceChecker): @vladmandic/human on the
 * TensorFlow.js WebAssembly backend, every model read from the installed package (no network,
 * no cache on disk). It answers one message at a time; see protocol.ts.
 *
 * Privacy: pixels and templates live only in this thread's memory for the length of a check. The
 * buffers are zeroed afterwards, nothing is written to disk, and the engine's own console output
 * is reduced to short text lines before it leaves the thread.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve, sep } from 'node:path';
import { parentPort } from 'node:worker_threads';
import jpeg from 'jpeg-js';
import { decide, type FaceFrame, type FaceObservation } from './face-check.js';
import { MAX_LOG_CHARS, type FromWorker, type ToWorker } from './protocol.js';

const port = parentPort;
if (port === null) throw new Error('face-worker runs in a worker thread');

function send(msg: FromWorker): void {
  port?.postMessage(msg);
}

// The engine prints with console.*: pass on text only, bounded, never an object it was handed.
for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
  console[method] = (...args: unknown[]) => {
    const text = args
      .map((a) => (typeof a === 'string' ? a : a instanceof Error ? a.message : '[…]'))
      .join(' ')
      .slice(0, MAX_LOG_CHARS);
    send({ type: 'log', message: text });
  };
}

/** The parts of TensorFlow.js this worker uses. */
interface Tensor {
  readonly shape: number[];
}
interface GraphModelLike {
  inputs: { shape?: number[] }[];
  execute(input: Tensor): Tensor | Tensor[];
}
interface ModelArtifacts {
  modelTopology: unknown;
  weightSpecs: unknown[];
  weightData: ArrayBuffer;
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  signature?: unknown;
  userDefinedMetadata?: unknown;
}
interface Tf {
  io: { registerLoadRouter(router: (url: string | string[]) => { load(): Promise<ModelArtifacts> } | null): void };
  tensor3d(values: Uint8Array, shape: [number, number, number], dtype: 'int32'): Tensor;
  slice(t: Tensor, begin: number[], size: number[]): Tensor;
  expandDims(t: Tensor, axis: number): Tensor;
  zeros(shape: number[]): Tensor;
  tidy<T extends Tensor>(fn: () => T): T;
  dispose(t: Tensor | Tensor[]): void;
  getBackend(): string;
}
interface HumanFace {
  score: number;
  box: [number, number, number, number];
  real?: number;
  live?: number;
  embedding?: number[];
}
interface HumanLike {
  tf: Tf;
  models: { models: Record<string, GraphModelLike | null | undefined> };
  init(): Promise<void>;
  load(): Promise<void>;
  detect(input: Tensor): Promise<{ face: HumanFace[]; error: string | null }>;
}
interface HumanModule {
  Human: new (config: Record<string, unknown>) => HumanLike;
  match: { similarity(a: number[], b: number[]): number };
}

const require = createRequire(import.meta.url);
/** `@vladmandic/human`'s `exports` map has no valid subpath for the WASM build: find it beside the Node build. */
const humanDist = dirname(require.resolve('@vladmandic/human'));
const modelDir = resolve(humanDist, '..', 'models') + sep;
const wasmDir = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm')), sep);

const off = { enabled: false };
/** Only what a 1:1 check needs: detector, mesh (alignment), descriptor, anti-spoof, liveness. No caching across frames. */
const HUMAN_CONFIG = {
  backend: 'wasm',
  wasmPath: wasmDir,
  wasmPlatformFetch: false,
  modelBasePath: `file://${modelDir}`,
  cacheModels: false,
  debug: false,
  async: false,
  warmup: 'none',
  cacheSensitivity: 0,
  filter: { enabled: false },
  face: {
    enabled: true,
    detector: { rotation: false, maxDetected: 4, skipFrames: 0, skipTime: 0, minConfidence: 0.2, return: false },
    mesh: { enabled: true },
    iris: off,
    emotion: off,
    attention: off,
    description: { enabled: true, skipFrames: 0, skipTime: 0 },
    antispoof: { enabled: true, skipFrames: 0, skipTime: 0 },
    liveness: { enabled: true, skipFrames: 0, skipTime: 0 },
  },
  body: off,
  hand: off,
  object: off,
  gesture: off,
  segmentation: off,
};

let engine: { human: HumanLike; mod: HumanModule } | undefined;

/** Serves `file://` model URLs from the package's models folder, and nothing else. */
function modelRouter(url: string | string[]): { load(): Promise<ModelArtifacts> } | null {
  const u = Array.isArray(url) ? url[0] : url;
  if (typeof u !== 'string' || !u.startsWith('file://')) return null;
  const path = resolve(u.slice('file://'.length));
  if (!path.startsWith(modelDir)) return null;
  return {
    load: () => {
      const json = JSON.parse(readFileSync(path, 'utf8')) as {
        modelTopology: unknown;
        weightsManifest: { paths: string[]; weights: unknown[] }[];
        format?: string;
        generatedBy?: string;
        convertedBy?: string | null;
        signature?: unknown;
        userDefinedMetadata?: unknown;
      };
      const specs: unknown[] = [];
      const parts: Buffer[] = [];
      for (const group of json.weightsManifest) {
        specs.push(...group.weights);
        for (const p of group.paths) parts.push(readFileSync(join(dirname(path), p)));
      }
      const all = Buffer.concat(parts);
      return Promise.resolve({
        modelTopology: json.modelTopology,
        weightSpecs: specs,
        weightData: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength),
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy,
        signature: json.signature,
        userDefinedMetadata: json.userDefinedMetadata,
      } as ModelArtifacts);
    },
  };
}

async function load(): Promise<void> {
  const started = performance.now();
  const mod = require(join(humanDist, 'human.node-wasm.js')) as HumanModule;
  const human = new mod.Human(HUMAN_CONFIG);
  human.tf.io.registerLoadRouter(modelRouter);
  await human.init();
  await human.load();
  const wanted = ['blazeface', 'facemesh', 'faceres', 'antispoof', 'liveness'];
  const missing = wanted.filter((m) => !human.models.models[m]);
  if (missing.length > 0) throw new Error(`models not loaded: ${missing.join(', ')}`);
  // Run every model once on zeros so that the first check does not pay for kernel set-up.
  for (const m of wanted) {
    const model = human.models.models[m];
    const shape = (model?.inputs[0]?.shape ?? [1, 64, 64, 3]).map((d) => (d < 0 ? 1 : d));
    const input = human.tf.zeros(shape);
    const out = model?.execute(input);
    human.tf.dispose(input);
    if (out) human.tf.dispose(out);
  }
  engine = { human, mod };
  send({ type: 'loaded', ms: Math.round(performance.now() - started), backend: human.tf.getBackend() });
}

function frameTensor(tf: Tf, frame: FaceFrame): Tensor {
  const channels = frame.format === 'rgba' ? 4 : 3;
  return tf.tidy(() => {
    let t = tf.tensor3d(frame.data, [frame.height, frame.width, channels], 'int32');
    if (channels === 4) t = tf.slice(t, [0, 0, 0], [frame.height, frame.width, 3]);
    return tf.expandDims(t, 0);
  });
}

async function detect(human: HumanLike, frame: FaceFrame): Promise<HumanFace[]> {
  const input = frameTensor(human.tf, frame);
  try {
    const result = await human.detect(input);
    if (result.error) throw new Error(`engine: ${result.error}`);
    return result.face;
  } finally {
    human.tf.dispose(input);
  }
}

function observe(f: HumanFace): FaceObservation {
  return {
    detection: f.score,
    sizePx: Math.min(f.box[2], f.box[3]),
    antispoof: f.real,
    liveness: f.live,
    described: (f.embedding?.length ?? 0) > 0,
  };
}

/** The reference photo as pixels, or undefined when it is not a JPEG this engine can read. */
function decodeReference(bytes: Uint8Array): FaceFrame | undefined {
  try {
    const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false, maxResolutionInMP: 24, maxMemoryUsageInMB: 256 });
    if (img.width < 16 || img.height < 16 || img.data.length !== img.width * img.height * 3) return undefined;
    return padded(img.data, img.width, img.height);
  } catch {
    return undefined;
  }
}

/**
 * Reference photos are tight head-and-shoulders crops (a chip photo is 102×126): the detector
 * wants some context around a face, so the photo is set on a grey margin of a quarter of its size.
 */
function padded(data: Uint8Array, width: number, height: number): FaceFrame {
  const mx = Math.round(width / 4);
  const my = Math.round(height / 4);
  const w = width + 2 * mx;
  const h = height + 2 * my;
  const out = new Uint8Array(w * h * 3).fill(128);
  for (let y = 0; y < height; y++) out.set(data.subarray(y * width * 3, (y + 1) * width * 3), ((y + my) * w + mx) * 3);
  data.fill(0);
  return { data: out, width: w, height: h, format: 'rgb' };
}

function forget(faces: readonly HumanFace[]): void {
  for (const f of faces) f.embedding?.fill(0);
}

async function check(msg: Extract<ToWorker, { type: 'check' }>): Promise<void> {
  const started = performance.now();
  if (engine === undefined) await load();
  const { human, mod } = engine as NonNullable<typeof engine>;
  const referenceFrame = decodeReference(msg.reference);
  let refFaces: HumanFace[] = [];
  let liveFaces: HumanFace[] = [];
  try {
    refFaces = referenceFrame ? await detect(human, referenceFrame) : [];
    liveFaces = await detect(human, msg.frame);
    const { outcome, scores } = decide(
      refFaces.map(observe),
      liveFaces.map(observe),
      (r, l) => mod.match.similarity(refFaces[r]?.embedding ?? [], liveFaces[l]?.embedding ?? []),
      msg.thresholds,
    );
    send({ type: 'result', id: msg.id, outcome, scores, ms: Math.round(performance.now() - started) });
  } finally {
    forget(refFaces);
    forget(liveFaces);
    referenceFrame?.data.fill(0);
    msg.frame.data.fill(0);
    msg.reference.fill(0);
  }
}

let queue: Promise<void> = Promise.resolve();
port.on('message', (msg: ToWorker) => {
  queue = queue.then(async () => {
    if (msg.type === 'load') {
      if (engine !== undefined) {
        send({ type: 'loaded', ms: 0, backend: engine.human.tf.getBackend() });
        return;
      }
      await load().catch((e: unknown) => send({ type: 'load-failed', message: e instanceof Error ? e.message : String(e) }));
      return;
    }
    await check(msg).catch((e: unknown) =>
      send({ type: 'check-failed', id: msg.id, message: (e instanceof Error ? e.message : String(e)).slice(0, MAX_LOG_CHARS) }),
    );
  });
});
