import { readdirSync, readFileSync } from 'node:fs';

/** The pids of this process's children (from /proc): tests check a device left none behind. */
export function childPids(): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid) out.push(Number(d));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}
