/**
 * Materials in the journey (#16): the session machine decides what may be provided how, keeps the
 * pages' order, and blocks submission while a required material is missing.
 */
import { describe, expect, it } from 'vitest';
import { SimulatedClock } from 'xstate';
import { Catalog } from '../../../../../config/catalog-schema.js';
import { demoCatalog } from '../../../../../config/demo-catalog.js';
import type { SubmitInput } from '../../../../../main/features/session/journey-types.js';
import { SessionService } from '../../../../../main/features/session/service.js';
import type { JourneyServices } from '../../../../../main/features/session/journey-services.js';
import { fakeServices, settle, ZHANG } from '../../../../helpers/journey-fakes.js';

const timings = { idleMs: 60_000, warnMs: 30_000, elderIdleMultiplier: 2, endingMs: 8_000, doorLeftOpenMs: 45_000 };
const catalog = Catalog.parse(demoCatalog);
const card = { type: 'CARD_READ' as const, identity: ZHANG, expired: false, idNumberValid: true };

function onForm(matterId: string, over: Parameters<typeof fakeServices>[0] = {}) {
  const { services, calls } = fakeServices(over);
  let submitted: SubmitInput | null = null;
  const submit = services.submit;
  services.submit = (i) => ((submitted = i), submit(i));
  const s = new SessionService({ timings, defaultLocale: 'zh-CN', catalog, clock: new SimulatedClock(), services });
  s.start();
  s.send({ type: 'CHOOSE', purpose: 'apply', matterId });
  s.send(card);
  return { s, calls, submitted: () => submitted };
}

