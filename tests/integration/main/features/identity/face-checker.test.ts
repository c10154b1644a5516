/**
 * The face check on real images (tests/fixtures/faces, cropped from @vladmandic/human's MIT demo
 * images; see tests/fixtures/README.md) with the real engine in its worker thread and the default
 * thresholds of config `identity.face`. docs/identity.md gives the measured error rates.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FACE_CHECK_DEFAULTS } from '../../../../../config/identity-schema.js';
import { FaceChecker } from '../../../../../main/features/identity/face/face-checker.js';
import { blankFrame, liveFrame, referenceJpeg } from './face-frames.js';

const checker = new FaceChecker({ config: { ...FACE_CHECK_DEFAULTS } });

beforeAll(async () => {
  const ready = await checker.warmUp();
  expect(ready).toMatchObject({ ok: true, value: { backend: 'wasm' } });
});
afterAll(() => checker.close());

async function code(live: Parameters<FaceChecker['check']>[0], ref: string) {
  const r = await checker.measure(live, referenceJpeg(ref));
  if (!r.ok) throw new Error(`check failed: ${r.error.code} ${r.error.message}`);
  return r.value;
}

describe('FaceChecker on the fixture faces', () => {
  it('matches two different photos of one person (a2 reference, a3 live)', async () => {
    const m = await code(liveFrame('a3'), 'a2');
    expect(m.outcome.code).toBe('match');
    expect(m.outcome.band).not.toBe('low');
  });

  it('matches the same photo mirrored and brightened (the optimistic case, said as such)', async () => {
    for (const name of ['a1', 'b', 'e']) {
      const m = await code(liveFrame(name, 'jitter'), name);
      expect(m.outcome.code, name).toBe('match');
    }
  });

  it('does not match different people', async () => {
    for (const [live, ref] of [
      ['b', 'a1'],
      ['a2', 'd'],
      ['d', 'c'],
    ] as const) {
      const m = await code(liveFrame(live), ref);
      expect(m.outcome, `${live} against ${ref}`).toEqual({ code: 'no-match', band: 'low' });
    }
  });

  it('reports no face in a blank frame and in a photo of a ceiling', async () => {
    expect((await code(blankFrame(), 'a1')).outcome).toEqual({ code: 'no-face', band: 'low' });
    expect((await code(liveFrame('no-face'), 'a1')).outcome).toEqual({ code: 'no-face', band: 'low' });
  });

  it('reports several faces when two people stand in front of the camera', async () => {
    const m = await code(liveFrame('two-faces', 'plain', 240), 'b');
    expect(m.outcome).toEqual({ code: 'several-faces', band: 'low' });
    expect(m.scores.liveFaces).toBe(2);
  });

  it('calls a reference without a face, or not a JPEG, unusable', async () => {
    expect((await code(liveFrame('a1'), 'no-face')).outcome.code).toBe('reference-unusable');
    const r = await checker.check(liveFrame('a1'), Buffer.from('not a jpeg'));
    expect(r).toEqual({ ok: true, value: { code: 'reference-unusable', band: 'low' } });
  });

  // A re-photographed face (blurred, flattened, moiré, white border): liveness refuses some, not
  // all. These fixtures are themselves photos of photos, so no claim about real spoofs is made.
  it('refuses the re-photographed d on liveness (score below 0.5)', async () => {
    const m = await code(liveFrame('d', 'rephotographed'), 'd');
    expect(m.outcome.code).toBe('liveness-failed');
    expect(m.scores.liveness).toBeLessThan(FACE_CHECK_DEFAULTS.liveness);
  });

  it('does NOT refuse the re-photographed c: anti-spoof and liveness cannot tell it on these images', async () => {
    const m = await code(liveFrame('c', 'rephotographed'), 'c');
    expect(m.outcome.code).toBe('match');
    expect(m.scores.antispoof).toBeGreaterThanOrEqual(FACE_CHECK_DEFAULTS.antispoof);
  });

  it('refuses a frame whose buffer does not fit its size', async () => {
    const r = await checker.check({ data: new Uint8Array(10), width: 640, height: 480, format: 'rgba' }, referenceJpeg('a1'));
    expect(r).toMatchObject({ ok: false, error: { code: 'bad-frame' } });
  });

  it('leaves the caller its buffers and does not block the event loop while the engine works', async () => {
    const frame = liveFrame('a1', 'jitter');
    const copy = Uint8Array.from(frame.data);
    const ref = referenceJpeg('a1');
    // The main thread keeps turning while the worker checks: count event-loop turns during the
    // check (progress, not time, so a loaded machine does not make it fail). Engine work on the
    // main thread would leave almost none.
    let turns = 0;
    let checking = true;
    const spin = (): void => {
      turns++;
      if (checking) setImmediate(spin);
    };
    setImmediate(spin);
    const m = await code(frame, 'a1');
    checking = false;
    expect(m.outcome.code).toBe('match');
    expect(Buffer.compare(frame.data, copy)).toBe(0);
    expect(ref.length).toBeGreaterThan(0);
    expect(turns).toBeGreaterThan(20);
  });
});

describe('FaceChecker when the engine misbehaves', () => {
  const standIn = new URL('./misbehaving-worker.ts', import.meta.url);
  const frame = (width: number) => ({ data: new Uint8Array(width * 16 * 3), width, height: 16, format: 'rgb' as const });

  it('turns a crashed engine into engine-crashed and starts a fresh one on the next call', async () => {
    const c = new FaceChecker({ config: { ...FACE_CHECK_DEFAULTS }, workerUrl: standIn });
    const first = await c.warmUp();
    expect(first.ok).toBe(true);
    expect(await c.check(frame(17), Buffer.alloc(4))).toMatchObject({ ok: false, error: { code: 'engine-crashed' } });
    expect(await c.check(frame(20), Buffer.alloc(4))).toEqual({ ok: true, value: { code: 'match', band: 'high' } });
    const second = await c.warmUp();
    expect(second.ok && first.ok && second.value.backend !== first.value.backend).toBe(true);
    await c.close();
  });

  it('stops an engine that outlives checkTimeoutMs (engine-timeout) and recovers', async () => {
    const c = new FaceChecker({ config: { ...FACE_CHECK_DEFAULTS, checkTimeoutMs: 500 }, workerUrl: standIn });
    expect(await c.check(frame(18), Buffer.alloc(4))).toMatchObject({ ok: false, error: { code: 'engine-timeout' } });
    expect(await c.check(frame(20), Buffer.alloc(4))).toEqual({ ok: true, value: { code: 'match', band: 'high' } });
    await c.close();
    expect(await c.check(frame(20), Buffer.alloc(4))).toEqual({ ok: true, value: { code: 'match', band: 'high' } });
    await c.close();
  });
});
