/**
 * The locker cabinet driver: one RS-485 bus, several lock-control boards.
 *
 * - `open(board, lock)` fires one lock. **An unlock is never retried blindly**: when its reply is
 *   lost, the driver asks the board for that lock's state; only if that also fails is the outcome
 *   reported as unknown (`opened: null`).
 * - `status(board)` reads every door of a board (query-all); `queryLock(board, lock)` reads one.
 * - While started, it polls every board with query-all (round robin, one request at a time) and
 *   emits `door-opened` (by command or by hand with a key), `door-closed`, `door-left-open` after
 *   `leftOpenAfterMs`, and `occupancy` changes (boards with infrared sensors).
 * - Health: `offline` when the port is gone or no board answers; `degraded` with a code for a board
 *   that stopped answering, a door that did not open (jammed), or a door left open.
 */
import type { CancelReport, DeviceDriver, Health, SelfTestResult } from '../device.js';
import { HealthCell, nothingToCancel } from '../health.js';
import { ListenerSet } from '../../common/listeners.js';
import { err, ok, type Result } from '../../common/result.js';
import type { Transport } from '../transport/transport.js';
import { BusTransactor, type BusOptions, type BusStats } from './bus-transactor.js';
import { codecFor } from './codec-for.js';
import {
  doorFromSignal,
  type BoardReply,
  type DoorState,
  type FeedbackPolarity,
  type LockerCodec,
  type LockerProtocolName,
} from './locker-codec.js';

export interface LockerBoardConfig {
  /** Address on the bus (8A: DIP switch 1–99; Kerong: CU number 0–14). */
  address: number;
  locks: number;
  polarity: FeedbackPolarity;
}

export interface LockerDriverOptions {
  protocol: LockerProtocolName;
  boards: readonly LockerBoardConfig[];
  /** Door-state poll period for the whole bus; 0 disables polling (one-shot CLI use). */
  pollIntervalMs: number;
  /** A door open this long raises `door-left-open` and degrades health. */
  leftOpenAfterMs: number;
  /** Reply deadline for an unlock (boards may answer ~500 ms after the pulse). */
  openTimeoutMs?: number;
  /** Reply deadline for queries. */
  queryTimeoutMs?: number;
  /** Consecutive unanswered requests before a board counts as offline. */
  offlineAfterFailures?: number;
  bus?: BusOptions;
}

export type LockerErrorCode = 'invalid-lock' | 'not-connected' | 'no-answer' | 'stopped';

export interface OpenOutcome {
  board: number;
  lock: number;
  /** true: the board reports the lock open; false: it reports it still closed; null: unknown. */
  opened: boolean | null;
  /** What the answer is based on: the unlock reply, a follow-up query, or nothing. */
  confirmedBy: 'reply' | 'query' | null;
}

export interface BoardStatus {
  board: number;
  doors: Record<string, DoorState>;
  /** Infrared occupancy, on boards that have it. */
  occupied?: Record<string, boolean>;
}

export type DoorCause = 'command' | 'manual';

export type LockerEvent =
  | { type: 'door-opened'; board: number; lock: number; cause: DoorCause }
  | { type: 'door-closed'; board: number; lock: number }
  | { type: 'door-left-open'; board: number; lock: number; openForMs: number }
  | { type: 'open-failed'; board: number; lock: number }
  | { type: 'occupancy'; board: number; lock: number; occupied: boolean };

interface DoorTrack {
  state: DoorState | 'unknown';
  since: number;
  leftOpenReported: boolean;
  jammed: boolean;
  occupied: boolean | null;
}

interface BoardTrack {
  config: LockerBoardConfig;
  doors: DoorTrack[];
  failures: number;
  answered: boolean;
}

export const LOCKER_DEFAULTS = {
  pollIntervalMs: 1000,
  leftOpenAfterMs: 120_000,
  openTimeoutMs: 1500,
  queryTimeoutMs: 300,
  offlineAfterFailures: 2,
} as const;

export class LockerDriver implements DeviceDriver {
  readonly codec: LockerCodec;
  private readonly bus: BusTransactor;
  private readonly boards = new Map<number, BoardTrack>();
  private readonly eventListeners = new ListenerSet<LockerEvent>('LockerListenerWarning');
  private readonly healthCell = new HealthCell();
  private started = false;
  private pollTimer: NodeJS.Timeout | null = null;
  private polling = false;
  private offState: (() => void) | null = null;
  private readonly openTimeoutMs: number;
  private readonly queryTimeoutMs: number;
  private readonly offlineAfter: number;

