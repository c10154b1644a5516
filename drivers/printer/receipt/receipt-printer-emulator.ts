/**
 * The printer's side of the wire: an emulated ESC/POS receipt printer on a `Transport`.
 *
 * It parses everything the host sends (`EscPosStreamParser`), keeps the last receipts (100 by
 * default) as decoded models (and plain text / HTML through the renderers), answers `DLE EOT n` with status bytes from
 * its scripted condition, and plays the failure scenarios a kiosk meets: paper near its end or
 * out, cover open, cutter jam, overheating, a noisy line, a printer that answers garbage or not
 * at all, and paper that runs out in the middle of a receipt. While offline it answers real-time
 * requests but drops print data, like a real printer.
 */
import { ListenerSet } from '../../../common/listeners.js';
import { err, ok, type Result } from '../../../common/result.js';
import type { Transport } from '../../transport/transport.js';
import { EscPosStreamParser, ReceiptCollector, type DecodedReceipt, type ReceiptItem } from './escpos-parser.js';
import { paperGeometry, type PaperGeometry, type PaperWidthMm } from './receipt-layout.js';
import { conditionIsOffline, encodeStatusByte, HEALTHY_CONDITION, type PrinterCondition } from './printer-status.js';

export const PRINTER_SCENARIOS = [
  'ok',
  'near-end',
  'paper-out',
  'cover-open',
  'cutter-error',
  'overheat',
  'noisy',
  'garbage',
  'no-answer',
  'runs-out',
] as const;
export type PrinterScenario = (typeof PRINTER_SCENARIOS)[number];

export function isPrinterScenario(s: string): s is PrinterScenario {
  return (PRINTER_SCENARIOS as readonly string[]).includes(s);
}

export interface ReceiptPrinterEmulatorOptions {
  scenario?: PrinterScenario;
  /** `runs-out`: how many printed lines the paper lasts (default 3). */
  linesUntilOut?: number;
  /** Seed for the line noise (`noisy`, `garbage`), so runs repeat. */
  seed?: number;
  /** How many of the last receipts `receipts` keeps (default 100); `printed` counts them all. */
  keepReceipts?: number;
  /** The paper roll: 80 mm (576 dots, the default) or 58 mm (384 dots). */
  paperWidthMm?: PaperWidthMm;
}

export const RECEIPTS_KEPT = 100;

type ReceiptListener = (receipt: DecodedReceipt) => void;

export class ReceiptPrinterEmulator {
  readonly parser = new EscPosStreamParser();
  readonly collector: ReceiptCollector;
  /** The roll and print head this printer prints with (what the demo panel draws to). */
  readonly paper: PaperGeometry;
  private condition: PrinterCondition = { ...HEALTHY_CONDITION };
  private scenario: PrinterScenario = 'ok';
  private linesLeft = Infinity;
  private rng: number;
  private offData: (() => void) | null = null;
  private readonly receiptListeners = new ListenerSet<DecodedReceipt>('ReceiptListenerWarning');
  /** Items the host sent while the printer was offline (not printed). */
  dropped = 0;
  /** Status requests answered (or, with `no-answer`, ignored). */
  statusRequests = 0;
  bytesReceived = 0;

  constructor(
    readonly transport: Transport,
    private readonly opts: ReceiptPrinterEmulatorOptions = {},
  ) {
    this.collector = new ReceiptCollector(opts.keepReceipts ?? RECEIPTS_KEPT);
    this.paper = paperGeometry(opts.paperWidthMm ?? 80);
    this.rng = (opts.seed ?? 0x5eed) >>> 0 || 1;
    this.applyScenario(opts.scenario ?? 'ok');
  }

  async start(): Promise<void> {
    this.offData ??= this.transport.onData((chunk) => this.receive(chunk));
    if (this.transport.state !== 'open') await this.transport.open();
  }

  async stop(): Promise<void> {
    this.offData?.();
    this.offData = null;
    await this.transport.close();
  }

  /** Switch scenario (resets the condition to what the scenario describes). */
  setScenario(name: string): Result<void, 'unknown-scenario'> {
    if (!isPrinterScenario(name))
      return err('unknown-scenario', `unknown printer scenario "${name}" (have: ${PRINTER_SCENARIOS.join(', ')})`);
    this.applyScenario(name);
    return ok(undefined);
  }

