/**
 * The scanner's side of a USB-serial (CDC) scanner: `SerialScannerEmulator.scan(text)` sends a
 * code the way such a scanner does (optional AIM prefix, then the suffix), with scenarios for
 * the demo panel and tests.
 */
import { err, ok, type Result } from '../../common/result.js';
import type { Transport } from '../transport/transport.js';
import { SCAN_SUFFIX, type ScanTerminator } from './serial-scanner-driver.js';

export interface SerialScannerEmulatorOptions {
  terminator?: ScanTerminator;
  /** Send the code in pieces of this many bytes (like a USB endpoint); default whole. */
  chunkBytes?: number;
}

/**
 * Emulator scenarios: `normal`; `repeat` (every code arrives three times, as when a phone is held
 * under the scanner); `trickle` (one byte per write, as a slow adapter delivers it).
 */
export const SCANNER_SCENARIOS = ['normal', 'repeat', 'trickle'] as const;
export type ScannerScenario = (typeof SCANNER_SCENARIOS)[number];

/** The scanner's end: `scan(text)` sends the code the way a CDC-mode scanner does. */
export class SerialScannerEmulator {
  scans = 0;
  private scenario: ScannerScenario = 'normal';

  setScenario(name: string): Result<void, 'unknown-scenario'> {
    if (!(SCANNER_SCENARIOS as readonly string[]).includes(name))
      return err('unknown-scenario', `unknown scanner scenario "${name}" (have: ${SCANNER_SCENARIOS.join(', ')})`);
    this.scenario = name as ScannerScenario;
    return ok(undefined);
  }

  constructor(
    readonly transport: Transport,
    private readonly opts: SerialScannerEmulatorOptions = {},
  ) {}

  async start(): Promise<void> {
    if (this.transport.state !== 'open') await this.transport.open();
  }

  async stop(): Promise<void> {
    await this.transport.close();
  }

  /** Send `text` (UTF-8, or raw bytes) with an optional AIM prefix and the suffix. */
  async scan(text: string | Uint8Array, opts: { aim?: string } = {}): Promise<void> {
    const body = typeof text === 'string' ? Buffer.from(text, 'utf8') : Buffer.from(text);
    const bytes = Buffer.concat([
      Buffer.from(opts.aim ?? '', 'latin1'),
      body,
      Buffer.from(SCAN_SUFFIX[this.opts.terminator ?? 'cr']),
    ]);
    const size = this.scenario === 'trickle' ? 1 : (this.opts.chunkBytes ?? bytes.length);
    const times = this.scenario === 'repeat' ? 3 : 1;
    for (let n = 0; n < times; n++) {
      for (let i = 0; i < bytes.length; i += size) await this.transport.write(bytes.subarray(i, i + size));
    }
    this.scans++;
  }
}