  constructor(
    private readonly transport: Transport,
    private readonly opts: LockerDriverOptions,
  ) {
    this.codec = codecFor(opts.protocol);
    for (const b of opts.boards) {
      if (b.address < this.codec.minBoard || b.address > this.codec.maxBoard || !Number.isInteger(b.address)) {
        throw new RangeError(`board address ${b.address} is outside ${this.codec.minBoard}–${this.codec.maxBoard}`);
      }
      if (b.locks < 1 || b.locks > this.codec.maxLocks || !Number.isInteger(b.locks)) {
        throw new RangeError(`board ${b.address}: ${b.locks} locks (1–${this.codec.maxLocks} allowed)`);
      }
      if (this.boards.has(b.address)) throw new RangeError(`board address ${b.address} is configured twice`);
      this.boards.set(b.address, {
        config: b,
        failures: 0,
        answered: false,
        doors: Array.from({ length: b.locks }, () => ({
          state: 'unknown' as const,
          since: 0,
          leftOpenReported: false,
          jammed: false,
          occupied: null,
        })),
      });
    }
    this.openTimeoutMs = opts.openTimeoutMs ?? LOCKER_DEFAULTS.openTimeoutMs;
    this.queryTimeoutMs = opts.queryTimeoutMs ?? LOCKER_DEFAULTS.queryTimeoutMs;
    this.offlineAfter = opts.offlineAfterFailures ?? LOCKER_DEFAULTS.offlineAfterFailures;
    this.bus = new BusTransactor(transport, this.codec, opts.bus);
  }

