import { EventEmitter } from 'node:events';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { encodeHidPosReport } from '../../../../drivers/scanner/hid-pos.js';
import {
  HidPosScanner,
  type HidApi,
  type HidDeviceInfo,
  type HidHandle,
} from '../../../../drivers/scanner/hid-scanner-driver.js';
import type { ScanEvent } from '../../../../drivers/scanner/scan.js';
import { SerialScannerDriver } from '../../../../drivers/scanner/serial-scanner-driver.js';
import { SerialScannerEmulator } from '../../../../drivers/scanner/serial-scanner-emulator.js';
import { createMemoryPair } from '../../../../drivers/transport/memory-transport.js';

function nextScan(d: { onScan(l: (s: ScanEvent) => void): () => void }): Promise<ScanEvent> {
  return new Promise((resolve) => {
    const off = d.onScan((s) => {
      off();
      resolve(s);
    });
  });
}

describe('SerialScannerDriver ⇄ SerialScannerEmulator', () => {
  it('emits scans split over chunks, decodes AIM and GB18030, and drops repeats in the window', async () => {
    const pair = createMemoryPair();
    let clock = 0;
    const driver = new SerialScannerDriver({ transport: pair.a, dedupMs: 1000, now: () => clock });
    const emu = new SerialScannerEmulator(pair.b, { terminator: 'crlf', chunkBytes: 3 });
    await emu.start();
    await driver.start();
    expect(driver.health()).toEqual({ state: 'ok', code: null });
    const scans: ScanEvent[] = [];
    driver.onScan((s) => scans.push(s));

    let next = nextScan(driver);
    await emu.scan('https://example.gov.cn/pickup/8841', { aim: ']Q1' });
    expect(await next).toEqual({ text: 'https://example.gov.cn/pickup/8841', symbology: 'QR' });

    clock = 100;
    await emu.scan('https://example.gov.cn/pickup/8841', { aim: ']Q1' }); // held under the scanner: dropped
    clock = 200;
    next = nextScan(driver);
    await emu.scan(iconv.encode('取件码:4711', 'GB18030'));
    expect(await next).toEqual({ text: '取件码:4711' });
    expect(scans).toHaveLength(2);

    clock = 5000;
    next = nextScan(driver);
    await emu.scan('https://example.gov.cn/pickup/8841', { aim: ']Q1' });
    expect((await next).text).toBe('https://example.gov.cn/pickup/8841');
    expect(scans).toHaveLength(3);

    pair.unplug('a');
    expect(driver.health()).toEqual({ state: 'offline', code: 'disconnected' });
    pair.replug('a');
    expect(driver.health()).toEqual({ state: 'ok', code: null });
    await driver.stop();
    await emu.stop();
  });

  it('without a suffix, ends a code on silence', async () => {
    const pair = createMemoryPair();
    const driver = new SerialScannerDriver({ transport: pair.a, terminator: 'none', silenceMs: 20 });
    const emu = new SerialScannerEmulator(pair.b, { terminator: 'none' });
    await emu.start();
    await driver.start();
    const next = nextScan(driver);
    await emu.scan('6901234567892', { aim: ']E0' });
    expect(await next).toEqual({ text: '6901234567892', symbology: 'EAN13' });
    await driver.stop();
    await emu.stop();
  });
});

class FakeHandle extends EventEmitter implements HidHandle {
  closed = false;
  features: number[][] = [];
  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
  sendFeatureReport(data: number[]): Promise<number> {
    this.features.push(data);
    return Promise.resolve(data.length);
  }
}

describe('HidPosScanner glue (fake node-hid)', () => {
  it('opens the usage-page 0x8C interface, enables HID-POS, emits scans, and re-enumerates after an unplug', async () => {
    let devices: HidDeviceInfo[] = [
      { vendorId: 0x0c2e, productId: 0x0b8f, path: '/dev/hidraw0', usagePage: 0x01 },
      { vendorId: 0x0c2e, productId: 0x0b8f, path: '/dev/hidraw1', usagePage: 0x8c },
    ];
    const opened: string[] = [];
    const handles: FakeHandle[] = [];
    const api: HidApi = {
      devicesAsync: () => Promise.resolve(devices),
      open: (path) => {
        opened.push(path);
        const h = new FakeHandle();
        handles.push(h);
        return Promise.resolve(h);
      },
    };
    const scanner = new HidPosScanner({ api, enableReport: [0xfe, 0x01], rescanMs: 5, dedupMs: 0 });
    await scanner.start();
    expect(opened).toEqual(['/dev/hidraw1']);
    expect(handles[0]?.features).toEqual([[0xfe, 0x01]]);
    expect(scanner.health()).toEqual({ state: 'ok', code: null });

    const next = nextScan(scanner);
    handles[0]?.emit('data', Buffer.from(encodeHidPosReport(Buffer.from('PICKUP-0042'), { aim: ']C0' })));
    expect(await next).toEqual({ text: 'PICKUP-0042', symbology: 'CODE128' });

    devices = [];
    const back = new Promise<void>((resolve) => {
      const off = scanner.onHealth((h) => {
        if (h.state === 'ok') {
          off();
          resolve();
        }
      });
    });
    const offline = new Promise<void>((resolve) => {
      const off = scanner.onHealth((h) => {
        if (h.state === 'offline') {
          off();
          resolve();
        }
      });
    });
    handles[0]?.emit('error', new Error('could not read from HID device'));
    await offline;
    expect(handles[0]?.closed).toBe(true);
    expect(scanner.health().state).toBe('offline');
    devices = [{ vendorId: 0x0c2e, productId: 0x0b8f, path: '/dev/hidraw2', usagePage: 0x8c }];
    await back;
    expect(opened).toEqual(['/dev/hidraw1', '/dev/hidraw2']);
    await scanner.stop();
    expect(handles[1]?.closed).toBe(true);
  });

  it('reports not-found when no HID-POS interface exists', async () => {
    const api: HidApi = { devicesAsync: () => Promise.resolve([]), open: () => Promise.reject(new Error('no')) };
    const scanner = new HidPosScanner({ api, rescanMs: 60_000 });
    await scanner.start();
    expect(scanner.health()).toEqual({ state: 'offline', code: 'not-found' });
    await scanner.stop();
  });
});
