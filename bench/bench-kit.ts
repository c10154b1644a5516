/**
 * Benchmarks: each `bench/*.bench.ts` exports `bench(): Promise<BenchReport>`. `npm run bench`
 * runs them all (or those named on the command line), writes `bench/results/<name>.json` and
 * `bench/results/SUMMARY.md`. Targets are reported, never asserted: the machines are noisy.
 */
export interface BenchRow {
  metric: string;
  value: number;
  unit: string;
  /** The target, in words (e.g. "≤ 1.5× hello-world"), when the issue sets one. */
  target?: string;
  /** Whether the target was met, when there is one. */
  met?: boolean;
}

export interface BenchReport {
  name: string;
  /** What was measured and how, in one or two sentences. */
  description: string;
  rows: BenchRow[];
  /** Extra raw data (samples, curves) kept in the JSON file. */
  raw?: unknown;
}

export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx] ?? Number.NaN;
}

export function median(samples: readonly number[]): number {
  return percentile(samples, 50);
}

export function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
