import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseUnitFile, unitValue } from './parsers.js';

const UNIT = readFileSync('packaging/systemd/yimen.service', 'utf8');
const unit = parseUnitFile(UNIT);
const svc = (key: string) => unitValue(unit, 'Service', key);
const haveAnalyze = spawnSync('systemd-analyze', ['--version']).status === 0;

describe('unit file parser', () => {
  it('reads sections, repeated keys and continuations, and reports junk', () => {
    const u = parseUnitFile('[Unit]\nA=1\n[Service]\nB=1\nB=2\nC=x \\\n  y\n');
    expect(unitValue(u, 'Service', 'B')).toBe('2');
    expect(unitValue(u, 'Service', 'C')).toBe('x  y');
    expect(u.errors).toEqual([]);
    expect(parseUnitFile('A=1\n').errors[0]).toMatch(/outside a section/);
    expect(parseUnitFile('[S]\nnot a pair\n').errors[0]).toMatch(/not Key=Value/);
    expect(parseUnitFile('[S]\n[S]\n').errors[0]).toMatch(/repeated/);
  });
});

describe('packaging/systemd/yimen.service', () => {
  it('parses and has the three sections', () => {
    expect(unit.errors).toEqual([]);
    expect([...unit.sections.keys()]).toEqual(['Unit', 'Service', 'Install']);
  });

  it('is a notify service fed by a child of the compositor, with a watchdog', () => {
    expect(svc('Type')).toBe('notify');
    expect(svc('NotifyAccess')).toBe('all');
    expect(Number(svc('WatchdogSec'))).toBeGreaterThanOrEqual(10);
    expect(svc('ExecStart')).toBe('/usr/local/libexec/yimen/yimen-session');
  });

  it('runs as the yimen user and always restarts, within a start-rate limit', () => {
    expect(svc('User')).toBe('yimen');
    expect(svc('Group')).toBe('yimen');
    expect(svc('Restart')).toBe('always');
    expect(Number(unitValue(unit, 'Unit', 'StartLimitIntervalSec'))).toBeGreaterThan(0);
    expect(Number(unitValue(unit, 'Unit', 'StartLimitBurst'))).toBeGreaterThan(1);
    // The limit must be reachable: bursts × RestartSec fit in the interval.
    const burst = Number(unitValue(unit, 'Unit', 'StartLimitBurst'));
    expect(burst * Number(svc('RestartSec'))).toBeLessThan(Number(unitValue(unit, 'Unit', 'StartLimitIntervalSec')));
    expect(unitValue(unit, 'Install', 'WantedBy')).toBe('graphical.target');
  });

  it('is hardened but keeps what a kiosk needs', () => {
    expect(svc('NoNewPrivileges')).toBe('yes');
    expect(svc('ProtectSystem')).toBe('strict');
    expect(svc('PrivateTmp')).toBe('yes');
    expect(svc('ProtectHome')).toBe('yes');
    expect(svc('CapabilityBoundingSet')).toBe('');
    // Devices, Chromium's sandbox and V8's JIT would break with these.
    for (const key of ['PrivateDevices', 'DevicePolicy', 'MemoryDenyWriteExecute', 'RestrictNamespaces', 'PrivateUsers']) {
      expect(svc(key), key).toBeUndefined();
    }
    expect(svc('RestrictAddressFamilies')?.split(' ')).toEqual(expect.arrayContaining(['AF_UNIX', 'AF_NETLINK', 'AF_INET']));
    expect(svc('StateDirectory')).toBe('yimen');
  });

  it('passes systemd-analyze verify (when systemd-analyze is installed)', () => {
    if (!haveAnalyze) {
      // No systemd tools here: the own parser above is the check (see its tests).
      expect(unit.errors).toEqual([]);
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), 'yimen-unit-'));
    try {
      // verify wants ExecStart to exist: point it at the session script in this checkout.
      const session = resolve('packaging/session/yimen-session');
      const path = join(dir, 'yimen.service');
      writeFileSync(path, UNIT.replace(/^ExecStart=.*$/m, `ExecStart=${session}`));
      const r = spawnSync('systemd-analyze', ['verify', path], { encoding: 'utf8' });
      const complaints = r.stderr
        .split('\n')
        .filter((l) => l.trim() !== '' && l.includes('yimen.service') && !/Failed to (create|connect)|not found\.$/.test(l));
      expect(complaints).toEqual([]);
      expect(r.stderr).not.toMatch(/Unknown key|Unknown section|Invalid|Failed to parse/);
      // The check can fail: an unknown directive is reported.
      writeFileSync(path, UNIT.replace('WatchdogSec=60', 'WatchdogSecs=60').replace(/^ExecStart=.*$/m, `ExecStart=${session}`));
      const bad = spawnSync('systemd-analyze', ['verify', path], { encoding: 'utf8' });
      expect(bad.stderr).toMatch(/Unknown key/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('session recipes', () => {
  const session = readFileSync('packaging/session/yimen-session', 'utf8');
  it('starts the browser host under cage or X, and hands the watchdog to the kiosk', () => {
    expect(session).toMatch(/exec cage -d -- "\$YIMEN_BIN" start --shell browser/);
    expect(session).toMatch(/exec xinit \/usr\/local\/libexec\/yimen\/yimen-xsession/);
    expect(session).toMatch(/^unset WATCHDOG_PID$/m);
  });
  it('are valid POSIX sh', () => {
    for (const f of ['packaging/session/yimen-session', 'packaging/session/yimen-xsession']) {
      const r = spawnSync('sh', ['-n', f], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
    }
    for (const f of ['packaging/install-browser-host.sh', 'packaging/deb/after-install.sh', 'packaging/deb/after-remove.sh']) {
      const r = spawnSync('bash', ['-n', f], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
    }
  });
  it('refuses an unknown session with EX_CONFIG', () => {
    const r = spawnSync('sh', ['packaging/session/yimen-session'], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, YIMEN_SESSION: 'weston' },
    });
    expect(r.status).toBe(78);
    expect(r.stderr).toMatch(/must be cage or x/);
  });
});
