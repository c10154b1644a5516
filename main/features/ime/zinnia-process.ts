/**
 * Zinnia (Debian `zinnia-utils`, `/usr/bin/zinnia`) as a long-lived helper process: started once
 * with the model, it reads one S-expression character a line on stdin and answers on stdout with
 * `Answer: ` and then exactly `nbest` lines `<character> <score>`, flushed per character
 * (measured: ≈ 5 ms a character, against ≈ 25 ms to start the program for each one).
 *
 * One request at a time, in order; each has a deadline (from the request, waiting included), and a
 * helper that misses it while answering is killed.
 * A helper that exits is started again with growing back-off (0.2 s … 30 s), and every change is
 * reported as health (the staff dashboard shows it). We only ever write characters we built
 * ourselves (./strokes.ts): at least one stroke, each of at least two points, so the answer always
 * has `nbest` lines; anything else would be a bug, caught by the deadline.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { ListenerSet } from '../../../common/listeners.js';
import { err, ok, type Result } from '../../../common/result.js';

export interface ZinniaOptions {
  binary: string;
  model: string;
  nbest: number;
  /** A character not answered within this is given up and the helper killed (default 2 s). */
  timeoutMs?: number;
  /** First restart delay; doubles up to 30 s, back to this after a minute without an exit. */
  restartMs?: number;
}

export type ZinniaError = 'recogniser-unavailable' | 'recogniser-timeout' | 'recogniser-exited';
export interface Scored {
  text: string;
  score: number;
}

export type ZinniaState = 'unknown' | 'ok' | 'offline';
export interface ZinniaHealth {
  state: ZinniaState;
  /** `recogniser-missing` (binary or model absent), `recogniser-exited`, `recogniser-timeout`; null when fine. */
  code: string | null;
  since: number;
  /** Times the helper was started again after an exit. */
  restarts: number;
  pid: number | null;
}

interface Job {
  lines: string[];
  answers: number;
  got: Scored[][];
  done: (r: Result<Scored[][], ZinniaError>) => void;
  timer: NodeJS.Timeout | null;
}

const MAX_RESTART_MS = 30_000;
/** Requests waiting beyond this are refused at once (a finger cannot draw that fast). */
const MAX_QUEUE = 16;

export class ZinniaProcess {
  private child: ChildProcessWithoutNullStreams | null = null;
  private readonly queue: Job[] = [];
  private current: Job | null = null;
  private buf = '';
  private restartTimer: NodeJS.Timeout | null = null;
  private backoff: number;
  private lastStart = 0;
  private closed = false;
  private state: ZinniaHealth;
  private readonly listeners = new ListenerSet<ZinniaHealth>('ZinniaHealthListenerWarning');

  constructor(private readonly o: ZinniaOptions) {
    this.backoff = o.restartMs ?? 200;
    this.state = { state: 'unknown', code: null, since: Date.now(), restarts: 0, pid: null };
  }

  health(): ZinniaHealth {
    return { ...this.state };
  }

  onHealth(listener: (h: ZinniaHealth) => void): () => void {
    return this.listeners.add(listener);
  }

  /** Starts the helper now (otherwise on the first request). */
  start(): void {
    if (!this.child && !this.restartTimer && !this.closed) this.spawnChild();
  }

  /** The pid of the running helper (tests kill it to see it come back). */
  pid(): number | null {
    return this.child?.pid ?? null;
  }

  /** Classifies each character (S-expression lines); one answer list per line, best first. */
  classify(lines: readonly string[]): Promise<Result<Scored[][], ZinniaError>> {
    if (this.closed) return Promise.resolve(err('recogniser-unavailable', 'the recogniser is closed'));
    if (lines.length === 0) return Promise.resolve(ok([]));
    if (this.queue.length >= MAX_QUEUE) return Promise.resolve(err('recogniser-unavailable', 'too many requests waiting'));
    return new Promise((done) => {
      const job: Job = { lines: [...lines], answers: 0, got: [], done, timer: null };
      // The deadline runs from the request (waiting included) and keeps Node alive meanwhile.
      job.timer = setTimeout(() => this.expire(job), this.o.timeoutMs ?? 2000);
      this.queue.push(job);
      this.start();
      this.pump();
    });
  }

  close(): void {
    this.closed = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    this.failAll('recogniser-unavailable', 'the recogniser is closed');
    this.child?.kill('SIGKILL');
    this.child = null;
  }

