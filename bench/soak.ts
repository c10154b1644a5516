/**
 * Endurance and fault suite ("soak"): many citizen sessions against one kiosk (real core, store,
 * outbox, emulated devices; the reference back office in a child process), with faults injected on a
 * schedule, and at the end a loss check: every acknowledged submission must be in the back office
 * exactly once after the outbox drains.
 *
 *   npm run soak -- --api 1000 --ui 100        (full target: --api 10000 --ui 1000)
 *   options: --fault-every K, --bo-timeout-ms MS, --deadline-minutes M, --heap-snapshots a,b
 *
 * API-level sessions go through `core.dispatch` (what either shell would send); UI-level ones
 * are played in one Chromium through the browser host. Faults: ID reader not answering, receipt
 * printer out of paper then refilled, a locker door left open, the back office failing (500),
 * slow (past the client timeout) or losing answers after committing, and the renderer killed
 * (the page closed: the in-app supervisor's frozen-UI check must notice and reopen it).
 */
import { appendFileSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import type { Browser, Page } from 'playwright-core';
import type { SessionView } from '../main/base/api/contract.js';
import { boot, type Booted } from '../main/core/boot.js';
import { startBrowserHost, type BrowserHost } from '../main/shells/host/browser-host.js';
import { Supervisor } from '../main/features/supervision/supervisor.js';
import { launchBrowser } from '../tests/helpers/browser.js';
import { startBackofficeProcess, type BackofficeProcess } from './backoffice-process.js';
import { percentile, round } from './bench-kit.js';

export const FAULTS = ['reader-no-answer', 'paper-out', 'door-left-open', 'bo-500', 'bo-slow', 'bo-lost-answer'] as const;
export type FaultKind = (typeof FAULTS)[number] | 'renderer-killed';

export interface SoakOptions {
  api: number;
  ui: number;
  /** One fault every this many sessions (round-robin over the fault kinds). */
  faultEvery: number;
  /** Memory samples (after GC when `--expose-gc`) every this many sessions. */
  sampleEvery?: number;
  rendererDir?: string;
  progress?: (line: string) => void;
  /**
   * The kiosk's back-office client timeout (default 1000 ms); `bo-slow` answers 500 ms later than
   * this. The short variant in `npm test` runs beside other test files and uses a longer one.
   */
  backofficeTimeoutMs?: number;
  /**
   * Start no new session after this many minutes: the run then drains and reports on the
   * sessions it did (UI sessions are spread through the run, so the mix stays the same).
   */
  deadlineMinutes?: number;
  /** Write a V8 heap snapshot (after GC) into `heapSnapshotDir` after these session numbers. */
  heapSnapshotsAt?: number[];
  heapSnapshotDir?: string;
}

export interface MemorySample {
  session: number;
  rssMiB: number;
  heapUsedMiB: number;
  gc: boolean;
}

export interface SoakReport {
  options: SoakOptions;
  startedAt: string;
  durationSeconds: number;
  sessions: { api: { attempted: number; completed: number }; ui: { attempted: number; completed: number } };
  failures: { session: number; kind: string; error: string }[];
  faults: {
    injected: number;
    recovered: number;
    byKind: Record<string, { injected: number; recovered: number; recoverMs: number[] }>;
    recoverMsP50: number;
    recoverMsP95: number;
  };
  supervisor: { pings: number; pongs: number; failures: number; reloads: number; exits: number };
  /** Of the doors left open, how many the session showed as `left-open`. */
  doorLeftOpenNoticed: number;
  memory: {
    samples: MemorySample[];
    gcAvailable: boolean;
    firstTenthHeapMiB: number;
    lastTenthHeapMiB: number;
    heapGrowthPct: number;
    firstTenthRssMiB: number;
    lastTenthRssMiB: number;
    rssGrowthPct: number;
  };
  loss: { acknowledged: number; inBackoffice: number; missing: string[]; duplicated: string[]; outboxQueuedAtEnd: number };
  /** Wall time per session, by what the session did (a fault's name, or apply/collect/report/ui). */
  sessionMs: Record<string, { n: number; meanMs: number; maxMs: number; totalMs: number }>;
  /** The run stopped starting sessions at `deadlineMinutes` (attempted < asked). */
  stoppedAtDeadline: boolean;
}

const CTX = { shell: 'browser' as const };
const MiB = 1024 * 1024;
const SAMPLE_CARD = { id: '440604198506151233', name: '李示范' };

/**
 * Waits until `probe` gives a value. With `subscribe` (a change notification, e.g. the session's
 * `onChange`) it checks on every change, the moment it happens, and polls only as a slow safety
 * net; without it, it polls every `every` ms.
 */
function until<T>(
  probe: () => T | null | undefined | false,
  what: string | (() => string),
  ms = 20_000,
  every = 10,
  subscribe?: (onChange: () => void) => () => void,
): Promise<T> {
  const first = probe();
  if (first !== null && first !== undefined && first !== false) return Promise.resolve(first);
  return new Promise<T>((resolve, reject) => {
    let done = false;
    const finish = (f: () => void): void => {
      if (done) return;
      done = true;
      clearTimeout(deadline);
      clearInterval(poll);
      off?.();
      f();
    };
    const check = (): void => {
      const v = probe();
      if (v !== null && v !== undefined && v !== false) finish(() => resolve(v));
    };
    const deadline = setTimeout(
      () => finish(() => reject(new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`))),
      ms,
    );
    const poll = setInterval(check, subscribe ? 250 : every);
    const off = subscribe?.(check);
  });
}

class Soak {
  private bo!: BackofficeProcess;
  private kiosk!: Booted;
  private host: BrowserHost | null = null;
  private browser: Browser | null = null;
  private page: Page | null = null;
  private opening: Promise<void> | null = null;
  private supervisor: Supervisor | null = null;
  private supervisorExits = 0;
  /** Doors left open that the session flagged as `left-open` (a finding when below the count). */
  private doorNoticed = 0;
  /**
   * Acknowledged application numbers go to a file, not to an array in this process: the harness's
   * own bookkeeping must not grow the heap that is measured as the kiosk's.
   */
  private ackFile = '';
  private acknowledgedCount = 0;
  private readonly report: SoakReport;
  private readonly started = Date.now();
  private sessionNo = 0;
  private stoppedEarly = false;
  private apiNo = 0;

  constructor(private readonly o: SoakOptions) {
    this.report = {
      options: { ...o, progress: undefined },
      startedAt: new Date().toISOString(),
      durationSeconds: 0,
      sessions: { api: { attempted: 0, completed: 0 }, ui: { attempted: 0, completed: 0 } },
      failures: [],
      faults: { injected: 0, recovered: 0, byKind: {}, recoverMsP50: 0, recoverMsP95: 0 },
      supervisor: { pings: 0, pongs: 0, failures: 0, reloads: 0, exits: 0 },
      doorLeftOpenNoticed: 0,
      memory: {
        samples: [],
        gcAvailable: typeof globalThis.gc === 'function',
        firstTenthHeapMiB: 0,
        lastTenthHeapMiB: 0,
        heapGrowthPct: 0,
        firstTenthRssMiB: 0,
        lastTenthRssMiB: 0,
        rssGrowthPct: 0,
      },
      loss: { acknowledged: 0, inBackoffice: 0, missing: [], duplicated: [], outboxQueuedAtEnd: 0 },
      sessionMs: {},
      stoppedAtDeadline: false,
    };
  }

  // ---- set-up ----------------------------------------------------------------------------------

  async open(): Promise<void> {
    this.bo = await startBackofficeProcess();
    const dataDir = mkdtempSync(join(tmpdir(), 'yimen-soak-'));
    this.ackFile = join(dataDir, 'acknowledged.txt');
    writeFileSync(this.ackFile, '');
    const cfg = join(dataDir, 'config.json');
    writeFileSync(
      cfg,
      JSON.stringify({
        dataDir,
        backoffice: { url: this.bo.url, timeoutMs: this.o.backofficeTimeoutMs ?? 1000 },
        sync: { pollSeconds: 1, backoffBaseMs: 50, backoffMaxMs: 1000, batchSize: 50, parallel: 4, auditShipSeconds: 5 },
        session: { doorLeftOpenSeconds: 10 },
        logging: { level: 'warn' },
        supervision: {
          uiPingSeconds: 1,
          uiAnswerSeconds: 2,
          uiGraceSeconds: 2,
          maxReloads: 100,
          reloadWindowMinutes: 1,
          reloadBackoffBaseMs: 0,
          reloadBackoffMaxMs: 0,
          dailyRestart: { enabled: false, start: '03:30', end: '04:30' },
          resourceSampleMinutes: 60,
        },
      }),
    );
    const b = boot({ configFile: cfg, shell: 'browser', console: false });
    if (!b.ok) throw new Error(b.error.message);
    this.kiosk = b.value;
    const devices = this.kiosk.core.devices;
    await until(() => devices.health().every((h) => h.state !== 'unknown'), 'devices up');
    // The harness plays the citizen who closes a locker door; the emulator's own scripted person
    // (who closes every door 3 s after it opens) would otherwise close a door meant to be left open.
    this.emu().locker?.emulator.setAutoClose(null);
    if (this.o.ui > 0) {
      this.host = await startBrowserHost({ core: this.kiosk.core, rendererDir: this.o.rendererDir ?? 'dist/renderer', port: 0 });
      this.browser = await launchBrowser();
      const host = this.host;
      // The real in-app supervisor, on short timings; "reload" reopens the page.
      this.supervisor = new Supervisor({
        core: this.kiosk.core,
        config: this.kiosk.config.supervision,
        dataDir,
        log: this.kiosk.log,
        tickMs: 250,
        audit: () => this.kiosk.data?.audit ?? null,
        resourceSink: () => this.kiosk.data?.deviceEvents ?? null,
        host: {
          // A reload that fails (e.g. the browser is going away) is reported, not thrown at nobody.
          reloadUi: () =>
            void this.openPage().catch((e: unknown) =>
              this.o.progress?.(`soak: page reload failed: ${(e as Error).message.split('\n')[0] ?? ''}`),
            ),
          uiConnected: () => host.clients() > 0,
          exit: () => void this.supervisorExits++,
        },
      });
      await this.openPage();
      this.supervisor.start();
    }
  }

  /**
   * Opens the kiosk page unless one is open or opening. The supervisor may ask for a reload again
   * while a slow reload is still opening the page: a second page would be refused by the browser
   * host (one UI client) and show nothing, while the first, undriven, answered the pings.
   */
  private openPage(): Promise<void> {
    this.opening ??= this.openPageOnce().finally(() => {
      this.opening = null;
    });
    return this.opening;
  }

  private async openPageOnce(): Promise<void> {
    if (this.browser === null || this.host === null) return;
    if (this.page !== null && !this.page.isClosed()) return;
    const page = await this.browser.newPage({ viewport: { width: 1280, height: 900 } });
    this.page = page;
    await page.goto(this.host.launchUrl());
    this.supervisor?.uiLoaded();
  }

  async close(): Promise<void> {
    this.supervisor?.stop();
    await this.browser?.close();
    await this.host?.close();
    this.kiosk.core.close();
    await this.kiosk.core.devicesStopped;
    await this.kiosk.data?.close();
    this.kiosk.log.flush();
    await this.bo.close();
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private view(): SessionView {
    return this.kiosk.core.session.view();
  }

  private async call(method: string, args: unknown = {}): Promise<void> {
    const r = await this.kiosk.core.dispatch(method, args, CTX);
    if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  }

  private waitView(pred: (v: SessionView) => boolean, what: string, ms = 20_000): Promise<SessionView> {
    return until(
      () => {
        const v = this.view();
        return pred(v) ? v : null;
      },
      () =>
        `${what} (at ${this.view().step ?? this.view().phase}, door ${JSON.stringify(this.view().door)}, notice ${this.view().notice?.code ?? '-'})`,
      ms,
      10,
      (onChange) => this.kiosk.core.session.onChange(onChange),
    );
  }

  /** Waits for a device's health state, on its health events. */
  private waitHealth(id: string, state: string, what: string, ms = 30_000): Promise<true> {
    return until(
      () => this.health(id) === state,
      what,
      ms,
      10,
      (onChange) => this.kiosk.core.devices.onHealth(onChange),
    );
  }

  private emu() {
    const d = this.kiosk.core.devices;
    return {
      reader: d.emulator('idcard'),
      printer: d.emulator('receipt-printer'),
      locker: d.emulator('locker'),
    };
  }

  private health(id: string): string {
    return this.kiosk.core.devices.health().find((h) => h.id === id)?.state ?? 'unknown';
  }

  private fault(kind: FaultKind, recoverMs: number | null): void {
    const k = (this.report.faults.byKind[kind] ??= { injected: 0, recovered: 0, recoverMs: [] });
    k.injected++;
    this.report.faults.injected++;
    if (recoverMs !== null) {
      k.recovered++;
      k.recoverMs.push(recoverMs);
      this.report.faults.recovered++;
    }
  }

  private async drained(ms = 60_000): Promise<void> {
    const data = this.kiosk.data;
    if (!data) throw new Error('no store');
    data.worker.kick();
    await until(() => data.outboxRepo.counts().queued === 0, 'outbox drained', ms, 20);
  }

  private async createPickup(cell: string): Promise<string> {
    const res = await fetch(new URL('admin/pickups', this.bo.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        idNumber: SAMPLE_CARD.id,
        name: SAMPLE_CARD.name,
        phone: '13800138000',
        matterName: 'senior-card',
        lockerId: 'locker',
        cell,
      }),
    });
    const body = (await res.json()) as { pickupCode?: string };
    if (res.status !== 201 || body.pickupCode === undefined) throw new Error(`pickup not created: ${res.status}`);
    return body.pickupCode;
  }

  // ---- API-level sessions ----------------------------------------------------------------------

  private async apply(opts: { paperOut?: boolean } = {}): Promise<void> {
    const { reader } = this.emu();
    await this.call('session.start');
    await this.call('journey.choose', { purpose: 'apply', matterId: 'senior-card' });
    void reader?.placeCard('resident');
    await this.waitView((v) => v.step === 'apply.form', 'the form');
    await this.call('journey.formEdit', { values: { phone: '13800138000' } });
    await this.call('journey.setDelivery', { delivery: 'locker' });
    await this.call('journey.formSubmit');
    await this.call('journey.confirm');
    await this.call('journey.agree', { sensitiveConsent: true });
    const done = await this.waitView((v) => v.step === 'apply.done', 'submission');
    const no = done.result?.applicationNo;
    if (!no) throw new Error('no application number');
    appendFileSync(this.ackFile, `${no}\n`);
    this.acknowledgedCount++;
    if (opts.paperOut === true && done.result?.receiptPrinted === true) throw new Error('receipt printed with no paper');
    if (opts.paperOut !== true && done.result?.receiptPrinted !== true)
      throw new Error(`receipt not printed: ${done.result?.receiptError ?? '?'}`);
    reader?.removeCard();
    await this.call('journey.done');
    await this.call('journey.rate', { score: 1 + (this.sessionNo % 5) });
    await this.waitView((v) => v.phase === 'ending', 'ending');
    await this.call('session.end');
  }

  private async collect(opts: { leaveOpen?: boolean } = {}): Promise<number | null> {
    const code = await this.createPickup('1-07');
    await this.call('session.start');
    await this.call('journey.choose', { purpose: 'collect' });
    await this.call('journey.pickupCode', { code });
    const choose = await this.waitView((v) => v.step === 'collect.choose' && v.pickups.length > 0, 'pickups');
    await this.call('journey.openPickup', { pickupId: choose.pickups[0]?.pickupId ?? '' });
    await this.waitView((v) => v.step === 'collect.open', 'door open');
    const locker = this.emu().locker;
    await until(() => locker?.emulator.door(1, 7) === 'open', 'door 1-07 open');
    let recoverMs: number | null = null;
    if (opts.leaveOpen === true) {
      // Left open past the kiosk's limit: the session must flag it (`left-open`) before the door
      // is closed.
      await this.waitView(
        (v) => v.door?.state === 'left-open',
        'door flagged left-open',
        (this.kiosk.config.session.doorLeftOpenSeconds + 5) * 1000,
      );
      if (locker?.emulator.door(1, 7) !== 'open') throw new Error('door 1-07 closed by itself while left open');
      this.doorNoticed++;
    }
    const closedAt = Date.now();
    locker?.emulator.setDoor(1, 7, 'closed');
    await this.waitView((v) => v.collected === 1, 'pickup completed');
    if (opts.leaveOpen === true) recoverMs = Date.now() - closedAt;
    await this.call('journey.done');
    await this.call('journey.skipRating');
    await this.call('session.end');
    return recoverMs;
  }

  private async reportIssue(): Promise<void> {
    await this.call('session.start');
    await this.call('journey.report');
    await this.call('journey.reportSubmit', { category: 'road', text: `路灯不亮 ${this.sessionNo}` });
    await this.waitView((v) => v.notice?.code === 'report-sent', 'report sent');
    await this.call('journey.done');
    await this.call('journey.rate', { score: 5 });
    await this.waitView((v) => v.phase === 'ending', 'ending');
    await this.call('session.end');
  }

  /** Runs one API-level session, injecting `fault` around it. */
  private async apiSession(fault: (typeof FAULTS)[number] | null): Promise<void> {
    const kind = this.apiNo % 3;
    const { reader, printer } = this.emu();
    switch (fault) {
      case 'reader-no-answer': {
        void reader?.setScenario('no-answer');
        await this.waitHealth('idcard', 'offline', 'reader offline');
        const back = Date.now();
        void reader?.setScenario('normal');
        await this.waitHealth('idcard', 'ok', 'reader back');
        const ms = Date.now() - back;
        await this.apply();
        this.fault(fault, ms);
        return;
      }
      case 'paper-out': {
        void printer?.setScenario('paper-out');
        await this.waitHealth('receipt', 'offline', 'printer out of paper');
        await this.apply({ paperOut: true });
        const refill = Date.now();
        void printer?.setScenario('ok');
        await this.waitHealth('receipt', 'ok', 'printer refilled');
        this.fault(fault, Date.now() - refill);
        return;
      }
      case 'door-left-open':
        this.fault(fault, await this.collect({ leaveOpen: true }));
        return;
      case 'bo-500':
      case 'bo-slow':
      case 'bo-lost-answer': {
        if (fault === 'bo-500') await this.bo.setFaults({ fail500: 5 });
        else if (fault === 'bo-slow') await this.bo.setFaults({ delayMs: (this.o.backofficeTimeoutMs ?? 1000) + 500 });
        else await this.bo.setFaults({ fail500AfterCommit: 2, drop: 2 });
        await this.apply();
        await this.reportIssue();
        const cleared = Date.now();
        await this.bo.clearFaults();
        await this.drained();
        this.fault(fault, Date.now() - cleared);
        return;
      }
      case null:
        if (kind === 0) await this.apply();
        else if (kind === 1) await this.collect();
        else await this.reportIssue();
    }
  }

  // ---- UI-level sessions -----------------------------------------------------------------------

  /** A failed UI session says what the screen showed. */
  private async uiSession(killRenderer: boolean): Promise<void> {
    try {
      await this.uiSessionSteps(killRenderer);
    } catch (e) {
      const page = this.page;
      const shown =
        page === null || page.isClosed()
          ? 'no page'
          : await page
              .locator('body')
              .innerText({ timeout: 2000 })
              .then((t) => t.replace(/\s+/g, ' ').slice(0, 160))
              .catch(() => '?');
      throw new Error(
        `${(e as Error).message.split('\n')[0] ?? ''} [kiosk ${this.view().phase}/${this.view().step ?? '-'}; screen: ${shown}]`,
        { cause: e },
      );
    }
  }

  private async uiSessionSteps(killRenderer: boolean): Promise<void> {
    if (killRenderer) {
      const page = this.page;
      const killedAt = Date.now();
      await page?.close();
      // Nobody reopens it but the supervisor's frozen-UI check.
      const next = await until(() => (this.page !== page && this.page !== null ? this.page : null), 'page reopened', 30_000);
      await next.getByRole('button', { name: '轻触屏幕开始办理' }).waitFor({ timeout: 30_000 });
      this.fault('renderer-killed', Date.now() - killedAt);
    }
    const page = this.page;
    if (page === null) throw new Error('no page');
    const code = await this.createPickup('2-05');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: 'Touch the screen to start' }).click();
    await page.locator('.quick-actions .tile').first().click();
    for (const d of code) await page.locator('.pickup-code .key', { hasText: new RegExp(`^${d}$`) }).click();
    await page.getByRole('button', { name: 'OK' }).click();
    await page.getByRole('button', { name: 'Open the door' }).click();
    await page.getByTestId('door').waitFor();
    const door = await page.getByTestId('door').textContent();
    if (door !== 'B-05') throw new Error(`wrong door ${door ?? ''}`);
    this.emu().locker?.emulator.setDoor(2, 5, 'closed');
    await page.locator('.notice.good[data-code^="pickup-done"]').waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Finish' }).click();
    await page.getByRole('button', { name: 'Skip' }).click();
    await this.waitView((v) => v.phase === 'ending' || v.phase === 'attract', 'ending');
    await this.call('session.end');
    await page.getByRole('button', { name: '轻触屏幕开始办理' }).waitFor();
  }

  // ---- the run ---------------------------------------------------------------------------------

  private sampleMemory(): void {
    const gc = globalThis.gc;
    if (typeof gc === 'function') gc();
    const m = process.memoryUsage();
    this.report.memory.samples.push({
      session: this.sessionNo,
      rssMiB: round(m.rss / MiB, 1),
      heapUsedMiB: round(m.heapUsed / MiB, 2),
      gc: typeof gc === 'function',
    });
  }

  private async resetAfterFailure(): Promise<void> {
    await this.bo.clearFaults().catch(() => undefined);
    const { reader, printer } = this.emu();
    void reader?.setScenario('normal');
    reader?.removeCard();
    void printer?.setScenario('ok');
    for (const [b, l] of [
      [1, 7],
      [2, 5],
    ] as const)
      this.emu().locker?.emulator.setDoor(b, l, 'closed');
    void (await this.kiosk.core.dispatch('session.end', {}, CTX));
    await this.waitView((v) => v.phase === 'attract', 'attract after a failed session', 5000).catch(() => undefined);
  }

  async run(): Promise<SoakReport> {
    const total = this.o.api + this.o.ui;
    const sampleEvery = this.o.sampleEvery ?? Math.max(1, Math.floor(total / 50));
    let faultIdx = 0;
    let uiNo = 0;
    this.sampleMemory();
    const stopAt = this.o.deadlineMinutes !== undefined ? this.started + this.o.deadlineMinutes * 60_000 : Infinity;
    for (let i = 0; i < total; i++) {
      if (Date.now() > stopAt) {
        this.stoppedEarly = true;
        this.o.progress?.(`soak: deadline reached after ${i} of ${total} sessions`);
        break;
      }
      this.sessionNo = i + 1;
      // UI sessions are spread evenly through the run (not all at the end), so the first and the
      // last tenth compared for memory hold the same mix of work.
      const ui = Math.floor(((i + 1) * this.o.ui) / total) > Math.floor((i * this.o.ui) / total);
      if (ui) uiNo++;
      else this.apiNo++;
      // Faults by each kind's own count: every `faultEvery`-th API and every `faultEvery`-th UI session.
      const faulty = (ui ? uiNo : this.apiNo) % this.o.faultEvery === 0;
      const side = ui ? this.report.sessions.ui : this.report.sessions.api;
      side.attempted++;
      let fault = 'none';
      const t0 = Date.now();
      try {
        if (ui) {
          fault = faulty ? 'renderer-killed' : 'none';
          await this.uiSession(faulty);
        } else {
          const f = faulty ? (FAULTS[faultIdx++ % FAULTS.length] ?? null) : null;
          fault = f ?? 'none';
          await this.apiSession(f);
        }
        side.completed++;
        const what = ui
          ? faulty
            ? 'ui+renderer-killed'
            : 'ui'
          : fault !== 'none'
            ? fault
            : (['apply', 'collect', 'report'][this.apiNo % 3] ?? '?');
        const t = (this.report.sessionMs[what] ??= { n: 0, meanMs: 0, maxMs: 0, totalMs: 0 });
        const ms = Date.now() - t0;
        t.n++;
        t.totalMs += ms;
        t.maxMs = Math.max(t.maxMs, ms);
        t.meanMs = Math.round(t.totalMs / t.n);
      } catch (e) {
        this.report.failures.push({ session: this.sessionNo, kind: fault, error: (e as Error).message.slice(0, 300) });
        this.o.progress?.(
          `soak: session ${this.sessionNo} (${ui ? 'ui' : 'api'}, fault ${fault}) failed: ${(e as Error).message.slice(0, 300)}`,
        );
        await this.resetAfterFailure();
      }
      if (this.sessionNo % sampleEvery === 0) this.sampleMemory();
      if (this.o.heapSnapshotsAt?.includes(this.sessionNo) === true) {
        globalThis.gc?.();
        const file = writeHeapSnapshot(join(this.o.heapSnapshotDir ?? tmpdir(), `soak-${this.sessionNo}.heapsnapshot`));
        this.o.progress?.(`soak: heap snapshot ${file}`);
      }
      if (this.sessionNo % 100 === 0)
        this.o.progress?.(
          `soak: ${this.sessionNo}/${total} sessions, ${this.report.failures.length} failed, ${this.report.faults.injected} faults`,
        );
    }
    await this.bo.clearFaults();
    await this.drained(120_000).catch(() => undefined);
    this.sampleMemory();
    return this.finish();
  }

  private async finish(): Promise<SoakReport> {
    const r = this.report;
    r.durationSeconds = round((Date.now() - this.started) / 1000, 1);
    const all = Object.values(r.faults.byKind).flatMap((k) => k.recoverMs);
    r.faults.recoverMsP50 = all.length > 0 ? percentile(all, 50) : 0;
    r.faults.recoverMsP95 = all.length > 0 ? percentile(all, 95) : 0;
    const s = this.supervisor?.snapshot();
    r.supervisor = {
      pings: s?.pings ?? 0,
      pongs: s?.pongs ?? 0,
      failures: s?.failures ?? 0,
      reloads: s?.reloads ?? 0,
      exits: this.supervisorExits,
    };
    r.doorLeftOpenNoticed = this.doorNoticed;
    r.stoppedAtDeadline = this.stoppedEarly;
    // Memory: mean of the first and of the last tenth of the samples.
    const samples = r.memory.samples;
    const tenth = Math.max(1, Math.floor(samples.length / 10));
    const mean = (xs: MemorySample[], f: (m: MemorySample) => number): number =>
      xs.reduce((a, m) => a + f(m), 0) / Math.max(1, xs.length);
    // The very first sample is before any session (nothing loaded yet): the curve starts after warm-up.
    const warm = samples.slice(1);
    const first = warm.slice(0, tenth);
    const last = warm.slice(-tenth);
    r.memory.firstTenthHeapMiB = round(
      mean(first, (m) => m.heapUsedMiB),
      2,
    );
    r.memory.lastTenthHeapMiB = round(
      mean(last, (m) => m.heapUsedMiB),
      2,
    );
    r.memory.heapGrowthPct = round(
      (100 * (r.memory.lastTenthHeapMiB - r.memory.firstTenthHeapMiB)) / r.memory.firstTenthHeapMiB,
      1,
    );
    r.memory.firstTenthRssMiB = round(
      mean(first, (m) => m.rssMiB),
      1,
    );
    r.memory.lastTenthRssMiB = round(
      mean(last, (m) => m.rssMiB),
      1,
    );
    r.memory.rssGrowthPct = round((100 * (r.memory.lastTenthRssMiB - r.memory.firstTenthRssMiB)) / r.memory.firstTenthRssMiB, 1);
    // Loss: every acknowledged application number exactly once in the back office.
    // The back office keys a submission by its idempotency key, `submission:<application number>`;
    // it is UNIQUE there, so "exactly once" means: present, and no other row for this terminal.
    const rows = await this.bo.applicationKeys(this.kiosk.config.terminal.id);
    const inBo = new Map(rows.map((x) => [x.key, x.n]));
    const acknowledged = readFileSync(this.ackFile, 'utf8')
      .split('\n')
      .filter((l) => l !== '');
    if (acknowledged.length !== this.acknowledgedCount) throw new Error('acknowledged-number file out of step');
    const acked = new Set(acknowledged.map((no) => `submission:${no}`));
    r.loss = {
      acknowledged: acknowledged.length,
      inBackoffice: acknowledged.filter((no) => inBo.get(`submission:${no}`) === 1).length,
      missing: acknowledged.filter((no) => !inBo.has(`submission:${no}`)),
      duplicated: [
        ...acknowledged.filter((no) => (inBo.get(`submission:${no}`) ?? 0) > 1),
        ...rows.filter((x) => !acked.has(x.key)).map((x) => x.key),
      ],
      outboxQueuedAtEnd: this.kiosk.data?.outboxRepo.counts().queued ?? -1,
    };
    return r;
  }
}

export async function runSoak(o: SoakOptions): Promise<SoakReport> {
  const soak = new Soak(o);
  await soak.open();
  try {
    return await soak.run();
  } finally {
    await soak.close();
  }
}

export function soakMarkdown(r: SoakReport): string {
  const kinds = Object.entries(r.faults.byKind)
    .map(
      ([k, v]) =>
        `| ${k} | ${v.injected} | ${v.recovered} | ${v.recoverMs.length ? percentile(v.recoverMs, 50) : '–'} | ${v.recoverMs.length ? percentile(v.recoverMs, 95) : '–'} |`,
    )
    .join('\n');
  const times = Object.entries(r.sessionMs)
    .map(([k, v]) => `| ${k} | ${v.n} | ${v.meanMs} | ${v.maxMs} | ${round(v.totalMs / 1000, 1)} |`)
    .join('\n');
  const curve = r.memory.samples.map((m) => `| ${m.session} | ${m.rssMiB} | ${m.heapUsedMiB} |`).join('\n');
  return `# Soak run (${r.startedAt})

${r.options.api} API-level + ${r.options.ui} UI-level sessions asked${r.stoppedAtDeadline ? ` (stopped at the ${r.options.deadlineMinutes ?? '?'}-minute deadline: ${r.sessions.api.attempted} + ${r.sessions.ui.attempted} run)` : ''}, UI sessions spread through the run, a fault every ${r.options.faultEvery} sessions of each kind; ${r.durationSeconds} s. Back office in a child process; back-office client timeout ${r.options.backofficeTimeoutMs ?? 1000} ms.
GC before each memory sample: ${r.memory.gcAvailable ? 'yes (--expose-gc)' : 'no'}.

| | attempted | completed |
|---|---|---|
| API-level sessions | ${r.sessions.api.attempted} | ${r.sessions.api.completed} |
| UI-level sessions | ${r.sessions.ui.attempted} | ${r.sessions.ui.completed} |

Faults: ${r.faults.injected} injected, ${r.faults.recovered} recovered; time to recover p50 ${r.faults.recoverMsP50} ms, p95 ${r.faults.recoverMsP95} ms.

| fault | injected | recovered | recover p50 (ms) | recover p95 (ms) |
|---|---|---|---|---|
${kinds}

Time per completed session:

| session | n | mean (ms) | max (ms) | total (s) |
|---|---|---|---|---|
${times}

Doors left open past the limit that the session showed as \`left-open\`: ${r.doorLeftOpenNoticed} of ${r.faults.byKind['door-left-open']?.injected ?? 0}.

Supervisor (UI part): ${r.supervisor.pings} pings, ${r.supervisor.pongs} pongs, ${r.supervisor.failures} UI failures seen, ${r.supervisor.reloads} reloads, ${r.supervisor.exits} restarts asked.

Loss check: ${r.loss.acknowledged} acknowledged submissions, ${r.loss.inBackoffice} in the back office exactly once, missing ${r.loss.missing.length}, duplicated ${r.loss.duplicated.length}, outbox queued at the end ${r.loss.outboxQueuedAtEnd}.

Memory (heap used after GC): first tenth ${r.memory.firstTenthHeapMiB} MiB, last tenth ${r.memory.lastTenthHeapMiB} MiB, growth ${r.memory.heapGrowthPct} % (target ≤ 5 %); RSS ${r.memory.firstTenthRssMiB} → ${r.memory.lastTenthRssMiB} MiB (${r.memory.rssGrowthPct} %).

Failed sessions: ${r.failures.length}${
    r.failures.length
      ? '\n\n' +
        r.failures
          .slice(0, 20)
          .map((f) => `- #${f.session} (${f.kind}): ${f.error}`)
          .join('\n')
      : ''
  }

| after session | RSS (MiB) | heap used (MiB) |
|---|---|---|
${curve}
`;
}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v < 0) throw new Error(`--${name} must be a whole number`);
  return v;
}

async function main(): Promise<void> {
  const opts: SoakOptions = {
    api: arg('api', 1000),
    ui: arg('ui', 100),
    faultEvery: Math.max(1, arg('fault-every', 10)),
    backofficeTimeoutMs: arg('bo-timeout-ms', 1000),
    ...(process.argv.includes('--deadline-minutes') ? { deadlineMinutes: arg('deadline-minutes', 0) } : {}),
    ...(process.argv.includes('--heap-snapshots')
      ? {
          heapSnapshotsAt: (process.argv[process.argv.indexOf('--heap-snapshots') + 1] ?? '').split(',').map(Number),
          heapSnapshotDir: '/tmp',
        }
      : {}),
    progress: (l) => process.stderr.write(`${l}\n`),
  };
  const report = await runSoak(opts);
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/soak.json', `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync('bench/results/soak.md', soakMarkdown(report));
  process.stderr.write(soakMarkdown(report).split('\n').slice(0, 22).join('\n') + '\n');
  const lost = report.loss.missing.length + report.loss.duplicated.length;
  // Exit explicitly: a stuck emulator or browser handle must not keep a finished run alive.
  process.exit(lost > 0 ? 1 : 0);
}

if (process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  main().catch((e: unknown) => {
    process.stderr.write(`soak failed: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(2);
  });
}
