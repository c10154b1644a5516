/**
 * The kiosk design system's logic (#18.1): the step indicator's journey and current step, derived
 * from the view main sends; what a disabled button says is missing; what a busy screen says and
 * how long it usually takes — in every locale.
 */
import i18next, { type TFunction } from 'i18next';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MatterView, SessionView } from '../../../main/base/api/contract.js';
import { busyKeys, slowAfterMs, TYPICAL_SECONDS, typicalSeconds } from '../../../renderer/src/components/busy-times.js';
import { JOURNEY_STEPS, journeyProgress } from '../../../renderer/src/components/journey-steps.js';
import { assistNeeds, formNeeds, needsText, reportNeeds, staffNeeds } from '../../../renderer/src/components/missing.js';

const LOCALES = ['zh-CN', 'zh-HK', 'en'] as const;
type L = (typeof LOCALES)[number];
const resources = Object.fromEntries(
  LOCALES.map((l) => [l, { translation: JSON.parse(readFileSync(`renderer/src/i18n/locales/${l}.json`, 'utf8')) as object }]),
) as Record<L, { translation: object }>;
const ts: Partial<Record<L, TFunction>> = {};
const tr = (l: L): TFunction => {
  const t = ts[l];
  if (!t) throw new Error(`no i18next for ${l}`);
  return t;
};

beforeAll(async () => {
  for (const l of LOCALES) {
    const i = i18next.createInstance();
    await i.init({ resources, lng: l, fallbackLng: false, interpolation: { escapeValue: false } });
    ts[l] = i.t;
  }
});

type ViewPart = Pick<SessionView, 'phase' | 'step' | 'purpose' | 'pickups'>;
const view = (v: Partial<ViewPart>): ViewPart => ({ phase: 'serving', step: null, purpose: null, pickups: [], ...v });
const pickup = { pickupId: 'p1', applicationNo: 'A1', matterId: 'm', door: 'A-01' };

