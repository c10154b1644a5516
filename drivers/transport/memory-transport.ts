/**
 * Two connected in-memory `Transport`s: what one end writes, the other end receives. Used to run
 * a driver against its emulator without a port (emulated devices, unit tests, the demo panel).
 *
 * - `bytesPerSecond` simulates wire time: bytes arrive one after another at that rate (for a UART
 *   at 115200 8N1 that is 11 520 B/s), in chunks of a few milliseconds like a real USB-serial
 *   adapter delivers them. Without it, each write arrives whole on the next turn of the event loop.
 * - `unplug(side)` simulates pulling the cable on that side: it reports `reconnecting`, its
 *   writes fail and nothing reaches it; `replug(side)` brings it back to `open`.
 */
import type { Transport, TransportState } from './transport.js';
import { TransportListeners } from './listeners.js';

export interface MemoryPairOptions {
  /** Wire speed; omit for instant delivery. */
  bytesPerSecond?: number;
  /** Names for logs (default `memory:a`, `memory:b`). */
  names?: [string, string];
}

export type MemorySide = 'a' | 'b';

export interface MemoryPair {
  /** By convention the host (driver) side. */
  a: MemoryTransport;
  /** By convention the device (emulator) side. */
  b: MemoryTransport;
  unplug(side?: MemorySide): void;
  replug(side?: MemorySide): void;
}

/** Delivery granularity when a byte rate is set. */
const SLICE_MS = 4;

interface Pending {
  at: number;
  bytes: Buffer;
}

export class MemoryTransport implements Transport {
  readonly name: string;
  peer: MemoryTransport | null = null;
  private current: TransportState = 'closed';
  private wanted = false;
  private plugged = true;
  private readonly listeners = new TransportListeners();
  /** Bytes on their way to this end. */
  private inbound: Pending[] = [];
  private wireFreeAt = 0;
  private timer: NodeJS.Timeout | null = null;
  private immediate: NodeJS.Immediate | null = null;

  constructor(
    name: string,
    private readonly bytesPerSecond: number | undefined,
  ) {
    this.name = name;
  }

  get state(): TransportState {
    return this.current;
  }

  open(): Promise<void> {
    this.wanted = true;
    if (!this.plugged) {
      this.setState('reconnecting', new Error(`${this.name}: unplugged`));
      return Promise.reject(new Error(`${this.name}: unplugged`));
    }
    this.setState('open');
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.wanted = false;
    this.dropInbound();
    this.setState('closed');
    return Promise.resolve();
  }

  write(data: Uint8Array): Promise<void> {
    if (this.current !== 'open') return Promise.reject(new Error(`${this.name}: not open (${this.current})`));
    const peer = this.peer;
    if (peer && data.byteLength > 0) peer.receive(Buffer.from(data));
    return Promise.resolve();
  }

  flushInput(): Promise<void> {
    // What has already "arrived" (but not been handed out) is in the OS buffer: drop it.
    const now = performance.now();
    this.inbound = this.inbound.filter((p) => p.at > now);
    if (this.bytesPerSecond === undefined) this.inbound = [];
    return Promise.resolve();
  }

  onData(listener: (chunk: Buffer) => void): () => void {
    return this.listeners.addData(listener);
  }

  onState(listener: (state: TransportState, error?: Error) => void): () => void {
    return this.listeners.addState(listener);
  }

  /** @internal pair control */
  setPlugged(plugged: boolean): void {
    if (this.plugged === plugged) return;
    this.plugged = plugged;
    if (!plugged) {
      this.dropInbound();
      if (this.wanted) this.setState('reconnecting', new Error(`${this.name}: unplugged`));
    } else if (this.wanted) {
      this.setState('open');
    }
  }

  private receive(bytes: Buffer): void {
    if (this.current !== 'open') return; // nobody listening on this end: the bytes are lost
    if (this.bytesPerSecond === undefined) {
      this.inbound.push({ at: 0, bytes });
      this.immediate ??= setImmediate(() => {
        this.immediate = null;
        this.deliverDue();
      });
      return;
    }
    const now = performance.now();
    let t = Math.max(now, this.wireFreeAt);
    const perSlice = Math.max(1, Math.round((this.bytesPerSecond * SLICE_MS) / 1000));
    for (let i = 0; i < bytes.length; i += perSlice) {
      const slice = bytes.subarray(i, Math.min(bytes.length, i + perSlice));
      t += (slice.length * 1000) / this.bytesPerSecond;
      this.inbound.push({ at: t, bytes: slice });
    }
    this.wireFreeAt = t;
    this.arm();
  }

  private arm(): void {
    if (this.timer) return;
    const next = this.inbound[0];
    if (!next) return;
    const delay = Math.max(0, next.at - performance.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.deliverDue();
      this.arm();
    }, delay);
  }

  private deliverDue(): void {
    const now = performance.now();
    const due: Buffer[] = [];
    while (this.inbound.length > 0 && (this.inbound[0]?.at ?? Infinity) <= now) {
      const p = this.inbound.shift();
      if (p) due.push(p.bytes);
    }
    if (due.length > 0 && this.current === 'open') this.listeners.emitData(Buffer.concat(due));
  }

  private dropInbound(): void {
    this.inbound = [];
    this.wireFreeAt = 0;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.immediate) clearImmediate(this.immediate);
    this.immediate = null;
  }

  private setState(state: TransportState, error?: Error): void {
    if (state === this.current) return;
    this.current = state;
    if (state !== 'open') this.dropInbound();
    this.listeners.emitState(state, error);
  }
}

export function createMemoryPair(opts: MemoryPairOptions = {}): MemoryPair {
  const [nameA, nameB] = opts.names ?? ['memory:a', 'memory:b'];
  const a = new MemoryTransport(nameA, opts.bytesPerSecond);
  const b = new MemoryTransport(nameB, opts.bytesPerSecond);
  a.peer = b;
  b.peer = a;
  const side = (s: MemorySide): MemoryTransport => (s === 'a' ? a : b);
  return {
    a,
    b,
    unplug: (s = 'a') => side(s).setPlugged(false),
    replug: (s = 'a') => side(s).setPlugged(true),
  };
}

/** Bytes per second of a UART at `baud` with 8N1 framing (10 bits per byte). */
export function uartBytesPerSecond(baud: number): number {
  return baud / 10;
}
