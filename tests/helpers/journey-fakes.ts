import { randomUUID } from 'node:crypto';
import type { JourneyServices } from '../../main/features/session/machine.js';
import type { Identity, PickupItem } from '../../main/features/session/journey-types.js';

export const ZHANG: Identity = {
  method: 'idcard',
  cardType: 'resident',
  name: '张三丰',
  idNumber: '11010519491231002X',
  address: '北京市朝阳区演示路1号',
  birthDate: '1949-12-31',
  sex: 'male',
};

/** Journey services that answer at once, recording what they were asked. */
export function fakeServices(over: Partial<JourneyServices> = {}): { services: JourneyServices; calls: string[] } {
  const calls: string[] = [];
  const pickup: PickupItem = { pickupId: 'p1', applicationNo: 'A-1', matterId: 'senior-card', door: 'A-07' };
  const services: JourneyServices = {
    verifyQr: () => (calls.push('verifyQr'), Promise.resolve({ ...ZHANG, method: 'qr', cardType: 'digital' })),
    submit: (i) => (
      calls.push(`submit:${i.matterId}:${i.delivery}`),
      Promise.resolve({
        applicationNo: 'YM-0001',
        transmission: { state: 'sending', reference: null },
        receiptPrinted: true,
        receiptError: null,
      })
    ),
    issueDocument: (i) => (
      calls.push(`issueDocument:${i.matterId}`),
      Promise.resolve({
        applicationNo: 'YM-0001',
        document: {
          documentId: 'DOC1',
          applicationNo: 'YM-0001',
          issuer: '演示区公安分局户政科',
          issuedAt: '2026-11-29T03:00:00.000Z',
          fields: { name: i.identity.name, idNumber: i.identity.idNumber, address: '北京市朝阳区登记路1号' },
          payload: 'e30.sig',
        },
      })
    ),
    printDocument: () => (calls.push('printDocument'), Promise.resolve({ printed: true, error: null })),
    lookupPickups: () => (calls.push('lookupPickups'), Promise.resolve([pickup])),
    openCompartment: () => (calls.push('openCompartment'), Promise.resolve({ opened: true })),
    completePickup: () => (calls.push('completePickup'), Promise.resolve({ slipPrinted: true })),
    openForDeposit: () => (calls.push('openForDeposit'), Promise.resolve({ door: 'B-02', opened: true })),
    recordDeposit: () => (calls.push('recordDeposit'), Promise.resolve({ receiptNo: 'D-1' })),
    sendReport: () => (calls.push('sendReport'), Promise.resolve({ reportNo: 'R-1' })),
    sendRating: (i) => (calls.push(`rating:${i.score}`), Promise.resolve()),
    myData: () => (calls.push('myData'), Promise.resolve([{ at: '2026-11-29T03:00:00Z', action: 'card-read' }])),
    callStaff: () => (calls.push('callStaff'), Promise.resolve()),
    faceWarmUp: () => (calls.push('faceWarmUp'), Promise.resolve()),
    // The person at the camera is the card's person (tests of the face step pass their own).
    faceCheck: () => (calls.push('faceCheck'), Promise.resolve({ code: 'match', band: 'high' })),
    // The document camera stays open until the scan step is left; each capture is a new page.
    scanOpen: (_i, signal) => (
      calls.push('scanOpen'),
      new Promise<void>((resolve) => signal?.addEventListener('abort', () => resolve(), { once: true }))
    ),
    scanPage: (i) => (
      calls.push(`scanPage:${i.materialId}`),
      Promise.resolve({ pageId: randomUUID(), thumb: 'data:image/jpeg;base64,' })
    ),
    listLicences: (i) => (
      calls.push(`listLicences:${i.types.join(',')}`),
      Promise.resolve([
        { reference: 'LIC-1', type: i.types[0] ?? '', title: '结婚证', issuer: '演示区民政局', issuedOn: '2015-05-20' },
      ])
    ),
    lookupProgress: (i) => (
      calls.push(`lookupProgress:${i.ask ? i.ask.source : 'card'}`),
      Promise.resolve({
        by: i.ask ? (i.ask.source === 'scan' ? ('receipt' as const) : ('number' as const)) : ('card' as const),
        items: [
          {
            applicationNo: 'DEMO01-261205-0000ABCD',
            matterId: 'senior-card',
            matterNames: { 'zh-CN': '老年人优待证办理' },
            state: 'ready-for-pickup' as const,
            submittedAt: '2026-12-01T02:00:00.000Z',
            updatedAt: '2026-12-03T02:00:00.000Z',
            history: [{ state: 'received' as const, at: '2026-12-01T02:00:00.000Z' }],
            collection: { method: 'locker' as const, place: 'A-07', here: true, holdUntil: '2026-12-10T02:00:00.000Z' },
            maskedName: i.ask?.source === 'typed' ? null : '张**',
          },
        ],
      })
    ),
    verifyStaff: (i) => {
      calls.push('verifyStaff');
      const good = i.credential.kind === 'card' ? i.credential.pin === '246810' : i.credential.code === '123456';
      return good
        ? Promise.resolve({ staffId: 'STAFF-0001', name: '王工作' })
        : Promise.reject(Object.assign(new Error('wrong'), { code: 'staff-wrong-credentials' }));
    },
    assistIdentify: (i) => (
      calls.push(`assistIdentify:${i.staff.staffId}:${i.entry.document}`),
      Promise.resolve({
        method: 'staff' as const,
        cardType: 'staff-checked' as const,
        name: i.entry.name,
        idNumber: i.entry.idNumber,
        assistedBy: i.staff.staffId,
        document: i.entry.document,
      })
    ),
    resendPickupCode: (i) => (calls.push(`resend:${i.phone}`), Promise.resolve({ maskedPhone: '138****5678' })),
    ...over,
  };
  return { services, calls };
}

/** Lets promise actors settle. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
}
