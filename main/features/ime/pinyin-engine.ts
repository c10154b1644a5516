/**
 * The pinyin input method behind `ime.candidates` / `ime.select`: phrases and characters from the
 * Rime lexicon (./lexicon.ts), ranked by everyday frequency, ten to a page.
 *
 * Reading the input: the letters are cut into tokens (./syllables.ts) and the lexicon's trie is
 * walked along them from the first letter, so `banli` finds 办理, `bl` finds it by initials and
 * `huk` finds 户口 while the last syllable is still being typed. Each word found knows how many
 * letters it took: picking it consumes those and the rest of the input stays for the next pick.
 * For a run of several words (`woyaobanli`) the best sentence is put first: the most probable
 * sequence of lexicon words over whole syllables (a unigram model on the essay frequencies).
 *
 * Order: the sentence; then words read from whole syllables (a last, unfinished syllable allowed),
 * before words that need an abbreviation in the middle; among those, words that take more of the
 * input first; then what this citizen already picked in this session; then fewer syllables; then
 * whole syllables before unfinished ones; then frequency (a fuzzy syllable counts a quarter, a
 * word of the terminal's own catalog four times).
 *
 * The session dictionary (what was picked) lives in memory only and is dropped by `endSession()`,
 * which the core calls whenever the session changes (kiosk-core.ts).
 */
import { err, ok, type Result } from '../../../common/result.js';
import { loadLexicon, type LexiconScript, type PinyinLexicon } from './lexicon.js';
import { SyllableTable, type Lattice } from './syllables.js';

export const IME_PAGE_SIZE = 10;
/** Longest word in the lexicon, in syllables (tools/build-ime-lexicon.ts). */
const MAX_WORD = 8;
/** A walk through a pathological input stops here (a page still comes back). */
const MAX_STATES = 50_000;
/** ln of the essay's total count, roughly: word log-probabilities for the sentence. */
const LN_TOTAL = Math.log(2e8);

/** The script of the candidates for a session locale: Hong Kong traditional for zh-HK, else simplified. */
export function imeScript(locale: string): LexiconScript {
  return locale === 'zh-HK' ? 'zh-hk' : 'zh-cn';
}

export interface CandidatePage {
  candidates: string[];
  /** For each candidate, how many characters of the input it takes (apostrophes after it included). */
  consumed: number[];
  more: boolean;
}

/** Words that read the input the same way (one trie node, or one text), most frequent first. */
interface Group {
  key: number;
  letters: number;
  path: readonly number[];
  /** A trie node's word ids [cur, end), or the texts of a sentence or session word. */
  cur: number;
  end: number;
  node: number;
  texts: readonly string[] | null;
  weights: readonly number[] | null;
  /** Frequencies are multiplied by this (a fuzzy reading counts less). */
  factor: number;
}

interface Entry {
  text: string;
  group: Group;
}

/**
 * The candidates for one input, merged lazily: groups in key order; within a run of groups with
 * the same key, the most frequent head next. Only the pages asked for are ever built.
 */
class Ranked {
  private readonly unique: Entry[] = [];
  private readonly seen = new Set<string>();
  private bucket = 0;

  constructor(
    private readonly lex: PinyinLexicon,
    private readonly groups: Group[],
    readonly lattice: Lattice,
  ) {
    groups.sort((a, b) => a.key - b.key);
  }

  /** The first `n` distinct candidates (fewer when there are no more). */
  upTo(n: number): readonly Entry[] {
    while (this.unique.length < n) {
      const e = this.next();
      if (!e) break;
      if (!this.seen.has(e.text)) {
        this.seen.add(e.text);
        this.unique.push(e);
      }
    }
    return this.unique;
  }

  /** The candidate with this text, building pages until it shows up. */
  find(text: string): Entry | null {
    for (let n = IME_PAGE_SIZE; ; n += IME_PAGE_SIZE * 10) {
      const rows = this.upTo(n);
      const hit = rows.find((e) => e.text === text);
      if (hit) return hit;
      if (rows.length < n) return null;
    }
  }

