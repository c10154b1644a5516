/**
 * Request/response over a `Transport`: one transaction at a time.
 *
 * - Requests queue behind each other (a mutex): never two commands in flight on one port.
 * - Before each write: flush the OS input buffer and reset the frame reader, so leftovers or a
 *   late reply to an earlier command are never taken for this one.
 * - The waiter is registered *before* the write: a device that answers instantly is not missed.
 * - Two deadlines: a whole-frame timeout from the write, and an inter-byte timeout once the
 *   reply has started (a card pulled away mid-read stops the bytes). Both are `Deadline`s: a
 *   deadline whose timer fires late because our own process was busy first reads what the OS
 *   already holds, so a device that answered in time is not called silent.
 * - Failures are values whose message names the command: `no-answer` (nothing arrived),
 *   `truncated` (a reply started and stopped), `garbage` (bytes came, none formed a frame),
 *   `not-open`, `write-failed`, `disconnected` (the transport dropped mid-transaction).
 */
import { err, ok, type Result } from '../../common/result.js';
import { Deadline } from './deadline.js';
import type { Transport } from './transport.js';

/** Splits a byte stream into frames. Must never throw, whatever the bytes. */
export interface FrameReader<F> {
  /** Feed bytes; returns the complete, valid frames found (possibly none). */
  push(chunk: Uint8Array): F[];
  /** Forget any partial frame. */
  reset(): void;
  /** Bytes held in a frame that has started but is not complete (0 when hunting). */
  readonly pending: number;
  /**
   * For protocols delimited by silence (no length field): called when the line has been quiet
   * for the inter-byte interval; may return the frames the silence completes.
   */
  flushOnSilence?(): F[];
}

export type RequestErrorCode = 'no-answer' | 'truncated' | 'garbage' | 'not-open' | 'write-failed' | 'disconnected';

export interface RequestOptions<F> {
  /** Whole transaction deadline, from the write to the complete frame. */
  timeoutMs: number;
  /** Longest silence allowed once the reply has started. */
  interByteMs: number;
  /** Which frame answers this request (default: the first one). Other frames are ignored. */
  accept?: (frame: F) => boolean;
}

export interface RequestStats {
  /** performance.now() when the first byte of the reply arrived. */
  firstByteAt: number;
  /** performance.now() when the frame was complete. */
  completeAt: number;
  bytesReceived: number;
}

export class RequestChannel<F> {
  private tail: Promise<unknown> = Promise.resolve();
  /** Stats of the last successful request (for benchmarks and logs). */
  lastStats: RequestStats | null = null;

  constructor(
    readonly transport: Transport,
    private readonly reader: FrameReader<F>,
  ) {}

  /** Send `bytes` and wait for the reply frame. `command` names the command in error messages. */
  request(command: string, bytes: Uint8Array, opts: RequestOptions<F>): Promise<Result<F, RequestErrorCode>> {
    return this.exclusive(() => this.transact(command, bytes, opts));
  }

  /** Send bytes that expect no reply, in turn with the requests. */
  send(command: string, bytes: Uint8Array): Promise<Result<void, 'not-open' | 'write-failed'>> {
    return this.exclusive(async () => {
      if (this.transport.state !== 'open') return err('not-open', `${command}: ${this.transport.name} is not open`);
      try {
        await this.transport.write(bytes);
        return ok(undefined);
      } catch (e) {
        return err('write-failed', `${command}: write failed: ${(e as Error).message}`);
      }
    });
  }

  /** Run `fn` when the channel is free; nothing else runs until it settles. */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(fn, fn);
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async transact(command: string, bytes: Uint8Array, opts: RequestOptions<F>): Promise<Result<F, RequestErrorCode>> {
    const t = this.transport;
    if (t.state !== 'open') return err('not-open', `${command}: ${t.name} is not open (${t.state})`);
    try {
      await t.flushInput();
    } catch {
      /* a failed flush is not fatal: the reader is reset below and frames are checked */
    }
    this.reader.reset();

    let settle: (r: Result<F, RequestErrorCode>) => void = () => undefined;
    const done = new Promise<Result<F, RequestErrorCode>>((resolve) => (settle = resolve));
    let received = 0;
    let firstByteAt = 0;
    let interByte: Deadline | null = null;
    let finished = false;

    const finish = (r: Result<F, RequestErrorCode>): void => {
      if (finished) return;
      finished = true;
      settle(r);
    };
    const describeFailure = (why: string): Result<F, RequestErrorCode> => {
      if (received === 0) return err('no-answer', `${command}: no answer from ${t.name} (${why})`);
      if (this.reader.pending > 0)
        return err('truncated', `${command}: reply from ${t.name} stopped after ${received} bytes (${why})`);
      return err('garbage', `${command}: ${received} bytes from ${t.name} but no valid frame (${why})`);
    };
    const onFrames = (frames: F[]): void => {
      for (const f of frames) {
        if (!opts.accept || opts.accept(f)) {
          this.lastStats = { firstByteAt, completeAt: performance.now(), bytesReceived: received };
          finish(ok(f));
          return;
        }
      }
    };
    const armInterByte = (): void => {
      if (interByte) interByte.restart();
      else
        interByte = new Deadline(opts.interByteMs, () => {
          if (this.reader.flushOnSilence) onFrames(this.reader.flushOnSilence());
          if (!finished && this.reader.pending > 0) finish(describeFailure(`silent for ${opts.interByteMs} ms`));
        });
    };

    // Registered before the write: an instant answer is not missed.
    const offData = t.onData((chunk) => {
      if (finished) return;
      if (received === 0) firstByteAt = performance.now();
      received += chunk.length;
      onFrames(this.reader.push(chunk));
      if (!finished) armInterByte();
    });
    const offState = t.onState((state) => {
      if (state !== 'open') finish(err('disconnected', `${command}: ${t.name} went ${state} during the transaction`));
    });
    const whole = new Deadline(opts.timeoutMs, () => finish(describeFailure(`timeout ${opts.timeoutMs} ms`)));

    try {
      await t.write(bytes);
    } catch (e) {
      finish(err('write-failed', `${command}: write to ${t.name} failed: ${(e as Error).message}`));
    }
    const result = await done;
    offData();
    offState();
    whole.cancel();
    (interByte as Deadline | null)?.cancel();
    return result;
  }
}
