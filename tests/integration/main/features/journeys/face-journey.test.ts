/**
 * 人证核验 in the citizen journey, through the whole core: the reference back office (its demo
 * register photos), the emulated face camera playing each scenario (tests/fixtures/camera), the
 * real face engine in its worker thread, the session machine and the store. An instant certificate
 * is reached only after a match; every refusal offers staff; nothing of the face is kept.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SessionView } from '../../../../../main/base/api/contract.js';
import type { CameraScenario } from '../../../../../drivers/camera/camera-emulator.js';
import { startKioskStack, type KioskStack } from '../../../../helpers/stack.js';
import { sessionDriver } from '../../../../helpers/waits.js';

let stack: KioskStack;
const audited: { type: string; detail: Record<string, unknown> }[] = [];
const LI_ID = '440604198506151233';

const { until, call } = sessionDriver(() => stack.kiosk.core);

const camera = () => {
  const c = stack.kiosk.core.devices.emulator('camera');
  if (!c) throw new Error('no emulated camera');
  return c;
};

/** A new session for the instant household certificate, the card read: on the face-check consent. */
async function toFaceConsent(card = 'resident'): Promise<SessionView> {
  await call('session.start');
  await call('journey.choose', { purpose: 'apply', matterId: 'household-certificate' });
  stack.kiosk.core.devices.emulator('idcard')?.placeCard(card);
  return until((v) => v.step === 'face.consent', 'the face-check consent');
}

async function attempt(scenario: CameraScenario): Promise<SessionView> {
  camera().setScenario(scenario);
  await call('journey.faceAgree');
  return until((v) => v.step !== 'face.checking', `the check of ${scenario}`);
}

