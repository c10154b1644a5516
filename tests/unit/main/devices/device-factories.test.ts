/** The device-manager factories for the receipt printer, A4 printer and scanner kinds. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DeviceConfig } from '../../../../config/schema.js';
import { lineText } from '../../../../drivers/printer/receipt/escpos-parser.js';
import { ReceiptBuilder } from '../../../../drivers/printer/receipt/receipt-builder.js';
import { createA4PrinterDevice } from '../../../../main/devices/a4-printer-device.js';
import { createReceiptPrinterDevice, isUsbLpPath } from '../../../../main/devices/receipt-printer-device.js';
import { createScannerDevice } from '../../../../main/devices/scanner-device.js';
import { silentLogger } from '../../../../main/base/log/logger.js';
import type { ScanEvent } from '../../../../drivers/scanner/scan.js';
import { HidPosScanner } from '../../../../drivers/scanner/hid-scanner-driver.js';

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
    const { driver, emulator } = built.value;
    expect(emulator).toBeTruthy();
    if (!emulator) return;
    await emulator.start();
    await driver.start();
    expect(driver.health()).toEqual({ state: 'degraded', code: 'paper-near-end' });
    expect(await driver.selfTest()).toEqual({ ok: true, detail: 'paper near-end' });
    expect(await driver.cancel()).toEqual({ ok: true, value: { cancelled: 0 } });
    const r = await driver.print(new ReceiptBuilder().line('回执').cut());
    expect(r.ok).toBe(true);
    const first = emulator.receipts[0]?.items[0];
    expect(first?.kind === 'text' && lineText(first)).toBe('回执');
    expect(emulator.setScenario('bogus').ok).toBe(false);
    await driver.stop();
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
      const { driver, emulator: emu } = built.value;
      await driver.start();
      expect(driver.health()).toEqual({ state: 'ok', code: null });
      const r = await driver.print({ title: '测试' }, { wait: true });
      expect(r.ok).toBe(true);
      expect(emu?.jobs[0]?.file.startsWith(folder)).toBe(true);
      expect(emu?.setScenario('paper-out').ok).toBe(true);
      await driver.refresh();
      expect(driver.health()).toEqual({ state: 'offline', code: 'paper-out' });
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
    const { driver, emulator: emu } = built.value;
    await emu?.start();
    await driver.start();
    const scan = new Promise<ScanEvent>((resolve) => driver.onScan(resolve));
    await emu?.scan('PICKUP-0042');
    expect(await scan).toEqual({ text: 'PICKUP-0042' });
    expect(await driver.selfTest()).toEqual({ ok: true, detail: 'ok' });
    await driver.stop();
    await emu?.stop();
  });

  it('builds a HID-POS scanner for a hid transport', () => {
    const built = createScannerDevice(
      cfg({ kind: 'scanner', transport: { type: 'hid', vendorId: 0x0c2e, productId: 0x0b8f } }),
      ctx,
    );
    expect(built.ok && built.value.driver instanceof HidPosScanner).toBe(true);
  });
});
