/**
 * Which installed CJK fonts the A4 PDFs draw with, and in which order.
 *
 * Debian's `fonts-noto-cjk` ships OpenType *collections* (`.ttc`) holding the JP/KR/SC/TC/HK
 * faces (and their Mono variants). HarfBuzz subsets a face of a collection directly
 * (hb-subset.ts), so nothing is cut out of the file by hand: here we only read each face's family
 * name from its `name` table (a few small positioned reads, never the whole file) and rank the
 * faces for the document's locale: zh-HK prefers the HK face, then TC; zh-CN and en prefer SC.
 * The first candidate draws the document; the others are fallbacks for characters it lacks.
 * No font found is the typed error `no-cjk-font`.
 */
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { err, ok, type Result } from '../../../common/result.js';

/** Tried in order: the first existing file gives the primary face, the rest are fallbacks. */
export const DEFAULT_CJK_FONT_PATHS: readonly string[] = [
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc',
  '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
  '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc',
  '/usr/share/fonts/truetype/arphic/uming.ttc',
  '/usr/share/fonts/opentype/source-han-sans/SourceHanSansSC-Regular.otf',
  '/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf',
];

/** The document languages the A4 path knows (the kiosk's UI locales). */
export type A4Locale = 'zh-CN' | 'zh-HK' | 'en';

export type CjkFontErrorCode = 'no-cjk-font';

/** One face of an installed font file. */
export interface FontFace {
  path: string;
  /** Index in the collection (0 for a single-face file). */
  index: number;
  /** The `name` table's family name (ID 1), or '' when it cannot be read. */
  family: string;
}

/** Reads `length` bytes at `offset`; returns fewer at the end of the data. */
export type ByteReader = (offset: number, length: number) => Uint8Array;

const TAG_TTCF = 0x74746366; // 'ttcf'
const TAG_NAME = 0x6e616d65; // 'name'

function u32(b: Uint8Array, at: number): number | null {
  if (at < 0 || at + 4 > b.length) return null;
  return (((b[at] ?? 0) << 24) | ((b[at + 1] ?? 0) << 16) | ((b[at + 2] ?? 0) << 8) | (b[at + 3] ?? 0)) >>> 0;
}

function u16(b: Uint8Array, at: number): number | null {
  if (at < 0 || at + 2 > b.length) return null;
  return ((b[at] ?? 0) << 8) | (b[at + 1] ?? 0);
}

/** Offsets of the table directories of every face (one for a plain sfnt). Never throws. */
export function faceDirectories(read: ByteReader): number[] {
  const head = read(0, 12);
  if (head.length < 12) return [];
  if (u32(head, 0) !== TAG_TTCF) return [0];
  const count = u32(head, 8) ?? 0;
  if (count < 1 || count > 1024) return [];
  const dirs = read(12, 4 * count);
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const at = u32(dirs, 4 * i);
    if (at === null) return [];
    out.push(at);
  }
  return out;
}

/** The family name (name ID 1, Windows platform) of the face whose table directory is at `dir`. */
export function familyAt(read: ByteReader, dir: number): string | null {
  const numTables = u16(read(dir + 4, 2), 0);
  if (numTables === null || numTables > 512) return null;
  const records = read(dir + 12, 16 * numTables);
  for (let i = 0; i < numTables; i++) {
    if (u32(records, 16 * i) !== TAG_NAME) continue;
    const base = u32(records, 16 * i + 8);
    if (base === null) return null;
    const header = read(base, 6);
    const count = u16(header, 2);
    const stringsAt = u16(header, 4);
    if (count === null || stringsAt === null) return null;
    const recs = read(base + 6, 12 * count);
    for (let r = 0; r < count; r++) {
      const platform = u16(recs, 12 * r);
      const nameId = u16(recs, 12 * r + 6);
      const len = u16(recs, 12 * r + 8);
      const off = u16(recs, 12 * r + 10);
      if (platform !== 3 || nameId !== 1 || len === null || off === null) continue;
      const bytes = read(base + stringsAt + off, len);
      if (bytes.length !== len) return null;
      return Buffer.from(bytes).swap16().toString('utf16le');
    }
    return null;
  }
  return null;
}

function fileReader(fd: number): ByteReader {
  return (offset, length) => {
    if (offset < 0 || length <= 0) return new Uint8Array(0);
    const buf = Buffer.alloc(length);
    const n = readSync(fd, buf, 0, length, offset);
    return buf.subarray(0, n);
  };
}

/** Every face of the font file at `path` with its family name; [] when it is not a font. */
export function readFaces(path: string): FontFace[] {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return [];
  }
  try {
    const read = fileReader(fd);
    return faceDirectories(read).map((dir, index) => ({ path, index, family: familyAt(read, dir) ?? '' }));
  } finally {
    closeSync(fd);
  }
}

/** Script variants in the order a locale prefers them. */
const PREFERENCE: Record<A4Locale, readonly string[]> = {
  'zh-CN': ['SC', 'TC', 'HK', 'JP', 'KR'],
  en: ['SC', 'TC', 'HK', 'JP', 'KR'],
  'zh-HK': ['HK', 'TC', 'SC', 'JP', 'KR'],
};

/** Lower is better: proportional before Mono, then the locale's script order, then the rest. */
export function faceRank(family: string, locale: A4Locale): number {
  const order = PREFERENCE[locale];
  const variant = / (SC|TC|HK|JP|KR)$/.exec(family)?.[1];
  const script = variant === undefined ? order.length : order.indexOf(variant);
  return (/\bMono\b/.test(family) ? 100 : 0) + script;
}

/** The faces of one file, best first for `locale` (stable for equal ranks). */
export function rankFaces(faces: readonly FontFace[], locale: A4Locale): FontFace[] {
  return faces
    .map((f, i) => ({ f, i, r: faceRank(f.family, locale) }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((x) => x.f);
}

const facesByPath = new Map<string, FontFace[]>();

/**
 * Every usable face among `paths`, in drawing preference for `locale`: the files in the given
 * order, each file's faces ranked by `rankFaces`. The first is the document's face.
 */
export function cjkFaceCandidates(
  locale: A4Locale = 'zh-CN',
  paths: readonly string[] = DEFAULT_CJK_FONT_PATHS,
): Result<FontFace[], CjkFontErrorCode> {
  const out: FontFace[] = [];
  for (const path of paths) {
    if (!existsSync(path)) continue;
    let faces = facesByPath.get(path);
    if (!faces) {
      faces = readFaces(path);
      facesByPath.set(path, faces);
    }
    out.push(...rankFaces(faces, locale));
  }
  if (out.length === 0) return err('no-cjk-font', `no CJK font found (looked for ${paths.join(', ')}); install fonts-noto-cjk`);
  return ok(out);
}
