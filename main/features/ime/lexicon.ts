/**
 * The pinyin lexicon, as tools/build-ime-lexicon.ts writes it from the Rime dictionaries
 * (`luna_pinyin` + `essay`, LGPL-3.0): one gzip'd file per script in ./data, committed, so the kiosk
 * needs neither the Debian packages nor a converter at run time.
 *
 * The file is a trie over syllables, flat in typed arrays (little-endian, 4-byte aligned):
 *
 *   header   u32 × 8: magic 'YIME', version 1, syllable count, syllable text bytes, node count,
 *            edge count, word count, text length (UTF-16 units)
 *   syllables  latin1, space-separated, sorted (their order is the syllable id)
 *   edgeStart  u32 × (nodes + 1)   node n's children are edges edgeStart[n] … edgeStart[n+1]-1
 *   wordStart  u32 × (nodes + 1)   node n's words are wordStart[n] … wordStart[n+1]-1, most frequent first
 *   edgeSyl    u16 × edges          sorted within a node
 *   edgeNode   u32 × edges
 *   weight     f32 × words          everyday frequency (Rime essay counts)
 *   textStart  u32 × (words + 1)    offsets into text
 *   text       UTF-16LE
 *
 * Node 0 is the root; nodes are numbered breadth first. Loading is one gunzip and a few views:
 * a few tens of milliseconds, and the resident index stays well under 20 MB.
 */
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { err, ok, type Result } from '../../../common/result.js';

export type LexiconScript = 'zh-cn' | 'zh-hk';

export class PinyinLexicon {
  readonly syllables: readonly string[];
  readonly syllableId: ReadonlyMap<string, number>;
  readonly wordCount: number;

  constructor(
    syllables: readonly string[],
    private readonly edgeStart: Uint32Array,
    private readonly wordStart: Uint32Array,
    private readonly edgeSyl: Uint16Array,
    private readonly edgeNode: Uint32Array,
    private readonly weights: Float32Array,
    private readonly textStart: Uint32Array,
    private readonly text: string,
  ) {
    this.syllables = syllables;
    this.syllableId = new Map(syllables.map((s, i) => [s, i]));
    this.wordCount = weights.length;
  }

