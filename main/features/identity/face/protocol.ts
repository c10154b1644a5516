/**
 * Messages between FaceChecker (main thread) and the face worker. Pixels go in (transferred,
 * never copied back); only outcomes and scores come out — never pixels, boxes or templates.
 */
import type { FaceCheckOutcome, FaceCheckScores, FaceFrame, FaceThresholds } from './face-check.js';

export type ToWorker =
  | { type: 'load' }
  | {
      type: 'check';
      id: number;
      frame: FaceFrame;
      /** The reference photo, JPEG bytes. */
      reference: Uint8Array;
      thresholds: FaceThresholds;
    };

export type FromWorker =
  | { type: 'loaded'; ms: number; backend: string }
  | { type: 'load-failed'; message: string }
  | { type: 'result'; id: number; outcome: FaceCheckOutcome; scores: FaceCheckScores; ms: number }
  | { type: 'check-failed'; id: number; message: string }
  /** A line the engine printed, reduced to its text (no objects, bounded length). */
  | { type: 'log'; message: string };

/** Longest engine log line passed on: long enough for an error message, too short for pixel or template dumps. */
export const MAX_LOG_CHARS = 200;
