/**
 * The heap-snapshot comparison (bench/heap-snapshot.ts) behind both heap-diff tools, on small hand-built snapshots
 * in V8's .heapsnapshot layout: growth by constructor, objects new since the first snapshot, the
 * retainer path that names their holder, and objects held only weakly left out.
 */
import { describe, expect, it } from 'vitest';
import { classOf, compare, parseSnapshot, retainerPath } from '../../../bench/heap-snapshot.js';

const NODE_TYPES = ['hidden', 'array', 'string', 'object', 'code', 'closure', 'regexp', 'number', 'native', 'synthetic'];
const EDGE_TYPES = ['context', 'element', 'property', 'internal', 'hidden', 'shortcut', 'weak'];

interface N {
  type: string;
  name: string;
  id: number;
  size: number;
  edges: { type: string; name: string | number; to: number }[];
}

/** Builds a snapshot in V8's flat layout; `to` in edges is an index into `nodes`. */
function snapshot(nodes: N[]) {
  const strings: string[] = [];
  const str = (s: string): number => {
    const i = strings.indexOf(s);
    if (i >= 0) return i;
    strings.push(s);
    return strings.length - 1;
  };
  const NF = 7;
  const flatNodes: number[] = [];
  const flatEdges: number[] = [];
  for (const n of nodes) {
    flatNodes.push(NODE_TYPES.indexOf(n.type), str(n.name), n.id, n.size, n.edges.length, 0, 0);
    for (const e of n.edges) {
      const name = e.type === 'element' || e.type === 'hidden' ? Number(e.name) : str(String(e.name));
      flatEdges.push(EDGE_TYPES.indexOf(e.type), name, e.to * NF);
    }
  }
  return {
    snapshot: {
      meta: {
        node_fields: ['type', 'name', 'id', 'self_size', 'edge_count', 'trace_node_id', 'detachedness'],
        node_types: [NODE_TYPES] as [string[]],
        edge_fields: ['type', 'name_or_index', 'to_node'],
        edge_types: [EDGE_TYPES] as [string[]],
      },
    },
    nodes: flatNodes,
    edges: flatEdges,
    strings,
  };
}

const root = (edges: N['edges']): N => ({ type: 'synthetic', name: '', id: 1, size: 0, edges });
const windowNode = (edges: N['edges']): N => ({ type: 'object', name: 'Window', id: 3, size: 100, edges });

const before = snapshot([
  root([{ type: 'property', name: 'window', to: 1 }]),
  windowNode([{ type: 'property', name: 'listeners', to: 2 }]),
  { type: 'object', name: 'Array', id: 5, size: 32, edges: [] },
]);
const after = snapshot([
  root([
    { type: 'property', name: 'window', to: 1 },
    { type: 'weak', name: 'cache', to: 5 },
  ]),
  windowNode([{ type: 'property', name: 'listeners', to: 2 }]),
  {
    type: 'object',
    name: 'Array',
    id: 5,
    size: 32,
    edges: [
      { type: 'element', name: 0, to: 3 },
      { type: 'element', name: 1, to: 4 },
    ],
  },
  { type: 'object', name: 'Listener', id: 7, size: 1024, edges: [] },
  { type: 'object', name: 'Listener', id: 9, size: 1024, edges: [] },
  { type: 'object', name: 'Ghost', id: 11, size: 4096, edges: [] },
]);

describe('renderer heap diff', () => {
  it('parses nodes, names and the distance from the root over strong edges only', () => {
    const h = parseSnapshot(after);
    expect(h.count).toBe(6);
    expect(classOf(h, 3)).toBe('Listener');
    expect([...h.distance]).toEqual([0, 1, 2, 3, 3, -1]);
  });

  it('names the holder of new objects by the retainer path from the root', () => {
    const h = parseSnapshot(after);
    expect(retainerPath(h, 4)).toBe('Listener [1] ← Array .listeners ← Window .window ← (synthetic)');
  });

  it('reports growth by constructor and the new reachable objects, without weakly held ones', () => {
    const out = compare(parseSnapshot(before), parseSnapshot(after), 10);
    expect(out).toMatch(/Δ 6\.0 KiB/);
    expect(out).toMatch(/2\.0\s+2\s+0→2\s+Listener/);
    expect(out).toMatch(/4\.0\s+1\s+0→1\s+Ghost/);
    const fresh = out.slice(out.indexOf('did not exist'));
    expect(fresh).toMatch(/2 objects, 2\.0 KiB/);
    expect(fresh).toMatch(/2\.0 KiB\s+2 ×\s+Listener\n\s+Listener \[0\] ← Array \.listeners ← Window \.window ← \(synthetic\)/);
    expect(fresh).not.toMatch(/Ghost/);
  });
});
