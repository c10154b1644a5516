import { afterEach, describe, expect, it, vi } from 'vitest';
import { DeviceConfig } from '../../../../config/schema.js';
import { err } from '../../../../common/result.js';
import type { DeviceHealth } from '../../../../main/base/api/contract.js';
import { DeviceManager } from '../../../../main/devices/manager.js';
import { deviceFactories } from '../../../../main/devices/registry.js';
import type { DeviceFactories } from '../../../../main/devices/types.js';
import { silentLogger } from '../../../../main/base/log/logger.js';

const cfg = (raw: unknown): DeviceConfig => DeviceConfig.parse(raw);
let managers: DeviceManager[] = [];
afterEach(async () => {
  for (const m of managers) await m.stop();
  managers = [];
});
function manager(devices: DeviceConfig[], factories: DeviceFactories = deviceFactories): DeviceManager {
  const m = new DeviceManager({ devices, logger: silentLogger(), factories });
  managers.push(m);
  return m;
}
function waitHealth(m: DeviceManager, id: string, pred: (h: DeviceHealth) => boolean): Promise<DeviceHealth> {
  const now = m.health().find((h) => h.id === id);
  if (now && pred(now)) return Promise.resolve(now);
  return new Promise((resolve) => {
    const off = m.onHealth((h) => {
      if (h.id === id && pred(h)) {
        off();
        resolve(h);
      }
    });
  });
}

describe('DeviceManager', () => {
  it('runs an emulated ID-card reader: health ok, emulator exposed, card read through the driver', async () => {
    const m = manager([cfg({ id: 'idcard', kind: 'idcard', transport: { type: 'emulated' }, options: { card: 'hkmotw' } })]);
    await m.start();
    expect(m.health()).toMatchObject([{ id: 'idcard', kind: 'idcard', state: 'ok', emulated: true, code: null }]);
    const emu = m.emulator('idcard');
    const driver = m.driver('idcard');
    expect(emu?.state().card).toBe('hkmotw');
    expect([...m.emulators().keys()]).toEqual(['idcard']);
    expect(m.emulators().get('idcard')?.kind).toBe('idcard');
    expect(m.device('idcard')).toBe(driver);
    expect(m.driver('locker')).toBeNull();
    expect(m.driver('idcard', 'no-such-id')).toBeNull();
    const read = await new Promise<string>((resolve) =>
      driver?.onCard((e) => e.type === 'card-read' && resolve(e.card.text.cardType)),
    );
    expect(read).toBe('hkmotw');
    expect(await m.device('idcard')?.selfTest()).toEqual({ ok: true, detail: 'ok' });
  });

  it('publishes health changes driven by the emulator scenario', async () => {
    const m = manager([cfg({ id: 'reader', kind: 'idcard', transport: { type: 'emulated' }, options: { pollMs: 50 } })]);
    await m.start();
    const seen: DeviceHealth[] = [];
    m.onHealth((h) => seen.push(h));
    m.emulator('idcard', 'reader')?.setScenario('no-answer');
    const off = await waitHealth(m, 'reader', (h) => h.state === 'offline');
    expect(off.code).toBe('no-answer');
    m.emulator('idcard', 'reader')?.setScenario('normal');
    await waitHealth(m, 'reader', (h) => h.state === 'ok');
    expect(seen.map((h) => h.state)).toEqual(['offline', 'ok']);
  });

  it('reports unknown/no-driver for kinds without a factory, and skips disabled devices', async () => {
    const m = manager(
      [
        cfg({ id: 'receipt', kind: 'receipt-printer', transport: { type: 'emulated' } }),
        cfg({ id: 'off', kind: 'idcard', enabled: false, transport: { type: 'emulated' } }),
      ],
      {},
    );
    await m.start();
    expect(m.health()).toMatchObject([{ id: 'receipt', state: 'unknown', code: 'no-driver', emulated: true }]);
  });

  it('reports a configuration the kind cannot use, without throwing', async () => {
    const m = manager([
      cfg({ id: 'a', kind: 'idcard', transport: { type: 'hid', vendorId: 1, productId: 2 } }),
      cfg({ id: 'b', kind: 'idcard', transport: { type: 'emulated', scenario: 'nope' } }),
      cfg({ id: 'c', kind: 'idcard', transport: { type: 'emulated' }, options: { pollMs: 'fast' } }),
    ]);
    await m.start();
    expect(m.health().map((h) => [h.id, h.state, h.code])).toEqual([
      ['a', 'offline', 'unsupported-transport'],
      ['b', 'offline', 'bad-options'],
      ['c', 'offline', 'bad-options'],
    ]);
  });

  it('reports a serial reader whose port is missing as offline, and keeps the process alive', async () => {
    const m = manager([cfg({ id: 'idcard', kind: 'idcard', transport: { type: 'serial', path: '/dev/yimen-no-such-port' } })]);
    await m.start();
    expect(m.health()[0]).toMatchObject({ state: 'offline', emulated: false });
    expect(['disconnected', 'port-unavailable']).toContain(m.health()[0]?.code);
  });

  it('contains factories and devices that throw or fail to start', async () => {
    const m = manager(
      [
        cfg({ id: 'x', kind: 'scanner', transport: { type: 'emulated' } }),
        cfg({ id: 'y', kind: 'locker', transport: { type: 'emulated' } }),
        cfg({ id: 'z', kind: 'a4-printer', transport: { type: 'emulated' } }),
      ],
      {
        scanner: () => {
          throw new Error('factory bug');
        },
        // A real locker whose driver fails to start.
        locker: (config, ctx) => {
          const built = deviceFactories.locker(config, ctx);
          if (built.ok) vi.spyOn(built.value.driver, 'start').mockRejectedValue(new Error('boom'));
          return built;
        },
        'a4-printer': () => err('bad-options', 'nope'),
      },
    );
    await m.start();
    expect(m.health().map((h) => [h.id, h.state, h.code])).toEqual([
      ['x', 'offline', 'factory-failed'],
      ['y', 'offline', 'start-failed'],
      ['z', 'offline', 'bad-options'],
    ]);
  });
});
