/**
 * The kiosk core: everything that runs in main, independent of the shell. Both shells
 * (Electron IPC, browser host WebSocket) reach it only through `dispatch` and `bus`.
 */
import { ListenerSet } from '../../common/listeners.js';
import { err, ok } from '../../common/result.js';
import type { KioskConfig } from '../../config/schema.js';
import {
  methods,
  type ApiResponse,
  type EventName,
  type EventPayload,
  type MethodName,
  type Methods,
  type MethodResult,
  type SystemInfo,
} from '../base/api/contract.js';
import type { z } from 'zod';
import type { Logger } from '../base/log/logger.js';
import { EventBus } from './event-bus.js';
import { SessionService, systemClock, type Clock } from '../features/session/service.js';
import type { UiPong } from '../features/supervision/supervisor.js';
import { VERSION } from '../base/version.js';
import { DeviceManager } from '../devices/manager.js';
import { faceCameraId, JourneyRuntime } from '../features/journeys/runtime.js';
import { CatalogIndex } from '../features/catalog/search.js';
import { matterView } from '../features/catalog/matter-view.js';
import { CatalogBrowser } from '../features/catalog/browse.js';
import { imeScript, PinyinEngine } from '../features/ime/pinyin-engine.js';
import { HandwritingRecognizer, type HandwritingOptions } from '../features/ime/handwriting.js';
import { MaintenanceService, type ShellHooks } from '../features/maintenance/service.js';
import { UnavailableData } from '../data/data-port.js';
import type { KioskData } from '../data/data-services.js';
import type { DeviceFactories } from '../devices/types.js';
import { SpeechService } from '../features/speech/speech-service.js';
import { createSpeech } from '../features/speech/create-speech.js';
import { isPhraseKey } from '../features/speech/phrases.js';
import type { SpeechPort } from '../features/speech/speech-port.js';

export type ShellKind = SystemInfo['shell'];

/** Who is calling: set by the transport, never by the caller's own arguments. */
export interface CallContext {
  shell: ShellKind;
}

type Handler<M extends MethodName> = (
  args: z.output<Methods[M]['args']>,
  ctx: CallContext,
) => ApiResponse<MethodResult<M>> | Promise<ApiResponse<MethodResult<M>>>;
export type Handlers = { [M in MethodName]: Handler<M> };

export interface KioskCoreOptions {
  config: KioskConfig;
  dataDir: string;
  logger: Logger;
  shell: ShellKind;
  clock?: Clock;
  /** Start the devices with the core (default true); tests of other features may switch it off. */
  startDevices?: boolean;
  /** Device factories over the registry's (tests on emulated devices). */
  deviceFactories?: DeviceFactories;
  /**
   * Where emulated devices keep their output (boot: the data dir, so the A4 emulator writes to
   * `<dataDir>/a4-out/<id>`). Absent: private temporary folders (a core with no files, in tests).
   */
  deviceOutputDir?: string;
  /** The speech engine (default: espeak-ng when installed, else NullSpeech). */
  speech?: SpeechPort;
  /**
   * The data services, opened before the core by the composition root (`boot.ts`): the open
   * `DataServices`, or an `UnavailableData`. Default: unavailable (a core for tests of other features).
   */
  data?: KioskData;
  /** What the shell can do for staff: restart the kiosk, leave to the desktop (default: neither). */
  shellHooks?: ShellHooks;
  /** The handwriting recogniser's helper (default: Debian's /usr/bin/zinnia with the Tegaki zh_CN model). */
  handwriting?: HandwritingOptions;
  /**
   * When `warmUp()` runs by itself: this many ms after the core is made (default 2000), or null for
   * only when the shell calls it (the browser host: once its attract screen is up, #18.7).
   */
  warmUpAfterMs?: number | null;
}

export class KioskCore {
  readonly bus: EventBus;
  readonly session: SessionService;
  readonly config: KioskConfig;
  readonly dataDir: string;
  readonly log: Logger;
  readonly devices: DeviceManager;
  /** The citizen journeys' device, store and back-office work. */
  readonly journeys: JourneyRuntime;
  private readonly closeHooks: (() => void)[] = [];
  /** Maintenance mode: the staff-session machine decides which `staff` methods may run. */
  readonly maintenance: MaintenanceService;
  /** Speech guidance: the engine, and this session's volume and automatic mode. */
  readonly speech: SpeechService;
  /** Settles when the devices have stopped after `close()`. */
  devicesStopped: Promise<void> = Promise.resolve();
  private readonly handlers: Handlers;
  private readonly shell: ShellKind;
  private catalogIndexP: Promise<CatalogIndex> | null = null;
  private catalogBrowserP: Promise<CatalogBrowser> | null = null;
  private readonly ime: PinyinEngine;
  /** Handwriting (手写): Zinnia in a helper process, watched like a device on the staff dashboard. */
  readonly handwriting: HandwritingRecognizer;
  private closed = false;