describe('the step indicator', () => {
  const current = (v: Partial<ViewPart>): string | null => {
    const p = journeyProgress(view(v));
    return p === null ? null : `${p.journey}:${p.steps[p.current] ?? '?'}`;
  };

  it('shows no steps outside a journey: attract, home, rating, ending, my data, a progress lookup', () => {
    expect(current({ phase: 'attract' })).toBeNull();
    expect(current({ phase: 'home', step: 'home' })).toBeNull();
    expect(current({ phase: 'rating', step: 'rating', purpose: 'apply' })).toBeNull();
    expect(current({ phase: 'ending', step: 'ending', purpose: 'apply' })).toBeNull();
    expect(current({ phase: 'identifying', step: 'identify', purpose: 'mydata' })).toBeNull();
    expect(current({ phase: 'serving', step: 'mydata.list', purpose: 'mydata' })).toBeNull();
    expect(current({ phase: 'serving', step: 'progress.result', purpose: 'progress' })).toBeNull();
  });

  it('apply: 选择事项 done; identifying (card, face check, staff, QR) → 核验身份; form and materials → 填写; review to submission → 确认; printed/done → 完成', () => {
    for (const step of ['identify', 'face.consent', 'face.checking', 'assist.entry', 'verifyingQr'])
      expect(current({ phase: 'identifying', step, purpose: 'apply' }), step).toBe('apply:identify');
    for (const step of ['apply.form', 'apply.scan.capturing', 'apply.licences.loading'])
      expect(current({ step, purpose: 'apply' }), step).toBe('apply:fill');
    for (const step of ['apply.review', 'apply.consent', 'apply.issuing', 'apply.notIssued', 'apply.submitting'])
      expect(current({ step, purpose: 'apply' }), step).toBe('apply:confirm');
    for (const step of ['apply.printing', 'apply.originals.open', 'apply.originals.recording', 'apply.done'])
      expect(current({ step, purpose: 'apply' }), step).toBe('apply:done');
    const p = journeyProgress(view({ step: 'apply.review', purpose: 'apply' }));
    expect(p?.steps).toEqual(['choose', 'identify', 'fill', 'confirm', 'done']);
    expect(p?.current).toBe(3);
  });

  it('collect has its own steps: 核验身份 → 选择取件 → 开柜取件 → 完成', () => {
    expect(current({ phase: 'identifying', step: 'identify', purpose: 'collect' })).toBe('collect:identify');
    expect(current({ step: 'collect.lookup', purpose: 'collect' })).toBe('collect:pick');
    expect(current({ step: 'collect.choose', purpose: 'collect', pickups: [pickup] })).toBe('collect:pick');
    expect(current({ step: 'collect.opening', purpose: 'collect', pickups: [pickup] })).toBe('collect:take');
    expect(current({ step: 'collect.open', purpose: 'collect', pickups: [pickup] })).toBe('collect:take');
    expect(current({ step: 'collect.completing', purpose: 'collect' })).toBe('collect:done');
    // Back on the list with nothing left to take.
    expect(current({ step: 'collect.choose', purpose: 'collect', pickups: [] })).toBe('collect:done');
  });

  it('deposit and report', () => {
    expect(current({ phase: 'identifying', step: 'identify', purpose: 'deposit' })).toBe('deposit:identify');
    expect(current({ step: 'deposit.open', purpose: 'deposit' })).toBe('deposit:put');
    expect(current({ step: 'deposit.failed', purpose: 'deposit' })).toBe('deposit:done');
    expect(current({ step: 'report.form' })).toBe('report:fill');
    expect(current({ step: 'report.sending' })).toBe('report:fill');
    expect(current({ step: 'report.done' })).toBe('report:done');
  });

  it('every step has a label in every locale, and the indicator its name', () => {
    const ids = new Set(Object.values(JOURNEY_STEPS).flat());
    for (const l of LOCALES) {
      const t = tr(l);
      for (const id of ids) expect(t(`steps.${id}`), `${l} steps.${id}`).not.toBe(`steps.${id}`);
      expect(t('steps.label')).not.toBe('steps.label');
      expect(t('steps.completed')).not.toBe('steps.completed');
    }
    expect(tr('zh-CN')('steps.choose')).toBe('选择事项');
    expect(tr('zh-HK')('steps.identify')).toBe('核驗身份');
  });
});

