/**
 * Finding a CJK font on the system for the A4 PDFs, and making it usable by pdf-lib.
 *
 * Debian's `fonts-noto-cjk` ships OpenType *collections* (`.ttc`) that hold the SC/TC/JP/KR/HK
 * faces; fontkit opens a collection as a `TrueTypeCollection`, which pdf-lib cannot embed. We
 * therefore cut one face out of the collection: copy its table directory and the tables it
 * points at into a standalone sfnt (`extractTtcFace`). Plain `.ttf`/`.otf` files are used as they
 * are. No font found is the typed error `no-cjk-font`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { err, ok, type Result } from '../../../common/result.js';

/** Tried in order; the first that exists and holds a usable face wins. */
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

export type CjkFontErrorCode = 'no-cjk-font';

export interface CjkFont {
  path: string;
  /** Index of the face inside a collection, or null for a single-face file. */
  face: number | null;
  /** A standalone sfnt that pdf-lib/fontkit can embed. */
  bytes: Uint8Array;
}

const TAG_TTCF = 0x74746366; // 'ttcf'

/** Number of faces in a TrueType/OpenType collection, or null when the bytes are not a collection. */
export function ttcFaceCount(data: Uint8Array): number | null {
  if (data.length < 12) return null;
  const v = new DataView(data.buffer, data.byteOffset, data.byteLength);
  if (v.getUint32(0) !== TAG_TTCF) return null;
  return v.getUint32(8);
}

/**
 * Copy face `index` of a collection into a standalone sfnt. Returns null when the collection is
 * malformed (offsets outside the file), never throws on bad input.
 */
export function extractTtcFace(data: Uint8Array, index: number): Uint8Array | null {
  const count = ttcFaceCount(data);
  if (count === null || index < 0 || index >= count || 12 + 4 * count > data.length) return null;
  const v = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const dir = v.getUint32(12 + 4 * index);
  if (dir + 12 > data.length) return null;
  const numTables = v.getUint16(dir + 4);
  if (dir + 12 + 16 * numTables > data.length) return null;
  const tables: { tag: number; checksum: number; offset: number; length: number }[] = [];
  for (let i = 0; i < numTables; i++) {
    const at = dir + 12 + 16 * i;
    const t = { tag: v.getUint32(at), checksum: v.getUint32(at + 4), offset: v.getUint32(at + 8), length: v.getUint32(at + 12) };
    if (t.offset + t.length > data.length) return null;
    tables.push(t);
  }
  const headerLen = 12 + 16 * numTables;
  let size = headerLen;
  for (const t of tables) size += (t.length + 3) & ~3;
  const out = new Uint8Array(size);
  const o = new DataView(out.buffer);
  out.set(data.subarray(dir, dir + 12), 0); // sfnt version, numTables, searchRange…
  let cursor = headerLen;
  tables.forEach((t, i) => {
    const at = 12 + 16 * i;
    o.setUint32(at, t.tag);
    o.setUint32(at + 4, t.checksum);
    o.setUint32(at + 8, cursor);
    o.setUint32(at + 12, t.length);
    out.set(data.subarray(t.offset, t.offset + t.length), cursor);
    cursor += (t.length + 3) & ~3;
  });
  return out;
}

/** The sfnt `name` table's family name of a standalone face (best effort, for choosing SC). */
export function familyName(sfnt: Uint8Array): string | null {
  if (sfnt.length < 12) return null;
  const v = new DataView(sfnt.buffer, sfnt.byteOffset, sfnt.byteLength);
  const numTables = v.getUint16(4);
  for (let i = 0; i < numTables; i++) {
    const at = 12 + 16 * i;
    if (at + 16 > sfnt.length) return null;
    if (v.getUint32(at) !== 0x6e616d65) continue; // 'name'
    const base = v.getUint32(at + 8);
    if (base + 6 > sfnt.length) return null;
    const count = v.getUint16(base + 2);
    const strings = base + v.getUint16(base + 4);
    for (let r = 0; r < count; r++) {
      const rec = base + 6 + 12 * r;
      if (rec + 12 > sfnt.length) return null;
      const platform = v.getUint16(rec);
      const nameId = v.getUint16(rec + 6);
      const len = v.getUint16(rec + 8);
      const off = strings + v.getUint16(rec + 10);
      if (nameId !== 1 || platform !== 3 || off + len > sfnt.length) continue;
      return Buffer.from(sfnt.subarray(off, off + len))
        .swap16()
        .toString('utf16le');
    }
  }
  return null;
}

/**
 * Load the first usable CJK font among `paths`. In a collection, the face whose family name ends
 * in `preferFamily` (default " SC", simplified Chinese) is chosen, else face 0.
 */
export function loadCjkFont(
  paths: readonly string[] = DEFAULT_CJK_FONT_PATHS,
  preferFamily = ' SC',
): Result<CjkFont, CjkFontErrorCode> {
  const tried: string[] = [];
  for (const path of paths) {
    if (!existsSync(path)) continue;
    tried.push(path);
    let data: Uint8Array;
    try {
      data = readFileSync(path);
    } catch {
      continue;
    }
    const count = ttcFaceCount(data);
    if (count === null) {
      if (data.length >= 12) return ok({ path, face: null, bytes: data });
      continue;
    }
    let chosen: { face: number; bytes: Uint8Array } | null = null;
    for (let i = 0; i < count; i++) {
      const face = extractTtcFace(data, i);
      if (!face) continue;
      chosen ??= { face: i, bytes: face };
      if (familyName(face)?.endsWith(preferFamily)) {
        chosen = { face: i, bytes: face };
        break;
      }
    }
    if (chosen) return ok({ path, ...chosen });
  }
  return err(
    'no-cjk-font',
    tried.length === 0
      ? `no CJK font found (looked for ${paths.join(', ')}); install fonts-noto-cjk`
      : `no usable CJK face in ${tried.join(', ')}`,
  );
}