  constructor(opts: KioskCoreOptions) {
    this.config = opts.config;
    this.dataDir = opts.dataDir;
    this.log = opts.logger;
    this.shell = opts.shell;
    this.bus = new EventBus((err) => this.log.error({ err }, 'event listener failed'));
    const s = opts.config.session;
    this.devices = new DeviceManager({
      devices: opts.config.devices,
      logger: opts.logger,
      ...(opts.deviceFactories ? { factories: opts.deviceFactories } : {}),
      ...(opts.deviceOutputDir !== undefined ? { outputDir: opts.deviceOutputDir } : {}),
    });
    const data = opts.data ?? new UnavailableData({ code: 'store-not-opened', message: 'this core has no store' });
    this.journeys = new JourneyRuntime({
      config: opts.config,
      devices: this.devices,
      data,
      // Staff-assisted identification checks credentials like the maintenance prompt (built below).
      verifyStaff: (c) => this.maintenance.verifyForAssist(c),
      log: opts.logger,
      preview: (p) => this.emit('camera.preview', p),
    });
    this.session = new SessionService({
      services: this.journeys,
      timings: {
        idleMs: s.idleSeconds * 1000,
        warnMs: s.warningSeconds * 1000,
        elderIdleMultiplier: s.elderIdleMultiplier,
        endingMs: s.endingSeconds * 1000,
        doorLeftOpenMs: s.doorLeftOpenSeconds * 1000,
        ...(s.revealSeconds !== undefined ? { revealMs: s.revealSeconds * 1000 } : {}),
      },
      defaultLocale: opts.config.locale.default,
      catalog: opts.config.catalog,
      facePolicy: {
        matters: opts.config.identity.faceCheck.matters,
        attempts: opts.config.identity.faceCheck.attempts,
        camera: faceCameraId(opts.config) !== null,
      },
      mask: opts.config.privacy.mask,
      privacyNotice: {
        // The hall's operator handles the data unless the config names another handler.
        handler: opts.config.privacy.dataHandler ?? opts.config.terminal.hallName,
        retentionDays: opts.config.privacy.retentionDays,
      },
      lockerWall: (door) => this.journeys.compartments.wall(door),
      autoCapture: opts.config.materials.autoCaptureMs > 0,
      ...(opts.clock ? { clock: opts.clock } : {}),
    });
    // The session service, captured once for the callbacks below.
    const session = this.session;
    // The pinyin input's session dictionary lives exactly as long as the session (wiped at reset).
    this.ime = new PinyinEngine({ fuzzy: opts.config.ime.fuzzyPinyin, vocabulary: JSON.stringify(opts.config.catalog) });
    let imeSession = session.view().sessionId;
    this.session.onChange((view) => {
      if (view.sessionId !== imeSession) this.ime.endSession();
      imeSession = view.sessionId;
    });
    this.speech = new SpeechService({ port: opts.speech ?? createSpeech(), log: opts.logger, view: () => session.view() });
    this.session.onChange((view) => {
      this.speech.onSession(view);
      this.log.info({ phase: view.phase, sessionId: view.sessionId, warning: view.warning !== null }, 'session');
      this.emit('session.changed', view);
    });
    this.devices.onHealth((h) => this.emit('device.health', h));
    this.handwriting = new HandwritingRecognizer(opts.handwriting);
    const hw = this.handwriting;
    this.devices.onServiceHealth((h) => this.emit('service.health', h));
    this.closeHooks.push(
      this.devices.addService({
        id: 'handwriting',
        health: () => hw.health(),
        onHealth: (l) => hw.onHealth(l),
      }),
      () => hw.close(),
    );
    if (opts.startDevices ?? true)
      void this.devices.start().then(() => this.closeHooks.push(this.journeys.connect(this.session)));
    this.maintenance = new MaintenanceService({
      config: opts.config,
      devices: this.devices,
      data,
      shell: opts.shellHooks ?? {},
      session: {
        view: () => session.view(),
        onChange: (l) => session.onChange(l),
        end: () => void session.send({ type: 'END' }),
        setOutOfService: (r) => session.setOutOfService(r),
        isOutOfService: () => session.isOutOfService(),
      },
      log: opts.logger,
      clock: opts.clock ?? systemClock,
      dataDir: opts.dataDir,
      shellKind: opts.shell,
      emitView: (v) => this.emit('staff.changed', v),
      emitDashboard: (d) => this.emit('staff.dashboard', d),
    });

    // Build the pinyin index soon after start, off the start-up path and before the first keystroke.
    const warmUpAfter = opts.warmUpAfterMs === undefined ? 2000 : opts.warmUpAfterMs;
    if (warmUpAfter !== null) setTimeout(() => this.warmUp(), warmUpAfter).unref();
    this.handlers = this.createHandlers();
  }

