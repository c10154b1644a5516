/**
 * Catalog search at the seed's scale (#18.3): the 1,052-matter fixture (tests/fixtures/catalog/
 * seed-1052.json) loaded by the core, and searches sent the way the home screen sends them — one
 * `catalog.browse` call per keystroke through `KioskCore.dispatch` (argument and result validation
 * included) — as a citizen types the Chinese name, its full pinyin, its pinyin initials, or a synonym,
 * for 80 matters drawn with a fixed seed, plus queries that find nothing. Also the index's cold build
 * (the first search after start) and one page of each other way in.
 */
import { readFileSync } from 'node:fs';
import { defaults } from '../config/defaults.js';
import { parseConfig } from '../config/load.js';
import { silentLogger } from '../main/base/log/logger.js';
import { KioskCore } from '../main/core/kiosk-core.js';
import { loadPinyin } from '../main/features/catalog/pinyin-lib.js';
import { percentile, round, type BenchReport, type BenchRow } from './bench-kit.js';

const FIXTURE = new URL('../tests/fixtures/catalog/seed-1052.json', import.meta.url);
const SAMPLE = 80;

export async function bench(): Promise<BenchReport> {
  const raw = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { matters: { names: Record<string, string> }[] };
  const cfg = parseConfig({ catalog: raw }, 'catalog bench', { ...defaults, catalog: {} });
  if (!cfg.ok) throw new Error(cfg.error.message);
  const core = new KioskCore({ config: cfg.value, dataDir: '/nonexistent', logger: silentLogger(), shell: 'browser' });
  const call = async (method: string, args: Record<string, unknown>): Promise<number> => {
    const t = performance.now();
    const r = await core.dispatch(method, args, { shell: 'browser' });
    const ms = performance.now() - t;
    if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
    return ms;
  };
  const rows: BenchRow[] = [];
  const coldMs = await call('catalog.browse', { by: 'search', key: 'hjzm', page: 0, pageSize: 12 });
  rows.push({
    metric: 'first search after start (builds the pinyin index of 1,052 matters)',
    value: round(coldMs, 0),
    unit: 'ms',
  });

  // The queries, keystroke by keystroke.
  const { pinyin } = await loadPinyin();
  let seed = 20140301;
  const rand = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const names = raw.matters.map((m) => m.names['zh-CN'] ?? '');
  const picked = Array.from({ length: SAMPLE }, () => names[Math.floor(rand() * names.length)] ?? '');
  const prefixes = (s: string): string[] => Array.from({ length: s.length }, (_, i) => s.slice(0, i + 1));
  const kinds: Record<string, string[]> = { chinese: [], 'full pinyin': [], initials: [], synonyms: [], 'no match': [] };
  for (const name of picked) {
    const han = name.replace(/[（）()]/g, '').slice(0, 8);
    kinds.chinese?.push(...prefixes(han));
    kinds['full pinyin']?.push(...prefixes(pinyin(han, { toneType: 'none', type: 'array' }).join('').slice(0, 16)));
    kinds.initials?.push(...prefixes(pinyin(han, { pattern: 'first', toneType: 'none', type: 'array' }).join('')));
  }
  for (const q of ['社保证明', '身份证换领', '驾照换领', '公积金提取', '医保报销', '低保申请', '房产证补办', '开公司']) {
    kinds.synonyms?.push(...prefixes(q));
  }
  for (const q of ['zzzzqx', '无此事项名称', 'xqzv']) kinds['no match']?.push(...prefixes(q));

  const all: number[] = [];
  const byKind: Record<string, { n: number; p50: number; p95: number; max: number }> = {};
  for (const [kind, queries] of Object.entries(kinds)) {
    const samples: number[] = [];
    for (const key of queries) samples.push(await call('catalog.browse', { by: 'search', key, page: 0, pageSize: 12 }));
    all.push(...samples);
    byKind[kind] = {
      n: samples.length,
      p50: round(percentile(samples, 50), 2),
      p95: round(percentile(samples, 95), 2),
      max: round(Math.max(...samples), 2),
    };
  }
  const p95 = percentile(all, 95);
  rows.push({
    metric: `search p95 in main, ${all.length} keystrokes over 1,052 matters`,
    value: round(p95, 2),
    unit: 'ms',
    target: '≤ 30 ms',
    met: p95 <= 30,
  });
  rows.push({ metric: 'search p50', value: round(percentile(all, 50), 2), unit: 'ms' });
  rows.push({ metric: 'search max', value: round(Math.max(...all), 2), unit: 'ms' });
  for (const [kind, s] of Object.entries(byKind))
    rows.push({ metric: `search p95, ${kind} (${s.n} keystrokes)`, value: s.p95, unit: 'ms' });

  // The other ways in, one page each.
  const browse: number[] = [];
  browse.push(await call('catalog.overview', {}));
  for (const args of [
    { by: 'common' },
    { by: 'department', key: 'rs', page: 3 },
    { by: 'lifeEvent', key: 'startup' },
    { by: 'audience', key: 'legal-person', timing: 'instant' },
    { by: 'all', page: 80 },
  ]) {
    for (let i = 0; i < 20; i++) browse.push(await call('catalog.browse', { pageSize: 12, ...args }));
  }
  rows.push({ metric: 'overview and a page of each way in, p95', value: round(percentile(browse, 95), 2), unit: 'ms' });
  core.close();
  return {
    name: 'catalog',
    description:
      'catalog.browse through KioskCore.dispatch over the 1,052-matter fixture, one call per keystroke as a citizen types Chinese, full pinyin, initials and synonyms for 80 seeded matters, plus no-match queries; and a page of each way in.',
    rows,
    raw: { byKind },
  };
}
