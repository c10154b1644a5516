/**
 * Where the emulated A4 printer puts its PDFs (#17 item 3): under the kiosk's data dir, owner-only,
 * never shared between two kiosks, never overwriting an earlier run's files.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceConfig } from '../../../../config/schema.js';
import type { A4PrinterEmulator } from '../../../../drivers/printer/a4/a4-printer-emulator.js';
import { createA4PrinterDevice } from '../../../../main/devices/a4-printer-device.js';
import { silentLogger } from '../../../../main/base/log/logger.js';
import { DeviceManager } from '../../../../main/devices/manager.js';

const config: DeviceConfig = {
  id: 'a4',
  kind: 'a4-printer',
  enabled: true,
  transport: { type: 'emulated' },
  options: { pollMs: 0 },
};

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function temp(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const mode = (p: string): number => statSync(p).mode & 0o777;

/** Builds the A4 printer as the device manager would for a kiosk with this data dir, and prints once. */
async function printOnce(outputDir: string | undefined): Promise<{ emulator: A4PrinterEmulator; file: string }> {
  const built = createA4PrinterDevice(config, {
    logger: silentLogger(),
    now: () => new Date(),
    ...(outputDir !== undefined ? { outputDir } : {}),
  });
  if (!built.ok) throw new Error(built.error.message);
  const { driver, emulator } = built.value;
  if (!emulator) throw new Error('no emulator');
  const r = await driver.print({ title: '受理回执' }, { wait: true });
  expect(r.ok).toBe(true);
  const file = emulator.jobs.at(-1)?.file;
  if (file === undefined) throw new Error('no job');
  return { emulator, file };
}

describe('emulated A4 printer output', () => {
  it('defaults to <dataDir>/a4-out/<id>, mode 0700, with 0600 files', async () => {
    const dataDir = temp('yimen-a4-data-');
    const { file } = await printOnce(dataDir);
    expect(dirname(file)).toBe(join(dataDir, 'a4-out', 'a4'));
    expect(mode(join(dataDir, 'a4-out'))).toBe(0o700);
    expect(mode(join(dataDir, 'a4-out', 'a4'))).toBe(0o700);
    expect(mode(file)).toBe(0o600);
  });

  it('two kiosks with different data dirs do not share a folder', async () => {
    const one = await printOnce(temp('yimen-a4-one-'));
    const two = await printOnce(temp('yimen-a4-two-'));
    expect(one.emulator.jobs[0]?.id).toBe(two.emulator.jobs[0]?.id); // both "a4-1"
    expect(dirname(one.file)).not.toBe(dirname(two.file));
    expect(readdirSync(dirname(one.file))).toHaveLength(1);
    expect(readdirSync(dirname(two.file))).toHaveLength(1);
  });

  it("a second run (job numbers start over) does not overwrite the first run's files", async () => {
    const dataDir = temp('yimen-a4-runs-');
    const first = await printOnce(dataDir);
    const second = await printOnce(dataDir);
    expect(first.emulator.jobs[0]?.id).toBe(second.emulator.jobs[0]?.id);
    expect(second.file).not.toBe(first.file);
    expect(readdirSync(join(dataDir, 'a4-out', 'a4')).sort()).toEqual(
      [first.file, second.file].map((f) => f.slice(dirname(f).length + 1)).sort(),
    );
  });

  it('without a data dir: a private temporary folder per emulator, made at the first job', async () => {
    const built = createA4PrinterDevice(config, { logger: silentLogger(), now: () => new Date() });
    if (!built.ok) throw new Error(built.error.message);
    expect(built.value.emulator?.folder).toBeNull();
    const a = await printOnce(undefined);
    const b = await printOnce(undefined);
    for (const f of [a.file, b.file]) cleanups.push(() => rmSync(dirname(f), { recursive: true, force: true }));
    expect(dirname(a.file)).not.toBe(dirname(b.file));
    expect(dirname(a.file).startsWith(join(tmpdir(), 'yimen-a4-a4-'))).toBe(true);
    expect(mode(dirname(a.file))).toBe(0o700);
    expect(mode(a.file)).toBe(0o600);
  });

  it('the device manager passes the kiosk data dir to the factories', async () => {
    const dataDir = temp('yimen-a4-manager-');
    const manager = new DeviceManager({ devices: [config], logger: silentLogger(), outputDir: dataDir });
    const driver = manager.driver('a4-printer');
    if (!driver) throw new Error('no driver');
    await manager.start();
    cleanups.push(() => void manager.stop());
    expect(existsSync(join(dataDir, 'a4-out'))).toBe(true);
    const r = await driver.print({ title: '测试' }, { wait: true });
    expect(r.ok).toBe(true);
    expect(readdirSync(join(dataDir, 'a4-out', 'a4'))).toHaveLength(1);
  });
});
