/**
 * HID-POS (usage page 0x8C) scanner input reports, Honeywell layout:
 *
 *   [report id 0x02] len, AIM c1 c2 c3, data (len bytes)…, [60] vendor code id, [62] more-follows
 *
 * (offsets after the report id). Long codes are split over several reports; `HidPosAssembler`
 * concatenates until a report without the more-follows flag. Pure, never throws.
 */
import { decodeScanBytes, symbologyFromAim, type ScanEvent } from './scan.js';

export const HID_POS_USAGE_PAGE = 0x8c;
export const HID_POS_REPORT_ID = 0x02;

const CODE_IDS: Record<number, string> = {
  0x73: 'QR',
  0x6a: 'CODE128',
  0x64: 'EAN13',
  0x44: 'EAN8',
  0x63: 'UPC-A',
  0x45: 'UPC-E',
  0x77: 'DATAMATRIX',
  0x72: 'PDF417',
  0x62: 'CODE39',
  0x65: 'ITF',
  0x7a: 'AZTEC',
  0x61: 'CODABAR',
  0x69: 'CODE93',
};

export interface HidPosReport {
  data: Uint8Array;
  aim: string | null;
  codeId: number | null;
  more: boolean;
}

export interface HidPosDecodeOptions {
  /** The buffer starts with the report id (node-hid on hidraw does this for numbered reports). Default true. */
  withReportId?: boolean;
}

export function decodeHidPosReport(report: Uint8Array, opts: HidPosDecodeOptions = {}): HidPosReport | null {
  const withId = opts.withReportId ?? true;
  if (withId && report[0] !== HID_POS_REPORT_ID) return null;
  const body = withId ? report.subarray(1) : report;
  const len = body[0];
  if (len === undefined || body.length < 4) return null;
  const aimBytes = body.subarray(1, 4);
  const aim = aimBytes[0] === 0x5d ? String.fromCharCode(...aimBytes) : null;
  // Data never runs into the trailer (code id at 60) and never past the report.
  const end = Math.min(4 + len, body.length, 60);
  const data = body.subarray(4, end);
  const codeId = body.length > 60 ? (body[60] ?? 0) || null : null;
  const more = body.length > 62 && (body[62] ?? 0) !== 0;
  return { data: Uint8Array.from(data), aim, codeId, more };
}

export function symbologyOf(r: Pick<HidPosReport, 'aim' | 'codeId'>): string | undefined {
  return (r.aim ? symbologyFromAim(r.aim) : undefined) ?? (r.codeId !== null ? CODE_IDS[r.codeId] : undefined);
}

/** Joins multi-report codes; returns a scan when the last part arrives. */
export class HidPosAssembler {
  private parts: Uint8Array[] = [];
  private first: HidPosReport | null = null;
  /** Upper bound for one code (a QR holds at most 7089 characters). */
  private static readonly MAX_BYTES = 8192;

  constructor(private readonly opts: HidPosDecodeOptions = {}) {}

  push(report: Uint8Array): ScanEvent | null {
    const r = decodeHidPosReport(report, this.opts);
    if (!r) return null;
    this.first ??= r;
    this.parts.push(r.data);
    const size = this.parts.reduce((n, p) => n + p.length, 0);
    if (size > HidPosAssembler.MAX_BYTES) {
      this.reset();
      return null;
    }
    if (r.more) return null;
    const bytes = Buffer.concat(this.parts);
    const symbology = symbologyOf(this.first);
    this.reset();
    if (bytes.length === 0) return null;
    const text = decodeScanBytes(bytes);
    return symbology ? { text, symbology } : { text };
  }

  reset(): void {
    this.parts = [];
    this.first = null;
  }
}

/** Build a Honeywell-layout report (for tests and emulators). */
export function encodeHidPosReport(data: Uint8Array, opts: { aim?: string; codeId?: number; more?: boolean } = {}): Uint8Array {
  if (data.length > 56) throw new RangeError('at most 56 data bytes per report');
  const r = new Uint8Array(64);
  r[0] = HID_POS_REPORT_ID;
  r[1] = data.length;
  const aim = opts.aim ?? '\0\0\0';
  for (let i = 0; i < 3; i++) r[2 + i] = aim.charCodeAt(i) & 0xff;
  r.set(data, 5);
  r[61] = opts.codeId ?? 0;
  r[63] = opts.more ? 1 : 0;
  return r;
}
