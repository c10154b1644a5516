/**
 * The vocabulary of the local 1:1 face check (docs/identity.md): what a caller hands in, what it
 * gets back, and the rule that turns the engine's scores into an outcome. Pure: the worker
 * (face-worker.ts) applies `decide` to what the models saw; tests apply it to chosen numbers.
 */

/** One camera frame as main receives it: packed 8-bit pixels, row by row, no padding. */
export interface FaceFrame {
  data: Uint8Array;
  width: number;
  height: number;
  format: 'rgb' | 'rgba';
}

export type FaceCheckCode = 'match' | 'no-match' | 'no-face' | 'several-faces' | 'liveness-failed' | 'reference-unusable';

/**
 * `band` places the similarity against the thresholds: `high` at or above `highSimilarity`,
 * `medium` at or above `similarity` (so a match is always `medium` or `high`), `low` below it. A
 * check that never compared faces (no face, several, liveness failed, reference unusable) is `low`.
 */
export type FaceCheckBand = 'high' | 'medium' | 'low';

export interface FaceCheckOutcome {
  code: FaceCheckCode;
  band: FaceCheckBand;
}

/** The thresholds a check applies (config `identity.face`, config/identity-schema.ts). */
export interface FaceThresholds {
  similarity: number;
  highSimilarity: number;
  antispoof: number;
  liveness: number;
  minDetection: number;
  minFacePx: number;
}

/** What the engine reports about one detected face: scores only, never pixels or templates. */
export interface FaceObservation {
  /** Detector confidence. */
  detection: number;
  /** Shorter side of the face box, in pixels of the image it was found in. */
  sizePx: number;
  /** Anti-spoof ("real face") score; undefined when the model gave none. */
  antispoof: number | undefined;
  liveness: number | undefined;
  /** The face yielded a descriptor (the models could describe it). */
  described: boolean;
}

/** Scores behind an outcome, for calibration and the benchmark (numbers only). */
export interface FaceCheckScores {
  referenceFaces: number;
  liveFaces: number;
  antispoof?: number;
  liveness?: number;
  similarity?: number;
}

export function bandOf(similarity: number, t: Pick<FaceThresholds, 'similarity' | 'highSimilarity'>): FaceCheckBand {
  if (similarity >= t.highSimilarity) return 'high';
  if (similarity >= t.similarity) return 'medium';
  return 'low';
}

/**
 * The rule, in order: the reference must show exactly one describable face; the live frame must
 * show exactly one face big enough to count; that face must pass anti-spoof and liveness; only
 * then are the faces compared. `similarity(referenceIndex, liveIndex)` (indices into the arrays
 * given) is asked for last, and only when it decides.
 */
export function decide(
  reference: readonly FaceObservation[],
  live: readonly FaceObservation[],
  similarity: (referenceIndex: number, liveIndex: number) => number,
  t: FaceThresholds,
): { outcome: FaceCheckOutcome; scores: FaceCheckScores } {
  const indexed = (faces: readonly FaceObservation[]) => faces.map((f, i) => ({ ...f, i }));
  const refFaces = indexed(reference).filter((f) => f.detection >= t.minDetection);
  const liveFaces = indexed(live).filter((f) => f.detection >= t.minDetection && f.sizePx >= t.minFacePx);
  const scores: FaceCheckScores = { referenceFaces: refFaces.length, liveFaces: liveFaces.length };
  const low = (code: FaceCheckCode) => ({ outcome: { code, band: 'low' as const }, scores });
  const ref = refFaces[0];
  if (refFaces.length !== 1 || ref === undefined || !ref.described) return low('reference-unusable');
  const face = liveFaces[0];
  if (face === undefined) return low('no-face');
  if (liveFaces.length > 1) return low('several-faces');
  scores.antispoof = face.antispoof;
  scores.liveness = face.liveness;
  if (face.antispoof === undefined || face.antispoof < t.antispoof) return low('liveness-failed');
  if (face.liveness === undefined || face.liveness < t.liveness) return low('liveness-failed');
  if (!face.described) return low('no-face');
  const sim = similarity(ref.i, face.i);
  scores.similarity = sim;
  const band = bandOf(sim, t);
  return { outcome: { code: sim >= t.similarity ? 'match' : 'no-match', band }, scores };
}
