import { describe, expect, it } from 'vitest';
import { DeviceConfig } from '../../../../config/schema.js';
import type { Health } from '../../../../drivers/device.js';
import { cabinetFromOptions, createLockerDevice, LockerOptions } from '../../../../main/devices/locker-device.js';
import { deviceFactories } from '../../../../main/devices/registry.js';
import { silentLogger } from '../../../../main/base/log/logger.js';

const cfg = (raw: unknown): DeviceConfig => DeviceConfig.parse({ id: 'locker', kind: 'locker', ...(raw as object) });
const ctx = { logger: silentLogger(), now: () => new Date() };

describe('locker device factory: cabinet options', () => {
  it('is registered for the locker kind', () => {
    expect(deviceFactories.locker).toBe(createLockerDevice);
  });

  it('builds boards from a count, per-protocol defaults and per-board overrides', () => {
    const a = cabinetFromOptions(LockerOptions.parse({ boards: 4 }));
    expect(a.ok && a.value).toEqual({
      protocol: '8a',
      boards: [1, 2, 3, 4].map((address) => ({ address, locks: 24, polarity: 'locked-shorted' })),
    });
    const k = cabinetFromOptions(LockerOptions.parse({ protocol: 'kerong', boards: 2 }));
    expect(k.ok && k.value.boards).toEqual([
      { address: 0, locks: 16, polarity: 'unlocked-shorted' },
      { address: 1, locks: 16, polarity: 'unlocked-shorted' },
    ]);
    const mixed = cabinetFromOptions(
      LockerOptions.parse({
        boards: [
          { address: 1, locks: 8 },
          { address: 9, polarity: 'unlocked-shorted' },
        ],
        locksPerBoard: 12,
      }),
    );
    expect(mixed.ok && mixed.value.boards).toEqual([
      { address: 1, locks: 8, polarity: 'locked-shorted' },
      { address: 9, locks: 12, polarity: 'unlocked-shorted' },
    ]);
  });

  it('rejects bad options as values', () => {
    const bad = [
      { protocol: 'modbus' },
      { boards: 0 },
      { pollIntervalMs: 5 },
      { polarity: 'sideways' },
      { boards: [{ address: 1, colour: 'red' }] },
    ];
    for (const options of bad) {
      const r = createLockerDevice(cfg({ transport: { type: 'serial', path: '/dev/null' }, options }), ctx);
      expect(r).toMatchObject({ ok: false, error: { code: 'bad-options' } });
    }
    const twice = createLockerDevice(
      cfg({ transport: { type: 'serial', path: '/x' }, options: { boards: [{ address: 2 }, { address: 2 }] } }),
      ctx,
    );
    expect(twice).toMatchObject({ ok: false, error: { code: 'bad-options' } });
    const kerong16 = createLockerDevice(
      cfg({ transport: { type: 'serial', path: '/x' }, options: { protocol: 'kerong', locksPerBoard: 24 } }),
      ctx,
    );
    expect(kerong16).toMatchObject({ ok: false, error: { code: 'bad-options' } });
    expect(createLockerDevice(cfg({ transport: { type: 'hid', vendorId: 1, productId: 2 } }), ctx)).toMatchObject({
      ok: false,
      error: { code: 'unsupported-transport' },
    });
    expect(createLockerDevice(cfg({ transport: { type: 'emulated', scenario: 'nope' } }), ctx)).toMatchObject({
      ok: false,
      error: { code: 'bad-options' },
    });
  });
});

describe('locker device factory: emulated cabinet', () => {
  it('runs the driver against the scenario emulator at UART speed', async () => {
    const built = createLockerDevice(
      cfg({ transport: { type: 'emulated', scenario: 'jammed' }, options: { pollIntervalMs: 100 } }),
      ctx,
    );
    if (!built.ok) throw new Error(built.error.message);
    const { driver: locker, emulator: host } = built.value;
    if (!host) throw new Error('expected a locker emulator');
    await host.start();
    await locker.start();
    try {
      await new Promise<Health>((resolve) => {
        if (locker.health().state === 'ok') resolve(locker.health());
        locker.onHealth((h) => h.state === 'ok' && resolve(h));
      });
      expect(await locker.open(4, 24)).toMatchObject({ ok: true, value: { opened: true } });
      expect(host.emulator.door(4, 24)).toBe('open');
      expect(await locker.open(1, 3)).toMatchObject({ ok: true, value: { opened: false } });
      expect(locker.health()).toEqual({ state: 'degraded', code: 'door-jammed:1/3' });
      expect(await locker.selfTest()).toEqual({ ok: true, detail: '4 boards answer' });
      expect(host.setScenario('kerong')).toMatchObject({ ok: false, error: { code: 'unsupported-scenario' } });
      expect(host.setScenario('left-open')).toEqual({ ok: true, value: undefined });
      expect(host.state().openDoors).toEqual(['1/2']);
    } finally {
      await locker.stop();
      await host.stop();
    }
  });
});
