/**
 * `Transport` over a real serial port (the `serialport` package, native binding).
 *
 * - `open()` opens the port (no OS lock is taken twice: one instance per path).
 * - `flushInput()` discards what the OS has buffered (tcflush), so a late reply to an earlier
 *   command is never taken for the next one.
 * - Unplug: the binding reports a failed read/write, `serialport` closes the stream and emits
 *   `close` with a `DisconnectedError`. We then report `reconnecting` and reopen the same path
 *   with a back-off (0.5 → 1 → 2 → 5 s by default) until it works, then report `open`.
 * - Unplug is also caught by a liveness check: every `livenessMs` the device path is resolved
 *   again; if it is gone or now names another device node, the port is closed and handled as an
 *   unplug. This matters because a read on a vanished pty (and, by several reports, on Windows
 *   USB adapters) can return end-of-file forever instead of an error, so `close` never fires.
 * - With `keepTrying`, a first `open()` that fails also keeps retrying in the background (the
 *   promise still rejects, so the caller knows the device is not there yet).
 */
import { realpath } from 'node:fs/promises';
import { SerialPort } from 'serialport';
import type { Transport, TransportState } from './transport.js';
import { TransportListeners } from './listeners.js';
import { asError, DEFAULT_BACKOFF_MS, Reopener, TransportStateCell } from './reopen.js';

export { DEFAULT_BACKOFF_MS };

export interface SerialTransportOptions {
  path: string;
  baudRate?: number;
  /** Reopen delays in ms after an unplug; the last one repeats. */
  backoffMs?: readonly number[];
  /** When the first open fails, keep retrying in the background (state `reconnecting`). */
  keepTrying?: boolean;
  /** How often to check that the device node still exists (ms; 0 disables). Default 1000. */
  livenessMs?: number;
}

export class SerialTransport implements Transport {
  readonly name: string;
  private port: SerialPort | null = null;
  private readonly listeners = new TransportListeners();
  private readonly cell = new TransportStateCell(this.listeners);
  private readonly baudRate: number;
  private readonly reopen: Reopener;
  private liveTimer: NodeJS.Timeout | null = null;
  /** The device node the path resolved to when the port opened. */
  private device: string | null = null;

  constructor(private readonly opts: SerialTransportOptions) {
    this.name = opts.path;
    this.baudRate = opts.baudRate ?? 115200;
    this.reopen = new Reopener(this.cell, opts);
  }

  get state(): TransportState {
    return this.cell.state;
  }

  open(): Promise<void> {
    return this.reopen.open(
      async () => {
        await this.openPort();
        this.reopen.opened();
      },
      () => this.scheduleReconnect(),
    );
  }

