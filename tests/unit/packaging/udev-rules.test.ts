import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseUdevRules, udevGlob, type UdevRule } from './parsers.js';

const rules = readFileSync('packaging/udev/70-yimen.rules', 'utf8');
const roles = readFileSync('packaging/udev/69-yimen-roles.rules', 'utf8');

function find(rs: UdevRule[], pred: (r: UdevRule) => boolean): UdevRule[] {
  return rs.filter(pred);
}
const has = (r: UdevRule, key: string, op: string, value?: string, attr?: string) =>
  r.keys.some(
    (k) => k.key === key && k.op === op && (value === undefined || k.value === value) && (attr === undefined || k.attr === attr),
  );

describe('udev rule parser', () => {
  it('accepts well-formed rules and reports the broken ones', () => {
    expect(parseUdevRules('SUBSYSTEM=="tty", GROUP="yimen"\n').errors).toEqual([]);
    expect(parseUdevRules('SUBSYSTEM=="tty" GROUP="yimen"\n').errors[0]).toMatch(/missing comma/);
    expect(parseUdevRules('SUBSYSTEM="tty"\n').errors[0]).toMatch(/cannot be assigned/);
    expect(parseUdevRules('GROUP=="yimen"\n').errors[0]).toMatch(/cannot be matched/);
    expect(parseUdevRules('FOO=="x"\n').errors[0]).toMatch(/unknown key/);
    expect(parseUdevRules('ATTRS=="x"\n').errors[0]).toMatch(/needs/);
    expect(parseUdevRules('GOTO="nowhere"\n').errors[0]).toMatch(/unknown label/);
    expect(parseUdevRules('KERNEL=="tty*, MODE="0660"\n').errors).toHaveLength(1);
  });
  it('matches udev globs with alternatives', () => {
    expect(udevGlob('7523|5523', '5523')).toBe(true);
    expect(udevGlob('ttyUSB[0-9]*|ttyACM[0-9]*', 'ttyACM12')).toBe(true);
    expect(udevGlob('ttyUSB[0-9]*', 'ttyS0')).toBe(false);
  });
});

describe('packaging/udev/70-yimen.rules', () => {
  const parsed = parseUdevRules(rules);

  it('parses without errors and every GOTO has its LABEL', () => {
    expect(parsed.errors).toEqual([]);
    expect([...parsed.labels].sort()).toEqual(['yimen_end', 'yimen_hid_end', 'yimen_tty_end']);
  });

  it('skips remove events', () => {
    expect(
      parsed.rules[0] && has(parsed.rules[0], 'ACTION', '==', 'remove') && has(parsed.rules[0], 'GOTO', '=', 'yimen_end'),
    ).toBe(true);
  });

  it('recognises the usual RS-485 / USB-serial adapters', () => {
    const serial = find(parsed.rules, (r) => has(r, 'ENV', '=', 'serial', 'YIMEN_DEVICE'));
    const ids = (vid: string, pid: string) =>
      serial.some(
        (r) =>
          r.keys.some((k) => k.key === 'ATTRS' && k.attr === 'idVendor' && udevGlob(k.value, vid)) &&
          r.keys.some((k) => k.key === 'ATTRS' && k.attr === 'idProduct' && udevGlob(k.value, pid)),
      );
    expect(ids('1a86', '7523')).toBe(true); // CH340
    expect(ids('0403', '6001')).toBe(true); // FTDI FT232R
    expect(ids('10c4', 'ea60')).toBe(true); // CP210x
    expect(ids('067b', '2303')).toBe(true); // PL2303
    expect(ids('046d', 'c52b')).toBe(false); // a mouse receiver is not ours
  });

  it('gives every device it claims to the yimen group, never world access', () => {
    const assigning = parsed.rules.filter((r) => r.keys.some((k) => k.key === 'GROUP' || k.key === 'MODE'));
    expect(assigning.length).toBeGreaterThanOrEqual(4);
    for (const r of assigning) {
      expect(has(r, 'GROUP', '=', 'yimen'), `line ${r.line}`).toBe(true);
      expect(has(r, 'MODE', '=', '0660'), `line ${r.line}`).toBe(true);
    }
    expect(parsed.rules.some((r) => r.keys.some((k) => k.key === 'MODE' && /[0-7]{3}[1-7]$/.test(k.value)))).toBe(false);
  });

  it('names devices only under /dev/yimen-*', () => {
    const links = parsed.rules.flatMap((r) => r.keys.filter((k) => k.key === 'SYMLINK'));
    expect(links.length).toBeGreaterThanOrEqual(4);
    for (const l of links) {
      expect(l.op).toBe('+=');
      expect(l.value).toMatch(/^yimen-/);
    }
    const values = links.map((l) => l.value);
    expect(values).toEqual(
      expect.arrayContaining([
        'yimen-serial-$env{ID_PATH_TAG}',
        'yimen-lp-$env{ID_PATH_TAG}',
        'yimen-hidraw-$env{ID_PATH_TAG}',
        'yimen-$env{YIMEN_ROLE}',
      ]),
    );
  });

  it('keeps ModemManager away from the serial ports and role devices', () => {
    const mm = parsed.rules.filter((r) => has(r, 'ENV', '=', '1', 'ID_MM_DEVICE_IGNORE'));
    expect(mm.length).toBeGreaterThanOrEqual(2);
  });

  it('opens hidraw only for scanner vendors (keyboards stay closed)', () => {
    const hid = find(parsed.rules, (r) => has(r, 'ENV', '=', 'hidraw', 'YIMEN_DEVICE'));
    expect(hid).toHaveLength(1);
    const vendor = hid[0]?.keys.find((k) => k.key === 'ATTRS' && k.attr === 'idVendor');
    expect(vendor && udevGlob(vendor.value, '0c2e')).toBe(true); // Honeywell
    expect(vendor && udevGlob(vendor.value, '046d')).toBe(false); // Logitech keyboard
  });
});

describe('packaging/udev/69-yimen-roles.rules (site template)', () => {
  it('is all comments, and its examples parse once uncommented', () => {
    const parsed = parseUdevRules(roles);
    expect(parsed.rules).toEqual([]);
    const examples = roles
      .split('\n')
      .filter((l) => /^#\s+(SUBSYSTEM|ACTION)/.test(l))
      .map((l) => l.replace(/^#\s+/, ''));
    expect(examples.length).toBeGreaterThanOrEqual(4);
    const p = parseUdevRules(examples.join('\n'));
    expect(p.errors).toEqual([]);
    for (const r of p.rules) expect(r.keys.some((k) => k.key === 'ENV' && k.attr === 'YIMEN_ROLE' && k.op === '=')).toBe(true);
  });
});
