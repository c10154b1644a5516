/**
 * Compares two V8 heap snapshots (`v8.writeHeapSnapshot`, e.g. from `npm run soak -- --heap-snapshots
 * 100,1000`): live objects grouped by node type and constructor/name, sorted by the growth of
 * their shallow size, so a per-session leak shows up as a group whose count grows with the
 * number of sessions.
 *
 *   node --max-old-space-size=4096 --import tsx bench/heap-diff.ts a.heapsnapshot b.heapsnapshot [top]
 *
 * With `--retainers <name>` it also prints, for the objects of that group in the second snapshot,
 * the most common retaining paths (edge names of the first few retainers), to tell who holds them.
 */
import { readFileSync } from 'node:fs';

interface Snapshot {
  snapshot: {
    meta: {
      node_fields: string[];
      node_types: [string[], ...unknown[]];
      edge_fields: string[];
      edge_types: [string[], ...unknown[]];
    };
  };
  nodes: number[];
  edges: number[];
  strings: string[];
}

export interface Group {
  key: string;
  count: number;
  size: number;
}

function load(file: string): Snapshot {
  return JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
}

/** Live objects grouped by `type:name` (strings and numbers grouped by type only). */
export function groups(s: Snapshot): Map<string, Group> {
  const f = s.snapshot.meta.node_fields;
  const width = f.length;
  const iType = f.indexOf('type');
  const iName = f.indexOf('name');
  const iSize = f.indexOf('self_size');
  const types = s.snapshot.meta.node_types[0];
  const out = new Map<string, Group>();
  for (let i = 0; i < s.nodes.length; i += width) {
    const type = types[s.nodes[i + iType] ?? 0] ?? '?';
    const name =
      type === 'string' || type === 'number' || type === 'concatenated string' || type === 'sliced string'
        ? ''
        : (s.strings[s.nodes[i + iName] ?? 0] ?? '?');
    const key = `${type}:${name.slice(0, 80)}`;
    const g = out.get(key) ?? { key, count: 0, size: 0 };
    g.count++;
    g.size += s.nodes[i + iSize] ?? 0;
    out.set(key, g);
  }
  return out;
}

/** For objects named `target`: the commonest chains of (retainer name . edge name), `depth` deep. */
function retainers(s: Snapshot, target: string | null, depth: number, limit: number, newerThan = -1): [string, number][] {
  const f = s.snapshot.meta.node_fields;
  const width = f.length;
  const iType = f.indexOf('type');
  const iName = f.indexOf('name');
  const iEdges = f.indexOf('edge_count');
  const iId = f.indexOf('id');
  const ef = s.snapshot.meta.edge_fields;
  const ew = ef.length;
  const eType = ef.indexOf('type');
  const eName = ef.indexOf('name_or_index');
  const eTo = ef.indexOf('to_node');
  const edgeTypes = s.snapshot.meta.edge_types[0];
  const nodeTypes = s.snapshot.meta.node_types[0];
  const n = s.nodes.length / width;
  // Reverse edges: for every node, its first retainer (node index, edge label); skip weak edges.
  const firstRet = new Int32Array(n).fill(-1);
  const firstLabel: string[] = new Array<string>(n);
  let e = 0;
  for (let ni = 0; ni < n; ni++) {
    const ec = s.nodes[ni * width + iEdges] ?? 0;
    for (let k = 0; k < ec; k++, e += ew) {
      const et = edgeTypes[s.edges[e + eType] ?? 0] ?? '';
      if (et === 'weak' || et === 'shortcut') continue;
      const to = (s.edges[e + eTo] ?? 0) / width;
      if (firstRet[to] !== -1) continue;
      const nameOrIndex = s.edges[e + eName] ?? 0;
      const label = et === 'element' || et === 'hidden' ? `[${nameOrIndex}]` : (s.strings[nameOrIndex] ?? '?');
      firstRet[to] = ni;
      firstLabel[to] = label;
    }
  }
  const nameOf = (ni: number): string => {
    const t = nodeTypes[s.nodes[ni * width + iType] ?? 0] ?? '?';
    return `${t}:${(s.strings[s.nodes[ni * width + iName] ?? 0] ?? '?').slice(0, 40)}`;
  };
  const paths = new Map<string, number>();
  const generic =
    /^(object|array|string|number|code|hidden|object shape|concatenated string|sliced string|closure|regexp):(Object|Array|\(object elements\)|system.*|\(.*\)|)$/;
  for (let ni = 0; ni < n; ni++) {
    if ((s.nodes[ni * width + iId] ?? 0) <= newerThan) continue;
    const own = nameOf(ni);
    if (target !== null && own !== target) continue;
    const chain: string[] = [];
    let cur = ni;
    for (let d = 0; d < depth; d++) {
      const r = firstRet[cur] ?? -1;
      if (r < 0) break;
      const holder = nameOf(r);
      // With HOLDER=1: only the first retainer with a name of its own (a class, a closure).
      if (process.env.HOLDER === '1') {
        if (!generic.test(holder) && !holder.startsWith('string:')) {
          chain.push(`${holder}.${firstLabel[cur] ?? '?'}`);
          break;
        }
      } else chain.push(`${holder}.${firstLabel[cur] ?? '?'}`);
      cur = r;
    }
    const key = `${target === null && process.env.HOLDER !== '1' ? `${own} ← ` : ''}${chain.join(' ← ')}`;
    paths.set(key, (paths.get(key) ?? 0) + 1);
  }
  return [...paths.entries()].sort((a, b) => b[1] - a[1]).slice(0, limit);
}

