/**
 * Runs packaging/install-browser-host.sh into a temporary DESTDIR (nothing on the running
 * system changes) and checks what it installs, twice, and with the site's edits in place.
 */
import { spawnSync } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPolicy } from '../../../main/shells/host/chromium.js';
import { parseUdevRules, parseUnitFile, unitValue } from './parsers.js';

const SCRIPT = 'packaging/install-browser-host.sh';
let root: string;

function install(dest: string, ...args: string[]) {
  // DESTDIR also in the environment: were the flag ignored, the script must still stay out of /.
  const r = spawnSync('bash', [SCRIPT, '--destdir', dest, '--no-copy', ...args], {
    encoding: 'utf8',
    env: { ...process.env, DESTDIR: dest },
  });
  return { status: r.status, stderr: r.stderr };
}
const mode = (p: string) => statSync(p).mode & 0o7777;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'yimen-install-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('install-browser-host.sh into a DESTDIR', () => {
  let d: string;
  beforeAll(() => {
    d = join(root, 'cage');
    const r = install(d);
    expect(r.stderr).toContain('done (session: cage');
    expect(r.status).toBe(0);
  });

  it('installs the systemd unit, and no X drop-in for cage', () => {
    const unit = readFileSync(join(d, 'etc/systemd/system/yimen.service'), 'utf8');
    expect(unit).toBe(readFileSync('packaging/systemd/yimen.service', 'utf8'));
    expect(mode(join(d, 'etc/systemd/system/yimen.service'))).toBe(0o644);
    expect(() => statSync(join(d, 'etc/systemd/system/yimen.service.d'))).toThrow();
    const parsed = parseUnitFile(unit);
    const exec = unitValue(parsed, 'Service', 'ExecStart') ?? '';
    // ExecStart names the session script this installer put in place.
    expect(mode(join(d, exec))).toBe(0o755);
  });

  it('installs the session recipes and the settings file with the chosen session', () => {
    expect(mode(join(d, 'usr/local/libexec/yimen/yimen-session'))).toBe(0o755);
    expect(mode(join(d, 'usr/local/libexec/yimen/yimen-xsession'))).toBe(0o755);
    expect(readFileSync(join(d, 'etc/default/yimen'), 'utf8')).toMatch(/^YIMEN_SESSION=cage$/m);
    expect(readlinkSync(join(d, 'usr/local/bin/yimen'))).toBe('/opt/yimen/bin/yimen.js');
  });

  it('installs udev rules that parse, and the role template', () => {
    const rules = readFileSync(join(d, 'etc/udev/rules.d/70-yimen.rules'), 'utf8');
    expect(parseUdevRules(rules).errors).toEqual([]);
    expect(readFileSync(join(d, 'etc/udev/rules.d/69-yimen-roles.rules'), 'utf8')).toBe(
      readFileSync('packaging/udev/69-yimen-roles.rules', 'utf8'),
    );
  });

  it('writes the Chromium policy from chromiumPolicy()', () => {
    const p = join(d, 'etc/chromium/policies/managed/yimen.json');
    expect(JSON.parse(readFileSync(p, 'utf8'))).toEqual(chromiumPolicy());
    expect(mode(p)).toBe(0o644);
  });

  it('declares the yimen user for systemd-sysusers', () => {
    const conf = readFileSync(join(d, 'usr/lib/sysusers.d/yimen.conf'), 'utf8');
    expect(conf).toMatch(/^u yimen - "yimen kiosk" \/var\/lib\/yimen \/usr\/sbin\/nologin$/m);
    expect(conf).toMatch(/^m yimen video$/m);
    expect(conf).toMatch(/^m yimen input$/m);
  });

  it('is idempotent and keeps the site edits', () => {
    const settings = join(d, 'etc/default/yimen');
    writeFileSync(settings, `${readFileSync(settings, 'utf8')}YIMEN_ARGS=--port 8080\n`);
    const rolesFile = join(d, 'etc/udev/rules.d/69-yimen-roles.rules');
    writeFileSync(rolesFile, 'SUBSYSTEM=="tty", ENV{ID_PATH}=="x", ENV{YIMEN_ROLE}="locker"\n');
    const before = readFileSync(join(d, 'etc/systemd/system/yimen.service'), 'utf8');
    expect(install(d).status).toBe(0);
    expect(readFileSync(settings, 'utf8')).toContain('YIMEN_ARGS=--port 8080');
    expect(readFileSync(rolesFile, 'utf8')).toContain('YIMEN_ROLE}="locker"');
    expect(readFileSync(join(d, 'etc/systemd/system/yimen.service'), 'utf8')).toBe(before);
    expect(lstatSync(join(d, 'usr/local/bin/yimen')).isSymbolicLink()).toBe(true);
  });

  it('switches to the X recipe and back', () => {
    expect(install(d, '--session', 'x').status).toBe(0);
    expect(readFileSync(join(d, 'etc/default/yimen'), 'utf8')).toMatch(/^YIMEN_SESSION=x$/m);
    expect(readFileSync(join(d, 'etc/systemd/system/yimen.service.d/x-session.conf'), 'utf8')).toMatch(/NoNewPrivileges=no/);
    expect(install(d, '--session', 'cage').status).toBe(0);
    expect(() => statSync(join(d, 'etc/systemd/system/yimen.service.d/x-session.conf'))).toThrow();
  });
});

describe('install-browser-host.sh options', () => {
  it('writes device roles from --role', () => {
    const d = join(root, 'roles');
    const r = install(d, '--role', 'locker=pci-0000:00:14.0-usb-0:1.2:1.0', '--role=idreader=pci-0000:00:14.0-usb-0:1.3:1.0');
    expect(r.status).toBe(0);
    const text = readFileSync(join(d, 'etc/udev/rules.d/69-yimen-roles.rules'), 'utf8');
    const parsed = parseUdevRules(text);
    expect(parsed.errors).toEqual([]);
    const roles = parsed.rules.map((rule) => [
      rule.keys.find((k) => k.attr === 'ID_PATH')?.value,
      rule.keys.find((k) => k.attr === 'YIMEN_ROLE')?.value,
    ]);
    expect(roles).toEqual([
      ['pci-0000:00:14.0-usb-0:1.2:1.0', 'locker'],
      ['pci-0000:00:14.0-usb-0:1.3:1.0', 'idreader'],
    ]);
  });

  it('refuses bad input before writing anything', () => {
    const d = join(root, 'bad');
    mkdirSync(d);
    for (const args of [
      ['--session', 'gnome'],
      ['--role', 'Locker'],
      ['--role', 'locker=a"b'],
      ['--app-dir', 'rel/path'],
      ['--frobnicate'],
    ]) {
      const r = install(d, ...args);
      expect(r.status, args.join(' ')).not.toBe(0);
      expect(r.stderr).toMatch(/install-browser-host:/);
    }
    expect(() => statSync(join(d, 'etc'))).toThrow();
  });
});
