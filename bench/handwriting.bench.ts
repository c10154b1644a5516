/**
 * Handwriting (main/features/ime/handwriting.ts): recognition of one character, as `ime.handwrite`
 * runs it (normalise, Zinnia in the long-lived helper, other stroke orders when unsure), over the
 * 53 recorded characters of tests/fixtures/handwriting (Make Me a Hanzi medians), five rounds, each
 * character slightly rescaled every round so no answer comes from the cache. Baselines: the helper
 * with the written order only, and the simplest design — `/usr/bin/zinnia` started for each
 * character. Also the top-5 hit rate on the set, the association lookup, and how long a killed
 * helper takes to answer again.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { HandwritingRecognizer, ZINNIA_BINARY, ZINNIA_MODEL_ZH_CN } from '../main/features/ime/handwriting.js';
import { PinyinEngine } from '../main/features/ime/pinyin-engine.js';
import { normaliseStrokes, toSexp } from '../main/features/ime/strokes.js';
import { percentile, round, type BenchReport, type BenchRow } from './bench-kit.js';

const run = promisify(execFile);
const ROUNDS = 5;

interface Fixture {
  box: number;
  chars: Record<string, [number, number][][]>;
}

export async function bench(): Promise<BenchReport> {
  const fx = JSON.parse(readFileSync(new URL('../tests/fixtures/handwriting/strokes.json', import.meta.url), 'utf8')) as Fixture;
  const chars = Object.entries(fx.chars);
  const rows: BenchRow[] = [];
  const scaled = (s: [number, number][][], k: number): [number, number][][] =>
    s.map((st) => st.map(([x, y]): [number, number] => [x * (1 - 0.004 * k), y * (1 - 0.004 * k)]));

  const measure = async (hw: HandwritingRecognizer): Promise<{ times: number[]; top1: number; top5: number }> => {
    // Warm-up: the helper's start and the model's first pages.
    const warm = await hw.recognise(fx.chars['路'] ?? [], fx.box, fx.box, 0, 'zh-cn');
    if (!warm.ok) throw new Error(warm.error.message);
    const times: number[] = [];
    let top1 = 0;
    let top5 = 0;
    for (let k = 0; k < ROUNDS; k++)
      for (const [c, strokes] of chars) {
        const t = performance.now();
        const r = await hw.recognise(scaled(strokes, k), fx.box, fx.box, 0, 'zh-cn');
        times.push(performance.now() - t);
        if (!r.ok) throw new Error(r.error.message);
        if (k > 0) continue;
        const at = r.value.candidates.indexOf(c);
        if (at === 0) top1++;
        if (at >= 0 && at < 5) top5++;
      }
    return { times, top1, top5 };
  };

  const hw = new HandwritingRecognizer();
  const full = await measure(hw);
  const plainHw = new HandwritingRecognizer({ reorder: false });
  const plain = await measure(plainHw);
  plainHw.close();

  // Baseline: the Debian binary started for each character (model opened every time).
  const spawnTimes: number[] = [];
  for (let k = 0; k < 2; k++)
    for (const [, strokes] of chars) {
      const norm = normaliseStrokes(scaled(strokes, k), fx.box, fx.box);
      if (!norm) continue;
      const t = performance.now();
      const child = run(ZINNIA_BINARY, ['-m', ZINNIA_MODEL_ZH_CN, '-n', '30']);
      child.child.stdin?.end(`${toSexp(norm)}\n`);
      await child;
      spawnTimes.push(performance.now() - t);
    }

  const p95 = percentile(full.times, 95);
  rows.push(
    {
      metric: 'recognition of one character p50 (helper, other orders when unsure)',
      value: round(percentile(full.times, 50), 1),
      unit: 'ms',
    },
    { metric: 'recognition of one character p95', value: round(p95, 1), unit: 'ms', target: '≤ 100 ms', met: p95 <= 100 },
    { metric: 'baseline: helper, written order only, p50', value: round(percentile(plain.times, 50), 1), unit: 'ms' },
    { metric: 'baseline: helper, written order only, p95', value: round(percentile(plain.times, 95), 1), unit: 'ms' },
    { metric: 'baseline: zinnia started per character, p50', value: round(percentile(spawnTimes, 50), 1), unit: 'ms' },
    { metric: 'baseline: zinnia started per character, p95', value: round(percentile(spawnTimes, 95), 1), unit: 'ms' },
    { metric: `top-5 hits, ${chars.length} recorded characters (standard stroke order)`, value: full.top5, unit: 'characters' },
    { metric: 'top-1 hits, same set', value: full.top1, unit: 'characters' },
    { metric: 'top-5 hits, written order only', value: plain.top5, unit: 'characters' },
  );

  // A killed helper: time until it answers again (back-off 0.2 s, then start).
  const pid = hw.zinnia.pid();
  const t0 = performance.now();
  if (pid !== null) process.kill(pid, 'SIGKILL');
  for (;;) {
    const r = await hw.recognise(scaled(fx.chars['坏'] ?? [], 7), fx.box, fx.box, 0, 'zh-cn');
    if (r.ok) break;
  }
  rows.push({ metric: 'helper killed → answering again', value: round(performance.now() - t0, 0), unit: 'ms' });
  hw.close();

  // Association after a character (the index built at start-up, then a lookup).
  const engine = new PinyinEngine({ fuzzy: false });
  const w = await engine.warm();
  if (!w.ok) throw new Error(w.error.message);
  let t = performance.now();
  await engine.warmAssociations();
  rows.push({
    metric: 'association index build, both scripts (at start-up)',
    value: round(performance.now() - t, 0),
    unit: 'ms',
  });
  const lookups: number[] = [];
  for (const [c] of chars) {
    t = performance.now();
    const r = await engine.associate(c, 0, 'zh-cn');
    if (!r.ok) throw new Error(r.error.message);
    lookups.push(performance.now() - t);
  }
  rows.push({ metric: 'association lookup p95', value: round(percentile(lookups, 95), 3), unit: 'ms' });

  return {
    name: 'handwriting',
    description:
      'ime.handwrite without the transport: normalise + Zinnia (Tegaki zh_CN model) in a long-lived helper, over 53 recorded characters × 5 rounds (uncached); baselines: the helper with the written stroke order only, and /usr/bin/zinnia spawned per character.',
    rows,
    raw: {
      times: full.times.map((x) => round(x, 2)),
      plain: plain.times.map((x) => round(x, 2)),
      spawn: spawnTimes.map((x) => round(x, 2)),
    },
  };
}
