/**
 * The demo controller: plays the emulated devices for a person at the demo panel (and for
 * tests). It works only through each emulator's scenario API, the same one the driver tests use,
 * so what the kiosk sees is exactly what a real device would have sent.
 *
 * Every call is validated against `demo-contract.ts` (`dispatch`), and every expected failure
 * (unknown device, a device of another kind, an unknown sample, a back office that does not
 * answer) is a typed `{ ok: false, error }` value.
 */
import type { z } from 'zod';
import { ListenerSet } from '../../../common/listeners.js';
import { err, ok } from '../../../common/result.js';
import type { KioskConfig } from '../../../config/schema.js';
import { A4_SCENARIOS } from '../../../drivers/printer/a4/a4-printer-emulator.js';
import { CAMERA_SCENARIOS, type CameraEmulator, type CameraScenario } from '../../../drivers/camera/camera-emulator.js';
import { jpegSize } from '../../../drivers/camera/mjpeg-splitter.js';
import { renderReceiptText, type DecodedReceipt } from '../../../drivers/printer/receipt/escpos-parser.js';
import { layoutReceipt, type PaperGeometry } from '../../../drivers/printer/receipt/receipt-layout.js';
import { IdCardEmulator } from '../../../drivers/idcard/idcard-emulator.js';
import { sampleCard } from '../../../drivers/idcard/samples.js';
import type { LockerEmulatorHost } from '../../../drivers/locker/locker-emulator-host.js';
import type { ApiResponse, DeviceKind } from '../../base/api/contract.js';
import type { DeviceManager } from '../../devices/manager.js';
import type { EmulatedDevice, EmulatorByKind } from '../../devices/types.js';
import type { Logger } from '../../base/log/logger.js';
import {
  demoMethods,
  type DemoDevice,
  type DemoMethodName,
  type DemoMethodResult,
  type DemoMethods,
  type DemoState,
  type PdfView,
  type ReceiptItemView,
  type ReceiptView,
} from './demo-contract.js';
import { createPdfPreviewer, type PdfPreviewer, type PdfPreviewOptions } from './pdf-preview.js';

/** The camera scenarios as the panel says them (zh-CN and English side by side, like its other controls). */
export const CAMERA_SCENARIO_LABELS: Record<CameraScenario, string> = {
  'real-face': '真人正脸 Real face',
  'no-face': '无人 No one there',
  'printed-photo': '举起打印照片 Printed photo held up',
  'screen-replay': '手机屏幕翻拍 Face on a phone screen',
  'two-faces': '两张脸 Two faces',
  unplug: '拍摄中拔出 Unplugged mid-capture',
  missing: '未连接摄像头 No camera connected',
  'doc-pages': '高拍仪：租赁合同、在读证明 Document camera: sample pages',
  'doc-blank': '高拍仪：空白页 Document camera: blank sheet',
  'doc-dark': '高拍仪：光线太暗 Document camera: too dark',
};

/**
 * The scenarios the panel offers a camera of a role: a face camera what a face camera sees, a
 * document camera (高拍仪) the `doc-*` pages; both can be pulled out or missing. (The emulator plays
 * any scenario on any camera; the panel just does not offer a printed page to the face camera.)
 */
export function cameraScenariosFor(role: string): CameraScenario[] {
  const common = (c: CameraScenario): boolean => c === 'unplug' || c === 'missing';
  return CAMERA_SCENARIOS.filter((c) => common(c) || (role === 'doc') === c.startsWith('doc-'));
}

/** How often the controller looks whether an emulated camera's capture session opened or closed. */
const CAPTURE_WATCH_MS = 250;

/** True when the config has at least one enabled device and every enabled device is emulated. */
export function allDevicesEmulated(config: Pick<KioskConfig, 'devices'>): boolean {
  const enabled = config.devices.filter((d) => d.enabled);
  return enabled.length > 0 && enabled.every((d) => d.transport.type === 'emulated');
}

export interface DemoControllerOptions {
  devices: DeviceManager;
  config: Pick<KioskConfig, 'devices' | 'backoffice' | 'terminal'>;
  logger: Logger;
  /** Where PDFs are served from (`/demo/pdf`). */
  pdfBase?: string;
  /** For the back-office sample calls (tests inject one). */
  fetch?: typeof fetch;
  /** The A4 preview's rasteriser (`pdftoppm`; tests point it elsewhere). */
  pdfPreview?: PdfPreviewOptions;
}

