import { describe, expect, it } from 'vitest';
import { SimulatedClock } from 'xstate';
import { SessionService } from '../../../../../main/features/session/service.js';
import type { JourneyServices } from '../../../../../main/features/session/machine.js';
import type { SessionView } from '../../../../../main/base/api/contract.js';
import { Catalog } from '../../../../../config/catalog-schema.js';
import { demoCatalog } from '../../../../../config/demo-catalog.js';
import { fakeServices, settle, ZHANG } from '../../../../helpers/journey-fakes.js';

const timings = { idleMs: 60_000, warnMs: 30_000, elderIdleMultiplier: 2, endingMs: 8_000, doorLeftOpenMs: 45_000 };
const catalog = Catalog.parse(demoCatalog);

function setup(services?: JourneyServices) {
  const clock = new SimulatedClock();
  clock.set(1_000_000);
  const s = new SessionService({ timings, defaultLocale: 'zh-CN', catalog, clock, ...(services ? { services } : {}) });
  const seen: SessionView[] = [];
  s.onChange((v) => seen.push(v));
  return { s, clock, seen };
}
const card = { type: 'CARD_READ' as const, identity: ZHANG, expired: false, idNumberValid: true };
/** An on-the-spot document on a card: the face check comes first (#15); the fake check matches. */
async function passFace(s: SessionService): Promise<void> {
  expect(s.view().step).toBe('face.consent');
  s.send({ type: 'FACE_AGREE' });
  await settle();
  expect(s.view()).toMatchObject({ step: 'apply.form', identity: { faceChecked: true } });
}

describe('session machine: idle and reset', () => {
  it('starts on attract with nothing personal', () => {
    const { s } = setup();
    expect(s.view()).toMatchObject({
      phase: 'attract',
      step: null,
      sessionId: null,
      warning: null,
      locale: 'zh-CN',
      elderMode: false,
      identity: null,
    });
    expect(s.identity()).toBeNull();
  });

  it('warns after the idle time and resets after the warning', () => {
    const { s, clock } = setup();
    s.start();
    expect(s.view().phase).toBe('home');
    clock.increment(59_999);
    expect(s.view().warning).toBeNull();
    clock.increment(1);
    expect(s.view().warning).toEqual({ remainingMs: 30_000 });
    clock.increment(10_000);
    expect(s.view().warning).toEqual({ remainingMs: 20_000 });
    clock.increment(20_000);
    expect(s.view()).toMatchObject({ phase: 'attract', warning: null, sessionId: null });
  });

  it('gives the warning at least 20 s before the reset', () => {
    const { s, clock, seen } = setup();
    s.start();
    clock.increment(60_000);
    expect(seen.find((v) => v.warning !== null)?.warning?.remainingMs).toBeGreaterThanOrEqual(20_000);
  });

  it('activity postpones the warning; more time cancels it', () => {
    const { s, clock } = setup();
    s.start();
    clock.increment(50_000);
    s.send({ type: 'ACTIVITY' });
    clock.increment(50_000);
    expect(s.view().warning).toBeNull();
    clock.increment(10_000);
    expect(s.view().warning).not.toBeNull();
    s.send({ type: 'MORE_TIME' });
    expect(s.view().warning).toBeNull();
    clock.increment(59_000);
    expect(s.view()).toMatchObject({ phase: 'home', warning: null });
  });

  it('ignores plain activity while the warning shows: only "more time" extends', () => {
    const { s, clock } = setup();
    s.start();
    clock.increment(60_000);
    s.send({ type: 'ACTIVITY' });
    expect(s.view().warning).not.toBeNull();
    clock.increment(30_000);
    expect(s.view().phase).toBe('attract');
  });

  it('elder mode doubles the idle time', () => {
    const { s, clock } = setup();
    s.start();
    s.setElderMode(true);
    expect(s.view().idleMs).toBe(120_000);
    clock.increment(119_000);
    expect(s.view().warning).toBeNull();
    clock.increment(1_000);
    expect(s.view().warning).not.toBeNull();
  });

  it('choosing elder mode on the attract screen starts a session in elder mode', () => {
    const { s } = setup();
    s.setElderMode(true);
    expect(s.view()).toMatchObject({ phase: 'home', elderMode: true });
  });

  it('high contrast: chosen on the attract screen it starts the session; it lasts the session and the reset turns it off', () => {
    const { s, clock } = setup();
    s.setHighContrast(true);
    expect(s.view()).toMatchObject({ phase: 'home', highContrast: true, elderMode: false });
    s.send({ type: 'CHOOSE', purpose: 'collect' });
    expect(s.view()).toMatchObject({ phase: 'identifying', highContrast: true });
    s.setHighContrast(false);
    s.setHighContrast(true);
    clock.increment(60_000);
    clock.increment(30_000);
    expect(s.view()).toMatchObject({ phase: 'attract', highContrast: false });
    s.start();
    expect(s.view().highContrast).toBe(false);
  });

  it('reset wipes identity, form, locale and elder mode from main memory and from the view', async () => {
    const { services } = fakeServices();
    const { s, clock } = setup(services);
    s.start();
    s.send({ type: 'SET_LOCALE', locale: 'en' });
    s.setElderMode(true);
    s.send({ type: 'CHOOSE', purpose: 'apply', matterId: 'senior-card' });
    s.send(card);
    s.send({ type: 'FORM_EDIT', values: { phone: '13800138000' } });
    await settle();
    expect(s.view()).toMatchObject({ phase: 'serving', step: 'apply.form' });
    expect(s.identity()).not.toBeNull();
    clock.increment(120_000);
    clock.increment(30_000);
    const v = s.view();
    expect(v).toMatchObject({
      phase: 'attract',
      locale: 'zh-CN',
      elderMode: false,
      sessionId: null,
      identity: null,
      form: null,
      result: null,
    });
    expect(s.identity()).toBeNull();
    expect(JSON.stringify(v)).not.toContain('13800138000');
  });

  it('every session gets a new id', () => {
    const { s } = setup();
    const a = s.start().sessionId;
    s.send({ type: 'END' });
    const b = s.start().sessionId;
    expect(a).not.toBeNull();
    expect(a).not.toBe(b);
  });

  it('out of service ends the session and is shown', () => {
    const { s } = setup();
    s.start();
    s.setOutOfService({ code: 'store-corrupt', message: 'x' });
    expect(s.view()).toMatchObject({ phase: 'attract', outOfService: { code: 'store-corrupt' } });
  });
});

