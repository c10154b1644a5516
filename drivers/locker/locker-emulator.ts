/**
 * The boards' side of a locker bus: several lock-control boards at different addresses, speaking
 * the same bytes as real ones (8A/80 or Kerong CU), over any `Transport` (a pty, an in-memory pair).
 *
 * Scriptable for tests and the demo panel: set doors, have a person close a door after N ms, jam a
 * lock (the unlock is acknowledged but the door stays closed), lose replies (the unlock is carried
 * out, the reply never sent), a noisy line, manual key openings, infrared occupancy, a board that
 * stops answering. Boards that are not configured, like real ones, say nothing.
 */
import { ListenerSet } from '../../common/listeners.js';
import type { Transport } from '../transport/transport.js';
import { codecFor } from './codec-for.js';
import {
  signalFromDoor,
  type BoardRequest,
  type DoorState,
  type FeedbackPolarity,
  type LockerCodec,
  type LockerProtocolName,
} from './locker-codec.js';

export interface EmulatedBoardConfig {
  address: number;
  locks: number;
  polarity?: FeedbackPolarity;
}

export interface LockerEmulatorOptions {
  protocol: LockerProtocolName;
  boards: readonly EmulatedBoardConfig[];
  /** Delay before a board answers an unlock (real boards: up to ~500 ms). Default 0. */
  openReplyDelayMs?: number;
  /** Delay before a board answers a query. Default 0. */
  queryReplyDelayMs?: number;
  /** A door opened by command is closed by "the person" after this long; null: it stays open. */
  autoCloseMs?: number | null;
  /** Randomness for the noisy line (seed it for reproducible tests). Default: a fixed seed. */
  random?: () => number;
}

export interface NoiseOptions {
  /** Chance of random bytes before a reply. */
  garbageProbability: number;
  /** Chance that one byte of a reply is damaged. */
  corruptProbability: number;
  /** Most garbage bytes per burst. */
  maxGarbageBytes?: number;
}

export interface ReplyLossFilter {
  kind?: BoardRequest['kind'];
  board?: number;
  lock?: number;
}

export interface EmulatedDoorChange {
  board: number;
  lock: number;
  door: DoorState;
  occupied: boolean;
  cause: 'command' | 'script';
}

export interface EmulatorStats {
  commands: number;
  /** Commands heard, by kind (all boards): proves an unlock was sent once, not retried. */
  opens: number;
  queries: number;
  queryAlls: number;
  replies: number;
  lostReplies: number;
  corruptedReplies: number;
  ignoredBytes: number;
}

interface EmulatedLock {
  door: DoorState;
  occupied: boolean;
  jammed: boolean;
  closeTimer: NodeJS.Timeout | null;
}

interface EmulatedBoard {
  config: Required<EmulatedBoardConfig>;
  locks: EmulatedLock[];
  silent: boolean;
}

