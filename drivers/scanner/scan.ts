/**
 * What every scanner mode produces (`ScanEvent`, from a `ScannerDriver`), and the helpers all
 * modes share: AIM symbology identifiers, decoding the scanned bytes to text, and a
 * de-duplication window.
 */
import iconv from 'iconv-lite';
import type { DeviceDriver } from '../device.js';

export interface ScanEvent {
  text: string;
  /** `QR`, `CODE128`, `EAN13`… when the scanner said (AIM prefix or vendor code id). */
  symbology?: string;
}

/** What every scanner driver offers (USB-serial and HID-POS alike): scan events. */
export interface ScannerDriver extends DeviceDriver {
  onScan(listener: (scan: ScanEvent) => void): () => void;
}

const AIM_SYMBOLOGIES: Record<string, string> = {
  A: 'CODE39',
  C: 'CODE128',
  d: 'DATAMATRIX',
  E: 'EAN-UPC',
  e: 'GS1-DATABAR',
  F: 'CODABAR',
  G: 'CODE93',
  I: 'ITF',
  L: 'PDF417',
  Q: 'QR',
  z: 'AZTEC',
  X: 'OTHER',
};

/** AIM identifier `]cm` (e.g. `]Q1`) to a symbology name; EAN-13/EAN-8 are told apart by the modifier. */
export function symbologyFromAim(aim: string): string | undefined {
  const m = /^\](.)(.)$/.exec(aim);
  if (!m) return undefined;
  const [, c = '', mod = ''] = m;
  if (c === 'E') return mod === '4' ? 'EAN8' : 'EAN13';
  return AIM_SYMBOLOGIES[c];
}

/** Split a leading AIM identifier off scanned text. */
export function stripAim(text: string): ScanEvent {
  if (text.length >= 3 && text.startsWith(']')) {
    const symbology = symbologyFromAim(text.slice(0, 3));
    if (symbology) return { text: text.slice(3), symbology };
  }
  return { text };
}

/**
 * Scanned bytes to text. Chinese QR codes carry UTF-8 or GBK/GB18030: valid UTF-8 is taken as
 * such, anything else is read as GB18030 (which accepts every byte sequence).
 */
export function decodeScanBytes(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return iconv.decode(Buffer.from(bytes), 'GB18030');
  }
}

/**
 * Suppresses the same code scanned again within `windowMs` (a citizen holding a phone under the
 * scanner produces the same QR many times a second). Time is passed in, so it is testable.
 */
export class ScanDeduplicator {
  private readonly last = new Map<string, number>();

  constructor(private readonly windowMs = 1500) {}

  /** True when the scan should be delivered. A repeated scan extends the window. */
  accept(text: string, at: number): boolean {
    for (const [t, when] of this.last) if (at - when > this.windowMs) this.last.delete(t);
    const prev = this.last.get(text);
    this.last.set(text, at);
    return prev === undefined || at - prev > this.windowMs;
  }

  reset(): void {
    this.last.clear();
  }
}