  private warmed = false;

  /**
   * Prepares what the first search or keystroke needs — the catalog's search index, the
   * handwriting helper, the pinyin lexicon and its associations — off the start-up path, once;
   * later calls (and calls after `close()`) do nothing. Each is also made at its first use.
   */
  warmUp(): void {
    if (this.warmed || this.closed) return;
    this.warmed = true;
    this.catalogIndex().catch((err: unknown) => this.log.error({ err }, 'catalog search index not built'));
    this.handwriting.warm();
    void this.ime.warm().then((r) => {
      if (!r.ok) this.log.error({ code: r.error.code, reason: r.error.message }, 'pinyin lexicon not loaded');
      else if (!this.closed) void this.ime.warmAssociations();
    });
  }

  /** The catalog's search index (built on first use or shortly after start). */
  private catalogIndex(): Promise<CatalogIndex> {
    this.catalogIndexP ??= CatalogIndex.build(this.config.catalog);
    return this.catalogIndexP;
  }

  /** The home screen's ways into the catalog, over the search index. */
  private catalogBrowser(): Promise<CatalogBrowser> {
    this.catalogBrowserP ??= this.catalogIndex().then((index) => new CatalogBrowser(this.config.catalog, index));
    return this.catalogBrowserP;
  }

  private readonly pongListeners = new ListenerSet<UiPong>('UiPongListenerWarning');

  /** `ui.pong` answers from the UI, for the supervisor's frozen-UI check. */
  onUiPong(listener: (pong: UiPong) => void): () => void {
    return this.pongListeners.add(listener);
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    this.bus.emit(event, payload);
  }

  /**
   * The single entry for every call from a UI. Validates the method name, the caller's right to
   * call it and the argument; runs the handler; checks the result against its schema (which
   * also strips any field the contract does not name, so nothing extra leaks to the screen).
   */
  async dispatch(method: string, args: unknown, ctx: CallContext): Promise<ApiResponse<unknown>> {
    if (!Object.hasOwn(methods, method)) return err('unknown-method', `No such method: ${method.slice(0, 64)}`);
    const name = method as MethodName;
    const spec = methods[name];
    // Staff rights come from the maintenance machine's state only, never from the caller.
    if (spec.scope === 'staff' && !this.maintenance.allows(name)) return err('forbidden', 'This needs a staff login.');
    const parsed = spec.args.safeParse(args ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'argument';
      return err('invalid-arguments', `${name}: ${where}: ${issue?.message ?? 'invalid'}`);
    }
    try {
      const handler = this.handlers[name] as (a: unknown, c: CallContext) => Promise<ApiResponse<unknown>> | ApiResponse<unknown>;
      const res = await handler(parsed.data, ctx);
      if (!res.ok) return res;
      const out = spec.result.safeParse(res.value);
      if (!out.success) {
        this.log.error({ method: name, issues: out.error.issues.slice(0, 3) }, 'handler result broke the contract');
        return err('internal', 'Something went wrong inside the kiosk.');
      }
      return ok(out.data);
    } catch (e) {
      this.log.error({ err: e, method: name }, 'handler threw');
      return err('internal', 'Something went wrong inside the kiosk.');
    }
  }

  /** Runs when the core closes (timers of features started at boot). */
  onClose(fn: () => void): void {
    this.closeHooks.push(fn);
  }

  close(): void {
    this.closed = true;
    this.closeHooks.forEach((off) => off());
    this.maintenance.stop();
    this.speech.stop();
    this.session.stop();
    void this.journeys.close();
    this.devicesStopped = this.devices.stop();
  }

