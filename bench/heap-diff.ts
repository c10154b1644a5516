/**
 * Compares two V8 heap snapshots of a Node process (`v8.writeHeapSnapshot`, e.g. from
 * `node --expose-gc --import tsx bench/soak.ts … --heap-snapshots 100,500`): growth by
 * constructor, and the objects alive in the second that did not exist in the first, each group
 * with the retainer path of one sample from the GC root (who holds them). Same analysis as
 * bench/renderer-heap-diff.ts does for the page (bench/heap-snapshot.ts).
 *
 *   node --max-old-space-size=4096 --import tsx bench/heap-diff.ts A.heapsnapshot B.heapsnapshot [TOP=30]
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compare, loadSnapshot } from './heap-snapshot.js';

function main(): void {
  const [a, b, top] = process.argv.slice(2);
  if (!a || !b) throw new Error('usage: heap-diff.ts A.heapsnapshot B.heapsnapshot [TOP]');
  process.stdout.write(`Heap ${a} (A) vs ${b} (B)\n\n${compare(loadSnapshot(a), loadSnapshot(b), Number(top ?? 30))}\n`);
}

if (import.meta.url === pathToFileURL(resolve(process.argv[1] ?? '')).href) main();
