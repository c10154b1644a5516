/**
 * Keyboard-wedge scanners type the code as keystrokes. `WedgeDecoder` tells a scan from a human
 * typing by the gaps between keys: scanners send a key every 1-20 ms, people rarely faster than
 * 30-40 ms. It is pure: every key carries its timestamp and silence is reported with `idle(now)`,
 * so tests drive it with an injected clock. Keys that turn out to be typing are handed back as
 * `typed` so the UI can still receive them.
 */
import { stripAim, type ScanEvent } from './scan.js';

export interface WedgeOptions {
  /** Largest gap between two keys of one scan (ms). Default 40. */
  maxGapMs?: number;
  /** The average gap of a scan must be under this (ms). Default 30. */
  maxAverageGapMs?: number;
  /** Fewer characters than this is never a scan. Default 5. */
  minLength?: number;
  /** The key that ends a scan. Default `Enter`; null when the scanner sends no suffix. */
  terminator?: string | null;
  /** With no terminator (or none coming), end the code after this much silence (ms). Default 200. */
  silenceMs?: number;
  /** Decode and strip an AIM prefix (`]Q1…`). Default true. */
  aim?: boolean;
}

export type WedgeEvent = { type: 'scan'; scan: ScanEvent } | { type: 'typed'; text: string };

interface Key {
  ch: string;
  at: number;
}

export class WedgeDecoder {
  private keys: Key[] = [];
  private readonly o: Required<WedgeOptions>;

  constructor(opts: WedgeOptions = {}) {
    this.o = {
      maxGapMs: opts.maxGapMs ?? 40,
      maxAverageGapMs: opts.maxAverageGapMs ?? 30,
      minLength: opts.minLength ?? 5,
      terminator: opts.terminator === undefined ? 'Enter' : opts.terminator,
      silenceMs: opts.silenceMs ?? 200,
      aim: opts.aim ?? true,
    };
  }

  /** When the host should call `idle()` next (ms timestamp), or null when nothing is pending. */
  get deadline(): number | null {
    const last = this.keys[this.keys.length - 1];
    return last ? last.at + this.o.silenceMs : null;
  }

  /**
   * One key press: a single character, or a key name (`Enter`, `Tab`, `Shift`…). Key names other
   * than the terminator are ignored (modifiers come with every upper-case letter).
   */
  key(key: string, at: number): WedgeEvent[] {
    const out: WedgeEvent[] = [];
    const last = this.keys[this.keys.length - 1];
    if (last && at - last.at > this.o.maxGapMs) out.push(...this.finish(this.o.terminator === null));
    if (key === this.o.terminator) {
      out.push(...this.finish(true));
      // A terminator after typing is the user's own Enter.
      if (out.length === 0 || out[out.length - 1]?.type === 'typed') out.push({ type: 'typed', text: '\n' });
      return out;
    }
    if ([...key].length !== 1) return out;
    this.keys.push({ ch: key, at });
    return out;
  }

  /** Report the time; ends a code after `silenceMs` of quiet. */
  idle(now: number): WedgeEvent[] {
    const d = this.deadline;
    if (d === null || now < d) return [];
    return this.finish(this.o.terminator === null);
  }

  private finish(terminated: boolean): WedgeEvent[] {
    const keys = this.keys;
    this.keys = [];
    if (keys.length === 0) return [];
    const text = keys.map((k) => k.ch).join('');
    if (terminated && this.looksScanned(keys)) {
      const scan = this.o.aim ? stripAim(text) : { text };
      if (scan.text.length > 0) return [{ type: 'scan', scan }];
    }
    return [{ type: 'typed', text }];
  }

  private looksScanned(keys: Key[]): boolean {
    if (keys.length < this.o.minLength) return false;
    let total = 0;
    for (let i = 1; i < keys.length; i++) {
      const gap = (keys[i]?.at ?? 0) - (keys[i - 1]?.at ?? 0);
      if (gap > this.o.maxGapMs || gap < 0) return false;
      total += gap;
    }
    return total / (keys.length - 1) <= this.o.maxAverageGapMs;
  }
}
