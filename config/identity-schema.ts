/**
 * The `identity` section of the terminal config: checks that the person at the kiosk is the person
 * the card (or the back office) names. `identity.face` tunes the local 1:1 face check
 * (main/features/identity/face/, docs/identity.md): the thresholds trade false accepts against
 * false rejects, and docs/identity.md states what they gave on the test set.
 */
import { z } from 'zod';

/** Scores are the face engine's own, in [0, 1]. */
const Score = z.number().min(0).max(1);

/**
 * Defaults, chosen on the fixture set in tests/fixtures/faces (see docs/identity.md for the
 * measured false-accept and false-reject rates and why the set is too small to be the last word).
 */
export const FACE_CHECK_DEFAULTS = {
  similarity: 0.6,
  highSimilarity: 0.75,
  antispoof: 0.5,
  liveness: 0.5,
  minDetection: 0.5,
  minFacePx: 64,
  checkTimeoutMs: 8000,
  loadTimeoutMs: 60_000,
} as const;

/** Every field has its default, so a site file may state just the threshold it changes. */
export const FaceCheckConfig = z
  .object({
    /** Similarity (live face against the reference photo) at or above which the faces match. */
    similarity: Score.default(FACE_CHECK_DEFAULTS.similarity),
    /** Similarity at or above which a match is reported in the `high` band (else `medium`). */
    highSimilarity: Score.default(FACE_CHECK_DEFAULTS.highSimilarity),
    /** Anti-spoof score ("real" face, not a photo or screen) below which the check fails. */
    antispoof: Score.default(FACE_CHECK_DEFAULTS.antispoof),
    /** Liveness score below which the check fails. */
    liveness: Score.default(FACE_CHECK_DEFAULTS.liveness),
    /** Face-detector confidence below which a detection is not counted as a face. */
    minDetection: Score.default(FACE_CHECK_DEFAULTS.minDetection),
    /** A face in the live frame smaller than this (box side, pixels) is ignored: a bystander far behind. */
    minFacePx: z.number().int().min(16).max(1024).default(FACE_CHECK_DEFAULTS.minFacePx),
    /** Longest time one check may take before the engine is restarted and the check fails. */
    checkTimeoutMs: z.number().int().min(500).max(60_000).default(FACE_CHECK_DEFAULTS.checkTimeoutMs),
    /** Longest time loading the models may take (first use, or after a restart). */
    loadTimeoutMs: z.number().int().min(1000).max(300_000).default(FACE_CHECK_DEFAULTS.loadTimeoutMs),
  })
  .strict()
  .refine((f) => f.highSimilarity >= f.similarity, {
    message: 'highSimilarity must not be below similarity',
    path: ['highSimilarity'],
  });
export type FaceCheckConfig = z.infer<typeof FaceCheckConfig>;

export const IdentityConfig = z
  .object({
    face: FaceCheckConfig.default(FACE_CHECK_DEFAULTS),
  })
  .strict();
export type IdentityConfig = z.infer<typeof IdentityConfig>;
