/** The reference back office through the typed client: every operation, idempotency, seeds, SMS, fleet page, bad input. */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  it('confirms a staff-typed identity against the register: a verdict only, refusals by code', async () => {
    const confirm = (name: string, idNumber: string, document = 'household-register') =>
      client.call('confirmIdentity', {
        body: { terminalId: 't-1', name, idNumber, document: document as 'household-register' },
      });
    const good = await confirm('李示范', '440604198506151233');
    expect(good.ok && Object.keys(good.value).sort()).toEqual(['confirmed', 'confirmedAt']);
    // The raw answer names nothing from the register.
    const raw = await fetch(`${bo.url}v1/identity/confirm`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ terminalId: 't-1', name: '陈样本', idNumber: '440604194803022421', document: 'passport' }),
    });
    const text = await raw.text();
    expect(raw.status).toBe(200);
    expect(text).not.toMatch(/陈样本|样本街道|440604|户主/);
    const refusal = async (name: string, idNumber: string): Promise<unknown> => {
      const r = await confirm(name, idNumber);
      return r.ok ? null : { code: r.error.code, status: r.error.status, remoteCode: r.error.remoteCode };
    };
    // A lower-case x and spaces around the name still find the entry (here a deceased person's).
    expect(await refusal(' 周往昔 ', '44060419390415201x')).toMatchObject({ remoteCode: 'identity-inactive' });
    expect(await refusal('王芳', '440604198506151233')).toEqual({
      code: 'bo-rejected',
      status: 422,
      remoteCode: 'identity-name-mismatch',
    });
    expect(await refusal('张无名', '11010519491231002X')).toMatchObject({ status: 422, remoteCode: 'identity-not-in-register' });
    expect(await refusal('周往昔', '44060419390415201X')).toMatchObject({ status: 422, remoteCode: 'identity-inactive' });
    expect(await refusal('吴迁出', '440604195209093010')).toMatchObject({ status: 422, remoteCode: 'identity-inactive' });
    // A wrong name learns nothing of the person's standing.
    expect(await refusal('王芳', '44060419390415201X')).toMatchObject({ remoteCode: 'identity-name-mismatch' });
    // The body is checked like every other: an unknown document type is a 400.
    const bad = await fetch(`${bo.url}v1/identity/confirm`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ terminalId: 't-1', name: '李示范', idNumber: '440604198506151233', document: 'library-card' }),
    });
    expect([bad.status, ((await bad.json()) as { code: string }).code]).toEqual([400, 'invalid-request']);
    expect(bo.stats().confirmIdentity).toBe(9);
  });

  it('issues no document for a deceased or cancelled person (person-inactive); the admin endpoint sets the standing', async () => {
    const issue = (name: string, idNumber: string) =>
      client.call('issueDocument', {
        body: {
          terminalId: 't-1',
          matterId: 'household-certificate',
          idNumber,
          name,
          applicationNo: 'T-1-000001',
          locale: 'zh-CN',
        },
      });
    const dead = await issue('周往昔', '44060419390415201X');
    expect(dead.ok ? null : dead.error).toMatchObject({ code: 'bo-rejected', status: 422, remoteCode: 'person-inactive' });
    expect((await issue('李示范', '440604198506151233')).ok).toBe(true);
    await admin('admin/persons', {
      idNumber: '11010519491231002X',
      name: '张三丰',
      address: '北京市朝阳区演示路1号',
      status: 'cancelled',
    });
    const cancelled = await issue('张三丰', '11010519491231002X');
    expect(cancelled.ok ? null : cancelled.error.remoteCode).toBe('person-inactive');
    await admin('admin/persons', { idNumber: '11010519491231002X', name: '张三丰', address: '北京市朝阳区演示路1号' });
    expect((await issue('张三丰', '11010519491231002X')).ok).toBe(true);
    const bad = await fetch(`${bo.url}admin/persons`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ idNumber: '11010519491231002X', name: '张三丰', address: 'x', status: 'missing' }),
    });
    expect(bad.status).toBe(400);
  });

  it("brings an older database's register up to date: the status column, and the demo persons it lacked", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bo-migrate-'));
    try {
      const old = new Database(join(dir, 'backoffice.db'));
      old.exec(`CREATE TABLE persons (
        id_number TEXT PRIMARY KEY, name TEXT NOT NULL, sex TEXT NOT NULL, birth_date TEXT NOT NULL,
        household_no TEXT NOT NULL, household_head TEXT NOT NULL, relation TEXT NOT NULL, address TEXT NOT NULL,
        authority TEXT NOT NULL)`);
      old
        .prepare(`INSERT INTO persons VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
        .run('440604198506151233', '李示范', '男', '1985-06-15', 'H', '李示范', '户主', '旧地址', '旧机关');
      old.close();
      const upgraded = await startBackoffice({ dataDir: dir });
      try {
        const rows = upgraded.db.prepare(`SELECT id_number, address, status FROM persons ORDER BY id_number`).all() as Array<{
          id_number: string;
          address: string;
          status: string;
        }>;
        const by = new Map(rows.map((r) => [r.id_number, r]));
        // The entry already there is left as it was, now active; the missing ones are seeded.
        expect(by.get('440604198506151233')).toMatchObject({ address: '旧地址', status: 'active' });
        expect(by.get('44060419390415201X')?.status).toBe('deceased');
        expect(by.get('440604195209093010')?.status).toBe('cancelled');
        expect(by.has('440604194803022421')).toBe(true);
      } finally {
        await upgraded.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
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
