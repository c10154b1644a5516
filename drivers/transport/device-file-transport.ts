/**
 * `Transport` over a character device opened as a file: the USB printer class device
 * (`/dev/usb/lp0`), which Linux exposes without any serial settings.
 *
 * - Opened read-write and non-blocking. Writes loop until the kernel has taken every byte
 *   (`EAGAIN` waits a little and retries).
 * - Reads are polled every `readPollMs`: usblp answers status requests (`DLE EOT n`) through
 *   `read()` when the printer is bidirectional; with `readable: false` (unidirectional adapters)
 *   nothing is read, and status requests simply get no answer.
 * - Unplug: a read/write error other than `EAGAIN` (`ENODEV`, `EIO`), or the path vanishing,
 *   reports `reconnecting`; the path is reopened with a back-off until it is back.
 */
import { constants, type FileHandle, open, stat } from 'node:fs/promises';
import { TransportListeners } from './listeners.js';
import { asError, Reopener, TransportStateCell } from './reopen.js';
import type { Transport, TransportState } from './transport.js';

export interface DeviceFileTransportOptions {
  path: string;
  /** Poll period for reads (default 10 ms). */
  readPollMs?: number;
  /** Whether the device answers (default true). */
  readable?: boolean;
  /** Reopen delays after a loss, in ms; the last repeats (default 500, 1000, 2000, 5000). */
  backoffMs?: readonly number[];
  /** Keep retrying in the background when the first open fails. */
  keepTrying?: boolean;
}

export class DeviceFileTransport implements Transport {
  readonly name: string;
  private fh: FileHandle | null = null;
  private readonly listeners = new TransportListeners();
  private readonly cell = new TransportStateCell(this.listeners);
  private readTimer: NodeJS.Timeout | null = null;
  private readonly reopen: Reopener;
  private reading = false;
  /** Bumped on every close/loss so stale reads are ignored. */
  private generation = 0;
  private readonly buf = Buffer.alloc(4096);

  constructor(private readonly opts: DeviceFileTransportOptions) {
    this.name = opts.path;
    this.reopen = new Reopener(this.cell, opts);
  }

  get state(): TransportState {
    return this.cell.state;
  }

  open(): Promise<void> {
    return this.reopen.open(
      () => this.openFile(),
      () => this.scheduleReopen(),
    );
  }

  async close(): Promise<void> {
    this.reopen.stop();
    await this.release();
    this.setState('closed');
  }

  async write(data: Uint8Array): Promise<void> {
    const fh = this.fh;
    if (!fh || this.cell.state !== 'open') throw new Error(`${this.name}: not open (${this.cell.state})`);
    let off = 0;
    let spins = 0;
    while (off < data.byteLength) {
      try {
        const { bytesWritten } = await fh.write(data, off, data.byteLength - off);
        off += bytesWritten;
        spins = 0;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EAGAIN' && spins++ < 500) {
          await new Promise((r) => setTimeout(r, 10));
          continue;
        }
        void this.lost(asError(e));
        throw asError(e);
      }
    }
  }

  flushInput(): Promise<void> {
    // Drain whatever the device has already returned.
    return this.pollRead(true);
  }

  onData(listener: (chunk: Buffer) => void): () => void {
    return this.listeners.addData(listener);
  }

  onState(listener: (state: TransportState, error?: Error) => void): () => void {
    return this.listeners.addState(listener);
  }

  private async openFile(): Promise<void> {
    const flags = constants.O_RDWR | constants.O_NONBLOCK | constants.O_NOCTTY;
    this.fh = await open(this.opts.path, flags);
    this.reopen.opened();
    const gen = ++this.generation;
    const every = this.opts.readPollMs ?? 10;
    this.readTimer = setInterval(() => {
      if (gen === this.generation) void this.pollRead(false);
    }, every);
    this.readTimer.unref?.();
  }

  private async pollRead(discard: boolean): Promise<void> {
    const fh = this.fh;
    if (!fh || this.reading || this.opts.readable === false) return;
    this.reading = true;
    const gen = this.generation;
    try {
      for (let i = 0; i < 64; i++) {
        const { bytesRead } = await fh.read(this.buf, 0, this.buf.length, null);
        if (gen !== this.generation) return;
        if (bytesRead <= 0) {
          // End of file on a device node that still exists is "nothing now"; a vanished one is a loss.
          await stat(this.opts.path).catch((e: unknown) => this.lost(asError(e)));
          return;
        }
        if (!discard) this.listeners.emitData(Buffer.from(this.buf.subarray(0, bytesRead)));
      }
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'EAGAIN' && code !== 'EWOULDBLOCK' && gen === this.generation) await this.lost(asError(e));
    } finally {
      this.reading = false;
    }
  }

  private async lost(error: Error): Promise<void> {
    if (!this.fh) return;
    await this.release();
    if (!this.reopen.wanted) {
      this.setState('closed');
      return;
    }
    this.setState('reconnecting', error);
    this.scheduleReopen();
  }

  private async release(): Promise<void> {
    this.generation++;
    if (this.readTimer) clearInterval(this.readTimer);
    this.readTimer = null;
    const fh = this.fh;
    this.fh = null;
    if (fh) await fh.close().catch(() => undefined);
  }

  private scheduleReopen(): void {
    this.reopen.schedule(() => {
      if (!this.reopen.wanted) return;
      this.openFile().then(
        () => (this.reopen.wanted ? this.setState('open') : void this.release()),
        (e: unknown) => {
          this.setState('reconnecting', asError(e));
          this.scheduleReopen();
        },
      );
    });
  }

  private setState(state: TransportState, error?: Error): void {
    this.cell.set(state, error);
  }
}
