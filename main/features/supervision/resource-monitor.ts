/**
 * Resource samples of the kiosk: this process's RSS and V8 heap, and (browser host) the RSS of
 * the Chromium process tree read from /proc. Recorded in the store's device-event table
 * (`deviceId: 'kiosk'`, `kind: 'resources'`, the numbers as JSON in `detail`), so no migration
 * is needed and the rows are purged with the other device events; the latest sample is kept in
 * memory for the heartbeat.
 */
import { readdirSync, readFileSync } from 'node:fs';

export interface ResourceSample {
  at: number;
  rssBytes: number;
  heapUsedBytes: number;
  heapTotalBytes: number;
  externalBytes: number;
  /** RSS of the Chromium process and its descendants; null when not known (Electron, headless, not Linux). */
  browserRssBytes: number | null;
}

/** `VmRSS` in bytes from the text of /proc/<pid>/status; null when absent. */
export function parseVmRss(status: string): number | null {
  const m = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  return m ? Number(m[1]) * 1024 : null;
}

/** The parent pid from the text of /proc/<pid>/stat (the name in parentheses may hold spaces or ')'). */
export function parsePpid(stat: string): number | null {
  const close = stat.lastIndexOf(')');
  if (close < 0) return null;
  const fields = stat
    .slice(close + 2)
    .trim()
    .split(/\s+/);
  const ppid = Number(fields[1]);
  return Number.isInteger(ppid) && ppid >= 0 ? ppid : null;
}

/** A pid and its descendants, from a pid → ppid map. */
export function descendants(root: number, parents: ReadonlyMap<number, number>): number[] {
  const children = new Map<number, number[]>();
  for (const [pid, ppid] of parents) {
    const list = children.get(ppid) ?? [];
    list.push(pid);
    children.set(ppid, list);
  }
  const out: number[] = [];
  const stack = [root];
  const seen = new Set<number>();
  while (stack.length > 0) {
    const pid = stack.pop() as number;
    if (seen.has(pid)) continue;
    seen.add(pid);
    out.push(pid);
    for (const c of children.get(pid) ?? []) stack.push(c);
  }
  return out;
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** Sum of VmRSS over a process tree, from /proc; null when the root is gone or /proc is absent. */
export function treeRssBytes(rootPid: number, proc = '/proc'): number | null {
  const own = readText(`${proc}/${rootPid}/status`);
  if (own === null) return null;
  const parents = new Map<number, number>();
  let entries: string[];
  try {
    entries = readdirSync(proc);
  } catch {
    return parseVmRss(own);
  }
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    const stat = readText(`${proc}/${e}/stat`);
    const ppid = stat === null ? null : parsePpid(stat);
    if (ppid !== null) parents.set(Number(e), ppid);
  }
  let total = 0;
  for (const pid of descendants(rootPid, parents)) total += parseVmRss(readText(`${proc}/${pid}/status`) ?? '') ?? 0;
  return total;
}

export interface ResourceSink {
  record(e: { at: number; deviceId: string; kind: string; code: string | null; detail: string | null }): number;
}

export interface ResourceMonitorOptions {
  everyMs: number;
  /** Where samples go (the store's device events); null keeps them in memory only. */
  sink: () => ResourceSink | null;
  /** The Chromium pid, when the browser host launched one. */
  browserPid?: () => number | null;
  now?: () => number;
  memory?: () => NodeJS.MemoryUsage;
  onError?: (err: unknown) => void;
}

export class ResourceMonitor {
  private timer: NodeJS.Timeout | null = null;
  private last: ResourceSample | null = null;
  private readonly now: () => number;

  constructor(private readonly o: ResourceMonitorOptions) {
    if (!Number.isFinite(o.everyMs) || o.everyMs < 1) throw new RangeError(`everyMs must be positive, not ${o.everyMs}`);
    this.now = o.now ?? Date.now;
  }

  start(): void {
    if (this.timer !== null) return;
    this.sample();
    this.timer = setInterval(() => this.sample(), this.o.everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  /** Takes and records one sample now. Never throws: a store error is reported and the sample kept. */
  sample(): ResourceSample {
    const m = (this.o.memory ?? process.memoryUsage)();
    const pid = this.o.browserPid?.() ?? null;
    const s: ResourceSample = {
      at: this.now(),
      rssBytes: m.rss,
      heapUsedBytes: m.heapUsed,
      heapTotalBytes: m.heapTotal,
      externalBytes: m.external,
      browserRssBytes: pid === null ? null : treeRssBytes(pid),
    };
    this.last = s;
    try {
      this.o.sink()?.record({ at: s.at, deviceId: 'kiosk', kind: 'resources', code: null, detail: JSON.stringify(s) });
    } catch (err) {
      this.o.onError?.(err);
    }
    return s;
  }

  /** The latest sample, for the heartbeat. */
  latest(): ResourceSample | null {
    return this.last === null ? null : { ...this.last };
  }
}
