/**
 * The local face check (#15, docs/identity.md): model load (cold), capture → decision time on a
 * 640×480 frame plus a reference photo (detection, descriptor, anti-spoof and liveness on both
 * images), resident memory of the loaded engine, CPU while idle, and the false-accept /
 * false-reject rates of the fixture set (tests/fixtures/faces) at several similarity thresholds.
 */
import { FACE_CHECK_DEFAULTS } from '../config/identity-schema.js';
import type { FaceCheckScores } from '../main/features/identity/face/face-check.js';
import { FaceChecker } from '../main/features/identity/face/face-checker.js';
import { liveFrame, PHOTOS, referenceJpeg, type Variant } from '../tests/integration/main/features/identity/face-frames.js';
import { percentile, round, type BenchReport } from './bench-kit.js';

const CHECKS = 20;
const IDLE_MS = 2000;

interface Trial {
  reference: string;
  live: string;
  variant: Variant;
  kind: 'genuine-other-photo' | 'genuine-same-photo' | 'impostor' | 'rephotographed';
  scores: FaceCheckScores;
}

/** CPU time of this process (every thread, the engine's included) over `ms` of doing nothing. */
async function idleCpuPercent(ms: number): Promise<number> {
  const before = process.cpuUsage();
  const t0 = performance.now();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const used = process.cpuUsage(before);
  return ((used.user + used.system) / 1000 / (performance.now() - t0)) * 100;
}

function rates(trials: Trial[], similarity: number, withLiveness: boolean) {
  const t = FACE_CHECK_DEFAULTS;
  const accepted = (s: FaceCheckScores) =>
    s.similarity !== undefined &&
    s.similarity >= similarity &&
    (!withLiveness || ((s.antispoof ?? 0) >= t.antispoof && (s.liveness ?? 0) >= t.liveness));
  const of = (kind: Trial['kind']) => trials.filter((x) => x.kind === kind);
  const share = (xs: Trial[], f: (x: Trial) => boolean) => (xs.length === 0 ? 0 : round(xs.filter(f).length / xs.length, 3));
  return {
    similarity,
    withLiveness,
    far: share(of('impostor'), (x) => accepted(x.scores)),
    frrOtherPhoto: share(of('genuine-other-photo'), (x) => !accepted(x.scores)),
    frrSamePhoto: share(of('genuine-same-photo'), (x) => !accepted(x.scores)),
    rephotographedAccepted: share(of('rephotographed'), (x) => accepted(x.scores)),
  };
}

export async function bench(): Promise<BenchReport> {
  const idleBeforeStart = await idleCpuPercent(IDLE_MS);
  const rss0 = process.memoryUsage().rss;
  // Anti-spoof and liveness at 0 so that every trial reaches the comparison and reports all scores;
  // the rates below apply the thresholds afterwards.
  const checker = new FaceChecker({ config: { ...FACE_CHECK_DEFAULTS, antispoof: 0, liveness: 0 } });
  const t0 = performance.now();
  const ready = await checker.warmUp();
  const loadWallMs = performance.now() - t0;
  if (!ready.ok) throw new Error(`face engine did not load: ${ready.error.message}`);

  const times: number[] = [];
  const frame = liveFrame('a1', 'jitter');
  const ref = referenceJpeg('a1');
  for (let i = 0; i < CHECKS; i++) {
    const s = performance.now();
    const r = await checker.check(frame, ref);
    times.push(performance.now() - s);
    if (!r.ok || r.value.code !== 'match') throw new Error(`unexpected check result ${JSON.stringify(r)}`);
  }
  const rssLoaded = process.memoryUsage().rss;

  const trials: Trial[] = [];
  for (const [refName, refId] of PHOTOS) {
    for (const [liveName, liveId] of PHOTOS) {
      const plan: [Variant, Trial['kind']][] =
        refName === liveName
          ? [
              ['jitter', 'genuine-same-photo'],
              ['rephotographed', 'rephotographed'],
            ]
          : [['plain', refId === liveId ? 'genuine-other-photo' : 'impostor']];
      for (const [variant, kind] of plan) {
        const m = await checker.measure(liveFrame(liveName, variant), referenceJpeg(refName));
        if (!m.ok) throw new Error(`check failed: ${m.error.message}`);
        trials.push({ reference: refName, live: liveName, variant, kind, scores: m.value.scores });
      }
    }
  }
  // The first second after the trials is left out (garbage collection of their frames), then measured.
  await idleCpuPercent(1000);
  const idleLoaded = await idleCpuPercent(IDLE_MS);
  await checker.close();

  const table = [0.4, 0.5, 0.6, 0.7].flatMap((s) => [rates(trials, s, false), rates(trials, s, true)]);
  const chosen = rates(trials, FACE_CHECK_DEFAULTS.similarity, true);
  const p95 = percentile(times, 95);
  const rssMb = (rssLoaded - rss0) / 2 ** 20;
  const count = (k: Trial['kind']) => trials.filter((x) => x.kind === k).length;
  return {
    name: 'face',
    description:
      `FaceChecker (@vladmandic/human 3.3.6 on tfjs-backend-wasm 4.22.0, worker thread): cold load, ${CHECKS} checks of a 640×480 RGB frame ` +
      `against a JPEG reference, RSS growth, idle CPU over ${IDLE_MS} ms, and FAR/FRR on tests/fixtures/faces ` +
      `(${count('impostor')} impostor pairs, ${count('genuine-other-photo')} genuine pairs of different photos, ` +
      `${count('genuine-same-photo')} of the same photo mirrored/brightened, ${count('rephotographed')} re-photographed).`,
    rows: [
      { metric: 'model load, cold (engine)', value: ready.value.loadMs, unit: 'ms' },
      { metric: 'model load, cold (thread start to ready)', value: Math.round(loadWallMs), unit: 'ms' },
      { metric: 'capture → decision p95', value: Math.round(p95), unit: 'ms', target: '≤ 1500 ms', met: p95 <= 1500 },
      { metric: 'capture → decision median', value: Math.round(percentile(times, 50)), unit: 'ms' },
      {
        metric: 'resident memory of the loaded engine',
        value: round(rssMb, 1),
        unit: 'MiB',
        target: '≤ 300 MiB',
        met: rssMb <= 300,
      },
      {
        metric: 'CPU idle, engine not started',
        value: round(idleBeforeStart, 2),
        unit: '% of a core',
        target: '0',
        met: idleBeforeStart < 0.5,
      },
      { metric: 'CPU idle, engine loaded', value: round(idleLoaded, 2), unit: '% of a core', target: '0', met: idleLoaded < 0.5 },
      { metric: `FAR at similarity ${chosen.similarity} (+ liveness)`, value: chosen.far, unit: 'share' },
      { metric: `FRR, other photo, at ${chosen.similarity} (+ liveness)`, value: chosen.frrOtherPhoto, unit: 'share' },
      { metric: `FRR, same photo jittered, at ${chosen.similarity} (+ liveness)`, value: chosen.frrSamePhoto, unit: 'share' },
      { metric: 're-photographed faces accepted (+ liveness)', value: chosen.rephotographedAccepted, unit: 'share' },
    ],
    raw: { backend: ready.value.backend, checkMs: times.map((t) => round(t, 1)), rates: table, trials },
  };
}
