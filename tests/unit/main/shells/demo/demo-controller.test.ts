import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import type { KioskConfig } from '../../../../../config/schema.js';
import type { CardEvent } from '../../../../../drivers/idcard/idcard-driver.js';
import { ReceiptBuilder } from '../../../../../drivers/printer/receipt/receipt-builder.js';
import { startBackoffice, type RunningBackoffice } from '../../../../../backoffice/server.js';
import type { DeviceHealth } from '../../../../../main/base/api/contract.js';
import { DeviceManager } from '../../../../../main/devices/manager.js';
import type { DemoState, ReceiptView } from '../../../../../main/shells/demo/demo-contract.js';
import {
  allDevicesEmulated,
  CAMERA_SCENARIO_LABELS,
  cameraScenariosFor,
  DemoController,
} from '../../../../../main/shells/demo/demo-controller.js';
import { CAMERA_SCENARIOS } from '../../../../../drivers/camera/camera-emulator.js';
import { decodeJpeg } from '../../../../../drivers/camera/jpeg-tools.js';
import { silentLogger } from '../../../../../main/base/log/logger.js';
import { testConfig } from '../../../../helpers/core.js';
import type { CameraDriver } from '../../../../../drivers/camera/camera-driver.js';
import type { CameraEmulator, CameraScenario } from '../../../../../drivers/camera/camera-emulator.js';

/** The default config (every device emulated), with faster polling so health follows quickly. */
function demoConfig(backofficeUrl = 'http://127.0.0.1:9/'): KioskConfig {
  const base = testConfig({ backoffice: { url: backofficeUrl, timeoutMs: 2000 } });
  const fast: Record<string, Record<string, unknown>> = {
    idcard: { pollMs: 50 },
    'receipt-printer': { pollMs: 100 },
    'a4-printer': { pollMs: 0 },
    locker: { pollIntervalMs: 100 },
  };
  return { ...base, devices: base.devices.map((d) => ({ ...d, options: { ...d.options, ...fast[d.kind] } })) };
}

let manager: DeviceManager;
let demo: DemoController;
let backoffice: RunningBackoffice;

beforeAll(async () => {
  backoffice = await startBackoffice({ dataDir: null });
});
afterAll(async () => {
  await backoffice?.close();
});

async function setUp(config = demoConfig()): Promise<void> {
  manager = new DeviceManager({ devices: config.devices, logger: silentLogger() });
  await manager.start();
  demo = new DemoController({ devices: manager, config, logger: silentLogger() });
}
afterEach(async () => {
  demo?.close();
  await manager?.stop();
});

async function call(method: string, args: unknown = {}): Promise<DemoState> {
  const r = await demo.dispatch(method, args);
  if (!r.ok) throw new Error(`${method}: ${r.error.code}: ${r.error.message}`);
  return r.value as DemoState;
}

function nextCardEvent(pred: (e: CardEvent) => boolean): Promise<CardEvent> {
  const driver = manager.driver('idcard');
  if (!driver) throw new Error('no idcard driver');
  return new Promise((resolve) => {
    const off = driver.onCard((e) => {
      if (!pred(e)) return;
      off();
      resolve(e);
    });
  });
}

function waitHealth(id: string, pred: (h: DeviceHealth) => boolean): Promise<DeviceHealth> {
  const now = manager.health().find((h) => h.id === id);
  if (now && pred(now)) return Promise.resolve(now);
  return new Promise((resolve) => {
    const off = manager.onHealth((h) => {
      if (h.id === id && pred(h)) {
        off();
        resolve(h);
      }
    });
  });
}

describe('allDevicesEmulated', () => {
  it('is true for the default config and false once one device is real or nothing is configured', () => {
    const config = demoConfig();
    expect(allDevicesEmulated(config)).toBe(true);
    const real = config.devices.map((d, i) =>
      i === 0 ? { ...d, transport: { type: 'serial' as const, path: '/dev/ttyUSB0' } } : d,
    );
    expect(allDevicesEmulated({ devices: real })).toBe(false);
    // A disabled real device does not count.
    expect(allDevicesEmulated({ devices: real.map((d, i) => (i === 0 ? { ...d, enabled: false } : d)) })).toBe(true);
    expect(allDevicesEmulated({ devices: [] })).toBe(false);
  });
});