describe('session machine: consent (PIPL)', () => {
  function toConsent(privacyNotice?: { handler: Record<string, string>; retentionDays: number }) {
    const { services, calls } = fakeServices();
    const clock = new SimulatedClock();
    const s = new SessionService({
      timings,
      defaultLocale: 'zh-CN',
      catalog,
      clock,
      services,
      ...(privacyNotice ? { privacyNotice } : {}),
    });
    s.start();
    s.send({ type: 'CHOOSE', purpose: 'apply', matterId: 'senior-card' });
    s.send(card);
    s.send({ type: 'FORM_EDIT', values: { phone: '13800138000' } });
    s.send({ type: 'SET_DELIVERY', delivery: 'locker' });
    s.send({ type: 'FORM_SUBMIT' });
    s.send({ type: 'CONFIRM' });
    return { s, calls };
  }

  it('lists exactly what this matter collects, who handles it and how long it stays', () => {
    const { s } = toConsent({ handler: { 'zh-CN': '演示区政务服务中心' }, retentionDays: 7 });
    const view = s.view();
    expect(view.step).toBe('apply.consent');
    expect(view.consent).toMatchObject({
      handler: { 'zh-CN': '演示区政务服务中心' },
      retentionDays: 7,
      items: [
        { kind: 'identity', id: 'name', label: null, sensitive: false },
        { kind: 'identity', id: 'idNumber', label: null, sensitive: true },
        { kind: 'field', id: 'address', label: { 'zh-CN': '住址' }, sensitive: false },
        { kind: 'field', id: 'phone', label: { 'zh-CN': '手机号码' }, sensitive: false },
      ],
    });
  });

  it('the household certificate collects no address or phone, so the consent does not list them', async () => {
    const { services } = fakeServices();
    const s = new SessionService({ timings, defaultLocale: 'zh-CN', catalog, clock: new SimulatedClock(), services });
    s.start();
    s.send({ type: 'CHOOSE', purpose: 'apply', matterId: 'household-certificate' });
    s.send(card);
    await passFace(s);
    s.send({ type: 'FORM_EDIT', values: { purpose: '12' } });
    s.send({ type: 'SET_DELIVERY', delivery: 'on-the-spot' });
    s.send({ type: 'FORM_SUBMIT' });
    s.send({ type: 'CONFIRM' });
    await settle();
    expect(s.view().consent?.items.map((i) => i.id)).toEqual(['name', 'idNumber']);
  });

  it('agreeing without the separate consent for the sensitive items submits nothing', async () => {
    const { s, calls } = toConsent();
    s.send({ type: 'AGREE', sensitiveConsent: false });
    await settle();
    expect(s.view()).toMatchObject({ step: 'apply.consent', notice: { code: 'consent-sensitive-needed' } });
    expect(calls).toEqual([]);
    s.send({ type: 'AGREE', sensitiveConsent: true });
    await settle();
    expect(s.view().step).toBe('apply.done');
    expect(calls).toEqual(['submit:senior-card:locker']);
    // Off the consent step, the view carries no consent.
    expect(s.view().consent).toBeNull();
  });
});

