import { describe, expect, it } from 'vitest';
import { err, ok } from '../../../../../common/result.js';
import { silentLogger } from '../../../../../main/base/log/logger.js';
import { BackofficeLookups } from '../../../../../main/features/journeys/backoffice-lookups.js';
import { Compartments } from '../../../../../main/features/journeys/compartments.js';
import { FakeClient, ZHANG, type Answers } from './fakes.js';

const compartments = new Compartments([
  { deviceId: 'locker', label: 'A-07', board: 1, lock: 7, size: 'M' },
  { deviceId: 'locker', label: 'B-02', board: 2, lock: 2, size: 'S' },
]);

function setUp(answers: Answers) {
  const client = new FakeClient(answers);
  const audited: string[] = [];
  const lookups = new BackofficeLookups({
    terminalId: 'T-1',
    client,
    compartments,
    audit: (type) => void audited.push(type),
    log: silentLogger(),
  });
  return { client, audited, lookups };
}

describe('back-office lookups', () => {
  it('turns a verified QR into a digital identity', async () => {
    const { lookups, client } = setUp({
      verifyIdentityQr: () =>
        ok({
          verified: true,
          identity: { idType: 'resident', name: ZHANG.name, idNumber: ZHANG.idNumber, address: ZHANG.address },
          verifiedAt: '2026-03-02T08:30:00Z',
        }),
    });
    expect(await lookups.verifyQr({ text: 'qr-text' })).toEqual({
      method: 'qr',
      cardType: 'digital',
      name: ZHANG.name,
      idNumber: ZHANG.idNumber,
      address: ZHANG.address,
    });
    expect(client.calls[0]).toEqual({ name: 'verifyIdentityQr', input: { body: { terminalId: 'T-1', qrText: 'qr-text' } } });
  });

  it('tells a refused QR (qr-invalid) from an unreachable back office', async () => {
    const refused = setUp({ verifyIdentityQr: () => err({ code: 'bo-rejected', message: 'expired', status: 422 }) });
    await expect(refused.lookups.verifyQr({ text: 'x' })).rejects.toMatchObject({ code: 'qr-invalid' });
    await expect(setUp({}).lookups.verifyQr({ text: 'x' })).rejects.toMatchObject({ code: 'backoffice-unreachable' });
  });

  it("keeps the pickups in this terminal's compartments (by label or board-lock), leaving out the others", async () => {
    const pickup = (pickupId: string, cell: string | null) => ({
      pickupId,
      applicationId: `APP-${pickupId}`,
      matterName: 'senior-card',
      holderName: '张*丰',
      lockerId: 'locker',
      cell,
      readyAt: '2026-03-01T00:00:00Z',
      holdUntil: '2026-03-09T00:00:00Z',
    });
    const { lookups } = setUp({
      lookupPickups: () =>
        ok({ pickups: [pickup('p1', 'a-07'), pickup('p2', '2-02'), pickup('p3', 'Z-99'), pickup('p4', null)] }),
    });
    expect(await lookups.lookupPickups({ identity: ZHANG, pickupCode: null })).toEqual([
      { pickupId: 'p1', applicationNo: 'APP-p1', matterId: 'senior-card', door: 'A-07' },
      { pickupId: 'p2', applicationNo: 'APP-p2', matterId: 'senior-card', door: 'B-02' },
    ]);
  });

  it('is backoffice-unreachable for a lookup or a resend the back office does not answer', async () => {
    const { lookups, audited } = setUp({});
    await expect(lookups.lookupPickups({ identity: null, pickupCode: '123456' })).rejects.toMatchObject({
      code: 'backoffice-unreachable',
    });
    await expect(lookups.resendPickupCode({ phone: '13800138000' })).rejects.toMatchObject({ code: 'backoffice-unreachable' });
    expect(audited).toEqual([]);
  });

  it('sends the pickup code again, answering with the masked phone, audited', async () => {
    const { lookups, audited } = setUp({
      resendPickupCodesByPhone: () =>
        ok({ sent: 1, recentlySent: 0, maskedPhone: '138****8000', sentAt: '2026-03-02T08:30:00Z' }),
    });
    expect(await lookups.resendPickupCode({ phone: '13800138000' })).toEqual({ maskedPhone: '*******8000' });
    expect(audited).toEqual(['pickup.code-resent']);
  });
});