beforeAll(async () => {
  stack = await startKioskStack({
    config: { logging: { level: 'debug' }, identity: { faceCheck: { positionMs: 1500 } } },
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
  camera().setScenario('real-face');
  await call('session.end');
});

describe('the face check in the journey (default config: required for instant matters)', () => {
  it('card → consent → match → the form, identity marked face-checked; audited with code and band only', async () => {
    const consent = await toFaceConsent();
    expect(consent.face?.attemptsLeft).toBe(3);
    expect(consent.face?.handler['zh-CN']).toBeTruthy();
    const next = await attempt('real-face');
    expect(next.step, JSON.stringify(next.notice)).toBe('apply.form');
    expect(next.identity).toMatchObject({ method: 'idcard', faceChecked: true });
    const entries = audited.filter((e) => e.type === 'identify.face');
    expect(entries.at(-1)?.detail).toMatchObject({ outcome: 'match', band: 'high' });
    expect(entries.at(-1)?.detail.reference).toBe('register'); // no WLT decoder in the default config
    expect(Object.keys(entries.at(-1)?.detail ?? {}).sort()).toEqual(['band', 'outcome', 'reference', 'sessionId']);
  });

  it('a found card: someone else at the camera is refused (陈样本’s card, person a’s face), staff offered', async () => {
    await toFaceConsent('resident-long-term');
    const v = await attempt('real-face');
    expect(v.step).toBe('face.retry');
    expect(v.notice?.code).toBe('face-no-match');
    expect(v.face?.attemptsLeft).toBe(2);
  });

  it('a printed photo held up is refused', async () => {
    await toFaceConsent();
    const v = await attempt('printed-photo');
    expect(v.step).toBe('face.retry');
    // On these fixtures the printed photo fails on similarity; liveness alone lets it through (docs/identity.md).
    expect(['face-no-match', 'face-liveness-failed']).toContain(v.notice?.code);
  });

  it('a phone-screen replay is refused by liveness (one of the burst frames fails it)', async () => {
    await toFaceConsent();
    const v = await attempt('screen-replay');
    expect(v.step).toBe('face.retry');
    expect(v.notice?.code).toBe('face-liveness-failed');
  });

  it('no face, and two faces: said as such, not counted as attempts', async () => {
    await toFaceConsent();
    let v = await attempt('no-face');
    expect([v.step, v.notice?.code]).toEqual(['face.retry', 'face-no-face']);
    expect(v.face?.attemptsLeft).toBe(3);
    camera().setScenario('two-faces');
    await call('journey.faceRetry');
    v = await until((x) => x.step !== 'face.checking', 'two faces');
    expect([v.step, v.notice?.code]).toEqual(['face.retry', 'face-several-faces']);
    expect(v.face?.attemptsLeft).toBe(3);
  });

  it('after three refused attempts only staff are offered: main refuses another try', async () => {
    await toFaceConsent();
    let v = await attempt('printed-photo');
    for (let i = 0; i < 2; i++) {
      await call('journey.faceRetry');
      v = await until((x) => x.step !== 'face.checking', 'a retry');
    }
    expect(v.face?.attemptsLeft).toBe(0);
    v = await call('journey.faceRetry');
    expect(v.step).toBe('face.retry');
    v = await call('journey.askStaff');
    expect(v.step).toMatch(/^assist\./);
    expect(v.identity).toBeNull();
  });

  it('the camera pulled out mid-check: a clear notice, staff offered, no pass', async () => {
    await toFaceConsent();
    camera().setScenario('no-face');
    // The camera is capturing once its preview reaches the renderer's channel: pull it out then.
    const previewing = new Promise<void>((resolve) => {
      const off = stack.kiosk.core.bus.on('camera.preview', (p) => {
        if (p.frame === null) return;
        off();
        resolve();
      });
    });
    await call('journey.faceAgree');
    await previewing;
    camera().unplug();
    const v = await until((x) => x.step !== 'face.checking', 'the unplug');
    expect(v.step).toBe('face.unavailable');
    expect(v.notice?.code).toBe('face-camera-unplugged');
    expect(v.identity?.faceChecked ?? false).toBe(false);
  });

  it('the register down (mode a): no check possible → staff, never a silent pass', async () => {
    await toFaceConsent();
    stack.bo.faults.set({ fail500: 50 });
    const v = await attempt('real-face');
    stack.bo.faults.clear();
    expect(v.step).toBe('face.unavailable');
    expect(v.notice?.code).toBe('face-reference-unavailable');
  });

  it('a non-instant matter needs no face check', async () => {
    await call('session.start');
    await call('journey.choose', { purpose: 'apply', matterId: 'senior-card' });
    stack.kiosk.core.devices.emulator('idcard')?.placeCard('resident');
    const v = await until((x) => x.step === 'apply.form', 'the form without a face check');
    expect(v.identity?.faceChecked).toBe(false);
  });

  it('staff-assisted: the typed identity goes straight on, or, when staff tick the face check, through it against the register photo', async () => {
    const staffEntry = async (): Promise<SessionView> => {
      await call('session.start');
      await call('journey.choose', { purpose: 'apply', matterId: 'household-certificate' });
      await call('journey.askStaff');
      await call('journey.staffVerify', { card: 'STAFF-0001', pin: '246810' });
      return until((v) => v.step === 'assist.entry', 'staff in');
    };
    const entry = { name: '李示范', idNumber: LI_ID, document: 'household-register' };
    // Without the face check: the register confirmed the pair, on to the form.
    expect((await staffEntry()).assistStaff?.faceCheck).toBe(true); // a face camera is configured
    await call('journey.staffIdentify', entry);
    const plain = await until((v) => v.step === 'apply.form', 'the form');
    expect(plain.identity).toMatchObject({ method: 'staff', faceChecked: false });
    await call('session.end');
    // With it: its consent, then the check against the register photo of the typed person.
    await staffEntry();
    await call('journey.staffIdentify', { ...entry, faceCheck: true });
    await until((v) => v.step === 'face.consent', 'the face-check consent');
    const v = await attempt('real-face');
    expect(v.step, JSON.stringify(v.notice)).toBe('apply.form');
    expect(v.identity).toMatchObject({ method: 'staff', faceChecked: true });
    expect(audited.filter((e) => e.type === 'identify.face').at(-1)?.detail).toMatchObject({
      outcome: 'match',
      reference: 'register',
    });
  });

  it('privacy: nothing under the data dir and no log line holds the photo, frames, templates or scores', () => {
    const photo = readFileSync(join('backoffice', 'demo-photos', `${LI_ID}.jpg`));
    const needles = [
      photo.subarray(200, 232).toString('base64').slice(0, 24),
      Buffer.from(photo.subarray(200, 232)).toString('hex').slice(0, 32),
    ];
    const frame = readFileSync(join('tests', 'fixtures', 'camera', 'real-face', '01.jpg'));
    needles.push(frame.subarray(400, 432).toString('base64').slice(0, 24));
    const files: string[] = [];
    const walk = (d: string): void => {
      for (const f of readdirSync(d)) {
        const p = join(d, f);
        if (statSync(p).isDirectory()) walk(p);
        else files.push(p);
      }
    };
    walk(stack.dataDir);
    const jpegSoi = Buffer.from([0xff, 0xd8, 0xff]);
    for (const f of files) {
      const bytes = readFileSync(f);
      expect(bytes.includes(photo.subarray(100, 164)), f).toBe(false);
      expect(bytes.includes(frame.subarray(100, 164)), f).toBe(false);
      if (!f.endsWith('.db') && !f.endsWith('-wal')) expect(bytes.includes(jpegSoi), f).toBe(false);
      const text = bytes.toString('latin1');
      for (const n of needles) expect(text.includes(n), f).toBe(false);
      // Scores are never logged or audited: only the band.
      expect(/"(similarity|antispoof|liveness)"\s*:\s*0\.\d/.test(text), f).toBe(false);
      expect(/"(descriptor|embedding|template)"/.test(text), f).toBe(false);
    }
  });
});