describe('session machine: journeys', () => {
  it('apply for a later-result matter: identify, form with prefill, review, consent, submit, rate', async () => {
    const { services, calls } = fakeServices();
    const { s, clock } = setup(services);
    s.start();
    s.send({ type: 'CHOOSE', purpose: 'apply', matterId: 'senior-card' });
    expect(s.view()).toMatchObject({ phase: 'identifying', purpose: 'apply', matterId: 'senior-card' });
    s.send(card);
    const form = s.view();
    expect(form.step).toBe('apply.form');
    expect(form.identity).toMatchObject({ maskedName: '张**', maskedId: '1****************X' });
    expect(form.form?.values.name).toBe('张**');
    expect(form.form?.values.idNumber).not.toContain('0519491231');
    // The editable address from the card is masked too until the citizen types a new one.
    expect(form.form?.values.address).toBe('北京市朝阳****');
    expect(form.form?.masked).toEqual(['address']);
    s.send({ type: 'FORM_SUBMIT' });
    expect(s.view()).toMatchObject({ step: 'apply.form', notice: { code: 'delivery-needed' } });
    expect(s.view().form?.errors.phone).toBe('required');
    s.send({ type: 'FORM_EDIT', values: { phone: '12345', name: 'Mallory', idNumber: '000' } });
    s.send({ type: 'SET_DELIVERY', delivery: 'locker' });
    s.send({ type: 'FORM_SUBMIT' });
    expect(s.view().form?.errors.phone).toBe('pattern');
    s.send({ type: 'FORM_EDIT', values: { phone: '13800138000', address: '上海市黄浦区新地址2号' } });
    expect(s.view().form).toMatchObject({ values: { address: '上海市黄浦区新地址2号' }, masked: [] });
    s.send({ type: 'FORM_SUBMIT' });
    expect(s.view().step).toBe('apply.review');
    s.send({ type: 'CONFIRM' });
    s.send({ type: 'DECLINE' });
    expect(s.view()).toMatchObject({ step: 'apply.review', notice: { code: 'consent-needed' } });
    s.send({ type: 'CONFIRM' });
    s.send({ type: 'AGREE', sensitiveConsent: true });
    expect(s.view()).toMatchObject({ step: 'apply.submitting', busy: true });
    await settle();
    expect(s.view()).toMatchObject({
      step: 'apply.done',
      busy: false,
      result: { applicationNo: 'YM-0001', transmission: { state: 'sending', reference: null }, documentPrinted: null },
    });
    expect(calls).toEqual(['submit:senior-card:locker']);
    // The back office acknowledges it while the done screen shows: the view follows; another number changes nothing.
    s.send({ type: 'TRANSMISSION', applicationNo: 'YM-0002', transmission: { state: 'offline', reference: null } });
    expect(s.view().result?.transmission).toEqual({ state: 'sending', reference: null });
    s.send({ type: 'TRANSMISSION', applicationNo: 'YM-0001', transmission: { state: 'sent', reference: 'BO-7' } });
    expect(s.view()).toMatchObject({ step: 'apply.done', result: { transmission: { state: 'sent', reference: 'BO-7' } } });
    s.send({ type: 'DONE' });
    expect(s.view().phase).toBe('rating');
    s.send({ type: 'RATE', score: 9 });
    expect(s.view().phase).toBe('rating');
    s.send({ type: 'RATE', score: 5 });
    await settle();
    expect(s.view().phase).toBe('ending');
    expect(calls).toContain('rating:5');
    clock.increment(8_000);
    expect(s.view().phase).toBe('attract');
  });

  it('locked card fields cannot be changed by the UI', async () => {
    const { services, calls } = fakeServices();
    let submitted: Record<string, string> = {};
    services.submit = (i) => (
      (submitted = i.values),
      Promise.resolve({
        applicationNo: 'x',
        transmission: { state: 'sending', reference: null },
        receiptPrinted: true,
        receiptError: null,
      })
    );
    const { s } = setup(services);
    s.start();
    s.send({ type: 'CHOOSE', purpose: 'apply', matterId: 'household-certificate' });
    s.send(card);
    await passFace(s);
    s.send({ type: 'FORM_EDIT', values: { name: '李四', idNumber: '110105194912310021', purpose: '入学' } });
    s.send({ type: 'FORM_SUBMIT' });
    s.send({ type: 'CONFIRM' });
    s.send({ type: 'AGREE', sensitiveConsent: true });
    await settle();
    expect(submitted).toMatchObject({ name: ZHANG.name, idNumber: ZHANG.idNumber, purpose: '入学' });
    expect(calls).toContain('printDocument');
    expect(s.view().result).toMatchObject({ documentPrinted: true });
  });

  it('an on-the-spot document is issued first: submitted under its number, then printed', async () => {
    const { services, calls } = fakeServices();
    let number: string | undefined;
    const submit = services.submit;
    services.submit = (i) => ((number = i.applicationNo), submit(i));
    const { s } = setup(services);
    s.start();
    s.send({ type: 'CHOOSE', purpose: 'apply', matterId: 'household-certificate' });
    s.send(card);
    await passFace(s);
    s.send({ type: 'FORM_EDIT', values: { purpose: '入学' } });
    s.send({ type: 'FORM_SUBMIT' });
    s.send({ type: 'CONFIRM' });
    s.send({ type: 'AGREE', sensitiveConsent: true });
    await settle();
    expect(calls).toEqual([
      'faceWarmUp',
      'faceCheck',
      'issueDocument:household-certificate',
      'submit:household-certificate:on-the-spot',
      'printDocument',
    ]);
    expect(number).toBe('YM-0001');
  });

  it('a document the back office will not issue: nothing submitted or printed; 办结后领取 submits for later collection', async () => {
    const { services, calls } = fakeServices({
      issueDocument: () => Promise.reject(Object.assign(new Error('no'), { code: 'doc-not-in-register' })),
    });
    let number: string | undefined = 'unset';
    const submit = services.submit;
    services.submit = (i) => ((number = i.applicationNo), submit(i));
    const { s } = setup(services);
    s.start();
    s.send({ type: 'CHOOSE', purpose: 'apply', matterId: 'household-certificate' });
    s.send(card);
    await passFace(s);
    s.send({ type: 'FORM_EDIT', values: { purpose: '入学' } });
    s.send({ type: 'FORM_SUBMIT' });
    s.send({ type: 'CONFIRM' });
    s.send({ type: 'AGREE', sensitiveConsent: true });
    await settle();
    expect(s.view()).toMatchObject({ step: 'apply.notIssued', notice: { code: 'doc-not-in-register' }, result: null });
    expect(calls).toEqual(['faceWarmUp', 'faceCheck']);
    s.send({ type: 'COLLECT_LATER' });
    await settle();
    expect(calls).toEqual(['faceWarmUp', 'faceCheck', 'submit:household-certificate:locker']);
    expect(number).toBeUndefined();
    expect(s.view()).toMatchObject({ step: 'apply.done', result: { documentPrinted: null } });
  });

  it('an expired or invalid card stays on identify with a notice', () => {
    const { services } = fakeServices();
    const { s } = setup(services);
    s.start();
    s.send({ type: 'CHOOSE', purpose: 'apply', matterId: 'senior-card' });
    s.send({ ...card, expired: true });
    expect(s.view()).toMatchObject({ phase: 'identifying', notice: { code: 'card-expired' }, identity: null });
    s.send({ ...card, idNumberValid: false });
    expect(s.view()).toMatchObject({ phase: 'identifying', notice: { code: 'card-invalid' } });
    s.send({ type: 'CARD_FAILED', code: 'card-pulled' });
    expect(s.view().notice?.code).toBe('card-card-pulled');
  });

  it('a card placed on the home screen does nothing until a matter is chosen', () => {
    const { s } = setup(fakeServices().services);
    s.start();
    s.send(card);
    expect(s.view()).toMatchObject({ phase: 'home', identity: null });
  });

  it('an unknown matter cannot be chosen', () => {
    const { s } = setup(fakeServices().services);
    s.start();
    s.send({ type: 'CHOOSE', purpose: 'apply', matterId: 'no-such-matter' });
    expect(s.view().phase).toBe('home');
  });

  it('collect with a pickup code: the door opens, closes, the slip prints', async () => {
    const { services, calls } = fakeServices();
    const { s } = setup(services);
    s.start();
    s.send({ type: 'CHOOSE', purpose: 'collect' });
    s.send({ type: 'PICKUP_CODE', code: '483920' });
    await settle();
    expect(s.view()).toMatchObject({ step: 'collect.choose', pickups: [{ door: 'A-07' }] });
    s.send({ type: 'PICKUP_OPEN', pickupId: 'nope' });
    expect(s.view().step).toBe('collect.choose');
    s.send({ type: 'PICKUP_OPEN', pickupId: 'p1' });
    await settle();
    expect(s.view()).toMatchObject({ step: 'collect.open', door: { label: 'A-07', state: 'open' } });
    s.send({ type: 'DOOR', door: 'B-01', state: 'closed' });
    expect(s.view().step).toBe('collect.open');
    s.send({ type: 'DOOR', door: 'A-07', state: 'closed' });
    await settle();
    expect(s.view()).toMatchObject({ step: 'collect.choose', pickups: [], collected: 1, notice: { code: 'pickup-done' } });
    expect(calls).toEqual(['lookupPickups', 'openCompartment', 'completePickup']);
    s.send({ type: 'DONE' });
    expect(s.view().phase).toBe('rating');
  });

  it('collect: a jammed door or a lost answer is reported, never retried blindly', async () => {
    const calls: string[] = [];
    const { services } = fakeServices({
      openCompartment: () => (calls.push('openCompartment'), Promise.resolve({ opened: null })),
    });
    const { s } = setup(services);
    s.start();
    s.send({ type: 'CHOOSE', purpose: 'collect' });
    s.send(card);
    await settle();
    s.send({ type: 'PICKUP_OPEN', pickupId: 'p1' });
    await settle();
    expect(s.view()).toMatchObject({ step: 'collect.choose', notice: { code: 'door-unknown' }, pickups: [{ pickupId: 'p1' }] });
    expect(calls.filter((c) => c === 'openCompartment')).toHaveLength(1);
  });

  it('collect: nothing waiting sends the citizen back to identify with a notice', async () => {
    const { s } = setup(fakeServices({ lookupPickups: () => Promise.resolve([]) }).services);
    s.start();
    s.send({ type: 'CHOOSE', purpose: 'collect' });
    s.send({ type: 'PICKUP_CODE', code: '000000' });
    await settle();
    expect(s.view()).toMatchObject({ phase: 'identifying', notice: { code: 'no-pickups' } });
  });

  it('a door left open is flagged after the configured time', async () => {
    const { s, clock } = setup(fakeServices().services);
    s.start();
    s.send({ type: 'CHOOSE', purpose: 'collect' });
    s.send(card);
    await settle();
    s.send({ type: 'PICKUP_OPEN', pickupId: 'p1' });
    await settle();
    clock.increment(45_000);
    expect(s.view()).toMatchObject({ door: { state: 'left-open' }, notice: { code: 'door-left-open' } });
  });

  it('the idle reset waits while a device operation is under way', async () => {
    let release: () => void = () => undefined;
    const slow = fakeServices({
      submit: () =>
        new Promise(
          (r) =>
            (release = () =>
              r({
                applicationNo: 'YM-9',
                transmission: { state: 'offline', reference: null },
                receiptPrinted: true,
                receiptError: null,
              })),
        ),
    });
    const { s, clock } = setup(slow.services);
    s.start();
    s.send({ type: 'CHOOSE', purpose: 'apply', matterId: 'senior-card' });
    s.send(card);
    s.send({ type: 'FORM_EDIT', values: { phone: '13800138000' } });
    s.send({ type: 'SET_DELIVERY', delivery: 'post' });
    s.send({ type: 'FORM_SUBMIT' });
    s.send({ type: 'CONFIRM' });
    s.send({ type: 'AGREE', sensitiveConsent: true });
    clock.increment(60_000);
    clock.increment(60_000);
    expect(s.view()).toMatchObject({ step: 'apply.submitting', warning: null });
    release();
    await settle();
    expect(s.view()).toMatchObject({ step: 'apply.done', result: { transmission: { state: 'offline' } } });
  });

  it('report a neighbourhood problem, then rate or skip', async () => {
    const { services, calls } = fakeServices();
    const { s } = setup(services);
    s.start();
    s.send({ type: 'REPORT' });
    s.send({ type: 'REPORT_SUBMIT', report: { category: 'road', text: '路灯坏了' } });
    await settle();
    expect(s.view()).toMatchObject({ step: 'report.done', notice: { code: 'report-sent', params: { reportNo: 'R-1' } } });
    s.send({ type: 'DONE' });
    s.send({ type: 'SKIP' });
    expect(s.view().phase).toBe('ending');
    expect(calls).toEqual(['sendReport']);
  });

  it("my data: after identification, lists today's operations", async () => {
    const { s } = setup(fakeServices().services);
    s.start();
    s.send({ type: 'CHOOSE', purpose: 'mydata' });
    s.send(card);
    await settle();
    expect(s.view()).toMatchObject({ step: 'mydata.list', myData: [{ action: 'card-read' }] });
  });

  it('digital identity by QR code, and a refused QR code', async () => {
    const { s } = setup(fakeServices().services);
    s.start();
    s.send({ type: 'CHOOSE', purpose: 'apply', matterId: 'senior-card' });
    s.send({ type: 'QR_SCANNED', text: 'IMI:abc' });
    await settle();
    expect(s.view()).toMatchObject({ step: 'apply.form', identity: { method: 'qr' } });
    const bad = setup(
      fakeServices({ verifyQr: () => Promise.reject(Object.assign(new Error('no'), { code: 'qr-expired' })) }).services,
    );
    bad.s.start();
    bad.s.send({ type: 'CHOOSE', purpose: 'apply', matterId: 'senior-card' });
    bad.s.send({ type: 'QR_SCANNED', text: 'IMI:old' });
    await settle();
    expect(bad.s.view()).toMatchObject({ phase: 'identifying', notice: { code: 'qr-expired' } });
  });

  it('deposit: a free compartment opens, the door closes, the deposit is recorded', async () => {
    const { services, calls } = fakeServices();
    const { s } = setup(services);
    s.start();
    s.send({ type: 'CHOOSE', purpose: 'deposit' });
    s.send(card);
    await settle();
    expect(s.view()).toMatchObject({ step: 'deposit.open', door: { label: 'B-02', state: 'open' } });
    s.send({ type: 'DOOR', door: 'B-02', state: 'closed' });
    await settle();
    expect(s.view()).toMatchObject({ step: 'deposit.done', notice: { code: 'deposit-done' } });
    expect(calls).toEqual(['openForDeposit', 'recordDeposit']);
  });
});

