import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffDashboard, StaffView } from '../../../../../main/base/api/contract.js';
import { totpCode } from '../../../../../main/features/maintenance/credentials.js';
import { startMaintenanceKiosk, submitApplication, type MaintenanceKiosk } from './fixtures.js';

const DEMO_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
let k: MaintenanceKiosk;

beforeAll(async () => {
  k = await startMaintenanceKiosk();
});
afterAll(async () => {
  await k?.close();
});

async function call<T = unknown>(
  method: string,
  args: unknown = {},
): Promise<{ ok: true; value: T } | { ok: false; error: { code: string } }> {
  return (await k.core.dispatch(method, args, { shell: 'browser' })) as
    { ok: true; value: T } | { ok: false; error: { code: string } };
}
async function value<T>(method: string, args: unknown = {}): Promise<T> {
  const r = await call<T>(method, args);
  if (!r.ok) throw new Error(`${method}: ${r.error.code}`);
  return r.value;
}
async function until(cond: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`never happened: ${what}`);
}
function auditRows(): Array<{ type: string; actor: string; detail: string }> {
  return k.data.store.db.prepare(`SELECT type, actor, detail FROM audit_log ORDER BY seq`).all() as Array<{
    type: string;
    actor: string;
    detail: string;
  }>;
}
async function loginCard(): Promise<StaffView> {
  await value('maintenance.requestPrompt');
  return value<StaffView>('maintenance.login', { card: 'STAFF-0001', pin: '246810' });
}