  async close(): Promise<void> {
    this.reopen.stop();
    this.stopLiveness();
    const port = this.port;
    this.port = null;
    this.abortPending('port closed');
    if (port) {
      port.removeAllListeners('close');
      port.removeAllListeners('data');
      if (port.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
    }
    this.setState('closed');
  }

  async write(data: Uint8Array): Promise<void> {
    const port = this.port;
    if (!port || this.cell.state !== 'open') throw new Error(`${this.name}: port is not open (${this.cell.state})`);
    // A port that closes or vanishes mid-write may never call back: such a write fails instead of
    // hanging, so that the driver's one-request-at-a-time queue moves on.
    await this.whileOpen(
      port,
      new Promise<void>((resolve, reject) => {
        port.write(Buffer.from(data.buffer, data.byteOffset, data.byteLength), (e) => (e ? reject(e) : resolve()));
      }),
    );
    // Resolve once the OS has taken the bytes, like a real UART write.
    await this.whileOpen(port, new Promise<void>((resolve) => port.drain(() => resolve())));
  }

  private readonly aborts = new Set<(e: Error) => void>();

  private whileOpen<T>(port: SerialPort, op: Promise<T>): Promise<T> {
    if (this.port !== port) return Promise.reject(new Error(`${this.name}: port closed`));
    let abort: (e: Error) => void = () => undefined;
    const aborted = new Promise<never>((_, reject) => {
      abort = reject;
    });
    this.aborts.add(abort);
    return Promise.race([op, aborted]).finally(() => this.aborts.delete(abort));
  }

  /** Fails every write still waiting on a port that is gone. */
  private abortPending(why: string): void {
    for (const abort of [...this.aborts]) abort(new Error(`${this.name}: ${why}`));
    this.aborts.clear();
  }

  async flushInput(): Promise<void> {
    const port = this.port;
    if (!port || !port.isOpen) return;
    // Bytes already pulled into the stream's buffer are dropped too.
    while (port.read() !== null) {
      /* discard */
    }
    // serialport's flush() discards both directions (TCIOFLUSH): let pending output reach the
    // device first (tcdrain), so that only stale input is thrown away.
    await this.whileOpen(port, new Promise<void>((resolve) => port.drain(() => resolve())));
    await this.whileOpen(port, new Promise<void>((resolve) => port.flush(() => resolve())));
  }

  onData(listener: (chunk: Buffer) => void): () => void {
    return this.listeners.addData(listener);
  }

  onState(listener: (state: TransportState, error?: Error) => void): () => void {
    return this.listeners.addState(listener);
  }

  private async openPort(): Promise<void> {
    this.device = await realpath(this.opts.path);
    await new Promise<void>((resolve, reject) => {
      const port = new SerialPort({ path: this.opts.path, baudRate: this.baudRate, autoOpen: false });
      port.on('error', () => {
        /* reported through open/write callbacks and `close`; never unhandled */
      });
      port.open((e) => {
        if (e) {
          port.removeAllListeners();
          reject(e);
          return;
        }
        this.port = port;
        port.on('data', (chunk: Buffer) => this.listeners.emitData(chunk));
        port.on('close', (closeErr: unknown) => this.onPortClosed(port, closeErr));
        resolve();
      });
    });
    this.startLiveness();
  }

  private startLiveness(): void {
    const every = this.opts.livenessMs ?? 1000;
    if (every <= 0 || this.liveTimer) return;
    this.liveTimer = setInterval(() => {
      const port = this.port;
      if (!port) return;
      realpath(this.opts.path).then(
        (now) => {
          if (now !== this.device) this.lost(port, new Error(`${this.name}: now names ${now}, not ${this.device ?? '?'}`));
        },
        (e: unknown) => this.lost(port, asError(e)),
      );
    }, every);
    this.liveTimer.unref?.();
  }

  private stopLiveness(): void {
    if (this.liveTimer) clearInterval(this.liveTimer);
    this.liveTimer = null;
  }

  /** The device node vanished while the port looked open: close it and handle it as an unplug. */
  private lost(port: SerialPort, why: Error): void {
    if (this.port !== port) return;
    this.port = null;
    this.abortPending('device vanished');
    port.removeAllListeners('data');
    port.removeAllListeners('close');
    if (port.isOpen) port.close(() => undefined);
    this.stopLiveness();
    if (!this.reopen.wanted) return;
    this.setState('reconnecting', why);
    this.scheduleReconnect();
  }

  private onPortClosed(port: SerialPort, closeErr: unknown): void {
    if (this.port !== port) return;
    this.port = null;
    this.abortPending('port closed');
    this.stopLiveness();
    port.removeAllListeners('data');
    if (!this.reopen.wanted) {
      this.setState('closed');
      return;
    }
    this.setState('reconnecting', asError(closeErr ?? new Error(`${this.name}: port closed`)));
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    this.reopen.schedule(() => {
      if (!this.reopen.wanted) return;
      this.openPort().then(
        () => {
          if (!this.reopen.wanted) {
            void this.close();
            return;
          }
          this.reopen.opened();
          this.setState('open');
        },
        (e: unknown) => {
          if (!this.reopen.wanted) return;
          this.setState('reconnecting', asError(e));
          this.scheduleReconnect();
        },
      );
    });
  }

  private setState(state: TransportState, error?: Error): void {
    this.cell.set(state, error);
  }
}
