/** The reference back office through the typed client: every operation, idempotency, seeds, SMS, fleet page, bad input. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startBackoffice, type RunningBackoffice } from '../../../backoffice/server.js';
import { BackofficeClient } from '../../../main/data/backoffice-client/client.js';
import { PERSON } from '../main/data/store/fixtures.js';

let bo: RunningBackoffice;
let client: BackofficeClient;
const now = (): string => new Date().toISOString();

beforeEach(async () => {
  bo = await startBackoffice({ dataDir: null, smsMinIntervalMs: 60_000 });
  client = new BackofficeClient({ baseUrl: bo.url, timeoutMs: 2000 });
});
afterEach(async () => bo.close());

async function admin(path: string, body: unknown): Promise<Record<string, string>> {
  const res = await fetch(`${bo.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as Record<string, string>;
}

describe('reference back office', () => {
  it('submits an application once per key and reports its status', async () => {
    const body = { terminalId: 't-1', matterCode: 'm', applicant: PERSON, form: { a: 1 }, submittedAt: now() };
    const a = await client.call('submitApplication', { body, idempotencyKey: 'key-00000001' });
    const b = await client.call('submitApplication', { body, idempotencyKey: 'key-00000001' });
    expect(a.ok && b.ok && a.value.applicationId === b.value.applicationId).toBe(true);
    const other = await client.call('submitApplication', {
      body: { ...body, matterCode: 'other' },
      idempotencyKey: 'key-00000001',
    });
    expect(other.ok ? null : other.error.code).toBe('bo-conflict');
    if (!a.ok) return;
    const st = await client.call('getApplicationStatus', { params: { applicationId: a.value.applicationId }, body: undefined });
    expect(st.ok && st.value).toMatchObject({ applicationId: a.value.applicationId, state: 'received', matterCode: 'm' });
    const missing = await client.call('getApplicationStatus', { params: { applicationId: 'nope' }, body: undefined });
    expect(missing.ok ? null : missing.error.code).toBe('bo-not-found');
  });

  it('finds pickups by ID number or code, sends and re-sends the SMS code, and records the collection', async () => {
    const seeded = await admin('admin/pickups', {
      idNumber: PERSON.idNumber,
      name: PERSON.name,
      phone: PERSON.phone,
      matterName: '居住证',
      lockerId: 'L1',
      cell: '07',
    });
    const byId = await client.call('lookupPickups', { body: { terminalId: 't-1', idNumber: PERSON.idNumber } });
    expect(byId.ok && byId.value.pickups.map((p) => p.pickupId)).toEqual([seeded.pickupId]);
    const byCode = await client.call('lookupPickups', { body: { terminalId: 't-1', pickupCode: seeded.pickupCode ?? '' } });
    expect(byCode.ok && byCode.value.pickups[0]).toMatchObject({ holderName: PERSON.name, cell: '07' });
    const neither = await client.call('lookupPickups', { body: { terminalId: 't-1' } });
    expect(neither.ok ? null : neither.error.code).toBe('bo-rejected');

    const sms = (await (await fetch(`${bo.url}admin/sms`)).json()) as { sms: Array<{ text: string; phone: string }> };
    expect(sms.sms).toHaveLength(1);
    expect(sms.sms[0]?.text).toContain(seeded.pickupCode);
    const resend = await client.call('resendPickupCode', {
      params: { pickupId: seeded.pickupId ?? '' },
      body: { terminalId: 't-1' },
    });
    expect(resend.ok ? null : resend.error.code).toBe('bo-rate-limited');

    const done = await client.call('markCollected', {
      params: { pickupId: seeded.pickupId ?? '' },
      body: { terminalId: 't-1', method: 'pickup-code', collectedAt: now() },
      idempotencyKey: 'collect-0001',
    });
    expect(done.ok && done.value.state).toBe('collected');
    const after = await client.call('lookupPickups', { body: { terminalId: 't-1', idNumber: PERSON.idNumber } });
    expect(after.ok && after.value.pickups).toEqual([]);
  });

  /** A back office on a clock the test moves, with SMS re-sends spaced 60 s apart; one pickup seeded. */
  async function withClockAndPickup(): Promise<{
    advance: (ms: number) => void;
    seeded: { pickupId?: string; pickupCode?: string };
  }> {
    await bo.close();
    let t = Date.now();
    bo = await startBackoffice({ dataDir: null, smsMinIntervalMs: 60_000, now: () => t });
    client = new BackofficeClient({ baseUrl: bo.url, timeoutMs: 2000 });
    const seeded = await admin('admin/pickups', {
      idNumber: PERSON.idNumber,
      name: PERSON.name,
      phone: PERSON.phone,
      matterName: '居住证',
      cell: 'A-07',
    });
    return { advance: (ms) => void (t += ms), seeded };
  }

  it('re-sends the code when enough time has passed', async () => {
    const { advance, seeded } = await withClockAndPickup();
    advance(61_000);
    const resend = await client.call('resendPickupCode', {
      params: { pickupId: seeded.pickupId ?? '' },
      body: { terminalId: 't-1' },
    });
    expect(resend.ok && resend.value).toMatchObject({ sent: true, maskedPhone: '*******8000' });
  });

  it('re-sends the codes waiting for a mobile number, answering the same shape when none waits', async () => {
    const { advance, seeded } = await withClockAndPickup();
    const soon = await client.call('resendPickupCodesByPhone', { body: { terminalId: 't-1', phone: PERSON.phone } });
    expect(soon.ok && soon.value).toMatchObject({ sent: 0, recentlySent: 1 });
    advance(61_000);
    const sent = await client.call('resendPickupCodesByPhone', { body: { terminalId: 't-1', phone: PERSON.phone } });
    expect(sent.ok && sent.value).toMatchObject({ sent: 1, recentlySent: 0 });
    const sms = (await (await fetch(`${bo.url}admin/sms`)).json()) as { sms: Array<{ text: string; phone: string }> };
    expect(sms.sms.filter((m) => m.text.includes(seeded.pickupCode ?? '?'))).toHaveLength(2);
    const nobody = await client.call('resendPickupCodesByPhone', { body: { terminalId: 't-1', phone: '13911112222' } });
    expect(nobody.ok && nobody.value).toMatchObject({ sent: 0, recentlySent: 0, maskedPhone: '*******2222' });
    expect((await (await fetch(`${bo.url}admin/sms`)).json()) as { sms: unknown[] }).toMatchObject({ sms: { length: 2 } });
  });

  it('verifies a digital-identity QR once, and refuses unknown or expired codes', async () => {
    const { qrText } = await admin('admin/identity-tokens', { idNumber: PERSON.idNumber, name: PERSON.name });
    const ok = await client.call('verifyIdentityQr', { body: { terminalId: 't-1', qrText: qrText ?? '' } });
    expect(ok.ok && ok.value.identity).toMatchObject({ idNumber: PERSON.idNumber, name: PERSON.name, idType: 'resident' });
    const again = await client.call('verifyIdentityQr', { body: { terminalId: 't-1', qrText: qrText ?? '' } });
    expect(again.ok ? null : again.error).toMatchObject({ code: 'bo-rejected', remoteCode: 'qr-invalid' });
  });

  it('stores heartbeats and shows them on the fleet page', async () => {
    const hb = await client.call('sendHeartbeat', {
      params: { terminalId: 't-9' },
      body: {
        terminalId: 't-9',
        at: now(),
        state: 'in-service',
        version: '0.1.0',
        devices: [{ id: 'receipt', kind: 'receipt-printer', state: 'degraded', code: 'paper-near-end' }],
        paper: { receipt: 'near-end', a4: 'ok' },
        outbox: { depth: 3, rejected: 0, lastError: null },
        appliedConfigVersion: 'cfg-42',
        memory: { rssBytes: 150_000_000, heapUsedBytes: 50_000_000 },
        uptimeSeconds: 3600,
      },
    });
    expect(hb.ok && hb.value.desiredConfigVersion).toBeNull();
    const html = await (await fetch(`${bo.url}fleet`)).text();
    expect(html).toContain('<table id="fleet">');
    expect(html).toMatch(/<td>t-9<\/td>.*<td>in-service<\/td><td>cfg-42<\/td>/s);
  });

  it('answers bad input with typed errors and never crashes', async () => {
    const post = (path: string, body: string, headers: Record<string, string> = {}) =>
      fetch(`${bo.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    let r = await post('v1/applications', '{"terminalId":', { 'idempotency-key': 'k-bad-json-1' });
    expect([r.status, ((await r.json()) as { code: string }).code]).toEqual([400, 'bad-json']);
    r = await post('v1/applications', '{}');
    expect([r.status, ((await r.json()) as { code: string }).code]).toEqual([400, 'idempotency-key-required']);
    r = await post('v1/applications', JSON.stringify({ terminalId: 't', applicant: 5 }), { 'idempotency-key': 'k-bad-body-1' });
    expect(r.status).toBe(400);
    r = await post('v1/ratings', JSON.stringify({ terminalId: 't', level: 9, ratedAt: now() }), {
      'idempotency-key': 'k-bad-level',
    });
    expect(r.status).toBe(400);
    r = await post('v1/applications', 'x'.repeat(1024 * 1024 + 10), { 'idempotency-key': 'k-too-large' });
    expect(r.status).toBe(413);
    r = await fetch(`${bo.url}v1/nothing`);
    expect(r.status).toBe(404);
    expect((await fetch(`${bo.url}health`)).status).toBe(200);
  });

  it('turns injected faults into typed client errors', async () => {
    const body = { terminalId: 't', level: 4, ratedAt: now() };
    bo.faults.set({ fail500: 1 });
    let r = await client.call('submitRating', { body, idempotencyKey: 'rate-000001' });
    expect(r.ok ? null : r.error.code).toBe('bo-server-error');
    bo.faults.set({ malformed: 1 });
    r = await client.call('submitRating', { body, idempotencyKey: 'rate-000001' });
    expect(r.ok ? null : r.error.code).toBe('bo-bad-response');
    bo.faults.set({ drop: 1 });
    r = await client.call('submitRating', { body, idempotencyKey: 'rate-000001' });
    expect(r.ok ? null : r.error.code).toBe('bo-unreachable');
    r = await client.call('submitRating', { body, idempotencyKey: 'rate-000001' });
    expect(r.ok).toBe(true);
    expect((bo.db.prepare('SELECT COUNT(*) AS n FROM ratings').get() as { n: number }).n).toBe(1);
    const slow = new BackofficeClient({ baseUrl: bo.url, timeoutMs: 100 });
    bo.faults.set({ delayMs: 400 });
    const s = await slow.call('submitRating', { body, idempotencyKey: 'rate-000002' });
    expect(s.ok ? null : s.error.code).toBe('bo-timeout');
  });

  it('refuses to send a request that breaks the contract', async () => {
    const r = await client.call('submitRating', {
      body: { terminalId: 't', level: 7, ratedAt: now() },
      idempotencyKey: 'rate-000009',
    });
    expect(r.ok ? null : r.error.code).toBe('bo-invalid-request');
    expect(bo.stats().submitRating).toBeUndefined();
  });
});
