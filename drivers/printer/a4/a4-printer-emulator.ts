/**
 * An emulated A4 printer: `A4PrinterEmulator` writes each PDF into a folder and keeps a job list,
 * with scriptable trouble (paper out, stopped queue, missing printer). It is an
 * `A4PrinterBackend`, so the real `A4PrinterDriver` prints through it.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { err, ok, type Result } from '../../../common/result.js';
import type { A4ErrorCode, A4Job, A4JobState, A4PrinterBackend, A4QueueStatus } from './a4-printer-driver.js';

export const A4_SCENARIOS = ['ok', 'paper-out', 'stopped', 'missing'] as const;
export type A4EmulatorCondition = (typeof A4_SCENARIOS)[number];

export interface A4PrinterEmulatorOptions {
  /**
   * Where the PDFs go (created with mode 0700 when missing; an existing folder keeps its mode).
   * Absent: a private temporary folder (`<tmp>/yimen-a4-<name>-XXXXXX`, mode 0700) made at the first job.
   */
  folder?: string;
  name?: string;
  condition?: A4EmulatorCondition;
  /** Jobs stay `pending` until `completeJobs()` (default: they complete at once). */
  holdJobs?: boolean;
}

export interface A4EmulatedJob extends A4Job {
  file: string;
}

/** Completed jobs the A4 emulator remembers (the newest); waiting jobs are always kept. */
export const A4_JOBS_KEPT = 100;

export class A4PrinterEmulator implements A4PrinterBackend {
  readonly name: string;
  private readonly jobList: A4EmulatedJob[] = [];
  condition: A4EmulatorCondition;
  private seq = 0;
  private readonly jobListeners = new Set<(job: A4EmulatedJob) => void>();
  private dir: string | null;

  constructor(private readonly opts: A4PrinterEmulatorOptions) {
    this.name = `emulated:${opts.name ?? 'a4'}`;
    this.condition = opts.condition ?? 'ok';
    this.dir = opts.folder ?? null;
    if (this.dir !== null) mkdirSync(this.dir, { recursive: true, mode: 0o700 });
  }

  /** The folder the PDFs go to (null: no job yet, and no folder was given). */
  get folder(): string | null {
    return this.dir;
  }

  /** Waiting jobs, and the last `A4_JOBS_KEPT` completed ones, oldest first (the demo panel lists them). */
  get jobs(): readonly A4EmulatedJob[] {
    return this.jobList;
  }

  status(): Promise<Result<A4QueueStatus, A4ErrorCode>> {
    switch (this.condition) {
      case 'missing':
        return Promise.resolve(err('printer-missing', `${this.name}: no such queue`));
      case 'stopped':
        return Promise.resolve(ok({ state: 'stopped', reasons: ['paused'], currentJob: null }));
      case 'paper-out':
        return Promise.resolve(ok({ state: 'stopped', reasons: ['media-empty-error'], currentJob: null }));
      case 'ok': {
        const current = this.jobList.find((j) => j.state === 'pending' || j.state === 'processing');
        return Promise.resolve(ok({ state: current ? 'printing' : 'idle', reasons: [], currentJob: current?.id ?? null }));
      }
    }
  }

  submit(pdf: Uint8Array, title: string): Promise<Result<{ jobId: string }, A4ErrorCode>> {
    if (this.condition === 'missing') return Promise.resolve(err('printer-missing', `${this.name}: no such queue`));
    this.seq++;
    const id = `${this.opts.name ?? 'a4'}-${this.seq}`;
    this.dir ??= mkdtempSync(join(tmpdir(), `yimen-a4-${(this.opts.name ?? 'a4').replace(/[^\w-]/g, '_')}-`));
    // A name no earlier run (job numbers restart at 1) or other kiosk could have used; owner-only.
    const file = join(this.dir, `${id}-${randomBytes(8).toString('hex')}.pdf`);
    writeFileSync(file, pdf, { mode: 0o600, flag: 'wx' });
    // Like CUPS: a stopped queue still accepts the job; it waits.
    const state: A4JobState = this.opts.holdJobs || this.condition !== 'ok' ? 'pending' : 'completed';
    const job: A4EmulatedJob = { id, title, bytes: pdf.length, state, submittedAt: Date.now(), file };
    this.jobList.push(job);
    this.forgetOldJobs();
    for (const l of [...this.jobListeners]) l(job);
    return Promise.resolve(ok({ jobId: id }));
  }

  /** A long-running emulator (demo, soak) must not remember every job it ever printed. */
  private forgetOldJobs(): void {
    let completed = this.jobList.filter((j) => j.state === 'completed').length;
    for (let i = 0; i < this.jobList.length && completed > A4_JOBS_KEPT;) {
      if (this.jobList[i]?.state === 'completed') {
        this.jobList.splice(i, 1);
        completed--;
      } else i++;
    }
  }

  /** Each job as it arrives (the demo panel lists the PDFs). */
  onJob(listener: (job: A4EmulatedJob) => void): () => void {
    this.jobListeners.add(listener);
    return () => this.jobListeners.delete(listener);
  }

  /** The emulator has no process of its own: start/stop exist for the device manager. */
  start(): Promise<void> {
    return Promise.resolve();
  }

  stop(): Promise<void> {
    return Promise.resolve();
  }

  /** Scenarios are the conditions: `ok`, `paper-out`, `stopped`, `missing`. */
  setScenario(name: string): Result<void, 'unknown-scenario'> {
    if (!(A4_SCENARIOS as readonly string[]).includes(name))
      return err('unknown-scenario', `unknown A4 scenario "${name}" (have: ${A4_SCENARIOS.join(', ')})`);
    this.condition = name as A4EmulatorCondition;
    if (this.condition === 'ok' && !this.opts.holdJobs) this.completeJobs();
    return ok(undefined);
  }

  jobState(jobId: string): Promise<Result<A4JobState, A4ErrorCode>> {
    const job = this.jobList.find((j) => j.id === jobId);
    return Promise.resolve(ok(job?.state ?? 'unknown'));
  }

  pendingJobs(): Promise<Result<number, A4ErrorCode>> {
    return Promise.resolve(ok(this.jobList.filter((j) => j.state !== 'completed').length));
  }

  /** Drops every job not completed yet (its PDF stays in the folder). */
  cancelPending(): Promise<Result<number, A4ErrorCode>> {
    let cancelled = 0;
    for (let i = this.jobList.length - 1; i >= 0; i--) {
      if (this.jobList[i]?.state !== 'completed') {
        this.jobList.splice(i, 1);
        cancelled++;
      }
    }
    return Promise.resolve(ok(cancelled));
  }

  /** Finish every waiting job (a technician fixed the printer). */
  completeJobs(): void {
    for (const j of this.jobList) if (j.state !== 'completed') j.state = 'completed';
  }
}
