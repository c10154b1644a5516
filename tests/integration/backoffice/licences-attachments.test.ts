/**
 * The reference back office's e-licences (`queryLicences`) and resumable attachments
 * (`createAttachment`, `putAttachmentChunk`, `getAttachment`, the submission's link), over HTTP
 * through the typed client.
 */
import { createHash, randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { AttachmentStore } from '../../../backoffice/attachments.js';
import { startBackoffice, type RunningBackoffice } from '../../../backoffice/server.js';
import { formatContentRange } from '../../../common/content-range.js';
import { BackofficeClient } from '../../../main/data/backoffice-client/client.js';

const LI = { idNumber: '440604198506151233', name: '李示范' };
const CHEN = { idNumber: '440604194803022421', name: '陈样本' };
let bo: RunningBackoffice | undefined;

afterEach(async () => {
  await bo?.close();
  bo = undefined;
});

async function start(opts: Partial<Parameters<typeof startBackoffice>[0]> = {}): Promise<BackofficeClient> {
  bo = await startBackoffice({ dataDir: null, ...opts });
  return new BackofficeClient({ baseUrl: bo.url, timeoutMs: 5000, maxResponseBytes: 64 * 1024 * 1024 });
}

const query = (who: { idNumber: string; name: string }, types: string[]) => ({
  body: { terminalId: 't-1', ...who, types },
});

describe('queryLicences', () => {
  it("answers the person's licences of the types asked for, and only those", async () => {
    const c = await start();
    const all = await c.call('queryLicences', query(LI, ['marriage-certificate', 'real-estate-title', 'education-diploma']));
    expect(all.ok).toBe(true);
    if (!all.ok) return;
    expect(all.value.licences.map((l) => [l.type, l.title]).sort()).toEqual(
      [
        ['education-diploma', '学历证书'],
        ['marriage-certificate', '结婚证'],
        ['real-estate-title', '不动产权证书'],
      ].sort(),
    );
    for (const l of all.value.licences) {
      expect(l.holderName).toBe('李示范');
      expect(l.issuedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(l.reference).not.toContain(LI.idNumber);
    }
    const one = await c.call('queryLicences', query(LI, ['marriage-certificate', 'household-register']));
    expect(one.ok && one.value.licences.map((l) => l.type)).toEqual(['marriage-certificate']);
    // Another person's licence of an asked type is never answered.
    const chen = await c.call('queryLicences', query(CHEN, ['household-register', 'marriage-certificate']));
    expect(chen.ok && chen.value.licences.map((l) => [l.type, l.holderName])).toEqual([['household-register', '陈样本']]);
    // The same reference each time (opaque and stable).
    const again = await c.call('queryLicences', query(LI, ['marriage-certificate']));
    expect(again.ok && one.ok && again.value.licences[0]?.reference).toBe(one.ok ? one.value.licences[0]?.reference : null);
    const none = await c.call('queryLicences', query(LI, ['no-such-type']));
    expect(none.ok && none.value.licences).toEqual([]);
  });

  it('refuses like confirmIdentity: wrong name, unknown number, inactive person (name checked first)', async () => {
    const c = await start();
    const cases: Array<[{ idNumber: string; name: string }, string]> = [
      [{ ...LI, name: '李冒名' }, 'identity-name-mismatch'],
      [{ idNumber: '440604199001011234', name: '李示范' }, 'identity-not-in-register'],
      [{ idNumber: '44060419390415201X', name: '周往昔' }, 'identity-inactive'],
      [{ idNumber: '44060419390415201X', name: '冒名' }, 'identity-name-mismatch'],
    ];
    for (const [who, code] of cases) {
      const r = await c.call('queryLicences', query(who, ['real-estate-title']));
      expect(r.ok ? 'ok' : [r.error.status, r.error.remoteCode]).toEqual([422, code]);
    }
  });

  it('refuses a malformed request before asking the register', async () => {
    const c = await start();
    // The client checks the contract before sending…
    const empty = await c.call('queryLicences', query(LI, []));
    expect(!empty.ok && empty.error.code).toBe('bo-invalid-request');
    // …and the back office checks it again.
    for (const types of [[], ['Bad Type'], Array.from({ length: 21 }, (_, i) => `t${i}`), [42]]) {
      const res = await fetch(`${bo?.url}v1/licences/query`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ terminalId: 't-1', ...LI, types }),
      });
      expect(res.status).toBe(400);
    }
  });
});

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

