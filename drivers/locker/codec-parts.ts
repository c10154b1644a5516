/**
 * What the locker codecs build alike, whatever their framing: the parsers over a `FrameScanner`
 * and the request ⇄ reply match.
 */
import type { FrameScanner } from './frame-scanner.js';
import type { BoardCommand, BoardReply, BoardRequest, CommandParser, ReplyExpectation, ReplyParser } from './locker-codec.js';

/** A `ReplyParser` over `scanner`: the request in flight is handed to the protocol's scan function. */
export function replyParserOver(scanner: FrameScanner<BoardReply, ReplyExpectation | undefined>): ReplyParser {
  return {
    push: (chunk, expect) => scanner.push(chunk, expect),
    reset: () => scanner.reset(),
    get droppedBytes() {
      return scanner.droppedBytes;
    },
  };
}

/** A `CommandParser` (emulator side) over `scanner`. */
export function commandParserOver(scanner: FrameScanner<BoardCommand, undefined>): CommandParser {
  return {
    push: (chunk) => scanner.push(chunk, undefined),
    reset: () => scanner.reset(),
    get droppedBytes() {
      return scanner.droppedBytes;
    },
  };
}

/** The reply answers the request: same kind, same board and (but for query-all) same lock. */
export function replyAnswers(req: BoardRequest, reply: BoardReply): boolean {
  if (req.kind !== reply.kind || req.board !== reply.board) return false;
  if (req.kind === 'query-all' || reply.kind === 'query-all') return true;
  return req.lock === reply.lock;
}
