/**
 * Attachments delivered exactly once, on a real SQLite file and the reference back office: two
 * PDFs with an application, through 500s (before and after the work), dropped connections,
 * truncated answers, timeouts and a damaged transfer (the back office's hash check refuses it,
 * the kiosk uploads it again); the bytes sealed at rest and purged once the back office has the
 * application; the store's room for attachments bounded (`attachments-full`, an urgent alert).
 */
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startBackoffice, type RunningBackoffice } from '../../../../../backoffice/server.js';
import type { KioskConfigInput } from '../../../../../config/schema.js';
import type { DataServices } from '../../../../../main/data/data-services.js';
import { attachmentAad } from '../../../../../main/data/sync/outbox.js';
import { openServices, PERSON, tempDir, testConfig } from '../store/fixtures.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(
  over: Partial<KioskConfigInput> & Record<string, unknown> = {},
): Promise<{ bo: RunningBackoffice; svc: DataServices; clock: { t: number }; dir: string }> {
  const bo = await startBackoffice({ dataDir: null });
  cleanups.push(() => bo.close());
  const t = tempDir('yimen-att-');
  cleanups.push(t.cleanup);
  const clock = { t: Date.now() };
  const config = testConfig({
    backoffice: { url: bo.url, timeoutMs: 1000 },
    attachments: { maxStoreMB: 64, maxFileMB: 20, chunkKiB: 16 },
    ...over,
  });
  const svc = openServices(t.dir, config, () => clock.t);
  cleanups.push(() => svc.close());
  return { bo, svc, clock, dir: t.dir };
}

/** Rounds of delivery with the clock pushed past every back-off, until nothing waits. */
async function settle(svc: DataServices, clock: { t: number }, rounds = 200): Promise<number> {
  for (let i = 0; i < rounds; i++) {
    const s = svc.worker.status();
    if (s.queued === 0) return i;
    clock.t += 10 * 60_000;
    await svc.worker.drainOnce();
  }
  throw new Error(`still queued after ${rounds} rounds: ${JSON.stringify(svc.worker.status())}`);
}

/** A PDF-looking file: the header, random bytes (incompressible) and a marker to look for at rest. */
function pdf(bytes: number, marker: string): Buffer {
  const head = Buffer.from('%PDF-1.7\n');
  const tail = Buffer.from(`\n% ${marker}\n%%EOF\n`);
  return Buffer.concat([head, randomBytes(bytes - head.length - tail.length), tail]);
}

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

function body(no: string, materials = ['rental-contract', 'school-letter', 'household-page']) {
  return {
    matterCode: 'residence-permit',
    applicant: PERSON,
    form: { purpose: 'school' },
    materials: materials.map((kind) => ({ kind, description: 'scan' })),
    submittedAt: new Date().toISOString(),
    receipt: { applicationNo: no, tokenSha256: 'a'.repeat(64) },
  };
}

interface KioskAttachment {
  id: string;
  material_id: string;
  size: number;
  sha256: string;
  segment_bytes: number;
  /** Sealed segments at rest, and their bytes (null: none). */
  segments: number;
  sealed: number | null;
  sealed_bytes: number;
  state: string;
  hash_failures: number;
}

function kioskRows(svc: DataServices): KioskAttachment[] {
  return svc.store.db
    .prepare(
      `SELECT a.*, COUNT(s.seq) AS segments, SUM(length(s.sealed)) AS sealed
       FROM attachments a LEFT JOIN attachment_segments s USING (id) GROUP BY a.id ORDER BY a.rowid`,
    )
    .all() as KioskAttachment[];
}

