/**
 * The terminal's applied fleet config and its journal, under `<dataDir>/fleet/`:
 *
 *   journal.json          what is committed, what is being applied, the last result
 *   config/current.json   the bundle the terminal runs (absent: none applied yet)
 *   config/previous.json  the committed bundle before the one being applied (for revert)
 *   config/next.json      a verified, validated bundle staged beside current
 *
 * Every file is replaced with write-beside + fsync + rename (+ fsync of the directory), and
 * the journal is written before and after the swap, so a power loss at any step leaves a
 * state `recover()` can return to the last committed config.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { FleetBundle } from '../../../config/bundle-schema.js';
import { fsyncDir, writeFileAtomic, type StepHook } from './atomic-file.js';

export const FLEET_STATES = ['none', 'current', 'pending', 'trial', 'reverted', 'refused', 'unreachable'] as const;
export type FleetState = (typeof FLEET_STATES)[number];

export const FLEET_REASONS = [
  'never-checked',
  'applied',
  'up-to-date',
  'no-release',
  'not-in-rollout',
  'waiting-for-idle',
  'fetch-failed',
  'no-trusted-root',
  'rollback-refused',
  'expired-metadata',
  'bad-signature',
  'hash-mismatch',
  'too-large',
  'repository-error',
  'schema-invalid',
  'release-refused',
  'health-failed',
  'crash-loop',
  'interrupted',
  'clock-backwards',
] as const;
export type FleetReason = (typeof FLEET_REASONS)[number];

const Applied = z
  .object({ release: z.number().int().positive(), sha256: z.string().regex(/^[0-9a-f]{64}$/), target: z.string() })
  .strict();
export type Applied = z.infer<typeof Applied>;

export const Journal = z
  .object({
    format: z.literal('yimen-fleet-journal/1'),
    committed: Applied.nullable(),
    pending: Applied.extend({
      step: z.enum(['applying', 'trial']),
      trialStartedAt: z.number().nullable(),
      boots: z.number().int().min(0),
    })
      .strict()
      .nullable(),
    /** The last release refused (schema, health): not retried until a newer one appears. */
    failed: Applied.extend({ reason: z.enum(FLEET_REASONS) })
      .strict()
      .nullable(),
    state: z.enum(FLEET_STATES),
    reason: z.enum(FLEET_REASONS),
    detail: z.string().max(500).nullable(),
    /** The latest wall-clock time a check ran at: the clock must not fall far below it. */
    clockHighWater: z.number().nullable(),
    lastCheckAt: z.number().nullable(),
  })
  .strict();
export type Journal = z.infer<typeof Journal>;

