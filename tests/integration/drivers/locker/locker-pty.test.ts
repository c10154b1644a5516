/**
 * LockerDriver ⇄ LockerEmulator over a real pty pair (socat) with the real serialport binding,
 * scenario by scenario, including unplugging the emulator's end and plugging it back.
 * No timed assertions: the tests wait for events and health changes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { LockerDriver } from '../../../../drivers/locker/locker-driver.js';
import { LockerEmulatorHost } from '../../../../drivers/locker/locker-emulator-host.js';
import { findLockerScenario } from '../../../../drivers/locker/locker-scenarios.js';
import { SerialTransport } from '../../../../drivers/transport/serial-transport.js';
import { openPtyPair, type PtyPair } from '../../../helpers/pty.js';
import { healthBecomes, isOk, nextEvent } from '../../../helpers/locker-waits.js';

interface Rig {
  pty: PtyPair;
  host: LockerEmulatorHost;
  driver: LockerDriver;
}

let current: Rig | null = null;
let extraHost: LockerEmulatorHost | null = null;

afterEach(async () => {
  if (current) {
    await current.driver.stop();
    await current.host.stop();
    await extraHost?.stop();
    await current.pty.close();
  }
  current = null;
  extraHost = null;
});

async function rig(scenarioName: string, opts: { links?: boolean; leftOpenAfterMs?: number } = {}): Promise<Rig> {
  const scenario = findLockerScenario(scenarioName);
  if (!scenario) throw new Error(`no scenario ${scenarioName}`);
  const pty = await openPtyPair({ links: opts.links ?? false });
  const host = new LockerEmulatorHost(new SerialTransport({ path: pty.b, livenessMs: 0 }), scenarioName);
  await host.start();
  const driver = new LockerDriver(
    new SerialTransport({ path: pty.a, keepTrying: true, backoffMs: [50, 100, 200], livenessMs: 100 }),
    {
      protocol: scenario.protocol,
      boards: scenario.boards.map((b) => ({
        address: b.address,
        locks: b.locks,
        polarity: scenario.protocol === 'kerong' ? 'unlocked-shorted' : 'locked-shorted',
      })),
      pollIntervalMs: 50,
      leftOpenAfterMs: opts.leftOpenAfterMs ?? 60_000,
      // The driver's own open/query deadlines: a reply late on a loaded machine must not turn
      // 'confirmed by reply' into 'confirmed by query'.
    },
  );
  // Nobody closes a door unless the test says so (the scenarios' person closes it after 3 s of
  // real time, which a loaded machine can reach before the test looks at the door).
  host.emulator.setAutoClose(null);
  current = { pty, host, driver };
  await driver.start();
  return current;
}

describe('locker driver ⇄ emulator over a socat pty pair', () => {
  it('default: open → door-opened, the person closes it → door-closed; status of every board', async () => {
    const { driver, host } = await rig('default');
    await healthBecomes(driver, isOk);
    host.emulator.setAutoClose(null);
    const opened = nextEvent(driver, (e) => e.type === 'door-opened');
    expect(await driver.open(4, 24)).toEqual({ ok: true, value: { board: 4, lock: 24, opened: true, confirmedBy: 'reply' } });
    expect(await opened).toEqual({ type: 'door-opened', board: 4, lock: 24, cause: 'command' });
    const closed = nextEvent(driver, (e) => e.type === 'door-closed');
    host.emulator.closeDoorAfter(4, 24, 10);
    expect(await closed).toEqual({ type: 'door-closed', board: 4, lock: 24 });
    for (const board of [1, 2, 3, 4]) {
      const s = await driver.status(board);
      expect(s.ok && Object.values(s.value.doors).filter((d) => d === 'closed')).toHaveLength(24);
    }
  });

  it('jammed: acknowledged but still closed → opened false, health door-jammed', async () => {
    const { driver } = await rig('jammed');
    await healthBecomes(driver, isOk);
    expect(await driver.open(1, 3)).toEqual({ ok: true, value: { board: 1, lock: 3, opened: false, confirmedBy: 'reply' } });
    expect(driver.health()).toEqual({ state: 'degraded', code: 'door-jammed:1/3' });
  });

  it('lost reply: the lock opens, the driver confirms by query and never re-sends the unlock', async () => {
    const { driver, host } = await rig('lost-reply');
    expect(await driver.open(2, 7)).toEqual({ ok: true, value: { board: 2, lock: 7, opened: true, confirmedBy: 'query' } });
    expect(host.emulator.stats.opens).toBe(1);
    expect(host.emulator.door(2, 7)).toBe('open');
  });

  it('noisy line: opens still succeed, bad frames are dropped', async () => {
    const { driver, host } = await rig('noisy');
    host.emulator.setNoise({ garbageProbability: 1, corruptProbability: 0 });
    for (let lock = 1; lock <= 8; lock++) {
      const r = await driver.open(3, lock);
      expect(r.ok && r.value.opened).toBe(true);
    }
    expect(host.emulator.stats.opens).toBe(8);
    expect(driver.busStats.droppedBytes).toBeGreaterThan(0);
  });

  it('manual key opening is reported by polling, with no command sent', async () => {
    const { driver, host } = await rig('default');
    await healthBecomes(driver, isOk);
    const opened = nextEvent(driver, (e) => e.type === 'door-opened');
    host.command('key 2 5');
    expect(await opened).toEqual({ type: 'door-opened', board: 2, lock: 5, cause: 'manual' });
    expect(host.emulator.stats.opens).toBe(0);
  });

  it('left open: door-left-open after the configured time, health degraded', async () => {
    const { driver } = await rig('left-open', { leftOpenAfterMs: 100 });
    const left = await nextEvent(driver, (e) => e.type === 'door-left-open');
    expect(left).toMatchObject({ type: 'door-left-open', board: 1, lock: 2 });
    expect(await healthBecomes(driver, (h) => h.state === 'degraded')).toEqual({ state: 'degraded', code: 'door-left-open:1/2' });
  });

  it('Kerong occupancy: infrared state is read and its changes are reported', async () => {
    const { driver, host } = await rig('occupancy');
    await healthBecomes(driver, isOk);
    expect(driver.occupied(0, 1)).toBe(true);
    host.emulator.setAutoClose(null);
    expect((await driver.open(0, 1)).ok).toBe(true);
    const emptied = nextEvent(driver, (e) => e.type === 'occupancy');
    host.emulator.setDoor(0, 1, 'closed'); // the scenario empties a compartment when its door closes
    expect(await emptied).toEqual({ type: 'occupancy', board: 0, lock: 1, occupied: false });
  });

  it('unplug: the emulator closes its end → offline; back → the driver reconnects and works', async () => {
    const r = await rig('default', { links: true });
    await healthBecomes(r.driver, isOk);
    await r.host.stop();
    expect((await healthBecomes(r.driver, (h) => h.state === 'offline')).state).toBe('offline');
    await r.pty.unplug();
    expect(await healthBecomes(r.driver, (h) => h.code === 'port-reconnecting')).toEqual({
      state: 'offline',
      code: 'port-reconnecting',
    });
    await r.pty.replug();
    extraHost = new LockerEmulatorHost(new SerialTransport({ path: r.pty.b, livenessMs: 0 }), 'default');
    await extraHost.start();
    await healthBecomes(r.driver, isOk);
    expect(await r.driver.open(1, 1)).toMatchObject({ ok: true, value: { opened: true } });
  });
});
