/**
 * The common "8A / 80" RS-485 lock board (protocols.md §2.1).
 *
 * Every command is 5 bytes `HEAD BOARD LOCK FUNC BCC`, BCC = XOR of the first four:
 *   open       `8A BB LL 11 BCC`   → reply `8A BB LL SS BCC`
 *   query one  `80 BB LL 33 BCC`   → reply `80 BB LL SS BCC`
 *   query all  `80 BB 00 33 BCC`   → reply `80 BB S_n … S_1 33 BCC` (highest group first, bit k of
 *                                     group g = lock 8·g+k+1; the group count comes from the length)
 * SS ∈ {00, 11}; `11` is the "signal" (feedback switch shorted), mapped to open/closed by polarity.
 * Board and lock bytes are ≤ 0x7F here: that rules out header bytes in those places and makes
 * resynchronisation after noise much safer.
 */
import { commandParserOver, replyAnswers, replyParserOver } from './codec-parts.js';
import { FrameScanner, xorOf, type ScanResult } from './frame-scanner.js';
import type {
  BoardCommand,
  BoardReply,
  BoardRequest,
  BoardSnapshot,
  CommandParser,
  LockerCodec,
  ReplyExpectation,
  ReplyParser,
} from './locker-codec.js';

export const EIGHT_A = {
  openHead: 0x8a,
  queryHead: 0x80,
  openFunc: 0x11,
  queryFunc: 0x33,
  signal: 0x11,
  noSignal: 0x00,
  /** Query-all replies carry at least this many status bytes: an 8-channel board sends 3 [V]. */
  minGroups: 3,
  /** Most status bytes accepted in a query-all reply (64 channels). */
  maxGroups: 8,
} as const;

const MAX_REPLY = 2 + EIGHT_A.maxGroups + 2;

function isHead(b: number): boolean {
  return b === EIGHT_A.openHead || b === EIGHT_A.queryHead;
}

function isStatus(b: number): boolean {
  return b === EIGHT_A.signal || b === EIGHT_A.noSignal;
}

/** The 5-byte frame `head board lock func` + BCC. */
function frame5(head: number, board: number, lock: number, func: number): Buffer {
  const b = Buffer.from([head, board, lock, func, 0]);
  b[4] = xorOf(b, 0, 4);
  return b;
}

/** Decode the status groups (highest first) into per-lock signals, lock 1 first. */
export function signalsFromGroups(groups: Uint8Array): boolean[] {
  const n = groups.length;
  const signals: boolean[] = new Array<boolean>(n * 8).fill(false);
  for (let idx = 0; idx < n; idx++) {
    const g = n - 1 - idx; // groups[0] is the highest group
    const byte = groups[idx] ?? 0;
    for (let k = 0; k < 8; k++) signals[g * 8 + k] = (byte & (1 << k)) !== 0;
  }
  return signals;
}

/** Encode per-lock signals (lock 1 first) into `count` status bytes, highest group first. */
export function groupsFromSignals(signals: readonly boolean[], count: number): Buffer {
  const out = Buffer.alloc(count);
  for (let g = 0; g < count; g++) {
    let byte = 0;
    for (let k = 0; k < 8; k++) if (signals[g * 8 + k]) byte |= 1 << k;
    out[count - 1 - g] = byte;
  }
  return out;
}

/** How many status bytes a query-all reply from a board with `locks` channels should carry. */
export function expectedGroups(locks: number | undefined): number {
  if (locks === undefined) return EIGHT_A.minGroups;
  return Math.min(EIGHT_A.maxGroups, Math.max(EIGHT_A.minGroups, Math.ceil(locks / 8)));
}

type GroupTry = 'frame' | 'bad' | 'more';

function tryGroups(buf: Buffer, i: number, n: number): GroupTry {
  const marker = i + 2 + n;
  if (marker + 1 >= buf.length) return 'more';
  return buf[marker] === EIGHT_A.queryFunc && buf[marker + 1] === xorOf(buf, i, marker + 1) ? 'frame' : 'bad';
}

function queryAllFrame(buf: Buffer, i: number, board: number, n: number): ScanResult<BoardReply> {
  const signals = signalsFromGroups(buf.subarray(i + 2, i + 2 + n));
  return { kind: 'frame', length: n + 4, frame: { kind: 'query-all', board, signals } };
}

