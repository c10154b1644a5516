import { beforeAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../../../../config/catalog-schema.js';
import { demoCatalog } from '../../../../../config/demo-catalog.js';
import { methods } from '../../../../../main/base/api/contract.js';
import { loadLexicon, PinyinLexicon, type LexiconScript } from '../../../../../main/features/ime/lexicon.js';
import { imeScript, PinyinEngine } from '../../../../../main/features/ime/pinyin-engine.js';

interface Word {
  text: string;
  path: number[];
  weight: number;
}

let lex: PinyinLexicon;
/** Each text's most frequent reading. */
const words = new Map<string, Word>();
/** As the kiosk builds it: the demo catalog's words rank higher. */
const vocabulary = JSON.stringify(Catalog.parse(demoCatalog));
const engine = new PinyinEngine({ fuzzy: false, vocabulary });

beforeAll(async () => {
  const r = await loadLexicon('zh-cn');
  if (!r.ok) throw new Error(r.error.message);
  lex = r.value;
  for (const w of lex.entries()) {
    const prev = words.get(w.text);
    if (!prev || w.weight > prev.weight) words.set(w.text, w);
  }
});

async function page(input: string, n = 0, script: LexiconScript = 'zh-cn', e = engine): Promise<string[]> {
  const r = await e.candidates(input, n, script);
  if (!r.ok) throw new Error(r.error.message);
  return r.value.candidates;
}
const spell = (w: Word): string => w.path.map((s) => lex.syllables[s]).join('');
const initialOf = (syl: string): string => /^(zh|ch|sh|[a-z])/.exec(syl)?.[0] ?? syl;
const initials = (w: Word): string => w.path.map((s) => initialOf(lex.syllables[s] ?? '')).join('');

/**
 * ≥ 200 everyday hall words, none hand-picked: the 150 most frequent 2–4 character words of the
 * lexicon, and the words of the demo catalog's own texts (matter names, form labels, materials,
 * categories) as the lexicon cuts them (longest word first).
 */
function hallWords(): Word[] {
  const frequent = [...words.values()]
    .filter((w) => w.text.length >= 2 && w.text.length <= 4)
    .sort((a, b) => b.weight - a.weight)
    .slice(0, 150);
  const runs = vocabulary.match(/[\u4e00-\u9fff]{2,}/g) ?? [];
  const inCatalog = new Map<string, Word>();
  for (const run of runs)
    for (let i = 0; i < run.length;) {
      let len = Math.min(4, run.length - i);
      while (len > 1 && !words.has(run.slice(i, i + len))) len--;
      const w = words.get(run.slice(i, i + len));
      if (len > 1 && w) inCatalog.set(w.text, w);
      i += len;
    }
  const all = new Map<string, Word>();
  for (const w of [...frequent, ...inCatalog.values()]) all.set(w.text, w);
  return [...all.values()];
}

describe('pinyin input method (Rime lexicon)', () => {
  it('puts each of ≥ 200 everyday hall words in the top 5 for its full pinyin', async () => {
    const list = hallWords();
    expect(list.length).toBeGreaterThanOrEqual(200);
    const misses: string[] = [];
    for (const w of list) if (!(await page(spell(w))).slice(0, 5).includes(w.text)) misses.push(`${w.text} ${spell(w)}`);
    expect(misses).toEqual([]);
  });

  it('puts them in the top 5 for their initials where the initials are unambiguous', async () => {
    // Unambiguous: by a brute-force count over the whole lexicon, fewer than five more frequent
    // words of the same length have syllables starting with these initials.
    const byInitials = new Map<string, Word[]>();
    for (const w of words.values()) {
      if (w.text.length < 2) continue;
      const list = byInitials.get(initials(w)) ?? [];
      list.push(w);
      byInitials.set(initials(w), list);
    }
    const rankOf = (w: Word): number => {
      const typed = initials(w);
      const syllables = typed.match(/zh|ch|sh|[a-z]/g) ?? [];
      // Initials that read another way are ambiguous: z+h read as zh, a syllable without an
      // initial (公安: g+a reads as the syllable ga).
      if (syllables.length !== w.path.length || /[aeo]/.test(typed)) return Infinity;
      let above = 0;
      for (const [k, list] of byInitials) {
        const ks = k.match(/zh|ch|sh|[a-z]/g) ?? [];
        if (ks.length !== syllables.length || !ks.every((x, i) => x.startsWith(syllables[i] ?? ''))) continue;
        above += list.filter((o) => o.text !== w.text && o.weight > w.weight && o.text.length === w.text.length).length;
      }
      return above;
    };
    const checked: string[] = [];
    const misses: string[] = [];
    for (const w of hallWords()) {
      if (rankOf(w) >= 5) continue;
      checked.push(w.text);
      if (!(await page(initials(w))).slice(0, 5).includes(w.text)) misses.push(`${w.text} ${initials(w)}`);
    }
    expect(checked.length).toBeGreaterThanOrEqual(50);
    expect(misses).toEqual([]);
  });

  it('reads abbreviations, unfinished syllables and runs of words', async () => {
    expect((await page('bl')).slice(0, 5)).toContain('办理');
    expect((await page('hukou'))[0]).toBe('户口');
    expect((await page('huk'))[0]).toBe('户口');
    expect((await page('shfzh'))[0]).toBe('身份证');
    expect((await page('woyaobanli'))[0]).toBe('我要办理');
    expect((await page('jiuye'))[0]).toBe('就业');
    expect((await page('ludeng'))[0]).toBe('路灯');
    for (const [input, ch] of [
      ['jiu', '就'],
      ['ban', '办'],
      ['zheng', '证'],
      ['hu', '户'],
      ['shi', '是'],
      ['lu', '路'],
    ] as const)
      expect((await page(input)).slice(0, 5)).toContain(ch);
    expect((await page("xi'an"))[0]).toBe('西安');
  });

  it('consumes only the syllables of the picked candidate', async () => {
    const r = await engine.candidates('woyaobanli', 0, 'zh-cn');
    if (!r.ok) throw new Error(r.error.message);
    const i = r.value.candidates.indexOf('我要');
    expect(i).toBeGreaterThan(0);
    expect(r.value.consumed[i]).toBe(5);
    expect(r.value.consumed[0]).toBe(10);
    const picked = await engine.select('woyaobanli', '我要', 'zh-cn');
    expect(picked).toEqual({ ok: true, value: { consumed: 5, rest: 'banli' } });
    expect((await page('banli'))[0]).toBe('办理');
    expect(await engine.select("xi'anshi", '西安', 'zh-cn')).toEqual({ ok: true, value: { consumed: 5, rest: 'shi' } });
    expect(await engine.select("xi'an'shi", '西安', 'zh-cn')).toEqual({ ok: true, value: { consumed: 6, rest: 'shi' } });
    expect((await engine.select('hukou', '不是候选', 'zh-cn')).ok).toBe(false);
    engine.endSession();
  });

  it('ranks what this citizen picked higher for the rest of the session only', async () => {
    const e = new PinyinEngine({ fuzzy: false });
    const before = await page('hu', 0, 'zh-cn', e);
    const chosen = before[6];
    expect(chosen).toBeDefined();
    if (chosen === undefined) return;
    expect((await e.select('hu', chosen, 'zh-cn')).ok).toBe(true);
    expect((await page('hu', 0, 'zh-cn', e))[0]).toBe(chosen);
    e.endSession();
    expect(await page('hu', 0, 'zh-cn', e)).toEqual(before);
  });

  it('pages through every candidate, ten at a time', async () => {
    const seen: string[] = [];
    let more = true;
    for (let n = 0; more; n++) {
      const r = await engine.candidates('jiu', n, 'zh-cn');
      if (!r.ok) throw new Error(r.error.message);
      expect(r.value.candidates.length).toBeLessThanOrEqual(10);
      if (r.value.more) expect(r.value.candidates).toHaveLength(10);
      seen.push(...r.value.candidates);
      more = r.value.more;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThan(30);
    // every single character read `jiu` is there
    const jiu = lex.syllableId.get('jiu') ?? -1;
    const all = [...lex.entries()].filter((w) => w.path.length === 1 && w.path[0] === jiu).map((w) => w.text);
    expect(seen).toEqual(expect.arrayContaining(all));
    expect(await engine.candidates('jiu', 999, 'zh-cn')).toEqual({
      ok: true,
      value: { candidates: [], consumed: [], more: false },
    });
  });

  it('offers Hong Kong traditional characters for zh-HK', async () => {
    expect(imeScript('zh-HK')).toBe('zh-hk');
    expect(imeScript('en')).toBe('zh-cn');
    expect((await page('hukou', 0, 'zh-hk'))[0]).toBe('戶口');
    expect((await page('zhengming', 0, 'zh-hk'))[0]).toBe('證明');
    expect((await page('shfzh', 0, 'zh-hk'))[0]).toBe('身份證');
    // OpenCC's Hong Kong variants where Big5 has them: 為, not 爲
    expect((await page('weile', 0, 'zh-hk')).slice(0, 3)).toContain('為了');
    expect(await page('hukou', 0, 'zh-hk')).not.toContain('户口本');
  });

  it('accepts the fuzzy pairs only when the kiosk is configured for them', async () => {
    const fuzzy = new PinyinEngine({ fuzzy: true });
    const all = async (input: string, e: PinyinEngine): Promise<string[]> => {
      const out: string[] = [];
      for (let n = 0; n < 5; n++) out.push(...(await page(input, n, 'zh-cn', e)));
      return out;
    };
    expect(await all('zi', fuzzy)).toContain('只');
    expect(await all('zi', engine)).not.toContain('只');
    expect(await all('lan', fuzzy)).toContain('南');
    expect(await all('lan', engine)).not.toContain('南');
    expect((await page('sengming', 0, 'zh-cn', fuzzy)).slice(0, 5)).toContain('声明');
    expect((await page('xinfu', 0, 'zh-cn', fuzzy)).slice(0, 5)).toContain('幸福');
    expect((await page('zhengming', 0, 'zh-cn', fuzzy))[0]).toBe('证明');
  });

  it('answers bad input with no candidates, and the API schema refuses it', async () => {
    for (const bad of ['123', 'ab c', '中文', 'iii', 'u', "'''", ''])
      expect(await engine.candidates(bad, 0, 'zh-cn')).toEqual({
        ok: true,
        value: { candidates: [], consumed: [], more: false },
      });
    const args = methods['ime.candidates'].args;
    expect(args.safeParse({ pinyin: 'woyaobanli', page: 2 }).success).toBe(true);
    expect(args.safeParse({ pinyin: "xi'an" }).success).toBe(true);
    expect(args.safeParse({ pinyin: 'a'.repeat(40) }).success).toBe(true);
    expect(args.safeParse({ pinyin: 'a'.repeat(41) }).success).toBe(false);
    expect(args.safeParse({ pinyin: 'ni hao' }).success).toBe(false);
    expect(args.safeParse({ pinyin: 'ni1' }).success).toBe(false);
    expect(args.safeParse({ pinyin: 'ni', page: -1 }).success).toBe(false);
    expect(args.safeParse({ pinyin: 'ni', page: 1.5 }).success).toBe(false);
    expect(args.safeParse({ pinyin: 'ni', page: 100000 }).success).toBe(false);
    expect(args.safeParse({ pinyin: 'ni', extra: 1 }).success).toBe(false);
    // 40 letters that read many ways still come back (a bounded walk, no hang)
    for (const long of ['zhshzhshzhshzhshzhshzhshzhshzhshzhshzhsh', 'aoaoaoaoaoaoaoaoaoaoaoaoaoaoaoaoaoaoaoao'])
      expect((await engine.candidates(long, 0, 'zh-cn')).ok).toBe(true);
  });

  it('reports a damaged lexicon file as a Result', () => {
    expect(PinyinLexicon.parse(Buffer.from('not gzip'))).toMatchObject({ ok: false, error: { code: 'lexicon-damaged' } });
  });
});
