/**
 * A4 printing: the driver and the print path it plugs into.
 *
 * - `A4PrinterDriver` renders an `A4Document`, checks the queue and submits it, polls until the
 *   job is done, reports health, and offers the staff tools a self-test, the number of pending
 *   jobs and a cancel of them (`DeviceDriver`).
 * - `A4PrinterBackend` is the print path: `CupsA4Printer` (cups-backend.ts: `lp`, `lpstat`,
 *   `cancel`) or `A4PrinterEmulator` (a4-printer-emulator.ts: PDFs into a folder).
 */
import type { CancelReport, DeviceDriver, Health, SelfTestResult } from '../../device.js';
import { HealthCell } from '../../health.js';
import { err, ok, type Result } from '../../../common/result.js';
import type { A4Document, A4RenderErrorCode, A4RenderOptions } from './a4-document.js';

export type A4ErrorCode =
  | 'cups-missing'
  | 'cups-unavailable'
  | 'cups-timeout'
  | 'printer-missing'
  | 'printer-stopped'
  | 'paper-out'
  | 'cover-open'
  | 'paper-jam'
  | 'print-failed'
  | 'job-failed'
  | 'job-timeout'
  | 'cancel-failed';

export type A4QueueState = 'idle' | 'printing' | 'stopped';

export interface A4QueueStatus {
  state: A4QueueState;
  /** IPP printer-state-reasons as CUPS reports them (`media-empty-error`, `door-open-warning`…). */
  reasons: string[];
  /** The job being printed, if any. */
  currentJob: string | null;
}

export type A4JobState = 'pending' | 'processing' | 'completed' | 'unknown';

export interface A4Job {
  id: string;
  title: string;
  bytes: number;
  state: A4JobState;
  submittedAt: number;
}

/** What the driver needs from a print path (CUPS in cups-backend.ts, or the emulator). */
export interface A4PrinterBackend {
  readonly name: string;
  status(): Promise<Result<A4QueueStatus, A4ErrorCode>>;
  submit(pdf: Uint8Array, title: string): Promise<Result<{ jobId: string }, A4ErrorCode>>;
  jobState(jobId: string): Promise<Result<A4JobState, A4ErrorCode>>;
  /** How many jobs are not completed yet (waiting or printing). */
  pendingJobs(): Promise<Result<number, A4ErrorCode>>;
  /** Cancel every job not completed yet; how many were cancelled. */
  cancelPending(): Promise<Result<number, A4ErrorCode>>;
}

/** Why a queue status forbids printing, or null. */
export function refusalForQueue(s: A4QueueStatus): { code: A4ErrorCode; message: string } | null {
  const has = (...keys: string[]): boolean => s.reasons.some((r) => keys.some((k) => r === k || r.startsWith(`${k}-`)));
  // `-report` reasons are informational; `-warning` ones (media-low) do not stop a job.
  const blocking = (...keys: string[]): boolean =>
    s.reasons.some((r) =>
      keys.some(
        (k) => r === k || r === `${k}-error` || (r.startsWith(`${k}-`) && !r.endsWith('-report') && !r.endsWith('-warning')),
      ),
    );
  if (blocking('media-empty', 'media-needed'))
    return { code: 'paper-out', message: `printer out of paper (${s.reasons.join(', ')})` };
  if (blocking('door-open', 'cover-open'))
    return { code: 'cover-open', message: `printer door/cover open (${s.reasons.join(', ')})` };
  if (blocking('media-jam')) return { code: 'paper-jam', message: `paper jam (${s.reasons.join(', ')})` };
  if (s.state === 'stopped' || has('paused'))
    return { code: 'printer-stopped', message: `printer queue is stopped (${s.reasons.join(', ') || 'no reason given'})` };
  return null;
}

export interface A4PrinterDriverOptions {
  backend: A4PrinterBackend;
  render?: A4RenderOptions;
  /** Job polling period (default 1000 ms) and deadline (default 120 s). */
  jobPollMs?: number;
  jobTimeoutMs?: number;
  /** Health polling period (default 30 s; 0 disables). */
  pollMs?: number;
}

export interface A4PrintReport {
  jobId: string;
  bytes: number;
  state: A4JobState;
}

export type A4PrintErrorCode = A4ErrorCode | A4RenderErrorCode;

