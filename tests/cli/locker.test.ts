/**
 * `yimen locker …` and `yimen emulate locker …` as a technician runs them: the built CLI
 * (`node bin/yimen.js`; run `npm run build:main` first) against the emulator over a socat pty pair.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LockerEmulatorHost } from '../../drivers/locker/locker-emulator-host.js';
import { SerialTransport } from '../../drivers/transport/serial-transport.js';
import { root, startYimen, yimen, type Running } from '../helpers/cli.js';
import { openPtyPair, type PtyPair } from '../helpers/pty.js';

let pty: PtyPair | null = null;
let host: LockerEmulatorHost | null = null;
let running: Running | null = null;

beforeAll(() => {
  if (!existsSync(join(root, 'dist', 'main', 'shells', 'cli', 'locker.js')))
    throw new Error('dist/ is missing the locker command: run `npm run build:main` first');
});

afterEach(async () => {
  await running?.stop();
  running = null;
  await host?.stop();
  host = null;
  await pty?.close();
  pty = null;
});

async function withEmulator(scenario: string): Promise<{ port: string; host: LockerEmulatorHost }> {
  pty = await openPtyPair();
  host = new LockerEmulatorHost(new SerialTransport({ path: pty.b, livenessMs: 0 }), scenario);
  // The tests look at the doors after the command exits: no simulated person closes them meanwhile
  // (they would after 3 s of real time, which two CLI start-ups on a loaded machine can take).
  host.emulator.setAutoClose(null);
  await host.start();
  return { port: pty.a, host };
}

describe('yimen locker open', () => {
  it('opens a lock: one JSON object, exit 0', async () => {
    const { port, host } = await withEmulator('default');
    const r = await yimen(['locker', 'open', '--port', port, '--board', '3', '--lock', '17']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ board: 3, lock: 17, opened: true });
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(host.emulator.door(3, 17)).toBe('open');
  });

  it('a jammed lock: opened false, exit 4', async () => {
    const { port } = await withEmulator('jammed');
    const r = await yimen(['locker', 'open', '--port', port, '--board', '1', '--lock', '3']);
    expect(r.code, r.stderr).toBe(4);
    expect(JSON.parse(r.stdout)).toEqual({ board: 1, lock: 3, opened: false });
    expect(r.stderr).toMatch(/still closed/);
  });

  it('a lost reply: confirmed by a query, the unlock sent once, exit 0', async () => {
    const { port, host } = await withEmulator('lost-reply');
    const r = await yimen(['locker', 'open', '--port', port, '--board', '2', '--lock', '4']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ board: 2, lock: 4, opened: true });
    expect(r.stderr).toMatch(/reply was lost/);
    expect(host.emulator.stats.opens).toBe(1);
  });

  it('no board at that address: opened null, exit 3', async () => {
    const { port, host } = await withEmulator('default');
    const r = await yimen(['locker', 'open', '--port', port, '--board', '9', '--lock', '1', '--timeout', '200']);
    expect(r.code, r.stderr).toBe(3);
    expect(JSON.parse(r.stdout)).toEqual({ board: 9, lock: 1, opened: null });
    expect(r.stderr).toMatch(/may have fired/);
    expect(host.emulator.stats.commands).toBeGreaterThan(1);
  });

  it('the wrong polarity makes a good open look failed (exit 4): the commissioning check', async () => {
    const { port, host } = await withEmulator('default');
    const r = await yimen(['locker', 'open', '--port', port, '--board', '1', '--lock', '1', '--polarity', 'unlocked-shorted']);
    expect(r.code, r.stderr).toBe(4);
    expect(JSON.parse(r.stdout)).toEqual({ board: 1, lock: 1, opened: false });
    expect(host.emulator.door(1, 1)).toBe('open');
  });

  it('Kerong CU boards', async () => {
    const { port } = await withEmulator('kerong');
    const r = await yimen(['locker', 'open', '--port', port, '--protocol', 'kerong', '--board', '1', '--lock', '16']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ board: 1, lock: 16, opened: true });
    const s = await yimen(['locker', 'status', '--port', port, '--board', '1', '--protocol', 'kerong']);
    expect(s.code).toBe(0);
    const doors = (JSON.parse(s.stdout) as { doors: Record<string, string> }).doors;
    expect(Object.keys(doors)).toHaveLength(16);
    expect(doors['16']).toBe('open');
  });

  it('a port that does not exist: exit 3', async () => {
    const r = await yimen(['locker', 'open', '--port', '/dev/yimen-no-such-port', '--board', '1', '--lock', '1']);
    expect(r.code, r.stderr).toBe(3);
    expect(JSON.parse(r.stdout)).toEqual({ board: 1, lock: 1, opened: null });
  });

  it('usage errors exit 1 with nothing on stdout', async () => {
    for (const args of [
      ['locker', 'open', '--port', '/x', '--board', '1', '--lock', '1', '--polarity', 'sideways'],
      ['emulate', 'locker', '--port', '/x', '--scenario', 'nope'],
    ]) {
      const r = await yimen(args);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stdout).toBe('');
    }
  });
});

describe('yimen locker status', () => {
  it('prints every door of the board', async () => {
    const { port } = await withEmulator('left-open');
    const r = await yimen(['locker', 'status', '--port', port, '--board', '1']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { board: number; doors: Record<string, string> };
    expect(out.board).toBe(1);
    expect(Object.keys(out.doors)).toHaveLength(24);
    expect(out.doors['2']).toBe('open');
    expect(Object.entries(out.doors).filter(([, d]) => d === 'open')).toEqual([['2', 'open']]);
  });

  it('no answer: exit 3', async () => {
    const { port } = await withEmulator('default');
    const r = await yimen(['locker', 'status', '--port', port, '--board', '7']);
    expect(r.code, r.stderr).toBe(3);
    expect(JSON.parse(r.stdout)).toEqual({ board: 7, doors: null });
  });
});

describe('yimen emulate locker', () => {
  it('serves the boards on a port until SIGTERM; the CLI talks to it', async () => {
    pty = await openPtyPair();
    const emu = startYimen(['emulate', 'locker', '--port', pty.b, '--scenario', 'jammed']);
    running = emu;
    const ready = await emu.waitFor('out', '\n');
    expect(JSON.parse(ready)).toMatchObject({ emulating: 'locker', scenario: 'jammed', protocol: '8a' });
    expect((JSON.parse(ready) as { boards: unknown[] }).boards).toHaveLength(4);
    const jammed = await yimen(['locker', 'open', '--port', pty.a, '--board', '1', '--lock', '3']);
    expect(jammed.code, jammed.stderr).toBe(4);
    const good = await yimen(['locker', 'open', '--port', pty.a, '--board', '4', '--lock', '24']);
    expect(JSON.parse(good.stdout)).toEqual({ board: 4, lock: 24, opened: true });
    expect(await emu.stop()).toBe(0);
  });
});
