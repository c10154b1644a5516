import { afterEach, describe, expect, it } from 'vitest';
import type { Health } from '../../../../../drivers/device.js';
import { lineText } from '../../../../../drivers/printer/receipt/escpos-parser.js';
import { ReceiptBuilder } from '../../../../../drivers/printer/receipt/receipt-builder.js';
import { ReceiptPrinterDriver } from '../../../../../drivers/printer/receipt/receipt-printer-driver.js';
import { ReceiptPrinterEmulator, type PrinterScenario } from '../../../../../drivers/printer/receipt/receipt-printer-emulator.js';
import { createMemoryPair } from '../../../../../drivers/transport/memory-transport.js';

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function rig(scenario: PrinterScenario, opts: { linesUntilOut?: number; statusTimeoutMs?: number } = {}) {
  const pair = createMemoryPair();
  const emulator = new ReceiptPrinterEmulator(pair.b, {
    scenario,
    ...(opts.linesUntilOut ? { linesUntilOut: opts.linesUntilOut } : {}),
  });
  await emulator.start();
  const driver = new ReceiptPrinterDriver({ transport: pair.a, pollMs: 0, statusTimeoutMs: opts.statusTimeoutMs ?? 200 });
  const healths: Health[] = [];
  driver.onHealth((h) => healths.push(h));
  await driver.start();
  cleanup.push(async () => {
    await driver.stop();
    await emulator.stop();
  });
  return { pair, emulator, driver, healths };
}

function receipt(): ReceiptBuilder {
  return new ReceiptBuilder()
    .line('办事回执', { align: 'center', bold: true, width: 2, height: 2 })
    .line('事项：居住证签注', { align: 'left', bold: false, width: 1, height: 1 })
    .qr('https://example.gov.cn/r/42', { align: 'center' })
    .feed(2)
    .cut();
}

describe('ReceiptPrinterDriver ⇄ ReceiptPrinterEmulator (memory pair)', () => {
  it('reads an ok status and prints a receipt the emulator decodes', async () => {
    const { driver, emulator } = await rig('ok');
    expect(driver.health()).toEqual({ state: 'ok', code: null });
    const r = await driver.print(receipt());
    expect(r.ok).toBe(true);
    expect(emulator.receipts).toHaveLength(1);
    const items = emulator.receipts[0]?.items ?? [];
    expect(items[0]?.kind === 'text' && lineText(items[0])).toBe('办事回执');
    expect(items.find((i) => i.kind === 'qr')).toMatchObject({ data: 'https://example.gov.cn/r/42' });
  });

  it('is degraded with paper-near-end but still prints', async () => {
    const { driver, emulator } = await rig('near-end');
    expect(driver.health()).toEqual({ state: 'degraded', code: 'paper-near-end' });
    const r = await driver.print(receipt());
    expect(r.ok && r.value.after.paper).toBe('near-end');
    expect(emulator.receipts).toHaveLength(1);
  });

  it.each([
    ['paper-out', 'paper-out', 'paper-out'],
    ['cover-open', 'cover-open', 'cover-open'],
    ['cutter-error', 'printer-error', 'cutter-error'],
    ['overheat', 'printer-error', 'auto-recoverable-error'],
  ] as const)('refuses to print with %s', async (scenario, code, health) => {
    const { driver, emulator } = await rig(scenario);
    expect(driver.health()).toEqual({ state: 'offline', code: health });
    const r = await driver.print(receipt());
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe(code);
    expect(emulator.receipts).toHaveLength(0);
    expect(emulator.bytesReceived).toBe(emulator.statusRequests * 3); // only status queries (DLE EOT n)
    expect(emulator.statusRequests).toBe(8); // the start poll and the check before the job
  });

  it('reports no-answer and goes offline', async () => {
    const { driver } = await rig('no-answer', { statusTimeoutMs: 50 });
    const s = await driver.status();
    expect(s.ok).toBe(false);
    if (!s.ok) expect(s.error.code).toBe('no-answer');
    expect(driver.health()).toEqual({ state: 'offline', code: 'no-answer' });
    const p = await driver.print(receipt());
    expect(!p.ok && p.error.code).toBe('no-answer');
  });

  it('asks a question again when its answer is lost, and calls a silent printer silent after the second', async () => {
    const { pair, driver, emulator } = await rig('no-answer', { statusTimeoutMs: 50 });
    const before = emulator.statusRequests;
    const s = await driver.status();
    expect(!s.ok && s.error.code).toBe('no-answer');
    expect(emulator.statusRequests - before).toBe(2); // DLE EOT 1, asked twice, then given up

    // The first question is lost (the emulator ignores it), the second is answered.
    const off = pair.b.onData(() => {
      off();
      emulator.setScenario('ok');
    });
    const again = await driver.status();
    expect(again.ok && again.value.online).toBe(true);
    expect(driver.health()).toEqual({ state: 'ok', code: null });
  });

  it('reports garbage when only noise comes back', async () => {
    const { driver } = await rig('garbage', { statusTimeoutMs: 50 });
    const s = await driver.status();
    expect(!s.ok && s.error.code).toBe('garbage');
  });

  it('reads the right status through line noise', async () => {
    const { driver, emulator } = await rig('noisy');
    emulator.setCondition({ paper: 'near-end' });
    const s = await driver.status();
    expect(s.ok && s.value.paper).toBe('near-end');
    expect(s.ok && s.value.online).toBe(true);
  });

  it('reports a receipt interrupted by paper running out', async () => {
    const { driver, emulator } = await rig('runs-out', { linesUntilOut: 1 });
    const r = await driver.print(receipt());
    expect(!r.ok && r.error.code).toBe('interrupted');
    expect(emulator.getCondition().paper).toBe('out');
    expect(emulator.dropped).toBeGreaterThan(0);
    expect(driver.health()).toEqual({ state: 'offline', code: 'paper-out' });
  });

  it('recovers from paper out when the paper is replaced', async () => {
    const { driver, emulator } = await rig('paper-out');
    emulator.setScenario('ok');
    const s = await driver.status();
    expect(s.ok && s.value.paper).toBe('ok');
    expect(driver.health()).toEqual({ state: 'ok', code: null });
  });

  it('goes offline when unplugged and comes back on replug', async () => {
    const { driver, pair, healths } = await rig('ok');
    pair.unplug('a');
    expect(driver.health()).toEqual({ state: 'offline', code: 'disconnected' });
    const s = await driver.status();
    expect(!s.ok && s.error.code).toBe('not-open');
    pair.replug('a');
    await new Promise<void>((resolve) => {
      const off = driver.onHealth((h) => {
        if (h.state === 'ok') {
          off();
          resolve();
        }
      });
    });
    expect(healths.map((h) => h.code)).toEqual([null, 'disconnected', null]);
  });

  it('recover() sends DLE ENQ and clears a cutter jam', async () => {
    const { driver } = await rig('cutter-error');
    expect(driver.health().code).toBe('cutter-error');
    const r = await driver.recover();
    expect(r.ok).toBe(true);
    const s = await driver.status();
    expect(s.ok && s.value.error).toBeNull();
  });
});
