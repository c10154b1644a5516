/**
 * Journey benchmarks in one Chromium against the real core, browser host, emulated devices and
 * the reference back office in this process:
 * - tap → next screen painted: `pointerdown` on a screen-changing button to the first frame after
 *   the app's `data-step`/`data-phase` changed (rAF, then a task after it: the frame was produced);
 * - card read → identity screen painted: from the ID-card driver's card event (the read response
 *   fully received over the emulated 115200-baud wire) to the form's first painted frame; the
 *   card-placed → painted total, which adds the driver's find-card poll wait and the wire time, is
 *   reported beside it;
 * - N complete scripted journeys: renderer JS heap (CDP, after HeapProfiler.collectGarbage) and
 *   this process's RSS after a forced GC (core + host + back office + Playwright client), mean of
 *   the first 100 vs the last 100 journeys.
 * Knobs: YIMEN_BENCH_JOURNEYS (default 1000) and YIMEN_BENCH_MINUTES (default 10) — it stops at
 * whichever comes first and reports how many ran.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { CDPSession } from 'playwright-core';
import { percentile, round, type BenchReport } from './bench-kit.js';
import { startJourneyRig } from './journey-rig.js';
import { compare, loadSnapshot } from './heap-snapshot.js';
import { saveSnapshot } from './renderer-heap-diff.js';

const WINDOW = 100;
/** A renderer heap snapshot is taken after this journey and after the last one; their comparison is saved. */
const SNAPSHOT_AFTER = 20;
/** Start of the "after warm-up" window (journeys 201–300), reported beside the first window. */
const WARM_FROM = 200;
const HEAP_DIFF_FILE = join('bench', 'results', 'journeys-heap-diff.txt');

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

