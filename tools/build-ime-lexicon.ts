/**
 * Builds the pinyin input method's lexicon (main/features/ime/data/lexicon-*.bin.gz) from the Rime
 * project's dictionaries, as Debian ships them:
 *
 *   apt-get install -y rime-data-luna-pinyin rime-essay     # LGPL-3.0 (see README, "Licences")
 *   npm run build:ime-lexicon
 *
 * - `luna_pinyin.dict.yaml`: every character with its readings (and, for polyphones, the share of
 *   each reading), plus phrases whose reading is not the plain reading of their characters;
 * - `essay.txt`: Rime's shared vocabulary with everyday frequencies.
 *
 * The phrases of the essay are given readings the way Rime's dictionary compiler does it: a
 * phrase listed in the dictionary keeps its own reading; otherwise the longest listed phrase at each
 * position, else each character's readings that carry at least 5 % of its uses. Both sources are in
 * traditional characters (Rime converts on output); OpenCC (`opencc-js`) converts them here, once,
 * to mainland simplified (zh-CN) and to Hong Kong traditional (zh-HK), so the kiosk does no
 * conversion at run time. For zh-HK, OpenCC's Hong Kong variants (`t` → `hk`: 爲 → 為, 衆 → 眾) are
 * taken where Big5 (code page 950, the character set of Hong Kong's traditional text) has the
 * variant; where it has not (户, 説, 税, 衞…) the traditional form comes first (戶口, 說明) and the
 * variant follows it as a second candidate at half the frequency. Each locale gets one file: a trie over syllables with the words at each
 * node in frequency order (format in main/features/ime/lexicon.ts).
 *
 * The output is committed, so neither the kiosk nor CI needs the Debian packages or OpenCC; run this
 * again only to update the lexicon.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import * as opencc from 'opencc-js';
import iconv from 'iconv-lite';

const RIME = process.env.RIME_DATA_DIR ?? '/usr/share/rime-data';
const OUT = new URL('../main/features/ime/data/', import.meta.url);
/** Essay phrases below this frequency are left out (keeps the file small; rare words stay typable by character). */
const MIN_PHRASE_WEIGHT = 500;
/** Rime's threshold: a reading used for less than 5 % of a character's occurrences does not spell phrases. */
const MIN_READING_SHARE = 0.05;
/** Syllables seen on fewer characters than this are oddities of the dictionary (fiao, wong, cei…). */
const MIN_SYLLABLE_USES = 5;
const MAX_PHRASE_CHARS = 8;
const MAX_CODES_PER_PHRASE = 4;
/** opencc-js's converter factory (its bundled typings do not resolve under typescript-eslint's project service). */
const Converter = (opencc as unknown as { Converter: (o: { from: string; to: string }) => (s: string) => string }).Converter;

interface Reading {
  code: string;
  share: number | null;
}

const isCjkBmp = (s: string): boolean => /^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+$/.test(s);

function readDict(): { chars: Map<string, Reading[]>; phrases: Map<string, string[]> } {
  const text = readFileSync(`${RIME}/luna_pinyin.dict.yaml`, 'utf8');
  const body = text.slice(text.indexOf('\n...\n') + 5);
  const chars = new Map<string, Reading[]>();
  const phrases = new Map<string, string[]>();
  for (const line of body.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const [word, code, weight] = line.split('\t');
    if (word === undefined || code === undefined || !isCjkBmp(word)) continue;
    if ([...word].length === 1) {
      const share = weight?.endsWith('%') ? Number(weight.slice(0, -1)) / 100 : null;
      const list = chars.get(word) ?? [];
      list.push({ code, share });
      chars.set(word, list);
    } else {
      const list = phrases.get(word) ?? [];
      list.push(code);
      phrases.set(word, list);
    }
  }
  return { chars, phrases };
}

function readEssay(): Map<string, number> {
  const essay = new Map<string, number>();
  for (const line of readFileSync(`${RIME}/essay.txt`, 'utf8').split('\n')) {
    const [word, weight] = line.split('\t');
    if (word !== undefined && weight !== undefined && isCjkBmp(word)) essay.set(word, Number(weight));
  }
  return essay;
}