/** A small seeded PRNG (mulberry32), so noisy runs repeat exactly. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class LockerEmulator {
  readonly codec: LockerCodec;
  private readonly boards = new Map<number, EmulatedBoard>();
  private readonly listeners = new ListenerSet<EmulatedDoorChange>('LockerEmulatorWarning');
  private readonly timers = new Set<NodeJS.Timeout>();
  private autoCloseMs: number | null;
  private readonly openDelay: number;
  private readonly queryDelay: number;
  private readonly random: () => number;
  private noise: NoiseOptions | null = null;
  private losses: { remaining: number; filter: ReplyLossFilter }[] = [];
  private readonly counters: EmulatorStats = {
    commands: 0,
    opens: 0,
    queries: 0,
    queryAlls: 0,
    replies: 0,
    lostReplies: 0,
    corruptedReplies: 0,
    ignoredBytes: 0,
  };

  constructor(opts: LockerEmulatorOptions) {
    this.codec = codecFor(opts.protocol);
    for (const b of opts.boards) {
      const polarity = b.polarity ?? (opts.protocol === 'kerong' ? 'unlocked-shorted' : 'locked-shorted');
      this.boards.set(b.address, {
        config: { address: b.address, locks: b.locks, polarity },
        silent: false,
        locks: Array.from({ length: b.locks }, () => ({ door: 'closed', occupied: false, jammed: false, closeTimer: null })),
      });
    }
    this.autoCloseMs = opts.autoCloseMs ?? null;
    this.openDelay = opts.openReplyDelayMs ?? 0;
    this.queryDelay = opts.queryReplyDelayMs ?? 0;
    this.random = opts.random ?? seededRandom(0x10c4e7);
  }

  get stats(): EmulatorStats {
    return { ...this.counters };
  }

  /** The board configuration (for the demo panel). */
  get boardConfigs(): Required<EmulatedBoardConfig>[] {
    return [...this.boards.values()].map((b) => ({ ...b.config }));
  }

  /** Answer requests arriving on `transport` (already opened by the caller). Returns detach. */
  attach(transport: Transport): () => void {
    const parser = this.codec.createCommandParser();
    let attached = true;
    const off = transport.onData((chunk) => {
      if (!attached) return;
      const before = parser.droppedBytes;
      for (const cmd of parser.push(chunk)) {
        this.counters.commands++;
        if (cmd.kind === 'other') continue; // open-all, timing commands: recognised, not acted on
        this.handle(cmd, (bytes) => {
          if (attached) transport.write(bytes).catch(() => undefined);
        });
      }
      this.counters.ignoredBytes += parser.droppedBytes - before;
    });
    return () => {
      attached = false;
      off();
    };
  }

  // ---- script --------------------------------------------------------------------------------

  door(board: number, lock: number): DoorState {
    return this.lock(board, lock).door;
  }

  isOccupied(board: number, lock: number): boolean {
    return this.lock(board, lock).occupied;
  }

  /** Set a door by hand (a person closing it, a key opening it). No reply is sent: boards do not push. */
  setDoor(board: number, lock: number, door: DoorState): void {
    const l = this.lock(board, lock);
    if (l.closeTimer) {
      clearTimeout(l.closeTimer);
      this.timers.delete(l.closeTimer);
      l.closeTimer = null;
    }
    this.change(board, lock, l, door, 'script');
  }

  /** A technician opens the door with the mechanical key: the board only sees it at the next query. */
  keyOpen(board: number, lock: number): void {
    this.setDoor(board, lock, 'open');
  }

  /** A person closes this door `ms` from now (if it is open then). */
  closeDoorAfter(board: number, lock: number, ms: number): void {
    const l = this.lock(board, lock);
    if (l.closeTimer) {
      clearTimeout(l.closeTimer);
      this.timers.delete(l.closeTimer);
    }
    const t = setTimeout(() => {
      this.timers.delete(t);
      l.closeTimer = null;
      this.change(board, lock, l, 'closed', 'script');
    }, ms);
    l.closeTimer = t;
    this.timers.add(t);
  }

  /** Doors opened by command from now on are closed by a person after `ms` (null: left open). */
  setAutoClose(ms: number | null): void {
    this.autoCloseMs = ms;
  }

  /** A jammed lock acknowledges the unlock but its door stays closed. */
  jam(board: number, lock: number, jammed = true): void {
    this.lock(board, lock).jammed = jammed;
  }

  setOccupied(board: number, lock: number, occupied: boolean): void {
    const l = this.lock(board, lock);
    if (l.occupied === occupied) return;
    l.occupied = occupied;
    this.notify({ board, lock, door: l.door, occupied, cause: 'script' });
  }

  /** The next `count` replies matching `filter` are lost; the command itself is still carried out. */
  loseReplies(count: number, filter: ReplyLossFilter = {}): void {
    this.losses.push({ remaining: count, filter });
  }

  /** A noisy line: random garbage before replies, damaged replies. null: a clean line. */
  setNoise(noise: NoiseOptions | null): void {
    this.noise = noise;
  }

  /** A board that stops answering (power lost, address changed) or comes back. */
  setBoardSilent(board: number, silent: boolean): void {
    const b = this.boards.get(board);
    if (!b) throw new RangeError(`no emulated board ${board}`);
    b.silent = silent;
  }

  onChange(listener: (c: EmulatedDoorChange) => void): () => void {
    return this.listeners.add(listener);
  }

  /** Run a scripted action `ms` from now (cancelled by `dispose()`). */
  after(ms: number, action: (e: LockerEmulator) => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      action(this);
    }, ms);
    this.timers.add(t);
  }

  /** Cancel pending timers (people about to close doors, scripted actions). */
  dispose(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const b of this.boards.values()) for (const l of b.locks) l.closeTimer = null;
  }

  // ---- bus side ------------------------------------------------------------------------------

  private handle(req: BoardRequest, send: (bytes: Buffer) => void): void {
    if (req.kind === 'open') this.counters.opens++;
    else if (req.kind === 'query') this.counters.queries++;
    else this.counters.queryAlls++;
    const board = this.boards.get(req.board);
    if (!board || board.silent) return;
    if (req.kind !== 'query-all' && (req.lock < 1 || req.lock > board.config.locks)) return; // no such channel: silence
    if (req.kind === 'open') {
      const l = board.locks[req.lock - 1];
      if (l && !l.jammed && l.door === 'closed') {
        this.change(req.board, req.lock, l, 'open', 'command');
        if (this.autoCloseMs !== null) this.closeDoorAfter(req.board, req.lock, this.autoCloseMs);
      }
    }
    if (this.takeLoss(req)) {
      this.counters.lostReplies++;
      return;
    }
    const snapshot = {
      signals: board.locks.map((l) => signalFromDoor(l.door, board.config.polarity)),
      occupied: board.locks.map((l) => l.occupied),
    };
    let reply = this.codec.encodeReply(req, snapshot);
    const parts: Buffer[] = [];
    if (this.noise) {
      if (this.random() < this.noise.garbageProbability) parts.push(this.garbage(this.noise.maxGarbageBytes ?? 6));
      if (this.random() < this.noise.corruptProbability) {
        reply = Buffer.from(reply);
        const at = Math.floor(this.random() * reply.length);
        reply[at] = (reply[at] ?? 0) ^ (1 + Math.floor(this.random() * 255));
        this.counters.corruptedReplies++;
      }
    }
    parts.push(reply);
    const bytes = Buffer.concat(parts);
    const delay = req.kind === 'open' ? this.openDelay : this.queryDelay;
    this.counters.replies++;
    if (delay <= 0) {
      send(bytes);
      return;
    }
    const t = setTimeout(() => {
      this.timers.delete(t);
      send(bytes);
    }, delay);
    this.timers.add(t);
  }

  private garbage(max: number): Buffer {
    const n = 1 + Math.floor(this.random() * Math.max(1, max));
    const out = Buffer.alloc(n);
    for (let i = 0; i < n; i++) out[i] = Math.floor(this.random() * 256);
    return out;
  }

  private takeLoss(req: BoardRequest): boolean {
    const i = this.losses.findIndex(
      ({ filter: f }) =>
        (f.kind === undefined || f.kind === req.kind) &&
        (f.board === undefined || f.board === req.board) &&
        (f.lock === undefined || (req.kind !== 'query-all' && f.lock === req.lock)),
    );
    const loss = this.losses[i];
    if (!loss) return false;
    loss.remaining--;
    if (loss.remaining <= 0) this.losses.splice(i, 1);
    return true;
  }

  private change(board: number, lock: number, l: EmulatedLock, door: DoorState, cause: EmulatedDoorChange['cause']): void {
    if (l.door === door) return;
    l.door = door;
    this.notify({ board, lock, door, occupied: l.occupied, cause });
  }

  private notify(c: EmulatedDoorChange): void {
    this.listeners.emit(c);
  }

  private lock(board: number, lock: number): EmulatedLock {
    const l = this.boards.get(board)?.locks[lock - 1];
    if (!l) throw new RangeError(`no emulated lock ${board}/${lock}`);
    return l;
  }
}