describe('DemoController over the default emulated devices', () => {
  it('lists every emulated device with its scenario state and the device health', async () => {
    await setUp();
    const s = await call('demo.state');
    expect(s.devices.map((d) => [d.id, d.kind])).toEqual([
      ['idcard', 'idcard'],
      ['receipt', 'receipt-printer'],
      ['a4', 'a4-printer'],
      ['locker', 'locker'],
      ['scanner', 'scanner'],
      ['face-camera', 'camera'],
      ['doc-camera', 'camera'],
    ]);
    const idcard = s.devices.find((d) => d.kind === 'idcard');
    expect(idcard).toMatchObject({ card: null, pullArmed: false, scenario: 'normal' });
    expect(idcard?.kind === 'idcard' && idcard.samples.map((x) => x.id)).toEqual(
      expect.arrayContaining(['resident', 'expired', 'bad-checksum', 'hkmotw', 'foreign2017', 'foreign2023']),
    );
    expect(s.devices.find((d) => d.kind === 'locker')).toMatchObject({ protocol: '8a', openDoors: [] });
    const camera = s.devices.find((d) => d.kind === 'camera');
    expect(camera).toMatchObject({ role: 'face', scenario: 'real-face', capturing: false, playing: null });
    // What a face camera sees, each with its label in the panel's two languages; no document pages.
    expect(camera?.kind === 'camera' && camera.scenarios).toEqual(
      ['real-face', 'no-face', 'printed-photo', 'screen-replay', 'two-faces', 'unplug', 'missing'].map((id) => ({
        id,
        label: CAMERA_SCENARIO_LABELS[id as CameraScenario],
      })),
    );
    // A document camera is offered its pages instead; every scenario is offered to one role or the other.
    expect(cameraScenariosFor('doc')).toEqual(['unplug', 'missing', 'doc-pages', 'doc-blank', 'doc-dark']);
    expect(new Set([...cameraScenariosFor('face'), ...cameraScenariosFor('doc')])).toEqual(new Set(CAMERA_SCENARIOS));
    for (const id of CAMERA_SCENARIOS) expect(CAMERA_SCENARIO_LABELS[id]).toMatch(/^\S+ [A-Z]/);
    expect(CAMERA_SCENARIO_LABELS['printed-photo']).toBe('举起打印照片 Printed photo held up');
    expect(s.health.map((h) => h.id).sort()).toEqual([
      'a4',
      'doc-camera',
      'face-camera',
      'idcard',
      'locker',
      'receipt',
      'scanner',
    ]);
  });

  it('places a sample card: the ID-card driver reads that card', async () => {
    await setUp();
    const read = nextCardEvent((e) => e.type === 'card-read' || e.type === 'read-failed');
    const s = await call('idcard.place', { device: 'idcard', sample: 'resident' });
    expect(s.devices.find((d) => d.id === 'idcard')).toMatchObject({ card: 'resident' });
    const e = await read;
    expect(e.type).toBe('card-read');
    if (e.type !== 'card-read') return;
    expect(e.card.text.idNumber).toBe('440604198506151233');
    expect(e.card.expired).toBe(false);

    const removed = nextCardEvent((x) => x.type === 'card-removed');
    await call('idcard.remove', { device: 'idcard' });
    await removed;
    expect((await call('demo.state')).devices.find((d) => d.id === 'idcard')).toMatchObject({ card: null });
  });

  it('the expired and bad-checksum samples reach the driver as such', async () => {
    await setUp();
    let read = nextCardEvent((e) => e.type === 'card-read');
    await call('idcard.place', { device: 'idcard', sample: 'expired' });
    let e = await read;
    expect(e.type === 'card-read' && e.card.expired).toBe(true);

    let removed = nextCardEvent((x) => x.type === 'card-removed');
    await call('idcard.remove', { device: 'idcard' });
    await removed;
    read = nextCardEvent((x) => x.type === 'card-read');
    await call('idcard.place', { device: 'idcard', sample: 'bad-checksum' });
    e = await read;
    expect(e.type === 'card-read' && e.card.text.idNumber).toBe('440106199511204560');
    expect(e.type === 'card-read' && e.card.idNumberCheck).not.toMatchObject({ ok: true });
    removed = nextCardEvent((x) => x.type === 'card-removed');
    await call('idcard.remove', { device: 'idcard' });
    await removed;
  });

  it('pulls a card mid-read: the read fails, then the scenario is back to normal and the next card reads', async () => {
    await setUp();
    const failed = nextCardEvent((e) => e.type === 'read-failed' || e.type === 'card-read');
    const armed = await call('idcard.pullMidRead', { device: 'idcard', sample: 'resident' });
    expect(armed.devices.find((d) => d.id === 'idcard')).toMatchObject({ pullArmed: true, scenario: 'normal' });
    const e = await failed;
    expect(e.type).toBe('read-failed');
    const after = await call('demo.state');
    expect(after.devices.find((d) => d.id === 'idcard')).toMatchObject({ pullArmed: false, card: null, scenario: 'normal' });

    const read = nextCardEvent((x) => x.type === 'card-read');
    await call('idcard.place', { device: 'idcard', sample: 'hkmotw' });
    const ok = await read;
    expect(ok.type === 'card-read' && ok.card.text.cardType).toBe('hkmotw');
  });

  it('sets the receipt paper and cover: device health follows', async () => {
    await setUp();
    await waitHealth('receipt', (h) => h.state === 'ok');
    let s = await call('printer.paper', { device: 'receipt', paper: 'out' });
    expect(s.devices.find((d) => d.id === 'receipt')).toMatchObject({ paper: 'out' });
    const out = await waitHealth('receipt', (h) => h.state === 'offline');
    expect(out.code).toContain('paper');
    await call('printer.paper', { device: 'receipt', paper: 'near-end' });
    const near = await waitHealth('receipt', (h) => h.state === 'degraded');
    expect(near.code).toContain('near-end');
    await call('printer.paper', { device: 'receipt', paper: 'ok' });
    await waitHealth('receipt', (h) => h.state === 'ok');
    s = await call('printer.cover', { device: 'receipt', open: true });
    expect(s.devices.find((d) => d.id === 'receipt')).toMatchObject({ coverOpen: true });
    const cover = await waitHealth('receipt', (h) => h.state === 'offline');
    expect(cover.code).toContain('cover');
    await call('printer.cover', { device: 'receipt', open: false });
    await waitHealth('receipt', (h) => h.state === 'ok');
  });

  it('lists what the receipt printer printed, decoded from the ESC/POS bytes', async () => {
    await setUp();
    await waitHealth('receipt', (h) => h.state === 'ok');
    const printer = manager.driver('receipt-printer');
    if (!printer) throw new Error('no receipt driver');
    let changes = 0;
    demo.onChange(() => changes++);
    const job = new ReceiptBuilder()
      .setAlign('center')
      .line('办理回执 Receipt', { bold: true })
      .line('A2024-0001')
      .qr('https://example.org/a/1')
      .cut();
    const r = await printer.print(job);
    expect(r.ok).toBe(true);
    const list = await demo.dispatch('receipts.list', {});
    expect(list.ok).toBe(true);
    const receipts = (list.ok ? list.value : []) as ReceiptView[];
    expect(receipts).toHaveLength(1);
    const [first] = receipts;
    expect(first).toMatchObject({ device: 'receipt', seq: 1, cut: 'partial' });
    expect(first?.text).toContain('办理回执 Receipt');
    expect(first?.items).toContainEqual(expect.objectContaining({ kind: 'qr', data: 'https://example.org/a/1' }));
    expect(first?.items.find((i) => i.kind === 'text')).toMatchObject({
      align: 'center',
      spans: [expect.objectContaining({ bold: true })],
    });
    // Laid out on the emulator's paper (80 mm by default), in printer dots.
    expect(first?.paper).toMatchObject({ widthMm: 80, printDots: 576, columns: 48 });
    const lines = first?.layout.blocks.filter((b) => b.kind === 'text') ?? [];
    expect(lines.map((b) => b.runs.map((r) => r.text).join(''))).toEqual(['办理回执 Receipt', 'A2024-0001']);
    expect(lines[1]?.runs).toEqual([expect.objectContaining({ cellDots: 12, heightDots: 24, x: (576 - 10 * 12) / 2 })]);
    expect(first?.layout.blocks.find((b) => b.kind === 'qr')).toMatchObject({ moduleDots: 6, data: 'https://example.org/a/1' });
    expect(changes).toBeGreaterThan(0);
  });

  it('numbers receipts by all printed, when the emulator keeps only the last hundred', async () => {
    await setUp();
    await waitHealth('receipt', (h) => h.state === 'ok');
    const printer = manager.driver('receipt-printer');
    if (!printer) throw new Error('no receipt driver');
    for (let i = 1; i <= 102; i++) expect((await printer.print(new ReceiptBuilder().line(`R${i}`).cut())).ok).toBe(true);
    const list = await demo.dispatch('receipts.list', {});
    const receipts = (list.ok ? list.value : []) as ReceiptView[];
    expect(receipts).toHaveLength(100);
    expect(receipts[0]).toMatchObject({ seq: 3 });
    expect(receipts[0]?.text).toContain('R3');
    expect(receipts[99]).toMatchObject({ seq: 102 });
    const state = await demo.dispatch('demo.state', {});
    expect(JSON.stringify(state)).toContain('"receipts":102');
  });

  it('lists the A4 PDFs and gives their files, and only those', async () => {
    await setUp();
    const a4 = manager.driver('a4-printer');
    if (!a4) throw new Error('no a4 driver');
    const r = await a4.print({ title: '证明 Certificate', paragraphs: ['示例 sample'] });
    expect(r.ok).toBe(true);
    const list = await demo.dispatch('pdfs.list', {});
    const pdfs = list.ok ? (list.value as { jobId: string; url: string; title: string }[]) : [];
    expect(pdfs).toHaveLength(1);
    const job = pdfs[0];
    expect(job?.title).toBe('证明 Certificate');
    expect(job?.url).toBe(`/demo/pdf/a4/${encodeURIComponent(job?.jobId ?? '')}.pdf`);
    const file = demo.pdfFile('a4', job?.jobId ?? '');
    expect(file !== null && existsSync(file)).toBe(true);
    expect(
      readFileSync(file ?? '')
        .subarray(0, 5)
        .toString('latin1'),
    ).toBe('%PDF-');
    expect(demo.pdfFile('a4', '../../etc/passwd')).toBeNull();
    expect(demo.pdfFile('receipt', job?.jobId ?? '')).toBeNull();

    // The first page, rasterised on the host by poppler.
    const preview = await demo.dispatch('pdfs.preview', { device: 'a4', jobId: job?.jobId ?? '' });
    if (!preview.ok) throw new Error(`pdfs.preview: ${preview.error.code}: ${preview.error.message}`);
    const page = preview.value as { png: string; widthPx: number; heightPx: number; dpi: number };
    expect(page.png.startsWith('data:image/png;base64,')).toBe(true);
    // A4 (210 × 297 mm) at 100 dpi: 827 × 1169 pixels, give or take poppler's rounding.
    expect(page.dpi).toBe(100);
    expect(Math.abs(page.widthPx - 827)).toBeLessThanOrEqual(1);
    expect(Math.abs(page.heightPx - 1169)).toBeLessThanOrEqual(1);
    expect(await demo.dispatch('pdfs.preview', { device: 'a4', jobId: 'a4-999' })).toMatchObject({
      ok: false,
      error: { code: 'no-such-document' },
    });
    const noPoppler = new DemoController({
      devices: manager,
      config: demoConfig(),
      logger: silentLogger(),
      pdfPreview: { command: '/nonexistent/yimen-test/pdftoppm' },
    });
    try {
      const missing = await noPoppler.dispatch('pdfs.preview', { device: 'a4', jobId: job?.jobId ?? '' });
      expect(missing).toMatchObject({ ok: false, error: { code: 'rasteriser-missing' } });
      expect(missing.ok ? '' : missing.error.message).toContain('poppler-utils');
    } finally {
      noPoppler.close();
    }

    await call('a4.condition', { device: 'a4', condition: 'paper-out' });
    await a4.refresh();
    expect(manager.health().find((h) => h.id === 'a4')).toMatchObject({ state: 'offline', code: 'paper-out' });
    const bad = await demo.dispatch('a4.condition', { device: 'a4', condition: 'on-fire' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'unknown-scenario' } });
  });

  it('opens and closes a locker door by hand: the locker driver sees it', async () => {
    await setUp();
    const locker = manager.driver('locker');
    if (!locker) throw new Error('no locker driver');
    // The driver reports openings only of doors it has already seen closed.
    await waitHealth('locker', (h) => h.state === 'ok');
    await new Promise<void>((resolve) => {
      const tick = (): void => (locker.doorState(2, 7) === 'closed' ? resolve() : void setTimeout(tick, 20));
      tick();
    });
    const opened = new Promise((resolve) => {
      const off = locker.onEvent((e) => {
        if (e.type === 'door-opened' && e.board === 2 && e.lock === 7) {
          off();
          resolve(e);
        }
      });
    });
    const s = await call('locker.door', { device: 'locker', board: 2, lock: 7, open: true });
    expect(s.devices.find((d) => d.id === 'locker')).toMatchObject({ openDoors: ['2/7'] });
    await opened;
    const closed = new Promise((resolve) => {
      const off = locker.onEvent((e) => {
        if (e.type === 'door-closed' && e.board === 2 && e.lock === 7) {
          off();
          resolve(e);
        }
      });
    });
    await call('locker.door', { device: 'locker', board: 2, lock: 7, open: false });
    await closed;
    const none = await demo.dispatch('locker.door', { device: 'locker', board: 9, lock: 1, open: true });
    expect(none).toMatchObject({ ok: false, error: { code: 'no-such-door' } });
    const tooHigh = await demo.dispatch('locker.door', { device: 'locker', board: 1, lock: 25, open: true });
    expect(tooHigh).toMatchObject({ ok: false, error: { code: 'no-such-door' } });
  });

  it('scans a text with the scanner: the scanner driver receives it', async () => {
    await setUp();
    const scanner = manager.driver('scanner');
    if (!scanner) throw new Error('no scanner driver');
    const got = new Promise<string>((resolve) => {
      const off = scanner.onScan((e) => {
        off();
        resolve(e.text);
      });
    });
    const s = await call('scanner.scan', { device: 'scanner', text: '123456' });
    expect(s.devices.find((d) => d.id === 'scanner')).toMatchObject({ scans: 1 });
    await expect(got).resolves.toBe('123456');
  });

  it('answers typed errors for unknown devices, wrong kinds, bad arguments and unknown samples', async () => {
    await setUp();
    await expect(demo.dispatch('idcard.place', { device: 'nope', sample: 'resident' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'no-such-device' },
    });
    await expect(demo.dispatch('idcard.place', { device: 'receipt', sample: 'resident' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'wrong-kind' },
    });
    await expect(demo.dispatch('idcard.place', { device: 'idcard', sample: 'martian' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'unknown-sample' },
    });
    await expect(demo.dispatch('idcard.pullMidRead', { device: 'idcard', sample: 'martian' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'unknown-sample' },
    });
    await expect(demo.dispatch('printer.paper', { device: 'receipt', paper: 'soggy' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalid-arguments' },
    });
    await expect(demo.dispatch('printer.paper', { device: 'receipt', paper: 'ok', extra: 1 })).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalid-arguments' },
    });
    await expect(demo.dispatch('session.start', {})).resolves.toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    await expect(demo.dispatch('__proto__', {})).resolves.toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    await expect(demo.dispatch('scanner.scan', { device: 'scanner', text: '' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalid-arguments' },
    });
  });
});