/** Readings of a character that spell phrases. */
function phraseReadings(rs: readonly Reading[]): string[] {
  return rs.filter((r) => r.share === null || r.share >= MIN_READING_SHARE).map((r) => r.code);
}

/** Readings of a phrase: listed phrases first (longest at each position), else per character. */
function encode(word: string, chars: Map<string, Reading[]>, phrases: Map<string, string[]>): string[] {
  const listed = phrases.get(word);
  if (listed) return listed;
  const cs = [...word];
  const out: string[] = [];
  const walk = (at: number, acc: string[]): void => {
    if (out.length >= MAX_CODES_PER_PHRASE) return;
    if (at === cs.length) {
      out.push(acc.join(' '));
      return;
    }
    for (let len = cs.length - at; len >= 2; len--) {
      const chunk = phrases.get(cs.slice(at, at + len).join(''));
      if (chunk) {
        for (const c of chunk) walk(at + len, [...acc, c]);
        return;
      }
    }
    const ch = cs[at] ?? '';
    for (const c of phraseReadings(chars.get(ch) ?? [])) walk(at + 1, [...acc, c]);
  };
  walk(0, []);
  return out;
}

interface Entry {
  text: string;
  code: string;
  weight: number;
}

function collect(): { entries: Entry[]; syllables: string[] } {
  const { chars, phrases } = readDict();
  const essay = readEssay();
  const entries: Entry[] = [];
  for (const [ch, rs] of chars) {
    const total = essay.get(ch) ?? 0;
    for (const r of rs) {
      if (r.share !== null && r.share < MIN_READING_SHARE) continue;
      // A character the essay never saw still gets a small weight: names use rare characters.
      entries.push({ text: ch, code: r.code, weight: Math.max(total * (r.share ?? 1), 0.01) });
    }
  }
  const words = new Set<string>();
  for (const [w, weight] of essay) if ([...w].length >= 2 && weight >= MIN_PHRASE_WEIGHT) words.add(w);
  for (const w of phrases.keys()) words.add(w);
  for (const w of words) {
    if ([...w].length > MAX_PHRASE_CHARS) continue;
    const weight = essay.get(w) ?? 1;
    for (const code of encode(w, chars, phrases)) entries.push({ text: w, code, weight });
  }
  const uses = new Map<string, number>();
  for (const e of entries) {
    if ([...e.text].length !== 1) continue;
    uses.set(e.code, (uses.get(e.code) ?? 0) + 1);
  }
  const valid = new Set([...uses].filter(([s, n]) => n >= MIN_SYLLABLE_USES && /[aeiouv]/.test(s)).map(([s]) => s));
  const kept = entries.filter((e) => e.code.split(' ').every((s) => valid.has(s)));
  return { entries: kept, syllables: [...valid].sort() };
}

/** Hong Kong text: OpenCC's variant where Big5 has it, else the traditional form (see the header). */
function hongKong(): (s: string) => string[] {
  const hk = Converter({ from: 't', to: 'hk' });
  const big5 = (c: string): boolean => iconv.decode(iconv.encode(c, 'cp950'), 'cp950') === c;
  return (t) => {
    const v = hk(t);
    const a = [...t];
    const b = [...v];
    if (a.length !== b.length) return [t];
    const first = b.map((c, i) => (c !== a[i] && !big5(c) ? (a[i] ?? c) : c)).join('');
    return first === v ? [v] : [first, v];
  };
}

/** Converts and merges: two source words may become one (發, 髮 → 发); their frequencies add up. */
function convert(entries: readonly Entry[], conv: (s: string) => string[]): Entry[] {
  const merged = new Map<string, Entry>();
  for (const e of entries) {
    conv(e.text).forEach((text, i) => {
      if ([...text].length !== [...e.text].length) return;
      const weight = i === 0 ? e.weight : e.weight / 2;
      const key = `${text}\t${e.code}`;
      const prev = merged.get(key);
      if (prev) prev.weight += weight;
      else merged.set(key, { text, code: e.code, weight });
    });
  }
  return [...merged.values()];
}

