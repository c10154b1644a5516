/**
 * What the renderer keeps between journeys: runs the journeys benchmark's scripted apply journey
 * in one Chromium page, takes a V8 heap snapshot of the page (CDP HeapProfiler, after a forced
 * GC) after journey FROM and after journey TO, and compares them:
 * - by constructor: object count and self size in each snapshot, and the difference;
 * - objects present at TO that did not exist at FROM (heap-snapshot node ids are stable for the
 *   life of the page), grouped by constructor, each group with the retainer path of one sample
 *   from the GC root — this is what names the holder of a leak.
 *
 *   npx tsx bench/renderer-heap-diff.ts [FROM=20] [TO=120] [--save DIR] [--top N]
 *
 * Needs `npm run build` output in dist/renderer. --save writes both .heapsnapshot files (they
 * open in Chromium DevTools → Memory → Load).
 */
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CDPSession } from 'playwright-core';
import { compare, parseSnapshot, type RawSnapshot } from './heap-snapshot.js';
import { startJourneyRig } from './journey-rig.js';

export async function takeSnapshot(cdp: CDPSession): Promise<RawSnapshot> {
  const chunks: string[] = [];
  await streamSnapshot(cdp, (c) => void chunks.push(c));
  return JSON.parse(chunks.join('')) as RawSnapshot;
}

/** Writes a heap snapshot to `path` chunk by chunk (holds no copy of it in this process). */
export async function saveSnapshot(cdp: CDPSession, path: string): Promise<void> {
  const fd = openSync(path, 'w');
  try {
    await streamSnapshot(cdp, (c) => void writeSync(fd, c));
  } finally {
    closeSync(fd);
  }
}

async function streamSnapshot(cdp: CDPSession, onChunk: (chunk: string) => void): Promise<void> {
  const listener = (p: { chunk: string }): void => onChunk(p.chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', listener);
  try {
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  } finally {
    cdp.off('HeapProfiler.addHeapSnapshotChunk', listener);
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const flag = (f: string): string | undefined => {
    const i = args.indexOf(f);
    if (i < 0) return undefined;
    const v = args[i + 1];
    args.splice(i, 2);
    return v;
  };
  const saveDir = flag('--save');
  const top = Number(flag('--top') ?? 30);
  const from = Number(args[0] ?? 20);
  const to = Number(args[1] ?? 120);
  if (!(from >= 0 && to > from)) throw new Error('usage: renderer-heap-diff.ts [FROM] [TO] (TO > FROM ≥ 0)');
  const rig = await startJourneyRig();
  try {
    const snaps: RawSnapshot[] = [];
    for (let n = 0; n <= to; n++) {
      if (n === from || n === to) {
        const raw = await takeSnapshot(rig.cdp);
        snaps.push(raw);
        if (saveDir) {
          mkdirSync(saveDir, { recursive: true });
          writeFileSync(join(saveDir, `renderer-after-${n}.heapsnapshot`), JSON.stringify(raw));
        }
        process.stderr.write(`heap-diff: snapshot after journey ${n}\n`);
      }
      if (n < to) await rig.journey();
    }
    const [a, b] = snaps;
    if (!a || !b) throw new Error('missing snapshot');
    process.stdout.write(`Renderer heap, after journey ${from} (A) vs after journey ${to} (B)\n\n`);
    process.stdout.write(`${compare(parseSnapshot(a), parseSnapshot(b), top)}\n`);
  } finally {
    await rig.close();
  }
}

if (import.meta.url === pathToFileURL(resolve(process.argv[1] ?? '')).href) await main();