type Handler<M extends DemoMethodName> = (
  args: z.output<DemoMethods[M]['args']>,
) => ApiResponse<DemoMethodResult<M>> | Promise<ApiResponse<DemoMethodResult<M>>>;

export class DemoController {
  /** The emulated devices, by id; the kind tells each emulator's type. */
  private readonly emulators: Map<string, EmulatedDevice>;
  private readonly listeners = new ListenerSet<void>('DemoChangeListenerWarning');
  private readonly offs: (() => void)[] = [];
  /** ID-card devices whose next read is to be cut off, with the scenario to go back to. */
  private readonly pullArmed = new Map<string, { restore: string; off: () => void }>();
  private readonly handlers: { [M in DemoMethodName]: Handler<M> };
  private readonly fetcher: typeof fetch;
  private readonly pdfBase: string;
  private readonly previewPdf: PdfPreviewer;
  /** The camera frames as `data:` URLs, made once per source frame. */
  /** The scenario each camera's open capture session plays (seen when it opened). */
  private readonly playing = new Map<string, CameraScenario>();
  private readonly thumbs = new WeakMap<Uint8Array, { jpeg: string; width: number; height: number }>();

  constructor(private readonly opts: DemoControllerOptions) {
    this.fetcher = opts.fetch ?? fetch;
    this.pdfBase = opts.pdfBase ?? '/demo/pdf';
    this.previewPdf = createPdfPreviewer(opts.pdfPreview);
    this.emulators = opts.devices.emulators();
    for (const [id, entry] of this.emulators) {
      if (entry.kind === 'receipt-printer') this.offs.push(entry.emulator.onReceipt(() => this.changed()));
      if (entry.kind === 'a4-printer') this.offs.push(entry.emulator.onJob(() => this.changed()));
      if (entry.kind === 'locker') this.offs.push(this.watchLocker(entry.emulator));
      if (entry.kind === 'camera') this.offs.push(this.watchCapture(id, entry.emulator));
      // A read (or a cut-off read) changes what the panel shows; find-card polls do not.
      if (entry.kind === 'idcard')
        this.offs.push(
          entry.emulator.onReplyStart((command) => {
            if (command.startsWith('read')) this.changed();
          }),
        );
    }
    this.offs.push(opts.devices.onHealth(() => this.changed()));
    this.handlers = {
      'demo.state': () => ok(this.state()),
      'idcard.place': ({ device, sample }) => this.withIdCard(device, (e) => this.place(device, e, sample)),
      'idcard.remove': ({ device }) =>
        this.withIdCard(device, (e) => {
          this.disarm(device);
          e.removeCard();
          return ok(undefined);
        }),
      'idcard.pullMidRead': ({ device, sample }) => this.withIdCard(device, (e) => this.pullMidRead(device, e, sample)),
      'scanner.scan': async ({ device, text }) => {
        const s = this.get(device, 'scanner');
        if (!s.ok) return s;
        try {
          await s.value.scan(text);
        } catch (e) {
          return err('scan-failed', `${device}: ${e instanceof Error ? e.message : String(e)}`);
        }
        return this.done();
      },
      'samples.identityQr': ({ sample }) => this.identityQr(sample),
      'samples.pickupCode': ({ sample, matterName, door }) => this.pickupCode(sample, matterName, door),
      'printer.paper': ({ device, paper }) => {
        const p = this.get(device, 'receipt-printer');
        if (!p.ok) return p;
        p.value.setCondition({ paper });
        return this.done();
      },
      'printer.cover': ({ device, open }) => {
        const p = this.get(device, 'receipt-printer');
        if (!p.ok) return p;
        p.value.setCondition({ coverOpen: open });
        return this.done();
      },
      'a4.condition': ({ device, condition }) => {
        const p = this.get(device, 'a4-printer');
        if (!p.ok) return p;
        const r = p.value.setScenario(condition);
        if (!r.ok) return err(r.error.code, r.error.message);
        return this.done();
      },
      'locker.door': ({ device, board, lock, open }) => {
        const l = this.get(device, 'locker');
        if (!l.ok) return l;
        const cabinet = l.value.emulator.boardConfigs.find((b) => b.address === board);
        if (!cabinet || lock > cabinet.locks) return err('no-such-door', `${device}: there is no door ${board}/${lock}`);
        l.value.emulator.setDoor(board, lock, open ? 'open' : 'closed');
        return this.done();
      },
      'camera.scenario': ({ device, scenario }) => {
        const c = this.get(device, 'camera');
        if (!c.ok) return c;
        this.notePlaying(device, c.value);
        const r = c.value.setScenario(scenario);
        if (!r.ok) return err('unknown-scenario', r.error.message);
        // Choosing a scenario is plugging the camera in (or not, for `missing`): health follows at
        // once, not only at the next capture. An open session keeps what it plays.
        this.opts.devices.driver('camera', device)?.recheck();
        return this.done();
      },
      'camera.unplug': ({ device }) => {
        const c = this.get(device, 'camera');
        if (!c.ok) return c;
        if (!c.value.capturing)
          return err('camera-not-capturing', `${device}: no capture session is open (the kiosk opens one for the face check)`);
        c.value.unplug();
        return this.done();
      },
      'camera.frames': ({ device, scenario }) => {
        const c = this.get(device, 'camera');
        if (!c.ok) return c;
        const which = scenario ?? c.value.getScenario();
        return ok({ scenario: which, frames: this.cameraThumbs(c.value, which) });
      },
      'receipts.list': () => ok(this.receipts()),
      'pdfs.list': () => ok(this.pdfs()),
      'pdfs.preview': async ({ device, jobId }) => {
        const file = this.pdfFile(device, jobId);
        if (file === null) return err('no-such-document', `${device} printed no job "${jobId}"`);
        const r = await this.previewPdf(file);
        if (!r.ok) return err(r.error.code, r.error.message);
        const { png, widthPx, heightPx, dpi } = r.value;
        return ok({ png: `data:image/png;base64,${png.toString('base64')}`, widthPx, heightPx, dpi });
      },
    };
  }

