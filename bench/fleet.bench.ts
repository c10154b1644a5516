/**
 * Fleet config channel: (1) verify + apply of a bundle carrying a 1,000-matter catalog;
 * (2) 1,000 simulated terminals (real agents, own state dirs) polling one static server on
 * loopback for an unchanged repository: requests/s served and bytes per poll; (3) a rollout
 * at 10 % then 100 %: time until every targeted terminal reports the new release, with the
 * agents polling every 2 s ± 20 %. Loopback only; the loads are bounded.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaults } from '../config/defaults.js';
import { FleetAgent } from '../main/features/fleet/agent.js';
import { FleetRepository } from '../main/shells/cli/fleet-publish/repository.js';
import { bucketOf } from '../main/features/fleet/rollout.js';
import { serveDirectory } from '../main/shells/cli/fleet-publish/static-server.js';
import { median, round, type BenchReport, type BenchRow } from './bench-kit.js';

const TERMINALS = 1000;
/**
 * Poll interval in the rollout phase. One Node process simulating 1,000 terminals on two
 * shared cores manages ~120 unchanged polls/s, so 20 s (≈ 50 polls/s) leaves room for the
 * applies; real terminals poll every 5 min and apply on their own CPUs.
 */
const POLL_MS = 20_000;
/** Catalog size of the rollout releases: the phase measures propagation, not parsing. */
const ROLLOUT_MATTERS = 20;

function catalog(n: number): unknown {
  return {
    matters: Array.from({ length: n }, (_, i) => ({
      id: `matter-${i}`,
      category: ['household', 'social-security', 'vehicles', 'business'][i % 4],
      names: { 'zh-CN': `政务服务事项第${i}项`, 'zh-HK': `政務服務事項第${i}項`, en: `Government service matter no. ${i}` },
      instant: false,
      timeLimitDays: i % 20,
      delivery: ['locker', 'post'],
    })),
  };
}

function src(idleSeconds: number, matters: number): unknown {
  return { global: { session: { ...defaults.session, idleSeconds }, catalog: catalog(matters) } };
}

async function pool<T>(items: readonly T[], width: number, fn: (x: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const i = next++;
        const item = items[i];
        if (item !== undefined) await fn(item);
      }
    }),
  );
}

