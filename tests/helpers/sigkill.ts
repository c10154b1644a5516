/**
 * The kill tests' writer processes: a writer script bundled once (so that each cycle costs a plain
 * `node` start, not a TypeScript compile), then run and killed with SIGKILL at a moment the test
 * picks from what the writer has printed so far.
 */
import { spawn } from 'node:child_process';
import { basename, join } from 'node:path';
import { build } from 'esbuild';
import { root } from './cli.js';

/** Bundles the writer `entry` (a .ts file) into `outDir`; resolves with the bundle's path. */
export async function bundleWriter(entry: string, outDir: string): Promise<string> {
  const outfile = join(outDir, `${basename(entry, '.ts')}.cjs`);
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile,
    external: ['better-sqlite3', 'pino', 'pino-roll'],
    logLevel: 'silent',
  });
  return outfile;
}

export interface KillPlan {
  /** Kill this many ms after the start, before any output (a kill while the writer opens); none if null. */
  atStartMs: number | null;
  /** Asked with all of stdout after each chunk until a kill is set: the delay in ms, or null for not yet. */
  after: (stdout: string) => number | null;
  /** The kill that ends a writer that hangs. */
  guardMs: number;
}

export interface KilledRun {
  /** Its stdout, line by line. */
  lines: string[];
  /** Its `ERR…` lines and anything it wrote to stderr (cut to 500 characters). */
  errors: string[];
}

/** Runs the bundled writer with `args` until it is killed as `plan` says (or exits). */
export function runUntilKilled(bundle: string, args: string[], plan: KillPlan): Promise<KilledRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bundle, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_PATH: join(root, 'node_modules') },
    });
    let out = '';
    let err = '';
    const killIn = (ms: number): NodeJS.Timeout => setTimeout(() => child.kill('SIGKILL'), ms);
    let timer: NodeJS.Timeout | null = plan.atStartMs === null ? null : killIn(plan.atStartMs);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString('utf8');
      if (timer !== null) return;
      const ms = plan.after(out);
      if (ms !== null) timer = killIn(ms);
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
    const guard = killIn(plan.guardMs);
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(guard);
      if (timer) clearTimeout(timer);
      const lines = out.split('\n');
      resolve({
        lines,
        errors: [...lines.filter((l) => l.startsWith('ERR')), ...(err.trim() ? [err.trim().slice(0, 500)] : [])],
      });
    });
  });
}
