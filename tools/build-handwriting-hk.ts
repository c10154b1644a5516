/**
 * Writes `main/features/ime/data/s2hk-chars.json`: for each simplified character that Hong Kong
 * writes differently, its Hong Kong forms, by OpenCC (`opencc-js`), the converter the pinyin lexicon
 * is built with (tools/build-ime-lexicon.ts), with the same Hong Kong rule: OpenCC's HK variant where
 * Big5 has it, else the traditional form. The first form is OpenCC's conversion (cn → t → hk); the
 * others are every other traditional character OpenCC turns into the same simplified one
 * (发 → 發, 髮; 里 → 裏, 裡), so the citizen can pick the one they wrote. Debian ships no traditional handwriting model
 * for Zinnia, so zh-HK recognises with the simplified model and shows its candidates through this
 * table (main/features/ime/handwriting.ts). Committed, so the kiosk needs no converter at run time.
 *
 *   npx tsx tools/build-handwriting-hk.ts
 */
import { writeFileSync } from 'node:fs';
import * as opencc from 'opencc-js';
import iconv from 'iconv-lite';

/** opencc-js's converter factory (its bundled typings do not resolve under typescript-eslint's project service). */
const Converter = (opencc as unknown as { Converter: (o: { from: string; to: string }) => (s: string) => string }).Converter;
const toT = Converter({ from: 'cn', to: 't' });
const tToCn = Converter({ from: 't', to: 'cn' });
const tToHk = Converter({ from: 't', to: 'hk' });
const big5 = (c: string): boolean => iconv.decode(iconv.encode(c, 'cp950'), 'cp950') === c;
const hongKong = (t: string): string => {
  const v = tToHk(t);
  return v !== t && [...v].length === 1 && big5(v) ? v : t;
};
const single = (s: string): boolean => [...s].length === 1;

const map: Record<string, string[]> = {};
const add = (simplified: string, hk: string): void => {
  if (hk === simplified) return;
  const forms = (map[simplified] ??= []);
  if (!forms.includes(hk)) forms.push(hk);
};
const cjk: string[] = [];
for (let cp = 0x4e00; cp <= 0x9fff; cp++) cjk.push(String.fromCodePoint(cp));
// OpenCC's own conversion first …
for (const c of cjk) {
  const t = toT(c);
  if (single(t)) add(c, hongKong(t));
}
// … then the other traditional forms of the same simplified character.
for (const t of cjk) {
  const s = tToCn(t);
  if (s !== t && single(s) && map[s] !== undefined) add(s, hongKong(t));
}
writeFileSync(new URL('../main/features/ime/data/s2hk-chars.json', import.meta.url), `${JSON.stringify(map)}\n`);
process.stderr.write(`s2hk: ${Object.keys(map).length} characters differ\n`);
