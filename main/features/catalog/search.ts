/**
 * Catalog search for a touch screen: Chinese text, full pinyin (`hukou`) and pinyin initials
 * (`hkbl` finds 户口办理), plus the English names. Built once per catalog; each query is a scan
 * of precomputed strings (a district catalog has hundreds of matters, not millions).
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

/** `sbjf` is a subsequence of `shbxgrjfzmdy` (社会保险个人缴费证明打印). */
function isSubsequence(q: string, t: string): boolean {
  let i = 0;
  for (const c of t) if (c === q[i]) i++;
  return i === q.length;
}

export class CatalogIndex {
  private readonly entries: Entry[];

  /** Builds the index (pinyin-pro is loaded on first use). */
  static async build(catalog: Catalog): Promise<CatalogIndex> {
    return new CatalogIndex(catalog, (await loadPinyin()).pinyin);
  }

  private constructor(catalog: Catalog, pinyin: Pinyin) {
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
        return { matter, texts, full, initials };
      });
  }

  /** Matters matching the query, best first; all enabled matters for an empty query. */
  search(query: string, limit = 50): CatalogMatter[] {
    const q = normaliseQuery(query);
    if (q === '') return this.entries.slice(0, limit).map((e) => e.matter);
    const scored: { e: Entry; score: number; i: number }[] = [];
    this.entries.forEach((e, i) => {
      let score = 0;
      if (e.texts.some((t) => t.startsWith(q))) score = 100;
      else if (e.texts.some((t) => t.includes(q))) score = 80;
      else if (e.full.some((t) => t.startsWith(q))) score = 70;
      else if (e.full.some((t) => t.includes(q))) score = 60;
      else if (e.initials.some((t) => t.startsWith(q))) score = 50;
      else if (e.initials.some((t) => t.includes(q))) score = 40;
      else if (q.length >= 2 && /^[a-z]+$/.test(q) && e.initials.some((t) => isSubsequence(q, t))) score = 30;
      if (score > 0) scored.push({ e, score, i });
    });
    scored.sort((a, b) => b.score - a.score || a.i - b.i);
    return scored.slice(0, limit).map((s) => s.e.matter);
  }
}
