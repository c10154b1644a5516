/**
 * ESC/POS real-time status: `DLE EOT n` (`10 04 n`, n = 1..4), answered with one byte each.
 *
 * Every status byte has bit 1 and bit 4 set and bits 0 and 7 clear, so `byte & 0x93 === 0x12`
 * tells a status byte from line noise. The decoders below are pure and never throw; a byte that
 * fails the mask decodes to `null`. The bit map is the Epson one (see docs/drivers-printer-scanner.md);
 * vendors that differ need their own decoder.
 */

export const DLE = 0x10;
export const EOT = 0x04;

/** Which `DLE EOT n` query. */
export type StatusQuery = 1 | 2 | 3 | 4;
export const STATUS_QUERIES: readonly StatusQuery[] = [1, 2, 3, 4];

export const STATUS_MASK = 0x93;
export const STATUS_FIXED = 0x12;

export function isStatusByte(b: number): boolean {
  return Number.isInteger(b) && b >= 0 && b <= 0xff && (b & STATUS_MASK) === STATUS_FIXED;
}

export function statusQueryBytes(n: StatusQuery): Uint8Array {
  return Uint8Array.of(DLE, EOT, n);
}

/** n = 1: printer status. */
export interface PrinterStatusByte {
  drawerPinHigh: boolean;
  offline: boolean;
  waitingForRecovery: boolean;
  feedButtonPressed: boolean;
}

/** n = 2: offline cause. */
export interface OfflineCauseByte {
  coverOpen: boolean;
  feedingByButton: boolean;
  stoppedByPaperEnd: boolean;
  errorOccurred: boolean;
}

/** n = 3: error cause. */
export interface ErrorCauseByte {
  recoverable: boolean;
  cutter: boolean;
  unrecoverable: boolean;
  autoRecoverable: boolean;
}

export type PaperState = 'ok' | 'near-end' | 'out';

/** n = 4: roll paper sensor. */
export interface PaperSensorByte {
  paper: PaperState;
}

const bit = (b: number, n: number): boolean => (b & (1 << n)) !== 0;

export function decodePrinterByte(b: number): PrinterStatusByte | null {
  if (!isStatusByte(b)) return null;
  return { drawerPinHigh: bit(b, 2), offline: bit(b, 3), waitingForRecovery: bit(b, 5), feedButtonPressed: bit(b, 6) };
}

export function decodeOfflineCauseByte(b: number): OfflineCauseByte | null {
  if (!isStatusByte(b)) return null;
  return { coverOpen: bit(b, 2), feedingByButton: bit(b, 3), stoppedByPaperEnd: bit(b, 5), errorOccurred: bit(b, 6) };
}

export function decodeErrorCauseByte(b: number): ErrorCauseByte | null {
  if (!isStatusByte(b)) return null;
  return { recoverable: bit(b, 2), cutter: bit(b, 3), unrecoverable: bit(b, 5), autoRecoverable: bit(b, 6) };
}

/**
 * Paper sensor: bits 2+3 near end, bits 5+6 paper end. Some firmwares set only one bit of each
 * pair; either bit counts, since reporting paper trouble that is not there is the safer mistake.
 */
export function decodePaperSensorByte(b: number): PaperSensorByte | null {
  if (!isStatusByte(b)) return null;
  if (bit(b, 5) || bit(b, 6)) return { paper: 'out' };
  if (bit(b, 2) || bit(b, 3)) return { paper: 'near-end' };
  return { paper: 'ok' };
}

/** What the printer's cause of trouble is, most serious first; null when none. */
export type PrinterErrorCause = 'unrecoverable' | 'cutter' | 'recoverable' | 'auto-recoverable';

/** The four status bytes taken together: what the driver, the CLI and the health report use. */
export interface PrinterStatus {
  online: boolean;
  paper: PaperState;
  coverOpen: boolean;
  error: PrinterErrorCause | null;
  /** The raw bytes for EOT 1..4 (for logs and technicians). */
  raw: [number, number, number, number];
}

/** Combine four answers (EOT 1, 2, 3, 4). Null if any byte fails the sanity mask. */
export function decodeStatus(bytes: readonly number[]): PrinterStatus | null {
  const [b1, b2, b3, b4] = bytes;
  if (b1 === undefined || b2 === undefined || b3 === undefined || b4 === undefined) return null;
  const p = decodePrinterByte(b1);
  const o = decodeOfflineCauseByte(b2);
  const e = decodeErrorCauseByte(b3);
  const s = decodePaperSensorByte(b4);
  if (!p || !o || !e || !s) return null;
  const paper: PaperState = o.stoppedByPaperEnd ? 'out' : s.paper;
  const error: PrinterErrorCause | null = e.unrecoverable
    ? 'unrecoverable'
    : e.cutter
      ? 'cutter'
      : e.recoverable
        ? 'recoverable'
        : e.autoRecoverable
          ? 'auto-recoverable'
          : o.errorOccurred
            ? 'recoverable'
            : null;
  return { online: !p.offline, paper, coverOpen: o.coverOpen, error, raw: [b1, b2, b3, b4] };
}

/** The state an emulator (or a test) holds; `encodeStatusByte` turns it into the printer's answers. */
export interface PrinterCondition {
  paper: PaperState;
  coverOpen: boolean;
  cutterError: boolean;
  unrecoverableError: boolean;
  /** e.g. head overheating: clears by itself. */
  autoRecoverableError: boolean;
  drawerPinHigh: boolean;
  feedButtonPressed: boolean;
}

export const HEALTHY_CONDITION: Readonly<PrinterCondition> = Object.freeze({
  paper: 'ok',
  coverOpen: false,
  cutterError: false,
  unrecoverableError: false,
  autoRecoverableError: false,
  drawerPinHigh: false,
  feedButtonPressed: false,
});

/** A printer goes offline with the cover open, out of paper, or on any error. */
export function conditionIsOffline(c: PrinterCondition): boolean {
  return c.paper === 'out' || c.coverOpen || c.cutterError || c.unrecoverableError || c.autoRecoverableError;
}

export function encodeStatusByte(n: StatusQuery, c: PrinterCondition): number {
  const set = (cond: boolean, at: number): number => (cond ? 1 << at : 0);
  const anyError = c.cutterError || c.unrecoverableError || c.autoRecoverableError;
  switch (n) {
    case 1: {
      const offline = conditionIsOffline(c);
      return (
        STATUS_FIXED |
        set(c.drawerPinHigh, 2) |
        set(offline, 3) |
        set(offline && !c.unrecoverableError, 5) |
        set(c.feedButtonPressed, 6)
      );
    }
    case 2:
      return STATUS_FIXED | set(c.coverOpen, 2) | set(c.feedButtonPressed, 3) | set(c.paper === 'out', 5) | set(anyError, 6);
    case 3:
      return STATUS_FIXED | set(c.cutterError, 3) | set(c.unrecoverableError, 5) | set(c.autoRecoverableError, 6);
    case 4:
      return STATUS_FIXED | (c.paper === 'near-end' || c.paper === 'out' ? 0x0c : 0) | (c.paper === 'out' ? 0x60 : 0);
  }
}

/** Short machine-readable reason a status forbids printing, or null when it may print. */
export type PrinterRefusal = 'paper-out' | 'cover-open' | 'printer-error' | 'offline';

export function refusalFor(s: PrinterStatus): PrinterRefusal | null {
  if (s.paper === 'out') return 'paper-out';
  if (s.coverOpen) return 'cover-open';
  if (s.error !== null) return 'printer-error';
  if (!s.online) return 'offline';
  return null;
}
