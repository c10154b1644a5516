/**
 * A kiosk for maintenance tests: the real core on emulated devices (receipt printer, A4
 * printer, a 4 × 24 locker cabinet, ID-card reader), the data services in a temp dir, and the
 * reference back office in-process. Doors do not close by themselves: tests close them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimulatedClock } from 'xstate';
import { startBackoffice, type RunningBackoffice } from '../../../../../backoffice/server.js';
import { KioskCore } from '../../../../../main/core/kiosk-core.js';
import { deviceFactories } from '../../../../../main/devices/registry.js';
import type { DeviceFactories } from '../../../../../main/devices/types.js';
import { silentLogger } from '../../../../../main/base/log/logger.js';
import { openDataServices, type DataServices } from '../../../../../main/data/data-services.js';
import { LockerDriver } from '../../../../../drivers/locker/locker-driver.js';
import type { LockerEmulator } from '../../../../../drivers/locker/locker-emulator.js';
import { LockerEmulatorHost } from '../../../../../drivers/locker/locker-emulator-host.js';
import { CABINET_8A } from '../../../../../drivers/locker/locker-scenarios.js';
import { A4PrinterDriver } from '../../../../../drivers/printer/a4/a4-printer-driver.js';
import { A4PrinterEmulator } from '../../../../../drivers/printer/a4/a4-printer-emulator.js';
import { ReceiptPrinterDriver } from '../../../../../drivers/printer/receipt/receipt-printer-driver.js';
import { ReceiptPrinterEmulator } from '../../../../../drivers/printer/receipt/receipt-printer-emulator.js';
import { ok } from '../../../../../common/result.js';
import { createMemoryPair } from '../../../../../drivers/transport/memory-transport.js';
import { testConfig } from '../../../../helpers/core.js';

export interface Emulators {
  receipt: ReceiptPrinterEmulator | null;
  a4: A4PrinterEmulator | null;
  locker: LockerEmulator | null;
}

/** Factories for the kinds the test drives; the ID-card reader comes from the registry. */
export function emulatedFactories(
  dir: string,
  em: Emulators,
): Pick<Required<DeviceFactories>, 'receipt-printer' | 'a4-printer' | 'locker'> {
  return {
    'receipt-printer': () => {
      const pair = createMemoryPair({ names: ['receipt:driver', 'receipt:printer'] });
      const emulator = new ReceiptPrinterEmulator(pair.b);
      em.receipt = emulator;
      const driver = new ReceiptPrinterDriver({ transport: pair.a, pollMs: 200 });
      return ok({ driver, emulator });
    },
    'a4-printer': () => {
      const emulator = new A4PrinterEmulator({ folder: join(dir, 'a4'), holdJobs: true });
      em.a4 = emulator;
      const driver = new A4PrinterDriver({ backend: emulator, pollMs: 0 });
      return ok({ driver, emulator });
    },
    locker: () => {
      const pair = createMemoryPair({ names: ['locker:driver', 'locker:boards'] });
      // The default 8A cabinet (4 × 24), but nobody closes a door: the tests do.
      const emulator = new LockerEmulatorHost(pair.b, 'default', { protocol: '8a' });
      emulator.emulator.setAutoClose(null);
      em.locker = emulator.emulator;
      const driver = new LockerDriver(pair.a, {
        protocol: '8a',
        boards: CABINET_8A.map((b) => ({ address: b.address, locks: b.locks, polarity: 'locked-shorted' as const })),
        pollIntervalMs: 100,
        leftOpenAfterMs: 600_000,
      });
      return ok({ driver, emulator });
    },
  };
}

export interface MaintenanceKiosk {
  core: KioskCore;
  clock: SimulatedClock;
  data: DataServices;
  bo: RunningBackoffice;
  em: Emulators;
  dir: string;
  close(): Promise<void>;
}

export async function startMaintenanceKiosk(over: Record<string, unknown> = {}): Promise<MaintenanceKiosk> {
  const dir = mkdtempSync(join(tmpdir(), 'yimen-maint-'));
  const bo = await startBackoffice({ dataDir: null, port: 0 });
  const config = testConfig({
    backoffice: { url: bo.url, timeoutMs: 3000 },
    devices: [
      { id: 'idcard', kind: 'idcard', transport: { type: 'emulated' } },
      { id: 'receipt', kind: 'receipt-printer', transport: { type: 'emulated' } },
      { id: 'a4', kind: 'a4-printer', transport: { type: 'emulated' } },
      { id: 'locker', kind: 'locker', transport: { type: 'emulated' } },
    ],
    ...over,
  });
  const clock = new SimulatedClock();
  clock.set(Date.now());
  const em: Emulators = { receipt: null, a4: null, locker: null };
  const log = silentLogger();
  const opened = openDataServices({ dataDir: dir, config, log });
  if (!opened.ok) throw new Error(opened.error.message);
  const data = opened.value;
  const core = new KioskCore({
    config,
    dataDir: dir,
    logger: log,
    shell: 'browser',
    clock,
    data,
    deviceFactories: { ...deviceFactories, ...emulatedFactories(dir, em) },
  });
  await core.devices.start();
  return {
    core,
    clock,
    data,
    bo,
    em,
    dir,
    close: async () => {
      core.close();
      await core.devicesStopped;
      await data.close();
      await bo.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Submits an application through the back-office client (as the citizen journey would). */
export async function submitApplication(k: MaintenanceKiosk, phone = '13800138000'): Promise<string> {
  const r = await k.data.client.call('submitApplication', {
    body: {
      terminalId: k.core.config.terminal.id,
      matterCode: 'demo-matter',
      applicant: { idType: 'resident', idNumber: '110101199003070019', name: '测试', phone },
      form: {},
      submittedAt: new Date().toISOString(),
    },
    idempotencyKey: `t-${Math.random()}`,
  });
  if (!r.ok) throw new Error(r.error.message);
  return r.value.applicationId;
}