  /** Validate and run one demo call. Never throws: a bug becomes `internal`. */
  async dispatch(method: string, args: unknown): Promise<ApiResponse<unknown>> {
    if (!Object.hasOwn(demoMethods, method)) return err('unknown-method', `No such demo method: ${method.slice(0, 64)}`);
    const name = method as DemoMethodName;
    const parsed = demoMethods[name].args.safeParse(args ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'argument';
      return err('invalid-arguments', `${name}: ${where}: ${issue?.message ?? 'invalid'}`);
    }
    try {
      const handler = this.handlers[name] as (a: unknown) => Promise<ApiResponse<unknown>> | ApiResponse<unknown>;
      return await handler(parsed.data);
    } catch (e) {
      this.opts.logger.error({ err: e, method: name }, 'demo: handler failed');
      return err('internal', 'The demo controller failed; see the log.');
    }
  }

  /** Called (debounced by the caller if it wants) whenever something the panel shows changed. */
  onChange(listener: () => void): () => void {
    return this.listeners.add(listener);
  }

  close(): void {
    for (const off of this.offs.splice(0)) off();
    for (const id of [...this.pullArmed.keys()]) this.disarm(id);
    this.listeners.clear();
  }

  state(): DemoState {
    const devices: DemoDevice[] = [];
    for (const [id, entry] of this.emulators) devices.push(this.describe(id, entry));
    return { terminalId: this.opts.config.terminal.id, devices, health: this.opts.devices.health() };
  }

  receipts(): ReceiptView[] {
    const out: ReceiptView[] = [];
    for (const [id, entry] of this.emulators) {
      if (entry.kind !== 'receipt-printer') continue;
      const all: DecodedReceipt[] = [...entry.emulator.receipts];
      const uncut = entry.emulator.uncut;
      if (uncut.items.length > 0) all.push(uncut);
      // The emulator keeps the last receipts only: number them from the count of all printed.
      const first = entry.emulator.printed - entry.emulator.receipts.length + 1;
      const paper = entry.emulator.paper;
      all.forEach((r, i) =>
        out.push({
          device: id,
          seq: first + i,
          cut: r.cut,
          items: receiptItems(r),
          paper,
          layout: receiptLayout(r, paper),
          text: renderReceiptText(r, paper.columns),
        }),
      );
    }
    return out;
  }

