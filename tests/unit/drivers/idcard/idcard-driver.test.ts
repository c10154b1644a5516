import { afterEach, describe, expect, it } from 'vitest';
import { IdCardDriver, formatSamId, type CardEvent } from '../../../../drivers/idcard/idcard-driver.js';
import { IdCardEmulator } from '../../../../drivers/idcard/idcard-emulator.js';
import { encodeCommand } from '../../../../drivers/idcard/idcard-codec.js';
import { createMemoryPair, type MemoryPair } from '../../../../drivers/transport/memory-transport.js';
import type { Health } from '../../../../drivers/device.js';

const FIXED_NOW = (): Date => new Date(2026, 5, 1);
const fast = { commandMs: 200, readMs: 500, interByteMs: 50 };

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function rig(
  opts: { card?: string; scenario?: Parameters<IdCardEmulator['setScenario']>[0]; pollMs?: number; rate?: number } = {},
): Promise<{ pair: MemoryPair; driver: IdCardDriver; emu: IdCardEmulator }> {
  const pair = createMemoryPair(opts.rate ? { bytesPerSecond: opts.rate } : {});
  let seed = 42;
  const emu = new IdCardEmulator(pair.b, {
    ...(opts.card ? { card: opts.card } : {}),
    random: () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31,
  });
  if (opts.scenario) emu.setScenario(opts.scenario);
  await emu.start();
  const driver = new IdCardDriver(pair.a, { timeouts: fast, pollMs: opts.pollMs ?? 0, heartbeatMs: 60_000, now: FIXED_NOW });
  cleanup.push(
    () => driver.stop(),
    () => emu.stop(),
  );
  return { pair, driver, emu };
}

function next<T>(subscribe: (l: (v: T) => void) => () => void, pred: (v: T) => boolean): Promise<T> {
  return new Promise((resolve) => {
    const off = subscribe((v) => {
      if (pred(v)) {
        off();
        resolve(v);
      }
    });
  });
}

