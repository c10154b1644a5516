/**
 * Scanners in USB-serial (CDC-ACM / "VCOM") mode: each code arrives as bytes on a serial port,
 * ended by a suffix (CR, LF or CR LF). `LineFramer` splits the stream; without a suffix, a code
 * ends after a short silence. `SerialScannerDriver` emits `scan` events (de-duplicated);
 * `SerialScannerEmulator` (serial-scanner-emulator.ts) is the scanner's side.
 */
import type { CancelReport, Health, SelfTestResult } from '../device.js';
import { ListenerSet } from '../../common/listeners.js';
import { HealthCell, nothingToCancel, selfTestFromHealth } from '../health.js';
import type { Result } from '../../common/result.js';
import type { Transport } from '../transport/transport.js';
import { decodeScanBytes, ScanDeduplicator, stripAim, type ScanEvent, type ScannerDriver } from './scan.js';

export type ScanTerminator = 'cr' | 'lf' | 'crlf' | 'none';

/** The bytes a scanner sends after each code, by terminator. */
export const SCAN_SUFFIX: Readonly<Record<ScanTerminator, readonly number[]>> = {
  cr: [0x0d],
  lf: [0x0a],
  crlf: [0x0d, 0x0a],
  none: [],
};

/** Longest code kept; more without a line end is dropped as garbage. */
export const MAX_SCAN_BYTES = 8192;

/** Splits a byte stream at CR or LF (a CR LF pair ends one line). Never throws. */
export class LineFramer {
  private buf: number[] = [];
  private lastWasCr = false;
  /** Bytes dropped because a line grew past the limit. */
  overflowed = 0;

  constructor(private readonly maxBytes = MAX_SCAN_BYTES) {}

  push(chunk: Uint8Array): Uint8Array[] {
    const out: Uint8Array[] = [];
    for (const b of chunk) {
      if (b === 0x0a && this.lastWasCr) {
        this.lastWasCr = false;
        continue;
      }
      this.lastWasCr = b === 0x0d;
      if (b === 0x0d || b === 0x0a) {
        if (this.buf.length > 0) out.push(Uint8Array.from(this.buf));
        this.buf = [];
        continue;
      }
      if (this.buf.length >= this.maxBytes) {
        this.overflowed++;
        continue;
      }
      this.buf.push(b);
    }
    return out;
  }

  /** What is buffered, as a line (for scanners without a suffix, after silence). */
  flush(): Uint8Array | null {
    if (this.buf.length === 0) return null;
    const line = Uint8Array.from(this.buf);
    this.buf = [];
    return line;
  }

  get pending(): number {
    return this.buf.length;
  }
}

export interface SerialScannerOptions {
  transport: Transport;
  /** With `none`, a code ends after `silenceMs` without bytes (default 50 ms). */
  terminator?: ScanTerminator;
  silenceMs?: number;
  /** Same code again within this window is dropped (default 1500 ms; 0 disables). */
  dedupMs?: number;
  /** Strip and decode an AIM prefix (default true). */
  aim?: boolean;
  /** Clock for de-duplication (default `performance.now`). */
  now?: () => number;
}

type ScanListener = (scan: ScanEvent) => void;

export class SerialScannerDriver implements ScannerDriver {
  private readonly framer = new LineFramer();
  private readonly dedup: ScanDeduplicator | null;
  private readonly listeners = new ListenerSet<ScanEvent>('ScanListenerWarning');
  private readonly healthCell = new HealthCell();
  private offData: (() => void) | null = null;
  private offState: (() => void) | null = null;
  private silence: NodeJS.Timeout | null = null;
  private readonly now: () => number;

  constructor(private readonly opts: SerialScannerOptions) {
    const window = opts.dedupMs ?? 1500;
    this.dedup = window > 0 ? new ScanDeduplicator(window) : null;
    this.now = opts.now ?? (() => performance.now());
  }

  async start(): Promise<void> {
    const t = this.opts.transport;
    this.offData ??= t.onData((chunk) => this.receive(chunk));
    this.offState ??= t.onState((state) =>
      this.healthCell.set(state === 'open' ? { state: 'ok', code: null } : { state: 'offline', code: 'disconnected' }),
    );
    try {
      await t.open();
      this.healthCell.set({ state: 'ok', code: null });
    } catch {
      this.healthCell.set({ state: 'offline', code: 'disconnected' });
    }
  }

  async stop(): Promise<void> {
    this.offData?.();
    this.offState?.();
    this.offData = this.offState = null;
    if (this.silence) clearTimeout(this.silence);
    this.silence = null;
    await this.opts.transport.close();
    this.healthCell.set({ state: 'unknown', code: null });
  }

  health(): Health {
    return this.healthCell.get();
  }

  onHealth(listener: (health: Health) => void): () => void {
    return this.healthCell.on(listener);
  }

  /** The port's health (open, or gone). */
  selfTest(): Promise<SelfTestResult> {
    return Promise.resolve(selfTestFromHealth(this.health()));
  }

  /** A scanner has no queue: nothing to cancel. */
  cancel(): Promise<Result<CancelReport, string>> {
    return nothingToCancel();
  }

  onScan(listener: ScanListener): () => void {
    return this.listeners.add(listener);
  }

  private receive(chunk: Buffer): void {
    for (const line of this.framer.push(chunk)) this.deliver(line);
    if ((this.opts.terminator ?? 'cr') === 'none' && this.framer.pending > 0) {
      if (this.silence) clearTimeout(this.silence);
      this.silence = setTimeout(() => {
        this.silence = null;
        const line = this.framer.flush();
        if (line) this.deliver(line);
      }, this.opts.silenceMs ?? 50);
    }
  }

  private deliver(bytes: Uint8Array): void {
    const raw = decodeScanBytes(bytes);
    const scan = (this.opts.aim ?? true) ? stripAim(raw) : { text: raw };
    if (scan.text.trim() === '') return;
    if (this.dedup && !this.dedup.accept(scan.text, this.now())) return;
    this.listeners.emit(scan);
  }
}