async function heldPdf(bo: RunningBackoffice, id: string): Promise<Buffer> {
  const res = await fetch(`${bo.url}admin/attachments/${id}/pdf`);
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

describe('attachments, exactly once', () => {
  it('an application with two PDFs reaches the back office once, through faults and a hash rejection', async () => {
    const { bo, svc, clock, dir } = await setup();
    const contract = pdf(150_000, 'MARKER-CONTRACT-7f3a');
    const letter = pdf(70_000, 'MARKER-LETTER-91cc');
    const r = svc.outbox.submitApplication(body('T1-0001'), {
      key: 'submission:T1-0001',
      actor: 'session-1',
      attachments: [
        { materialId: 'rental-contract', pdf: contract },
        { materialId: 'school-letter', pdf: letter },
      ],
    });
    expect(r.ok).toBe(true);
    // Sealed at rest: neither PDF's text is in the database files.
    for (const f of readdirSync(dir).filter((n) => n.startsWith('yimen.db'))) {
      const raw = readFileSync(join(dir, f));
      expect(raw.includes('MARKER-CONTRACT-7f3a'), f).toBe(false);
      expect(raw.includes('MARKER-LETTER-91cc'), f).toBe(false);
    }
    const rows = kioskRows(svc);
    expect(rows.map((x) => [x.material_id, x.size, x.sha256, x.state])).toEqual([
      ['rental-contract', contract.length, sha(contract), 'queued'],
      ['school-letter', letter.length, sha(letter), 'queued'],
    ]);
    // In 16 KiB segments (the chunk size), each sealed on its own: the sealed bytes counted are those at rest.
    expect(rows.map((x) => [x.segment_bytes, x.segments])).toEqual([
      [16_384, Math.ceil(contract.length / 16_384)],
      [16_384, Math.ceil(letter.length / 16_384)],
    ]);
    expect(rows.every((x) => x.sealed !== null && x.sealed_bytes === x.sealed && x.sealed_bytes > x.size)).toBe(true);

    // Faults on the way, one after another, each on the next request(s).
    bo.faults.set({ fail500: 2 });
    await svc.worker.drainOnce();
    bo.faults.set({ fail500AfterCommit: 2 });
    clock.t += 600_000;
    await svc.worker.drainOnce();
    bo.faults.set({ drop: 2 });
    clock.t += 600_000;
    await svc.worker.drainOnce();
    bo.faults.set({ malformed: 2 });
    clock.t += 600_000;
    await svc.worker.drainOnce();
    // Slower than the client waits: the work is done, the answer lost.
    bo.faults.set({ delayMs: 1500 });
    clock.t += 600_000;
    await svc.worker.drainOnce();
    bo.faults.clear();
    // A damaged transfer: the back office's hash check refuses, discards, the kiosk sends again.
    bo.faults.set({ corruptChunk: 1 });
    await settle(svc, clock);

    expect(svc.worker.status()).toMatchObject({ queued: 0, rejected: 0 });
    const apps = bo.db.prepare(`SELECT application_id AS id, idem_key AS k FROM applications`).all() as Array<{
      id: string;
      k: string;
    }>;
    expect(apps).toEqual([{ id: expect.stringMatching(/^A/) as string, k: 'submission:T1-0001' }]);
    const appId = apps[0]?.id ?? '';
    expect(svc.outbox.state('submission:T1-0001')).toMatchObject({ state: 'sent', remoteRef: appId });
    // Exactly the two attachments, linked, each held once and byte for byte.
    const held = bo.db
      .prepare(`SELECT attachment_id AS id, material_id AS m, state, application_id AS app, hash_failures AS hf FROM attachments`)
      .all() as Array<{ id: string; m: string; state: string; app: string; hf: number }>;
    expect(held.map((h) => [h.m, h.state, h.app]).sort()).toEqual([
      ['rental-contract', 'complete', appId],
      ['school-letter', 'complete', appId],
    ]);
    expect(held.reduce((n, h) => n + h.hf, 0)).toBe(1);
    const byMaterial = new Map(held.map((h) => [h.m, h.id]));
    expect((await heldPdf(bo, byMaterial.get('rental-contract') ?? '')).equals(contract)).toBe(true);
    expect((await heldPdf(bo, byMaterial.get('school-letter') ?? '')).equals(letter)).toBe(true);
    // The submission named them in its materials (and not the material without a PDF).
    const form = bo.db.prepare(`SELECT COUNT(*) AS n FROM attachments WHERE application_id = ?`).get(appId) as { n: number };
    expect(form.n).toBe(2);
    // The bytes are gone from the kiosk; the rows stay (sent, size, hash) for "my data".
    const after = kioskRows(svc);
    expect(after.map((x) => [x.state, x.sealed, x.sealed_bytes])).toEqual([
      ['sent', null, 0],
      ['sent', null, 0],
    ]);
    expect(after.reduce((n, x) => n + x.hash_failures, 0)).toBe(1);
    expect(svc.attachmentsToday(PERSON.idNumber).map((a) => [a.materialId, a.size, a.sha256, a.state])).toEqual([
      ['rental-contract', contract.length, sha(contract), 'sent'],
      ['school-letter', letter.length, sha(letter), 'sent'],
    ]);
    // Chunks sent: the two files once (16 KiB chunks), the damaged one again, and the retries of faulted requests; never a storm.
    const chunks = bo.stats().putAttachmentChunk ?? 0;
    const once = Math.ceil(contract.length / 16_384) + Math.ceil(letter.length / 16_384);
    expect(chunks).toBeGreaterThanOrEqual(once);
    expect(chunks).toBeLessThanOrEqual(once + Math.ceil(contract.length / 16_384) + 12);
  }, 60_000);

  it('refuses a submission whose attachments would pass the room set aside (attachments-full), alerts staff, and takes it once there is room', async () => {
    const { bo, svc, clock } = await setup({ attachments: { maxStoreMB: 1, maxFileMB: 1, chunkKiB: 64 } });
    const a = pdf(400_000, 'A');
    const b = pdf(400_000, 'B');
    expect(svc.outbox.submitApplication(body('T1-0002'), { attachments: [{ materialId: 'rental-contract', pdf: a }] }).ok).toBe(
      true,
    );
    expect(svc.outbox.submitApplication(body('T1-0003'), { attachments: [{ materialId: 'rental-contract', pdf: b }] }).ok).toBe(
      true,
    );
    const before = svc.outboxRepo.counts();
    const full = svc.outbox.submitApplication(body('T1-0004'), {
      key: 'submission:T1-0004',
      attachments: [{ materialId: 'rental-contract', pdf: pdf(400_000, 'C') }],
    });
    expect(!full.ok && full.error.code).toBe('attachments-full');
    // Nothing of it was kept: no submission row, no attachment row.
    expect(svc.outbox.state('submission:T1-0004')).toBeNull();
    expect(kioskRows(svc)).toHaveLength(2);
    // Staff were alerted once (an urgent event in the outbox), even when it happens again at once.
    expect(
      svc.outbox.submitApplication(body('T1-0005'), { attachments: [{ materialId: 'rental-contract', pdf: pdf(400_000, 'D') }] })
        .ok,
    ).toBe(false);
    const urgent = svc.store.db.prepare(`SELECT COUNT(*) AS n FROM outbox WHERE kind = 'urgent'`).get() as { n: number };
    expect(urgent.n).toBe(1);
    expect(svc.outboxRepo.counts().queued).toBe(before.queued + 1);
    // A submission without attachments still goes through.
    expect(svc.outbox.submitApplication(body('T1-0006')).ok).toBe(true);
    await settle(svc, clock);
    const events = bo.db.prepare(`SELECT kind FROM urgent_events`).all() as Array<{ kind: string }>;
    expect(events).toEqual([{ kind: 'attachments-full' }]);
    // Delivered and purged: there is room again.
    expect(svc.attachments.usedBytes()).toBe(0);
    expect(
      svc.outbox.submitApplication(body('T1-0004'), {
        key: 'submission:T1-0004',
        attachments: [{ materialId: 'rental-contract', pdf: pdf(400_000, 'C') }],
      }).ok,
    ).toBe(true);
    await settle(svc, clock);
    expect((bo.db.prepare(`SELECT COUNT(*) AS n FROM attachments WHERE state = 'complete'`).get() as { n: number }).n).toBe(3);
  }, 60_000);

  it('refuses what it cannot deliver, before anything is queued', async () => {
    const { svc } = await setup({ attachments: { maxStoreMB: 64, maxFileMB: 1, chunkKiB: 64 } });
    const ok = pdf(10_000, 'x');
    const cases: Array<
      [ReturnType<typeof body> | Omit<ReturnType<typeof body>, 'receipt'>, Array<{ materialId: string; pdf: Uint8Array }>]
    > = [
      [body('T1-0010'), [{ materialId: 'rental-contract', pdf: Buffer.from('not a pdf at all') }]],
      [body('T1-0011'), [{ materialId: 'no-such-material', pdf: ok }]],
      [
        body('T1-0012'),
        [
          { materialId: 'rental-contract', pdf: ok },
          { materialId: 'rental-contract', pdf: ok },
        ],
      ],
      [body('T1-0013'), [{ materialId: 'rental-contract', pdf: pdf(1024 * 1024 + 1, 'big') }]],
      [{ ...body('T1-0014'), receipt: undefined }, [{ materialId: 'rental-contract', pdf: ok }]],
    ];
    for (const [b, attachments] of cases) {
      const r = svc.outbox.submitApplication(b, { attachments });
      expect(!r.ok && r.error.code).toBe('invalid-payload');
    }
    expect(kioskRows(svc)).toHaveLength(0);
    expect(svc.outboxRepo.counts().queued).toBe(0);
  });
});

describe('attachments, sealed in segments', () => {
  /** A back office, a data dir and a clock shared by several kiosk starts (each closed by the test). */
  async function rig(): Promise<{ bo: RunningBackoffice; dir: string; clock: { t: number } }> {
    const bo = await startBackoffice({ dataDir: null });
    cleanups.push(() => bo.close());
    const t = tempDir('yimen-att-seg-');
    cleanups.push(t.cleanup);
    return { bo, dir: t.dir, clock: { t: Date.now() } };
  }

  const start = (dir: string, url: string, clock: { t: number }, chunkKiB: number): DataServices =>
    openServices(
      dir,
      testConfig({ backoffice: { url, timeoutMs: 5000 }, attachments: { maxStoreMB: 64, maxFileMB: 20, chunkKiB } }),
      () => clock.t,
    );

  it('delivers files queued in segments of another size than the chunk (attachments.chunkKiB changed), byte for byte', async () => {
    const { bo, dir, clock } = await rig();
    const wide = pdf(200_000, 'WIDE');
    const narrow = pdf(120_001, 'NARROW');
    const first = start(dir, bo.url, clock, 64);
    expect(
      first.outbox.submitApplication(body('T2-0001'), { attachments: [{ materialId: 'school-letter', pdf: wide }] }).ok,
    ).toBe(true);
    await first.close();
    const second = start(dir, bo.url, clock, 24);
    expect(
      second.outbox.submitApplication(body('T2-0002'), { attachments: [{ materialId: 'school-letter', pdf: narrow }] }).ok,
    ).toBe(true);
    await second.close();
    // Delivered in 16 KiB chunks: inside a 64 KiB segment, and across two 24 KiB ones.
    const svc = start(dir, bo.url, clock, 16);
    cleanups.push(() => svc.close());
    expect(kioskRows(svc).map((x) => [x.segment_bytes, x.segments])).toEqual([
      [65_536, 4],
      [24_576, 5],
    ]);
    await settle(svc, clock);
    expect(svc.worker.status()).toMatchObject({ queued: 0, rejected: 0 });
    const held = bo.db.prepare(`SELECT attachment_id AS id, size FROM attachments ORDER BY size DESC`).all() as Array<{
      id: string;
      size: number;
    }>;
    expect(held.map((h) => h.size)).toEqual([wide.length, narrow.length]);
    expect((await heldPdf(bo, held[0]?.id ?? '')).equals(wide)).toBe(true);
    expect((await heldPdf(bo, held[1]?.id ?? '')).equals(narrow)).toBe(true);
    expect(bo.stats().putAttachmentChunk).toBe(Math.ceil(wide.length / 16_384) + Math.ceil(narrow.length / 16_384));
    expect(kioskRows(svc).map((x) => [x.state, x.sealed])).toEqual([
      ['sent', null],
      ['sent', null],
    ]);
  }, 60_000);

  it('refuses a submission whose sealed segments were altered, swapped or lost, and sends none of it as complete', async () => {
    const { bo, svc, clock } = await setup();
    const files = [pdf(60_000, 'ALTERED'), pdf(60_000, 'SWAPPED'), pdf(60_000, 'LOST')];
    files.forEach((f, i) =>
      expect(
        svc.outbox.submitApplication(body(`T3-000${i}`), {
          key: `submission:T3-000${i}`,
          attachments: [{ materialId: 'rental-contract', pdf: f }],
        }).ok,
      ).toBe(true),
    );
    const [altered, swapped, lost] = kioskRows(svc).map((x) => x.id);
    const db = svc.store.db;
    const seg = db.prepare(`SELECT sealed FROM attachment_segments WHERE id = ? AND seq = ?`);
    const put = db.prepare(`UPDATE attachment_segments SET sealed = ? WHERE id = ? AND seq = ?`);
    const of = (id: string | undefined, seq: number): Buffer => (seg.get(id, seq) as { sealed: Buffer }).sealed;
    const flipped = Buffer.from(of(altered, 2));
    flipped[flipped.length - 1] = (flipped[flipped.length - 1] ?? 0) ^ 1;
    put.run(flipped, altered, 2);
    const [s0, s1] = [of(swapped, 0), of(swapped, 1)];
    put.run(s1, swapped, 0);
    put.run(s0, swapped, 1);
    db.prepare(`DELETE FROM attachment_segments WHERE id = ? AND seq = 3`).run(lost);
    await settle(svc, clock);
    expect(svc.worker.status()).toMatchObject({ queued: 0, rejected: 3 });
    for (const i of [0, 1, 2])
      expect(svc.outbox.state(`submission:T3-000${i}`)?.lastError).toMatch(
        i === 2 ? /no bytes left in the store/ : /cannot be decrypted/,
      );
    expect(bo.db.prepare(`SELECT COUNT(*) AS n FROM applications`).get()).toEqual({ n: 0 });
    expect(bo.db.prepare(`SELECT COUNT(*) AS n FROM attachments WHERE state = 'complete'`).get()).toEqual({ n: 0 });
    // Refused: the bytes are purged all the same.
    expect(kioskRows(svc).map((x) => [x.state, x.sealed, x.sealed_bytes])).toEqual([
      ['rejected', null, 0],
      ['rejected', null, 0],
      ['rejected', null, 0],
    ]);
  }, 60_000);

  it('migrates a store whose attachment was sealed whole (schema 2) and delivers it', async () => {
    const { bo, dir, clock } = await rig();
    const file = pdf(90_000, 'LEGACY');
    const before = start(dir, bo.url, clock, 16);
    expect(
      before.outbox.submitApplication(body('T4-0001'), {
        key: 'submission:T4-0001',
        attachments: [{ materialId: 'rental-contract', pdf: file }],
      }).ok,
    ).toBe(true);
    // Back to schema 2: the file as one value sealed whole, in attachment_bytes.
    const [row] = kioskRows(before);
    const db = before.store.db;
    const whole = before.cipher.seal(file, attachmentAad(row?.id ?? '', sha(file)));
    db.exec(`CREATE TABLE attachment_bytes (id TEXT PRIMARY KEY REFERENCES attachments (id) ON DELETE CASCADE, sealed BLOB NOT NULL);
             DROP TABLE attachment_segments; ALTER TABLE attachments DROP COLUMN segment_bytes;`);
    db.prepare(`INSERT INTO attachment_bytes (id, sealed) VALUES (?, ?)`).run(row?.id, whole);
    db.prepare(`UPDATE attachments SET sealed_bytes = ?`).run(whole.length);
    db.pragma('user_version = 2');
    await before.close();
    const svc = start(dir, bo.url, clock, 16);
    cleanups.push(() => svc.close());
    expect(svc.store.version()).toBe(3);
    expect(kioskRows(svc).map((x) => [x.segment_bytes, x.segments, x.sealed])).toEqual([[0, 1, whole.length]]);
    await settle(svc, clock);
    expect(svc.worker.status()).toMatchObject({ queued: 0, rejected: 0 });
    expect((await heldPdf(bo, row?.id ?? '')).equals(file)).toBe(true);
    expect(bo.stats().putAttachmentChunk).toBe(Math.ceil(file.length / 16_384));
  }, 60_000);
});
