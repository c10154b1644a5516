import { describe, expect, it } from 'vitest';
import { KioskConfig } from '../../../../config/schema.js';
import { defaults } from '../../../../config/defaults.js';
import type { DeviceHealth } from '../../../../main/base/api/contract.js';
import { KioskCore } from '../../../../main/core/kiosk-core.js';
import { silentLogger } from '../../../../main/base/log/logger.js';

/**
 * The idcard's health once it matches: now, if it already does, else at the first `device.health`
 * event for the idcard that does. The check and the subscription run in one synchronous step, so
 * no event falls between them.
 */
function idcardHealth(core: KioskCore, pred: (h: DeviceHealth) => boolean): Promise<DeviceHealth> {
  const now = core.devices.health().find((h) => h.id === 'idcard');
  if (now && pred(now)) return Promise.resolve(now);
  return new Promise((resolve) => {
    const off = core.bus.on('device.health', (h) => {
      if (h.id === 'idcard' && pred(h)) {
        off();
        resolve(h);
      }
    });
  });
}

describe('KioskCore and the device manager', () => {
  it('starts the devices, answers devices.health and pushes device.health events', async () => {
    const config = KioskConfig.parse({
      ...defaults,
      devices: [
        { id: 'idcard', kind: 'idcard', transport: { type: 'emulated' }, options: { pollMs: 50 } },
        { id: 'locker', kind: 'locker', transport: { type: 'emulated' } },
      ],
    });
    const core = new KioskCore({ config, dataDir: '/tmp', logger: silentLogger(), shell: 'browser' });
    const events: DeviceHealth[] = [];
    core.bus.on('device.health', (h) => events.push(h));
    await idcardHealth(core, (h) => h.state === 'ok');
    const r = await core.dispatch('devices.health', {}, { shell: 'browser' });
    expect(r.ok).toBe(true);
    const list = r.ok ? (r.value as DeviceHealth[]) : [];
    expect(list.find((h) => h.id === 'idcard')).toMatchObject({ kind: 'idcard', state: 'ok', emulated: true });
    expect(list.find((h) => h.id === 'locker')?.kind).toBe('locker');
    expect(events.find((h) => h.id === 'idcard')?.state).toBe('ok');

    core.devices.emulator('idcard')?.setScenario('no-answer');
    expect((await idcardHealth(core, (h) => h.state === 'offline')).code).toBe('no-answer');
    core.close();
    await core.devicesStopped;
  });
});
