/**
 * The pinyin input method (main/features/ime/): cold load of the lexicon, candidates for inputs of
 * 1–6 syllables (full pinyin and initials, uncached), resident memory of the index, beside a
 * baseline: the same keys looked up in a plain `Map` from full pinyin to its words.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Catalog } from '../config/catalog-schema.js';
import { demoCatalog } from '../config/demo-catalog.js';
import { loadLexicon } from '../main/features/ime/lexicon.js';
import { PinyinEngine } from '../main/features/ime/pinyin-engine.js';
import { percentile, round, type BenchReport, type BenchRow } from './bench-kit.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapAndExternal(): number {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.external + m.arrayBuffers;
}

export async function bench(): Promise<BenchReport> {
  const rows: BenchRow[] = [];
  const before = heapAndExternal();
  const rssBefore = process.memoryUsage().rss;
  const engine = new PinyinEngine({ fuzzy: false, vocabulary: JSON.stringify(Catalog.parse(demoCatalog)) });
  let t = performance.now();
  const warmed = await engine.warm();
  const coldMs = performance.now() - t;
  if (!warmed.ok) throw new Error(warmed.error.message);
  const after = heapAndExternal();
  const rssAfter = process.memoryUsage().rss;
  rows.push({
    metric: 'cold load, both scripts (zh-CN, zh-HK)',
    value: round(coldMs, 0),
    unit: 'ms',
    target: '≤ 1 s',
    met: coldMs <= 1000,
  });
  const indexMb = (after - before) / 2 ** 20;
  rows.push({
    metric: 'index memory (heap + buffers, after GC)',
    value: round(indexMb, 1),
    unit: 'MB',
    target: '≤ 40 MB',
    met: indexMb <= 40,
  });
  rows.push({ metric: 'resident set growth on load', value: round((rssAfter - rssBefore) / 2 ** 20, 1), unit: 'MB' });

  // Inputs: the 150 most frequent words of each length 1–6 syllables, typed in full and by initials.
  const lex = await loadLexicon('zh-cn');
  if (!lex.ok) throw new Error(lex.error.message);
  const byLen = new Map<number, { text: string; spell: string; initials: string; weight: number }[]>();
  const baseline = new Map<string, string[]>();
  for (const w of lex.value.entries()) {
    const syl = w.path.map((s) => lex.value.syllables[s] ?? '');
    const spell = syl.join('');
    const list = baseline.get(spell) ?? [];
    list.push(w.text);
    baseline.set(spell, list);
    if (w.path.length > 6) continue;
    const l = byLen.get(w.path.length) ?? [];
    l.push({ text: w.text, spell, initials: syl.map((s) => /^(zh|ch|sh|[a-z])/.exec(s)?.[0] ?? s).join(''), weight: w.weight });
    byLen.set(w.path.length, l);
  }
  const all: number[] = [];
  const base: number[] = [];
  const perLen: Record<string, { p50: number; p95: number; n: number }> = {};
  for (let len = 1; len <= 6; len++) {
    const words = (byLen.get(len) ?? []).sort((a, b) => b.weight - a.weight).slice(0, 150);
    const samples: number[] = [];
    for (const w of words)
      for (const input of [w.spell, w.initials]) {
        engine.endSession(); // no cached list: every sample walks the lexicon
        t = performance.now();
        const r = await engine.candidates(input, 0, 'zh-cn');
        samples.push(performance.now() - t);
        if (!r.ok) throw new Error(r.error.message);
        t = performance.now();
        const hit = baseline.get(input)?.slice(0, 10) ?? [];
        base.push(performance.now() - t);
        if (hit.length > 10) throw new Error('unreachable');
      }
    all.push(...samples);
    perLen[len] = { p50: round(percentile(samples, 50), 3), p95: round(percentile(samples, 95), 3), n: samples.length };
    rows.push({
      metric: `candidates p95, ${len} syllable${len > 1 ? 's' : ''} (full + initials)`,
      value: round(percentile(samples, 95), 2),
      unit: 'ms',
    });
  }
  const p95 = percentile(all, 95);
  rows.push({ metric: 'candidates p50, 1–6 syllables', value: round(percentile(all, 50), 3), unit: 'ms' });
  rows.push({ metric: 'candidates p95, 1–6 syllables', value: round(p95, 2), unit: 'ms', target: '≤ 20 ms', met: p95 <= 20 });
  rows.push({ metric: 'baseline: plain Map lookup of the full pinyin, p95', value: round(percentile(base, 95), 4), unit: 'ms' });
  return {
    name: 'ime',
    description:
      'Pinyin input: cold load of both lexicon files, then ime candidates (page 0, no cache) for the 150 most frequent words of each length 1–6 syllables, typed in full and by initials; baseline: the same keys in a Map from full pinyin to words.',
    rows,
    raw: { perLen, samples: all.length },
  };
}
