/**
 * Pinyin input for the on-screen keyboard (touch kiosks have no keyboard). Candidates come from
 * the 6,763 characters of GB 2312 (levels 1 and 2: the characters of everyday names and
 * addresses), indexed by every pinyin reading that pinyin-pro knows. For a reading, characters
 * whose main reading it is come first, then those for which it is a secondary reading; within
 * each, level-1 (common) characters come before level-2 ones, in the standard's order.
 * The index is built once in main (`warmPinyinIndex` at start-up, off the first keystroke's
 * path); the UI asks for candidates through the API.
 */
import iconv from 'iconv-lite';
import { loadPinyin } from './pinyin-lib.js';

let index: Promise<Map<string, string[]>> | null = null;

async function buildIndex(): Promise<Map<string, string[]>> {
  const { pinyin } = await loadPinyin();
  const primary = new Map<string, string[]>();
  const secondary = new Map<string, string[]>();
  const push = (m: Map<string, string[]>, k: string, ch: string): void => {
    const list = m.get(k);
    if (list) list.push(ch);
    else m.set(k, [ch]);
  };
  for (let hi = 0xb0; hi <= 0xf7; hi++) {
    for (let lo = 0xa1; lo <= 0xfe; lo++) {
      if (hi === 0xd7 && lo > 0xf9) continue; // end of level 1
      const ch = iconv.decode(Buffer.from([hi, lo]), 'gb2312');
      if (ch.length !== 1 || ch === '\ufffd') continue;
      const main = pinyin(ch, { toneType: 'none', v: true });
      if (/^[a-z]+$/.test(main)) push(primary, main, ch);
      const readings = pinyin(ch, { toneType: 'none', type: 'array', multiple: true, v: true });
      for (const r of new Set(readings)) if (r !== main && /^[a-z]+$/.test(r)) push(secondary, r, ch);
    }
  }
  const map = new Map<string, string[]>();
  for (const k of [...new Set([...primary.keys(), ...secondary.keys()])].sort()) {
    map.set(k, [...(primary.get(k) ?? []), ...(secondary.get(k) ?? [])]);
  }
  return map;
}

/** Builds the index now (about a second on a slow kiosk), so no keystroke waits for it. */
export function warmPinyinIndex(): Promise<unknown> {
  return getIndex();
}

function getIndex(): Promise<Map<string, string[]>> {
  index ??= buildIndex();
  return index;
}

/**
 * Candidates for what the citizen typed: characters whose reading is exactly `input` first,
 * then those whose reading starts with it (so `zh` offers 中, 张, 这…).
 */
export async function pinyinCandidates(input: string, limit = 40): Promise<string[]> {
  const q = input
    .toLowerCase()
    .replace(/[^a-zü]/g, '')
    .replace(/ü/g, 'v');
  if (q === '') return [];
  const idx = await getIndex();
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (chars: readonly string[] | undefined): void => {
    for (const c of chars ?? []) {
      if (out.length >= limit) return;
      if (!seen.has(c)) {
        seen.add(c);
        out.push(c);
      }
    }
  };
  add(idx.get(q));
  if (out.length < limit) {
    for (const [reading, chars] of idx) {
      if (reading !== q && reading.startsWith(q)) add(chars.slice(0, 4));
      if (out.length >= limit) break;
    }
  }
  return out;
}
