/**
 * Font subsetting with HarfBuzz's own subsetter (`hb-subset`), compiled to WebAssembly by the
 * `harfbuzzjs` package (MIT; we load only its `dist/harfbuzz-subset.wasm`, not its JS wrapper).
 *
 * The wasm module is instantiated once, lazily (~0.8 s on the kiosk's CPU). Each font file is
 * copied into wasm memory once and stays there (a Noto CJK collection is ~20 MB), and each face
 * of it (`hb_face_create(blob, index)` reads a `.ttc` collection directly) is kept in a cache, so
 * a warm subset of a few hundred characters takes milliseconds.
 *
 * `subset()` returns a standalone OpenType font holding only the glyphs of the given code points
 * (plus `.notdef`, and what their layout features reach); its `cmap` maps exactly the code points
 * the source face covers.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** The exports of harfbuzz-subset.wasm that we call (checked against `instance.exports`). */
interface HbExports {
  memory: { readonly buffer: ArrayBuffer };
  _initialize(): void;
  malloc(size: number): number;
  free(ptr: number): void;
  hb_blob_create(data: number, length: number, mode: number, userData: number, destroy: number): number;
  hb_blob_destroy(blob: number): void;
  hb_blob_get_data(blob: number, lengthOut: number): number;
  hb_blob_get_length(blob: number): number;
  hb_face_create(blob: number, index: number): number;
  hb_face_destroy(face: number): void;
  hb_face_reference_blob(face: number): number;
  hb_set_add(set: number, codepoint: number): void;
  hb_subset_input_create_or_fail(): number;
  hb_subset_input_destroy(input: number): void;
  hb_subset_input_unicode_set(input: number): number;
  hb_subset_input_set_flags(input: number, flags: number): void;
  hb_subset_or_fail(face: number, input: number): number;
}

const HB_MEMORY_MODE_READONLY = 2;

/** The part of the `WebAssembly` global we use (typed here: the build's lib has no DOM/wasm types). */
interface WasmApi {
  instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: object } }>;
}
const wasmApi = Reflect.get(globalThis, 'WebAssembly') as WasmApi;

const REQUIRED: readonly (keyof HbExports)[] = [
  'memory',
  '_initialize',
  'malloc',
  'free',
  'hb_blob_create',
  'hb_blob_destroy',
  'hb_blob_get_data',
  'hb_blob_get_length',
  'hb_face_create',
  'hb_face_destroy',
  'hb_face_reference_blob',
  'hb_set_add',
  'hb_subset_input_create_or_fail',
  'hb_subset_input_destroy',
  'hb_subset_input_unicode_set',
  'hb_subset_input_set_flags',
  'hb_subset_or_fail',
];

interface LoadedFile {
  ptr: number;
  length: number;
  blob: number;
  faceCount: number;
  faces: Map<number, number>;
}

/** One HarfBuzz subsetter (one wasm instance) with its loaded font files. */
function hasHbExports(exports: Record<string, unknown>): exports is Record<string, unknown> & HbExports {
  return REQUIRED.every((k) => k in exports);
}

export class HbSubsetter {
  private readonly files = new Map<string, LoadedFile>();

  private constructor(private readonly hb: HbExports) {}

  static async create(): Promise<HbSubsetter> {
    const require = createRequire(import.meta.url);
    const wasm = readFileSync(require.resolve('harfbuzzjs/dist/harfbuzz-subset.wasm'));
    const { instance } = await wasmApi.instantiate(wasm, {});
    const exports = instance.exports as Record<string, unknown>;
    if (!hasHbExports(exports)) {
      const missing = REQUIRED.filter((k) => !(k in exports));
      throw new Error(`harfbuzz-subset.wasm lacks ${missing.join(', ')}`);
    }
    exports._initialize();
    return new HbSubsetter(exports);
  }

  /** Number of faces in a font file (1 for a plain .otf/.ttf); loads the file into wasm memory. */
  faceCount(path: string): number {
    return this.file(path).faceCount;
  }

  /**
   * A subset of face `faceIndex` of the font file at `path` covering `codePoints`, as a standalone
   * OpenType font, or null when HarfBuzz cannot subset it (not a font, index out of range).
   */
  subset(path: string, faceIndex: number, codePoints: Iterable<number>, flags = 0): Uint8Array | null {
    const hb = this.hb;
    const face = this.face(path, faceIndex);
    if (face === null) return null;
    const input = hb.hb_subset_input_create_or_fail();
    if (input === 0) throw new Error('hb_subset_input_create_or_fail: out of memory');
    try {
      if (flags !== 0) hb.hb_subset_input_set_flags(input, flags);
      const unicodes = hb.hb_subset_input_unicode_set(input);
      for (const cp of codePoints) hb.hb_set_add(unicodes, cp);
      const sub = hb.hb_subset_or_fail(face, input);
      if (sub === 0) return null;
      const blob = hb.hb_face_reference_blob(sub);
      try {
        const data = hb.hb_blob_get_data(blob, 0);
        const length = hb.hb_blob_get_length(blob);
        if (data === 0 || length === 0) return null;
        // Copy out: the view is on wasm memory, which the next allocation may move.
        return new Uint8Array(hb.memory.buffer, data, length).slice();
      } finally {
        hb.hb_blob_destroy(blob);
        hb.hb_face_destroy(sub);
      }
    } finally {
      hb.hb_subset_input_destroy(input);
    }
  }

  /** Free every loaded file and face (the wasm instance itself is left to the GC). */
  dispose(): void {
    for (const f of this.files.values()) {
      for (const face of f.faces.values()) this.hb.hb_face_destroy(face);
      this.hb.hb_blob_destroy(f.blob);
      this.hb.free(f.ptr);
    }
    this.files.clear();
  }

  private file(path: string): LoadedFile {
    const hit = this.files.get(path);
    if (hit) return hit;
    const bytes = readFileSync(path);
    const hb = this.hb;
    const ptr = hb.malloc(bytes.byteLength);
    if (ptr === 0) throw new Error(`cannot allocate ${bytes.byteLength} bytes of wasm memory for ${path}`);
    new Uint8Array(hb.memory.buffer, ptr, bytes.byteLength).set(bytes);
    const blob = hb.hb_blob_create(ptr, bytes.byteLength, HB_MEMORY_MODE_READONLY, 0, 0);
    const loaded: LoadedFile = { ptr, length: bytes.byteLength, blob, faceCount: collectionSize(bytes), faces: new Map() };
    this.files.set(path, loaded);
    return loaded;
  }

  private face(path: string, index: number): number | null {
    const f = this.file(path);
    if (!Number.isInteger(index) || index < 0 || index >= f.faceCount) return null;
    const hit = f.faces.get(index);
    if (hit !== undefined) return hit;
    const face = this.hb.hb_face_create(f.blob, index);
    if (face === 0) return null;
    f.faces.set(index, face);
    return face;
  }
}

/** Faces in a font file: the `numFonts` of a `ttcf` collection header, else 1. */
export function collectionSize(bytes: Uint8Array): number {
  if (bytes.length < 12) return 1;
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (v.getUint32(0) !== 0x74746366 /* 'ttcf' */) return 1;
  const n = v.getUint32(8);
  return n >= 1 && n <= 1024 && 12 + 4 * n <= bytes.length ? n : 1;
}

let shared: Promise<HbSubsetter> | null = null;

/** The process-wide subsetter (instantiated on first use). */
export function sharedSubsetter(): Promise<HbSubsetter> {
  shared ??= HbSubsetter.create().catch((e: unknown) => {
    shared = null;
    throw e;
  });
  return shared;
}
