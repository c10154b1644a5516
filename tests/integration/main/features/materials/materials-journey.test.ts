/**
 * Materials in the journey through the whole core (#16): the emulated document camera playing the
 * project's sample pages (a lease and a school letter, skewed and shadowed), the page pipeline in
 * main, the store and the outbox, the reference back office. What the back office gets is checked
 * as a case officer would: the PDF's pages rasterised and read back, in the order the citizen left
 * them; the e-licence reference; the declaration.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SessionView } from '../../../../../main/base/api/contract.js';
import { ocr, rasterisePoppler, readBackRatio } from '../../../../helpers/read-back.js';
import { startKioskStack, type KioskStack } from '../../../../helpers/stack.js';
import { sessionDriver } from '../../../../helpers/waits.js';

let stack: KioskStack;
let tmp: string;
const { view, until, call } = sessionDriver(() => stack.kiosk.core);

beforeAll(async () => {
  stack = await startKioskStack();
  tmp = mkdtempSync(join(tmpdir(), 'yimen-materials-'));
}, 60_000);

afterAll(async () => {
  await stack.close();
  rmSync(tmp, { recursive: true, force: true });
});

beforeEach(async () => {
  stack.kiosk.core.devices.emulator('idcard')?.removeCard();
  await call('session.end');
});

async function onForm(matterId: string): Promise<void> {
  await call('session.start');
  await call('journey.choose', { purpose: 'apply', matterId });
  stack.kiosk.core.devices.emulator('idcard')?.placeCard('resident');
  await until((v) => v.step === 'apply.form', 'the form');
}

function pagesOf(v: SessionView, materialId: string): { pageId: string; thumb: string }[] {
  const m = v.form?.materials[materialId];
  return m?.how === 'scan' ? m.pages : [];
}

/** Takes the page on the stage; until it is not the same sheet as `not` (the emulator turns pages in time). */
async function capture(materialId: string, not: string | null): Promise<string> {
  for (let tries = 0; tries < 20; tries++) {
    const before = pagesOf(view(), materialId).length;
    await call('journey.scanCapture');
    const v = await until((x) => x.step === 'apply.scan.ready', 'the page taken');
    const pages = pagesOf(v, materialId);
    expect(v.notice, JSON.stringify(v.notice)).toBeNull();
    expect(pages).toHaveLength(before + 1);
    const page = pages.at(-1);
    if (page && page.thumb !== not) return page.thumb;
    await call('journey.scanDelete', { pageId: page?.pageId ?? '' });
  }
  throw new Error('the stage never showed another page');
}

async function delivered(): Promise<string> {
  const v = await until((x) => x.result?.transmission.state === 'sent', 'delivery to the back office', 60_000);
  return v.result?.transmission.reference ?? '';
}

/** Which of the thumbnails (data URLs) a rasterised page looks most like (mean grey difference at the thumbnail's size). */
async function closest(png: string, thumbs: string[]): Promise<number> {
  const diffs = await Promise.all(
    thumbs.map(async (thumb) => {
      const t = sharp(Buffer.from(thumb.split(',')[1] ?? '', 'base64')).greyscale();
      const { width, height } = await t.metadata();
      const [x, y] = await Promise.all([
        t.raw().toBuffer(),
        sharp(png).greyscale().resize(width, height, { fit: 'fill' }).raw().toBuffer(),
      ]);
      let sum = 0;
      for (let i = 0; i < x.length; i++) sum += Math.abs((x[i] ?? 0) - (y[i] ?? 0));
      return sum / x.length;
    }),
  );
  return diffs.indexOf(Math.min(...diffs));
}

async function admin<T>(path: string): Promise<T> {
  const r = await fetch(new URL(path, stack.bo.url));
  expect(r.status).toBe(200);
  return (await r.json()) as T;
}