  private maintenanceHandlers(): Pick<Handlers, Extract<MethodName, `maintenance.${string}` | `staff.${string}`>> {
    const m = this.maintenance;
    const a = m.actions;
    // Every staff call counts as activity for the staff idle timer.
    const act = <T>(v: T): T => {
      m.activity();
      return v;
    };
    return {
      'maintenance.view': () => ok(m.view()),
      'maintenance.requestPrompt': () => ok(m.requestPrompt()),
      'maintenance.cancel': () => ok(m.cancel()),
      'maintenance.activity': () => ok(m.activity()),
      'maintenance.login': async (args) =>
        ok(
          await m.login(
            'card' in args
              ? { kind: 'card', card: args.card, pin: args.pin }
              : { kind: 'totp', staffId: args.staffId, code: args.code },
          ),
        ),
      'staff.snapshot': () => ok(m.view()),
      'staff.logout': () => ok(m.logout()),
      'staff.takeover': () => ok(m.takeover()),
      'staff.dashboard': async () => {
        await a.refresh();
        return ok(act(m.dashboard()));
      },
      'staff.myActions': () => ok(m.myActions()),
      'staff.testPrint': async ({ printer }) => ok(act(await a.testPrint(printer))),
      'staff.reprintReceipt': async ({ applicationNo }) => ok(act(await a.reprintReceipt(applicationNo))),
      'staff.clearA4Queue': async () => ok(act(await a.clearA4Queue())),
      'staff.openCompartment': async ({ door }) => ok(act(await a.openCompartment(door))),
      'staff.loadCandidates': async ({ applicationNo, size }) => {
        const r = act(await a.loadCandidates(applicationNo, size));
        return r.ok ? ok(r.value) : err(r.error.code, `Cannot load for ${applicationNo}: ${r.error.code}`);
      },
      'staff.loadLocker': async ({ applicationNo, door }) => ok(act(await a.loadLocker(applicationNo, door))),
      'staff.emptyDeposits': async () => ok(act(await a.emptyDeposits())),
      'staff.setCompartmentOutOfOrder': ({ door, outOfOrder }) => ok(act(a.setOutOfOrder(door, outOfOrder))),
      'staff.cleanScreen': () => ok(m.cleanScreen()),
      'staff.selfTest': async () => ok(act(await a.selfTest())),
      'staff.exportLogs': ({ folder }) => ok(act(a.exportLogs(folder))),
      'staff.restart': () => ok(m.restart()),
      'staff.exitToOs': () => ok(m.exitToOs()),
    };
  }

