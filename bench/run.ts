import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchReport } from './bench-kit.js';

const here = dirname(fileURLToPath(import.meta.url));
const resultsDir = join(here, 'results');
const only = process.argv.slice(2);

function summarise(reports: BenchReport[]): string {
  const lines = [`# Benchmark results`, '', `Machine: ${process.platform} ${process.arch}, Node ${process.version}.`, ''];
  lines.push('| benchmark | metric | value | target | met |', '|---|---|---|---|---|');
  for (const r of reports) {
    for (const row of r.rows) {
      const met = row.met === undefined ? '' : row.met ? 'yes' : '**no**';
      lines.push(`| ${r.name} | ${row.metric} | ${row.value} ${row.unit} | ${row.target ?? ''} | ${met} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  mkdirSync(resultsDir, { recursive: true });
  const files = readdirSync(here)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
    .sort();
  for (const file of files) {
    process.stderr.write(`bench: ${file}\n`);
    const mod = (await import(pathToFileURL(join(here, file)).href)) as { bench: () => Promise<BenchReport> };
    const report = await mod.bench();
    report.rows.forEach((r) =>
      process.stderr.write(
        `  ${r.metric}: ${r.value} ${r.unit}${r.target ? ` (target ${r.target}: ${r.met ? 'met' : 'NOT met'})` : ''}\n`,
      ),
    );
    writeFileSync(
      join(resultsDir, `${report.name}.json`),
      `${JSON.stringify({ ...report, at: new Date().toISOString() }, null, 2)}\n`,
    );
  }
  const all = readdirSync(resultsDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(resultsDir, f), 'utf8')) as Partial<BenchReport>)
    // Reports of other shapes (the soak report has its own soak.md) are left out of the table.
    .filter((r): r is BenchReport => typeof r.name === 'string' && Array.isArray(r.rows));
  writeFileSync(join(resultsDir, 'SUMMARY.md'), summarise(all));
  process.stderr.write(`bench: results in ${resultsDir}\n`);
}

await main();