  pdfs(): PdfView[] {
    const out: PdfView[] = [];
    for (const [id, entry] of this.emulators) {
      if (entry.kind !== 'a4-printer') continue;
      for (const j of entry.emulator.jobs) {
        out.push({
          device: id,
          jobId: j.id,
          title: j.title,
          bytes: j.bytes,
          state: j.state,
          submittedAt: j.submittedAt,
          url: `${this.pdfBase}/${encodeURIComponent(id)}/${encodeURIComponent(j.id)}.pdf`,
        });
      }
    }
    return out;
  }

  /** The file of a printed PDF, only if the emulator printed it (never a path from the request). */
  pdfFile(device: string, jobId: string): string | null {
    const entry = this.emulators.get(device);
    if (entry?.kind !== 'a4-printer') return null;
    return entry.emulator.jobs.find((j) => j.id === jobId)?.file ?? null;
  }

  // ---- ID card ------------------------------------------------------------------------------

  private withIdCard(device: string, fn: (e: IdCardEmulator) => ApiResponse<undefined>): ApiResponse<DemoState> {
    const c = this.get(device, 'idcard');
    if (!c.ok) return c;
    const r = fn(c.value);
    if (!r.ok) return r;
    return this.done();
  }

  private place(device: string, e: IdCardEmulator, sample: string): ApiResponse<undefined> {
    this.disarm(device);
    const r = e.placeCard(sample);
    return r.ok ? ok(undefined) : err(r.error.code, r.error.message);
  }

  /**
   * The `pull-mid-read` scenario cuts the next read short and takes the card away; once that read
   * has started going out, the emulator goes back to the scenario it had, so the next card reads.
   */
  private pullMidRead(device: string, e: IdCardEmulator, sample: string): ApiResponse<undefined> {
    if (!sampleCard(sample)) return err('unknown-sample', `No sample card "${sample}"`);
    this.disarm(device);
    const before = e.state().scenario;
    const restore = before === 'pull-mid-read' ? 'normal' : before;
    const set = e.setScenario('pull-mid-read');
    if (!set.ok) return err(set.error.code, set.error.message);
    const off = e.onReplyStart((command) => {
      if (!command.startsWith('read-text')) return;
      this.disarm(device);
    });
    this.pullArmed.set(device, { restore, off });
    const r = e.placeCard(sample);
    return r.ok ? ok(undefined) : err(r.error.code, r.error.message);
  }

  private disarm(device: string): void {
    const armed = this.pullArmed.get(device);
    if (!armed) return;
    this.pullArmed.delete(device);
    armed.off();
    const entry = this.emulators.get(device);
    if (entry?.kind === 'idcard') void entry.emulator.setScenario(armed.restore);
  }

  // ---- camera --------------------------------------------------------------------------------

  /**
   * The frames a scenario plays (`missing` plays none), as they are: scaling them with jpeg-js
   * would hold main's event loop for tens of milliseconds a frame, the page's browser draws them
   * small for nothing.
   */
  private cameraThumbs(e: CameraEmulator, scenario: CameraScenario): { jpeg: string; width: number; height: number }[] {
    if (scenario === 'missing') return [];
    const out: { jpeg: string; width: number; height: number }[] = [];
    for (const bytes of e.frames(scenario)) {
      let t = this.thumbs.get(bytes);
      if (!t) {
        const size = jpegSize(bytes) ?? { width: 0, height: 0 };
        t = { jpeg: `data:image/jpeg;base64,${Buffer.from(bytes).toString('base64')}`, ...size };
        this.thumbs.set(bytes, t);
      }
      out.push(t);
    }
    return out;
  }

  /** Notes the scenario an open session was opened with, the first time it is seen open (before any change of scenario). */
  private notePlaying(id: string, e: CameraEmulator): CameraScenario | null {
    if (!e.capturing) {
      this.playing.delete(id);
      return null;
    }
    let p = this.playing.get(id);
    if (p === undefined) this.playing.set(id, (p = e.getScenario()));
    return p;
  }