describe('what a disabled button says is missing', () => {
  it('the report: a category, two characters of description, a whole mobile number if any', () => {
    expect(reportNeeds({ category: '', text: '', phone: '' })).toEqual(['category', 'text']);
    expect(reportNeeds({ category: 'road', text: '坑', phone: '' })).toEqual(['text']);
    expect(reportNeeds({ category: 'road', text: '路坑', phone: '1380013' })).toEqual(['phone']);
    expect(reportNeeds({ category: 'road', text: '路坑', phone: '13800138000' })).toEqual([]);
    // Characters, not UTF-16 units: one astral character is one character.
    expect(reportNeeds({ category: 'road', text: '𠮷', phone: '' })).toEqual(['text']);
  });

  it('the assisted path: the document checked, the name, an 18-character ID number', () => {
    expect(assistNeeds({ document: null, name: ' ', idNumber: '4406' })).toEqual(['document', 'name', 'idNumber']);
    expect(assistNeeds({ document: 'passport', name: '李样本', idNumber: '44060419850615123X' })).toEqual([]);
    expect(assistNeeds({ document: 'passport', name: '李样本', idNumber: '4406041985061512' })).toEqual(['idNumber']);
  });

  it('the staff login: badge and PIN, or staff id and a six-digit code', () => {
    expect(staffNeeds('card', { card: 'ST', pin: '', staffId: '', code: '' })).toEqual(['card', 'pin']);
    expect(staffNeeds('card', { card: 'STAFF-0001', pin: '2468', staffId: '', code: '' })).toEqual([]);
    expect(staffNeeds('totp', { card: '', pin: '', staffId: 'S1', code: '12345' })).toEqual(['code']);
    expect(staffNeeds('totp', { card: '', pin: '', staffId: '', code: '123456' })).toEqual(['staffId']);
  });

  const field = (id: string, o: { required?: boolean; locked?: boolean } = {}): MatterView['form'][number] => ({
    id,
    label: { 'zh-CN': id },
    kind: 'text',
    required: o.required ?? true,
    locked: o.locked ?? false,
    maxLength: 50,
    options: [],
  });
  const matter = {
    form: [field('name', { locked: true }), field('purpose'), field('address'), field('note', { required: false })],
  };
  const form = (o: Partial<NonNullable<SessionView['form']>>): SessionView['form'] => ({
    values: {},
    errors: {},
    delivery: 'locker',
    masked: [],
    revealable: [],
    revealed: null,
    materials: {},
    missingMaterials: [],
    ...o,
  });

  it('the form: required fields the citizen fills left empty, no delivery, materials not provided', () => {
    expect(formNeeds(matter, form({}))).toEqual({ fields: ['purpose', 'address'], delivery: false, materials: [] });
    // A masked field holds the card's value; a blank value counts as empty; a locked one is not the citizen's.
    expect(formNeeds(matter, form({ values: { purpose: '  ', address: '广州***' }, masked: ['address'] })).fields).toEqual([
      'purpose',
    ]);
    expect(formNeeds(matter, form({ delivery: null, missingMaterials: ['deed'] }))).toMatchObject({
      delivery: true,
      materials: ['deed'],
    });
    // What is being typed counts before main answers, both ways.
    expect(formNeeds(matter, form({ values: { address: 'x' } }), { id: 'purpose', value: '12' }).fields).toEqual([]);
    expect(formNeeds(matter, form({ values: { purpose: '1', address: 'x' } }), { id: 'purpose', value: '' }).fields).toEqual([
      'purpose',
    ]);
    expect(formNeeds(matter, null)).toEqual({ fields: ['purpose', 'address'], delivery: true, materials: [] });
  });

  it('says it in each locale’s own list style; nothing when nothing is missing', () => {
    expect(needsText(tr('zh-CN'), 'zh-CN', [])).toBeNull();
    expect(needsText(tr('zh-CN'), 'zh-CN', ['用途', '领取方式', '房产证'])).toBe('还需：用途、领取方式和房产证');
    expect(needsText(tr('zh-HK'), 'zh-HK', ['姓名'])).toBe('尚需：姓名');
    expect(needsText(tr('en'), 'en', ['a type of problem', 'a description'])).toBe(
      'Still needed: a type of problem and a description',
    );
    for (const l of LOCALES)
      for (const k of [
        'report.need.category',
        'report.need.text',
        'report.need.phone',
        'assist.need.document',
        'assist.need.name',
        'assist.need.idNumber',
      ])
        expect(tr(l)(k), `${l} ${k}`).not.toBe(k);
  });
});

describe('busy screens', () => {
  it('every wait with a typical time says what is happening and how long it takes, in every locale', () => {
    for (const step of Object.keys(TYPICAL_SECONDS)) {
      const seconds = typicalSeconds(step);
      expect(seconds, step).toBeGreaterThan(0);
      expect(slowAfterMs(step)).toBe((seconds ?? 0) * 2000);
      for (const l of LOCALES) {
        const t = tr(l);
        const [own] = busyKeys(step);
        expect(t(own ?? ''), `${l} ${own ?? ''}`).not.toBe(own);
      }
    }
    expect(tr('zh-CN')('busy.usually', { seconds: 2 })).toBe('通常需要约 2 秒');
    expect(tr('en')('busy.usually', { seconds: 15 })).toBe('This usually takes about 15 seconds');
    expect(tr('zh-HK')('busy.slow')).not.toBe('busy.slow');
  });

  it('a step without a typical time says none, and falls back to the generic text', () => {
    expect(typicalSeconds('loading')).toBeNull();
    expect(slowAfterMs('loading')).toBeNull();
    expect(busyKeys('apply.originals.opening')).toEqual(['busy.apply-originals.opening', 'busy.generic']);
    expect(tr('zh-CN')(busyKeys('nothing.known'))).toBe('正在处理，请稍候…');
  });
});