describe('session machine: staff-assisted identification', () => {
  const entry = { name: ' 张三丰 ', idNumber: '11010519491231002x', document: 'household-register' as const };

  it('calls staff, checks the member, takes a valid entry and goes on with the journey', async () => {
    const { services, calls } = fakeServices();
    const { s } = setup(services);
    s.start();
    s.send({ type: 'CHOOSE', purpose: 'apply', matterId: 'senior-card' });
    s.send({ type: 'ASK_STAFF' });
    await settle();
    expect(s.view()).toMatchObject({ phase: 'identifying', step: 'assist.waiting', assistStaff: null });
    // Identity steps wait for a staff login: an entry before it is ignored.
    s.send({ type: 'STAFF_IDENTIFY', entry });
    expect(s.view().step).toBe('assist.waiting');
    s.send({ type: 'STAFF_VERIFY', credential: { kind: 'card', card: 'STAFF-0001', pin: '246810' } });
    await settle();
    expect(s.view()).toMatchObject({ step: 'assist.entry', assistStaff: { staffId: 'STAFF-0001' } });
    s.send({ type: 'STAFF_IDENTIFY', entry: { ...entry, idNumber: '110105194912310021' } });
    expect(s.view()).toMatchObject({ step: 'assist.entry', notice: { code: 'assist-id-invalid' }, identity: null });
    s.send({ type: 'STAFF_IDENTIFY', entry });
    await settle();
    expect(s.view()).toMatchObject({
      step: 'apply.form',
      identity: { method: 'staff', cardType: 'staff-checked', maskedId: expect.stringMatching(/^1.*X$/) as unknown },
    });
    expect(calls).toEqual(['callStaff', 'verifyStaff', 'assistIdentify:STAFF-0001:household-register']);
  });

  it('a wrong staff credential stays on the waiting screen with a notice; back returns to identify', async () => {
    const { s } = setup(fakeServices().services);
    s.start();
    s.send({ type: 'CHOOSE', purpose: 'collect' });
    s.send({ type: 'ASK_STAFF' });
    s.send({ type: 'STAFF_VERIFY', credential: { kind: 'totp', staffId: 'STAFF-0001', code: '000000' } });
    await settle();
    expect(s.view()).toMatchObject({ step: 'assist.waiting', notice: { code: 'staff-wrong-credentials' }, assistStaff: null });
    s.send({ type: 'BACK' });
    expect(s.view()).toMatchObject({ step: 'identify', assistStaff: null });
  });

  it('a failed staff call is shown, and the staff path still works', async () => {
    const { s } = setup(fakeServices({ callStaff: () => Promise.reject(new Error('outbox full')) }).services);
    s.start();
    s.send({ type: 'CHOOSE', purpose: 'mydata' });
    s.send({ type: 'ASK_STAFF' });
    await settle();
    expect(s.view()).toMatchObject({ step: 'assist.waiting', notice: { code: 'assist-call-failed' } });
  });
});