function maxId(s: Snapshot): number {
  const f = s.snapshot.meta.node_fields;
  const iId = f.indexOf('id');
  const iType = f.indexOf('type');
  const types = s.snapshot.meta.node_types[0];
  let m = 0;
  // Embedder (native/synthetic) nodes get ids from another range; only V8 heap objects count.
  for (let i = 0; i < s.nodes.length; i += f.length) {
    const t = types[s.nodes[i + iType] ?? 0];
    if (t === 'native' || t === 'synthetic') continue;
    m = Math.max(m, s.nodes[i + iId] ?? 0);
  }
  return m;
}

function main(): void {
  const [a, b, topArg] = process.argv.slice(2).filter((x) => !x.startsWith('--'));
  if (a === undefined || b === undefined)
    throw new Error('usage: heap-diff a.heapsnapshot b.heapsnapshot [top] [--retainers type:name]');
  const top = Number(topArg ?? 40);
  const sa = load(a);
  const ga = groups(sa);
  const sb = load(b);
  const gb = groups(sb);
  const keys = new Set([...ga.keys(), ...gb.keys()]);
  const rows = [...keys].map((k) => {
    const x = ga.get(k) ?? { count: 0, size: 0 };
    const y = gb.get(k) ?? { count: 0, size: 0 };
    return { k, dCount: y.count - x.count, dSize: y.size - x.size, count: y.count };
  });
  rows.sort((p, q) => q.dSize - p.dSize);
  const total = (g: Map<string, Group>): number => [...g.values()].reduce((s, x) => s + x.size, 0);
  process.stdout.write(`total self size: ${(total(ga) / 1048576).toFixed(2)} → ${(total(gb) / 1048576).toFixed(2)} MiB\n`);
  process.stdout.write(`| Δ size (KiB) | Δ count | count | type:name |\n|---|---|---|---|\n`);
  for (const r of rows.slice(0, top))
    process.stdout.write(`| ${(r.dSize / 1024).toFixed(1)} | ${r.dCount} | ${r.count} | ${r.k} |\n`);
  // Object ids are stable within one process: what the second snapshot holds with an id above
  // the first's highest was allocated between the two and survived — the growth, by who holds it.
  if (process.argv.includes('--new')) {
    const depth = Number(process.argv[process.argv.indexOf('--new') + 1] ?? 5) || 5;
    process.stdout.write(`\nobjects allocated after the first snapshot and still alive, by retaining path:\n`);
    for (const [path, n] of retainers(sb, null, depth, 60, maxId(sa))) process.stdout.write(`${n}\t${path}\n`);
  }
  const ri = process.argv.indexOf('--retainers');
  const target = ri >= 0 ? process.argv[ri + 1] : undefined;
  if (target !== undefined) {
    process.stdout.write(`\nretaining paths of ${target} (second snapshot):\n`);
    for (const [path, n] of retainers(sb, target, Number(process.env.DEPTH ?? 6), 15)) process.stdout.write(`${n}\t${path}\n`);
  }
}

if (process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href) main();
