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

/**
 * When the face check (人证核验) runs in a journey, and how. It applies to a person identified by
 * an ID card: a digital-identity QR was verified with a face check by the issuing app, and staff
 * inspect the person themselves. By default it is required for 立等可取 matters (a document printed
 * in the person's name, on the spot) and off for the others; `matters` overrides per matter.
 */
export const FACE_JOURNEY_DEFAULTS = {
  matters: {},
  frames: 3,
  attempts: 3,
  positionMs: 10_000,
  reference: 'chip-else-register',
} as const;

export const FaceJourneyConfig = z
  .object({
    /** Per matter id: `required` or `off`, overriding the rule (required for instant matters). */
    matters: z.record(z.string().min(1).max(64), z.enum(['off', 'required'])).default({}),
    /** Consecutive camera frames checked in one attempt; every one must show the same live, matching face. */
    frames: z.number().int().min(1).max(10).default(FACE_JOURNEY_DEFAULTS.frames),
    /** Attempts (no match, liveness failed) before only the staff-assisted path is offered. */
    attempts: z.number().int().min(1).max(10).default(FACE_JOURNEY_DEFAULTS.attempts),
    /** How long the citizen has to stand in front of the camera before "no face" is said. */
    positionMs: z.number().int().min(1000).max(60_000).default(FACE_JOURNEY_DEFAULTS.positionMs),
    /**
     * The reference photo: the card chip's (mode b, needs the reader's WLT decoder), the back office's
     * register photo (mode a), or the chip's when there is one and else the register's.
     */
    reference: z.enum(['chip', 'register', 'chip-else-register']).default(FACE_JOURNEY_DEFAULTS.reference),
  })
  .strict();
export type FaceJourneyConfig = z.infer<typeof FaceJourneyConfig>;

export const IDENTITY_DEFAULTS = { face: FACE_CHECK_DEFAULTS, faceCheck: FACE_JOURNEY_DEFAULTS };

export const IdentityConfig = z
  .object({
    face: FaceCheckConfig.default(FACE_CHECK_DEFAULTS),
    faceCheck: FaceJourneyConfig.default(FACE_JOURNEY_DEFAULTS),
  })
  .strict();
export type IdentityConfig = z.infer<typeof IdentityConfig>;
