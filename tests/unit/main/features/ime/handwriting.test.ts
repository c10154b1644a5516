/**
 * Handwriting recognition (main/features/ime/handwriting.ts) on Debian's real Zinnia and Tegaki
 * model, fed recorded stroke data: the standard stroke paths of 53 characters from Make Me a Hanzi
 * (tests/fixtures/handwriting, Arphic Public License). Bad input never crashes or hangs, and a
 * helper that dies or stops answering is started again and reported as health.
 */
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  HandwritingRecognizer,
  reorderings,
  ZINNIA_MODEL_ZH_CN,
  type HandwritingOptions,
} from '../../../../../main/features/ime/handwriting.js';
import {
  HW_MAX_POINTS,
  HW_MAX_STROKES,
  normaliseStrokes,
  simplify,
  type Stroke,
} from '../../../../../main/features/ime/strokes.js';
import type { ZinniaHealth } from '../../../../../main/features/ime/zinnia-process.js';

interface Fixture {
  box: number;
  chars: Record<string, [number, number][][]>;
}
const fixture = JSON.parse(
  readFileSync(new URL('../../../../fixtures/handwriting/strokes.json', import.meta.url), 'utf8'),
) as Fixture;
const strokesOf = (c: string): [number, number][][] => {
  const s = fixture.chars[c];
  if (!s) throw new Error(`no fixture for ${c}`);
  return s;
};

const made: HandwritingRecognizer[] = [];
function recogniser(o: HandwritingOptions = {}): HandwritingRecognizer {
  const r = new HandwritingRecognizer(o);
  made.push(r);
  return r;
}
afterAll(() => made.forEach((r) => r.close()));

/** All three pages of candidates. */
async function ranked(r: HandwritingRecognizer, strokes: Stroke[], script: 'zh-cn' | 'zh-hk' = 'zh-cn'): Promise<string[]> {
  const out: string[] = [];
  for (let page = 0; ; page++) {
    const res = await r.recognise(strokes, fixture.box, fixture.box, page, script);
    if (!res.ok) throw new Error(`${res.error.code}: ${res.error.message}`);
    out.push(...res.value.candidates);
    expect(res.value.candidates.length).toBeLessThanOrEqual(10);
    if (!res.value.more) return out;
  }
}

function waitHealth(r: HandwritingRecognizer, ok: (h: ZinniaHealth) => boolean): Promise<ZinniaHealth> {
  return new Promise((resolve) => {
    if (ok(r.health())) return resolve(r.health());
    const off = r.onHealth((h) => {
      if (!ok(h)) return;
      off();
      resolve(h);
    });
  });
}

describe('handwriting recognition (Zinnia + Tegaki zh_CN)', () => {
  const hw = recogniser();

  it('finds most characters of the recorded set in the top 5, and 路, 坏, 了 among them', async () => {
    const misses: string[] = [];
    let top1 = 0;
    for (const c of Object.keys(fixture.chars)) {
      const list = await ranked(hw, strokesOf(c));
      const at = list.indexOf(c);
      if (at === 0) top1++;
      if (at < 0 || at >= 5) misses.push(`${c}→${list.slice(0, 5).join('')}`);
    }
    const n = Object.keys(fixture.chars).length;
    // Measured 46 of 53 (33 first). The misses are characters the Tegaki model learnt in another
    // stroke order (灯, 要, 迁, 月, 北, 子, 单); see the header of handwriting.ts.
    expect(n - misses.length, misses.join(' ')).toBeGreaterThanOrEqual(44);
    expect(top1).toBeGreaterThanOrEqual(30);
    for (const c of '路坏了户口证明')
      expect(
        misses.find((m) => m.startsWith(c)),
        c,
      ).toBeUndefined();
  });

  it('tries other stroke orders only as a fallback: 山 and 门 written in standard order are found', async () => {
    for (const c of '山门火') expect((await ranked(hw, strokesOf(c))).slice(0, 5), c).toContain(c);
    const plain = recogniser({ reorder: false });
    for (const c of '山门火') expect((await ranked(plain, strokesOf(c))).slice(0, 5), c).not.toContain(c);
  });

  it('zh-HK: recognises with the simplified model and shows Hong Kong forms (OpenCC)', async () => {
    expect((await ranked(hw, strokesOf('坏'), 'zh-hk')).slice(0, 5)).toContain('壞');
    expect((await ranked(hw, strokesOf('证'), 'zh-hk')).slice(0, 5)).toContain('證');
    const road = await ranked(hw, strokesOf('路'), 'zh-hk');
    expect(road[0]).toBe('路');
    expect(road).not.toContain('坏');
  });

  it('pages ten at a time, the same list whatever the page asked first', async () => {
    const p1 = await hw.recognise(strokesOf('明'), fixture.box, fixture.box, 1, 'zh-cn');
    const p0 = await hw.recognise(strokesOf('明'), fixture.box, fixture.box, 0, 'zh-cn');
    expect(p0.ok && p1.ok).toBe(true);
    if (!p0.ok || !p1.ok) return;
    expect(p0.value.candidates).toHaveLength(10);
    expect(p0.value.more).toBe(true);
    expect(p1.value.candidates.some((c) => p0.value.candidates.includes(c))).toBe(false);
    const far = await hw.recognise(strokesOf('明'), fixture.box, fixture.box, 9, 'zh-cn');
    expect(far).toEqual({ ok: true, value: { candidates: [], more: false } });
  });

  it('written small in a corner of a big pad, it is centred and enlarged first', async () => {
    const small = strokesOf('路').map((s) => s.map(([x, y]): [number, number] => [2400 + x * 0.2, 100 + y * 0.2]));
    const res = await hw.recognise(small, 3000, 3000, 0, 'zh-cn');
    expect(res.ok && res.value.candidates.slice(0, 5)).toContain('路');
  });

  it('bad input: nothing to read gets no candidates; thousands of points are thinned, not choked on', async () => {
    expect(await hw.recognise([], 300, 300, 0, 'zh-cn')).toEqual({ ok: true, value: { candidates: [], more: false } });
    expect(await hw.recognise([[[NaN, 1]]], 300, 300, 0, 'zh-cn')).toEqual({ ok: true, value: { candidates: [], more: false } });
    expect(await hw.recognise([[[1, 1]]], 0, 300, 0, 'zh-cn')).toEqual({ ok: true, value: { candidates: [], more: false } });
    // A scribble of 4,000 points in each of 40 strokes still gets an answer (whatever it is). How it is
    // capped is checked below ('stroke normalisation'); its speed by bench/handwriting.bench.ts, not here:
    // a timed assertion fails on a loaded CI machine (it did, at 2.5 s, in a full run on 2 cores).
    const scribble: [number, number][][] = Array.from({ length: 40 }, (_, k) =>
      Array.from({ length: 4000 }, (_, i): [number, number] => [
        150 + 140 * Math.sin(i * 0.37 + k),
        150 + 140 * Math.cos(i * 0.11 * k),
      ]),
    );
    const res = await hw.recognise(scribble, 300, 300, 0, 'zh-cn');
    expect(res.ok).toBe(true);
    // A single tap is a dot.
    const dot = await hw.recognise([[[150, 150]]], 300, 300, 0, 'zh-cn');
    expect(dot.ok && dot.value.candidates.length).toBe(10);
  });
});

