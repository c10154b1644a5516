/**
 * HID-POS scanner glue over `node-hid`: find the interface with usage page 0x8C, open it, turn
 * input reports into `scan` events (through `HidPosAssembler`, de-duplicated), and re-enumerate
 * every couple of seconds after an unplug (`HID.devices()` is costly; never poll faster).
 *
 * The glue is kept thin and takes the HID API as a parameter, because HID devices cannot be
 * exercised without hardware here; the report decoding is unit-tested with byte vectors.
 */
import type { CancelReport, Health, SelfTestResult } from '../device.js';
import { ListenerSet } from '../../common/listeners.js';
import { HealthCell, nothingToCancel, selfTestFromHealth } from '../health.js';
import type { Result } from '../../common/result.js';
import { HID_POS_USAGE_PAGE, HidPosAssembler } from './hid-pos.js';
import { ScanDeduplicator, type ScanEvent, type ScannerDriver } from './scan.js';

export interface HidDeviceInfo {
  vendorId: number;
  productId: number;
  path?: string | undefined;
  usagePage?: number | undefined;
  product?: string | undefined;
}

export interface HidHandle {
  on(event: 'data', listener: (data: Buffer) => void): unknown;
  on(event: 'error', listener: (error: unknown) => void): unknown;
  removeAllListeners(): unknown;
  close(): Promise<void>;
  sendFeatureReport(data: number[]): Promise<number>;
}

export interface HidApi {
  devicesAsync(): Promise<HidDeviceInfo[]>;
  open(path: string): Promise<HidHandle>;
}

/** The real API, loaded on first use so that importing this module needs no native binding. */
export async function nodeHidApi(): Promise<HidApi> {
  const hid = await import('node-hid');
  return {
    devicesAsync: () => hid.devicesAsync(),
    open: (path) => hid.HIDAsync.open(path),
  };
}

export interface HidPosScannerOptions {
  vendorId?: number;
  productId?: number;
  /** A fixed hidraw path; otherwise the first usage-page-0x8C interface that matches. */
  path?: string;
  /** Feature report sent after opening (Honeywell: `[0xFE, 0x01]` enables HID-POS). */
  enableReport?: number[];
  /** Re-enumeration period while no device is open (default 2000 ms). */
  rescanMs?: number;
  dedupMs?: number;
  api?: HidApi;
  now?: () => number;
}

export function pickHidPosDevice(
  devices: readonly HidDeviceInfo[],
  o: Pick<HidPosScannerOptions, 'vendorId' | 'productId' | 'path'>,
): HidDeviceInfo | null {
  return (
    devices.find(
      (d) =>
        d.path !== undefined &&
        (o.path ? d.path === o.path : d.usagePage === HID_POS_USAGE_PAGE) &&
        (o.vendorId === undefined || d.vendorId === o.vendorId) &&
        (o.productId === undefined || d.productId === o.productId),
    ) ?? null
  );
}

export class HidPosScanner implements ScannerDriver {
  private api: HidApi | null;
  private handle: HidHandle | null = null;
  private readonly assembler = new HidPosAssembler();
  private readonly dedup: ScanDeduplicator | null;
  private readonly listeners = new ListenerSet<ScanEvent>('ScanListenerWarning');
  private readonly healthCell = new HealthCell();
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private readonly now: () => number;

  constructor(private readonly opts: HidPosScannerOptions = {}) {
    this.api = opts.api ?? null;
    const w = opts.dedupMs ?? 1500;
    this.dedup = w > 0 ? new ScanDeduplicator(w) : null;
    this.now = opts.now ?? (() => performance.now());
  }

  async start(): Promise<void> {
    this.running = true;
    await this.connect();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.drop();
    this.healthCell.set({ state: 'unknown', code: null });
  }

  health(): Health {
    return this.healthCell.get();
  }

  onHealth(listener: (h: Health) => void): () => void {
    return this.healthCell.on(listener);
  }

  /** The scanner's health (open, or looking for the device). */
  selfTest(): Promise<SelfTestResult> {
    return Promise.resolve(selfTestFromHealth(this.health()));
  }

  /** A scanner has no queue: nothing to cancel. */
  cancel(): Promise<Result<CancelReport, string>> {
    return nothingToCancel();
  }

  onScan(listener: (s: ScanEvent) => void): () => void {
    return this.listeners.add(listener);
  }

  /** Feed one input report (what the `data` handler does; public for emulation and tests). */
  handleReport(report: Uint8Array): void {
    const scan = this.assembler.push(report);
    if (!scan) return;
    if (this.dedup && !this.dedup.accept(scan.text, this.now())) return;
    this.listeners.emit(scan);
  }

  private async connect(): Promise<void> {
    if (!this.running || this.handle) return;
    try {
      this.api ??= await nodeHidApi();
      const dev = pickHidPosDevice(await this.api.devicesAsync(), this.opts);
      if (!dev?.path) {
        this.healthCell.set({ state: 'offline', code: 'not-found' });
        this.retry();
        return;
      }
      const handle = await this.api.open(dev.path);
      if (!this.running) {
        await handle.close();
        return;
      }
      this.handle = handle;
      this.assembler.reset();
      handle.on('data', (data) => this.handleReport(data));
      handle.on('error', () => void this.lost());
      if (this.opts.enableReport) await handle.sendFeatureReport(this.opts.enableReport);
      this.healthCell.set({ state: 'ok', code: null });
    } catch (e) {
      await this.drop();
      const code = /permission|EACCES|cannot open/i.test(String(e)) ? 'permission-denied' : 'open-failed';
      this.healthCell.set({ state: 'offline', code });
      this.retry();
    }
  }

  private async lost(): Promise<void> {
    await this.drop();
    this.healthCell.set({ state: 'offline', code: 'disconnected' });
    this.retry();
  }

  private async drop(): Promise<void> {
    const h = this.handle;
    this.handle = null;
    if (!h) return;
    h.removeAllListeners();
    h.on('error', () => undefined);
    await h.close().catch(() => undefined);
  }

  private retry(): void {
    if (!this.running || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.connect();
    }, this.opts.rescanMs ?? 2000);
    this.timer.unref?.();
  }
}
