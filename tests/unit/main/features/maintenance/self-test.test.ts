import { describe, expect, it } from 'vitest';
import { runSelfTest } from '../../../../../main/features/maintenance/self-test.js';
import { health, recorder, testConfig } from './fakes.js';

const devices = testConfig().devices;

describe('self-test', () => {
  it("runs each built device's self-test and reports ok when all pass", async () => {
    const rec = recorder();
    const out = await runSelfTest({
      devices,
      device: (id) => ({ selfTest: () => Promise.resolve({ ok: true, detail: `${id} answers` }) }),
      health: () => [],
      record: rec.record,
    });
    expect(out.map((l) => l.device)).toEqual(devices.filter((d) => d.enabled).map((d) => d.id));
    expect(out.every((l) => l.ok)).toBe(true);
    expect(rec.actions).toEqual(['self-test:ok']);
  });

  it('reports the health of a device not built, skips disabled ones, and names the faults', async () => {
    const rec = recorder();
    const config = devices.map((d) => (d.id === 'scanner' ? { ...d, enabled: false } : d));
    const out = await runSelfTest({
      devices: config,
      device: (id) =>
        id === 'receipt'
          ? { selfTest: () => Promise.resolve({ ok: false, detail: 'paper-out' }) }
          : id === 'locker' || id === 'a4'
            ? null
            : { selfTest: () => Promise.resolve({ ok: true, detail: 'ok' }) },
      health: () => [health('locker', 'offline', 'no-answer', 'locker')],
      record: rec.record,
    });
    expect(out).toEqual([
      { device: 'idcard', ok: true, detail: 'ok' },
      { device: 'receipt', ok: false, detail: 'paper-out' },
      { device: 'a4', ok: false, detail: 'not built' },
      { device: 'locker', ok: false, detail: 'offline no-answer' },
      { device: 'face-camera', ok: true, detail: 'ok' },
      { device: 'doc-camera', ok: true, detail: 'ok' },
    ]);
    expect(rec.actions).toEqual(['self-test:faults']);
    expect(rec.details).toEqual([{ failed: 'receipt,a4,locker' }]);
  });
});
