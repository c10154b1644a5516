/** A USB-serial (CDC) scanner over a socat pty pair: the driver ⇄ the emulator "scanning". */
import { afterEach, describe, expect, it } from 'vitest';
import type { ScanEvent } from '../../../../drivers/scanner/scan.js';
import { SerialScannerDriver } from '../../../../drivers/scanner/serial-scanner-driver.js';
import { SerialScannerEmulator } from '../../../../drivers/scanner/serial-scanner-emulator.js';
import { SerialTransport } from '../../../../drivers/transport/serial-transport.js';
import type { Transport } from '../../../../drivers/transport/transport.js';
import { openPtyPair } from '../../../helpers/pty.js';
import { healthBecomes, isOffline, isOk } from '../../../helpers/waits.js';

let cleanup: (() => Promise<void>)[] = [];

function transportOpen(t: Transport): Promise<void> {
  if (t.state === 'open') return Promise.resolve();
  return new Promise((resolve) => {
    const off = t.onState((s) => {
      if (s === 'open') {
        off();
        resolve();
      }
    });
  });
}
afterEach(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => undefined);
  cleanup = [];
});

describe('serial scanner over a pty pair', () => {
  it('delivers scans, decodes AIM, drops repeats, and survives an unplug', async () => {
    const pty = await openPtyPair({ links: true });
    cleanup.push(() => pty.close());
    const backoffMs = [50, 100];
    const emulator = new SerialScannerEmulator(new SerialTransport({ path: pty.b, livenessMs: 50, backoffMs }), {
      terminator: 'cr',
    });
    await emulator.start();
    cleanup.push(() => emulator.stop());
    const driver = new SerialScannerDriver({
      transport: new SerialTransport({ path: pty.a, livenessMs: 50, backoffMs }),
      dedupMs: 60_000,
    });
    await driver.start();
    cleanup.push(() => driver.stop());
    const scans: ScanEvent[] = [];
    const waitScans = (n: number): Promise<void> =>
      new Promise((resolve) => {
        if (scans.length >= n) return resolve();
        const off = driver.onScan(() => {
          if (scans.length >= n) {
            off();
            resolve();
          }
        });
      });
    driver.onScan((s) => scans.push(s));

    emulator.setScenario('repeat');
    await emulator.scan('https://example.gov.cn/pickup/4711', { aim: ']Q1' });
    emulator.setScenario('trickle');
    await emulator.scan('取件码 0042');
    await waitScans(2);
    expect(scans).toEqual([{ text: 'https://example.gov.cn/pickup/4711', symbology: 'QR' }, { text: '取件码 0042' }]);

    // The driver may notice the unplug before unplug() returns: check first, then listen.
    await pty.unplug();
    await healthBecomes(driver, isOffline);
    await pty.replug();
    await healthBecomes(driver, isOk);
    await transportOpen(emulator.transport);
    emulator.setScenario('normal');
    await emulator.scan('6901234567892', { aim: ']E0' });
    await waitScans(3);
    expect(scans[2]).toEqual({ text: '6901234567892', symbology: 'EAN13' });
  });
});
