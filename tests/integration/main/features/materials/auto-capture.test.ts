/**
 * Auto-capture through the whole core (#16, `materials.autoCaptureMs`): the emulated document
 * camera lays the sample sheets on the stage one after the other (each lies still ~2 s, then the
 * next replaces it, as a citizen turning pages); with no tap at all, each sheet is taken once —
 * never the same sheet twice in a row.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionView } from '../../../../../main/base/api/contract.js';
import { startKioskStack, type KioskStack } from '../../../../helpers/stack.js';
import { sessionDriver } from '../../../../helpers/waits.js';

let stack: KioskStack;
const { until, call } = sessionDriver(() => stack.kiosk.core);

beforeAll(async () => {
  stack = await startKioskStack({ config: { materials: { autoCaptureMs: 500 } } });
}, 60_000);

afterAll(async () => {
  await stack.close();
});

function thumbs(v: SessionView): string[] {
  const m = v.form?.materials['property-deed'];
  return m?.how === 'scan' ? m.pages.map((p) => p.thumb) : [];
}

describe('auto-capture on the scan step', () => {
  it('takes each sheet that lies still, once, without a tap; the screen says so', async () => {
    await call('session.start');
    await call('journey.choose', { purpose: 'apply', matterId: 'household-move-in' });
    stack.kiosk.core.devices.emulator('idcard')?.placeCard('resident');
    await until((v) => v.step === 'apply.form', 'the form');
    await call('journey.materialScan', { materialId: 'property-deed' });
    const ready = await until((v) => v.step === 'apply.scan.ready', 'the scan step');
    expect(ready.scan).toEqual({ materialId: 'property-deed', auto: true });
    const three = await until(
      (v) => thumbs(v).length >= 3 && v.step === 'apply.scan.ready',
      'three sheets taken on their own',
      60_000,
    );
    expect(three.notice).toBeNull();
    const taken = thumbs(three);
    // Each taken page is another sheet than the one before it: a sheet lying there is taken once.
    for (let i = 1; i < taken.length; i++) expect(taken[i]).not.toBe(taken[i - 1]);
    await call('journey.scanDone');
    const form = await until((v) => v.step === 'apply.form', 'back on the form');
    expect(form.form?.missingMaterials).toEqual([]);
    await call('session.end');
  });
});
