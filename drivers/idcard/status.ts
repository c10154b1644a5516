/** SW3, the reader's own result code (byte 9 of every reply), with its meaning. */
export const SW3 = {
  success: 0x90,
  noContent: 0x91,
  findOk: 0x9f,
  checksumError: 0x10,
  lengthError: 0x11,
  commandError: 0x21,
  notPermitted: 0x23,
  unrecognisedError: 0x24,
  cardAuthSamFailed: 0x31,
  samAuthCardFailed: 0x32,
  verifyError: 0x33,
  unknownCardType: 0x40,
  readFailed: 0x41,
  randomFailed: 0x47,
  samSelfTestFailed: 0x60,
  samNotAuthorised: 0x66,
  findFailed: 0x80,
  selectFailed: 0x81,
} as const;

const MEANINGS: Record<number, string> = {
  0x90: 'success',
  0x91: 'the card has no content for this item',
  0x9f: 'find card succeeded',
  0x10: 'checksum error in data received from the terminal',
  0x11: 'length error in data received from the terminal',
  0x21: 'command error (bad values or combination)',
  0x23: 'operation not permitted',
  0x24: 'unrecognised error',
  0x31: 'the card failed to authenticate the SAM',
  0x32: 'the SAM failed to authenticate the card',
  0x33: 'information verification error',
  0x40: 'unrecognised card type',
  0x41: 'card read failed',
  0x47: 'get-random-number failed',
  0x60: 'SAM self-test failed; it accepts no commands',
  0x66: 'SAM not authorised',
  0x80: 'find card failed (no card, or the card was already read and has not been removed)',
  0x81: 'select card failed',
};

export function sw3Meaning(sw3: number): string {
  return MEANINGS[sw3] ?? `unknown status 0x${hex(sw3)}`;
}

export function hex(n: number): string {
  return n.toString(16).toUpperCase().padStart(2, '0');
}

/** The driver's failure codes. The UI and the CLI branch on these. */
export type IdCardErrorCode =
  /** Find failed: no card on the reader (or the last card was not removed). */
  | 'no-card'
  | 'select-failed'
  /** The read failed or stopped halfway (card pulled away, bad RF coupling). */
  | 'read-failed'
  /** The read stopped halfway and the card no longer answers: it was taken away mid-read. */
  | 'card-pulled'
  /** Card/SAM mutual authentication failed: damaged, fake or marginal card. */
  | 'auth-failed'
  | 'unknown-card-type'
  /** The SAM is broken or unlicensed: maintenance needed. */
  | 'sam-fault'
  /** The reader says our frame was corrupted (checksum/length) or refused the command. */
  | 'rejected'
  /** Silence. */
  | 'no-answer'
  /** Bytes that never formed a valid frame, or a frame that makes no sense. */
  | 'garbage'
  | 'not-open'
  | 'disconnected'
  | 'device-error';

/** Map a non-success SW3 to a driver code. */
export function codeForSw3(sw3: number): IdCardErrorCode {
  switch (sw3) {
    case SW3.findFailed:
      return 'no-card';
    case SW3.selectFailed:
      return 'select-failed';
    case SW3.readFailed:
    case SW3.randomFailed:
      return 'read-failed';
    case SW3.cardAuthSamFailed:
    case SW3.samAuthCardFailed:
    case SW3.verifyError:
      return 'auth-failed';
    case SW3.unknownCardType:
      return 'unknown-card-type';
    case SW3.samSelfTestFailed:
    case SW3.samNotAuthorised:
      return 'sam-fault';
    case SW3.checksumError:
    case SW3.lengthError:
    case SW3.commandError:
    case SW3.notPermitted:
      return 'rejected';
    default:
      return 'device-error';
  }
}
