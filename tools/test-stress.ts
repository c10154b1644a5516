/**
 * `npm run test:stress`: run the whole suite several times in a row, some runs with a CPU hog
 * beside it, and say which tests failed in which runs. Use it before a hand-over: a test that
 * fails one run in three throws a whole session's work away at CI.
 *
 *   npm run test:stress                         # 10 runs, every second one under CPU load
 *   npm run test:stress -- --runs 4 --load all  # 4 runs, all under load
 *   npm run test:stress -- --runs 6 tests/cli   # only some files (passed on to vitest)
 *
 * Options: `--runs N` (default 10), `--load alternate|all|none` (default alternate: runs 2, 4, …
 * are loaded), `--hogs N` (busy processes beside a loaded run; default: one per core). The hog is
 * `stress-ng --cpu N` when installed, else N busy Node processes. The suite is built once first.
 *
 * Output: each run's vitest JSON report in `test-output/stress/run-K.json`, and a summary (per
 * test: how many runs failed it, loaded or not, and the first line of each error) printed and
 * written to `test-output/stress/summary.md`. Exit 0 only when every run passed.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const root = join(import.meta.dirname, '..');
const outDir = join(root, 'test-output', 'stress');

interface AssertionResult {
  fullName: string;
  status: string;
  failureMessages?: string[];
}
interface FileResult {
  name: string;
  status: string;
  message?: string;
  assertionResults: AssertionResult[];
}
interface JsonReport {
  numFailedTests: number;
  numPassedTests: number;
  testResults: FileResult[];
}

interface RunOutcome {
  run: number;
  loaded: boolean;
  seconds: number;
  exitCode: number | null;
  passed: number;
  failures: { test: string; error: string }[];
}

function startHog(count: number): ChildProcess[] {
  const stressNg = spawnSync('stress-ng', ['--version'], { stdio: 'ignore' }).status === 0;
  if (stressNg) return [spawn('stress-ng', ['--cpu', String(count), '--quiet'], { stdio: 'ignore' })];
  return Array.from({ length: count }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
}

function stopHog(hog: ChildProcess[]): Promise<void> {
  return Promise.all(
    hog.map(
      (p) =>
        new Promise<void>((resolve) => {
          if (p.exitCode !== null || p.signalCode !== null) return resolve();
          p.once('exit', () => resolve());
          p.kill('SIGTERM');
        }),
    ),
  ).then(() => undefined);
}

function runVitest(report: string, files: string[]): Promise<number | null> {
  const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
  const args = [vitest, 'run', '--reporter=dot', '--reporter=json', `--outputFile.json=${report}`, ...files];
  return new Promise((resolve) => {
    const p = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
    p.on('exit', (code) => resolve(code));
  });
}

function firstLine(message: string): string {
  const line = (message.split('\n').find((l) => l.trim() !== '') ?? message).trim();
  // vitest's JSON report names a test timeout only by the error that carries its stack.
  if (line === 'Error: STACK_TRACE_ERROR') return 'the test timed out';
  return line.slice(0, 200);
}

function failuresOf(report: JsonReport): { test: string; error: string }[] {
  const out: { test: string; error: string }[] = [];
  for (const file of report.testResults) {
    const rel = file.name.startsWith(root) ? file.name.slice(root.length + 1) : file.name;
    const failed = file.assertionResults.filter((a) => a.status === 'failed');
    for (const a of failed) out.push({ test: `${rel} > ${a.fullName}`, error: firstLine(a.failureMessages?.[0] ?? '') });
    if (file.status === 'failed' && failed.length === 0)
      out.push({ test: `${rel} (file)`, error: firstLine(file.message ?? 'the file failed outside its tests') });
  }
  return out;
}

function summary(outcomes: RunOutcome[]): string {
  const lines = ['# Test stress summary', ''];
  lines.push(`${outcomes.length} runs, ${outcomes.filter((o) => o.loaded).length} under CPU load.`, '');
  lines.push('| run | load | seconds | passed | failed |', '|---|---|---|---|---|');
  for (const o of outcomes)
    lines.push(`| ${o.run} | ${o.loaded ? 'hog' : '-'} | ${o.seconds} | ${o.passed} | ${o.failures.length} |`);
  const byTest = new Map<string, { runs: number[]; errors: Set<string> }>();
  for (const o of outcomes)
    for (const f of o.failures) {
      const entry = byTest.get(f.test) ?? { runs: [], errors: new Set<string>() };
      entry.runs.push(o.run);
      entry.errors.add(f.error);
      byTest.set(f.test, entry);
    }
  lines.push('');
  if (byTest.size === 0) lines.push('No test failed.');
  else {
    lines.push('| test | failed in runs | errors |', '|---|---|---|');
    for (const [test, e] of [...byTest].sort((a, b) => b[1].runs.length - a[1].runs.length))
      lines.push(`| ${test} | ${e.runs.join(', ')} | ${[...e.errors].join('<br>').replaceAll('|', '\\|')} |`);
  }
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { runs: { type: 'string' }, load: { type: 'string' }, hogs: { type: 'string' } },
  });
  const runs = Number(values.runs ?? 10);
  const load = values.load ?? 'alternate';
  const hogs = Number(values.hogs ?? availableParallelism());
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a positive integer');
  if (!['alternate', 'all', 'none'].includes(load)) throw new Error('--load must be alternate, all or none');
  if (!Number.isInteger(hogs) || hogs < 1) throw new Error('--hogs must be a positive integer');

  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) return 1;

  const outcomes: RunOutcome[] = [];
  for (let run = 1; run <= runs; run++) {
    const loaded = load === 'all' || (load === 'alternate' && run % 2 === 0);
    process.stderr.write(`\ntest:stress: run ${run}/${runs}${loaded ? `, with ${hogs} CPU hogs` : ''}\n`);
    const hog = loaded ? startHog(hogs) : [];
    const report = join(outDir, `run-${run}.json`);
    const started = Date.now();
    let exitCode: number | null;
    try {
      exitCode = await runVitest(report, positionals);
    } finally {
      await stopHog(hog);
    }
    const seconds = Math.round((Date.now() - started) / 1000);
    let parsed: JsonReport | null;
    try {
      parsed = JSON.parse(readFileSync(report, 'utf8')) as JsonReport;
    } catch {
      parsed = null;
    }
    const failures = parsed ? failuresOf(parsed) : [{ test: '(whole run)', error: `vitest exited ${exitCode} without a report` }];
    if (exitCode !== 0 && failures.length === 0)
      failures.push({ test: '(whole run)', error: `vitest exited ${exitCode} with every test passed` });
    outcomes.push({ run, loaded, seconds, exitCode, passed: parsed?.numPassedTests ?? 0, failures });
    process.stderr.write(`test:stress: run ${run}: ${failures.length} failed in ${seconds} s\n`);
    for (const f of failures) process.stderr.write(`  ✗ ${f.test}: ${f.error}\n`);
    writeFileSync(join(outDir, 'summary.md'), summary(outcomes));
  }
  const text = summary(outcomes);
  process.stdout.write(`\n${text}`);
  return outcomes.every((o) => o.failures.length === 0) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`test:stress: ${(e as Error).message}\n`);
    process.exit(1);
  },
);
