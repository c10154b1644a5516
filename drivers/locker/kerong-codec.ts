/**
 * KERONG (科荣) KR-CU16 / CU12 lock-control units (protocols.md §2.2).
 *
 * Command: `02 ADDR CMD 03 SUM` (SUM = low byte of the sum of the bytes before it).
 *   ADDR high nibble = board (CU) number, low nibble = lock − 1. `30` status of one lock,
 *   `31` unlock, `32` status of all locks (lock nibble 0). `0xF0` is the broadcast address, so
 *   board 15 is not used here (its query-all address would be the broadcast).
 * Reply: `02 ADDR CMD D1 D2 D3 D4 03 SUM`: D1/D2 = lock-hook bitmap for locks 1–8 / 9–16, D3/D4 =
 *   infrared occupancy bitmap for 1–8 / 9–16 (bit k = lock k+1). A set hook bit is the "signal".
 */
import { commandParserOver, replyAnswers, replyParserOver } from './codec-parts.js';
import { FrameScanner, sumOf, type ScanResult } from './frame-scanner.js';
import type {
  BoardCommand,
  BoardReply,
  BoardRequest,
  BoardSnapshot,
  CommandParser,
  LockerCodec,
  ReplyParser,
} from './locker-codec.js';

export const KERONG = {
  stx: 0x02,
  etx: 0x03,
  status: 0x30,
  unlock: 0x31,
  statusAll: 0x32,
  /** Highest command code in the CU16 set (`39` delayed unlock). */
  lastCommand: 0x39,
  commandLength: 5,
  replyLength: 9,
} as const;

function bitmap16(lo: number, hi: number): boolean[] {
  const out: boolean[] = [];
  for (let k = 0; k < 8; k++) out.push((lo & (1 << k)) !== 0);
  for (let k = 0; k < 8; k++) out.push((hi & (1 << k)) !== 0);
  return out;
}

function bytesFromBits(bits: readonly boolean[]): [number, number] {
  let lo = 0;
  let hi = 0;
  for (let k = 0; k < 8; k++) {
    if (bits[k]) lo |= 1 << k;
    if (bits[k + 8]) hi |= 1 << k;
  }
  return [lo, hi];
}

function withSum(bytes: number[]): Buffer {
  const b = Buffer.from([...bytes, 0]);
  b[b.length - 1] = sumOf(b, 0, b.length - 1);
  return b;
}

function isStx(b: number): boolean {
  return b === KERONG.stx;
}

function scanReply(buf: Buffer, i: number): ScanResult<BoardReply> {
  if (buf.length - i < KERONG.replyLength) {
    // Reject early what cannot be a reply, so noise does not stall the scanner.
    const cmd = buf[i + 2];
    if (cmd !== undefined && (cmd < KERONG.status || cmd > KERONG.statusAll)) return { kind: 'skip' };
    return { kind: 'more' };
  }
  const addr = buf[i + 1] ?? 0;
  const cmd = buf[i + 2] ?? 0;
  if (buf[i + 7] !== KERONG.etx || buf[i + 8] !== sumOf(buf, i, i + 8)) return { kind: 'skip' };
  const board = addr >> 4;
  const lock = (addr & 0x0f) + 1;
  const hooks = bitmap16(buf[i + 3] ?? 0, buf[i + 4] ?? 0);
  const occupied = bitmap16(buf[i + 5] ?? 0, buf[i + 6] ?? 0);
  const length = KERONG.replyLength;
  switch (cmd) {
    case KERONG.unlock:
      return { kind: 'frame', length, frame: { kind: 'open', board, lock, signal: hooks[lock - 1] ?? false, occupied } };
    case KERONG.status:
      return { kind: 'frame', length, frame: { kind: 'query', board, lock, signal: hooks[lock - 1] ?? false, occupied } };
    case KERONG.statusAll:
      // The query-all address has lock nibble 0: the echo must be exactly that.
      if ((addr & 0x0f) !== 0) return { kind: 'skip' };
      return { kind: 'frame', length, frame: { kind: 'query-all', board, signals: hooks, occupied } };
    default:
      return { kind: 'skip' };
  }
}

function scanCommand(buf: Buffer, i: number): ScanResult<BoardCommand> {
  if (buf.length - i < KERONG.commandLength) return { kind: 'more' };
  const addr = buf[i + 1] ?? 0;
  const cmd = buf[i + 2] ?? 0;
  if (cmd < KERONG.status || cmd > KERONG.lastCommand) return { kind: 'skip' };
  if (buf[i + 3] !== KERONG.etx || buf[i + 4] !== sumOf(buf, i, i + 4)) return { kind: 'skip' };
  const board = addr >> 4;
  const lock = (addr & 0x0f) + 1;
  const length = KERONG.commandLength;
  switch (cmd) {
    case KERONG.status:
      return { kind: 'frame', length, frame: { kind: 'query', board, lock } };
    case KERONG.unlock:
      return { kind: 'frame', length, frame: { kind: 'open', board, lock } };
    case KERONG.statusAll:
      return { kind: 'frame', length, frame: { kind: 'query-all', board } };
    default:
      return { kind: 'frame', length, frame: { kind: 'other', board, code: cmd } };
  }
}

export class KerongCodec implements LockerCodec {
  readonly protocol = 'kerong' as const;
  readonly defaultBaudRate = 19200;
  readonly minBoard = 0;
  readonly maxBoard = 14;
  readonly maxLocks = 16;
  readonly hasOccupancy = true;
  readonly maxReplyLength = KERONG.replyLength;

  encodeRequest(req: BoardRequest): Buffer {
    if (!Number.isInteger(req.board) || req.board < this.minBoard || req.board > this.maxBoard) {
      throw new RangeError(`Kerong board must be ${this.minBoard}–${this.maxBoard}, got ${req.board}`);
    }
    if (req.kind === 'query-all') return withSum([KERONG.stx, req.board << 4, KERONG.statusAll, KERONG.etx]);
    if (!Number.isInteger(req.lock) || req.lock < 1 || req.lock > this.maxLocks) {
      throw new RangeError(`Kerong lock must be 1–${this.maxLocks}, got ${req.lock}`);
    }
    const addr = (req.board << 4) | (req.lock - 1);
    return withSum([KERONG.stx, addr, req.kind === 'open' ? KERONG.unlock : KERONG.status, KERONG.etx]);
  }

  createReplyParser(): ReplyParser {
    // Kerong replies say what they answer by themselves: the request in flight is not needed.
    return replyParserOver(new FrameScanner(isStx, scanReply, KERONG.replyLength));
  }

  replyMatches(req: BoardRequest, reply: BoardReply): boolean {
    return replyAnswers(req, reply);
  }

  createCommandParser(): CommandParser {
    return commandParserOver(new FrameScanner(isStx, scanCommand, KERONG.commandLength));
  }

  encodeReply(req: BoardRequest, board: BoardSnapshot): Buffer {
    const addr = req.kind === 'query-all' ? req.board << 4 : (req.board << 4) | (req.lock - 1);
    const cmd = req.kind === 'open' ? KERONG.unlock : req.kind === 'query' ? KERONG.status : KERONG.statusAll;
    const [h1, h2] = bytesFromBits(board.signals);
    const [o1, o2] = bytesFromBits(board.occupied);
    return withSum([KERONG.stx, addr & 0xff, cmd, h1, h2, o1, o2, KERONG.etx]);
  }
}
