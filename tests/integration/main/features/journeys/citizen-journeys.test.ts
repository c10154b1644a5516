import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBackoffice } from '../../../../../backoffice/server.js';
import type { Booted } from '../../../../../main/core/boot.js';
import type { SessionView } from '../../../../../main/base/api/contract.js';
import { runCli } from '../../../../../main/shells/cli/main.js';
import { startKioskStack, type KioskStack } from '../../../../helpers/stack.js';

let bo: RunningBackoffice;
let kiosk: Booted;
let dataDir: string;
const ctx = { shell: 'browser' as const };
// The emulator's sample resident card (fictional person).
const SAMPLE_ID = '440604198506151233';
const SAMPLE_NAME = '李示范';

async function until(pred: (v: SessionView) => boolean, what: string, ms = 10_000): Promise<SessionView> {
  const end = Date.now() + ms;
  for (;;) {
    const v = kiosk.core.session.view();
    if (pred(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; at ${v.step ?? v.phase} ${JSON.stringify(v.notice)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
/** An on-the-spot document on a card: the face check first (#15; the emulated camera shows the holder). */
async function passFace(): Promise<void> {
  await until((v) => v.step === 'face.consent', 'the face check consent');
  await call('journey.faceAgree');
  const v = await until((x) => x.step !== 'face.consent' && x.step !== 'face.checking', 'the face check', 30_000);
  expect(v.identity?.faceChecked).toBe(true);
}
async function call(method: string, args: unknown = {}): Promise<void> {
  const r = await kiosk.core.dispatch(method, args, ctx);
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
}

let stack: KioskStack | undefined;

beforeAll(async () => {
  stack = await startKioskStack({ config: { logging: { level: 'debug' } } });
  ({ bo, kiosk, dataDir } = stack);
  await until(() => kiosk.core.devices.health().every((h) => h.state !== 'unknown'), 'devices up');
});

afterAll(async () => {
  await stack?.close();
});

describe('citizen journeys through the core, emulated devices, the store and the reference back office', () => {
  it('apply: card → form → review → consent → durable submit → receipt → back office gets it once → rating', async () => {
    const printer = kiosk.core.devices.emulator('receipt-printer');
    const before = printer?.receipts.length ?? 0;
    await call('session.start');
    await call('journey.choose', { purpose: 'apply', matterId: 'senior-card' });
    kiosk.core.devices.emulator('idcard')?.placeCard('resident');
    const form = await until((v) => v.step === 'apply.form', 'the form');
    expect(form.identity?.maskedId).not.toContain('198506');
    await call('journey.formEdit', { values: { phone: '13800138000' } });
    await call('journey.setDelivery', { delivery: 'locker' });
    await call('journey.formSubmit');
    await call('journey.confirm');
    await call('journey.agree', { sensitiveConsent: true });
    const done = await until((v) => v.step === 'apply.done', 'submission');
    expect(done.result?.applicationNo).toMatch(/^[A-Z0-9]+-\d{6}-[0-9A-F]{8}$/);
    expect(done.result?.receiptPrinted).toBe(true);
    expect(printer?.receipts.length).toBe(before + 1);
    const receiptText = JSON.stringify(printer?.receipts.at(-1));
    expect(receiptText).toContain(done.result?.applicationNo ?? 'x');
    expect(receiptText).not.toContain(SAMPLE_ID);
    expect(receiptText).not.toContain(SAMPLE_NAME);

    const end = Date.now() + 10_000;
    let rows: unknown[] = [];
    while (Date.now() < end) {
      rows = bo.db.prepare(`SELECT application_id FROM applications WHERE matter_code = 'senior-card'`).all();
      if (rows.length > 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(rows, JSON.stringify(kiosk.data?.outbox.state(`submission:${done.result?.applicationNo ?? ''}`))).toHaveLength(1);

    await call('journey.done');
    await call('journey.rate', { score: 5 });
    await until((v) => v.phase === 'ending', 'ending');
    await call('session.end');
  });

  it("instant certificate: the back office issues it from its register; the PDF verifies offline with the authority's key", async () => {
    const a4 = kiosk.core.devices.emulator('a4-printer');
    const before = a4?.jobs.length ?? 0;
    await call('session.start');
    await call('journey.choose', { purpose: 'apply', matterId: 'household-certificate' });
    kiosk.core.devices.emulator('idcard')?.placeCard('resident');
    await passFace();
    await until((v) => v.step === 'apply.form', 'the form');
    await call('journey.formEdit', { values: { purpose: '入学' } });
    await call('journey.formSubmit');
    await call('journey.confirm');
    await call('journey.agree', { sensitiveConsent: true });
    const done = await until((v) => v.step === 'apply.done', 'printing', 20_000);
    expect(done.result).toMatchObject({ documentPrinted: true });
    const job = a4?.jobs.at(-1);
    expect(a4?.jobs.length).toBe(before + 1);
    const keyFile = join(dataDir, 'authority.pub.pem');
    writeFileSync(keyFile, bo.seal.publicKeyPem);
    const out: string[] = [];
    const code = await runCli(['verify-document', job?.file ?? '', '--public-key', keyFile], {
      out: (t) => out.push(t),
      err: () => undefined,
    });
    expect(code).toBe(0);
    expect(JSON.parse(out[0] ?? '{}')).toMatchObject({
      valid: true,
      applicationNo: done.result?.applicationNo,
      matter: 'household-certificate',
      maskedName: '李**',
    });
    // Issued by the back office under the number the application was then submitted with.
    const issued = bo.db.prepare(`SELECT application_no, id_number FROM documents`).all() as Array<{ application_no: string }>;
    expect(issued.map((d) => d.application_no)).toContain(done.result?.applicationNo);
    kiosk.core.devices.emulator('idcard')?.removeCard();
    await call('session.end');
  });

  it('collect with the SMS pickup code: the right door opens, closing it completes the pickup', async () => {
    const res = await fetch(new URL('admin/pickups', bo.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        idNumber: SAMPLE_ID,
        name: SAMPLE_NAME,
        phone: '13800138000',
        matterName: 'senior-card',
        lockerId: 'locker',
        cell: '1-07',
      }),
    });
    const created = (await res.json()) as { pickupCode: string };
    expect(res.status, JSON.stringify(created)).toBe(201);
    const { pickupCode } = created;
    await call('session.start');
    await call('journey.choose', { purpose: 'collect' });
    await call('journey.pickupCode', { code: pickupCode });
    const choose = await until((v) => v.step === 'collect.choose', 'pickups');
    expect(choose.pickups.map((p) => p.door)).toEqual(['A-07']);
    await call('journey.openPickup', { pickupId: choose.pickups[0]?.pickupId ?? '' });
    await until((v) => v.step === 'collect.open', 'door open');
    const host = kiosk.core.devices.emulator('locker');
    expect(host).not.toBeNull();
    expect(host?.emulator.door(1, 7)).toBe('open');
    host?.emulator.setDoor(1, 7, 'closed');
    const after = await until((v) => v.step === 'collect.choose' && v.collected === 1, 'pickup completed');
    expect(after.notice?.code).toMatch(/^pickup-done/);
    await call('session.end');
  });

  it('staff-assisted: one alert to the back office however often staff are asked for; the identity is audited under the staff member', async () => {
    const helpCalls = (): number =>
      (bo.db.prepare(`SELECT COUNT(*) AS n FROM urgent_events WHERE kind = 'help-requested'`).get() as { n: number }).n;
    const before = helpCalls();
    await call('session.start');
    await call('journey.choose', { purpose: 'mydata' });
    await call('journey.askStaff');
    await call('journey.back');
    await call('journey.askStaff');
    await call('journey.staffVerify', { card: 'STAFF-0001', pin: '246810' });
    const entry = await until((v) => v.step === 'assist.entry', 'staff in');
    expect(entry.assistStaff?.staffId).toBe('demo-night');
    await call('journey.staffIdentify', { name: SAMPLE_NAME, idNumber: SAMPLE_ID, document: 'passport' });
    const mine = await until((v) => v.step === 'mydata.list', 'my data');
    expect(mine.identity).toMatchObject({ method: 'staff', cardType: 'staff-checked' });
    expect(mine.myData.map((e) => e.action)).toContain('identify-staff-assisted');
    await call('session.end');
    // The urgent event travels through the outbox: once it is empty, the back office has every call
    // queued; the second ask within a minute queued none.
    const deadline = Date.now() + 15_000;
    while ((helpCalls() === before || (kiosk.data?.outboxRepo.counts().queued ?? 0) > 0) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    expect(helpCalls() - before).toBe(1);
  });

  it('staff-assisted identity: the register must confirm the typed pair before the session goes on; refusals audited, nothing printed', async () => {
    const a4 = kiosk.core.devices.emulator('a4-printer');
    const receipts = kiosk.core.devices.emulator('receipt-printer');
    const [jobs, slips] = [a4?.jobs.length ?? 0, receipts?.receipts.length ?? 0];
    const confirmations = (): number => bo.stats().confirmIdentity ?? 0;
    await call('session.start');
    await call('journey.choose', { purpose: 'apply', matterId: 'household-certificate' });
    await call('journey.askStaff');
    await call('journey.staffVerify', { card: 'STAFF-0001', pin: '246810' });
    await until((v) => v.step === 'assist.entry', 'staff in');
    const refused = async (name: string, idNumber: string, code: string): Promise<void> => {
      const before = confirmations();
      await call('journey.staffIdentify', { name, idNumber, document: 'household-register' });
      const v = await until((x) => x.step === 'assist.entry' && x.notice !== null, `refusal ${code}`);
      expect(v.notice?.code).toBe(code);
      expect(v.identity).toBeNull();
      if (code !== 'assist-register-unavailable') expect(confirmations()).toBe(before + 1);
    };
    // Staff typed 王芳 with 李示范's number: the check digit is valid, the register says no.
    await refused('王芳', SAMPLE_ID, 'assist-name-mismatch');
    await refused('周往昔', '44060419390415201X', 'assist-person-inactive');
    await refused('吴迁出', '440604195209093010', 'assist-person-inactive');
    await refused('张无名', '11010519491231002X', 'assist-not-in-register');
    // The back office down: no check is possible, so no pass.
    bo.faults.set({ fail500: 1000 });
    try {
      await refused(SAMPLE_NAME, SAMPLE_ID, 'assist-register-unavailable');
    } finally {
      bo.faults.clear();
    }
    // Every refusal is in the audit chain under the member of staff, with the reason.
    const audit = kiosk.data?.audit;
    const on = (id: string) =>
      audit?.operationsOn(kiosk.data?.cipher.lookupKey(id) ?? '', Date.now() - 60_000, Date.now() + 1) ?? [];
    const refusals = on(SAMPLE_ID).filter((r) => r.type === 'identify.staff-assisted-refused');
    expect(refusals.map((r) => (r.detail as { reason?: string }).reason)).toEqual([
      'assist-name-mismatch',
      'assist-register-unavailable',
    ]);
    expect(refusals.every((r) => r.actor === 'staff:demo-night')).toBe(true);
    expect(on('44060419390415201X').map((r) => r.type)).toContain('identify.staff-assisted-refused');
    expect([a4?.jobs.length, receipts?.receipts.length]).toEqual([jobs, slips]);

    // The right name: confirmed, and the journey goes on to a printed certificate.
    await call('journey.staffIdentify', { name: SAMPLE_NAME, idNumber: SAMPLE_ID, document: 'household-register' });
    const form = await until((v) => v.step === 'apply.form', 'the form');
    expect(form.identity).toMatchObject({ method: 'staff', cardType: 'staff-checked' });
    await call('journey.formEdit', { values: { purpose: '入学' } });
    await call('journey.formSubmit');
    await call('journey.confirm');
    await call('journey.agree', { sensitiveConsent: true });
    const done = await until((v) => v.step === 'apply.done', 'printed', 20_000);
    expect(done.result?.documentPrinted).toBe(true);
    expect(a4?.jobs.length).toBe(jobs + 1);
    await call('session.end');
  });

  it('not in the register: no reference photo, so no face check and no certificate; staff are offered', async () => {
    const a4 = kiosk.core.devices.emulator('a4-printer');
    const jobs = a4?.jobs.length ?? 0;
    await call('session.start');
    await call('journey.choose', { purpose: 'apply', matterId: 'household-certificate' });
    kiosk.core.devices.emulator('idcard')?.placeCard('hkmotw');
    await until((v) => v.step === 'face.consent', 'the face check consent');
    await call('journey.faceAgree');
    const v = await until((x) => x.step === 'face.unavailable', 'no face check');
    expect(v.notice?.code).toBe('face-reference-missing');
    expect(v.identity?.faceChecked).toBe(false);
    await call('journey.faceRetry'); // nothing to retry: still no face check
    expect(kiosk.core.session.view().step).toBe('face.unavailable');
    expect(a4?.jobs.length).toBe(jobs);
    kiosk.core.devices.emulator('idcard')?.removeCard();
    await call('session.end');
  });

  it('not in the register, the face check turned off for the matter by the hall: nothing printed; 办结后领取 submits the application for later collection', async () => {
    // A second terminal (and back office) whose config turns the face check off for this matter.
    const other = await startKioskStack({ config: { identity: { faceCheck: { matters: { 'household-certificate': 'off' } } } } });
    const saved = kiosk;
    kiosk = other.kiosk;
    try {
      await until(() => kiosk.core.devices.health().every((h) => h.state !== 'unknown'), 'devices up');
      await notInRegister();
    } finally {
      kiosk = saved;
      await other.close();
    }
  });
  async function notInRegister(): Promise<void> {
    const a4 = kiosk.core.devices.emulator('a4-printer');
    const receipts = kiosk.core.devices.emulator('receipt-printer');
    const [jobs, slips] = [a4?.jobs.length ?? 0, receipts?.receipts.length ?? 0];
    await call('session.start');
    await call('journey.choose', { purpose: 'apply', matterId: 'household-certificate' });
    kiosk.core.devices.emulator('idcard')?.placeCard('hkmotw');
    await until((v) => v.step === 'apply.form', 'the form');
    await call('journey.formEdit', { values: { purpose: '入学' } });
    await call('journey.formSubmit');
    await call('journey.confirm');
    await call('journey.agree', { sensitiveConsent: true });
    const refused = await until((v) => v.step === 'apply.notIssued', 'refused');
    expect(refused.notice?.code).toBe('doc-not-in-register');
    expect([a4?.jobs.length, receipts?.receipts.length]).toEqual([jobs, slips]);
    await call('journey.collectLater');
    const done = await until((v) => v.step === 'apply.done', 'submitted');
    expect(done.result).toMatchObject({ receiptPrinted: true, documentPrinted: null });
    expect(a4?.jobs.length).toBe(jobs);
    expect(JSON.stringify(receipts?.receipts.at(-1))).toContain('办结后凭身份证领取');
    kiosk.core.devices.emulator('idcard')?.removeCard();
    await call('session.end');
  }

  it('a wrong pickup code finds nothing and says so', async () => {
    await call('session.start');
    await call('journey.choose', { purpose: 'collect' });
    await call('journey.pickupCode', { code: '000001' });
    await until((v) => v.phase === 'identifying' && v.notice?.code === 'no-pickups', 'no-pickups notice');
    await call('session.end');
  });

  it('leaves no plain ID number, name or address in the database or the logs', async () => {
    // Wait until everything logged so far is on disk (pino's worker thread and pino-roll write
    // asynchronously): a marker logged now is in a file only after every earlier line.
    const marker = `log-barrier-${randomUUID()}`;
    kiosk.log.info(marker);
    await new Promise<void>((resolve) => kiosk.log.flush(() => resolve()));
    const logText = (): string =>
      readdirSync(join(dataDir, 'logs'))
        .map((f) => readFileSync(join(dataDir, 'logs', f), 'utf8'))
        .join('');
    while (!logText().includes(marker)) await new Promise((r) => setTimeout(r, 20));
    const files = [
      ...readdirSync(dataDir)
        .filter((f) => f.startsWith('yimen.db'))
        .map((f) => join(dataDir, f)),
      ...readdirSync(join(dataDir, 'logs')).map((f) => join(dataDir, 'logs', f)),
    ];
    expect(files.length).toBeGreaterThan(1);
    for (const f of files) {
      const bytes = readFileSync(f);
      for (const secret of [SAMPLE_ID, SAMPLE_NAME, '示范路']) {
        expect(bytes.includes(Buffer.from(secret)), `${secret} in ${f}`).toBe(false);
        expect(bytes.includes(Buffer.from(secret, 'utf16le')), `${secret} (UTF-16) in ${f}`).toBe(false);
      }
    }
  });
});