export async function bench(): Promise<BenchReport> {
  const dir = mkdtempSync(join(tmpdir(), 'yimen-fleet-bench-'));
  const rows: BenchRow[] = [];
  try {
    const init = FleetRepository.init(join(dir, 'repo'));
    if (!init.ok) throw new Error(init.error.message);
    const repo = init.value;
    const pub = repo.publish({ source: src(100, 1000), by: 'bench' });
    if (!pub.ok) throw new Error(pub.error.message);

    // (1) verify + apply, fresh terminal each time.
    const samples: number[] = [];
    for (let i = 0; i < 7; i++) {
      const a = new FleetAgent({
        repository: repo.publicDir,
        stateDir: join(dir, `apply-${i}`),
        trustedRoot: repo.trustedRootFile(),
        identity: { terminalId: `A-${i}`, hallId: 'h' },
        healthWindowMs: 0,
      });
      const t0 = performance.now();
      const r = await a.cycle();
      samples.push(performance.now() - t0);
      if (r.appliedVersion !== 1) throw new Error(`apply failed: ${r.reason}`);
    }
    const bundleBytes = repo.status().releases[0] ? (Object.values(repo.targets().signed.targets)[0]?.length ?? 0) : 0;
    rows.push({
      metric: 'verify + apply, 1,000-matter bundle (median of 7)',
      value: round(median(samples), 1),
      unit: 'ms',
      target: '≤ 1 s',
      met: median(samples) <= 1000,
    });
    rows.push({ metric: 'bundle size, 1,000 matters', value: round(bundleBytes / 1024, 1), unit: 'KiB' });

    // (2) 1,000 terminals polling an unchanged repository.
    const server = await serveDirectory(repo.publicDir);
    const seed = join(dir, 'seed');
    const seedAgent = new FleetAgent({
      repository: server.url,
      stateDir: seed,
      trustedRoot: repo.trustedRootFile(),
      identity: { terminalId: 'seed', hallId: 'h' },
      healthWindowMs: 0,
    });
    await seedAgent.cycle();
    const agents: FleetAgent[] = [];
    const reported = new Map<string, number | null>();
    const ids = Array.from({ length: TERMINALS }, (_, i) => `T-${String(i).padStart(5, '0')}`);
    for (const id of ids) {
      cpSync(seed, join(dir, 'terms', id), { recursive: true });
      agents.push(
        new FleetAgent({
          repository: server.url,
          stateDir: join(dir, 'terms', id),
          trustedRoot: repo.trustedRootFile(),
          identity: { terminalId: id, hallId: 'h' },
          healthWindowMs: 0,
          pollIntervalMs: POLL_MS,
          onResult: (r) => reported.set(id, r.appliedVersion),
        }),
      );
    }
    // Warm-up poll: each agent's first request for timestamp.json has no validator yet.
    await pool(agents, 50, async (a) => {
      await a.cycle();
    });
    const req0 = server.stats.requests;
    const wire0 = server.wireBytes();
    const t0 = performance.now();
    await pool(agents, 100, async (a) => {
      await a.cycle();
    });
    const secs = (performance.now() - t0) / 1000;
    const reqs = server.stats.requests - req0;
    rows.push({ metric: `unchanged-repository poll round, ${TERMINALS} terminals`, value: round(secs, 2), unit: 's' });
    rows.push({
      metric: 'requests served per second, 1,000 real agents on the same 2 cores',
      value: round(reqs / secs, 0),
      unit: 'req/s',
    });
    rows.push({ metric: 'HTTP requests per poll (unchanged)', value: round(reqs / TERMINALS, 2), unit: 'req' });
    rows.push({
      metric: 'bytes on the wire per poll (unchanged; headers included)',
      value: round((server.wireBytes() - wire0) / TERMINALS, 0),
      unit: 'B',
    });

    // (3) rollout at 10 %, then 100 %, agents polling every 2 s ± 20 %.
    const waitFor = async (release: number, targeted: string[], limitMs: number): Promise<number> => {
      const start = performance.now();
      while (performance.now() - start < limitMs) {
        if (targeted.every((id) => reported.get(id) === release)) return performance.now() - start;
        await new Promise((r) => setTimeout(r, 50));
      }
      const got = targeted.filter((id) => reported.get(id) === release).length;
      process.stderr.write(
        `  fleet bench: only ${got}/${targeted.length} terminals reported release ${release} within ${limitMs / 1000} s\n`,
      );
      return Number.NaN;
    };
    // Terminals boot at different times: start each loop at a random point of one interval,
    // and let the fleet reach its steady polling rate before publishing.
    const timers = agents.map((a) => setTimeout(() => a.start(), Math.random() * POLL_MS));
    await new Promise((r) => setTimeout(r, POLL_MS * 1.2));
    const p10 = repo.publish({ source: src(110, ROLLOUT_MATTERS), rollout: { percent: 10 }, by: 'bench' });
    if (!p10.ok) throw new Error(p10.error.message);
    const tenPct = ids.filter((id) => bucketOf(id) < 10);
    const t10 = await waitFor(2, tenPct, 180_000);
    // One more poll period with 10 %, then count who outside the cohort took it (must be none).
    await new Promise((r) => setTimeout(r, POLL_MS * 1.2));
    const leaked = ids.filter((id) => bucketOf(id) >= 10 && reported.get(id) === 2).length;
    const widened = repo.setRollout(2, { percent: 100 }, 'bench');
    if (!widened.ok) throw new Error(widened.error.message);
    const t100 = await waitFor(2, ids, 240_000);
    for (const t of timers) clearTimeout(t);
    await Promise.all(agents.map((a) => a.stop()));

    // The server alone: the same two conditional requests a poll makes, from 100 concurrent clients.
    const ts = await fetch(`${server.url}metadata/timestamp.json`);
    const etag = ts.headers.get('etag') ?? '';
    await ts.arrayBuffer();
    const rootNext = `${server.url}metadata/${repo.status().versions.root + 1}.root.json`;
    const polls = Array.from({ length: 5000 }, (_, i) => i);
    const s0 = server.stats.requests;
    const w0 = server.wireBytes();
    const c0 = performance.now();
    await pool(polls, 100, async () => {
      const a = await fetch(`${server.url}metadata/timestamp.json`, { headers: { 'if-none-match': etag } });
      await a.arrayBuffer();
      const b = await fetch(rootNext);
      await b.arrayBuffer();
    });
    const capSecs = (performance.now() - c0) / 1000;
    rows.push({
      metric: 'static server alone: conditional poll requests served per second',
      value: round((server.stats.requests - s0) / capSecs, 0),
      unit: 'req/s',
      target: '≥ 1,000 terminals polling every 5 min (≈ 7 req/s)',
      met: (server.stats.requests - s0) / capSecs >= 7,
    });
    rows.push({
      metric: 'static server alone: bytes on the wire per poll',
      value: round((server.wireBytes() - w0) / polls.length, 0),
      unit: 'B',
    });
    await server.close();
    rows.push({
      metric: `rollout 10 % (${tenPct.length} terminals): all report the new release`,
      value: round(t10 / 1000, 2),
      unit: 's',
      target: `≤ one poll interval (${POLL_MS / 1000} s) + 20 % + 10 s`,
      met: t10 <= POLL_MS * 1.2 + 10_000,
    });
    rows.push({
      metric: `rollout widened to 100 % (${TERMINALS} terminals): all report`,
      value: round(t100 / 1000, 2),
      unit: 's',
      target: `≤ one poll interval (${POLL_MS / 1000} s) + 20 % + 30 s`,
      met: t100 <= POLL_MS * 1.2 + 30_000,
    });
    const outside = ids.filter((id) => bucketOf(id) >= 10).length;
    rows.push({
      metric: `terminals outside the 10 % cohort (of ${outside}) that took release 2 before widening`,
      value: leaked,
      unit: 'terminals',
      target: '0',
      met: leaked === 0,
    });
    return {
      name: 'fleet',
      description: `TUF-verified config: apply of a 1,000-matter bundle; ${TERMINALS} real agents polling one loopback static server (Node http) with conditional requests; staged rollout 10 % → 100 % (a ${ROLLOUT_MATTERS}-matter bundle) with ${POLL_MS / 1000} s ± 20 % polling; all 1,000 agents run in this one process.`,
      rows,
      raw: { applySamplesMs: samples.map((s) => round(s, 1)), tenPercent: tenPct.length, outside },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
