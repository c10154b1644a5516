/**
 * Receipt printer driver ⇄ emulator over a socat pty pair with the real serialport binding (and
 * the driver through `DeviceFileTransport`, as on a USB printer-class `/dev/usb/lp0`).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DeviceFileTransport } from '../../../../drivers/transport/device-file-transport.js';
import { lineText } from '../../../../drivers/printer/receipt/escpos-parser.js';
import { ReceiptBuilder } from '../../../../drivers/printer/receipt/receipt-builder.js';
import { ReceiptPrinterDriver } from '../../../../drivers/printer/receipt/receipt-printer-driver.js';
import { ReceiptPrinterEmulator, type PrinterScenario } from '../../../../drivers/printer/receipt/receipt-printer-emulator.js';
import { SerialTransport } from '../../../../drivers/transport/serial-transport.js';
import type { Transport } from '../../../../drivers/transport/transport.js';
import { openPtyPair, type PtyPair } from '../../../helpers/pty.js';
import { healthBecomes } from '../../../helpers/waits.js';

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => undefined);
  cleanup = [];
});

async function rig(
  scenario: PrinterScenario,
  opts: { links?: boolean; fileTransport?: boolean; pollMs?: number; statusTimeoutMs?: number } = {},
): Promise<{ pty: PtyPair; driver: ReceiptPrinterDriver; emulator: ReceiptPrinterEmulator }> {
  const pty = await openPtyPair({ links: opts.links ?? false });
  cleanup.push(() => pty.close());
  const backoffMs = [50, 100, 200];
  const emulator = new ReceiptPrinterEmulator(new SerialTransport({ path: pty.b, livenessMs: 50, backoffMs }), { scenario });
  await emulator.start();
  cleanup.push(() => emulator.stop());
  const transport: Transport = opts.fileTransport
    ? new DeviceFileTransport({ path: pty.a, backoffMs, readPollMs: 5 })
    : new SerialTransport({ path: pty.a, livenessMs: 50, backoffMs });
  // A real printer answers within milliseconds; this one is an emulator reached through socat on a
  // machine the rest of the suite keeps busy, so it gets 2 s unless a test wants silence reported quickly.
  const driver = new ReceiptPrinterDriver({ transport, pollMs: opts.pollMs ?? 0, statusTimeoutMs: opts.statusTimeoutMs ?? 2000 });
  await driver.start();
  cleanup.push(() => driver.stop());
  return { pty, driver, emulator };
}

function receipt(): ReceiptBuilder {
  return new ReceiptBuilder()
    .line('佛山市禅城区 24小时自助服务区', { align: 'center', bold: true, width: 2, height: 2 })
    .line('取件码：4711', { align: 'left', bold: false, width: 1, height: 1 })
    .qr('https://example.gov.cn/pickup/4711', { align: 'center' })
    .feed(3)
    .cut();
}

describe('receipt printer over a pty pair (serialport)', () => {
  it('prints a Chinese receipt with a QR code that the emulator decodes', async () => {
    const { driver, emulator } = await rig('ok');
    expect(driver.health()).toEqual({ state: 'ok', code: null });
    const printed = new Promise<void>((resolve) => emulator.onReceipt(() => resolve()));
    const r = await driver.print(receipt());
    expect(r.ok).toBe(true);
    await printed;
    const items = emulator.receipts[0]?.items ?? [];
    expect(items[0]?.kind === 'text' ? lineText(items[0]) : null).toBe('佛山市禅城区 24小时自助服务区');
    expect(items.find((i) => i.kind === 'qr')).toMatchObject({ data: 'https://example.gov.cn/pickup/4711' });
    expect(emulator.receipts[0]?.cut).toBe('partial');
  });

  it('degrades with paper near its end and still prints', async () => {
    const { driver } = await rig('near-end');
    expect(driver.health()).toEqual({ state: 'degraded', code: 'paper-near-end' });
    const r = await driver.print(receipt());
    expect(r.ok && r.value.after.paper).toBe('near-end');
  });

  it.each([
    ['paper-out', 'paper-out'],
    ['cover-open', 'cover-open'],
  ] as const)('refuses with %s and prints nothing', async (scenario, code) => {
    const { driver, emulator } = await rig(scenario);
    expect(driver.health()).toEqual({ state: 'offline', code });
    const r = await driver.print(receipt());
    expect(!r.ok && r.error.code).toBe(code);
    expect(emulator.receipts).toHaveLength(0);
    expect(emulator.bytesReceived).toBe(emulator.statusRequests * 3);
  });

  it('reads the status through a noisy line', async () => {
    const { driver, emulator } = await rig('noisy');
    emulator.setCondition({ coverOpen: true });
    const s = await driver.status();
    expect(s.ok && s.value.coverOpen).toBe(true);
  });

  it('no answer: offline with no-answer', async () => {
    const { driver } = await rig('no-answer', { statusTimeoutMs: 100 });
    expect(driver.health()).toEqual({ state: 'offline', code: 'no-answer' });
  });

  it('unplug → offline → replug → back to ok', async () => {
    const { pty, driver } = await rig('ok', { links: true, pollMs: 100 });
    expect(driver.health()).toEqual({ state: 'ok', code: null });
    await pty.unplug();
    const down = await healthBecomes(driver, (h) => h.state === 'offline');
    expect(['disconnected', 'no-answer']).toContain(down.code);
    await pty.replug();
    await healthBecomes(driver, (h) => h.state === 'ok');
    const r = await driver.print(receipt());
    expect(r.ok).toBe(true);
  });
});

describe('receipt printer through DeviceFileTransport (as /dev/usb/lp0)', () => {
  it('reads the status and prints through a device file', async () => {
    const { driver, emulator } = await rig('near-end', { fileTransport: true });
    expect(driver.health()).toEqual({ state: 'degraded', code: 'paper-near-end' });
    const printed = new Promise<void>((resolve) => emulator.onReceipt(() => resolve()));
    const r = await driver.print(receipt());
    expect(r.ok).toBe(true);
    await printed;
    expect(emulator.receipts).toHaveLength(1);
  });

  it('reports the loss when the device node goes away and recovers when it returns', async () => {
    const { pty, driver } = await rig('ok', { fileTransport: true, links: true, pollMs: 100 });
    await pty.unplug();
    await healthBecomes(driver, (h) => h.state === 'offline');
    await pty.replug();
    await healthBecomes(driver, (h) => h.state === 'ok');
  });
});