describe('materials in the journey', () => {
  it('a required material blocks submission until provided; scanned pages keep the order the citizen leaves', async () => {
    const { s, calls, submitted } = onForm('household-move-in');
    s.send({ type: 'FORM_EDIT', values: { fromAddress: '广州市示例路1号', reason: 'house', phone: '13800138000' } });
    s.send({ type: 'SET_DELIVERY', delivery: 'locker' });
    s.send({ type: 'FORM_SUBMIT' });
    expect(s.view()).toMatchObject({
      step: 'apply.form',
      notice: { code: 'materials-missing' },
      form: { missingMaterials: ['property-deed'] },
    });

    s.send({ type: 'MATERIAL_SCAN', materialId: 'property-deed' });
    await settle();
    expect(s.view()).toMatchObject({ step: 'apply.scan.ready', scan: { materialId: 'property-deed' } });
    expect(calls).toContain('scanOpen');
    for (let i = 0; i < 3; i++) {
      s.send({ type: 'SCAN_CAPTURE' });
      await settle();
    }
    const pages = (): string[] => {
      const m = s.view().form?.materials['property-deed'];
      return m?.how === 'scan' ? m.pages.map((p) => p.pageId) : [];
    };
    const [a, b, c] = pages();
    expect(pages()).toHaveLength(3);
    s.send({ type: 'SCAN_MOVE', pageId: c ?? '', by: -1 });
    expect(pages()).toEqual([a, c, b]);
    s.send({ type: 'SCAN_MOVE', pageId: a ?? '', by: -1 }); // already first: nothing moves
    expect(pages()).toEqual([a, c, b]);
    s.send({ type: 'SCAN_DELETE', pageId: a ?? '' });
    expect(pages()).toEqual([c, b]);
    s.send({ type: 'SCAN_DONE' });
    await settle();
    expect(s.view()).toMatchObject({ step: 'apply.form', scan: null, form: { missingMaterials: [] } });

    s.send({ type: 'FORM_SUBMIT' });
    s.send({ type: 'CONFIRM' });
    s.send({ type: 'AGREE', sensitiveConsent: true });
    await settle();
    expect(s.view().step).toBe('apply.done');
    expect(submitted()?.materials?.['property-deed']).toEqual({
      how: 'scan',
      pages: [expect.objectContaining({ pageId: c }), expect.objectContaining({ pageId: b })],
    });
  });

  it('auto-capture: main takes a page lying still like a tap; an empty stage taken on its own says nothing, other refusals are said', async () => {
    const codes = ['scan-page-not-found', 'scan-page-blank'];
    let failWith: string | null = null;
    const { s } = onForm('household-move-in', {
      scanPage: () =>
        failWith === null
          ? Promise.resolve({ pageId: `p${codes.length}`, thumb: 'data:image/jpeg;base64,' })
          : Promise.reject(Object.assign(new Error(failWith), { code: failWith })),
    });
    // Not on the scan step: nothing is taken.
    s.send({ type: 'SCAN_AUTO' });
    expect(s.view()).toMatchObject({ step: 'apply.form', form: { materials: {} } });
    s.send({ type: 'MATERIAL_SCAN', materialId: 'property-deed' });
    await settle();
    expect(s.view().scan).toEqual({ materialId: 'property-deed', auto: false });
    s.send({ type: 'SCAN_AUTO' });
    await settle();
    expect(s.view().form?.materials['property-deed']).toMatchObject({ how: 'scan', pages: [{ pageId: 'p2' }] });
    failWith = 'scan-page-not-found';
    s.send({ type: 'SCAN_AUTO' });
    await settle();
    expect(s.view()).toMatchObject({ step: 'apply.scan.ready', notice: null });
    // The same refusal after a tap is said: the citizen asked.
    s.send({ type: 'SCAN_CAPTURE' });
    await settle();
    expect(s.view().notice).toEqual({ code: 'scan-page-not-found' });
    failWith = 'scan-page-blank';
    s.send({ type: 'SCAN_AUTO' });
    await settle();
    expect(s.view().notice).toEqual({ code: 'scan-page-blank' });
  });

  it('deleting the last page takes the material back to not provided', async () => {
    const { s } = onForm('household-move-in');
    s.send({ type: 'MATERIAL_SCAN', materialId: 'property-deed' });
    s.send({ type: 'SCAN_CAPTURE' });
    await settle();
    const m = s.view().form?.materials['property-deed'];
    s.send({ type: 'SCAN_DELETE', pageId: m?.how === 'scan' ? (m.pages[0]?.pageId ?? '') : '' });
    s.send({ type: 'SCAN_DONE' });
    expect(s.view().form).toMatchObject({ materials: {}, missingMaterials: ['property-deed'] });
  });

  it('an e-licence the back office listed provides it; one it did not list is ignored', async () => {
    const { s, calls, submitted } = onForm('birth-registration');
    s.send({ type: 'MATERIAL_LICENCE', materialId: 'marriage-certificate' });
    await settle();
    expect(calls).toContain('listLicences:marriage-certificate');
    expect(s.view()).toMatchObject({
      step: 'apply.licences.list',
      licences: { materialId: 'marriage-certificate', list: [{ reference: 'LIC-1' }] },
    });
    s.send({ type: 'LICENCE_PICK', reference: 'LIC-FORGED' });
    expect(s.view().step).toBe('apply.licences.list');
    s.send({ type: 'LICENCE_PICK', reference: 'LIC-1' });
    expect(s.view()).toMatchObject({
      step: 'apply.form',
      form: {
        materials: { 'marriage-certificate': { how: 'licence', licence: { reference: 'LIC-1' } } },
        missingMaterials: ['birth-pledge'],
      },
    });
    // The pledge can only be declared (告知承诺): not scanned.
    s.send({ type: 'MATERIAL_SCAN', materialId: 'birth-pledge' });
    expect(s.view().step).toBe('apply.form');
    s.send({ type: 'MATERIAL_DECLARE', materialId: 'birth-pledge', declared: true });
    expect(s.view().form?.missingMaterials).toEqual([]);
    s.send({ type: 'FORM_EDIT', values: { spouseName: '王五', phone: '13800138000' } });
    s.send({ type: 'SET_DELIVERY', delivery: 'locker' });
    s.send({ type: 'FORM_SUBMIT' });
    s.send({ type: 'CONFIRM' });
    s.send({ type: 'AGREE', sensitiveConsent: true });
    await settle();
    const materials = submitted()?.materials ?? {};
    expect(Object.keys(materials).sort()).toEqual(['birth-pledge', 'marriage-certificate']);
    expect(materials['marriage-certificate']).toMatchObject({ how: 'licence', licence: { reference: 'LIC-1' } });
    expect(materials['birth-pledge']).toEqual({ how: 'declare' });
  });

  it('a matter without ways asks for nothing, and a way the catalog does not offer is refused', () => {
    const { s } = onForm('senior-card');
    expect(s.view().form?.missingMaterials).toEqual([]);
    s.send({ type: 'MATERIAL_DECLARE', materialId: 'photo', declared: true });
    expect(s.view().form?.materials).toEqual({});
  });

  describe('the original deposited in a locker once the application is in', () => {
    async function submitEndorsement(over: Partial<JourneyServices> = {}) {
      const recorded: Parameters<JourneyServices['recordDeposit']>[0][] = [];
      const rig = onForm('residence-permit-endorsement', {
        recordDeposit: (i) => (recorded.push(i), Promise.resolve({ receiptNo: 'D-9' })),
        ...over,
      });
      const { s } = rig;
      s.send({ type: 'FORM_EDIT', values: { address: '广州市示例路1号', phone: '13800138000' } });
      s.send({ type: 'SET_DELIVERY', delivery: 'locker' });
      s.send({ type: 'FORM_SUBMIT' });
      expect(s.view().form?.missingMaterials).toEqual(['residence-permit']);
      // Only the ways the catalog offers: the permit cannot be declared.
      s.send({ type: 'MATERIAL_DECLARE', materialId: 'residence-permit', declared: true });
      expect(s.view().form?.materials).toEqual({});
      s.send({ type: 'MATERIAL_DEPOSIT', materialId: 'residence-permit', deposit: true });
      expect(s.view().form).toMatchObject({ materials: { 'residence-permit': { how: 'deposit' } }, missingMaterials: [] });
      s.send({ type: 'FORM_SUBMIT' });
      s.send({ type: 'CONFIRM' });
      s.send({ type: 'AGREE', sensitiveConsent: true });
      await settle();
      return { ...rig, recorded };
    }

    it('opens a compartment after submission, records the deposit against the application when the door closes', async () => {
      const { s, calls, submitted, recorded } = await submitEndorsement();
      expect(submitted()?.materials).toEqual({ 'residence-permit': { how: 'deposit' } });
      expect(calls.indexOf('openForDeposit')).toBeGreaterThan(calls.findIndex((c) => c.startsWith('submit:')));
      expect(s.view()).toMatchObject({ step: 'apply.originals.open', door: { label: 'B-02', state: 'open' } });
      // Another door closing is not this one.
      s.send({ type: 'DOOR', door: 'A-01', state: 'closed' });
      expect(s.view().step).toBe('apply.originals.open');
      s.send({ type: 'DOOR', door: 'B-02', state: 'closed' });
      await settle();
      expect(recorded).toEqual([
        expect.objectContaining({ door: 'B-02', applicationNo: 'YM-0001', materialIds: ['residence-permit'] }),
      ]);
      expect(s.view()).toMatchObject({
        step: 'apply.done',
        door: null,
        notice: { code: 'originals-deposited', params: { receiptNo: 'D-9', door: 'B-02' } },
        result: { applicationNo: 'YM-0001' },
      });
    });

    it('no free compartment: the application stands and the done screen sends the originals to the counter', async () => {
      const { s, recorded } = await submitEndorsement({
        openForDeposit: () => Promise.reject(Object.assign(new Error('no free compartment'), { code: 'deposit-unavailable' })),
      });
      expect(recorded).toEqual([]);
      expect(s.view()).toMatchObject({
        step: 'apply.done',
        door: null,
        notice: { code: 'originals-to-counter', params: { applicationNo: 'YM-0001' } },
        result: { applicationNo: 'YM-0001' },
      });
    });

    it('a door that does not report open is the counter too; a record that fails still ends on done with the door named', async () => {
      const shut = await submitEndorsement({ openForDeposit: () => Promise.resolve({ door: 'B-02', opened: false }) });
      expect(shut.s.view()).toMatchObject({ step: 'apply.done', notice: { code: 'originals-to-counter' } });

      const lost = await submitEndorsement({ recordDeposit: () => Promise.reject(new Error('outbox full')) });
      lost.s.send({ type: 'DOOR', door: 'B-02', state: 'closed' });
      await settle();
      expect(lost.s.view()).toMatchObject({
        step: 'apply.done',
        notice: { code: 'originals-record-failed', params: { door: 'B-02' } },
      });
    });

    it('unticking takes it back to missing', () => {
      const { s } = onForm('residence-permit-endorsement');
      s.send({ type: 'MATERIAL_DEPOSIT', materialId: 'residence-permit', deposit: true });
      s.send({ type: 'MATERIAL_DEPOSIT', materialId: 'residence-permit', deposit: false });
      expect(s.view().form).toMatchObject({ materials: {}, missingMaterials: ['residence-permit'] });
    });
  });
});
