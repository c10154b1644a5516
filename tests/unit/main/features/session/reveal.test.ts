/**
 * "Show to me" on the review step (#18.2): main shows one masked card field in full when the
 * citizen asks, then masks it again by itself after `revealMs` (a simulated clock here: no real
 * waiting), or as soon as the step is left. Only this session's own card fields, only on review.
 */
import { describe, expect, it } from 'vitest';
import { SimulatedClock } from 'xstate';
import { methods, type SessionView } from '../../../../../main/base/api/contract.js';
import { SessionService } from '../../../../../main/features/session/service.js';
import { auditReveals } from '../../../../../main/features/journeys/reveal-audit.js';
import { DEFAULT_REVEAL_MS, revealableFields } from '../../../../../main/features/session/reveal.js';
import { Catalog } from '../../../../../config/catalog-schema.js';
import { demoCatalog } from '../../../../../config/demo-catalog.js';
import { fakeServices, ZHANG } from '../../../../helpers/journey-fakes.js';

const catalog = Catalog.parse(demoCatalog);
const baseTimings = { idleMs: 600_000, warnMs: 30_000, elderIdleMultiplier: 2, endingMs: 8_000, doorLeftOpenMs: 45_000 };
const card = { type: 'CARD_READ' as const, identity: ZHANG, expired: false, idNumberValid: true };
const MASKED_ID = '1****************X';

function onReview(revealMs?: number) {
  const clock = new SimulatedClock();
  clock.set(1_000_000);
  const { services } = fakeServices();
  const timings = revealMs === undefined ? baseTimings : { ...baseTimings, revealMs };
  const s = new SessionService({ timings, defaultLocale: 'zh-CN', catalog, clock, services });
  const seen: SessionView[] = [];
  s.onChange((v) => seen.push(v));
  s.start();
  s.send({ type: 'CHOOSE', purpose: 'apply', matterId: 'senior-card' });
  s.send(card);
  s.send({ type: 'FORM_EDIT', values: { phone: '13800138000' } });
  s.send({ type: 'SET_DELIVERY', delivery: 'locker' });
  s.send({ type: 'FORM_SUBMIT' });
  expect(s.view().step).toBe('apply.review');
  return { s, clock, seen };
}