describe('DemoController: the camera', () => {
  function camera(s: DemoState): Extract<DemoState['devices'][number], { kind: 'camera' }> {
    const c = s.devices.find((d) => d.id === 'face-camera');
    if (c?.kind !== 'camera') throw new Error('no camera on the panel');
    return c;
  }
  function cameraDriver(): NonNullable<ReturnType<DeviceManager['driver']>> & CameraDriver {
    const d = manager.driver('camera', 'face-camera');
    if (!d) throw new Error('no camera driver');
    return d;
  }
  function emulator(): CameraEmulator {
    const e = manager.emulator('camera', 'face-camera');
    if (!e) throw new Error('no camera emulator');
    return e;
  }
  /** The first `demo.changed` (from now on) after which the camera is shown capturing, or not. */
  function shownCapturing(capturing: boolean): Promise<void> {
    return new Promise((resolve) => {
      const off = demo.onChange(() => {
        if (camera(demo.state()).capturing !== capturing) return;
        off();
        resolve();
      });
    });
  }

  it("sets each scenario: the emulator plays it, and a snapshot of the camera device is one of that scenario's frames", async () => {
    await setUp();
    const played = new Set<string>();
    for (const scenario of ['no-face', 'printed-photo', 'screen-replay', 'two-faces', 'real-face'] as const) {
      const s = await call('camera.scenario', { device: 'face-camera', scenario });
      expect(camera(s)).toMatchObject({ scenario, capturing: false, playing: null });
      expect(emulator().getScenario()).toBe(scenario);
      const shot = await cameraDriver().snapshot();
      if (!shot.ok) throw new Error(shot.error.code);
      const frames = emulator()
        .frames(scenario)
        .map((f) => Buffer.from(f).toString('base64'));
      const got = Buffer.from(shot.value.bytes).toString('base64');
      expect(frames).toContain(got);
      played.add(got);
    }
    // Five scenarios, five different pictures.
    expect(played.size).toBe(5);
  });

  it('missing takes the camera away on the health table at once, and a scenario with a camera puts it back', async () => {
    await setUp();
    await waitHealth('face-camera', (h) => h.state === 'ok');
    await call('camera.scenario', { device: 'face-camera', scenario: 'missing' });
    expect(manager.health().find((h) => h.id === 'face-camera')).toMatchObject({ state: 'offline', code: 'camera-missing' });
    const open = await cameraDriver().open();
    expect(open.ok || open.error.code).toBe('camera-missing');
    await call('camera.scenario', { device: 'face-camera', scenario: 'no-face' });
    expect(manager.health().find((h) => h.id === 'face-camera')).toMatchObject({ state: 'ok', code: null });
  });

  it('shows an open capture session and pulls the camera out of it now: the session ends unplugged', async () => {
    await setUp();
    await call('camera.scenario', { device: 'face-camera', scenario: 'two-faces' });
    // No session open: nothing to pull out.
    await expect(demo.dispatch('camera.unplug', { device: 'face-camera' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'camera-not-capturing' },
    });
    const opened = shownCapturing(true);
    const r = await cameraDriver().open();
    if (!r.ok) throw new Error(r.error.code);
    const session = r.value;
    await opened;
    expect(camera(demo.state())).toMatchObject({ capturing: true, playing: 'two-faces' });
    // A scenario chosen now applies to the next session; the open one keeps playing its own.
    const s = await call('camera.scenario', { device: 'face-camera', scenario: 'no-face' });
    expect(camera(s)).toMatchObject({ scenario: 'no-face', capturing: true, playing: 'two-faces' });
    const ended = new Promise<string | null>((resolve) => session.onEnd((e) => resolve(e?.code ?? null)));
    const closed = shownCapturing(false);
    const after = await call('camera.unplug', { device: 'face-camera' });
    expect(camera(after)).toMatchObject({ capturing: false, playing: null });
    await expect(ended).resolves.toBe('camera-unplugged');
    expect(manager.health().find((h) => h.id === 'face-camera')).toMatchObject({ state: 'offline', code: 'camera-unplugged' });
    await closed;
    // The next capture plays what was chosen.
    const shot = await cameraDriver().snapshot();
    if (!shot.ok) throw new Error(shot.error.code);
    expect(
      emulator()
        .frames('no-face')
        .map((f) => Buffer.from(f).toString('base64')),
    ).toContain(Buffer.from(shot.value.bytes).toString('base64'));
  });

  it('gives the frames a scenario plays for the thumbnail, as the camera delivers them; none for missing', async () => {
    await setUp();
    const r = await demo.dispatch('camera.frames', { device: 'face-camera', scenario: 'printed-photo' });
    if (!r.ok) throw new Error(r.error.code);
    const { scenario, frames } = r.value as { scenario: string; frames: { jpeg: string; width: number; height: number }[] };
    expect(scenario).toBe('printed-photo');
    const bytes = frames.map((f) => Buffer.from(f.jpeg.replace(/^data:image\/jpeg;base64,/, ''), 'base64'));
    expect(bytes.map((b) => b.toString('base64'))).toEqual(
      emulator()
        .frames('printed-photo')
        .map((f) => Buffer.from(f).toString('base64')),
    );
    for (const [i, f] of frames.entries()) {
      expect([f.width, f.height]).toEqual([640, 480]);
      const img = decodeJpeg(bytes[i] ?? Buffer.alloc(0));
      expect([img.width, img.height]).toEqual([640, 480]);
    }
    // Default: the current scenario.
    await call('camera.scenario', { device: 'face-camera', scenario: 'missing' });
    await expect(demo.dispatch('camera.frames', { device: 'face-camera' })).resolves.toEqual({
      ok: true,
      value: { scenario: 'missing', frames: [] },
    });
  });

  it('refuses an unknown scenario, a device that is not a camera, and extra arguments', async () => {
    await setUp();
    for (const args of [
      { device: 'face-camera', scenario: 'three-faces' },
      { device: 'face-camera', scenario: 'real-face', extra: 1 },
      { device: 'face-camera' },
      { device: '', scenario: 'real-face' },
    ])
      await expect(demo.dispatch('camera.scenario', args)).resolves.toMatchObject({
        ok: false,
        error: { code: 'invalid-arguments' },
      });
    await expect(demo.dispatch('camera.scenario', { device: 'nope', scenario: 'no-face' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'no-such-device' },
    });
    await expect(demo.dispatch('camera.unplug', { device: 'idcard' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'wrong-kind' },
    });
    await expect(demo.dispatch('camera.frames', { device: 'scanner' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'wrong-kind' },
    });
    expect(emulator().getScenario()).toBe('real-face');
  });
});

