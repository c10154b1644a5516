import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodePaperSensorByte,
  decodePrinterByte,
  decodeStatus,
  encodeStatusByte,
  HEALTHY_CONDITION,
  isStatusByte,
  refusalFor,
  statusQueryBytes,
  type PrinterCondition,
} from '../../../../../drivers/printer/receipt/printer-status.js';

describe('DLE EOT status decoding', () => {
  it('builds the query bytes', () => {
    expect([...statusQueryBytes(1)]).toEqual([0x10, 0x04, 0x01]);
    expect([...statusQueryBytes(4)]).toEqual([0x10, 0x04, 0x04]);
  });

  it('decodes the paper sensor vectors (python-escpos masks 18/30/114)', () => {
    expect(decodePaperSensorByte(0x12)).toEqual({ paper: 'ok' });
    expect(decodePaperSensorByte(0x1e)).toEqual({ paper: 'near-end' });
    expect(decodePaperSensorByte(0x72)).toEqual({ paper: 'out' });
    expect(decodePaperSensorByte(0x7e)).toEqual({ paper: 'out' });
  });

  it('decodes the printer byte vectors', () => {
    expect(decodePrinterByte(0x12)).toMatchObject({ offline: false, drawerPinHigh: false });
    expect(decodePrinterByte(0x16)).toMatchObject({ offline: false, drawerPinHigh: true });
    expect(decodePrinterByte(0x1a)).toMatchObject({ offline: true });
  });

  it('decodes "offline because out of paper" (1A, 32, 12, 7E)', () => {
    const s = decodeStatus([0x1a, 0x32, 0x12, 0x7e]);
    expect(s).toEqual({ online: false, paper: 'out', coverOpen: false, error: null, raw: [0x1a, 0x32, 0x12, 0x7e] });
    expect(s && refusalFor(s)).toBe('paper-out');
  });

  it('decodes cover open and cutter error', () => {
    const cover = decodeStatus([0x1a, 0x16, 0x12, 0x12]);
    expect(cover).toMatchObject({ online: false, coverOpen: true, paper: 'ok' });
    expect(cover && refusalFor(cover)).toBe('cover-open');
    const cutter = decodeStatus([0x3a, 0x52, 0x1a, 0x12]);
    expect(cutter).toMatchObject({ error: 'cutter' });
    expect(cutter && refusalFor(cutter)).toBe('printer-error');
  });

  it('rejects bytes that fail the sanity mask', () => {
    expect(isStatusByte(0x00)).toBe(false);
    expect(isStatusByte(0xff)).toBe(false);
    expect(isStatusByte(0x13)).toBe(false);
    expect(decodeStatus([0x12, 0x12, 0x12, 0x92])).toBeNull();
    expect(decodeStatus([0x12, 0x12, 0x12])).toBeNull();
  });

  it('property: the mask is exactly "bits 1 and 4 set, bits 0 and 7 clear"', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), (b) => {
        const expected = (b & 1) === 0 && (b & 2) !== 0 && (b & 16) !== 0 && (b & 128) === 0;
        expect(isStatusByte(b)).toBe(expected);
        expect(decodePrinterByte(b) !== null).toBe(expected);
      }),
    );
  });

  it('property: any four bytes decode without throwing; valid ones are consistent', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -5, max: 300 }), { maxLength: 6 }), (bytes) => {
        const s = decodeStatus(bytes);
        if (s === null) return;
        expect(s.raw).toEqual(bytes.slice(0, 4));
        if (s.paper === 'out') expect(refusalFor(s)).toBe('paper-out');
        if (s.online && s.paper !== 'out' && !s.coverOpen && s.error === null) expect(refusalFor(s)).toBeNull();
      }),
    );
  });

  const conditionArb: fc.Arbitrary<PrinterCondition> = fc.record({
    paper: fc.constantFrom('ok' as const, 'near-end' as const, 'out' as const),
    coverOpen: fc.boolean(),
    cutterError: fc.boolean(),
    unrecoverableError: fc.boolean(),
    autoRecoverableError: fc.boolean(),
    drawerPinHigh: fc.boolean(),
    feedButtonPressed: fc.boolean(),
  });

  it('property: encode then decode gives back what the host needs to know', () => {
    fc.assert(
      fc.property(conditionArb, (c) => {
        const bytes = ([1, 2, 3, 4] as const).map((n) => encodeStatusByte(n, c));
        bytes.forEach((b) => expect(isStatusByte(b)).toBe(true));
        const s = decodeStatus(bytes);
        expect(s).not.toBeNull();
        if (!s) return;
        expect(s.paper).toBe(c.paper);
        expect(s.coverOpen).toBe(c.coverOpen);
        expect(s.online).toBe(
          !(c.paper === 'out' || c.coverOpen || c.cutterError || c.unrecoverableError || c.autoRecoverableError),
        );
        const expectedError = c.unrecoverableError
          ? 'unrecoverable'
          : c.cutterError
            ? 'cutter'
            : c.autoRecoverableError
              ? 'auto-recoverable'
              : null;
        expect(s.error).toBe(expectedError);
      }),
    );
  });

  it('a healthy printer answers 12 12 12 12', () => {
    expect(([1, 2, 3, 4] as const).map((n) => encodeStatusByte(n, HEALTHY_CONDITION))).toEqual([0x12, 0x12, 0x12, 0x12]);
    expect(encodeStatusByte(4, { ...HEALTHY_CONDITION, paper: 'near-end' })).toBe(0x1e);
    expect(encodeStatusByte(4, { ...HEALTHY_CONDITION, paper: 'out' })).toBe(0x7e);
  });
});
