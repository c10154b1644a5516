/**
 * V8 heap-snapshot analysis shared by the memory tools (bench/renderer-heap-diff.ts for the page,
 * bench/heap-diff.ts for a Node process such as the soak): parse a `.heapsnapshot`, group live
 * objects by constructor, find the objects new in a later snapshot (node ids are stable for the
 * life of a heap) and the retainer path from the GC root that names their holder.
 */
import { readFileSync } from 'node:fs';

export interface RawSnapshot {
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

/** A parsed snapshot with the indexes the comparison needs. */
export interface Heap {
  count: number;
  type: string[];
  name: string[];
  id: Int32Array | Float64Array;
  selfSize: Float64Array;
  /** Retainers of each node: [fromNode, edgeLabel] pairs, flattened, via offsets. */
  retainerStart: Int32Array;
  retainers: Int32Array;
  retainerLabel: string[];
  /** Hops from the root over strong edges (-1: reachable only through weak edges). */
  distance: Int32Array;
}

export function parseSnapshot(raw: RawSnapshot): Heap {
  const nf = raw.snapshot.meta.node_fields;
  const ef = raw.snapshot.meta.edge_fields;
  const nodeTypes = raw.snapshot.meta.node_types[0];
  const edgeTypes = raw.snapshot.meta.edge_types[0];
  const NF = nf.length;
  const EF = ef.length;
  const iType = nf.indexOf('type');
  const iName = nf.indexOf('name');
  const iId = nf.indexOf('id');
  const iSelf = nf.indexOf('self_size');
  const iEdges = nf.indexOf('edge_count');
  const eType = ef.indexOf('type');
  const eName = ef.indexOf('name_or_index');
  const eTo = ef.indexOf('to_node');
  const count = raw.nodes.length / NF;
  const type: string[] = new Array<string>(count);
  const name: string[] = new Array<string>(count);
  const id = new Float64Array(count);
  const selfSize = new Float64Array(count);
  const firstEdge = new Int32Array(count + 1);
  for (let n = 0, e = 0; n < count; n++) {
    const o = n * NF;
    type[n] = nodeTypes[raw.nodes[o + iType] ?? 0] ?? '?';
    name[n] = raw.strings[raw.nodes[o + iName] ?? 0] ?? '';
    id[n] = raw.nodes[o + iId] ?? 0;
    selfSize[n] = raw.nodes[o + iSelf] ?? 0;
    firstEdge[n] = e;
    e += (raw.nodes[o + iEdges] ?? 0) * EF;
    firstEdge[n + 1] = e;
  }
  // Reverse edges (retainers), skipping weak ones; and BFS distance from the root (node 0).
  const retainerCount = new Int32Array(count + 1);
  const weak = edgeTypes.indexOf('weak');
  const edgeLabel = (e: number): string => {
    const t = edgeTypes[raw.edges[e + eType] ?? 0] ?? '?';
    const v = raw.edges[e + eName] ?? 0;
    return t === 'element' || t === 'hidden' ? `[${v}]` : `${t === 'property' ? '.' : `(${t}) `}${raw.strings[v] ?? v}`;
  };
  for (let e = 0; e < raw.edges.length; e += EF) {
    if (raw.edges[e + eType] === weak) continue;
    retainerCount[(raw.edges[e + eTo] ?? 0) / NF] = (retainerCount[(raw.edges[e + eTo] ?? 0) / NF] ?? 0) + 1;
  }
  const retainerStart = new Int32Array(count + 1);
  for (let n = 0; n < count; n++) retainerStart[n + 1] = (retainerStart[n] ?? 0) + (retainerCount[n] ?? 0);
  const fill = retainerStart.slice();
  const retainers = new Int32Array(retainerStart[count] ?? 0);
  const retainerLabel: string[] = new Array<string>(retainers.length);
  const distance = new Int32Array(count).fill(-1);
  for (let n = 0; n < count; n++) {
    for (let e = firstEdge[n] ?? 0; e < (firstEdge[n + 1] ?? 0); e += EF) {
      if (raw.edges[e + eType] === weak) continue;
      const to = (raw.edges[e + eTo] ?? 0) / NF;
      const at = fill[to] ?? 0;
      fill[to] = at + 1;
      retainers[at] = n;
      retainerLabel[at] = edgeLabel(e);
    }
  }
  const queue = new Int32Array(count);
  let head = 0;
  let tail = 0;
  distance[0] = 0;
  queue[tail++] = 0;
  while (head < tail) {
    const n = queue[head++] ?? 0;
    for (let e = firstEdge[n] ?? 0; e < (firstEdge[n + 1] ?? 0); e += EF) {
      if (raw.edges[e + eType] === weak) continue;
      const to = (raw.edges[e + eTo] ?? 0) / NF;
      if (distance[to] !== -1) continue;
      distance[to] = (distance[n] ?? 0) + 1;
      queue[tail++] = to;
    }
  }
  return { count, type, name, id, selfSize, retainerStart, retainers, retainerLabel, distance };
}

/** A short class for grouping: constructor for objects, function name for closures, etc. */
export function classOf(h: Heap, n: number): string {
  const t = h.type[n] ?? '?';
  const name = h.name[n] ?? '';
  switch (t) {
    case 'object':
    case 'native':
      return name.length > 80 ? `${name.slice(0, 77)}...` : name;
    case 'closure':
      return `(closure) ${name || '(anonymous)'}`;
    case 'string':
    case 'concatenated string':
    case 'sliced string':
      return '(string)';
    case 'array':
      return `(array) ${name.slice(0, 40)}`;
    case 'hidden':
    case 'code':
    case 'object shape':
      return `(${t}) ${name.slice(0, 40)}`;
    default:
      return `(${t})`;
  }
}

/** The path from the GC root to `n`, following for each node its retainer nearest the root. */
export function retainerPath(h: Heap, n: number, maxHops = 14): string {
  const parts: string[] = [];
  let cur = n;
  for (let hop = 0; hop < maxHops && cur !== 0; hop++) {
    let best = -1;
    let bestLabel = '';
    for (let r = h.retainerStart[cur] ?? 0; r < (h.retainerStart[cur + 1] ?? 0); r++) {
      const from = h.retainers[r] ?? 0;
      const d = h.distance[from] ?? -1;
      if (d < 0) continue;
      if (best === -1 || d < (h.distance[best] ?? 0)) {
        best = from;
        bestLabel = h.retainerLabel[r] ?? '';
      }
    }
    if (best === -1) {
      parts.push('(unreachable by strong edges)');
      break;
    }
    parts.push(`${bestLabel} ← ${classOf(h, best)}`);
    cur = best;
  }
  return `${classOf(h, n)} ${parts.join(' ')}`;
}

interface Group {
  count: number;
  size: number;
}

function groupBy(h: Heap, only?: (n: number) => boolean): Map<string, Group & { sample: number }> {
  const out = new Map<string, Group & { sample: number }>();
  for (let n = 0; n < h.count; n++) {
    if (only && !only(n)) continue;
    const k = classOf(h, n);
    const g = out.get(k);
    if (g) {
      g.count += 1;
      g.size += h.selfSize[n] ?? 0;
    } else out.set(k, { count: 1, size: h.selfSize[n] ?? 0, sample: n });
  }
  return out;
}

export function loadSnapshot(path: string): Heap {
  return parseSnapshot(JSON.parse(readFileSync(path, 'utf8')) as RawSnapshot);
}

export function compare(a: Heap, b: Heap, top: number): string {
  const lines: string[] = [];
  const kib = (x: number): string => (x / 1024).toFixed(1);
  const total = (h: Heap): number => h.selfSize.reduce((s, x) => s + x, 0);
  lines.push(
    `snapshot A: ${a.count} objects, ${kib(total(a))} KiB self size; snapshot B: ${b.count} objects, ${kib(total(b))} KiB (Δ ${kib(total(b) - total(a))} KiB)`,
  );
  const ga = groupBy(a);
  const gb = groupBy(b);
  const keys = new Set([...ga.keys(), ...gb.keys()]);
  const deltas = [...keys]
    .map((k) => {
      const x = ga.get(k) ?? { count: 0, size: 0 };
      const y = gb.get(k) ?? { count: 0, size: 0 };
      return { k, dc: y.count - x.count, ds: y.size - x.size, ca: x.count, cb: y.count };
    })
    .filter((d) => d.dc !== 0 || d.ds !== 0)
    .sort((p, q) => Math.abs(q.ds) - Math.abs(p.ds));
  lines.push('', `By constructor, largest self-size change first (top ${top}):`, '  Δsize KiB   Δcount   A→B count   class');
  for (const d of deltas.slice(0, top))
    lines.push(`  ${kib(d.ds).padStart(9)}  ${String(d.dc).padStart(7)}  ${`${d.ca}→${d.cb}`.padStart(11)}   ${d.k}`);

  const idsA = new Set<number>();
  for (let n = 0; n < a.count; n++) idsA.add(a.id[n] ?? 0);
  // Only objects the page can reach over strong edges: the rest is garbage V8 keeps as a snapshot artefact.
  const fresh = groupBy(b, (n) => !idsA.has(b.id[n] ?? 0) && (b.distance[n] ?? -1) >= 0);
  const freshList = [...fresh.entries()].sort((p, q) => q[1].size - p[1].size);
  const freshCount = freshList.reduce((s, [, g]) => s + g.count, 0);
  const freshSize = freshList.reduce((s, [, g]) => s + g.size, 0);
  lines.push(
    '',
    `Objects in B that did not exist in A (still reachable): ${freshCount} objects, ${kib(freshSize)} KiB. Top ${top} by size, with one sample's retainer path:`,
  );
  for (const [k, g] of freshList.slice(0, top)) {
    lines.push(`  ${kib(g.size).padStart(9)} KiB  ${String(g.count).padStart(6)} ×  ${k}`);
    lines.push(`      ${retainerPath(b, g.sample)}`);
  }
  return lines.join('\n');
}