  private applyScenario(s: PrinterScenario): void {
    this.scenario = s;
    const c: PrinterCondition = { ...HEALTHY_CONDITION };
    this.linesLeft = Infinity;
    switch (s) {
      case 'near-end':
        c.paper = 'near-end';
        break;
      case 'paper-out':
        c.paper = 'out';
        break;
      case 'cover-open':
        c.coverOpen = true;
        break;
      case 'cutter-error':
        c.cutterError = true;
        break;
      case 'overheat':
        c.autoRecoverableError = true;
        break;
      case 'runs-out':
        this.linesLeft = this.opts.linesUntilOut ?? 3;
        break;
      case 'ok':
      case 'noisy':
      case 'garbage':
      case 'no-answer':
        break;
    }
    this.condition = c;
  }

  getScenario(): PrinterScenario {
    return this.scenario;
  }

  /** Change part of the condition (e.g. a technician closes the cover). */
  setCondition(patch: Partial<PrinterCondition>): void {
    this.condition = { ...this.condition, ...patch };
  }

  getCondition(): PrinterCondition {
    return { ...this.condition };
  }

  /** The last receipts cut (at most `keepReceipts`), oldest first. */
  get receipts(): readonly DecodedReceipt[] {
    return this.collector.receipts;
  }

  /** Receipts cut since the emulator started, including those `receipts` no longer keeps. */
  get printed(): number {
    return this.collector.cutCount;
  }

  /** What has been printed since the last cut. */
  get uncut(): DecodedReceipt {
    return this.collector.open;
  }

  onReceipt(listener: ReceiptListener): () => void {
    return this.receiptListeners.add(listener);
  }

  private receive(chunk: Buffer): void {
    this.bytesReceived += chunk.length;
    for (const e of this.parser.push(chunk)) {
      switch (e.type) {
        case 'realtime-status':
          this.answerStatus(e.n);
          break;
        case 'realtime-recover':
          // DLE ENQ: recoverable errors (a cleared cutter jam) are reset.
          if (this.scenario !== 'no-answer') this.condition.cutterError = false;
          break;
        case 'transmit-status':
          if (!conditionIsOffline(this.condition) && this.answers()) {
            this.send([this.condition.paper === 'out' ? 0x0f : 0x00]);
          }
          break;
        case 'item':
          this.print(e.item);
          break;
        case 'init':
        case 'asb':
        case 'unknown':
          break;
      }
    }
  }

  private answers(): boolean {
    return this.scenario !== 'no-answer';
  }

  private answerStatus(n: number): void {
    this.statusRequests++;
    if (!this.answers()) return;
    if (n < 1 || n > 4) return; // real printers ignore other n
    const status = encodeStatusByte(n as 1 | 2 | 3 | 4, this.condition);
    if (this.scenario === 'garbage') {
      this.send([this.noiseByte(), this.noiseByte()]);
    } else if (this.scenario === 'noisy') {
      this.send([this.noiseByte(), status, this.noiseByte()]);
    } else {
      this.send([status]);
    }
  }

  /** A byte that can never pass the status sanity mask (bit 0 or 7 set, or bit 1/4 clear). */
  private noiseByte(): number {
    this.rng = (Math.imul(this.rng, 1664525) + 1013904223) >>> 0;
    const b = this.rng >>> 24;
    return (b & 0x93) === 0x12 ? b | 0x01 : b;
  }

  private print(item: ReceiptItem): void {
    if (conditionIsOffline(this.condition)) {
      this.dropped++;
      return;
    }
    if (item.kind === 'text' || item.kind === 'feed') {
      const used = item.kind === 'feed' ? item.lines : 1;
      if (this.linesLeft !== Infinity) {
        this.linesLeft -= used;
        if (this.linesLeft <= 0) this.condition.paper = 'out';
      }
    }
    this.collector.add(item);
    if (item.kind === 'cut') {
      const receipt = this.collector.receipts[this.collector.receipts.length - 1];
      if (receipt) this.receiptListeners.emit(receipt);
    }
  }

  private send(bytes: number[]): void {
    this.transport.write(Uint8Array.from(bytes)).catch(() => {
      /* the host is gone: nothing to answer */
    });
  }
}