  private createHandlers(): Handlers {
    const s = this.session;
    return {
      'session.snapshot': () => ok(s.view()),
      'session.start': () => ok(s.start()),
      'session.setLocale': ({ locale }) => {
        if (!this.config.locale.available.includes(locale))
          return err('locale-unavailable', `Locale ${locale} is not offered here.`);
        return ok(s.send({ type: 'SET_LOCALE', locale }));
      },
      'session.setElderMode': ({ on }) => ok(s.setElderMode(on)),
      'session.setHighContrast': ({ on }) => ok(s.setHighContrast(on)),
      'session.activity': () => ok(s.send({ type: 'ACTIVITY' })),
      'session.moreTime': () => ok(s.send({ type: 'MORE_TIME' })),
      'session.end': () => ok(s.send({ type: 'END' })),
      'catalog.search': async ({ query }) =>
        ok((await this.catalogIndex()).search(query).map((m) => matterView(m, this.config.catalog))),
      'catalog.get': ({ id }) => {
        const m = this.config.catalog.matters.find((x) => x.id === id && x.enabled);
        return m ? ok(matterView(m, this.config.catalog)) : err('unknown-matter', `No matter ${id}.`);
      },
      'catalog.overview': async () => ok((await this.catalogBrowser()).overview()),
      'catalog.browse': async (args) => ok((await this.catalogBrowser()).page(args)),
      'ime.candidates': ({ pinyin, page }) => this.ime.candidates(pinyin, page ?? 0, imeScript(s.view().locale)),
      'ime.select': ({ pinyin, candidate }) => this.ime.select(pinyin, candidate, imeScript(s.view().locale)),
      'ime.handwrite': ({ strokes, width, height, page }) =>
        this.handwriting.recognise(strokes, width, height, page ?? 0, imeScript(s.view().locale)),
      'ime.associate': ({ text, page }) => this.ime.associate(text, page ?? 0, imeScript(s.view().locale)),
      'journey.choose': ({ purpose, matterId }) => ok(s.send({ type: 'CHOOSE', purpose, ...(matterId ? { matterId } : {}) })),
      'journey.report': () => ok(s.send({ type: 'REPORT' })),
      'journey.back': () => ok(s.send({ type: 'BACK' })),
      'journey.pickupCode': ({ code }) => ok(s.send({ type: 'PICKUP_CODE', code })),
      'journey.resendCode': ({ phone }) => ok(s.send({ type: 'RESEND_CODE', phone })),
      'journey.askStaff': () => ok(s.send({ type: 'ASK_STAFF' })),
      'journey.staffVerify': (args) =>
        ok(
          s.send({
            type: 'STAFF_VERIFY',
            credential:
              'card' in args
                ? { kind: 'card', card: args.card, pin: args.pin }
                : { kind: 'totp', staffId: args.staffId, code: args.code },
          }),
        ),
      'journey.staffIdentify': ({ faceCheck, ...entry }) =>
        ok(s.send({ type: 'STAFF_IDENTIFY', entry, faceCheck: faceCheck === true })),
      'journey.formEdit': ({ values }) => ok(s.send({ type: 'FORM_EDIT', values })),
      'journey.setDelivery': ({ delivery }) => ok(s.send({ type: 'SET_DELIVERY', delivery })),
      'journey.formSubmit': () => ok(s.send({ type: 'FORM_SUBMIT' })),
      'journey.confirm': () => ok(s.send({ type: 'CONFIRM' })),
      'journey.reveal': ({ field }) => ok(s.send({ type: 'REVEAL', field })),
      'journey.materialScan': ({ materialId }) => ok(s.send({ type: 'MATERIAL_SCAN', materialId })),
      'journey.materialLicence': ({ materialId }) => ok(s.send({ type: 'MATERIAL_LICENCE', materialId })),
      'journey.materialDeclare': ({ materialId, declared }) => ok(s.send({ type: 'MATERIAL_DECLARE', materialId, declared })),
      'journey.materialDeposit': ({ materialId, deposit }) => ok(s.send({ type: 'MATERIAL_DEPOSIT', materialId, deposit })),
      'journey.materialClear': ({ materialId }) => ok(s.send({ type: 'MATERIAL_CLEAR', materialId })),
      'journey.scanCapture': () => ok(s.send({ type: 'SCAN_CAPTURE' })),
      'journey.scanDelete': ({ pageId }) => ok(s.send({ type: 'SCAN_DELETE', pageId })),
      'journey.scanMove': ({ pageId, by }) => ok(s.send({ type: 'SCAN_MOVE', pageId, by })),
      'journey.scanDone': () => ok(s.send({ type: 'SCAN_DONE' })),
      'journey.licencePick': ({ reference }) => ok(s.send({ type: 'LICENCE_PICK', reference })),
      'journey.faceAgree': () => ok(s.send({ type: 'FACE_AGREE' })),
      'journey.faceRetry': () => ok(s.send({ type: 'FACE_RETRY' })),
      'journey.agree': ({ sensitiveConsent }) => ok(s.send({ type: 'AGREE', sensitiveConsent: sensitiveConsent === true })),
      'journey.collectLater': () => ok(s.send({ type: 'COLLECT_LATER' })),
      'journey.decline': () => ok(s.send({ type: 'DECLINE' })),
      'journey.progressLookup': ({ applicationNo }) => ok(s.send({ type: 'PROGRESS_LOOKUP', text: applicationNo })),
      'journey.progressCollect': () => ok(s.send({ type: 'PROGRESS_COLLECT' })),
      'journey.openPickup': ({ pickupId }) => ok(s.send({ type: 'PICKUP_OPEN', pickupId })),
      'journey.reportSubmit': ({ category, text, phone }) =>
        ok(s.send({ type: 'REPORT_SUBMIT', report: { category, text, ...(phone ? { phone } : {}) } })),
      'journey.done': () => ok(s.send({ type: 'DONE' })),
      'journey.rate': ({ score }) => ok(s.send({ type: 'RATE', score })),
      'journey.skipRating': () => ok(s.send({ type: 'SKIP' })),
      'devices.health': () => ok(this.devices.health()),
      'speech.status': () => ok(this.speech.state()),
      'speech.say': ({ key, params }) =>
        isPhraseKey(key) ? this.speech.say(key, params) : err('unknown-phrase', `No phrase ${key}.`),
      'speech.stop': () => {
        this.speech.stop();
        return ok(this.speech.state());
      },
      'speech.setVolume': ({ volume }) => ok(this.speech.setVolume(volume)),
      'speech.setAuto': ({ on }) => ok(this.speech.setAuto(on)),
      'ui.pong': ({ nonce, rendered }) => {
        this.pongListeners.emit({ nonce, rendered });
        return ok(this.pongListeners.size > 0);
      },
      ...this.maintenanceHandlers(),
      'system.info': () =>
        ok({
          terminalId: this.config.terminal.id,
          hallName: this.config.terminal.hallName,
          version: VERSION,
          shell: this.shell,
          locales: this.config.locale.available,
          emulatedDevices: this.config.devices.some((d) => d.enabled && d.transport.type === 'emulated'),
          panel: this.config.terminal.panel,
        }),
    };
  }
}
