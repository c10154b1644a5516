/**
 * A4 printing through the OS spooler (CUPS): `CupsA4Printer` spawns `lp` / `lpstat` / `cancel`
 * (no shell; arguments as an array). The PDF goes to `lp` on stdin. Before a job the driver reads
 * the queue with `lpstat -l -p` and refuses when the queue is stopped or reports `media-empty`,
 * `door-open`…, because CUPS keeps accepting jobs for a stopped printer and they would pile up.
 * Job state and the pending jobs come from `lpstat -W … -o`; staff clearing the queue cancel
 * each pending job with `cancel`.
 */
import { spawn } from 'node:child_process';
import { err, ok, type Result } from '../../../common/result.js';
import type { A4ErrorCode, A4JobState, A4PrinterBackend, A4QueueState, A4QueueStatus } from './a4-printer-driver.js';

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

/** `cancel` refusing a job that has already finished, been cancelled or gone from the queue. */
export function isJobGone(stderr: string): boolean {
  return /already (completed|canceled|cancelled|aborted)|not found|does not exist|no such job/i.test(stderr);
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
  cancelPath?: string;
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
  private readonly cancelTool: string;
  private readonly timeoutMs: number;

  constructor(private readonly opts: CupsA4PrinterOptions) {
    if (!/^[^\s/#]+$/.test(opts.printer)) throw new RangeError(`bad CUPS queue name "${opts.printer}"`);
    this.name = `cups:${opts.printer}`;
    this.lp = opts.lpPath ?? 'lp';
    this.lpstat = opts.lpstatPath ?? 'lpstat';
    this.cancelTool = opts.cancelPath ?? 'cancel';
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
    const open = await this.openJobs();
    if (!open.ok) return open;
    if (open.value.includes(jobId)) {
      const s = await this.status();
      return ok(s.ok && s.value.currentJob === jobId ? 'processing' : 'pending');
    }
    const done = await runTool(this.lpstat, ['-W', 'completed', '-o', this.opts.printer], null, this.timeoutMs);
    if (!done.ok) return done;
    return ok(parseLpstatJobs(done.value.stdout).includes(jobId) ? 'completed' : 'unknown');
  }

  pendingJobs(): Promise<Result<number, A4ErrorCode>> {
    return this.openJobs().then((r) => (r.ok ? ok(r.value.length) : r));
  }

  /**
   * `cancel JOB` for each job `lpstat` lists as not completed. A job that finished (or went)
   * in between is not counted; any other refusal stops with `cancel-failed`.
   */
  async cancelPending(): Promise<Result<number, A4ErrorCode>> {
    const open = await this.openJobs();
    if (!open.ok) return open;
    let cancelled = 0;
    for (const jobId of open.value) {
      const r = await runTool(this.cancelTool, [jobId], null, this.timeoutMs);
      if (!r.ok) return r;
      if (r.value.code === 0) {
        cancelled++;
        continue;
      }
      if (isJobGone(r.value.stderr)) continue;
      const code = classifyCupsError(r.value.stderr);
      return err(
        code === 'print-failed' ? 'cancel-failed' : code,
        `cancel ${jobId}: ${r.value.stderr.trim() || `exit ${r.value.code}`}`,
      );
    }
    return ok(cancelled);
  }

  private async openJobs(): Promise<Result<string[], A4ErrorCode>> {
    const open = await runTool(this.lpstat, ['-W', 'not-completed', '-o', this.opts.printer], null, this.timeoutMs);
    if (!open.ok) return open;
    if (open.value.code !== 0) return err(classifyCupsError(open.value.stderr), `lpstat: ${open.value.stderr.trim()}`);
    return ok(parseLpstatJobs(open.value.stdout));
  }
}