describe('maintenance mode against emulated devices and the reference back office', () => {
  it('refuses every staff method without a staff login, and a caller cannot claim one', async () => {
    for (const m of ['staff.dashboard', 'staff.openCompartment', 'staff.loadLocker', 'staff.snapshot']) {
      const r = await call(m, m === 'staff.openCompartment' ? { door: 'A-01' } : {});
      expect(r.ok ? 'ok' : r.error.code, m).toBe('forbidden');
    }
    const spoof = await k.core.dispatch('staff.dashboard', {}, { shell: 'browser', staff: { staffId: 'demo-night' } } as never);
    expect(spoof.ok).toBe(false);
  });

  it('wrong PINs are audited and lock the prompt; the lock refuses even the right PIN', async () => {
    await value('maintenance.requestPrompt');
    let v: StaffView | null = null;
    for (let i = 0; i < 5; i++) v = await value<StaffView>('maintenance.login', { card: 'STAFF-0001', pin: '000000' });
    expect(v?.prompt.error).toBe('locked');
    expect(v?.prompt.lockedForMs).toBe(30_000);
    const refused = await value<StaffView>('maintenance.login', { card: 'STAFF-0001', pin: '246810' });
    expect(refused.mode).toBe('prompt');
    expect(refused.prompt.error).toBe('locked');
    const tries = auditRows().filter((r) => r.type === 'maintenance-login');
    expect(tries.map((r) => (JSON.parse(r.detail) as { outcome: string }).outcome)).toEqual([
      'wrong',
      'wrong',
      'wrong',
      'wrong',
      'wrong',
      'locked',
    ]);
    k.clock.increment(30_000);
    await value('maintenance.requestPrompt');
    const inside = await value<StaffView>('maintenance.login', { card: 'STAFF-0001', pin: '246810' });
    expect(inside).toMatchObject({ mode: 'active', screen: 'dashboard', staff: { staffId: 'demo-night' } });
    expect(k.core.session.view().outOfService?.code).toBe('maintenance');
    await value('staff.logout');
    expect(k.core.session.view().outOfService).toBeNull();
  });

  it('TOTP login works once per code; the staff session times out after inactivity', async () => {
    await value('maintenance.requestPrompt');
    const code = totpCode(DEMO_SECRET, k.clock.now());
    expect((await value<StaffView>('maintenance.login', { staffId: 'demo-night', code })).mode).toBe('active');
    await value('staff.logout');
    await value('maintenance.requestPrompt');
    expect((await value<StaffView>('maintenance.login', { staffId: 'demo-night', code })).prompt.error).toBe('wrong-credentials');
    k.clock.increment(30_000);
    const next = totpCode(DEMO_SECRET, k.clock.now());
    expect((await value<StaffView>('maintenance.login', { staffId: 'demo-night', code: next })).mode).toBe('active');
    k.clock.increment(299_000);
    await value('staff.dashboard'); // activity
    k.clock.increment(299_000);
    expect(k.core.maintenance.view().mode).toBe('active');
    k.clock.increment(2_000);
    expect(k.core.maintenance.view()).toMatchObject({ mode: 'closed', prompt: { ended: 'timeout' } });
    expect((await call('staff.dashboard')).ok).toBe(false);
  });

  it('waits for a citizen to finish, then asks to take over after the timeout', async () => {
    k.core.session.start();
    const v = await loginCard();
    expect(v.mode).toBe('waiting');
    expect((await call('staff.dashboard')).ok).toBe(false);
    k.clock.increment(60_000);
    expect(k.core.maintenance.view().mode).toBe('confirm');
    const t = await value<StaffView>('staff.takeover');
    expect(t.mode).toBe('active');
    expect(k.core.session.view().phase).toBe('attract');
    await value('staff.logout');
  });

  it('the dashboard shows paper-out on the receipt printer, and it clears after the refill', async () => {
    await loginCard();
    k.em.receipt?.setScenario('paper-out');
    await until(async () => (await value<StaffDashboard>('staff.dashboard')).receiptPaper === 'out', 'paper out shown');
    const d = await value<StaffDashboard>('staff.dashboard');
    expect(d.devices.find((x) => x.id === 'receipt')).toMatchObject({ state: 'offline', code: 'paper-out' });
    expect(d.lastErrors.some((e) => e.source === 'receipt' && e.code === 'paper-out')).toBe(true);
    const refused = await value<{ outcome: string }>('staff.testPrint', { printer: 'receipt' });
    expect(refused.outcome).toBe('paper-out');
    k.em.receipt?.setScenario('ok');
    await until(async () => (await value<StaffDashboard>('staff.dashboard')).receiptPaper === 'ok', 'paper ok again');
    expect((await value<{ outcome: string }>('staff.testPrint', { printer: 'receipt' })).outcome).toBe('ok');
    await value('staff.logout');
  });

  it('loads a locker: free compartment → door opens → door closed → back office sends the pickup code', async () => {
    const appNo = await submitApplication(k);
    await loginCard();
    const cand = await value<{ free: Array<{ label: string; size: string }> }>('staff.loadCandidates', { applicationNo: appNo });
    expect(cand.free.length).toBe(96);
    const door = 'A-03';
    const r = await value<{ outcome: string }>('staff.loadLocker', { applicationNo: appNo, door });
    expect(r.outcome).toBe('door-open');
    expect(k.core.maintenance.view()).toMatchObject({ screen: 'loading', load: { applicationNo: appNo, door } });
    expect((await call('staff.openCompartment', { door: 'A-04' })).ok).toBe(false);
    k.em.locker?.setDoor(1, 3, 'closed');
    await until(() => k.core.maintenance.view().screen === 'dashboard', 'load finished');
    const sms = k.bo.db.prepare(`SELECT text FROM sms_log`).all() as Array<{ text: string }>;
    expect(sms.some((s) => s.text.includes(door) && /取件码 \d{6}/.test(s.text))).toBe(true);
    const pickup = k.bo.db.prepare(`SELECT locker_id, cell, state FROM pickups WHERE application_id = ?`).get(appNo);
    expect(pickup).toEqual({ locker_id: 'locker', cell: door, state: 'ready' });
    const d = await value<StaffDashboard>('staff.dashboard');
    expect(d.lockers[0]?.compartments.find((c) => c.label === door)?.holds).toBe('pickup');
    const again = await value<{ free: Array<{ label: string }> }>('staff.loadCandidates', {
      applicationNo: await submitApplication(k),
    });
    expect(again.free.some((c) => c.label === door)).toBe(false);
    const mine = await value<Array<{ action: string; outcome: string }>>('staff.myActions');
    expect(mine.some((a) => a.action === 'load-locker' && a.outcome === 'loaded')).toBe(true);
    expect(auditRows().some((row) => row.actor === 'staff:demo-night' && row.detail.includes('"loaded"'))).toBe(true);
    await value('staff.logout');
  });

  it('marks a compartment out of order, clears the A4 queue, runs the self-test and exports masked logs', async () => {
    await loginCard();
    await value('staff.setCompartmentOutOfOrder', { door: 'B-01', outOfOrder: true });
    const appNo = await submitApplication(k);
    const cand = await value<{ free: Array<{ label: string }> }>('staff.loadCandidates', { applicationNo: appNo });
    expect(cand.free.some((c) => c.label === 'B-01')).toBe(false);
    expect((await value<{ outcome: string }>('staff.loadLocker', { applicationNo: appNo, door: 'B-01' })).outcome).toBe(
      'not-free',
    );

    k.em.a4?.setScenario('paper-out');
    await value('staff.testPrint', { printer: 'a4' });
    k.em.a4?.setScenario('ok');
    const a4 = k.em.a4;
    if (a4) await a4.submit(new Uint8Array([1, 2, 3]), 'x');
    expect((await value<StaffDashboard>('staff.dashboard')).a4Queue?.pending).toBeGreaterThan(0);
    expect((await value<{ outcome: string }>('staff.clearA4Queue')).outcome).toBe('ok');
    expect((await value<StaffDashboard>('staff.dashboard')).a4Queue?.pending).toBe(0);

    const st = await value<Array<{ device: string; ok: boolean }>>('staff.selfTest');
    expect(st.find((x) => x.device === 'locker')?.ok).toBe(true);
    expect(st.find((x) => x.device === 'receipt')?.ok).toBe(true);

    mkdirSync(join(k.dir, 'logs'), { recursive: true });
    writeFileSync(join(k.dir, 'logs', 'yimen.log'), '{"msg":"x","maskedId":"110101199003070019","tel":"13800138000"}\n');
    const usb = join(k.dir, 'usb');
    mkdirSync(usb);
    const ex = await value<{ outcome: string }>('staff.exportLogs', { folder: usb });
    expect(ex.outcome).toBe('ok');
    const [sub] = readdirSync(usb);
    const text = readFileSync(join(usb, sub ?? '', 'yimen.log'), 'utf8');
    expect(text).not.toContain('110101199003070019');
    expect(text).not.toContain('13800138000');
    expect((await value<{ outcome: string }>('staff.exportLogs', { folder: 'relative/path' })).outcome).toBe('no-such-folder');
    await value('staff.logout');
  });

  it('the screen-cleaning lock allows nothing but the snapshot until it ends', async () => {
    await loginCard();
    expect((await value<StaffView>('staff.cleanScreen')).screen).toBe('cleaning');
    expect((await call('staff.dashboard')).ok).toBe(false);
    expect((await call('staff.logout')).ok).toBe(false);
    expect((await call('staff.snapshot')).ok).toBe(true);
    k.clock.increment(60_000);
    expect(k.core.maintenance.view().screen).toBe('dashboard');
    await value('staff.logout');
  });
});
