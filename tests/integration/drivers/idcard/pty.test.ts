/**
 * Driver ⇄ emulator over a socat pty pair with the real `serialport` binding on both ends, the
 * emulator pacing its replies at 115200 baud.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Health } from '../../../../drivers/device.js';
import { IdCardDriver, type CardEvent } from '../../../../drivers/idcard/idcard-driver.js';
import { IdCardEmulator, type ScenarioName } from '../../../../drivers/idcard/idcard-emulator.js';
import { SerialTransport } from '../../../../drivers/transport/serial-transport.js';
import { openPtyPair, type PtyPair } from '../../../helpers/pty.js';

let pty: PtyPair | null = null;
let stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const s of stops.reverse()) await s();
  stops = [];
  await pty?.close();
  pty = null;
});

async function emulator(path: string, scenario: ScenarioName = 'normal', card?: string): Promise<IdCardEmulator> {
  const emu = new IdCardEmulator(new SerialTransport({ path, livenessMs: 0 }), {
    scenario,
    bytesPerSecond: 11520,
    ...(card ? { card } : {}),
  });
  await emu.start();
  stops.push(() => emu.stop());
  return emu;
}

async function rig(scenario: ScenarioName = 'normal', card?: string, links = false) {
  pty = await openPtyPair({ links });
  const emu = await emulator(pty.b, scenario, card);
  const transport = new SerialTransport({ path: pty.a, backoffMs: [50, 100, 200], livenessMs: 50 });
  // The driver's own deadlines (derived from the protocol's frame sizes at 115200 baud).
  const driver = new IdCardDriver(transport, {
    pollMs: 0,
    now: () => new Date(2026, 5, 1),
  });
  stops.push(() => driver.stop());
  return { emu, driver, transport };
}

function nextHealth(d: IdCardDriver, pred: (h: Health) => boolean): Promise<Health> {
  return new Promise((resolve) => {
    const off = d.onHealth((h) => {
      if (pred(h)) {
        off();
        resolve(h);
      }
    });
  });
}

describe('ID-card driver ⇄ emulator over a pty pair', () => {
  it('reads each sample card at 115200', async () => {
    const { emu, driver } = await rig();
    await driver.start();
    expect(driver.health()).toEqual({ state: 'ok', code: null });
    for (const id of ['resident', 'hkmotw', 'foreign2017', 'foreign2023', 'expired', 'bad-checksum']) {
      emu.placeCard(id);
      const r = await driver.readCard();
      expect(r.ok, id).toBe(true);
      if (r.ok) expect(r.value.photo.length).toBe(1024);
    }
  });

  it('reads with the fingerprint block (2321 bytes on the wire)', async () => {
    const { driver } = await rig('normal', 'resident-long-term');
    await driver.start();
    const r = await driver.readCard({ fingerprint: true });
    expect(r.ok && r.value.fingerprint?.length).toBe(1024);
    expect(r.ok && r.value.text.validTo).toBe('long-term');
  });

  it('no card → no-card; pulled mid-read → card-pulled, then no-card', async () => {
    const { emu, driver } = await rig('pull-mid-read');
    await driver.start();
    const a = await driver.readCard();
    expect(a.ok ? 'ok' : a.error.code).toBe('no-card');
    emu.placeCard('resident');
    const b = await driver.readCard();
    expect(b.ok ? 'ok' : b.error.code).toBe('card-pulled');
    const c = await driver.readCard();
    expect(c.ok ? 'ok' : c.error.code).toBe('no-card');
  });

  it('reads through a noisy line', async () => {
    const { driver } = await rig('noisy', 'foreign2017');
    await driver.start();
    const r = await driver.readCard();
    expect(r.ok && r.value.text.englishName).toBe('SAMPLE, ALEX');
  });

  it('no answer → offline/no-answer; garbage → degraded/garbage; SAM fault → offline/sam-fault', async () => {
    const { emu, driver } = await rig('no-answer');
    await driver.start();
    expect(driver.health()).toEqual({ state: 'offline', code: 'no-answer' });
    emu.setScenario('garbage');
    const g = await driver.find();
    expect(g.ok ? 'ok' : g.error.code).toBe('garbage');
    expect(driver.health()).toEqual({ state: 'degraded', code: 'garbage' });
    emu.setScenario('sam-fault');
    expect((await driver.status()).ok).toBe(false);
    expect(driver.health()).toEqual({ state: 'offline', code: 'sam-fault' });
  });

  it('polls: card-placed, card-read, card-removed', async () => {
    pty = await openPtyPair();
    const emu = await emulator(pty.b);
    const driver = new IdCardDriver(new SerialTransport({ path: pty.a }), { pollMs: 20 });
    stops.push(() => driver.stop());
    const events: CardEvent['type'][] = [];
    const removed = new Promise<void>((resolve) =>
      driver.onCard((e) => {
        events.push(e.type);
        if (e.type === 'card-read') emu.removeCard();
        if (e.type === 'card-removed') resolve();
      }),
    );
    await driver.start();
    emu.placeCard('resident');
    await removed;
    expect(events).toEqual(['card-placed', 'card-read', 'card-removed']);
  });

  it('the emulator closes its end → offline (no-answer); it opens it again → ok', async () => {
    pty = await openPtyPair();
    const first = await emulator(pty.b, 'normal', 'resident');
    const driver = new IdCardDriver(new SerialTransport({ path: pty.a }), {
      pollMs: 0,
      heartbeatMs: 30,
    });
    stops.push(() => driver.stop());
    await driver.start();
    expect(driver.health().state).toBe('ok');
    const offline = nextHealth(driver, (h) => h.state === 'offline');
    await first.stop(); // a pty keeps existing when one side closes: the host hears silence
    expect(await offline).toEqual({ state: 'offline', code: 'no-answer' });
    const ok = nextHealth(driver, (h) => h.state === 'ok');
    await emulator(pty.b, 'normal', 'resident');
    expect(await ok).toEqual({ state: 'ok', code: null });
    expect((await driver.readCard()).ok).toBe(true);
  });

  it('unplug: the port vanishes → offline (disconnected); it comes back → reconnects, ok again', async () => {
    const { emu, driver } = await rig('normal', 'resident', true);
    await driver.start();
    const offline = nextHealth(driver, (h) => h.code === 'disconnected');
    await emu.stop();
    if (!pty) throw new Error('no pty');
    await pty.unplug(); // the USB adapter is pulled: both device nodes disappear
    expect(await offline).toEqual({ state: 'offline', code: 'disconnected' });
    const ok = nextHealth(driver, (h) => h.state === 'ok');
    await pty.replug();
    await emulator(pty.b, 'normal', 'resident');
    expect(await ok).toEqual({ state: 'ok', code: null });
    const r = await driver.readCard();
    expect(r.ok && r.value.text.name).toBe('李示范');
  });
});
