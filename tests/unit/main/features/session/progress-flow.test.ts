/** The session machine's progress lookup (办件查询): card, scan, typed number, failures, collect, and the home-screen scan. */
import { describe, expect, it } from 'vitest';
import { SimulatedClock } from 'xstate';
import { Catalog } from '../../../../../config/catalog-schema.js';
import { demoCatalog } from '../../../../../config/demo-catalog.js';
import type { JourneyServices } from '../../../../../main/features/session/machine.js';
import { SessionService } from '../../../../../main/features/session/service.js';
import { fakeServices, settle, ZHANG } from '../../../../helpers/journey-fakes.js';

const timings = { idleMs: 60_000, warnMs: 30_000, elderIdleMultiplier: 2, endingMs: 8_000, doorLeftOpenMs: 45_000 };
const catalog = Catalog.parse(demoCatalog);
const card = { type: 'CARD_READ' as const, identity: ZHANG, expired: false, idNumberValid: true };
const LINK = 'https://bo.example.gov.cn/s/MO0001-261205-9F2C11AB.q3T0k8xW2v9bJc1mNn4LZA';

function setup(over: Partial<JourneyServices> = {}) {
  const clock = new SimulatedClock();
  clock.set(1_000_000);
  const f = fakeServices(over);
  const s = new SessionService({ timings, defaultLocale: 'zh-CN', catalog, clock, services: f.services });
  s.start();
  return { s, calls: f.calls };
}

describe('session machine: progress lookup', () => {
  it('by card: the person’s applications, then “collect now” goes straight to the pickups of the card holder', async () => {
    const { s, calls } = setup();
    s.send({ type: 'CHOOSE', purpose: 'progress' });
    expect(s.view()).toMatchObject({ step: 'progress.ask', purpose: 'progress', progress: null });
    s.send(card);
    expect(s.view()).toMatchObject({ step: 'progress.lookup', busy: true });
    await settle();
    expect(s.view()).toMatchObject({ step: 'progress.result', busy: false, progress: { by: 'card' } });
    expect(s.view().progress?.items[0]?.maskedName).toBe('张**');
    s.send({ type: 'PROGRESS_COLLECT' });
    await settle();
    expect(s.view()).toMatchObject({ step: 'collect.choose', purpose: 'collect', progress: null });
    expect(calls).toEqual(['lookupProgress:card', 'lookupPickups']);
  });

  it('by typed number: status only; back to ask another; without a card “collect now” asks who you are', async () => {
    const { s, calls } = setup();
    s.send({ type: 'CHOOSE', purpose: 'progress' });
    s.send({ type: 'PROGRESS_LOOKUP', text: 'MO0001-261205-9F2C11AB' });
    await settle();
    expect(s.view()).toMatchObject({ step: 'progress.result', progress: { by: 'number' } });
    expect(s.view().progress?.items[0]?.maskedName).toBeNull();
    s.send({ type: 'BACK' });
    expect(s.view()).toMatchObject({ step: 'progress.ask', progress: null });
    s.send({ type: 'QR_SCANNED', text: LINK });
    await settle();
    s.send({ type: 'PROGRESS_COLLECT' });
    expect(s.view()).toMatchObject({ phase: 'identifying', step: 'identify', purpose: 'collect', identity: null });
    expect(calls).toEqual(['lookupProgress:typed', 'lookupProgress:scan']);
  });

  it('a failed lookup is a notice with its code, back on the ask screen; an expired card is refused', async () => {
    const { s } = setup({
      lookupProgress: () => Promise.reject(Object.assign(new Error('no'), { code: 'progress-not-found' })),
    });
    s.send({ type: 'CHOOSE', purpose: 'progress' });
    s.send({ type: 'PROGRESS_LOOKUP', text: 'MO0001-261205-00000000' });
    await settle();
    expect(s.view()).toMatchObject({ step: 'progress.ask', notice: { code: 'progress-not-found' }, busy: false });
    s.send({ ...card, expired: true });
    expect(s.view()).toMatchObject({ step: 'progress.ask', notice: { code: 'card-expired' }, identity: null });
  });

  it('a receipt QR scanned on the home screen opens its progress; any other scan there is ignored', async () => {
    const { s, calls } = setup();
    s.send({ type: 'QR_SCANNED', text: 'yimen-id:abc' });
    expect(s.view().step).toBe('home');
    s.send({ type: 'QR_SCANNED', text: LINK });
    expect(s.view()).toMatchObject({ step: 'progress.lookup', purpose: 'progress' });
    await settle();
    expect(s.view()).toMatchObject({ step: 'progress.result', progress: { by: 'receipt' } });
    s.send({ type: 'DONE' });
    expect(s.view().phase).toBe('ending');
    expect(calls).toEqual(['lookupProgress:scan']);
  });
});
