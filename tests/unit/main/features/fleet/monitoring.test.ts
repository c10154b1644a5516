import { describe, expect, it } from 'vitest';
import { ok } from '../../../../../common/result.js';
import { loadConfig } from '../../../../../config/load.js';
import { KioskCore } from '../../../../../main/core/kiosk-core.js';
import { silentLogger } from '../../../../../main/base/log/logger.js';
import { HeartbeatRequest } from '../../../../../main/data/backoffice-client/schemas.js';
import { startFleetMonitoring } from '../../../../../main/features/fleet/kiosk-fleet.js';
import type { UrgentEvent } from '../../../../../main/features/fleet/heartbeat.js';

describe('fleet monitoring wiring', () => {
  it('sends a contract-valid heartbeat with the outbox depth and turns a device fault into an urgent event', async () => {
    const loaded = loadConfig(undefined, { YIMEN_DATA_DIR: '/tmp/yimen-monitoring-test' });
    if (!loaded.ok) throw new Error(loaded.error.message);
    const core = new KioskCore({
      config: loaded.value.config,
      dataDir: loaded.value.dataDir,
      logger: silentLogger(),
      shell: 'browser',
      startDevices: false,
    });
    const beats: unknown[] = [];
    const urgent: UrgentEvent[] = [];
    const sender = startFleetMonitoring({
      core,
      config: loaded.value.config,
      log: silentLogger(),
      fleet: null,
      version: '0.1.0',
      intervalMs: 3_600_000,
      outbox: () => ({ queued: 4, rejected: 1 }),
      transport: {
        send: (hb) => {
          beats.push(hb);
          return Promise.resolve(ok(undefined));
        },
        sendUrgent: (ev) => {
          urgent.push(ev);
          return Promise.resolve(ok(undefined));
        },
      },
    });
    sender.stop();
    expect((await sender.beat()).ok).toBe(true);
    const hb = HeartbeatRequest.parse(beats.at(-1));
    expect(hb).toMatchObject({
      terminalId: loaded.value.config.terminal.id,
      outbox: { depth: 4, rejected: 1 },
      appliedConfigVersion: null,
    });
    core.emit('device.health', { id: 'idcard', kind: 'idcard', state: 'offline', emulated: true, code: 'no-answer', since: 0 });
    await new Promise((r) => setImmediate(r));
    expect(urgent.map((u) => u.kind)).toEqual(['reader-fault']);
    core.close();
  });
});