  /** The child of `node` along syllable `syl`, or -1. */
  child(node: number, syl: number): number {
    let lo = this.edgeStart[node] ?? 0;
    let hi = (this.edgeStart[node + 1] ?? 0) - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const s = this.edgeSyl[mid] ?? 0;
      if (s === syl) return this.edgeNode[mid] ?? -1;
      if (s < syl) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** Calls `visit(syllable, child)` for each child of `node`. */
  children(node: number, visit: (syl: number, child: number) => void): void {
    const end = this.edgeStart[node + 1] ?? 0;
    for (let e = this.edgeStart[node] ?? 0; e < end; e++) visit(this.edgeSyl[e] ?? 0, this.edgeNode[e] ?? 0);
  }

  /** Word ids at `node`, most frequent first: [first, end). */
  wordRange(node: number): [number, number] {
    return [this.wordStart[node] ?? 0, this.wordStart[node + 1] ?? 0];
  }

  word(id: number): string {
    return this.text.slice(this.textStart[id] ?? 0, this.textStart[id + 1] ?? 0);
  }

  weight(id: number): number {
    return this.weights[id] ?? 0;
  }

  /** Every word with its syllable ids and frequency (tests and benchmarks; walks the whole trie). */
  *entries(): Generator<{ text: string; path: number[]; weight: number }> {
    const stack: { node: number; path: number[] }[] = [{ node: 0, path: [] }];
    for (let top = stack.pop(); top; top = stack.pop()) {
      const { node, path } = top;
      const [w0, w1] = this.wordRange(node);
      for (let id = w0; id < w1; id++) yield { text: this.word(id), path, weight: this.weight(id) };
      this.children(node, (syl, child) => stack.push({ node: child, path: [...path, syl] }));
    }
  }

  /** Calls `visit` for each word whose text `wanted` accepts, with its syllable ids (one walk, no copies). */
  findWords(wanted: (text: string) => boolean, visit: (text: string, path: number[], weight: number) => void): void {
    const path: number[] = [];
    const go = (node: number): void => {
      const [w0, w1] = this.wordRange(node);
      for (let id = w0; id < w1; id++) {
        const text = this.word(id);
        if (wanted(text)) visit(text, [...path], this.weight(id));
      }
      const end = this.edgeStart[node + 1] ?? 0;
      for (let e = this.edgeStart[node] ?? 0; e < end; e++) {
        path.push(this.edgeSyl[e] ?? 0);
        go(this.edgeNode[e] ?? 0);
        path.pop();
      }
    };
    go(0);
  }

  /** Approximate bytes held by the index (typed arrays and text). */
  bytes(): number {
    return (
      this.edgeStart.byteLength +
      this.wordStart.byteLength +
      this.edgeSyl.byteLength +
      this.edgeNode.byteLength +
      this.weights.byteLength +
      this.textStart.byteLength +
      this.text.length * 2
    );
  }

  /** Parses a file's bytes (gzip'd); a damaged file is a Result, not a throw. */
  static parse(gz: Buffer): Result<PinyinLexicon, 'lexicon-damaged'> {
    let raw: Buffer;
    try {
      raw = gunzipSync(gz);
    } catch (e) {
      return err('lexicon-damaged', `not gzip: ${String(e)}`);
    }
    // A fresh, aligned copy so the typed-array views below are legal at any offset.
    const buf = new ArrayBuffer(raw.length);
    new Uint8Array(buf).set(raw);
    if (buf.byteLength < 32) return err('lexicon-damaged', 'file too short');
    const h = new Uint32Array(buf, 0, 8);
    const [magic, version, sylCount, sylBytes, nodes, edges, words, textLen] = h;
    if (magic !== 0x454d4959 || version !== 1) return err('lexicon-damaged', 'bad magic or version');
    if (sylCount === undefined || sylBytes === undefined || nodes === undefined || edges === undefined)
      return err('lexicon-damaged', 'short header');
    if (words === undefined || textLen === undefined) return err('lexicon-damaged', 'short header');
    const align = (n: number): number => (n + 3) & ~3;
    let at = 32;
    const sylText = Buffer.from(buf, at, sylBytes).toString('latin1');
    at = align(at + sylBytes);
    const need = at + (nodes + 1) * 8 + align(edges * 2) + edges * 4 + words * 4 + (words + 1) * 4 + textLen * 2;
    if (buf.byteLength < need) return err('lexicon-damaged', 'file truncated');
    const edgeStart = new Uint32Array(buf, at, nodes + 1);
    at += (nodes + 1) * 4;
    const wordStart = new Uint32Array(buf, at, nodes + 1);
    at += (nodes + 1) * 4;
    const edgeSyl = new Uint16Array(buf, at, edges);
    at = align(at + edges * 2);
    const edgeNode = new Uint32Array(buf, at, edges);
    at += edges * 4;
    const weights = new Float32Array(buf, at, words);
    at += words * 4;
    const textStart = new Uint32Array(buf, at, words + 1);
    at += (words + 1) * 4;
    const text = Buffer.from(buf, at, textLen * 2).toString('utf16le');
    const syllables = sylText.split(' ');
    if (syllables.length !== sylCount) return err('lexicon-damaged', 'syllable table');
    return ok(new PinyinLexicon(syllables, edgeStart, wordStart, edgeSyl, edgeNode, weights, textStart, text));
  }
}

/** Where the committed files sit, from the source tree (tsx, tests) or from dist/ (the built kiosk). */
function candidatesFor(script: LexiconScript): URL[] {
  const file = `lexicon-${script}.bin.gz`;
  return [new URL(`./data/${file}`, import.meta.url), new URL(`../../../../main/features/ime/data/${file}`, import.meta.url)];
}

export async function loadLexicon(script: LexiconScript): Promise<Result<PinyinLexicon, 'lexicon-missing' | 'lexicon-damaged'>> {
  for (const url of candidatesFor(script)) {
    let bytes: Buffer;
    try {
      bytes = await readFile(url);
    } catch {
      continue;
    }
    return PinyinLexicon.parse(bytes);
  }
  return err('lexicon-missing', `lexicon-${script}.bin.gz not found next to the ime module`);
}