describe('stroke normalisation', () => {
  it('caps strokes and points, keeps the box, drops what is not a number', () => {
    const many = Array.from({ length: 50 }, (_, k): Stroke =>
      Array.from({ length: 3000 }, (_, i) => [i % 97, (i * k) % 89] as const),
    );
    const n = normaliseStrokes(many, 100, 100);
    expect(n).not.toBeNull();
    expect(n?.length).toBe(HW_MAX_STROKES);
    for (const s of n ?? []) {
      expect(s.length).toBeLessThanOrEqual(HW_MAX_POINTS);
      for (const [x, y] of s) expect(x >= 0 && x <= 1000 && y >= 0 && y <= 1000).toBe(true);
    }
    expect(normaliseStrokes([[[Infinity, 0]], [[NaN, NaN]]], 100, 100)).toBeNull();
    expect(normaliseStrokes([[[5, 5]]], 100, 100)).toEqual([
      [
        [500, 500],
        [500, 500],
      ],
    ]);
  });

  it('thins a straight line to its ends and keeps a corner', () => {
    const line = Array.from({ length: 500 }, (_, i): [number, number] => [i, 2 * i]);
    expect(simplify(line, 2)).toEqual([
      [0, 0],
      [499, 998],
    ]);
    const corner: [number, number][] = [
      ...line.slice(0, 250),
      ...Array.from({ length: 250 }, (_, i): [number, number] => [250 + i, 498]),
    ];
    expect(simplify(corner, 2)).toHaveLength(3);
  });

  it('other stroke orders: neighbours swapped, then rotations, never the written order, at most max', () => {
    expect(reorderings(3, 10)).toEqual([
      [1, 0, 2],
      [0, 2, 1],
      [1, 2, 0],
      [2, 0, 1],
    ]);
    expect(reorderings(1, 10)).toEqual([]);
    expect(reorderings(12, 5)).toHaveLength(5);
  });
});

describe('the helper process', () => {
  it('dies → reported offline, started again, reported ok with the restart counted; answers again', async () => {
    const r = recogniser({ restartMs: 50 });
    const first = await r.recognise(strokesOf('路'), fixture.box, fixture.box, 0, 'zh-cn');
    expect(first.ok).toBe(true);
    const pid = r.zinnia.pid();
    expect(pid).not.toBeNull();
    const seen: string[] = [];
    r.onHealth((h) => seen.push(`${h.state}:${h.code ?? ''}`));
    process.kill(pid ?? 0, 'SIGKILL');
    await waitHealth(r, (h) => h.state === 'ok' && h.restarts === 1);
    expect(seen).toEqual(['offline:recogniser-exited', 'ok:']);
    expect(r.zinnia.pid()).not.toBe(pid);
    const again = await r.recognise(strokesOf('坏'), fixture.box, fixture.box, 0, 'zh-cn');
    expect(again.ok && again.value.candidates[0]).toBe('坏');
  });

  it('a helper that stops answering is given up at the deadline, killed and started again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'yimen-zinnia-'));
    const silent = join(dir, 'silent-zinnia');
    writeFileSync(silent, '#!/bin/sh\nexec cat >/dev/null\n');
    chmodSync(silent, 0o755);
    const r = recogniser({ binary: silent, model: ZINNIA_MODEL_ZH_CN, timeoutMs: 300, restartMs: 50 });
    const res = await r.recognise(strokesOf('路'), fixture.box, fixture.box, 0, 'zh-cn');
    expect(res).toMatchObject({ ok: false, error: { code: 'recogniser-timeout' } });
    const back = await waitHealth(r, (h) => h.state === 'ok' && h.restarts >= 1);
    expect(back.code).toBeNull();
  });

  it('not installed → refused as unavailable, health offline with recogniser-missing', async () => {
    const r = recogniser({ binary: '/nonexistent/zinnia' });
    const res = await r.recognise(strokesOf('路'), fixture.box, fixture.box, 0, 'zh-cn');
    expect(res).toMatchObject({ ok: false, error: { code: 'recogniser-unavailable' } });
    expect(r.health()).toMatchObject({ state: 'offline', code: 'recogniser-missing' });
  });
});