describe('IdCardDriver ⇄ IdCardEmulator over a memory pair', () => {
  it('starts healthy and reads a resident card', async () => {
    const { driver } = await rig({ card: 'resident' });
    await driver.start();
    expect(driver.health()).toEqual({ state: 'ok', code: null });
    const r = await driver.readCard();
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.text).toMatchObject({ cardType: 'resident', name: '李示范', idNumber: '440604198506151233' });
    expect(r.value.photo.length).toBe(1024);
    expect(r.value.photoImage).toBeNull();
    expect(r.value.fingerprint).toBeNull();
    expect(r.value.idNumberCheck.valid).toBe(true);
    expect(r.value.expired).toBe(false);
  });

  it('requires the card to be removed before it can be found again', async () => {
    const { driver, emu } = await rig({ card: 'resident' });
    await driver.start();
    expect((await driver.readCard()).ok).toBe(true);
    const again = await driver.readCard();
    expect(again.ok ? 'ok' : again.error.code).toBe('no-card');
    emu.removeCard();
    emu.placeCard('resident');
    expect((await driver.readCard()).ok).toBe(true);
  });

  it('reads each card type, the expired card and the bad-checksum card', async () => {
    const { driver, emu } = await rig();
    await driver.start();
    const read = async (id: string) => {
      emu.placeCard(id);
      const r = await driver.readCard();
      if (!r.ok) throw new Error(r.error.message);
      return r.value;
    };
    expect((await read('hkmotw')).text.cardType).toBe('hkmotw');
    expect((await read('foreign2017')).idNumberCheck.valid).toBe(true);
    expect((await read('foreign2023')).idNumberCheck.valid).toBe(true);
    expect((await read('resident-long-term')).expired).toBe(false);
    expect((await read('expired')).expired).toBe(true);
    const bad = await read('bad-checksum');
    expect(bad.idNumberCheck).toEqual({ valid: false, problems: ['check-digit'] });
    expect(bad.expired).toBe(false);
  });

  it('reads the fingerprint block with 30 10', async () => {
    const { driver } = await rig({ card: 'resident' });
    await driver.start();
    const r = await driver.readCard({ fingerprint: true });
    expect(r.ok && r.value.fingerprint?.length).toBe(1024);
  });

  it('passes the photo to a decoder hook when one is given, and survives one that throws', async () => {
    const pair = createMemoryPair();
    const emu = new IdCardEmulator(pair.b, { card: 'resident' });
    await emu.start();
    const d1 = new IdCardDriver(pair.a, {
      timeouts: fast,
      pollMs: 0,
      photoDecoder: (wlt) => Buffer.from([wlt.length & 0xff, 1]),
    });
    cleanup.push(
      () => d1.stop(),
      () => emu.stop(),
    );
    await d1.start();
    const r = await d1.readCard();
    expect(r.ok && [...(r.value.photoImage ?? [])]).toEqual([0, 1]);
  });

  it('gives the SAM id', async () => {
    const { driver } = await rig();
    await driver.start();
    expect(await driver.samId()).toEqual({ ok: true, value: '05.01-20101014-0012345678-1234567890' });
    expect(formatSamId(Buffer.alloc(3))).toBeNull();
  });

  it('reports no-card, then card-pulled when the card is taken away mid-read (select fails after the cut reply)', async () => {
    const { driver, emu } = await rig({ scenario: 'pull-mid-read' });
    await driver.start();
    const none = await driver.readCard();
    expect(none.ok ? 'ok' : none.error.code).toBe('no-card');
    const replies: string[] = [];
    // The SAM heartbeat runs on its own timer; only the read's own exchanges are counted.
    emu.onReplySent((command) => {
      if (command !== 'sam-status') replies.push(command);
    });
    emu.placeCard('resident');
    const pulled = await driver.readCard();
    expect(pulled.ok ? 'ok' : pulled.error.code).toBe('card-pulled');
    expect(replies).toEqual(['find-card', 'select-card', 'read-text-photo', 'select-card']);
    expect(emu.state().card).toBeNull();
    // A pulled card is the citizen's doing, not a reader fault.
    expect(driver.health()).toEqual({ state: 'ok', code: null });
  });

  it('a read cut short while the card is still there stays read-failed (select still answers)', async () => {
    const { driver, emu } = await rig({ scenario: 'pull-mid-read' });
    await driver.start();
    // The card comes straight back as the cut reply goes out, so the driver's select probe finds it.
    const off = emu.onReplySent((command) => {
      if (command !== 'read-text-photo') return;
      off();
      emu.placeCard('resident');
    });
    emu.placeCard('resident');
    const r = await driver.readCard();
    expect(r.ok ? 'ok' : r.error.code).toBe('read-failed');
  });

  it('reads through a noisy line', async () => {
    const { driver } = await rig({ card: 'resident', scenario: 'noisy' });
    await driver.start();
    for (let i = 0; i < 3; i++) expect((await driver.status()).ok).toBe(true);
    const r = await driver.readCard();
    expect(r.ok && r.value.text.name).toBe('李示范');
  });

  it('goes offline with no-answer when the reader is silent, degraded on garbage, offline on a SAM fault', async () => {
    const { driver, emu } = await rig({ scenario: 'no-answer' });
    await driver.start();
    expect(driver.health()).toEqual({ state: 'offline', code: 'no-answer' });
    const r = await driver.readCard();
    expect(r.ok ? 'ok' : r.error.code).toBe('no-answer');
    if (!r.ok) expect(r.error.message).toContain('find-card');
    emu.setScenario('garbage');
    const g = await driver.status();
    expect(g.ok ? 'ok' : g.error.code).toBe('garbage');
    expect(driver.health()).toEqual({ state: 'degraded', code: 'garbage' });
    emu.setScenario('sam-fault');
    const s = await driver.status();
    expect(s.ok ? 'ok' : s.error.code).toBe('sam-fault');
    expect(driver.health()).toEqual({ state: 'offline', code: 'sam-fault' });
    emu.setScenario('normal');
    expect((await driver.status()).ok).toBe(true);
    expect(driver.health()).toEqual({ state: 'ok', code: null });
  });

  it('ignores a request with a bad checksum and answers the next one', async () => {
    const { pair } = await rig();
    await pair.a.open();
    const got: Buffer[] = [];
    pair.a.onData((c) => got.push(c));
    const bad = encodeCommand('find');
    bad[bad.length - 1] = 0x21; // the wrong CHK seen in public code
    // The emulator's frame reader drops it (bad XOR): a real reader may answer SW3 10 or stay silent.
    const statusReply = 'aaaaaa9669000400009094';
    const replied = new Promise<void>((resolve) => {
      const off = pair.a.onData(() => {
        if (Buffer.concat(got).length >= statusReply.length / 2) {
          off();
          resolve();
        }
      });
    });
    await pair.a.write(bad);
    await pair.a.write(encodeCommand('status'));
    // The emulator answers in order: a reply to the bad frame would come before this one.
    await replied;
    expect(Buffer.concat(got).toString('hex')).toBe(statusReply);
  });

  it('polling: a card pulled mid-read is card-pulled (the reply stops, then select fails), then removed; nothing is read', async () => {
    const { driver, emu } = await rig({ pollMs: 5, scenario: 'pull-mid-read' });
    const events: string[] = [];
    driver.onCard((e) => events.push(e.type === 'read-failed' ? `read-failed:${e.error.code}` : e.type));
    // What went over the wire after the cut read: the reader answered the driver's select probe.
    const replies: string[] = [];
    emu.onReplySent((command) => replies.push(command));
    await driver.start();
    const removed = next<CardEvent>(
      (l) => driver.onCard(l),
      (e) => e.type === 'card-removed',
    );
    emu.placeCard('resident');
    await removed;
    expect(events).toEqual(['card-placed', 'read-failed:card-pulled', 'card-removed']);
    expect(emu.state().card).toBeNull();
    // find, select, the first 40 % of the read reply, then the driver's select probe, refused.
    expect(replies.slice(replies.indexOf('find-card'), replies.indexOf('find-card') + 4)).toEqual([
      'find-card',
      'select-card',
      'read-text-photo',
      'select-card',
    ]);
    // Over two more whole polls the slot stays empty: no card-read ever follows.
    const finds = replies.filter((r) => r === 'find-card').length;
    await new Promise<void>((resolve) => {
      const off = emu.onReplySent(() => {
        if (replies.filter((r) => r === 'find-card').length >= finds + 3) {
          off();
          resolve();
        }
      });
    });
    expect(events).toEqual(['card-placed', 'read-failed:card-pulled', 'card-removed']);
  });

  it('emits card-placed, card-read and card-removed while polling', async () => {
    const { driver, emu } = await rig({ pollMs: 5 });
    const events: CardEvent['type'][] = [];
    driver.onCard((e) => events.push(e.type));
    // Polls the emulator has answered (each poll starts with find-card).
    let finds = 0;
    emu.onReplySent((command) => {
      if (command === 'find-card') finds++;
    });
    await driver.start();
    const read = next<CardEvent>(
      (l) => driver.onCard(l),
      (e) => e.type === 'card-read',
    );
    emu.placeCard('hkmotw');
    const e = await read;
    expect(e.type === 'card-read' && e.card.text.cardType).toBe('hkmotw');
    // Still in the field: no second read, no removal, over whole polls. The driver sends the next
    // find only after it has handled the last poll's replies, so 3 more finds = 2 whole polls done.
    const since = finds;
    await new Promise<void>((resolve) => {
      const off = emu.onReplySent(() => {
        if (finds >= since + 3) {
          off();
          resolve();
        }
      });
    });
    expect(events).toEqual(['card-placed', 'card-read']);
    const removed = next<CardEvent>(
      (l) => driver.onCard(l),
      (ev) => ev.type === 'card-removed',
    );
    emu.removeCard();
    await removed;
    expect(events).toEqual(['card-placed', 'card-read', 'card-removed']);
  });

  it('reports offline when unplugged and ok again after replug', async () => {
    const { pair, driver } = await rig({ pollMs: 5 });
    await driver.start();
    const offline = next<Health>(
      (l) => driver.onHealth(l),
      (h) => h.state === 'offline',
    );
    pair.unplug('a');
    expect(await offline).toEqual({ state: 'offline', code: 'disconnected' });
    const back = next<Health>(
      (l) => driver.onHealth(l),
      (h) => h.state === 'ok',
    );
    pair.replug('a');
    expect(await back).toEqual({ state: 'ok', code: null });
  });

  it('reads at a realistic wire rate (bytes dribble in over ~112 ms)', async () => {
    const { driver } = await rig({ card: 'resident', rate: 11520 });
    await driver.start();
    const r = await driver.readCard();
    expect(r.ok).toBe(true);
  });
});