describe('review: what the citizen is asked to check', () => {
  it('shows typed fields in full and the card fields masked, each of them revealable', () => {
    const { s } = onReview();
    const form = s.view().form;
    expect(form?.values).toMatchObject({ name: '张**', idNumber: MASKED_ID, address: '北京市朝阳****', phone: '13800138000' });
    expect(form?.revealable).toEqual(['name', 'idNumber', 'address']);
    expect(form?.revealed).toBeNull();
  });

  it('reveals the ID number on request and masks it again by itself after 5 s', () => {
    const { s, clock, seen } = onReview();
    s.send({ type: 'REVEAL', field: 'idNumber' });
    expect(s.view().form).toMatchObject({ revealed: 'idNumber', values: { idNumber: ZHANG.idNumber, name: '张**' } });
    clock.increment(DEFAULT_REVEAL_MS - 1);
    expect(s.view().form?.values.idNumber).toBe(ZHANG.idNumber);
    clock.increment(1);
    expect(s.view().form).toMatchObject({ revealed: null, values: { idNumber: MASKED_ID } });
    // Main pushed the re-masked view itself (no call from the screen): the last view seen is masked.
    expect(seen.at(-1)?.form?.values.idNumber).toBe(MASKED_ID);
    expect(s.view().step).toBe('apply.review');
  });

  it('takes the reveal time from the timings', () => {
    const { s, clock } = onReview(2_000);
    s.send({ type: 'REVEAL', field: 'name' });
    expect(s.view().form?.values.name).toBe('张三丰');
    clock.increment(2_000);
    expect(s.view().form?.values.name).toBe('张**');
  });

  it('a second tap restarts the time; another field replaces the first', () => {
    const { s, clock } = onReview();
    s.send({ type: 'REVEAL', field: 'idNumber' });
    clock.increment(4_000);
    s.send({ type: 'REVEAL', field: 'idNumber' });
    clock.increment(4_000);
    expect(s.view().form?.values.idNumber).toBe(ZHANG.idNumber);
    s.send({ type: 'REVEAL', field: 'address' });
    expect(s.view().form).toMatchObject({ revealed: 'address', values: { idNumber: MASKED_ID, address: ZHANG.address } });
    clock.increment(5_000);
    expect(s.view().form).toMatchObject({ revealed: null, values: { address: '北京市朝阳****' } });
  });

  it('leaving the step masks at once, and the old timer does nothing afterwards', () => {
    const { s, clock } = onReview();
    s.send({ type: 'REVEAL', field: 'idNumber' });
    s.send({ type: 'CONFIRM' });
    expect(s.view().step).toBe('apply.consent');
    expect(s.view().form?.values.idNumber).toBe(MASKED_ID);
    s.send({ type: 'BACK' });
    expect(s.view().form).toMatchObject({ revealed: null, values: { idNumber: MASKED_ID } });
    clock.increment(10_000);
    expect(s.view().form?.values.idNumber).toBe(MASKED_ID);
  });

  it('the end of the session masks and wipes', () => {
    const { s } = onReview();
    s.send({ type: 'REVEAL', field: 'idNumber' });
    s.send({ type: 'END' });
    expect(s.view()).toMatchObject({ phase: 'attract', form: null });
    expect(JSON.stringify(s.view())).not.toContain(ZHANG.idNumber);
  });

  it('refuses a reveal outside review, of a typed field, of a field typed over, or of an unknown field', () => {
    const { s } = onReview();
    for (const field of ['phone', 'nope', 'purpose']) {
      s.send({ type: 'REVEAL', field });
      expect(s.view().form?.revealed).toBeNull();
    }
    s.send({ type: 'BACK' });
    expect(s.view().step).toBe('apply.form');
    s.send({ type: 'REVEAL', field: 'idNumber' });
    expect(s.view().form?.values.idNumber).toBe(MASKED_ID);
    expect(s.view().form?.revealable).toEqual([]);
    // An address the citizen typed over shows as typed, and is nothing to reveal.
    s.send({ type: 'FORM_EDIT', values: { address: '上海市黄浦区新地址2号' } });
    s.send({ type: 'FORM_SUBMIT' });
    expect(s.view().form?.revealable).toEqual(['name', 'idNumber']);
    s.send({ type: 'REVEAL', field: 'address' });
    expect(s.view().form).toMatchObject({ revealed: null, values: { address: '上海市黄浦区新地址2号' } });
  });

  it('nothing to reveal without the session’s own identity', () => {
    const m = catalog.matters.find((x) => x.id === 'senior-card');
    expect(revealableFields(m, { name: ZHANG.name, idNumber: ZHANG.idNumber }, null)).toEqual([]);
    expect(revealableFields(m, { name: ZHANG.name, idNumber: ZHANG.idNumber }, ZHANG)).toEqual(['name', 'idNumber']);
  });

  it('the API takes a field id only', () => {
    const args = methods['journey.reveal'].args;
    expect(args.safeParse({ field: 'idNumber' }).success).toBe(true);
    expect(args.safeParse({ field: 'idNumber', value: 'x' }).success).toBe(false);
    expect(args.safeParse({ field: '../x' }).success).toBe(false);
    expect(args.safeParse({ field: 'a'.repeat(65) }).success).toBe(false);
    expect(args.safeParse({}).success).toBe(false);
  });

  it('each reveal is audited with the field and the person as subject, never the value', () => {
    const { s, clock } = onReview();
    const lines: Array<{ type: string; detail: Record<string, unknown>; subject: string | undefined }> = [];
    const off = auditReveals(s, (type, detail, subject) => lines.push({ type, detail, subject }));
    s.send({ type: 'REVEAL', field: 'idNumber' });
    s.send({ type: 'REVEAL', field: 'idNumber' });
    clock.increment(DEFAULT_REVEAL_MS);
    s.send({ type: 'REVEAL', field: 'name' });
    s.send({ type: 'REVEAL', field: 'phone' });
    off();
    expect(lines.map((l) => [l.type, l.detail.field, l.subject])).toEqual([
      ['review.reveal', 'idNumber', ZHANG.idNumber],
      ['review.reveal', 'name', ZHANG.idNumber],
    ]);
    expect(JSON.stringify(lines.map((l) => l.detail))).not.toContain(ZHANG.idNumber);
  });
});
