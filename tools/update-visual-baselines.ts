/**
 * Regenerates the visual baselines on purpose (`npm run test:visual:update`): builds the renderer,
 * runs tests/e2e/visual.test.ts with UPDATE_VISUAL=1 (every screenshot is written to
 * tests/visual-baselines/ instead of compared; the layout checks still run and must pass), then
 * removes the baselines of screens the run no longer takes. Review the images, then commit
 * tests/visual-baselines/.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { BASELINE_DIR, VISUAL_OUT } from '../tests/helpers/visual.js';

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): void {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env });
  if (r.status !== 0) {
    console.error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal}); the baselines are not all written`);
    process.exit(r.status ?? 1);
  }
}

run('npm', ['run', 'build:renderer']);
run('npx', ['vitest', 'run', 'tests/e2e/visual.test.ts'], { ...process.env, UPDATE_VISUAL: '1' });
const written = new Set(JSON.parse(readFileSync(join(VISUAL_OUT, 'manifest.json'), 'utf8')) as string[]);
const stale = readdirSync(BASELINE_DIR).filter((f) => f.endsWith('.png') && !written.has(f.slice(0, -'.png'.length)));
for (const f of stale) rmSync(join(BASELINE_DIR, f));
console.log(
  `${written.size} baselines written in ${BASELINE_DIR}${stale.length ? `, ${stale.length} stale removed: ${stale.join(', ')}` : ''}`,
);
