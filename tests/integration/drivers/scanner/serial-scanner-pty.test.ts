/** A USB-serial (CDC) scanner over a socat pty pair: the driver ⇄ the emulator "scanning". */
import { afterEach, describe, expect, it } from 'vitest';
import type { ScanEvent } from '../../../../drivers/scanner/scan.js';
import { SerialScannerDriver, SerialScannerEmulator } from '../../../../drivers/scanner/serial-scanner.js';
import { SerialTransport } from '../../../../drivers/transport/serial-transport.js';
import { openPtyPair } from '../../../helpers/pty.js';

let cleanup: (() => Promise<void>)[] = [];
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

    await pty.unplug();
    await new Promise<void>((resolve) => {
      const off = driver.onHealth((h) => {
        if (h.state === 'offline') {
          off();
          resolve();
        }
      });
    });
    await pty.replug();
    await new Promise<void>((resolve) => {
      const check = (): void => {
        if (driver.health().state === 'ok' && emulator.transport.state === 'open') resolve();
        else setTimeout(check, 10);
      };
      check();
    });
    emulator.setScenario('normal');
    await emulator.scan('6901234567892', { aim: ']E0' });
    await waitScans(3);
    expect(scans[2]).toEqual({ text: '6901234567892', symbology: 'EAN13' });
  });
});
