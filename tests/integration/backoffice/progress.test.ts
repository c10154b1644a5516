/**
 * Progress lookup (办件查询) in the reference back office, through the typed client and over
 * HTTP: by receipt (number + token), by number alone, by person, the state history, where to
 * collect, and the public `/s/<no>.<token>` page (no personal data beyond the receipt's, nothing
 * for a wrong token or a bare number).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startBackoffice, type RunningBackoffice } from '../../../backoffice/server.js';
import { BackofficeClient } from '../../../main/data/backoffice-client/client.js';
import { newReceiptToken, progressUrl, receiptTokenDigest } from '../../../main/features/journeys/progress-link.js';
import { PERSON } from '../main/data/store/fixtures.js';

let bo: RunningBackoffice;
let client: BackofficeClient;
const now = (): string => new Date().toISOString();

beforeEach(async () => {
  bo = await startBackoffice({ dataDir: null });
  client = new BackofficeClient({ baseUrl: bo.url, timeoutMs: 2000 });
});
afterEach(async () => bo.close());

const NO = 'DEMO01-261205-9F2C11AB';

async function submit(no = NO, token = newReceiptToken(), person = PERSON, delivery: 'locker' | 'window' = 'locker') {
  const r = await client.call('submitApplication', {
    body: {
      terminalId: 'demo-0001',
      matterCode: 'senior-card',
      applicant: person,
      form: { localApplicationNo: no },
      delivery,
      submittedAt: now(),
      receipt: { applicationNo: no, tokenSha256: receiptTokenDigest(token) },
    },
    idempotencyKey: `submission:${no}`,
  });
  if (!r.ok) throw new Error(r.error.message);
  return { applicationId: r.value.applicationId, token };
}

async function post(path: string, body: unknown): Promise<Response> {
  return fetch(new URL(path, bo.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('progress lookup in the reference back office', () => {
  it('by receipt: status, steps in order, the masked name; by number alone: the same status without the name', async () => {
    const { applicationId, token } = await submit();
    expect((await post(`admin/applications/${NO}/state`, { state: 'in-review' })).status).toBe(200);
    const byReceipt = await client.call('lookupApplicationProgress', {
      body: { terminalId: 'demo-0001', applicationNo: NO, receiptToken: token },
    });
    expect(byReceipt.ok && byReceipt.value).toMatchObject({
      receiptVerified: true,
      application: { applicationNo: NO, applicationId, matterCode: 'senior-card', state: 'in-review', maskedName: '欧***' },
    });
    expect(byReceipt.ok && byReceipt.value.application.history.map((h) => h.state)).toEqual(['received', 'in-review']);
    const byNumber = await client.call('lookupApplicationProgress', { body: { terminalId: 'demo-0001', applicationNo: NO } });
    expect(byNumber.ok && byNumber.value).toMatchObject({
      receiptVerified: false,
      application: { state: 'in-review', maskedName: null },
    });
    // Nothing personal in either answer: no ID number, no full name, no address, no phone.
    for (const r of [byReceipt, byNumber]) {
      const text = JSON.stringify(r);
      for (const secret of [PERSON.idNumber, PERSON.name, PERSON.address, PERSON.phone]) expect(text).not.toContain(secret);
    }
  });

  it('refuses a wrong token and answers not-found for an unknown number', async () => {
    await submit();
    const wrong = await client.call('lookupApplicationProgress', {
      body: { terminalId: 'demo-0001', applicationNo: NO, receiptToken: 'B'.repeat(22) },
    });
    expect(wrong.ok ? null : [wrong.error.code, wrong.error.remoteCode]).toEqual(['bo-rejected', 'token-mismatch']);
    const unknown = await client.call('lookupApplicationProgress', {
      body: { terminalId: 'demo-0001', applicationNo: 'DEMO01-261205-00000000' },
    });
    expect(unknown.ok ? null : unknown.error.code).toBe('bo-not-found');
    // The same receipt number twice (another key) is a conflict, not a second application.
    const again = await client.call('submitApplication', {
      body: {
        terminalId: 'demo-0001',
        matterCode: 'x',
        applicant: PERSON,
        form: {},
        submittedAt: now(),
        receipt: { applicationNo: NO, tokenSha256: receiptTokenDigest('C'.repeat(22)) },
      },
      idempotencyKey: 'another-key-1',
    });
    expect(again.ok ? null : again.error.code).toBe('bo-conflict');
  });

  it('by person: the person’s own applications, newest first, with where to collect once ready', async () => {
    const first = await submit('DEMO01-261201-00000001', newReceiptToken(), PERSON, 'window');
    const second = await submit('DEMO01-261202-00000002');
    await submit('DEMO01-261203-00000003', newReceiptToken(), { ...PERSON, idNumber: '11010519491231002X', name: '张三丰' });
    expect((await post(`admin/applications/${first.applicationId}/state`, { state: 'approved' })).status).toBe(200);
    const loaded = await client.call('pickupLoaded', {
      body: {
        terminalId: 'demo-0001',
        applicationId: second.applicationId,
        lockerId: 'locker',
        cell: 'A-03',
        loadedBy: 'staff:STAFF-0001',
        loadedAt: now(),
      },
      idempotencyKey: 'loaded-0000002',
    });
    expect(loaded.ok).toBe(true);
    const mine = await client.call('listApplicationsByPerson', { body: { terminalId: 'demo-0001', idNumber: PERSON.idNumber } });
    if (!mine.ok) throw new Error(mine.error.message);
    expect(mine.value.applications.map((a) => a.applicationNo)).toEqual(['DEMO01-261202-00000002', 'DEMO01-261201-00000001']);
    const [locker, counter] = mine.value.applications;
    expect(locker).toMatchObject({
      state: 'ready-for-pickup',
      collection: { method: 'locker', lockerId: 'locker', place: 'A-03' },
    });
    expect(locker?.history.map((h) => h.state)).toEqual(['received', 'ready-for-pickup']);
    expect(counter).toMatchObject({ state: 'approved', collection: { method: 'counter' } });
    expect(counter?.collection?.place).toContain('窗口');
    const nobody = await client.call('listApplicationsByPerson', {
      body: { terminalId: 'demo-0001', idNumber: '110105194912310021' },
    });
    expect(nobody.ok && nobody.value.applications).toEqual([]);
  });

  it('the public page: status, steps and the masked name for the receipt link; the same “not found” for a wrong token or a bare number', async () => {
    const { token } = await submit();
    const url = progressUrl(bo.url, { applicationNo: NO, token });
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain(NO);
    expect(html).toContain('已受理');
    expect(html).toContain('欧***');
    for (const secret of [PERSON.idNumber, PERSON.name, PERSON.address, PERSON.phone]) expect(html).not.toContain(secret);
    const wrong = await fetch(progressUrl(bo.url, { applicationNo: NO, token: 'B'.repeat(22) }));
    const bare = await fetch(new URL(`s/${NO}`, bo.url));
    const unknown = await fetch(progressUrl(bo.url, { applicationNo: 'DEMO01-261205-00000000', token }));
    const pages = await Promise.all([wrong, bare, unknown].map((r) => r.text()));
    expect([wrong.status, bare.status, unknown.status]).toEqual([404, 404, 404]);
    expect(new Set(pages).size).toBe(1);
    expect(pages[0]).not.toContain(NO);
  });
});