export function healthFromQueue(r: Result<A4QueueStatus, A4ErrorCode>): Health {
  if (!r.ok) return { state: 'offline', code: r.error.code };
  const refusal = refusalForQueue(r.value);
  if (refusal) return { state: 'offline', code: refusal.code };
  if (r.value.reasons.some((x) => /^(media-low|toner-low|marker-supply-low)/.test(x))) {
    return {
      state: 'degraded',
      code: r.value.reasons.find((x) => /-low/.test(x))?.replace(/-(warning|report)$/, '') ?? 'supply-low',
    };
  }
  return { state: 'ok', code: null };
}

export class A4PrinterDriver implements DeviceDriver {
  private readonly healthCell = new HealthCell();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly opts: A4PrinterDriverOptions) {}

  get backend(): A4PrinterBackend {
    return this.opts.backend;
  }

  async start(): Promise<void> {
    void (await this.refresh());
    const every = this.opts.pollMs ?? 30_000;
    if (every > 0 && !this.timer) {
      this.timer = setInterval(() => void this.refresh(), every);
      this.timer.unref?.();
    }
  }

  stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.healthCell.set({ state: 'unknown', code: null });
    return Promise.resolve();
  }

  health(): Health {
    return this.healthCell.get();
  }

  onHealth(listener: (health: Health) => void): () => void {
    return this.healthCell.on(listener);
  }

  async refresh(): Promise<Result<A4QueueStatus, A4ErrorCode>> {
    const r = await this.opts.backend.status();
    this.healthCell.set(healthFromQueue(r));
    return r;
  }

  /** Asks the queue for its state: ok unless it is stopped or cannot be asked. */
  async selfTest(): Promise<SelfTestResult> {
    const r = await this.refresh();
    return {
      ok: r.ok && r.value.state !== 'stopped',
      detail: r.ok ? `${r.value.state} ${r.value.reasons.join(' ')}`.trim() : r.error.code,
    };
  }

  /** How many jobs wait in the queue (or are printing). */
  pendingJobs(): Promise<Result<number, A4ErrorCode>> {
    return this.opts.backend.pendingJobs();
  }

  /** Cancels every job not completed yet (staff clearing the queue). */
  async cancel(): Promise<Result<CancelReport, A4ErrorCode>> {
    const r = await this.opts.backend.cancelPending();
    return r.ok ? ok({ cancelled: r.value }) : r;
  }

  /** Render, check the queue, submit, and (with `wait`) poll until the spooler has finished. */
  async print(doc: A4Document, opts: { wait?: boolean } = {}): Promise<Result<A4PrintReport, A4PrintErrorCode>> {
    const status = await this.refresh();
    if (!status.ok) return status;
    const refusal = refusalForQueue(status.value);
    if (refusal) return err(refusal.code, refusal.message);
    // pdf-lib and fontkit take ~0.6 s to load: only when the first A4 document is printed, not at start-up.
    const { renderA4Pdf } = await import('./a4-document.js');
    const pdf = await renderA4Pdf(doc, this.opts.render);
    if (!pdf.ok) return pdf;
    const sub = await this.opts.backend.submit(pdf.value, doc.title);
    if (!sub.ok) return sub;
    const report: A4PrintReport = { jobId: sub.value.jobId, bytes: pdf.value.length, state: 'pending' };
    if (!opts.wait) return ok(report);
    return this.waitForJob(report);
  }

  private async waitForJob(report: A4PrintReport): Promise<Result<A4PrintReport, A4PrintErrorCode>> {
    const deadline = Date.now() + (this.opts.jobTimeoutMs ?? 120_000);
    const every = this.opts.jobPollMs ?? 1000;
    for (;;) {
      const s = await this.opts.backend.jobState(report.jobId);
      if (!s.ok) return s;
      if (s.value === 'completed') return ok({ ...report, state: 'completed' });
      if (s.value === 'unknown') return err('job-failed', `job ${report.jobId} vanished from the queue (cancelled or aborted)`);
      // A job that stays pending while the queue has stopped will not finish by itself.
      const q = await this.refresh();
      if (q.ok) {
        const refusal = refusalForQueue(q.value);
        if (refusal) return err(refusal.code, `job ${report.jobId} is waiting: ${refusal.message}`);
      }
      if (Date.now() > deadline) return err('job-timeout', `job ${report.jobId} still ${s.value} after the deadline`);
      await new Promise((r) => setTimeout(r, every));
    }
  }
}