function scanReply(buf: Buffer, i: number, expectation: ReplyExpectation | undefined): ScanResult<BoardReply> {
  const expect = expectation?.req;
  const avail = buf.length - i;
  if (avail < 2) return { kind: 'more' };
  const head = buf[i] ?? 0;
  const board = buf[i + 1] ?? 0;
  if (board > 0x7f) return { kind: 'skip' };
  if (head === EIGHT_A.openHead) {
    if (expect && expect.kind !== 'open') return { kind: 'skip' };
    if (avail < 5) return { kind: 'more' };
    const lock = buf[i + 2] ?? 0;
    const status = buf[i + 3] ?? 0;
    if (lock > 0x7f || !isStatus(status) || buf[i + 4] !== xorOf(buf, i, i + 4)) return { kind: 'skip' };
    return { kind: 'frame', length: 5, frame: { kind: 'open', board, lock, signal: status === EIGHT_A.signal } };
  }
  // 0x80: a single-lock reply (5 bytes, SS ∈ {00,11}) or a query-all reply (… 33 BCC).
  const wantSingle = !expect || expect.kind === 'query';
  const wantAll = !expect || expect.kind === 'query-all';
  let waiting = false;
  if (wantSingle) {
    if (avail < 5) waiting = true;
    else {
      const lock = buf[i + 2] ?? 0;
      const status = buf[i + 3] ?? 0;
      if (lock >= 1 && lock <= 0x7f && isStatus(status) && buf[i + 4] === xorOf(buf, i, i + 4)) {
        return { kind: 'frame', length: 5, frame: { kind: 'query', board, lock, signal: status === EIGHT_A.signal } };
      }
    }
  }
  if (wantAll) {
    // The expected status-byte count first: a shorter reading of a longer reply must not win.
    const preferred = expectedGroups(expectation?.locks);
    const first = tryGroups(buf, i, preferred);
    if (first === 'frame') return queryAllFrame(buf, i, board, preferred);
    if (first === 'more') return { kind: 'more' };
    for (let n = EIGHT_A.minGroups; n <= EIGHT_A.maxGroups; n++) {
      if (n === preferred) continue;
      const t = tryGroups(buf, i, n);
      if (t === 'frame') return queryAllFrame(buf, i, board, n);
      if (t === 'more') {
        waiting = true;
        break;
      }
    }
  }
  return waiting ? { kind: 'more' } : { kind: 'skip' };
}

function scanCommand(buf: Buffer, i: number): ScanResult<BoardCommand> {
  if (buf.length - i < 5) return { kind: 'more' };
  const head = buf[i] ?? 0;
  const board = buf[i + 1] ?? 0;
  const lock = buf[i + 2] ?? 0;
  const func = buf[i + 3] ?? 0;
  if (board > 0x7f || lock > 0x7f || buf[i + 4] !== xorOf(buf, i, i + 4)) return { kind: 'skip' };
  if (head === EIGHT_A.openHead && func === EIGHT_A.openFunc) {
    // Lock 00 is "open all": recognised, never acted on lock by lock here.
    if (lock === 0) return { kind: 'frame', length: 5, frame: { kind: 'other', board, code: EIGHT_A.openHead } };
    return { kind: 'frame', length: 5, frame: { kind: 'open', board, lock } };
  }
  if (head === EIGHT_A.queryHead && func === EIGHT_A.queryFunc) {
    return {
      kind: 'frame',
      length: 5,
      frame: lock === 0 ? { kind: 'query-all', board } : { kind: 'query', board, lock },
    };
  }
  return { kind: 'skip' };
}

export class EightACodec implements LockerCodec {
  readonly protocol = '8a' as const;
  readonly defaultBaudRate = 9600;
  readonly minBoard = 1;
  readonly maxBoard = 99;
  readonly maxLocks = 48;
  readonly hasOccupancy = false;
  readonly maxReplyLength = MAX_REPLY;

  encodeRequest(req: BoardRequest): Buffer {
    this.checkBoard(req.board);
    switch (req.kind) {
      case 'open':
        this.checkLock(req.lock);
        return frame5(EIGHT_A.openHead, req.board, req.lock, EIGHT_A.openFunc);
      case 'query':
        this.checkLock(req.lock);
        return frame5(EIGHT_A.queryHead, req.board, req.lock, EIGHT_A.queryFunc);
      case 'query-all':
        return frame5(EIGHT_A.queryHead, req.board, 0, EIGHT_A.queryFunc);
    }
  }

  createReplyParser(): ReplyParser {
    return replyParserOver(new FrameScanner(isHead, scanReply, MAX_REPLY));
  }

  replyMatches(req: BoardRequest, reply: BoardReply): boolean {
    return replyAnswers(req, reply);
  }

  createCommandParser(): CommandParser {
    return commandParserOver(new FrameScanner(isHead, scanCommand, 5));
  }

  encodeReply(req: BoardRequest, board: BoardSnapshot): Buffer {
    switch (req.kind) {
      case 'open':
      case 'query': {
        const status = board.signals[req.lock - 1] ? EIGHT_A.signal : EIGHT_A.noSignal;
        return frame5(req.kind === 'open' ? EIGHT_A.openHead : EIGHT_A.queryHead, req.board, req.lock, status);
      }
      case 'query-all': {
        const count = expectedGroups(board.signals.length);
        const body = Buffer.concat([Buffer.from([EIGHT_A.queryHead, req.board]), groupsFromSignals(board.signals, count)]);
        const withFunc = Buffer.concat([body, Buffer.from([EIGHT_A.queryFunc])]);
        return Buffer.concat([withFunc, Buffer.from([xorOf(withFunc, 0, withFunc.length)])]);
      }
    }
  }

  private checkBoard(board: number): void {
    if (!Number.isInteger(board) || board < this.minBoard || board > this.maxBoard) {
      throw new RangeError(`8A board address must be ${this.minBoard}–${this.maxBoard}, got ${board}`);
    }
  }

  private checkLock(lock: number): void {
    if (!Number.isInteger(lock) || lock < 1 || lock > this.maxLocks) {
      throw new RangeError(`8A lock must be 1–${this.maxLocks}, got ${lock}`);
    }
  }
}