  private next(): Entry | null {
    const gs = this.groups;
    while (this.bucket < gs.length) {
      const key = gs[this.bucket]?.key;
      let best: Group | null = null;
      let bestW = -Infinity;
      for (let i = this.bucket; i < gs.length; i++) {
        const g = gs[i];
        if (!g || g.key !== key) break;
        if (g.cur >= g.end) continue;
        const w = (g.weights ? (g.weights[g.cur] ?? 0) : this.lex.weight(g.cur)) * g.factor;
        if (w > bestW) {
          bestW = w;
          best = g;
        }
      }
      if (best) {
        const text = best.texts ? (best.texts[best.cur] ?? '') : this.lex.word(best.cur);
        best.cur++;
        return { text, group: best };
      }
      while (this.bucket < gs.length && gs[this.bucket]?.key === key) this.bucket++;
    }
    return null;
  }
}

interface SessionWord {
  path: readonly number[];
  picks: number;
}

export interface PinyinEngineOptions {
  /** Accept the fuzzy pairs (config `ime.fuzzyPinyin`). */
  fuzzy: boolean;
  /** Text whose words rank higher: the terminal's catalog (matter names, labels) in its locales. */
  vocabulary?: string;
}

export class PinyinEngine {
  private readonly lexicons = new Map<LexiconScript, Promise<Result<Loaded, 'lexicon-missing' | 'lexicon-damaged'>>>();
  private readonly cache = new Map<string, Ranked>();
  private sessionWords = new Map<LexiconScript, Map<string, SessionWord>>();

  constructor(private readonly opts: PinyinEngineOptions) {}

  /** Loads both scripts now (start-up, off the first keystroke's path). */
  async warm(): Promise<Result<void, 'lexicon-missing' | 'lexicon-damaged'>> {
    for (const s of ['zh-cn', 'zh-hk'] as const) {
      const r = await this.load(s);
      if (!r.ok) return r;
    }
    return ok(undefined);
  }

  /**
   * Builds the association indexes (≈ 0.3 s a script, one pass over the words) after `warm()`, one
   * script per turn of the event loop, so the first handwritten character does not wait for them.
   */
  async warmAssociations(): Promise<void> {
    for (const s of ['zh-cn', 'zh-hk'] as const) {
      await new Promise((resolve) => setImmediate(resolve));
      const r = await this.load(s);
      if (r.ok) r.value.followers('');
    }
  }

  /** Forgets what this citizen picked (and the cached lists built with it). */
  endSession(): void {
    this.sessionWords = new Map();
    this.cache.clear();
  }

  /** One page of candidates for `input` (letters and apostrophes); none for anything unreadable. */
  async candidates(
    input: string,
    page: number,
    script: LexiconScript,
  ): Promise<Result<CandidatePage, 'lexicon-missing' | 'lexicon-damaged'>> {
    const ranked = await this.ranked(input, script);
    if (!ranked.ok) return ranked;
    const r = ranked.value;
    if (!r) return ok({ candidates: [], consumed: [], more: false });
    const from = page * IME_PAGE_SIZE;
    const rows = r.upTo(from + IME_PAGE_SIZE + 1);
    const slice = rows.slice(from, from + IME_PAGE_SIZE);
    return ok({
      candidates: slice.map((e) => e.text),
      consumed: slice.map((e) => r.lattice.rawEnd[e.group.letters] ?? input.length),
      more: rows.length > from + IME_PAGE_SIZE,
    });
  }

