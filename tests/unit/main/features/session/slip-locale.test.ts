/**
 * The paper follows the citizen's language (#18.5): the session machine hands its locale to the
 * services that print — the application receipt (submit), the collection slip (completePickup)
 * and the deposit slip (recordDeposit) — so main prints in the language the screens show.
 */
import { describe, expect, it } from 'vitest';
import { SimulatedClock } from 'xstate';
import { Catalog } from '../../../../../config/catalog-schema.js';
import { demoCatalog } from '../../../../../config/demo-catalog.js';
import type { Locale } from '../../../../../main/base/api/contract.js';
import { SessionService } from '../../../../../main/features/session/service.js';
import { fakeServices, settle, ZHANG } from '../../../../helpers/journey-fakes.js';

const timings = { idleMs: 60_000, warnMs: 30_000, elderIdleMultiplier: 2, endingMs: 8_000, doorLeftOpenMs: 45_000 };
const catalog = Catalog.parse(demoCatalog);
const card = { type: 'CARD_READ' as const, identity: ZHANG, expired: false, idNumberValid: true };
const localeOf = (input: unknown): unknown => (input as { locale?: unknown }).locale;

function session(locale: Locale) {
  const { services } = fakeServices();
  const asked: Record<string, unknown> = {};
  const { submit, completePickup, recordDeposit } = services;
  services.submit = (i) => ((asked.submit = localeOf(i)), submit(i));
  services.completePickup = (i) => ((asked.completePickup = localeOf(i)), completePickup(i));
  services.recordDeposit = (i) => ((asked.recordDeposit = localeOf(i)), recordDeposit(i));
  const s = new SessionService({ timings, defaultLocale: 'zh-CN', catalog, clock: new SimulatedClock(), services });
  s.send({ type: 'SET_LOCALE', locale });
  s.start();
  return { s, asked };
}

describe('slips in the session locale', () => {
  for (const locale of ['zh-HK', 'en'] as const) {
    it(`${locale}: the receipt, the collection slip and the deposit slip are asked for in ${locale}`, async () => {
      const apply = session(locale);
      apply.s.send({ type: 'CHOOSE', purpose: 'apply', matterId: 'senior-card' });
      apply.s.send(card);
      apply.s.send({ type: 'FORM_EDIT', values: { phone: '13800138000' } });
      apply.s.send({ type: 'SET_DELIVERY', delivery: 'locker' });
      apply.s.send({ type: 'FORM_SUBMIT' });
      apply.s.send({ type: 'CONFIRM' });
      apply.s.send({ type: 'AGREE', sensitiveConsent: true });
      await settle();
      expect(apply.s.view()).toMatchObject({ step: 'apply.done', locale });
      expect(apply.asked.submit).toBe(locale);

      const collect = session(locale);
      collect.s.send({ type: 'CHOOSE', purpose: 'collect' });
      collect.s.send({ type: 'PICKUP_CODE', code: '483920' });
      await settle();
      collect.s.send({ type: 'PICKUP_OPEN', pickupId: 'p1' });
      await settle();
      collect.s.send({ type: 'DOOR', door: 'A-07', state: 'closed' });
      await settle();
      expect(collect.s.view()).toMatchObject({ notice: { code: 'pickup-done' } });
      expect(collect.asked.completePickup).toBe(locale);

      const deposit = session(locale);
      deposit.s.send({ type: 'CHOOSE', purpose: 'deposit' });
      deposit.s.send(card);
      await settle();
      deposit.s.send({ type: 'DOOR', door: 'B-02', state: 'closed' });
      await settle();
      expect(deposit.s.view()).toMatchObject({ step: 'deposit.done' });
      expect(deposit.asked.recordDeposit).toBe(locale);
    });
  }
});