export async function bench(): Promise<BenchReport> {
  const maxJourneys = Number(process.env['YIMEN_BENCH_JOURNEYS'] ?? 1000);
  const budgetMs = Number(process.env['YIMEN_BENCH_MINUTES'] ?? 10) * 60_000;
  const rig = await startJourneyRig();
  const { cdp } = rig;
  await cdp.send('Performance.enable');

  const cardRead: number[] = [];
  const cardTotal: number[] = [];
  const face: number[] = [];
  const heap: number[] = [];
  const rss: number[] = [];
  const mainHeap: number[] = [];
  const journeyMs: number[] = [];
  const sampleMs: number[] = [];
  const taps: number[] = [];
  const stages = new Map<string, number[]>();
  const snapDir = mkdtempSync(join(tmpdir(), 'yimen-heap-'));

  try {
    const t0 = performance.now();
    let n = 0;
    while (n < maxJourneys && performance.now() - t0 < budgetMs) {
      const j = await rig.journey();
      taps.push(...j.taps);
      cardRead.push(j.cardRead);
      cardTotal.push(j.cardTotal);
      face.push(j.face);
      journeyMs.push(j.ms);
      for (const [stage, ms] of Object.entries(j.steps)) {
        const xs = stages.get(stage) ?? [];
        xs.push(ms);
        stages.set(stage, xs);
      }
      n += 1;
      // Memory after GC on both sides, after every journey (so that both windows are complete).
      const s0 = performance.now();
      await sampleMemory(cdp, heap, rss, mainHeap);
      sampleMs.push(performance.now() - s0);
      // Streamed to a file, so that this process holds no copy (its RSS is being measured).
      if (n === SNAPSHOT_AFTER) await saveSnapshot(cdp, join(snapDir, 'a.heapsnapshot'));
    }
    if (n > SNAPSHOT_AFTER) {
      await saveSnapshot(cdp, join(snapDir, 'b.heapsnapshot'));
      const diff = compare(loadSnapshot(join(snapDir, 'a.heapsnapshot')), loadSnapshot(join(snapDir, 'b.heapsnapshot')), 40);
      writeFileSync(HEAP_DIFF_FILE, `Renderer heap, after journey ${SNAPSHOT_AFTER} (A) vs after journey ${n} (B)\n\n${diff}\n`);
    }
    const first = mean(heap.slice(0, Math.min(WINDOW, heap.length)));
    const last = mean(heap.slice(-Math.min(WINDOW, heap.length)));
    const rssFirst = mean(rss.slice(0, Math.min(WINDOW, rss.length)));
    const rssLast = mean(rss.slice(-Math.min(WINDOW, rss.length)));
    const heapGrowth = ((last - first) / first) * 100;
    // The first window holds the renderer's warm-up (V8 optimising the app's and Playwright's code;
    // Chromium's capped performance-entry buffers filling). A window after it, for comparison.
    const warm = n >= WARM_FROM + 2 * WINDOW ? mean(heap.slice(WARM_FROM, WARM_FROM + WINDOW)) : NaN;
    const warmGrowth = ((last - warm) / warm) * 100;
    const rssGrowth = ((rssLast - rssFirst) / rssFirst) * 100;
    const enough = n >= 2 * WINDOW;
    const p95Tap = percentile(taps, 95);
    const p95Card = percentile(cardRead, 95);
    return {
      name: 'journeys',
      description:
        `${n} complete apply journeys (home → matter → card → form → review → consent → submit with receipt + A4 → rating) in one Chromium page; ` +
        `tap latency from pointerdown to the first frame after the screen changed (${taps.length} taps); card latency from the driver's card-read event ` +
        `(read response fully received over the emulated 115200 wire) to the form's first frame; memory after GC, mean of first vs last ${Math.min(WINDOW, n)} journeys` +
        (enough ? '' : ` (windows overlap: only ${n} journeys fitted)`),
      rows: [
        { metric: 'journeys run', value: n, unit: 'journeys' },
        { metric: 'journey duration p50', value: round(percentile(journeyMs, 50), 0), unit: 'ms' },
        ...[...stages].map(([stage, xs]) => ({
          metric: `journey stage p50: ${stage}`,
          value: round(percentile(xs, 50), 0),
          unit: 'ms',
        })),
        { metric: 'memory sample (both GCs) p50', value: round(percentile(sampleMs, 50), 0), unit: 'ms' },
        { metric: 'tap → next screen painted p50', value: round(percentile(taps, 50), 1), unit: 'ms' },
        { metric: 'tap → next screen painted p95', value: round(p95Tap, 1), unit: 'ms', target: '≤ 100 ms', met: p95Tap <= 100 },
        { metric: 'card read → identity screen painted p50', value: round(percentile(cardRead, 50), 1), unit: 'ms' },
        {
          metric: 'card read → identity screen painted p95 (overhead beyond wire time)',
          value: round(p95Card, 1),
          unit: 'ms',
          target: '≤ 50 ms',
          met: p95Card <= 50,
        },
        {
          metric: 'card placed → identity screen painted p50 (poll wait + wire + overhead)',
          value: round(percentile(cardTotal, 50), 1),
          unit: 'ms',
        },
        { metric: 'card placed → identity screen painted p95', value: round(percentile(cardTotal, 95), 1), unit: 'ms' },
        { metric: 'face check: 同意 tapped → form painted p50', value: round(percentile(face, 50), 0), unit: 'ms' },
        { metric: 'face check: 同意 tapped → form painted p95', value: round(percentile(face, 95), 0), unit: 'ms' },
        { metric: 'renderer JS heap after GC, first window', value: round(first / 2 ** 20, 2), unit: 'MiB' },
        { metric: 'renderer JS heap after GC, last window', value: round(last / 2 ** 20, 2), unit: 'MiB' },
        {
          metric: 'renderer heap growth',
          value: round(heapGrowth, 2),
          unit: '%',
          target: '≤ 5 %',
          met: enough && heapGrowth <= 5,
        },
        ...(Number.isNaN(warm)
          ? []
          : [
              {
                metric: `renderer JS heap after GC, journeys ${WARM_FROM + 1}–${WARM_FROM + WINDOW} (after warm-up)`,
                value: round(warm / 2 ** 20, 2),
                unit: 'MiB',
              },
              { metric: 'renderer heap growth, after warm-up → last window', value: round(warmGrowth, 2), unit: '%' },
            ]),
        { metric: 'main RSS after GC, first window', value: round(rssFirst / 2 ** 20, 1), unit: 'MiB' },
        { metric: 'main RSS after GC, last window', value: round(rssLast / 2 ** 20, 1), unit: 'MiB' },
        // RSS covers the back office's in-memory database, SQLite and native buffers too; the JS heap separates those out.
        {
          metric: 'main JS heap after GC, first window',
          value: round(mean(mainHeap.slice(0, WINDOW)) / 2 ** 20, 1),
          unit: 'MiB',
        },
        { metric: 'main JS heap after GC, last window', value: round(mean(mainHeap.slice(-WINDOW)) / 2 ** 20, 1), unit: 'MiB' },
        { metric: 'main RSS growth', value: round(rssGrowth, 2), unit: '%', target: '≤ 5 %', met: enough && rssGrowth <= 5 },
      ],
      raw: { taps, cardRead, cardTotal, face, heap, rss, mainHeap, journeyMs },
    };
  } finally {
    await rig.close();
    rmSync(snapDir, { recursive: true, force: true });
  }
}

async function sampleMemory(cdp: CDPSession, heap: number[], rss: number[], mainHeap: number[]): Promise<void> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const used = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value;
  if (used !== undefined) heap.push(used);
  gc();
  const mem = process.memoryUsage();
  rss.push(mem.rss);
  mainHeap.push(mem.heapUsed);
}

function mean(xs: readonly number[]): number {
  return xs.reduce((a, x) => a + x, 0) / Math.max(1, xs.length);
}