export function emptyJournal(): Journal {
  return {
    format: 'yimen-fleet-journal/1',
    committed: null,
    pending: null,
    failed: null,
    state: 'none',
    reason: 'never-checked',
    detail: null,
    clockHighWater: null,
    lastCheckAt: null,
  };
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export class ApplyStore {
  readonly dir: string;
  readonly configDir: string;
  private readonly journalFile: string;
  private readonly hook: StepHook;

  constructor(dir: string, hook: StepHook = () => undefined) {
    this.dir = dir;
    this.configDir = join(dir, 'config');
    this.journalFile = join(dir, 'journal.json');
    this.hook = hook;
    mkdirSync(this.configDir, { recursive: true, mode: 0o700 });
  }

  get currentFile(): string {
    return join(this.configDir, 'current.json');
  }
  private get previousFile(): string {
    return join(this.configDir, 'previous.json');
  }
  private get nextFile(): string {
    return join(this.configDir, 'next.json');
  }

  /** The journal; a missing or unreadable one starts afresh (the config files are then checked by `recover`). */
  journal(): Journal {
    try {
      return Journal.parse(JSON.parse(readFileSync(this.journalFile, 'utf8')));
    } catch {
      return emptyJournal();
    }
  }

  writeJournal(j: Journal): void {
    writeFileAtomic(this.journalFile, `${JSON.stringify(Journal.parse(j))}\n`);
  }

  private read(file: string): Buffer | null {
    try {
      return readFileSync(file);
    } catch {
      return null;
    }
  }

  /** The running bundle, or null when none is applied (or the file is damaged). */
  current(): FleetBundle | null {
    const bytes = this.read(this.currentFile);
    if (!bytes) return null;
    try {
      const parsed = FleetBundle.safeParse(JSON.parse(bytes.toString('utf8')));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  /**
   * Swaps in a verified bundle. Steps (each a point where power may fail): stage next.json,
   * journal "applying", save previous.json, rename next → current, journal "trial".
   */
  apply(bytes: Buffer, target: Applied, now: number): void {
    writeFileAtomic(this.nextFile, bytes);
    this.hook('staged');
    const j = this.journal();
    this.writeJournal({ ...j, pending: { ...target, step: 'applying', trialStartedAt: null, boots: 0 } });
    this.hook('journal-applying');
    const cur = this.read(this.currentFile);
    if (cur) writeFileAtomic(this.previousFile, cur);
    else rmSync(this.previousFile, { force: true });
    this.hook('previous-saved');
    renameSync(this.nextFile, this.currentFile);
    fsyncDir(this.configDir);
    this.hook('swapped');
    const j2 = this.journal();
    this.writeJournal({ ...j2, state: 'trial', pending: { ...target, step: 'trial', trialStartedAt: now, boots: 0 } });
    this.hook('trial');
  }

  /** The trial passed: the pending release becomes the committed one. */
  commit(): Applied {
    const j = this.journal();
    if (!j.pending) throw new Error('commit without a pending release');
    const { release, sha256: sha, target } = j.pending;
    const committed = { release, sha256: sha, target };
    this.writeJournal({ ...j, committed, pending: null, failed: null, state: 'current', reason: 'applied', detail: null });
    this.hook('committed');
    return committed;
  }

  /** Puts the committed config back in place (previous.json, or nothing when none was committed). */
  private restoreCommitted(committed: Applied | null): void {
    if (committed === null) {
      rmSync(this.currentFile, { force: true });
      fsyncDir(this.configDir);
      return;
    }
    const cur = this.read(this.currentFile);
    if (cur && sha256(cur) === committed.sha256) return;
    const prev = this.read(this.previousFile);
    if (!prev || sha256(prev) !== committed.sha256) {
      // Both copies gone or damaged (disk fault): run on defaults rather than on unknown bytes.
      rmSync(this.currentFile, { force: true });
      fsyncDir(this.configDir);
      return;
    }
    writeFileAtomic(this.currentFile, prev);
  }

  /** The trial failed: back to the committed config; the release is remembered as refused. */
  revert(reason: FleetReason, detail: string | null): void {
    const j = this.journal();
    this.restoreCommitted(j.committed);
    const failed = j.pending
      ? { release: j.pending.release, sha256: j.pending.sha256, target: j.pending.target, reason }
      : j.failed;
    this.writeJournal({ ...j, pending: null, failed, state: 'reverted', reason, detail });
    this.hook('reverted');
  }

  /**
   * After a restart: finishes or undoes whatever was in progress. An interrupted apply goes
   * back to the committed config (and is retried at the next check); an interrupted trial is
   * resumed, unless it has already been interrupted `maxTrialBoots` times (crash loop), in
   * which case it is reverted.
   */
  recover(maxTrialBoots: number): 'clean' | 'rolled-back' | 'resume-trial' | 'reverted' {
    const j = this.journal();
    rmSync(this.nextFile, { force: true });
    if (j.pending === null) {
      const cur = this.read(this.currentFile);
      const curSha = cur ? sha256(cur) : null;
      if (curSha !== (j.committed?.sha256 ?? null)) {
        this.restoreCommitted(j.committed);
        return 'rolled-back';
      }
      return 'clean';
    }
    if (j.pending.step === 'applying') {
      this.restoreCommitted(j.committed);
      this.writeJournal({
        ...j,
        pending: null,
        state: j.committed ? 'current' : 'none',
        reason: 'interrupted',
        detail: `apply of release ${j.pending.release} was interrupted`,
      });
      return 'rolled-back';
    }
    const boots = j.pending.boots + 1;
    if (boots > maxTrialBoots) {
      this.writeJournal({ ...j, pending: { ...j.pending, boots } });
      this.revert('crash-loop', `the trial of release ${j.pending.release} was interrupted ${boots} times`);
      return 'reverted';
    }
    this.writeJournal({ ...j, pending: { ...j.pending, boots } });
    return 'resume-trial';
  }

  hasCurrent(): boolean {
    return existsSync(this.currentFile);
  }
}
