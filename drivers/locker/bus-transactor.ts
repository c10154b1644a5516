/**
 * One request at a time on a shared RS-485 bus (protocols.md §2.3, §5.3):
 * - a queue, with commands for people (unlock, per-lock query) ahead of background polls;
 * - a minimum gap between transactions;
 * - flush the input before each write, so a late reply to an earlier request is not taken for this one;
 * - a deadline per request; a reply counts only if it echoes the request's kind, board and lock;
 * - after a timeout, wait until the line has been quiet before the next request.
 * Nothing the line delivers can throw here: parsers never throw and stray frames are only counted.
 */
import { err, ok, type Result } from '../../common/result.js';
import { Deadline } from '../transport/deadline.js';
import type { Transport } from '../transport/transport.js';
import type { BoardReply, BoardRequest, LockerCodec, ReplyParser } from './locker-codec.js';

export type BusErrorCode = 'no-answer' | 'not-connected' | 'write-failed' | 'stopped';

export interface BusOptions {
  /** Minimum silence between the end of one transaction and the next write. */
  gapMs?: number;
  /** After a timeout: the line must be quiet this long before the next write… */
  quietMs?: number;
  /** …but never wait longer than this for it. */
  maxQuietWaitMs?: number;
}

export interface BusStats {
  requests: number;
  timeouts: number;
  /** Valid frames that did not answer the request in flight (another board/lock, late replies). */
  strayFrames: number;
  /** Bytes discarded by the parser (noise, bad checksums). */
  droppedBytes: number;
}

interface Job {
  req: BoardRequest;
  locks: number | undefined;
  timeoutMs: number;
  urgent: boolean;
  resolve: (r: Result<BoardReply, BusErrorCode>) => void;
}

interface InFlight {
  req: BoardRequest;
  locks: number | undefined;
  done: (r: Result<BoardReply, BusErrorCode>) => void;
}

export class BusTransactor {
  private readonly parser: ReplyParser;
  private readonly queue: Job[] = [];
  private running = false;
  private inFlight: InFlight | null = null;
  private lastEndAt = 0;
  private lastDataAt = 0;
  private needQuiet = false;
  private stopped = false;
  private offData: () => void;
  private readonly counters = { requests: 0, timeouts: 0, strayFrames: 0 };
  private readonly gapMs: number;
  private readonly quietMs: number;
  private readonly maxQuietWaitMs: number;

  constructor(
    private readonly transport: Transport,
    private readonly codec: LockerCodec,
    opts: BusOptions = {},
  ) {
    this.parser = codec.createReplyParser();
    this.gapMs = opts.gapMs ?? 5;
    this.quietMs = opts.quietMs ?? 30;
    this.maxQuietWaitMs = opts.maxQuietWaitMs ?? 300;
    this.offData = transport.onData((chunk) => this.onData(chunk));
  }

  get stats(): BusStats {
    return { ...this.counters, droppedBytes: this.parser.droppedBytes };
  }

  /** Queue a request; resolves with the matching reply or a typed error. Never rejects. */
  request(
    req: BoardRequest,
    opts: { timeoutMs: number; urgent?: boolean; locks?: number },
  ): Promise<Result<BoardReply, BusErrorCode>> {
    const { timeoutMs, urgent = false, locks } = opts;
    if (this.stopped) return Promise.resolve(err('stopped', 'the locker bus is stopped'));
    // Encode now: an out-of-range board/lock is a caller bug and throws here, synchronously.
    this.codec.encodeRequest(req);
    return new Promise((resolve) => {
      const job: Job = { req, locks, timeoutMs, urgent, resolve };
      if (urgent) {
        const firstBackground = this.queue.findIndex((j) => !j.urgent);
        if (firstBackground < 0) this.queue.push(job);
        else this.queue.splice(firstBackground, 0, job);
      } else this.queue.push(job);
      void this.pump();
    });
  }

  /** Background requests waiting (polls). */
  get pendingBackground(): number {
    return this.queue.filter((j) => !j.urgent).length;
  }

  /** Listen again after `stop()` (a device restarted by its manager). */
  resume(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.parser.reset();
    this.offData = this.transport.onData((chunk) => this.onData(chunk));
  }

  /** Fail everything queued and stop listening. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.offData();
    for (const job of this.queue.splice(0)) job.resolve(err('stopped', 'the locker bus is stopped'));
    this.inFlight?.done(err('stopped', 'the locker bus is stopped'));
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (let job = this.queue.shift(); job; job = this.queue.shift()) {
        const r = await this.run(job);
        job.resolve(r);
        if (this.stopped) break;
      }
    } finally {
      this.running = false;
    }
  }

  private async run(job: Job): Promise<Result<BoardReply, BusErrorCode>> {
    if (this.stopped) return err('stopped', 'the locker bus is stopped');
    if (!this.isOpen()) return this.notConnected();
    await this.waitForLine();
    if (!this.isOpen()) return this.notConnected();
    this.counters.requests++;
    try {
      await this.transport.flushInput();
    } catch {
      /* a failed flush is not fatal: the echo check still protects us */
    }
    this.parser.reset();
    const bytes = this.codec.encodeRequest(job.req);
    return new Promise((resolve) => {
      let settled = false;
      const finish = (r: Result<BoardReply, BusErrorCode>): void => {
        if (settled) return;
        settled = true;
        deadline.cancel();
        this.inFlight = null;
        this.lastEndAt = performance.now();
        resolve(r);
      };
      // A Deadline: a reply that came while this process was busy is read before the board is called silent.
      const deadline = new Deadline(job.timeoutMs, () => {
        this.counters.timeouts++;
        this.needQuiet = true;
        finish(err('no-answer', `no answer from board ${job.req.board} within ${job.timeoutMs} ms`));
      });
      this.inFlight = { req: job.req, locks: job.locks, done: finish };
      this.transport.write(bytes).then(
        () => undefined,
        (e: unknown) => finish(err('write-failed', `write to ${this.transport.name} failed: ${String(e)}`)),
      );
    });
  }

  private isOpen(): boolean {
    return this.transport.state === 'open';
  }

  private notConnected(): Result<never, BusErrorCode> {
    return err('not-connected', `${this.transport.name} is ${this.transport.state}`);
  }

  private async waitForLine(): Promise<void> {
    const gap = this.lastEndAt + this.gapMs - performance.now();
    if (gap > 0) await sleep(gap);
    if (!this.needQuiet) return;
    this.needQuiet = false;
    const deadline = performance.now() + this.maxQuietWaitMs;
    for (;;) {
      const quietFor = performance.now() - this.lastDataAt;
      if (quietFor >= this.quietMs || performance.now() >= deadline) return;
      await sleep(Math.min(this.quietMs - quietFor, deadline - performance.now()));
    }
  }

  private onData(chunk: Buffer): void {
    this.lastDataAt = performance.now();
    const pending = this.inFlight;
    if (!pending) return; // nobody asked: the next request flushes it anyway
    const replies = this.parser.push(chunk, { req: pending.req, locks: pending.locks });
    for (const reply of replies) {
      if (this.inFlight === pending && this.codec.replyMatches(pending.req, reply)) pending.done(ok(reply));
      else this.counters.strayFrames++;
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, Math.max(0, ms)));
}