function declare(id: string, pdf: Uint8Array, over: Record<string, unknown> = {}) {
  return {
    idempotencyKey: id,
    body: {
      terminalId: 't-1',
      applicationNo: 'T1-0001',
      materialId: 'rental-contract',
      mediaType: 'application/pdf' as const,
      size: pdf.length,
      sha256: sha(pdf),
      ...over,
    },
  };
}

function chunk(id: string, pdf: Uint8Array, start: number, end: number) {
  return {
    params: { attachmentId: id },
    body: undefined,
    bytes: pdf.subarray(start, end),
    contentRange: formatContentRange(start, end, pdf.length),
  };
}

function submission(materials: Array<Record<string, unknown>>) {
  return {
    idempotencyKey: `sub-${randomBytes(6).toString('hex')}`,
    body: {
      terminalId: 't-1',
      matterCode: 'residence-permit',
      applicant: { idType: 'resident' as const, ...LI },
      form: {},
      materials: materials as Array<{ kind: string; description: string; attachmentId?: string; licenceRef?: string }>,
      submittedAt: new Date().toISOString(),
    },
  };
}

describe('e-licences named in a submission', () => {
  it('are accepted only when the licence register holds them for the applicant', async () => {
    const c = await start();
    const listed = await c.call('queryLicences', {
      body: { terminalId: 't-1', name: LI.name, idNumber: LI.idNumber, types: ['marriage-certificate'] },
    });
    const ref = listed.ok ? (listed.value.licences[0]?.reference ?? '') : '';
    expect(ref).not.toBe('');
    const own = await c.call('submitApplication', submission([{ kind: 'marriage', description: 'e-licence', licenceRef: ref }]));
    expect(own.ok).toBe(true);
    const forged = await c.call(
      'submitApplication',
      submission([{ kind: 'marriage', description: 'e-licence', licenceRef: 'LIC-NOT-HERS-0001' }]),
    );
    expect(!forged.ok && forged.error.remoteCode).toBe('licence-not-held');
  });
});

