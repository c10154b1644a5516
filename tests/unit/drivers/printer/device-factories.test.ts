/** The device-manager factories for the receipt printer, A4 printer and scanner kinds. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DeviceConfig } from '../../../../config/schema.js';
import { lineText } from '../../../../drivers/printer/receipt/escpos-parser.js';
import { ReceiptBuilder } from '../../../../drivers/printer/receipt/receipt-builder.js';
import { a4PrinterDriverOf, a4PrinterEmulatorOf, createA4PrinterDevice } from '../../../../main/devices/a4-printer.js';
import {
  createReceiptPrinterDevice,
  isUsbLpPath,
  receiptPrinterDriverOf,
  receiptPrinterEmulatorOf,
} from '../../../../main/devices/receipt-printer.js';
import { createScannerDevice, scannerDriverOf, scannerEmulatorOf } from '../../../../main/devices/scanner.js';
import { silentLogger } from '../../../../main/base/log/logger.js';
import type { ScanEvent } from '../../../../drivers/scanner/scan.js';

const ctx = { logger: silentLogger(), now: () => new Date('2026-01-01T00:00:00Z') };
const cfg = (c: Partial<DeviceConfig> & Pick<DeviceConfig, 'kind' | 'transport'>): DeviceConfig => ({
  id: 'dev',
  enabled: true,
  options: {},
  ...c,
});

describe('receipt-printer factory', () => {
  it('builds an emulated printer that prints through the driver', async () => {
    const built = createReceiptPrinterDevice(
      cfg({ kind: 'receipt-printer', transport: { type: 'emulated', scenario: 'near-end' }, options: { pollMs: 0 } }),
      ctx,
    );
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    const driver = receiptPrinterDriverOf(built.value.driver);
    const emulator = receiptPrinterEmulatorOf(built.value.emulator);
    expect(driver && emulator).toBeTruthy();
    if (!driver || !emulator) return;
    await emulator.start();
    await built.value.device.start();
    expect(built.value.device.health()).toEqual({ state: 'degraded', code: 'paper-near-end' });
    const r = await driver.print(new ReceiptBuilder().line('回执').cut());
    expect(r.ok).toBe(true);
    const first = emulator.receipts[0]?.items[0];
    expect(first?.kind === 'text' && lineText(first)).toBe('回执');
    expect(emulator.setScenario('bogus').ok).toBe(false);
    await built.value.device.stop();
    await emulator.stop();
  });

  it('rejects bad options, unknown scenarios and wrong transports as values', () => {
    const bad = createReceiptPrinterDevice(
      cfg({ kind: 'receipt-printer', transport: { type: 'emulated' }, options: { pollMs: -1 } }),
      ctx,
    );
    expect(!bad.ok && bad.error.code).toBe('bad-options');
    const scen = createReceiptPrinterDevice(
      cfg({ kind: 'receipt-printer', transport: { type: 'emulated', scenario: 'x' } }),
      ctx,
    );
    expect(!scen.ok && scen.error.code).toBe('bad-options');
    const hid = createReceiptPrinterDevice(
      cfg({ kind: 'receipt-printer', transport: { type: 'hid', vendorId: 1, productId: 2 } }),
      ctx,
    );
    expect(!hid.ok && hid.error.code).toBe('unsupported-transport');
  });

  it('recognises USB printer-class device nodes', () => {
    expect(isUsbLpPath('/dev/usb/lp0')).toBe(true);
    expect(isUsbLpPath('/dev/lp1')).toBe(true);
    expect(isUsbLpPath('/dev/ttyUSB0')).toBe(false);
  });
});

describe('a4-printer factory', () => {
  it('builds an emulated A4 printer writing into the given folder', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'yimen-a4f-'));
    try {
      const built = createA4PrinterDevice(
        cfg({ kind: 'a4-printer', transport: { type: 'emulated' }, options: { folder, pollMs: 0 } }),
        ctx,
      );
      expect(built.ok).toBe(true);
      if (!built.ok) return;
      const driver = a4PrinterDriverOf(built.value.driver);
      const emu = a4PrinterEmulatorOf(built.value.emulator);
      await built.value.device.start();
      expect(built.value.device.health()).toEqual({ state: 'ok', code: null });
      const r = await driver?.print({ title: '测试' }, { wait: true });
      expect(r?.ok).toBe(true);
      expect(emu?.jobs[0]?.file.startsWith(folder)).toBe(true);
      expect(emu?.setScenario('paper-out').ok).toBe(true);
      await driver?.refresh();
      expect(built.value.device.health()).toEqual({ state: 'offline', code: 'paper-out' });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('uses CUPS for a spooler transport and refuses serial', () => {
    expect(createA4PrinterDevice(cfg({ kind: 'a4-printer', transport: { type: 'spooler', printer: 'hall-a4' } }), ctx).ok).toBe(
      true,
    );
    const bad = createA4PrinterDevice(cfg({ kind: 'a4-printer', transport: { type: 'serial', path: '/dev/ttyS0' } }), ctx);
    expect(!bad.ok && bad.error.code).toBe('unsupported-transport');
  });
});

describe('scanner factory', () => {
  it('builds an emulated scanner whose scans reach the driver', async () => {
    const built = createScannerDevice(cfg({ kind: 'scanner', transport: { type: 'emulated' } }), ctx);
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    const driver = scannerDriverOf(built.value.driver);
    const emu = scannerEmulatorOf(built.value.emulator);
    await emu?.start();
    await built.value.device.start();
    const scan = new Promise<ScanEvent>((resolve) => driver?.onScan(resolve));
    await emu?.scan('PICKUP-0042');
    expect(await scan).toEqual({ text: 'PICKUP-0042' });
    await built.value.device.stop();
    await emu?.stop();
  });

  it('builds a HID-POS scanner for a hid transport', () => {
    const built = createScannerDevice(
      cfg({ kind: 'scanner', transport: { type: 'hid', vendorId: 0x0c2e, productId: 0x0b8f } }),
      ctx,
    );
    expect(built.ok && scannerDriverOf(built.value.driver) !== null).toBe(true);
  });
});
