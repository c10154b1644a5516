/**
 * After a scripted flow of submissions, deposits, reports, pickups, audit events, faults and
 * a purge, no plain ID number, name, address or phone is anywhere in the data directory:
 * not in the database, its WAL, the key files or the log files.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startBackoffice } from '../../../../../backoffice/server.js';
import { createLogger, type Logger } from '../../../../../main/base/log/logger.js';
import { openDataServices } from '../../../../../main/data/data-services.js';
import { application, PERSON, tempDir, testConfig } from './fixtures.js';

const tmp = tempDir('yimen-privacy-');
afterAll(() => tmp.cleanup());

/** The people's data, plus a canary in a form field (form answers are sealed with the rest). */
const SECRETS = [
  PERSON.idNumber,
  PERSON.name,
  PERSON.address,
  PERSON.phone,
  '李小龙',
  '5101071985060612',
  '成都市武侯区',
  '13912345678',
  '表单金丝雀7731',
];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

function leaks(dir: string): string[] {
  const found: string[] = [];
  for (const f of files(dir)) {
    const buf = readFileSync(f);
    for (const s of SECRETS) {
      for (const enc of ['utf8', 'utf16le'] as const) if (buf.includes(Buffer.from(s, enc))) found.push(`${f}: ${s} (${enc})`);
    }
  }
  return found;
}

/**
 * Logs a marker line and waits until pino's worker thread and pino-roll have put it in a file
 * under `dir`; lines reach the file in order, so every earlier line is on disk then too. Returns
 * the logs' text. No deadline of its own: the test's timeout bounds it.
 */
async function logsWritten(log: Logger, dir: string): Promise<string> {
  const marker = `log-barrier-${randomUUID()}`;
  log.info(marker);
  await new Promise<void>((resolve) => log.flush(() => resolve()));
  for (;;) {
    const text = files(dir)
      .map((f) => readFileSync(f, 'utf8'))
      .join('');
    if (text.includes(marker)) return text;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('no personal data at rest', () => {
  it('finds no plain ID number, name, address or phone in the database or the logs', async () => {
    const bo = await startBackoffice({ dataDir: null });
    const dataDir = join(tmp.dir, 'kiosk');
    const log = createLogger({ level: 'debug', dir: join(dataDir, 'logs'), console: false });
    let clock = Date.now();
    const config = testConfig({
      backoffice: { url: bo.url, timeoutMs: 1000 },
      privacy: { mask: { keepStart: 1, keepEnd: 1, char: '*' }, retentionDays: 1 },
    });
    const opened = openDataServices({ dataDir, config, log, now: () => clock });
    if (!opened.ok) throw new Error(opened.error.message);
    const svc = opened.value;
    const other = {
      idType: 'resident' as const,
      idNumber: '510107198506061234',
      name: '李小龙',
      address: '四川省成都市武侯区一环路',
      phone: '13912345678',
    };

    // A card is read: the audit chain learns the subject, the log the masked values.
    const subject = svc.subjectOf(PERSON.idNumber);
    svc.audit.append({ type: 'session-start', actor: 'citizen' });
    svc.audit.append({ type: 'card-read', actor: 'citizen', subject, detail: { reader: 'idcard' } });
    log.info({ maskedId: svc.maskId(PERSON.idNumber), maskedName: svc.maskName(PERSON.name) }, 'card read');
    // A careless log call: the logger strips the personal fields.
    log.info({ idNumber: PERSON.idNumber, name: PERSON.name, address: PERSON.address, phone: PERSON.phone }, 'careless');

    for (let i = 0; i < 5; i++) expect(svc.outbox.submitApplication(application(i)).ok).toBe(true);
    expect(svc.outbox.submitApplication({ ...application(9, other), form: { note: '表单金丝雀7731' } }).ok).toBe(true);
    expect(
      svc.outbox.deposit({
        depositor: PERSON,
        lockerId: 'L1',
        cell: '02',
        description: '材料',
        depositedAt: new Date().toISOString(),
      }).ok,
    ).toBe(true);
    expect(
      svc.outbox.report({
        gridId: 'g1',
        category: 'road',
        text: '井盖缺失',
        phone: PERSON.phone,
        reportedAt: new Date().toISOString(),
      }).ok,
    ).toBe(true);
    const seeded = await fetch(`${bo.url}admin/pickups`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ idNumber: PERSON.idNumber, name: PERSON.name, phone: PERSON.phone, matterName: '港澳通行证' }),
    });
    const { pickupId } = (await seeded.json()) as { pickupId: string };
    svc.pickups.upsert({
      pickupId,
      idNumber: PERSON.idNumber,
      pickupCode: '123456',
      details: { applicationId: 'A1', matterName: '港澳通行证', holderName: PERSON.name },
      lockerId: 'L1',
      cell: '05',
      holdUntil: clock + 86_400_000,
      now: clock,
    });
    expect(svc.pickups.forPerson(PERSON.idNumber)[0]?.details.holderName).toBe(PERSON.name);
    expect(svc.pickups.forCode('123456')).toHaveLength(1);
    svc.pickups.markCollected(pickupId, clock);
    svc.audit.append({ type: 'locker-open', actor: 'citizen', subject, detail: { locker: 'L1', cell: '05' } });
    expect(
      svc.outbox.collected(pickupId, { method: 'id-card', collectedAt: new Date().toISOString() }, { subjectId: PERSON.idNumber })
        .ok,
    ).toBe(true);

    // "My operations today" lists them, read before the delivery below moves the clock on by hours
    // (which, started late in the evening, would be tomorrow).
    expect(svc.operationsToday(PERSON.idNumber).map((o) => o.type)).toEqual(
      expect.arrayContaining(['card-read', 'submission', 'deposit', 'locker-open']),
    );

    // Some delivery under faults (warnings in the log), then all of it.
    bo.faults.set({ fail500: 2, malformed: 1 });
    for (let i = 0; i < 30 && svc.worker.status().queued + svc.worker.status().auditPending > 0; i++) {
      clock += 3_600_000;
      await svc.worker.drainOnce({ forceAudit: true });
    }
    expect(svc.worker.status()).toMatchObject({ queued: 0, rejected: 0, online: true });

    // While open (database + WAL) …
    expect(leaks(dataDir)).toEqual([]);
    // … and after the retention has passed and the purge ran.
    clock += 2 * 86_400_000;
    const purged = svc.purge();
    expect(purged.outbox).toBeGreaterThan(0);
    await svc.close();
    const logText = await logsWritten(log, join(dataDir, 'logs'));
    expect(logText).toContain('4****************X');
    expect(logText).toContain('careless');
    expect(leaks(dataDir)).toEqual([]);
    await bo.close();
  });
});