  // ---- DeviceDriver --------------------------------------------------------------------------

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.bus.resume();
    this.offState = this.transport.onState((state) => {
      if (state === 'open') this.schedulePoll(0);
      this.recomputeHealth();
    });
    if (this.transport.state === 'closed') {
      try {
        await this.transport.open();
      } catch {
        /* reported through health: the transport may keep retrying in the background */
      }
    }
    this.recomputeHealth();
    this.schedulePoll(0);
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = null;
    this.offState?.();
    this.offState = null;
    this.bus.stop();
    await this.transport.close();
  }

  health(): Health {
    return this.healthCell.get();
  }

  onHealth(listener: (health: Health) => void): () => void {
    return this.healthCell.on(listener);
  }

  /** Asks every configured board for its status: ok when each one answers. */
  async selfTest(): Promise<SelfTestResult> {
    const boards = [...this.boards.keys()];
    const bad: string[] = [];
    for (const b of boards) {
      const r = await this.status(b);
      if (!r.ok) bad.push(`board ${b}: ${r.error.code}`);
    }
    return { ok: bad.length === 0, detail: bad.length === 0 ? `${boards.length} boards answer` : bad.join('; ') };
  }

  /** An unlock is never queued (nor retried blindly): nothing to cancel. */
  cancel(): Promise<Result<CancelReport, string>> {
    return nothingToCancel();
  }

  onEvent(listener: (event: LockerEvent) => void): () => void {
    return this.eventListeners.add(listener);
  }

  get busStats(): BusStats {
    return this.bus.stats;
  }

  /** The last known state of a door (from a command, a query or a poll). */
  doorState(board: number, lock: number): DoorState | 'unknown' {
    return this.boards.get(board)?.doors[lock - 1]?.state ?? 'unknown';
  }

  // ---- commands ------------------------------------------------------------------------------

  async open(board: number, lock: number): Promise<Result<OpenOutcome, LockerErrorCode>> {
    const track = this.boards.get(board);
    const invalid = this.checkLock(board, lock);
    if (invalid || !track) return invalid ?? err('invalid-lock', `board ${board} is not configured`);
    const sent = await this.bus.request({ kind: 'open', board, lock }, { timeoutMs: this.openTimeoutMs, urgent: true });
    if (sent.ok && sent.value.kind === 'open') {
      this.boardAnswered(track);
      const door = doorFromSignal(sent.value.signal, track.config.polarity);
      this.afterOpenCommand(track, lock, door === 'open');
      this.noteOccupancy(track, sent.value);
      return ok({ board, lock, opened: door === 'open', confirmedBy: 'reply' });
    }
    if (!sent.ok && (sent.error.code === 'not-connected' || sent.error.code === 'stopped')) {
      // Nothing reached the wire: the lock certainly did not fire.
      return err(sent.error.code, sent.error.message);
    }
    // The unlock went out but its reply was lost: it may have worked. Ask, never re-send.
    this.boardFailed(track);
    for (let attempt = 0; attempt < 2; attempt++) {
      const q = await this.bus.request({ kind: 'query', board, lock }, { timeoutMs: this.queryTimeoutMs, urgent: true });
      if (q.ok && q.value.kind === 'query') {
        this.boardAnswered(track);
        const door = doorFromSignal(q.value.signal, track.config.polarity);
        this.afterOpenCommand(track, lock, door === 'open');
        return ok({ board, lock, opened: door === 'open', confirmedBy: 'query' });
      }
      if (!q.ok && (q.error.code === 'not-connected' || q.error.code === 'stopped')) break;
      this.boardFailed(track);
    }
    return ok({ board, lock, opened: null, confirmedBy: null });
  }

  async queryLock(
    board: number,
    lock: number,
  ): Promise<Result<{ board: number; lock: number; door: DoorState }, LockerErrorCode>> {
    const track = this.boards.get(board);
    const invalid = this.checkLock(board, lock);
    if (invalid || !track) return invalid ?? err('invalid-lock', `board ${board} is not configured`);
    const r = await this.bus.request({ kind: 'query', board, lock }, { timeoutMs: this.queryTimeoutMs, urgent: true });
    if (!r.ok) {
      if (r.error.code === 'no-answer' || r.error.code === 'write-failed') this.boardFailed(track);
      return err(r.error.code === 'write-failed' ? 'no-answer' : r.error.code, r.error.message);
    }
    if (r.value.kind !== 'query') return err('no-answer', 'unexpected reply');
    this.boardAnswered(track);
    const door = doorFromSignal(r.value.signal, track.config.polarity);
    this.updateDoor(track, lock, door);
    this.noteOccupancy(track, r.value);
    return ok({ board, lock, door });
  }

  async status(board: number): Promise<Result<BoardStatus, LockerErrorCode>> {
    const track = this.boards.get(board);
    if (!track) return err('invalid-lock', `board ${board} is not configured`);
    return this.pollBoard(track, true);
  }

  // ---- polling -------------------------------------------------------------------------------

  private schedulePoll(delayMs: number): void {
    if (!this.started || this.opts.pollIntervalMs <= 0 || this.polling) return;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = setTimeout(() => {
      this.pollTimer = null;
      void this.pollAll();
    }, delayMs);
    this.pollTimer.unref();
  }

  private async pollAll(): Promise<void> {
    if (!this.started || this.polling) return;
    this.polling = true;
    try {
      if (this.transport.state === 'open') {
        for (const track of this.boards.values()) {
          if (!this.started) return;
          void (await this.pollBoard(track, false));
        }
      }
      this.checkLeftOpen();
    } finally {
      this.polling = false;
    }
    this.schedulePoll(this.opts.pollIntervalMs);
  }

  private async pollBoard(track: BoardTrack, urgent: boolean): Promise<Result<BoardStatus, LockerErrorCode>> {
    const board = track.config.address;
    const r = await this.bus.request(
      { kind: 'query-all', board },
      { timeoutMs: this.queryTimeoutMs, urgent, locks: track.config.locks },
    );
    if (!r.ok) {
      if (r.error.code === 'no-answer' || r.error.code === 'write-failed') this.boardFailed(track);
      else this.recomputeHealth();
      return err(r.error.code === 'write-failed' ? 'no-answer' : r.error.code, r.error.message);
    }
    if (r.value.kind !== 'query-all') return err('no-answer', 'unexpected reply');
    const signals = r.value.signals;
    this.boardAnswered(track);
    const doors: Record<string, DoorState> = {};
    for (let lock = 1; lock <= track.config.locks; lock++) {
      const door = doorFromSignal(signals[lock - 1] ?? false, track.config.polarity);
      doors[String(lock)] = door;
      this.updateDoor(track, lock, door);
    }
    this.noteOccupancy(track, r.value);
    this.checkLeftOpen();
    const status: BoardStatus = { board, doors };
    if (r.value.occupied) {
      const occupied: Record<string, boolean> = {};
      for (let lock = 1; lock <= track.config.locks; lock++) occupied[String(lock)] = r.value.occupied[lock - 1] ?? false;
      status.occupied = occupied;
    }
    return ok(status);
  }

  // ---- state tracking ------------------------------------------------------------------------

  private afterOpenCommand(track: BoardTrack, lock: number, opened: boolean): void {
    const door = track.doors[lock - 1];
    if (!door) return;
    if (opened) {
      const wasJammed = door.jammed;
      door.jammed = false;
      this.updateDoor(track, lock, 'open', 'command');
      if (wasJammed) this.recomputeHealth();
    } else {
      door.jammed = true;
      this.updateDoor(track, lock, 'closed');
      this.emit({ type: 'open-failed', board: track.config.address, lock });
      this.recomputeHealth();
    }
  }

  private updateDoor(track: BoardTrack, lock: number, state: DoorState, cause: DoorCause = 'manual'): void {
    const door = track.doors[lock - 1];
    if (!door || door.state === state) return;
    const previous = door.state;
    door.state = state;
    door.since = performance.now();
    door.leftOpenReported = false;
    const board = track.config.address;
    if (state === 'open') {
      // A door found open at the first look has no opening to report (left-open timing starts
      // now), unless our own command opened it.
      if (previous !== 'unknown' || cause === 'command') this.emit({ type: 'door-opened', board, lock, cause });
      if (door.jammed) door.jammed = false;
    } else if (previous === 'open') {
      this.emit({ type: 'door-closed', board, lock });
    }
    this.recomputeHealth();
  }

  private noteOccupancy(track: BoardTrack, reply: BoardReply): void {
    const occupied = reply.occupied;
    if (!occupied) return;
    track.doors.forEach((door, i) => {
      const now = occupied[i] ?? false;
      if (door.occupied !== null && door.occupied !== now) {
        this.emit({ type: 'occupancy', board: track.config.address, lock: i + 1, occupied: now });
      }
      door.occupied = now;
    });
  }

  /** Last known infrared occupancy of a compartment (null: board has no sensor or not read yet). */
  occupied(board: number, lock: number): boolean | null {
    return this.boards.get(board)?.doors[lock - 1]?.occupied ?? null;
  }

  private checkLeftOpen(): void {
    const now = performance.now();
    for (const track of this.boards.values()) {
      track.doors.forEach((door, i) => {
        if (door.state === 'open' && !door.leftOpenReported && now - door.since >= this.opts.leftOpenAfterMs) {
          door.leftOpenReported = true;
          this.emit({
            type: 'door-left-open',
            board: track.config.address,
            lock: i + 1,
            openForMs: Math.round(now - door.since),
          });
          this.recomputeHealth();
        }
      });
    }
  }

  private boardAnswered(track: BoardTrack): void {
    const changed = track.failures >= this.offlineAfter || !track.answered;
    track.failures = 0;
    track.answered = true;
    if (changed) this.recomputeHealth();
  }

  private boardFailed(track: BoardTrack): void {
    track.failures++;
    this.recomputeHealth();
  }

  private checkLock(board: number, lock: number): Result<never, 'invalid-lock'> | null {
    const track = this.boards.get(board);
    if (!track) return err('invalid-lock', `board ${board} is not configured`);
    if (!Number.isInteger(lock) || lock < 1 || lock > track.config.locks) {
      return err('invalid-lock', `board ${board} has locks 1–${track.config.locks}, not ${lock}`);
    }
    return null;
  }

  private recomputeHealth(): void {
    this.healthCell.set(this.computeHealth());
  }

  private computeHealth(): Health {
    if (!this.started) return { state: 'unknown', code: null };
    if (this.transport.state !== 'open') return { state: 'offline', code: `port-${this.transport.state}` };
    const tracks = [...this.boards.values()];
    const down = tracks.filter((t) => t.failures >= this.offlineAfter);
    if (tracks.length > 0 && down.length === tracks.length) return { state: 'offline', code: 'no-answer' };
    const firstDown = down[0];
    if (firstDown) return { state: 'degraded', code: `board-offline:${firstDown.config.address}` };
    for (const t of tracks) {
      const i = t.doors.findIndex((d) => d.jammed);
      if (i >= 0) return { state: 'degraded', code: `door-jammed:${t.config.address}/${i + 1}` };
    }
    for (const t of tracks) {
      const i = t.doors.findIndex((d) => d.state === 'open' && d.leftOpenReported);
      if (i >= 0) return { state: 'degraded', code: `door-left-open:${t.config.address}/${i + 1}` };
    }
    // Until every board has answered once (or been found offline), the door picture is incomplete.
    if (tracks.some((t) => !t.answered)) return { state: 'unknown', code: null };
    return { state: 'ok', code: null };
  }

  private emit(e: LockerEvent): void {
    this.eventListeners.emit(e);
  }
}
