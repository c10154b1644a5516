/**
 * A4 printing through the OS spooler (CUPS), an emulated A4 printer, and the driver that both
 * plug into.
 *
 * - `CupsA4Printer` spawns `lp` / `lpstat` (no shell; arguments as an array). The PDF goes to
 *   `lp` on stdin. Before a job it reads the queue with `lpstat -l -p` and refuses when the queue
 *   is stopped or reports `media-empty`, `door-open`…, because CUPS keeps accepting jobs for a
 *   stopped printer and they would pile up. Job state comes from `lpstat -W … -o`.
 * - `A4PrinterEmulator` writes each PDF into a folder and keeps a job list, with scriptable
 *   trouble (paper out, stopped queue, missing printer).
 * - `A4PrinterDriver` renders an `A4Document`, checks and submits it, polls until the job is
 *   done, and reports health (`ManagedDevice`).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Health, ManagedDevice } from '../../device.js';
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
  | 'job-timeout';

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

/** What the driver needs from a print path (CUPS, or the emulator). */
export interface A4PrinterBackend {
  readonly name: string;
  status(): Promise<Result<A4QueueStatus, A4ErrorCode>>;
  submit(pdf: Uint8Array, title: string): Promise<Result<{ jobId: string }, A4ErrorCode>>;
  jobState(jobId: string): Promise<Result<A4JobState, A4ErrorCode>>;
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

// ---------------------------------------------------------------------------------------------
// CUPS output parsers (pure).

/** `lp` prints `request id is QUEUE-123 (1 file(s))`. */
export function parseLpJobId(stdout: string): string | null {
  const m = /request id is (\S+-\d+)/.exec(stdout);
  return m?.[1] ?? null;
}

/** Classify `lp`/`lpstat` failure text. */
export function classifyCupsError(stderr: string): A4ErrorCode {
  const s = stderr.toLowerCase();
  if (
    s.includes('does not exist') ||
    s.includes('invalid destination') ||
    s.includes('unknown destination') ||
    s.includes('no default destination')
  )
    return 'printer-missing';
  if (s.includes('scheduler') || s.includes('unable to connect') || s.includes('connection refused') || s.includes('cups server'))
    return 'cups-unavailable';
  if (s.includes('not accepting')) return 'printer-stopped';
  return 'print-failed';
}

/**
 * `lpstat -l -p QUEUE`:
 *
 *     printer kiosk-a4 is idle.  enabled since Mon 01 Jan 2024 …
 *     printer kiosk-a4 now printing kiosk-a4-12.  enabled since …
 *     printer kiosk-a4 disabled since Mon 01 Jan 2024 … -
 *             Paused
 *             Alerts: media-empty-error door-open-report
 */
export function parseLpstatPrinter(stdout: string, queue: string): A4QueueStatus | null {
  const lines = stdout.split(/\r?\n/);
  const start = lines.findIndex((l) => l.startsWith(`printer ${queue} `));
  if (start < 0) return null;
  const head = lines[start] ?? '';
  let state: A4QueueState = 'idle';
  let currentJob: string | null = null;
  const printing = /now printing (\S+?)\.?\s/.exec(`${head} `);
  if (printing?.[1]) {
    state = 'printing';
    currentJob = printing[1];
  }
  if (/\bdisabled\b/.test(head)) state = 'stopped';
  const reasons: string[] = [];
  for (let i = start + 1; i < lines.length; i++) {
    const l = lines[i] ?? '';
    if (!/^\s/.test(l)) break;
    const alerts = /^\s*Alerts:\s*(.*)$/.exec(l);
    if (alerts?.[1]) for (const r of alerts[1].trim().split(/\s+/)) if (r && r !== 'none') reasons.push(r);
  }
  return { state, reasons, currentJob };
}

/** Job ids listed by `lpstat -o` (`QUEUE-12  user  1024  date`). */
export function parseLpstatJobs(stdout: string): string[] {
  return stdout
    .split(/\r?\n/)
    .map((l) => /^(\S+-\d+)\s/.exec(l)?.[1])
    .filter((id): id is string => id !== undefined);
}

// ---------------------------------------------------------------------------------------------

export interface CupsA4PrinterOptions {
  /** The CUPS queue (`lp -d`). */
  printer: string;
  lpPath?: string;
  lpstatPath?: string;
  /** Extra `-o` options (default `media=A4`, `fit-to-page`). */
  options?: string[];
  /** Per command (default 10 s). */
  timeoutMs?: number;
}

interface ToolOutput {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runTool(
  file: string,
  args: string[],
  stdin: Uint8Array | null,
  timeoutMs: number,
): Promise<Result<ToolOutput, 'cups-missing' | 'cups-timeout'>> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: Result<ToolOutput, 'cups-missing' | 'cups-timeout'>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    const child = spawn(file, args, {
      stdio: ['pipe', 'pipe', 'pipe'],
      shell: false,
      env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
    });
    const out: Buffer[] = [];
    const errOut: Buffer[] = [];
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      done(err('cups-timeout', `${file} did not finish within ${timeoutMs} ms`));
    }, timeoutMs);
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => errOut.push(c));
    child.on('error', (e: NodeJS.ErrnoException) => {
      done(
        err(
          'cups-missing',
          e.code === 'ENOENT' ? `${file} not found: is CUPS installed (apt-get install cups-client)?` : `${file}: ${e.message}`,
        ),
      );
    });
    child.on('close', (code) =>
      done(ok({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(errOut).toString('utf8') })),
    );
    child.stdin.on('error', () => {
      /* the tool exited without reading everything: its exit status tells why */
    });
    child.stdin.end(stdin ? Buffer.from(stdin) : undefined);
  });
}