interface TrieNode {
  children: Map<number, TrieNode>;
  words: Entry[];
  id: number;
}

/**
 * Serialises a trie over syllable ids (format documented in main/features/ime/lexicon.ts):
 * header, syllable table, node → first edge / first word offsets, edges (syllable, node),
 * word weights and the words' text as one UTF-16 string with offsets.
 */
function serialise(entries: readonly Entry[], syllables: readonly string[]): Buffer {
  const sid = new Map(syllables.map((s, i) => [s, i]));
  const root: TrieNode = { children: new Map(), words: [], id: 0 };
  for (const e of entries) {
    let node = root;
    for (const s of e.code.split(' ')) {
      const id = sid.get(s);
      if (id === undefined) throw new Error(`unknown syllable ${s}`);
      let next = node.children.get(id);
      if (!next) {
        next = { children: new Map(), words: [], id: 0 };
        node.children.set(id, next);
      }
      node = next;
    }
    node.words.push(e);
  }
  // Breadth-first numbering keeps each node's children contiguous.
  const order: TrieNode[] = [root];
  for (let i = 0; i < order.length; i++) {
    const n = order[i];
    if (!n) break;
    n.id = i;
    for (const k of [...n.children.keys()].sort((a, b) => a - b)) {
      const c = n.children.get(k);
      if (c) order.push(c);
    }
  }
  const nodeCount = order.length;
  const edgeStart = new Uint32Array(nodeCount + 1);
  const wordStart = new Uint32Array(nodeCount + 1);
  const edgeSyl: number[] = [];
  const edgeNode: number[] = [];
  const weights: number[] = [];
  const textStart: number[] = [];
  let text = '';
  for (const n of order) {
    edgeStart[n.id] = edgeSyl.length;
    wordStart[n.id] = weights.length;
    for (const k of [...n.children.keys()].sort((a, b) => a - b)) {
      edgeSyl.push(k);
      edgeNode.push(n.children.get(k)?.id ?? 0);
    }
    n.words.sort((a, b) => b.weight - a.weight || (a.text < b.text ? -1 : 1));
    for (const w of n.words) {
      weights.push(w.weight);
      textStart.push(text.length);
      text += w.text;
    }
  }
  edgeStart[nodeCount] = edgeSyl.length;
  wordStart[nodeCount] = weights.length;
  textStart.push(text.length);

  const sylText = Buffer.from(syllables.join(' '), 'latin1');
  const header = new Uint32Array([
    0x454d4959, // 'YIME'
    1,
    syllables.length,
    sylText.length,
    nodeCount,
    edgeSyl.length,
    weights.length,
    text.length,
  ]);
  const pad = (b: Buffer): Buffer => Buffer.concat([b, Buffer.alloc((4 - (b.length % 4)) % 4)]);
  const parts = [
    Buffer.from(header.buffer),
    pad(sylText),
    Buffer.from(edgeStart.buffer),
    Buffer.from(wordStart.buffer),
    pad(Buffer.from(new Uint16Array(edgeSyl).buffer)),
    Buffer.from(new Uint32Array(edgeNode).buffer),
    Buffer.from(new Float32Array(weights).buffer),
    Buffer.from(new Uint32Array(textStart).buffer),
    pad(Buffer.from(text, 'utf16le')),
  ];
  return gzipSync(Buffer.concat(parts), { level: 9 });
}

function main(): void {
  const { entries, syllables } = collect();
  mkdirSync(OUT, { recursive: true });
  const cn = Converter({ from: 't', to: 'cn' });
  const locales: [string, (s: string) => string[]][] = [
    ['zh-cn', (t) => [cn(t)]],
    ['zh-hk', hongKong()],
  ];
  for (const [locale, conv] of locales) {
    const out = convert(entries, conv);
    const file = new URL(`lexicon-${locale}.bin.gz`, OUT);
    const bytes = serialise(out, syllables);
    writeFileSync(file, bytes);
    process.stderr.write(
      `build-ime-lexicon: ${locale}: ${out.length} entries, ${syllables.length} syllables, ${bytes.length} bytes\n`,
    );
  }
}

main();
