/**
 * Receipt printer driver (ESC/POS) over any `Transport`.
 *
 * - `status()` asks `DLE EOT 1..4` one after another, each answered by one byte. Bytes that fail
 *   the status sanity mask are line noise and skipped; when noise was seen, the answer is asked
 *   for again until two consecutive answers agree. A question left unanswered is asked once more
 *   before the printer is called silent: the question is harmless to repeat, and one lost or late
 *   byte (a USB-serial adapter's hiccup, a terminal too busy to read in time) must not take the
 *   printer out of service. A dead printer is still reported within two deadlines.
 * - `print()` refuses (typed `paper-out` / `cover-open` / `printer-error` / `offline`) when the
 *   status says so, writes the job, then asks for the status again: paper that ran out or a
 *   cover opened during the job is reported as `interrupted`, so the caller keeps it for reprint.
 * - Health: `ok`; `degraded` with `paper-near-end`; `offline` with the reason (`paper-out`,
 *   `cover-open`, `cutter-error`, `no-answer`, `disconnected`…). A heartbeat polls the status.
 */
import type { CancelReport, DeviceDriver, Health, SelfTestResult } from '../../device.js';
import { HealthCell, nothingToCancel } from '../../health.js';
import { err, ok, type Result } from '../../../common/result.js';
import { Deadline } from '../../transport/deadline.js';
import { RequestChannel, type FrameReader, type RequestErrorCode } from '../../transport/request.js';
import type { Transport } from '../../transport/transport.js';
import {
  decodeStatus,
  isStatusByte,
  refusalFor,
  STATUS_QUERIES,
  statusQueryBytes,
  type PrinterRefusal,
  type PrinterStatus,
  type StatusQuery,
} from './printer-status.js';
import { ReceiptBuilder } from './receipt-builder.js';

export interface ReceiptPrinterOptions {
  transport: Transport;
  /** Deadline for each one-byte status answer (default 500 ms). */
  statusTimeoutMs?: number;
  /** Heartbeat period in ms (default 5000; 0 disables). */
  pollMs?: number;
}

export type StatusErrorCode = RequestErrorCode;
export type PrintErrorCode = PrinterRefusal | StatusErrorCode | 'interrupted' | 'unconfirmed';

export interface PrintReport {
  bytes: number;
  /** The status after the job (paper may now be near its end). */
  after: PrinterStatus;
}

/** Frames of the status channel: single bytes that pass the sanity mask; the rest is counted as noise. */
export class StatusByteReader implements FrameReader<number> {
  noise = 0;
  readonly pending = 0;

  push(chunk: Uint8Array): number[] {
    const out: number[] = [];
    for (const b of chunk) {
      if (isStatusByte(b)) out.push(b);
      else this.noise++;
    }
    return out;
  }

  reset(): void {
    this.noise = 0;
  }
}

/** Agreeing answers needed, and the most attempts made, on a noisy line. */
const NOISY_ATTEMPTS = 4;

export function healthFromStatus(s: PrinterStatus): Health {
  if (s.paper === 'out') return { state: 'offline', code: 'paper-out' };
  if (s.coverOpen) return { state: 'offline', code: 'cover-open' };
  if (s.error !== null) return { state: 'offline', code: `${s.error}-error` };
  if (!s.online) return { state: 'offline', code: 'offline' };
  if (s.paper === 'near-end') return { state: 'degraded', code: 'paper-near-end' };
  return { state: 'ok', code: null };
}

export class ReceiptPrinterDriver implements DeviceDriver {
  private readonly reader = new StatusByteReader();
  private readonly channel: RequestChannel<number>;
  private readonly statusTimeoutMs: number;
  private readonly pollMs: number;
  private readonly healthCell = new HealthCell();
  private timer: NodeJS.Timeout | null = null;
  private offState: (() => void) | null = null;
  /** Jobs and heartbeats run one at a time: a print is never split by a status poll. */
  private tail: Promise<unknown> = Promise.resolve();
  private running = false;