describe('session machine: pickup-code re-send', () => {
  it('re-sends to a mobile number while collecting, at most three times a session', async () => {
    const { services, calls } = fakeServices();
    const { s } = setup(services);
    s.start();
    s.send({ type: 'CHOOSE', purpose: 'collect' });
    expect(s.view().resendsLeft).toBe(3);
    s.send({ type: 'RESEND_CODE', phone: '12345678901' });
    expect(s.view()).toMatchObject({ step: 'identify', notice: null });
    for (let i = 0; i < 3; i++) {
      s.send({ type: 'RESEND_CODE', phone: '13800135678' });
      expect(s.view().step).toBe('resending');
      await settle();
      expect(s.view()).toMatchObject({ step: 'identify', notice: { code: 'code-resent', params: { phone: '138****5678' } } });
    }
    expect(s.view().resendsLeft).toBe(0);
    s.send({ type: 'RESEND_CODE', phone: '13800135678' });
    expect(s.view()).toMatchObject({ step: 'identify', notice: { code: 'resend-limit' } });
    expect(calls.filter((c) => c.startsWith('resend:'))).toHaveLength(3);
    // The limit is per session, not per journey: going home does not reset it; a new session does.
    s.send({ type: 'BACK' });
    s.send({ type: 'CHOOSE', purpose: 'collect' });
    expect(s.view().resendsLeft).toBe(0);
    s.send({ type: 'END' });
    s.start();
    expect(s.view().resendsLeft).toBe(3);
  });

  it('is offered only when collecting, and a back office failure is a notice', async () => {
    const { s } = setup(
      fakeServices({
        resendPickupCode: () => Promise.reject(Object.assign(new Error('down'), { code: 'backoffice-unreachable' })),
      }).services,
    );
    s.start();
    s.send({ type: 'CHOOSE', purpose: 'apply', matterId: 'senior-card' });
    s.send({ type: 'RESEND_CODE', phone: '13800135678' });
    expect(s.view().step).toBe('identify');
    s.send({ type: 'BACK' });
    s.send({ type: 'CHOOSE', purpose: 'collect' });
    s.send({ type: 'RESEND_CODE', phone: '13800135678' });
    await settle();
    expect(s.view()).toMatchObject({ step: 'identify', notice: { code: 'backoffice-unreachable' }, resendsLeft: 2 });
  });
});