describe('materials in the journey, through the core and the back office', () => {
  it('two scanned pages, the second moved first: the back office holds one PDF whose first page reads as that page', async () => {
    await onForm('household-move-in');
    await call('journey.formEdit', { values: { fromAddress: '广州市示例路1号', reason: 'house', phone: '13800138000' } });
    await call('journey.setDelivery', { delivery: 'locker' });
    await call('journey.formSubmit');
    expect(view()).toMatchObject({ step: 'apply.form', notice: { code: 'materials-missing' } });

    await call('journey.materialScan', { materialId: 'property-deed' });
    await until((v) => v.step === 'apply.scan.ready', 'the scan step');
    const first = await capture('property-deed', null);
    await capture('property-deed', first);
    // a, b: the two sheets in the order taken.
    const [a, b] = pagesOf(view(), 'property-deed');
    await call('journey.scanMove', { pageId: b?.pageId, by: -1 });
    expect(pagesOf(view(), 'property-deed').map((p) => p.pageId)).toEqual([b?.pageId, a?.pageId]);
    await call('journey.scanDone');
    await call('journey.formSubmit');
    await call('journey.confirm');
    await call('journey.agree', { sensitiveConsent: true });
    await until((v) => v.step === 'apply.done', 'submitted');
    const applicationId = await delivered();

    const { attachments } = await admin<{ attachments: { attachmentId: string; materialId: string }[] }>(
      `/admin/applications/${applicationId}/attachments`,
    );
    expect(attachments.map((x) => x.materialId)).toEqual(['property-deed']);
    const pdf = Buffer.from(
      await (await fetch(new URL(`/admin/attachments/${attachments[0]?.attachmentId ?? ''}/pdf`, stack.bo.url))).arrayBuffer(),
    );
    expect((await PDFDocument.load(pdf)).getPageCount()).toBe(2);
    const file = join(tmp, 'deed.pdf');
    writeFileSync(file, pdf);
    const { pngs } = await rasterisePoppler(file, join(tmp, 'deed'));
    // The order: each PDF page looks like the thumbnail of the page the citizen put there.
    const order = await Promise.all(pngs.map((png) => closest(png, [b?.thumb ?? '', a?.thumb ?? ''])));
    expect(order).toEqual([0, 1]);
    // And it is readable paper: each sample page's title reads back from the rasterised PDF.
    const texts = (await Promise.all(pngs.map((png) => ocr(png, { lang: 'chi_sim', psm: 4 })))).join('\n');
    for (const title of ['房屋租赁合同', '在读证明']) expect(readBackRatio(title, texts).ratio).toBeGreaterThanOrEqual(0.8);
    const { materials } = await admin<{ materials: { kind: string; description: string; pages: number | null }[] }>(
      `/admin/applications/${applicationId}/materials`,
    );
    expect(materials.find((m) => m.kind === 'property-deed')).toMatchObject({ description: 'scanned', pages: 2 });

    // "My data" says a material was photographed and stored here, then delivered (and deleted here).
    await call('session.end');
    stack.kiosk.core.devices.emulator('idcard')?.removeCard();
    await call('session.start');
    await call('journey.choose', { purpose: 'mydata' });
    stack.kiosk.core.devices.emulator('idcard')?.placeCard('resident');
    const mine = await until((v) => v.step === 'mydata.list', 'my data');
    const actions = mine.myData.map((e) => e.action);
    expect(actions).toContain('material-stored');
    expect(actions.indexOf('material-sent')).toBeGreaterThan(actions.indexOf('material-stored'));
  });

  it('an e-licence and a declaration: only the licence reference travels, and it is the applicant’s own', async () => {
    await onForm('birth-registration');
    await call('journey.formEdit', { values: { spouseName: '王五', phone: '13800138000' } });
    await call('journey.setDelivery', { delivery: 'locker' });
    await call('journey.materialLicence', { materialId: 'marriage-certificate' });
    const listed = await until((v) => v.step === 'apply.licences.list', 'the licences');
    const licence = listed.licences?.list?.[0];
    expect(licence?.title).toBe('结婚证');
    await call('journey.licencePick', { reference: licence?.reference });
    await call('journey.materialDeclare', { materialId: 'birth-pledge', declared: true });
    await call('journey.formSubmit');
    await call('journey.confirm');
    await call('journey.agree', { sensitiveConsent: true });
    await until((v) => v.step === 'apply.done', 'submitted');
    const applicationId = await delivered();
    const { materials } = await admin<{ materials: { kind: string; description: string; licenceRef: string | null }[] }>(
      `/admin/applications/${applicationId}/materials`,
    );
    expect(materials).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'marriage-certificate', description: 'e-licence', licenceRef: licence?.reference }),
        expect.objectContaining({ kind: 'birth-pledge', description: 'declared', licenceRef: null }),
      ]),
    );
    const { attachments } = await admin<{ attachments: unknown[] }>(`/admin/applications/${applicationId}/attachments`);
    expect(attachments).toEqual([]);
  });

  it('the original into a locker: after submission main opens a free compartment; the deposit is recorded against the application', async () => {
    await onForm('residence-permit-endorsement');
    await call('journey.formEdit', { values: { address: '广州市示例路1号', phone: '13800138000' } });
    await call('journey.setDelivery', { delivery: 'locker' });
    await call('journey.materialDeposit', { materialId: 'residence-permit', deposit: true });
    await call('journey.formSubmit');
    await call('journey.confirm');
    await call('journey.agree', { sensitiveConsent: true });
    const open = await until((v) => v.step === 'apply.originals.open', 'a compartment open for the originals');
    const applicationNo = open.result?.applicationNo ?? '';
    expect(applicationNo).not.toBe('');
    // The door the screen names is the door the board opened.
    const locker = stack.kiosk.core.devices.emulator('locker')?.emulator;
    const opened = (locker?.boardConfigs ?? []).flatMap((b) =>
      Array.from({ length: b.locks }, (_, i) => ({ board: b.address, lock: i + 1 })).filter(
        (d) => locker?.door(d.board, d.lock) === 'open',
      ),
    );
    expect(opened).toHaveLength(1);
    expect(open.door?.label).toBeTruthy();
    const [door] = opened;
    locker?.setOccupied(door?.board ?? 0, door?.lock ?? 0, true);
    locker?.setDoor(door?.board ?? 0, door?.lock ?? 0, 'closed');
    const done = await until((v) => v.step === 'apply.done', 'done');
    expect(done.notice).toMatchObject({ code: 'originals-deposited', params: { door: open.door?.label } });
    const applicationId = await delivered();
    const { materials } = await admin<{ materials: { kind: string; description: string }[] }>(
      `/admin/applications/${applicationId}/materials`,
    );
    expect(materials).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'residence-permit', description: 'original-deposited' })]),
    );
    // The deposit record reaches the back office through the outbox, linked to the application.
    const deadline = Date.now() + 30_000;
    type Row = { application_id: string | null; cell: string; description: string };
    const row = (): Row | undefined =>
      stack.bo.db
        .prepare(`SELECT application_id, cell, description FROM deposits WHERE application_id = ?`)
        .get(applicationNo) as Row | undefined;
    while (row() === undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(row()).toMatchObject({ application_id: applicationNo, cell: open.door?.label });
    expect(row()?.description).toContain('residence-permit');
    locker?.setOccupied(door?.board ?? 0, door?.lock ?? 0, false);
  });
});