  constructor(private readonly opts: ReceiptPrinterOptions) {
    this.channel = new RequestChannel(opts.transport, this.reader);
    this.statusTimeoutMs = opts.statusTimeoutMs ?? 500;
    this.pollMs = opts.pollMs ?? 5000;
  }

  get transport(): Transport {
    return this.opts.transport;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.transport.open();
    } catch {
      // With a retrying transport the device may come later; the status poll reports it.
      this.healthCell.set({ state: 'offline', code: 'disconnected' });
    }
    // After the first open, so that open does not trigger a second poll.
    this.offState = this.transport.onState((state) => {
      if (state === 'open') void this.poll();
      else if (this.running) this.healthCell.set({ state: 'offline', code: 'disconnected' });
    });
    await this.poll();
    if (this.pollMs > 0) {
      this.timer = setInterval(() => void this.poll(), this.pollMs);
      this.timer.unref?.();
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.offState?.();
    this.offState = null;
    await this.exclusive(() => this.transport.close());
    this.healthCell.set({ state: 'unknown', code: null });
  }

  health(): Health {
    return this.healthCell.get();
  }

  onHealth(listener: (health: Health) => void): () => void {
    return this.healthCell.on(listener);
  }

  /** Ask the printer for its real-time status (EOT 1..4). */
  status(): Promise<Result<PrinterStatus, StatusErrorCode>> {
    return this.exclusive(() => this.readStatus());
  }

  /** Asks for the real-time status: ok when there is paper, the cover is shut and no error is reported. */
  async selfTest(): Promise<SelfTestResult> {
    const r = await this.status();
    return {
      ok: r.ok && r.value.paper !== 'out' && !r.value.coverOpen && r.value.error === null,
      detail: r.ok ? `paper ${r.value.paper}` : r.error.code,
    };
  }

  /** A job goes out whole or not at all; nothing waits in a queue here to cancel. */
  cancel(): Promise<Result<CancelReport, string>> {
    return nothingToCancel();
  }

  /** Print a job (bytes from `ReceiptBuilder`), checking the status before and after. */
  print(job: Uint8Array | ReceiptBuilder): Promise<Result<PrintReport, PrintErrorCode>> {
    const bytes = job instanceof ReceiptBuilder ? job.build() : job;
    return this.exclusive(async (): Promise<Result<PrintReport, PrintErrorCode>> => {
      const before = await this.readStatus();
      if (!before.ok) return before;
      const refusal = refusalFor(before.value);
      if (refusal) return err(refusal, `printer refuses the job: ${describe(before.value)}`);
      const sent = await this.channel.send('print', bytes);
      if (!sent.ok) {
        this.healthCell.set({ state: 'offline', code: 'disconnected' });
        return err('unconfirmed', `print: ${sent.error.message}`);
      }
      const after = await this.readStatus(false);
      if (!after.ok) return err('unconfirmed', `print: job sent, but no status afterwards: ${after.error.message}`);
      const trouble = refusalFor(after.value);
      if (trouble) return err('interrupted', `print: the job may be incomplete: ${describe(after.value)}`);
      return ok({ bytes: bytes.length, after: after.value });
    });
  }

  /** `DLE ENQ n`: ask the printer to recover from a recoverable error (1 restart, 2 clear buffer). */
  recover(clearBuffer = false): Promise<Result<void, 'not-open' | 'write-failed'>> {
    return this.exclusive(() => this.channel.send('recover', Uint8Array.of(0x10, 0x05, clearBuffer ? 2 : 1)));
  }

  private async poll(): Promise<void> {
    if (!this.running) return;
    void (await this.status());
  }

