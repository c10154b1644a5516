/**
 * Shared vocabulary of the locker lock-control boards: what the driver asks a board, what a board
 * answers (protocol-neutral), and the protocol adapter both the driver and the emulator speak through.
 */

export type LockerProtocolName = '8a' | 'kerong';
export const LOCKER_PROTOCOLS: readonly LockerProtocolName[] = ['8a', 'kerong'];

/**
 * How the lock's feedback switch is wired, per board (see protocols.md §2.1):
 * - `locked-shorted` (上锁短路): the switch is shorted while the lock is locked, so the "signal"
 *   (8A status `11`, a set bitmap bit) means closed;
 * - `unlocked-shorted` (开锁短路): shorted while unlocked, so the signal means open.
 */
export type FeedbackPolarity = 'locked-shorted' | 'unlocked-shorted';
export const FEEDBACK_POLARITIES: readonly FeedbackPolarity[] = ['locked-shorted', 'unlocked-shorted'];

export type DoorState = 'open' | 'closed';

/** A request from the host to one board. Locks are 1-based. */
export type BoardRequest =
  | { kind: 'open'; board: number; lock: number }
  | { kind: 'query'; board: number; lock: number }
  | { kind: 'query-all'; board: number };

/**
 * A board's reply, protocol-neutral. `signal` is the raw feedback bit (polarity not applied);
 * `signals[i]` is lock i+1. `occupied` (infrared, Kerong only) is absent when the board has none.
 */
export type BoardReply =
  | { kind: 'open'; board: number; lock: number; signal: boolean; occupied?: readonly boolean[] }
  | { kind: 'query'; board: number; lock: number; signal: boolean; occupied?: readonly boolean[] }
  | { kind: 'query-all'; board: number; signals: readonly boolean[]; occupied?: readonly boolean[] };

/** The request in flight and what the host knows about the board it addressed. */
export interface ReplyExpectation {
  req: BoardRequest;
  /** Locks configured on that board: tells the 8A parser how many status bytes to expect first. */
  locks?: number;
}

/** Incremental byte parser: feed chunks, get whole frames; never throws on any input. */
export interface ReplyParser {
  /**
   * `expect` is the request in flight, when there is one: it disambiguates reply shapes that the
   * bytes alone cannot (an 8A single-lock reply vs. a query-all reply, and how many status bytes a
   * query-all reply has). Replies for another board or lock are still returned; `replyMatches`
   * rejects them.
   */
  push(chunk: Uint8Array, expect?: ReplyExpectation): BoardReply[];
  reset(): void;
  /** Bytes discarded so far (noise, bad checksums). */
  readonly droppedBytes: number;
}

/** A command as heard by the boards (emulator side). `other` = a valid frame the emulator does not act on. */
export type BoardCommand = BoardRequest | { kind: 'other'; board: number; code: number };

export interface CommandParser {
  push(chunk: Uint8Array): BoardCommand[];
  reset(): void;
  readonly droppedBytes: number;
}

/** What a board reports about itself when it answers. Arrays are indexed lock-1. */
export interface BoardSnapshot {
  signals: readonly boolean[];
  occupied: readonly boolean[];
}

/** One protocol family, as used by the driver (host side) and the emulator (board side). */
export interface LockerCodec {
  readonly protocol: LockerProtocolName;
  /** Factory default line speed. */
  readonly defaultBaudRate: number;
  readonly minBoard: number;
  readonly maxBoard: number;
  /** Most locks one board can address. */
  readonly maxLocks: number;
  /** Whether the board reports compartment occupancy (infrared). */
  readonly hasOccupancy: boolean;
  /** Longest reply frame in bytes (for "discard until quiet" and noise gaps). */
  readonly maxReplyLength: number;
  /** Throws on an out-of-range board/lock: that is a bug in the caller, not a device failure. */
  encodeRequest(req: BoardRequest): Buffer;
  createReplyParser(): ReplyParser;
  /** The reply answers this request (same kind, same board, same lock). */
  replyMatches(req: BoardRequest, reply: BoardReply): boolean;
  createCommandParser(): CommandParser;
  /** The bytes a board sends in answer to `req`, given its current state. */
  encodeReply(req: BoardRequest, board: BoardSnapshot): Buffer;
}

/** The feedback signal → door state, through the board's polarity. */
export function doorFromSignal(signal: boolean, polarity: FeedbackPolarity): DoorState {
  return signal === (polarity === 'unlocked-shorted') ? 'open' : 'closed';
}

/** The door state → the feedback signal a board reports, through its polarity. */
export function signalFromDoor(door: DoorState, polarity: FeedbackPolarity): boolean {
  return (door === 'open') === (polarity === 'unlocked-shorted');
}