export class CupsA4Printer implements A4PrinterBackend {
  readonly name: string;
  private readonly lp: string;
  private readonly lpstat: string;
  private readonly timeoutMs: number;

  constructor(private readonly opts: CupsA4PrinterOptions) {
    if (!/^[^\s/#]+$/.test(opts.printer)) throw new RangeError(`bad CUPS queue name "${opts.printer}"`);
    this.name = `cups:${opts.printer}`;
    this.lp = opts.lpPath ?? 'lp';
    this.lpstat = opts.lpstatPath ?? 'lpstat';
    this.timeoutMs = opts.timeoutMs ?? 10_000;
  }

  async status(): Promise<Result<A4QueueStatus, A4ErrorCode>> {
    const r = await runTool(this.lpstat, ['-l', '-p', this.opts.printer], null, this.timeoutMs);
    if (!r.ok) return r;
    const parsed = parseLpstatPrinter(r.value.stdout, this.opts.printer);
    if (parsed) return ok(parsed);
    const code = classifyCupsError(r.value.stderr);
    return err(
      code === 'print-failed' ? 'printer-missing' : code,
      `lpstat: ${r.value.stderr.trim() || `no queue ${this.opts.printer}`}`,
    );
  }

  async submit(pdf: Uint8Array, title: string): Promise<Result<{ jobId: string }, A4ErrorCode>> {
    const options = this.opts.options ?? ['media=A4', 'fit-to-page'];
    const args = ['-d', this.opts.printer, '-t', title.replace(/\p{Cc}/gu, ' ').slice(0, 200)];
    for (const o of options) args.push('-o', o);
    // No file operand: lp reads the document from stdin.
    const r = await runTool(this.lp, args, pdf, this.timeoutMs);
    if (!r.ok) return r;
    if (r.value.code !== 0)
      return err(classifyCupsError(r.value.stderr), `lp: ${r.value.stderr.trim() || `exit ${r.value.code}`}`);
    const jobId = parseLpJobId(r.value.stdout);
    if (!jobId) return err('print-failed', `lp gave no job id: ${r.value.stdout.trim()}`);
    return ok({ jobId });
  }

  async jobState(jobId: string): Promise<Result<A4JobState, A4ErrorCode>> {
    const open = await runTool(this.lpstat, ['-W', 'not-completed', '-o', this.opts.printer], null, this.timeoutMs);
    if (!open.ok) return open;
    if (open.value.code !== 0) return err(classifyCupsError(open.value.stderr), `lpstat: ${open.value.stderr.trim()}`);
    if (parseLpstatJobs(open.value.stdout).includes(jobId)) {
      const s = await this.status();
      return ok(s.ok && s.value.currentJob === jobId ? 'processing' : 'pending');
    }
    const done = await runTool(this.lpstat, ['-W', 'completed', '-o', this.opts.printer], null, this.timeoutMs);
    if (!done.ok) return done;
    return ok(parseLpstatJobs(done.value.stdout).includes(jobId) ? 'completed' : 'unknown');
  }
}

// ---------------------------------------------------------------------------------------------

export const A4_SCENARIOS = ['ok', 'paper-out', 'stopped', 'missing'] as const;
export type A4EmulatorCondition = (typeof A4_SCENARIOS)[number];

export interface A4PrinterEmulatorOptions {
  /** Where the PDFs go. */
  folder: string;
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
  /** Waiting jobs, and the last `A4_JOBS_KEPT` completed ones, oldest first. */
  readonly jobs: A4EmulatedJob[] = [];
  condition: A4EmulatorCondition;
  private seq = 0;
  private readonly jobListeners = new Set<(job: A4EmulatedJob) => void>();

  constructor(private readonly opts: A4PrinterEmulatorOptions) {
    this.name = `emulated:${opts.name ?? 'a4'}`;
    this.condition = opts.condition ?? 'ok';
    mkdirSync(opts.folder, { recursive: true });
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
        const current = this.jobs.find((j) => j.state === 'pending' || j.state === 'processing');
        return Promise.resolve(ok({ state: current ? 'printing' : 'idle', reasons: [], currentJob: current?.id ?? null }));
      }
    }
  }

