/**
 * LockerDriver ⇄ LockerEmulator over an in-memory pair: the same bytes as on the wire, no port.
 * No timed assertions: tests wait for events and health changes, never for a clock.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { LockerDriver, type LockerDriverOptions } from '../../../../drivers/locker/locker-driver.js';
import { LockerEmulator, type EmulatedBoardConfig } from '../../../../drivers/locker/locker-emulator.js';
import type { FeedbackPolarity, LockerProtocolName } from '../../../../drivers/locker/locker-codec.js';
import { createMemoryPair, type MemoryPair } from '../../../../drivers/transport/memory-transport.js';
import { healthBecomes, isOk, nextEvent } from '../../../helpers/locker-waits.js';

interface Rig {
  pair: MemoryPair;
  driver: LockerDriver;
  emulator: LockerEmulator;
}

const rigs: Rig[] = [];

afterEach(async () => {
  for (const r of rigs.splice(0)) {
    r.emulator.dispose();
    await r.driver.stop();
    await r.pair.b.close();
  }
});

async function rig(
  opts: {
    protocol?: LockerProtocolName;
    boards?: EmulatedBoardConfig[];
    driverPolarity?: FeedbackPolarity;
    driver?: Partial<LockerDriverOptions>;
    autoCloseMs?: number | null;
  } = {},
): Promise<Rig> {
  const protocol = opts.protocol ?? '8a';
  const boards: EmulatedBoardConfig[] = opts.boards ?? [1, 2, 3, 4].map((address) => ({ address, locks: 24 }));
  const pair = createMemoryPair();
  const emulator = new LockerEmulator({ protocol, boards, autoCloseMs: opts.autoCloseMs ?? null });
  await pair.b.open();
  emulator.attach(pair.b);
  const defaultPolarity = protocol === 'kerong' ? 'unlocked-shorted' : 'locked-shorted';
  const driver = new LockerDriver(pair.a, {
    protocol,
    boards: boards.map((b) => ({
      address: b.address,
      locks: b.locks,
      polarity: opts.driverPolarity ?? b.polarity ?? defaultPolarity,
    })),
    pollIntervalMs: 20,
    leftOpenAfterMs: 60_000,
    queryTimeoutMs: 100,
    openTimeoutMs: 200,
    bus: { gapMs: 0, quietMs: 5, maxQuietWaitMs: 20 },
    ...opts.driver,
  });
  const r = { pair, driver, emulator };
  rigs.push(r);
  await driver.start();
  return r;
}

describe('LockerDriver ⇄ LockerEmulator (8A bus, 4 boards × 24 locks)', () => {
  it('opens a lock: the board confirms, the door-opened event names the command', async () => {
    const { driver, emulator } = await rig();
    await healthBecomes(driver, isOk);
    const opened = nextEvent(driver, (e) => e.type === 'door-opened');
    const r = await driver.open(3, 24);
    expect(r).toEqual({ ok: true, value: { board: 3, lock: 24, opened: true, confirmedBy: 'reply' } });
    expect(await opened).toEqual({ type: 'door-opened', board: 3, lock: 24, cause: 'command' });
    expect(emulator.door(3, 24)).toBe('open');
    expect(emulator.door(3, 23)).toBe('closed');
    // The person closes it: the next poll reports it.
    const closed = nextEvent(driver, (e) => e.type === 'door-closed');
    emulator.setDoor(3, 24, 'closed');
    expect(await closed).toEqual({ type: 'door-closed', board: 3, lock: 24 });
  });

  it('reads every door of a board', async () => {
    const { driver, emulator } = await rig();
    emulator.setDoor(2, 1, 'open');
    emulator.setDoor(2, 17, 'open');
    const r = await driver.status(2);
    if (!r.ok) throw new Error(r.error.message);
    expect(Object.keys(r.value.doors)).toHaveLength(24);
    const open = Object.entries(r.value.doors).flatMap(([lock, d]) => (d === 'open' ? [Number(lock)] : []));
    expect(open).toEqual([1, 17]);
    expect(await driver.queryLock(2, 17)).toEqual({ ok: true, value: { board: 2, lock: 17, door: 'open' } });
  });

  it('a jammed lock: the unlock is answered "not open", health degrades with the door', async () => {
    const { driver, emulator } = await rig();
    await healthBecomes(driver, isOk);
    emulator.jam(1, 3);
    const failed = nextEvent(driver, (e) => e.type === 'open-failed');
    expect(await driver.open(1, 3)).toEqual({ ok: true, value: { board: 1, lock: 3, opened: false, confirmedBy: 'reply' } });
    expect(await failed).toEqual({ type: 'open-failed', board: 1, lock: 3 });
    expect(driver.health()).toEqual({ state: 'degraded', code: 'door-jammed:1/3' });
    emulator.jam(1, 3, false);
    expect((await driver.open(1, 3)).ok && driver.doorState(1, 3)).toBe('open');
    await healthBecomes(driver, isOk);
  });

  it('a lost unlock reply: asks the lock instead of sending the unlock again', async () => {
    const { driver, emulator } = await rig();
    emulator.loseReplies(1, { kind: 'open' });
    const r = await driver.open(1, 5);
    expect(r).toEqual({ ok: true, value: { board: 1, lock: 5, opened: true, confirmedBy: 'query' } });
    expect(emulator.stats.opens).toBe(1);
    expect(emulator.door(1, 5)).toBe('open');
  });

  it('a lost reply and a silent board: the outcome is unknown, and the unlock was sent once', async () => {
    const { driver, emulator } = await rig();
    emulator.loseReplies(1, { kind: 'open' });
    emulator.loseReplies(10, { kind: 'query' });
    const r = await driver.open(2, 2);
    expect(r).toEqual({ ok: true, value: { board: 2, lock: 2, opened: null, confirmedBy: null } });
    expect(emulator.stats.opens).toBe(1);
    expect(emulator.stats.queries).toBeGreaterThan(0);
  });

  it('a door opened with the key (no command) is seen by polling', async () => {
    const { driver, emulator } = await rig();
    await healthBecomes(driver, isOk);
    const opened = nextEvent(driver, (e) => e.type === 'door-opened');
    emulator.keyOpen(4, 9);
    expect(await opened).toEqual({ type: 'door-opened', board: 4, lock: 9, cause: 'manual' });
    expect(emulator.stats.opens).toBe(0);
  });

  it('a door left open raises door-left-open and degrades health until it is closed', async () => {
    const { driver, emulator } = await rig({ driver: { leftOpenAfterMs: 50 } });
    await healthBecomes(driver, isOk);
    const left = nextEvent(driver, (e) => e.type === 'door-left-open');
    await driver.open(1, 2);
    const e = await left;
    expect(e).toMatchObject({ type: 'door-left-open', board: 1, lock: 2 });
    expect(e.type === 'door-left-open' && e.openForMs).toBeGreaterThanOrEqual(50);
    expect(driver.health()).toEqual({ state: 'degraded', code: 'door-left-open:1/2' });
    emulator.setDoor(1, 2, 'closed');
    await healthBecomes(driver, isOk);
  });

  it('a person closing the door after N ms produces door-closed', async () => {
    const { driver } = await rig({ autoCloseMs: 30 });
    const closed = nextEvent(driver, (e) => e.type === 'door-closed');
    expect((await driver.open(2, 12)).ok).toBe(true);
    expect(await closed).toEqual({ type: 'door-closed', board: 2, lock: 12 });
  });

  it('works through a noisy line and damaged replies', async () => {
    const { driver, emulator } = await rig({ driver: { pollIntervalMs: 0 } });
    emulator.setNoise({ garbageProbability: 1, corruptProbability: 0 });
    for (let lock = 1; lock <= 6; lock++) {
      expect(await driver.open(1, lock)).toEqual({ ok: true, value: { board: 1, lock, opened: true, confirmedBy: 'reply' } });
    }
    emulator.setNoise({ garbageProbability: 0.5, corruptProbability: 1 });
    const r = await driver.open(1, 7);
    // Every reply is damaged: never re-sent, and never reported as opened on a bad checksum.
    expect(r).toEqual({ ok: true, value: { board: 1, lock: 7, opened: null, confirmedBy: null } });
    expect(emulator.stats.opens).toBe(7);
    emulator.setNoise(null);
    expect(await driver.queryLock(1, 7)).toEqual({ ok: true, value: { board: 1, lock: 7, door: 'open' } });
    expect(driver.busStats.droppedBytes).toBeGreaterThan(0);
  });

  it('a board that stops answering degrades health; all boards silent is offline; recovery is automatic', async () => {
    const { driver, emulator } = await rig();
    await healthBecomes(driver, isOk);
    emulator.setBoardSilent(2, true);
    expect(await healthBecomes(driver, (h) => h.state === 'degraded')).toEqual({ state: 'degraded', code: 'board-offline:2' });
    for (const b of [1, 3, 4]) emulator.setBoardSilent(b, true);
    expect(await healthBecomes(driver, (h) => h.state === 'offline')).toEqual({ state: 'offline', code: 'no-answer' });
    for (const b of [1, 2, 3, 4]) emulator.setBoardSilent(b, false);
    await healthBecomes(driver, isOk);
  });

  it('unplugged: offline while the port is gone, back to ok when it returns', async () => {
    const { driver, pair } = await rig();
    await healthBecomes(driver, isOk);
    pair.unplug('a');
    expect(await healthBecomes(driver, (h) => h.state === 'offline')).toEqual({ state: 'offline', code: 'port-reconnecting' });
    expect(await driver.open(1, 1)).toMatchObject({ ok: false, error: { code: 'not-connected' } });
    pair.replug('a');
    await healthBecomes(driver, isOk);
    expect((await driver.open(1, 1)).ok).toBe(true);
  });

  it('can be stopped and started again (the device manager restarts devices)', async () => {
    const { driver, pair } = await rig({ driver: { pollIntervalMs: 0 } });
    expect((await driver.open(1, 1)).ok).toBe(true);
    await driver.stop();
    expect(pair.a.state).toBe('closed');
    expect(await driver.open(1, 2)).toMatchObject({ ok: false, error: { code: 'stopped' } });
    await driver.start();
    expect(await driver.open(1, 2)).toMatchObject({ ok: true, value: { opened: true } });
  });

  it('rejects locks that are not configured, without touching the bus', async () => {
    const { driver, emulator } = await rig({ driver: { pollIntervalMs: 0 } });
    expect(await driver.open(1, 25)).toMatchObject({ ok: false, error: { code: 'invalid-lock' } });
    expect(await driver.open(9, 1)).toMatchObject({ ok: false, error: { code: 'invalid-lock' } });
    expect(emulator.stats.commands).toBe(0);
  });

  it('a misconfigured polarity makes every open look failed (the commissioning check)', async () => {
    const { driver, emulator } = await rig({ driverPolarity: 'unlocked-shorted', driver: { pollIntervalMs: 0 } });
    expect(await driver.open(1, 1)).toMatchObject({ ok: true, value: { opened: false } });
    expect(emulator.door(1, 1)).toBe('open');
  });

  it('per-board polarity: a board wired "shorted when unlocked" is read correctly', async () => {
    const { driver, emulator } = await rig({
      boards: [
        { address: 1, locks: 8, polarity: 'locked-shorted' },
        { address: 7, locks: 12, polarity: 'unlocked-shorted' },
      ],
      driver: { pollIntervalMs: 0 },
    });
    expect(await driver.open(7, 12)).toMatchObject({ ok: true, value: { opened: true } });
    expect(await driver.open(1, 8)).toMatchObject({ ok: true, value: { opened: true } });
    emulator.setDoor(7, 3, 'open');
    const s = await driver.status(7);
    expect(
      s.ok &&
        Object.entries(s.value.doors)
          .filter(([, d]) => d === 'open')
          .map(([l]) => l),
    ).toEqual(['3', '12']);
  });
});

describe('LockerDriver ⇄ LockerEmulator (Kerong CU16)', () => {
  const boards = [
    { address: 0, locks: 16 },
    { address: 1, locks: 16 },
  ];

  it('opens, reads doors and infrared occupancy, and reports occupancy changes', async () => {
    const { driver, emulator } = await rig({ protocol: 'kerong', boards });
    emulator.setOccupied(1, 4, true);
    const s = await driver.status(1);
    if (!s.ok) throw new Error(s.error.message);
    expect(s.value.occupied?.['4']).toBe(true);
    expect(s.value.occupied?.['5']).toBe(false);
    expect(await driver.open(1, 4)).toEqual({ ok: true, value: { board: 1, lock: 4, opened: true, confirmedBy: 'reply' } });
    const emptied = nextEvent(driver, (e) => e.type === 'occupancy');
    emulator.setOccupied(1, 4, false);
    expect(await emptied).toEqual({ type: 'occupancy', board: 1, lock: 4, occupied: false });
    expect(driver.occupied(1, 4)).toBe(false);
  });

  it('a lost unlock reply on Kerong is confirmed by a status query', async () => {
    const { driver, emulator } = await rig({ protocol: 'kerong', boards, driver: { pollIntervalMs: 0 } });
    emulator.loseReplies(1, { kind: 'open', board: 0, lock: 16 });
    expect(await driver.open(0, 16)).toEqual({ ok: true, value: { board: 0, lock: 16, opened: true, confirmedBy: 'query' } });
    expect(emulator.stats.opens).toBe(1);
  });
});