  private spawnChild(): void {
    if (!existsSync(this.o.binary) || !existsSync(this.o.model)) {
      this.setHealth('offline', 'recogniser-missing');
      this.failAll('recogniser-unavailable', `${this.o.binary} or ${this.o.model} is missing`);
      return;
    }
    const child = spawn(this.o.binary, ['-m', this.o.model, '-n', String(this.o.nbest)], { stdio: 'pipe' });
    this.child = child;
    this.buf = '';
    this.lastStart = Date.now();
    // The helper never keeps Node running on its own (a CLI command or a test can exit; `close()` kills it).
    child.unref();
    for (const pipe of [child.stdin, child.stdout, child.stderr]) (pipe as unknown as { unref?: () => void }).unref?.();
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => this.onData(d));
    child.stderr.resume();
    // EPIPE after a crash surfaces here, not as a throw.
    child.stdin.on('error', () => undefined);
    child.on('error', (e) => {
      if (this.child !== child) return;
      this.child = null;
      this.setHealth('offline', 'recogniser-missing');
      this.failAll('recogniser-unavailable', `zinnia did not start: ${e.message}`);
    });
    child.on('spawn', () => {
      if (this.child === child) this.setHealth('ok', null);
      this.pump();
    });
    child.on('exit', () => this.onExit(child));
  }

  private onExit(child: ChildProcessWithoutNullStreams): void {
    if (this.child !== child) return;
    this.child = null;
    if (this.closed) return;
    const timedOut = this.state.code === 'recogniser-timeout';
    if (!timedOut) this.setHealth('offline', 'recogniser-exited');
    this.failCurrent('recogniser-exited', 'zinnia exited');
    // A helper that lived a minute starts the back-off afresh.
    if (Date.now() - this.lastStart > 60_000) this.backoff = this.o.restartMs ?? 200;
    const wait = this.backoff;
    this.backoff = Math.min(MAX_RESTART_MS, this.backoff * 2);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (this.closed) return;
      this.state.restarts++;
      this.spawnChild();
    }, wait);
    this.restartTimer.unref();
  }

  private pump(): void {
    const child = this.child;
    if (this.current || !child || child.pid === undefined || this.state.state !== 'ok') return;
    const job = this.queue.shift();
    if (!job) return;
    this.current = job;
    child.stdin.write(`${job.lines.join('\n')}\n`);
  }

  /** A request past its deadline: still waiting, it is refused; being answered, the helper is killed too. */
  private expire(job: Job): void {
    if (this.current === job) {
      this.setHealth('offline', 'recogniser-timeout');
      this.failCurrent('recogniser-timeout', 'zinnia did not answer in time');
      this.child?.kill('SIGKILL');
      return;
    }
    const at = this.queue.indexOf(job);
    if (at < 0) return;
    this.queue.splice(at, 1);
    job.done(err('recogniser-timeout', 'the recogniser was not ready in time'));
  }

  private onData(chunk: string): void {
    this.buf += chunk;
    for (let nl = this.buf.indexOf('\n'); nl >= 0; nl = this.buf.indexOf('\n')) {
      const line = this.buf.slice(0, nl);
      this.buf = this.buf.slice(nl + 1);
      this.onLine(line);
    }
  }

  private onLine(line: string): void {
    const job = this.current;
    if (!job) return;
    if (line.startsWith('Answer:')) {
      job.got.push([]);
      return;
    }
    const list = job.got[job.got.length - 1];
    const sp = line.lastIndexOf(' ');
    if (!list || sp <= 0) return;
    list.push({ text: line.slice(0, sp), score: Number(line.slice(sp + 1)) });
    if (list.length < this.o.nbest) return;
    if (job.got.length < job.lines.length) return;
    this.current = null;
    if (job.timer) clearTimeout(job.timer);
    job.done(ok(job.got));
    this.pump();
  }

  private failCurrent(code: ZinniaError, message: string): void {
    const job = this.current;
    this.current = null;
    if (!job) return;
    if (job.timer) clearTimeout(job.timer);
    job.done(err(code, message));
  }

  private failAll(code: ZinniaError, message: string): void {
    this.failCurrent(code, message);
    for (let job = this.queue.shift(); job; job = this.queue.shift()) {
      if (job.timer) clearTimeout(job.timer);
      job.done(err(code, message));
    }
  }

  private setHealth(state: ZinniaState, code: string | null): void {
    const pid = this.child?.pid ?? null;
    if (this.state.state === state && this.state.code === code && this.state.pid === pid) return;
    this.state = { ...this.state, state, code, since: Date.now(), pid };
    this.listeners.emit(this.health());
  }
}