  /**
   * The citizen picked `candidate` for `input`: it ranks higher for the rest of the session.
   * Returns how much of the input it took and what is left to convert.
   */
  async select(
    input: string,
    candidate: string,
    script: LexiconScript,
  ): Promise<Result<{ consumed: number; rest: string }, 'not-a-candidate' | 'lexicon-missing' | 'lexicon-damaged'>> {
    const ranked = await this.ranked(input, script);
    if (!ranked.ok) return ranked;
    const r = ranked.value;
    const found = r?.find(candidate);
    if (!r || !found) return err('not-a-candidate', 'that text is not offered for this input');
    const words = this.sessionWords.get(script) ?? new Map<string, SessionWord>();
    this.sessionWords.set(script, words);
    const prev = words.get(candidate);
    words.set(candidate, { path: found.group.path, picks: (prev?.picks ?? 0) + 1 });
    this.cache.clear();
    const consumed = r.lattice.rawEnd[found.group.letters] ?? input.length;
    return ok({ consumed, rest: input.slice(consumed).replace(/^'+/, '') });
  }

  /**
   * Association (联想) after a character is written or picked: the lexicon's phrases that start
   * with `text`'s last character, most frequent first, each as what follows that character
   * (路 → 灯, 口, 线 …), ten to a page. None for anything that is not a Chinese character.
   */
  async associate(
    text: string,
    page: number,
    script: LexiconScript,
  ): Promise<Result<{ candidates: string[]; more: boolean }, 'lexicon-missing' | 'lexicon-damaged'>> {
    const last = [...text].pop() ?? '';
    if (!/^[\u3400-\u9fff\uf900-\ufaff]$/.test(last)) return ok({ candidates: [], more: false });
    const loaded = await this.load(script);
    if (!loaded.ok) return loaded;
    const all = loaded.value.followers(last);
    const from = page * IME_PAGE_SIZE;
    return ok({ candidates: all.slice(from, from + IME_PAGE_SIZE), more: all.length > from + IME_PAGE_SIZE });
  }

  private load(script: LexiconScript): Promise<Result<Loaded, 'lexicon-missing' | 'lexicon-damaged'>> {
    let p = this.lexicons.get(script);
    if (!p) {
      p = loadLexicon(script).then((r) => (r.ok ? ok(new Loaded(r.value, this.opts.vocabulary ?? '')) : r));
      this.lexicons.set(script, p);
    }
    return p;
  }

  private async ranked(
    input: string,
    script: LexiconScript,
  ): Promise<Result<Ranked | null, 'lexicon-missing' | 'lexicon-damaged'>> {
    const loaded = await this.load(script);
    if (!loaded.ok) return loaded;
    const key = `${script}\u0000${input}`;
    const hit = this.cache.get(key);
    if (hit) return ok(hit);
    const lattice = loaded.value.table.lattice(input, this.opts.fuzzy);
    if (!lattice || lattice.letters === '') return ok(null);
    const ranked = rank(loaded.value.lex, lattice, this.sessionWords.get(script), loaded.value.vocabulary);
    if (this.cache.size >= 16) {
      const oldest = this.cache.keys().next();
      if (!oldest.done) this.cache.delete(oldest.value);
    }
    this.cache.set(key, ranked);
    return ok(ranked);
  }
}

interface VocabularyWord {
  text: string;
  path: readonly number[];
  weight: number;
}

/** Association continuations kept for each first character. */
const MAX_FOLLOWERS = 60;

class Loaded {
  readonly table: SyllableTable;
  /** First character → what follows it in the lexicon's phrases, most frequent first (built on first use). */
  private byFirst: Map<string, string[]> | null = null;
  /** The lexicon's words (2–6 characters) found in the terminal's catalog texts, with their readings. */
  readonly vocabulary: VocabularyWord[] = [];
  constructor(
    readonly lex: PinyinLexicon,
    vocabularyText: string,
  ) {
    this.table = new SyllableTable(lex.syllables);
    const inText = new Set<string>();
    for (const run of vocabularyText.match(/[\u3400-\u9fff]{2,}/g) ?? [])
      for (let i = 0; i < run.length; i++)
        for (let len = 2; len <= 6 && i + len <= run.length; len++) inText.add(run.slice(i, i + len));
    if (inText.size === 0) return;
    lex.findWords(
      (text) => text.length >= 2 && inText.has(text),
      (text, path, weight) => this.vocabulary.push({ text, path, weight }),
    );
  }

  followers(first: string): readonly string[] {
    this.byFirst ??= this.buildFollowers();
    return this.byFirst.get(first) ?? [];
  }

  /** One pass over the words (a few hundred thousand): the best MAX_FOLLOWERS phrases per first character. */
  private buildFollowers(): Map<string, string[]> {
    const best = new Map<string, { rest: string; weight: number }[]>();
    for (let id = 0; id < this.lex.wordCount; id++) {
      const text = this.lex.word(id);
      if (text.length < 2) continue;
      const first = text[0] ?? '';
      const list = best.get(first) ?? [];
      if (list.length === 0) best.set(first, list);
      list.push({ rest: text.slice(1), weight: this.lex.weight(id) });
      if (list.length > MAX_FOLLOWERS * 4) prune(list);
    }
    const out = new Map<string, string[]>();
    for (const [first, list] of best) {
      prune(list);
      out.set(first, [...new Set(list.map((e) => e.rest))]);
    }
    return out;
  }
}

/** Keeps the MAX_FOLLOWERS heaviest, heaviest first (same text twice keeps its best reading). */
function prune(list: { rest: string; weight: number }[]): void {
  list.sort((a, b) => b.weight - a.weight);
  list.length = Math.min(list.length, MAX_FOLLOWERS);
}

/** Sort key: smaller first. class · letters taken · picked this session · syllables · any syllable unfinished. */
function keyOf(abbreviated: boolean, letters: number, picked: boolean, tokens: number, partials: number): number {
  return (
    (abbreviated ? 1 : 0) * 2 ** 22 +
    (63 - Math.min(letters, 63)) * 2 ** 16 +
    (picked ? 0 : 1) * 2 ** 15 +
    Math.min(tokens, 31) * 2 ** 10 +
    (partials > 0 ? 1 : 0)
  );
}

/** A fuzzy syllable divides a word's frequency by this: the exact reading usually wins, a frequent word still shows. */
const FUZZY_PENALTY = 4;
/** Words of the terminal's own catalog (matter names, form labels) count this many times their frequency. */
const VOCABULARY_BOOST = 4;

function rank(
  lex: PinyinLexicon,
  lat: Lattice,
  session: Map<string, SessionWord> | undefined,
  vocabulary: readonly VocabularyWord[],
): Ranked {
  const n = lat.letters.length;
  const byNode = new Map<number, Group>();
  let states = 0;
  const walk = (p: number, node: number, path: number[], partials: number, fuzzies: number, abbreviated: boolean): void => {
    for (const tok of lat.tokens[p] ?? []) {
      const isPartial = tok.kind === 'partial';
      const abbr = abbreviated || (isPartial && tok.end !== n);
      const np = partials + (isPartial ? 1 : 0);
      const nf = fuzzies + (tok.kind === 'fuzzy' ? 1 : 0);
      for (const id of tok.ids) {
        if (++states > MAX_STATES) return;
        const c = lex.child(node, id);
        if (c < 0) continue;
        const nextPath = [...path, id];
        const [w0, w1] = lex.wordRange(c);
        if (w1 > w0) {
          const gk = c * 64 + tok.end;
          const key = keyOf(abbr, tok.end, false, nextPath.length, np);
          const factor = FUZZY_PENALTY ** -nf;
          const prev = byNode.get(gk);
          if (!prev || key < prev.key || (key === prev.key && factor > prev.factor))
            byNode.set(gk, {
              key,
              letters: tok.end,
              path: nextPath,
              cur: w0,
              end: w1,
              node: c,
              texts: null,
              weights: null,
              factor,
            });
        }
        if (tok.end < n && nextPath.length < MAX_WORD) walk(tok.end, c, nextPath, np, nf, abbr);
      }
    }
  };
  walk(0, 0, [], 0, 0, false);

  const groups = [...byNode.values()];
  const single = (key: number, letters: number, path: readonly number[], text: string, weight: number, factor = 1): Group => ({
    key,
    letters,
    path,
    cur: 0,
    end: 1,
    node: -1,
    texts: [text],
    weights: [weight],
    factor,
  });
  const sentence = bestSentence(lex, lat);
  if (sentence) groups.push(single(-1, n, sentence.path, sentence.text, Infinity));
  for (const [text, w] of session ?? []) {
    const m = matchPath(lat, w.path);
    if (!m) continue;
    groups.push(single(keyOf(m.abbreviated, m.letters, true, w.path.length, m.partials), m.letters, w.path, text, w.picks));
  }
  for (const v of vocabulary) {
    const m = matchPath(lat, v.path);
    if (!m) continue;
    const key = keyOf(m.abbreviated, m.letters, false, v.path.length, m.partials);
    groups.push(single(key, m.letters, v.path, v.text, v.weight * VOCABULARY_BOOST, FUZZY_PENALTY ** -m.fuzzies));
  }
  return new Ranked(lex, groups, lat);
}

/** How the input can spell a known syllable sequence from its first letter (the longest way). */
function matchPath(
  lat: Lattice,
  path: readonly number[],
): { letters: number; partials: number; fuzzies: number; abbreviated: boolean } | null {
  const n = lat.letters.length;
  let best: { letters: number; partials: number; fuzzies: number; abbreviated: boolean } | null = null;
  const go = (p: number, i: number, partials: number, fuzzies: number, abbr: boolean): void => {
    if (i === path.length) {
      if (!best || p > best.letters) best = { letters: p, partials, fuzzies, abbreviated: abbr };
      return;
    }
    if (p >= n) return;
    for (const tok of lat.tokens[p] ?? []) {
      if (!tok.ids.includes(path[i] ?? -1)) continue;
      const isPartial = tok.kind === 'partial';
      go(
        tok.end,
        i + 1,
        partials + (isPartial ? 1 : 0),
        fuzzies + (tok.kind === 'fuzzy' ? 1 : 0),
        abbr || (isPartial && tok.end !== n),
      );
    }
  };
  go(0, 0, 0, 0, false);
  return best;
}

/**
 * The most probable run of two or more lexicon words that reads the whole input as whole syllables
 * (the last one may be unfinished); null when there is none or one word covers it all.
 */
function bestSentence(lex: PinyinLexicon, lat: Lattice): { text: string; path: number[] } | null {
  const n = lat.letters.length;
  const score = new Array<number>(n + 1).fill(-Infinity);
  const back: ({ from: number; word: number; path: number[] } | null)[] = new Array<null>(n + 1).fill(null);
  score[0] = 0;
  for (let i = 0; i < n; i++) {
    const base = score[i] ?? -Infinity;
    if (base === -Infinity) continue;
    const walk = (p: number, node: number, path: number[]): void => {
      for (const tok of lat.tokens[p] ?? []) {
        if (tok.kind === 'partial' && tok.end !== n) continue;
        for (const id of tok.ids) {
          const c = lex.child(node, id);
          if (c < 0) continue;
          const nextPath = [...path, id];
          const [w0, w1] = lex.wordRange(c);
          if (w1 > w0) {
            const s = base + Math.log(lex.weight(w0) + 1) - LN_TOTAL;
            if (s > (score[tok.end] ?? -Infinity)) {
              score[tok.end] = s;
              back[tok.end] = { from: i, word: w0, path: nextPath };
            }
          }
          if (tok.end < n && nextPath.length < MAX_WORD) walk(tok.end, c, nextPath);
        }
      }
    };
    walk(i, 0, []);
  }
  const words: string[] = [];
  const path: number[] = [];
  for (let at = n; at > 0;) {
    const b = back[at];
    if (!b) return null;
    words.unshift(lex.word(b.word));
    path.unshift(...b.path);
    at = b.from;
  }
  return words.length >= 2 ? { text: words.join(''), path } : null;
}
