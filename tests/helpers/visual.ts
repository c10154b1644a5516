/**
 * Screenshots compared with committed baselines (tests/visual-baselines/<name>.png) with pixelmatch.
 *
 * Tolerance, and why: a pixel differs when pixelmatch's colour distance is above PIXEL_THRESHOLD
 * (0.15 on its 0–1 scale: antialiasing drift of glyph edges stays below it, a changed colour or a
 * moved edge does not), and anti-aliased pixels are not counted (pixelmatch detects them). A
 * screenshot fails when more than MAX_DIFF_RATIO (0.5 %) of its pixels differ: at 1080×1920 that is
 * ≈ 10,000 px, less than one line of body text (a 24 px line across the screen is ≈ 26,000 px), so
 * a changed word, a moved button or a missing icon fails while a font hinting difference does not.
 * The CI machine is a fresh Debian 12 with the same apt packages (the same Noto CJK fonts).
 *
 * A missing baseline is a failure, never created silently; `UPDATE_VISUAL=1` (what
 * `npm run test:visual:update` sets) writes the baselines instead of comparing.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';

export const BASELINE_DIR = join('tests', 'visual-baselines');
export const VISUAL_OUT = join('test-output', 'visual');
export const UPDATE_VISUAL = process.env.UPDATE_VISUAL === '1';
export const REGENERATE = 'npm run test:visual:update';
export const PIXEL_THRESHOLD = 0.15;
export const MAX_DIFF_RATIO = 0.005;

export type Comparison =
  | { name: string; status: 'match' | 'written'; ratio: number }
  | { name: string; status: 'missing' | 'size' | 'differs'; ratio: number; detail: string };

/** Compares one screenshot with its baseline (or writes the baseline when updating). */
export function compareWithBaseline(name: string, actual: Buffer): Comparison {
  const baseline = join(BASELINE_DIR, `${name}.png`);
  if (UPDATE_VISUAL) {
    mkdirSync(BASELINE_DIR, { recursive: true });
    writeFileSync(baseline, actual);
    return { name, status: 'written', ratio: 0 };
  }
  const keep = (): string => {
    mkdirSync(VISUAL_OUT, { recursive: true });
    const file = join(VISUAL_OUT, `${name}.actual.png`);
    writeFileSync(file, actual);
    return file;
  };
  if (!existsSync(baseline)) return { name, status: 'missing', ratio: 1, detail: `no baseline ${baseline}; actual in ${keep()}` };
  const a = PNG.sync.read(actual);
  const b = PNG.sync.read(readFileSync(baseline));
  if (a.width !== b.width || a.height !== b.height)
    return {
      name,
      status: 'size',
      ratio: 1,
      detail: `${a.width}×${a.height}, baseline ${b.width}×${b.height}; actual in ${keep()}`,
    };
  const diff = new PNG({ width: a.width, height: a.height });
  const pixels = pixelmatch(b.data, a.data, diff.data, a.width, a.height, { threshold: PIXEL_THRESHOLD });
  const ratio = pixels / (a.width * a.height);
  if (ratio <= MAX_DIFF_RATIO) return { name, status: 'match', ratio };
  const actualFile = keep();
  const diffFile = join(VISUAL_OUT, `${name}.diff.png`);
  writeFileSync(diffFile, PNG.sync.write(diff));
  return {
    name,
    status: 'differs',
    ratio,
    detail: `${(ratio * 100).toFixed(2)} % of pixels differ (> ${MAX_DIFF_RATIO * 100} %); actual ${actualFile}, diff ${diffFile}`,
  };
}

/** The failure message for a run's comparisons: what differs, and how to regenerate on purpose. */
export function visualFailures(results: readonly Comparison[]): string[] {
  const bad = results.filter((r) => r.status === 'missing' || r.status === 'size' || r.status === 'differs');
  if (bad.length === 0) return [];
  return [
    ...bad.map((r) => `${r.name}: ${'detail' in r ? r.detail : r.status}`),
    `If the change is intended, regenerate the baselines with \`${REGENERATE}\` and commit tests/visual-baselines/.`,
  ];
}