describe('attachments', () => {
  it('declared, sent in chunks (resent and overlapping chunks fine, a gap refused), complete, linked, fetched', async () => {
    const c = await start();
    const pdf = randomBytes(100_000);
    const id = 'att-0001-aaaa';
    const first = await c.call('createAttachment', declare(id, pdf));
    expect(first.ok && first.value).toEqual({ attachmentId: id, received: 0 });
    expect((await c.call('putAttachmentChunk', chunk(id, pdf, 0, 30_000))).ok).toBe(true);
    // The same chunk again (a lost answer): fine, nothing changes.
    const again = await c.call('putAttachmentChunk', chunk(id, pdf, 0, 30_000));
    expect(again.ok && again.value.received).toBe(30_000);
    // A gap: refused, and the answer says where to go on from.
    const gap = await c.call('putAttachmentChunk', chunk(id, pdf, 40_000, 50_000));
    expect(!gap.ok && [gap.error.status, gap.error.remoteCode]).toEqual([409, 'attachment-range-gap']);
    // A chunk overlapping what is held: its new part is kept.
    const overlap = await c.call('putAttachmentChunk', chunk(id, pdf, 20_000, 60_000));
    expect(overlap.ok && overlap.value.received).toBe(60_000);
    // A repeated declaration tells how far it got (resume after a crash).
    const redeclared = await c.call('createAttachment', declare(id, pdf));
    expect(redeclared.ok && redeclared.value.received).toBe(60_000);
    const status = await c.call('getAttachment', { params: { attachmentId: id }, body: undefined });
    expect(status.ok && status.value.received).toBe(60_000);
    // Not complete yet: a submission naming it is refused, and nothing of it is kept.
    const early = await c.call(
      'submitApplication',
      submission([{ kind: 'rental-contract', description: 'scan', attachmentId: id }]),
    );
    expect(!early.ok && [early.error.status, early.error.remoteCode]).toEqual([409, 'attachment-incomplete']);
    const done = await c.call('putAttachmentChunk', chunk(id, pdf, 60_000, 100_000));
    expect(done.ok && done.value.received).toBe(100_000);
    const sub = await c.call(
      'submitApplication',
      submission([{ kind: 'rental-contract', description: 'scan', attachmentId: id }]),
    );
    expect(sub.ok).toBe(true);
    if (!sub.ok) return;
    const list = (await (await fetch(`${bo?.url}admin/applications/${sub.value.applicationId}/attachments`)).json()) as {
      attachments: Array<{ attachmentId: string; sha256: string; size: number }>;
    };
    expect(list.attachments).toEqual([expect.objectContaining({ attachmentId: id, size: pdf.length, sha256: sha(pdf) })]);
    const got = await fetch(`${bo?.url}admin/attachments/${id}/pdf`);
    expect(got.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await got.arrayBuffer()).equals(pdf)).toBe(true);
    // Another application cannot take it.
    const thief = await c.call('submitApplication', submission([{ kind: 'x', description: 'y', attachmentId: id }]));
    expect(!thief.ok && thief.error.remoteCode).toBe('attachment-linked');
  });

  it('a damaged transfer fails the hash check: every byte discarded, and a clean re-upload completes', async () => {
    const c = await start();
    const pdf = randomBytes(10_000);
    const id = 'att-0002-bbbb';
    expect((await c.call('createAttachment', declare(id, pdf))).ok).toBe(true);
    bo?.faults.set({ corruptChunk: 1 });
    expect((await c.call('putAttachmentChunk', chunk(id, pdf, 0, 5000))).ok).toBe(true);
    const last = await c.call('putAttachmentChunk', chunk(id, pdf, 5000, 10_000));
    expect(!last.ok && [last.error.status, last.error.remoteCode]).toEqual([422, 'attachment-hash-mismatch']);
    const after = await c.call('getAttachment', { params: { attachmentId: id }, body: undefined });
    expect(after.ok && after.value.received).toBe(0);
    expect((await fetch(`${bo?.url}admin/attachments/${id}/pdf`)).status).toBe(404);
    expect((await c.call('putAttachmentChunk', chunk(id, pdf, 0, 10_000))).ok).toBe(true);
    const got = await fetch(`${bo?.url}admin/attachments/${id}/pdf`);
    expect(Buffer.from(await got.arrayBuffer()).equals(pdf)).toBe(true);
  });

  it('checks the hash of every byte held when its running hash was lost (a restart, more uploads at once than it keeps)', () => {
    const db = new Database(':memory:');
    const now = () => 1_700_000_000_000;
    let store = new AttachmentStore(db, now, { maxBytes: 1_000_000 });
    const body = (pdf: Buffer) => ({
      terminalId: 't-1',
      applicationNo: 'T1-0001',
      materialId: 'rental-contract',
      mediaType: 'application/pdf',
      size: pdf.length,
      sha256: sha(pdf),
    });
    const put = (id: string, pdf: Buffer, start: number, end: number, corrupt = false) =>
      store.putChunk(id, formatContentRange(start, end, pdf.length), pdf.subarray(start, end), corrupt);
    const files = Array.from({ length: 260 }, (_, i) => ({
      id: `att-many-${String(i).padStart(4, '0')}`,
      pdf: randomBytes(2000),
    }));
    for (const f of files) {
      expect(store.create(f.id, body(f.pdf)).status).toBe(201);
      expect(put(f.id, f.pdf, 0, 1000).body).toEqual({ attachmentId: f.id, received: 1000 });
    }
    // The first uploads' running hashes were dropped (the bound): their bytes are read back.
    for (const f of files.slice(0, 8)) expect(put(f.id, f.pdf, 1000, 2000).status).toBe(200);
    // A damaged chunk whose running hash was lost is caught all the same.
    const [damaged, afterRestart, clean] = files.slice(256, 259);
    if (!damaged || !afterRestart || !clean) throw new Error('files');
    put(damaged.id, damaged.pdf, 1000, 1500, true);
    store = new AttachmentStore(db, now, { maxBytes: 1_000_000 }); // a restart: nothing running
    expect(put(damaged.id, damaged.pdf, 1500, 2000).body).toMatchObject({ code: 'attachment-hash-mismatch' });
    expect(put(afterRestart.id, afterRestart.pdf, 1000, 2000).status).toBe(200);
    // One going on unbroken after the restart, in three chunks: the running hash again.
    const fresh = randomBytes(3000);
    store.create('att-fresh-0001', body(fresh));
    put('att-fresh-0001', fresh, 0, 1000);
    put('att-fresh-0001', fresh, 500, 2000);
    expect(put('att-fresh-0001', fresh, 2000, 3000).status).toBe(200);
    for (const f of [...files.slice(0, 8), afterRestart]) expect(store.pdf(f.id)?.equals(f.pdf)).toBe(true);
    expect(store.pdf('att-fresh-0001')?.equals(fresh)).toBe(true);
    expect(store.pdf(damaged.id)).toBeNull();
    // And one sent damaged while its hash ran: refused too.
    expect(put(clean.id, clean.pdf, 1000, 2000, true).body).toMatchObject({ code: 'attachment-hash-mismatch' });
    db.close();
  });

  it('refuses: over the size cap (413), another declaration under a used id (409), bad ranges (400), unknown ids', async () => {
    const c = await start({ attachmentMaxBytes: 50_000 });
    const big = await c.call('createAttachment', declare('att-big-0001', randomBytes(10), { size: 50_001 }));
    expect(!big.ok && [big.error.status, big.error.remoteCode]).toEqual([413, 'attachment-too-large']);
    const pdf = randomBytes(1000);
    expect((await c.call('createAttachment', declare('att-0003-cccc', pdf))).ok).toBe(true);
    const other = await c.call('createAttachment', declare('att-0003-cccc', pdf, { materialId: 'other' }));
    expect(!other.ok && [other.error.status, other.error.remoteCode]).toEqual([409, 'idempotency-conflict']);
    const url = `${bo?.url}v1/attachments/att-0003-cccc`;
    const put = (range: string | null, body: Uint8Array) =>
      fetch(url, {
        method: 'PUT',
        headers: { 'content-type': 'application/octet-stream', ...(range ? { 'content-range': range } : {}) },
        body: body as Uint8Array<ArrayBuffer>,
      });
    expect((await put(null, pdf)).status).toBe(400);
    expect((await put('bytes 0-9/1000', pdf.subarray(0, 5))).status).toBe(400); // body shorter than the range
    expect((await put('bytes 0-9/999', pdf.subarray(0, 10))).status).toBe(400); // not the declared size
    expect((await put('bytes */1000', pdf.subarray(0, 10))).status).toBe(400);
    const unknown = await c.call('putAttachmentChunk', chunk('att-none-0000', pdf, 0, 10));
    expect(!unknown.ok && unknown.error.status).toBe(404);
    const sub = await c.call('submitApplication', submission([{ kind: 'x', description: 'y', attachmentId: 'att-none-0000' }]));
    expect(!sub.ok && sub.error.remoteCode).toBe('attachment-incomplete');
  });
});
