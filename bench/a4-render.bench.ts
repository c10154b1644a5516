/**
 * A4 rendering: every template (the certificate of each instant matter × zh-CN / zh-HK / en, the
 * maintenance test page, the CLI sample) rendered to PDF with HarfBuzz subsetting + pdf-lib.
 * Cold = the first render in the process (instantiates hb-subset.wasm, loads the Noto CJK
 * collection into it); warm = median of 5 renders of the same template afterwards.
 */
import { renderA4Pdf } from '../drivers/printer/a4/a4-document.js';
import { templates } from '../tests/integration/drivers/printer/a4/templates.js';
import type { BenchReport, BenchRow } from './bench-kit.js';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}
const round = (x: number, d = 0): number => Math.round(x * 10 ** d) / 10 ** d;

export async function bench(): Promise<BenchReport> {
  const all = templates();
  const rows: BenchRow[] = [];
  const raw: { template: string; locale: string; firstMs: number; warmMs: number[]; bytes: number }[] = [];
  let coldMs = Number.NaN;
  for (const t of all) {
    const t0 = performance.now();
    const first = await renderA4Pdf(t.doc);
    const firstMs = performance.now() - t0;
    if (!first.ok) throw new Error(`${t.name} ${t.locale}: ${first.error.message}`);
    if (Number.isNaN(coldMs)) coldMs = firstMs;
    const warm: number[] = [];
    for (let i = 0; i < 5; i++) {
      const w0 = performance.now();
      const r = await renderA4Pdf(t.doc);
      if (!r.ok) throw new Error(r.error.message);
      warm.push(performance.now() - w0);
    }
    raw.push({ template: t.name, locale: t.locale, firstMs, warmMs: warm, bytes: first.value.length });
  }
  rows.push({ metric: 'cold render (first in process)', value: round(coldMs), unit: 'ms' });
  for (const r of raw) {
    const warm = median(r.warmMs);
    const label = `${r.template.replace(/^certificate /, '')} ${r.locale}`;
    rows.push({ metric: `${label}: warm render (median)`, value: round(warm), unit: 'ms', target: '≤ 500 ms', met: warm <= 500 });
    rows.push({
      metric: `${label}: PDF size`,
      value: round(r.bytes / 1024, 1),
      unit: 'KB',
      target: '≤ 200 KB',
      met: r.bytes <= 200 * 1024,
    });
  }
  return {
    name: 'a4-render',
    description:
      'A4 PDF rendering of every template (certificates of the instant matters × 3 locales, maintenance test page, CLI sample): HarfBuzz subset of the locale face of Noto Sans CJK embedded by pdf-lib. Cold is the first render in the process (wasm instantiation and font load included); warm is the median of 5 renders.',
    rows,
    raw,
  };
}
