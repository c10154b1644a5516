/**
 * Catalog search for a touch screen: Chinese text, full pinyin (`hukou`) and pinyin initials
 * (`hkbl` finds 户口办理), plus the English names, and synonyms (社保 finds 社会保险…, 驾照 finds
 * 机动车驾驶证): the catalog's own `synonyms` over a few built-in ones. Built once per catalog; each
 * query is a scan of precomputed strings (the seed's hall has 1,052 matters, not millions;
 * bench/catalog.bench.ts measures it).
 */
import type { Catalog, CatalogMatter } from '../../../config/catalog-schema.js';
import { loadPinyin } from './pinyin-lib.js';

type Pinyin = Awaited<ReturnType<typeof loadPinyin>>['pinyin'];

interface Entry {
  matter: CatalogMatter;
  /** Lower-cased names in every locale, and the category's names. */
  texts: string[];
  /** Full pinyin without tones or spaces, for each Chinese name. */
  full: string[];
  /** Pinyin initials, for each Chinese name (every reading of polyphonic characters). */
  initials: string[];
  /** The texts with Chinese characters in them (for words typed apart). */
  han: string[];
}

const HAN = /\p{Script=Han}/u;

function pinyinForms(pinyin: Pinyin, text: string): { full: string[]; initials: string[] } {
  if (!HAN.test(text)) return { full: [], initials: [] };
  const syllables = pinyin(text, { toneType: 'none', type: 'array', nonZh: 'removed', v: true });
  const firsts = pinyin(text, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'removed' });
  return { full: [syllables.join('')], initials: [firsts.join('')] };
}

export function normaliseQuery(q: string): string {
  return q
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s·・,，。.'’()（）-]/g, '');
}

/** `sbjf` is a subsequence of `shbxgrjfzmdy` (社会保险个人缴费证明打印); so is 社保证明 of 社会保险个人参保证明开具. */
function isSubsequence(q: string, t: string): boolean {
  let at = 0;
  for (let i = 0; i < q.length; i++) {
    at = t.indexOf(q.charAt(i), at);
    if (at < 0) return false;
    at++;
  }
  return true;
}

/** Words citizens type for what catalogs name otherwise; a catalog's `synonyms` add to and override these. */
export const BUILTIN_SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  身份证: ['居民身份证'],
  社保: ['社会保险', '社会保障'],
  医保: ['医疗保险', '医疗保障'],
  公积金: ['住房公积金'],
  驾照: ['机动车驾驶证'],
  房产证: ['不动产权证书'],
  低保: ['最低生活保障'],
};

export class CatalogIndex {
  private readonly entries: Entry[];
  /** Normalised synonym → normalised words it stands for (longest key first). */
  private readonly synonyms: [string, string[]][];

  /** Builds the index (pinyin-pro is loaded on first use). */
  static async build(catalog: Catalog): Promise<CatalogIndex> {
    return new CatalogIndex(catalog, (await loadPinyin()).pinyin);
  }

  private constructor(catalog: Catalog, pinyin: Pinyin) {
    const table: Record<string, readonly string[]> = { ...BUILTIN_SYNONYMS, ...catalog.synonyms };
    this.synonyms = Object.entries(table)
      .map(([k, v]): [string, string[]] => [normaliseQuery(k), v.map(normaliseQuery).filter((w) => w !== '')])
      .filter(([k]) => k !== '')
      .sort((a, b) => b[0].length - a[0].length);
    this.entries = catalog.matters
      .filter((m) => m.enabled)
      .map((matter) => {
        const category = catalog.categories[matter.category] ?? {};
        const names = [...Object.values(matter.names), ...Object.values(category)];
        const texts = names.map(normaliseQuery);
        const full: string[] = [];
        const initials: string[] = [];
        for (const n of names) {
          const f = pinyinForms(pinyin, n);
          full.push(...f.full);
          initials.push(...f.initials);
        }
        return { matter, texts, full, initials, han: texts.filter((t) => HAN.test(t)) };
      });
  }

  /** Matters matching the query, best first; all enabled matters for an empty query. */
  search(query: string, limit = 50): CatalogMatter[] {
    return this.searchAll(query).slice(0, limit);
  }

  /** Every matter matching the query, best first (for paging); all enabled matters for an empty query. */
  searchAll(query: string): CatalogMatter[] {
    const q = normaliseQuery(query);
    if (q === '') return this.entries.map((e) => e.matter);
    const queries = [q, ...this.expand(q)].map((text) => ({ text, han: HAN.test(text), latin: /^[a-z]+$/.test(text) }));
    const scored: { e: Entry; score: number; i: number }[] = [];
    this.entries.forEach((e, i) => {
      let score = 0;
      // A synonym's words rank just below the words typed.
      queries.forEach((query, n) => {
        if (score < 100) score = Math.max(score, scoreOf(e, query) - (n === 0 ? 0 : 5));
      });
      if (score > 0) scored.push({ e, score, i });
    });
    scored.sort((a, b) => b.score - a.score || a.i - b.i);
    return scored.map((s) => s.e.matter);
  }

  /** The query with each synonym it contains replaced by the words it stands for (社保证明 → 社会保险证明…). */
  private expand(q: string): string[] {
    const out: string[] = [];
    for (const [key, words] of this.synonyms) {
      if (!q.includes(key)) continue;
      for (const w of words) if (w !== key) out.push(q.replace(key, w));
    }
    return out;
  }
}

function scoreOf(e: Entry, query: { text: string; han: boolean; latin: boolean }): number {
  const q = query.text;
  if (e.texts.some((t) => t.startsWith(q))) return 100;
  if (e.texts.some((t) => t.includes(q))) return 80;
  if (e.full.some((t) => t.startsWith(q))) return 70;
  if (e.full.some((t) => t.includes(q))) return 60;
  if (e.initials.some((t) => t.startsWith(q))) return 50;
  if (e.initials.some((t) => t.includes(q))) return 40;
  // Chinese words apart (社会保险参保证明 finds 社会保险个人参保证明开具): below every exact form.
  if (q.length >= 2 && query.han && e.han.some((t) => isSubsequence(q, t))) return 35;
  if (q.length >= 2 && query.latin && e.initials.some((t) => isSubsequence(q, t))) return 30;
  return 0;
}