  submit(pdf: Uint8Array, title: string): Promise<Result<{ jobId: string }, A4ErrorCode>> {
    if (this.condition === 'missing') return Promise.resolve(err('printer-missing', `${this.name}: no such queue`));
    this.seq++;
    const id = `${this.opts.name ?? 'a4'}-${this.seq}`;
    const file = join(this.opts.folder, `${id}.pdf`);
    writeFileSync(file, pdf);
    // Like CUPS: a stopped queue still accepts the job; it waits.
    const state: A4JobState = this.opts.holdJobs || this.condition !== 'ok' ? 'pending' : 'completed';
    const job: A4EmulatedJob = { id, title, bytes: pdf.length, state, submittedAt: Date.now(), file };
    this.jobs.push(job);
    this.forgetOldJobs();
    for (const l of [...this.jobListeners]) l(job);
    return Promise.resolve(ok({ jobId: id }));
  }

  /** A long-running emulator (demo, soak) must not remember every job it ever printed. */
  private forgetOldJobs(): void {
    let completed = this.jobs.filter((j) => j.state === 'completed').length;
    for (let i = 0; i < this.jobs.length && completed > A4_JOBS_KEPT;) {
      if (this.jobs[i]?.state === 'completed') {
        this.jobs.splice(i, 1);
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
    const job = this.jobs.find((j) => j.id === jobId);
    return Promise.resolve(ok(job?.state ?? 'unknown'));
  }

  /** Finish every waiting job (a technician fixed the printer). */
  completeJobs(): void {
    for (const j of this.jobs) if (j.state !== 'completed') j.state = 'completed';
  }
}

// ---------------------------------------------------------------------------------------------

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

export class A4PrinterDriver implements ManagedDevice {
  private readonly healthCell = new HealthCell();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly opts: A4PrinterDriverOptions) {}

  get backend(): A4PrinterBackend {
    return this.opts.backend;
  }

  async start(): Promise<void> {
    await this.refresh();
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