  /** The emulator has no capture event: look a few times a second whether a session opened or ended. */
  private watchCapture(id: string, e: CameraEmulator): () => void {
    let capturing = false;
    const look = (): void => {
      this.notePlaying(id, e);
      if (e.capturing === capturing) return;
      capturing = e.capturing;
      this.changed();
    };
    look();
    const timer = setInterval(look, CAPTURE_WATCH_MS);
    timer.unref();
    return () => clearInterval(timer);
  }

  // ---- back-office samples ------------------------------------------------------------------

  private async identityQr(sample: string): Promise<ApiResponse<{ text: string }>> {
    const card = sampleCard(sample);
    if (!card) return err('unknown-sample', `No sample card "${sample}"`);
    const r = await this.admin('admin/identity-tokens', {
      idType: card.text.cardType,
      idNumber: card.text.idNumber,
      name: card.text.name,
      ttlSeconds: 600,
    });
    if (!r.ok) return r;
    const text = (r.value as { qrText?: unknown }).qrText;
    if (typeof text !== 'string' || text.length === 0 || text.length > 4096)
      return err('backoffice-bad-answer', 'The back office answered without a QR text.');
    return ok({ text });
  }

  private async pickupCode(
    sample: string,
    matterName: string,
    door: { board: number; lock: number } | undefined,
  ): Promise<ApiResponse<{ code: string; pickupId: string; cell: string | null }>> {
    const card = sampleCard(sample);
    if (!card) return err('unknown-sample', `No sample card "${sample}"`);
    const place = this.pickupDoor(door);
    if (!place.ok) return place;
    const r = await this.admin('admin/pickups', {
      idNumber: card.text.idNumber,
      name: card.text.name,
      matterName,
      ...(place.value ? { lockerId: place.value.lockerId, cell: place.value.cell } : {}),
    });
    if (!r.ok) return r;
    const { pickupCode, pickupId } = r.value as { pickupCode?: unknown; pickupId?: unknown };
    if (typeof pickupCode !== 'string' || typeof pickupId !== 'string' || !/^\d{6,8}$/.test(pickupCode))
      return err('backoffice-bad-answer', 'The back office answered without a pickup code.');
    return ok({ code: pickupCode, pickupId, cell: place.value?.cell ?? null });
  }

  /**
   * The locker door a sample pickup waits in, as the back office's `cell` (`B-LL`, the label the
   * kiosk's pickup journey parses): the given door, or the first closed door of the first locker.
   */
  private pickupDoor(door: { board: number; lock: number } | undefined): ApiResponse<{ lockerId: string; cell: string } | null> {
    const lockers = [...this.emulators].filter(
      (x): x is [string, Extract<EmulatedDevice, { kind: 'locker' }>] => x[1].kind === 'locker',
    );
    const first = lockers[0];
    if (!first) return door ? err('no-such-door', 'There is no emulated locker.') : ok(null);
    const [lockerId, { emulator: host }] = first;
    const boards = host.emulator.boardConfigs;
    let chosen = door;
    if (chosen) {
      const b = boards.find((x) => x.address === chosen?.board);
      if (!b || chosen.lock > b.locks) return err('no-such-door', `${lockerId}: there is no door ${chosen.board}/${chosen.lock}`);
    } else {
      for (const b of boards) {
        for (let lock = 1; lock <= b.locks && !chosen; lock++)
          if (host.emulator.door(b.address, lock) === 'closed') chosen = { board: b.address, lock };
        if (chosen) break;
      }
      if (!chosen) return err('no-free-door', `${lockerId}: every door is open`);
    }
    return ok({ lockerId, cell: `${chosen.board}-${String(chosen.lock).padStart(2, '0')}` });
  }

