/**
 * The face check's reference in mode (b): the card chip's photo, decoded by the reader's WLT decoder
 * plugged in as a program (main/devices/wlt-command.ts). The vendor decoder is licensed and not
 * here; tests/helpers/fake-wlt-decoder.ts stands in for it (it knows the emulator's sample cards'
 * photo bytes and writes a BMP, as the vendors' decoders do). Through the whole core: the emulated
 * reader's bytes → the decoder program → the reference → the real engine against the emulated camera.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SessionView } from '../../../../../main/base/api/contract.js';
import { startKioskStack, type KioskStack } from '../../../../helpers/stack.js';
import { sessionDriver } from '../../../../helpers/waits.js';

let stack: KioskStack;
const audited: { type: string; detail: Record<string, unknown> }[] = [];

const { until, call } = sessionDriver(() => stack.kiosk.core);

async function faceCheck(card: string): Promise<SessionView> {
  await call('session.start');
  await call('journey.choose', { purpose: 'apply', matterId: 'household-certificate' });
  stack.kiosk.core.devices.emulator('idcard')?.placeCard(card);
  await until((v) => v.step === 'face.consent', 'the face-check consent');
  await call('journey.faceAgree');
  return until((v) => v.step !== 'face.consent' && v.step !== 'face.checking', 'the check');
}

beforeAll(async () => {
  stack = await startKioskStack({
    config: {
      devices: [
        {
          id: 'idcard',
          kind: 'idcard',
          transport: { type: 'emulated' },
          options: {
            photoDecoder: {
              command: process.execPath,
              // Only the Hong Kong permit's photo decodes (the camera's face); any other card's: exit 1.
              args: ['--import', 'tsx', 'tests/helpers/fake-wlt-decoder.ts', 'hkmotw=tests/fixtures/faces/a1.jpg'],
              timeoutMs: 10_000,
            },
          },
        },
        { id: 'a4', kind: 'a4-printer', transport: { type: 'emulated' } },
        { id: 'receipt', kind: 'receipt-printer', transport: { type: 'emulated' } },
        { id: 'face-camera', kind: 'camera', transport: { type: 'emulated' }, options: { role: 'face' } },
      ],
    },
  });
  stack.kiosk.data?.audit.onAppend((e) =>
    audited.push({ type: e.type, detail: JSON.parse(String(e.detail)) as Record<string, unknown> }),
  );
}, 60_000);

afterAll(async () => {
  await stack.close();
});

beforeEach(async () => {
  stack.kiosk.core.devices.emulator('idcard')?.removeCard();
  await call('session.end');
});

describe('face check against the chip photo (mode b, a WLT decoder configured)', () => {
  it('a card whose holder the register has no photo of is checked against its own chip photo, audited as such', async () => {
    // The register holds no one for the Hong Kong permit: without the chip photo this is face-reference-missing.
    const v = await faceCheck('hkmotw');
    expect(v.step, JSON.stringify(v.notice)).toBe('apply.form');
    expect(v.identity).toMatchObject({ method: 'idcard', faceChecked: true });
    expect(audited.filter((e) => e.type === 'identify.face').at(-1)?.detail).toMatchObject({
      outcome: 'match',
      reference: 'chip',
    });
  });

  it('when the decoder gives nothing for a card, the register photo is the reference (陈样本: not the face at the camera)', async () => {
    const v = await faceCheck('resident-long-term');
    expect(v.step).toBe('face.retry');
    expect(v.notice?.code).toBe('face-no-match');
    expect(audited.filter((e) => e.type === 'identify.face').at(-1)?.detail).toMatchObject({
      outcome: 'no-match',
      reference: 'register',
    });
  });
});