  /**
   * EOT 1..4. `flush` (the default) discards stale input before each question. Right after a
   * job it must not: on some stacks (Linux ptys, some USB-serial drivers) the flush also throws
   * away output the device has not read yet, i.e. the end of the receipt. No stale answer can be
   * pending then, since every earlier question was answered or timed out before the job.
   */
  private async readStatus(flush = true): Promise<Result<PrinterStatus, StatusErrorCode>> {
    const bytes: number[] = [];
    for (const n of STATUS_QUERIES) {
      const r = await this.queryByte(n, flush);
      if (!r.ok) {
        const code = r.error.code === 'not-open' || r.error.code === 'write-failed' ? 'disconnected' : r.error.code;
        this.healthCell.set({ state: 'offline', code });
        return r;
      }
      bytes.push(r.value);
    }
    const status = decodeStatus(bytes);
    if (!status) return err('garbage', `status bytes ${hex(bytes)} fail the sanity mask`);
    this.healthCell.set(healthFromStatus(status));
    return ok(status);
  }

  private async queryByte(n: StatusQuery, flush: boolean): Promise<Result<number, StatusErrorCode>> {
    let previous: number | null = null;
    let last: Result<number, StatusErrorCode> | null = null;
    let askedAgain = false;
    for (let attempt = 0; attempt < NOISY_ATTEMPTS; attempt++) {
      const { result: r, noise } = flush ? await this.flushedQuery(n) : await this.unflushedQuery(n);
      if (!r.ok) {
        last = r;
        // Noise without a status byte: try again. No answer: ask once more, then give up.
        if (r.error.code === 'garbage') continue;
        if (r.error.code === 'no-answer' && !askedAgain) {
          askedAgain = true;
          continue;
        }
        return r;
      }
      if (noise === 0 && previous === null) return r;
      if (previous === r.value) return r;
      previous = r.value;
      last = r;
    }
    if (last && !last.ok) return last;
    return err('garbage', `DLE EOT ${n}: answers disagree on a noisy line`);
  }

  private async flushedQuery(n: StatusQuery): Promise<{ result: Result<number, StatusErrorCode>; noise: number }> {
    const result = await this.channel.request(`DLE EOT ${n}`, statusQueryBytes(n), {
      timeoutMs: this.statusTimeoutMs,
      interByteMs: this.statusTimeoutMs,
    });
    return { result, noise: this.reader.noise };
  }

  private unflushedQuery(n: StatusQuery): Promise<{ result: Result<number, StatusErrorCode>; noise: number }> {
    const t = this.transport;
    const command = `DLE EOT ${n}`;
    return this.channel.exclusive(
      () =>
        new Promise((resolve) => {
          let noise = 0;
          let done = false;
          const finish = (result: Result<number, StatusErrorCode>): void => {
            if (done) return;
            done = true;
            deadline.cancel();
            offData();
            offState();
            resolve({ result, noise });
          };
          const offData = t.onData((chunk) => {
            for (const b of chunk) {
              if (isStatusByte(b)) return finish(ok(b));
              noise++;
            }
          });
          const offState = t.onState((state) => {
            if (state !== 'open') finish(err('disconnected', `${command}: ${t.name} went ${state}`));
          });
          const deadline = new Deadline(this.statusTimeoutMs, () =>
            finish(
              noise > 0
                ? err('garbage', `${command}: ${noise} bytes from ${t.name} but no status byte`)
                : err('no-answer', `${command}: no answer from ${t.name} (timeout ${this.statusTimeoutMs} ms)`),
            ),
          );
          if (t.state !== 'open') {
            finish(err('not-open', `${command}: ${t.name} is not open (${t.state})`));
            return;
          }
          t.write(statusQueryBytes(n)).catch((e: unknown) =>
            finish(err('write-failed', `${command}: write to ${t.name} failed: ${(e as Error).message}`)),
          );
        }),
    );
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(fn, fn);
    this.tail = run.catch(() => undefined);
    return run;
  }
}

export function describe(s: PrinterStatus): string {
  const parts = [s.online ? 'online' : 'offline', `paper ${s.paper}`];
  if (s.coverOpen) parts.push('cover open');
  if (s.error) parts.push(`${s.error} error`);
  return `${parts.join(', ')} (status ${hex(s.raw)})`;
}

function hex(bytes: readonly number[]): string {
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(' ');
}