describe('DemoController samples from the reference back office', () => {
  it('mints a digital-identity QR that the back office then verifies once', async () => {
    await setUp(demoConfig(backoffice.url));
    const r = await demo.dispatch('samples.identityQr', { sample: 'resident' });
    expect(r.ok).toBe(true);
    const text = r.ok ? (r.value as { text: string }).text : '';
    expect(text).toMatch(/^yimen-id:/);
    const verify = (): Promise<Response> =>
      fetch(new URL('v1/identity/verify-qr', backoffice.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ terminalId: 'demo-0001', qrText: text }),
      });
    const first = await verify();
    expect(first.status).toBe(200);
    const body = (await first.json()) as { identity: { idNumber: string } };
    expect(body.identity.idNumber).toBe('440604198506151233');
    expect((await verify()).status).toBe(422);
  });

  it('mints a pickup code for a sample person', async () => {
    await setUp(demoConfig(backoffice.url));
    const r = await demo.dispatch('samples.pickupCode', { sample: 'resident', matterName: '户籍证明' });
    expect(r).toMatchObject({ ok: true, value: { code: expect.stringMatching(/^\d{6}$/) as unknown, cell: '1-01' } });
    const code = r.ok ? (r.value as { code: string }).code : '';
    // The kiosk's pickup lookup finds it, in the locker door the panel chose.
    const lookup = await fetch(new URL('v1/pickups/lookup', backoffice.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ terminalId: 'demo-0001', pickupCode: code }),
    });
    expect(lookup.status).toBe(200);
    expect(JSON.stringify(await lookup.json())).toContain('"cell":"1-01"');
    const chosen = await demo.dispatch('samples.pickupCode', {
      sample: 'hkmotw',
      matterName: '证明',
      door: { board: 3, lock: 12 },
    });
    expect(chosen).toMatchObject({ ok: true, value: { cell: '3-12' } });
    const none = await demo.dispatch('samples.pickupCode', {
      sample: 'hkmotw',
      matterName: '证明',
      door: { board: 3, lock: 40 },
    });
    expect(none).toMatchObject({ ok: false, error: { code: 'no-such-door' } });
  });

  it('reports a back office that does not answer as a typed error', async () => {
    await setUp(demoConfig('http://127.0.0.1:9/'));
    await expect(demo.dispatch('samples.identityQr', { sample: 'resident' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'backoffice-unreachable' },
    });
  });
});
