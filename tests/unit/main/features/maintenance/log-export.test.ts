import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exportLogs, maskLogLine } from '../../../../../main/features/maintenance/log-export.js';
import { recorder } from './fakes.js';

const dirs: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'yimen-logexport-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('log export', () => {
  it('masks ID numbers and mobile numbers in a line', () => {
    expect(maskLogLine('id 11010519491231002X phone 13800138000 seq 1234567')).toBe(
      `id 1${'*'.repeat(15)}2* phone 13*****8000 seq 1234567`,
    );
  });

  it('copies the logs masked, leaves .gz archives, copies other files as they are', () => {
    const dataDir = tmp();
    const usb = tmp();
    mkdirSync(join(dataDir, 'logs'));
    writeFileSync(join(dataDir, 'logs', 'kiosk.log'), 'phone 13800138000\n');
    writeFileSync(join(dataDir, 'logs', 'kiosk.log.1.gz'), 'gz');
    writeFileSync(join(dataDir, 'logs', 'crash.dmp'), '13800138000');
    const rec = recorder();
    const r = exportLogs(
      { terminalId: 'T-1', dataDir, clock: { now: () => Date.parse('2026-03-02T08:30:00Z') }, record: rec.record },
      usb,
    );
    const target = join(usb, 'yimen-logs-T-1-20260302T083000');
    expect(r).toEqual({ action: 'export-logs', outcome: 'ok', detail: `files=2 folder=${target}` });
    expect(readdirSync(target).sort()).toEqual(['crash.dmp', 'kiosk.log']);
    expect(readFileSync(join(target, 'kiosk.log'), 'utf8')).toBe('phone 13*****8000\n');
    expect(rec.actions).toEqual(['export-logs:ok']);
  });

  it('refuses a folder that is not there, and has nothing without logs', () => {
    const rec = recorder();
    const o = { terminalId: 'T-1', dataDir: tmp(), clock: { now: () => 0 }, record: rec.record };
    expect(exportLogs(o, 'relative/path').outcome).toBe('no-such-folder');
    expect(exportLogs(o, join(tmp(), 'missing')).outcome).toBe('no-such-folder');
    expect(exportLogs(o, tmp()).outcome).toBe('no-logs');
    expect(exportLogs({ ...o, dataDir: null }, tmp()).outcome).toBe('no-logs');
  });
});
