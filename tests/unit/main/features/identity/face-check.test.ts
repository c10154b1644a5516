import { describe, expect, it } from 'vitest';
import { bandOf, decide, type FaceObservation } from '../../../../../main/features/identity/face/face-check.js';

const t = { similarity: 0.6, highSimilarity: 0.75, antispoof: 0.5, liveness: 0.5, minDetection: 0.5, minFacePx: 64 };
const face = (o: Partial<FaceObservation> = {}): FaceObservation => ({
  detection: 0.9,
  sizePx: 200,
  antispoof: 0.8,
  liveness: 0.9,
  described: true,
  ...o,
});

describe('decide', () => {
  it('compares only when both sides show one usable face, and bands the similarity', () => {
    const calls: [number, number][] = [];
    const sim = (v: number) => (r: number, l: number) => (calls.push([r, l]), v);
    expect(decide([face()], [face()], sim(0.8), t).outcome).toEqual({ code: 'match', band: 'high' });
    expect(decide([face()], [face()], sim(0.65), t).outcome).toEqual({ code: 'match', band: 'medium' });
    expect(decide([face()], [face()], sim(0.59), t).outcome).toEqual({ code: 'no-match', band: 'low' });
    // The distant bystander (too small) and the weak detection are not counted; indices point at the real faces.
    calls.length = 0;
    decide([face({ detection: 0.2 }), face()], [face({ sizePx: 30 }), face()], sim(0.7), t);
    expect(calls).toEqual([[1, 1]]);
  });

  it('refuses before comparing, in order', () => {
    const never = () => {
      throw new Error('compared');
    };
    expect(decide([], [face()], never, t).outcome.code).toBe('reference-unusable');
    expect(decide([face(), face()], [face()], never, t).outcome.code).toBe('reference-unusable');
    expect(decide([face({ described: false })], [face()], never, t).outcome.code).toBe('reference-unusable');
    expect(decide([face()], [], never, t).outcome.code).toBe('no-face');
    expect(decide([face()], [face(), face()], never, t).outcome.code).toBe('several-faces');
    expect(decide([face()], [face({ antispoof: 0.49 })], never, t).outcome.code).toBe('liveness-failed');
    expect(decide([face()], [face({ liveness: undefined })], never, t).outcome.code).toBe('liveness-failed');
    expect(decide([face()], [face({ described: false })], never, t).outcome).toEqual({ code: 'no-face', band: 'low' });
  });

  it('bands', () => {
    expect([0.9, 0.75, 0.7, 0.6, 0.1].map((s) => bandOf(s, t))).toEqual(['high', 'high', 'medium', 'medium', 'low']);
  });
});