  private async admin(path: string, body: Record<string, unknown>): Promise<ApiResponse<unknown>> {
    const url = new URL(path, this.opts.config.backoffice.url);
    let res: Response;
    try {
      res = await this.fetcher(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.opts.config.backoffice.timeoutMs),
      });
    } catch (e) {
      return err(
        'backoffice-unreachable',
        `The reference back office at ${url.origin} did not answer (${e instanceof Error ? e.message : String(e)}). Start it with "yimen backoffice".`,
      );
    }
    let json: unknown;
    try {
      json = await res.json();
    } catch {
      return err('backoffice-bad-answer', `The back office answered ${res.status} without JSON.`);
    }
    if (!res.ok) {
      const m = (json as { message?: unknown } | null)?.message;
      return err('backoffice-refused', `The back office answered ${res.status}: ${typeof m === 'string' ? m : 'no message'}`);
    }
    return ok(json);
  }

  // ---- helpers ------------------------------------------------------------------------------

  private get<K extends DeviceKind>(device: string, kind: K): ApiResponse<EmulatorByKind[K]> {
    if (!this.emulators.has(device)) return err('no-such-device', `No emulated device "${device}"`);
    const emulator = this.opts.devices.emulator(kind, device);
    if (!emulator) return err('wrong-kind', `"${device}" is not an emulated ${kind}`);
    return ok(emulator);
  }

  private done(): ApiResponse<DemoState> {
    this.changed();
    return ok(this.state());
  }

  private changed(): void {
    this.listeners.emit();
  }

  /** The locker host swaps its emulator on a scenario change: follow the current one. */
  private watchLocker(host: LockerEmulatorHost): () => void {
    let current = host.emulator;
    let off = current.onChange(() => this.changed());
    const timer = setInterval(() => {
      if (host.emulator === current) return;
      off();
      current = host.emulator;
      off = current.onChange(() => this.changed());
    }, 1000);
    timer.unref();
    return () => {
      clearInterval(timer);
      off();
    };
  }

  private describe(id: string, entry: EmulatedDevice): DemoDevice {
    switch (entry.kind) {
      case 'idcard': {
        const s = entry.emulator.state();
        return {
          kind: 'idcard',
          id,
          scenario: this.pullArmed.get(id)?.restore ?? s.scenario,
          card: s.card,
          read: s.readSincePlaced,
          pullArmed: this.pullArmed.has(id),
          samples: [...IdCardEmulator.samples()],
        };
      }
      case 'receipt-printer': {
        const c = entry.emulator.getCondition();
        return {
          kind: 'receipt-printer',
          id,
          scenario: entry.emulator.getScenario(),
          paper: c.paper,
          coverOpen: c.coverOpen,
          receipts: entry.emulator.printed,
        };
      }
      case 'a4-printer':
        return {
          kind: 'a4-printer',
          id,
          condition: entry.emulator.condition,
          conditions: [...A4_SCENARIOS],
          jobs: entry.emulator.jobs.length,
        };
      case 'locker': {
        const s = entry.emulator.state();
        return {
          kind: 'locker',
          id,
          scenario: s.scenario,
          protocol: s.protocol,
          boards: entry.emulator.emulator.boardConfigs.map((b) => ({ address: b.address, locks: b.locks })),
          openDoors: s.openDoors,
          occupied: s.occupied,
        };
      }
      case 'scanner':
        return { kind: 'scanner', id, scans: entry.emulator.scans };
      case 'camera': {
        const role = this.opts.devices.driver('camera', id)?.role ?? 'face';
        return {
          kind: 'camera',
          id,
          role,
          scenario: entry.emulator.getScenario(),
          scenarios: cameraScenariosFor(role).map((c) => ({ id: c, label: CAMERA_SCENARIO_LABELS[c] })),
          capturing: entry.emulator.capturing,
          playing: this.notePlaying(id, entry.emulator),
        };
      }
    }
  }
}

function receiptLayout(r: DecodedReceipt, paper: PaperGeometry): ReceiptView['layout'] {
  const { heightDots, blocks } = layoutReceipt(r, paper);
  return { heightDots, blocks };
}

function receiptItems(r: DecodedReceipt): ReceiptItemView[] {
  const out: ReceiptItemView[] = [];
  for (const item of r.items) {
    switch (item.kind) {
      case 'text':
        out.push({ kind: 'text', align: item.align, spans: item.spans.map((s) => ({ ...s })) });
        break;
      case 'qr':
        out.push({ kind: 'qr', align: item.align, data: item.data });
        break;
      case 'barcode':
        out.push({ kind: 'barcode', align: item.align, symbology: item.symbology, data: item.data });
        break;
      case 'image':
        out.push({ kind: 'image', align: item.align, widthDots: item.widthDots, heightDots: item.heightDots });
        break;
      case 'feed':
        out.push({ kind: 'feed', lines: item.lines });
        break;
      case 'cut':
        break;
    }
  }
  return out;
}
