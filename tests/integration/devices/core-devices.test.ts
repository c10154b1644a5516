import { describe, expect, it } from 'vitest';
import { KioskConfig } from '../../../config/schema.js';
import { defaults } from '../../../config/defaults.js';
import type { DeviceHealth } from '../../../main/api/contract.js';
import { KioskCore } from '../../../main/core/kiosk-core.js';
import { silentLogger } from '../../../main/log/logger.js';

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
    const okEvent = new Promise<void>((resolve) => core.bus.on('device.health', (h) => h.state === 'ok' && resolve()));
    await okEvent;
    const r = await core.dispatch('devices.health', {}, { shell: 'browser' });
    expect(r.ok).toBe(true);
    const list = r.ok ? (r.value as DeviceHealth[]) : [];
    expect(list.find((h) => h.id === 'idcard')).toMatchObject({ kind: 'idcard', state: 'ok', emulated: true });
    expect(list.find((h) => h.id === 'locker')?.kind).toBe('locker');
    expect(events.find((h) => h.id === 'idcard')?.state).toBe('ok');

    const offline = new Promise<DeviceHealth>((resolve) =>
      core.bus.on('device.health', (h) => h.id === 'idcard' && h.state === 'offline' && resolve(h)),
    );
    core.devices.emulator('idcard')?.setScenario('no-answer');
    expect((await offline).code).toBe('no-answer');
    core.close();
    await core.devicesStopped;
  });
});
