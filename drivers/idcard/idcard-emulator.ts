/**
 * The other end of the wire: a SAM_V reader with a card slot, speaking the same bytes as a real
 * one, for tests, the demo panel and `yimen emulate idcard`.
 *
 * Behaviour modelled on the reader: find (20 01) answers 9F while a card is in the field, but only
 * once per placement (after a read the card must leave before find succeeds again); select
 * (20 02) answers 90 while a card is in the field; a read needs a select first. A request with a
 * bad checksum is dropped by the frame reader and gets no answer (a real SAM may answer SW3 10).
 *
 * Scenarios (`setScenario`):
 * - `normal`: as above.
 * - `noisy`: random garbage bytes before and after every reply, and sometimes a damaged
 *   preamble (`AA 00 AA AA 96 69`): the driver must resynchronise.
 * - `pull-mid-read`: the next read sends part of its reply, then the card is gone and the line
 *   goes silent.
 * - `no-answer`: the reader never answers.
 * - `garbage`: every reply is random bytes that never form a frame.
 * - `sam-fault`: the SAM failed its self-test (SW3 60 to everything).
 */
import { ListenerSet } from '../../common/listeners.js';
import { err, ok, type Result } from '../../common/result.js';
import type { Transport } from '../transport/transport.js';
import { asRequest, COMMANDS, encodeResponse, SamFrameReader } from './idcard-codec.js';
import { SW3 } from './status.js';
import { SAMPLE_CARDS, sampleCard, sampleFingerprints, samplePhoto, type SampleCard } from './samples.js';
import { encodeCardText, PHOTO_BYTES, TEXT_BYTES } from './text.js';

export const SCENARIOS = ['normal', 'noisy', 'pull-mid-read', 'no-answer', 'garbage', 'sam-fault'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export function isScenario(name: string): name is ScenarioName {
  return (SCENARIOS as readonly string[]).includes(name);
}

export interface IdCardEmulatorOptions {
  scenario?: ScenarioName;
  /** Sample card in the slot at start (id from `SAMPLE_CARDS`). */
  card?: string;
  /** Pace replies at this rate, like a UART (115200 8N1 → 11 520). Omit to send at once. */
  bytesPerSecond?: number;
  /** Simulated RF/authentication time before answering (ms). */
  delays?: { commandMs?: number; readMs?: number };
  /** Random source for the noisy/garbage scenarios (default Math.random). */
  random?: () => number;
}

export interface EmulatorState {
  scenario: ScenarioName;
  card: string | null;
  /** The card in the slot was read and has not been removed: find fails. */
  readSincePlaced: boolean;
  requests: number;
}

/** A reply on the wire: the command it answers, its length in bytes, and when (`performance.now()`). */
export type ReplyEvent = [command: string, bytes: number, at: number];

export class IdCardEmulator {
  private scenario: ScenarioName;
  private card: SampleCard | null = null;
  private readSincePlaced = false;
  private selected = false;
  private requests = 0;
  private readonly reader = new SamFrameReader();
  private readonly random: () => number;
  private off: (() => void) | null = null;
  private sending: Promise<void> = Promise.resolve();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly replyStartListeners = new ListenerSet<ReplyEvent>('IdCardEmulatorListenerWarning');
  private readonly replySentListeners = new ListenerSet<ReplyEvent>('IdCardEmulatorListenerWarning');
  /** Bumped on stop and on card removal: paced replies in flight stop. */
  private epoch = 0;

  constructor(
    readonly transport: Transport,
    private readonly opts: IdCardEmulatorOptions = {},
  ) {
    this.scenario = opts.scenario ?? 'normal';
    this.random = opts.random ?? Math.random;
    if (opts.card !== undefined) {
      // A card the emulator does not have is the caller's bug (the CLI checks what a user types).
      const placed = this.placeCard(opts.card);
      if (!placed.ok) throw new Error(placed.error.message);
    }
  }

  static samples(): readonly { id: string; label: string }[] {
    return SAMPLE_CARDS.map((c) => ({ id: c.id, label: c.label }));
  }

  async start(): Promise<void> {
    if (!this.off) this.off = this.transport.onData((chunk) => this.onData(chunk));
    await this.transport.open();
  }

  async stop(): Promise<void> {
    this.epoch++;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.off?.();
    this.off = null;
    await this.transport.close();
  }

  // ---- scenario API (demo panel, tests) --------------------------------------------------------

  placeCard(sampleId: string): Result<void, 'unknown-sample'> {
    const c = sampleCard(sampleId);
    if (!c) return err('unknown-sample', `No sample card "${sampleId}" (have: ${SAMPLE_CARDS.map((s) => s.id).join(', ')})`);
    this.card = c;
    this.readSincePlaced = false;
    this.selected = false;
    return ok(undefined);
  }

  removeCard(): void {
    this.card = null;
    this.readSincePlaced = false;
    this.selected = false;
  }

  setScenario(name: string): Result<void, 'unknown-scenario'> {
    if (!isScenario(name)) return err('unknown-scenario', `No scenario "${name}" (have: ${SCENARIOS.join(', ')})`);
    this.scenario = name;
    return ok(undefined);
  }

  state(): EmulatorState {
    return {
      scenario: this.scenario,
      card: this.card?.id ?? null,
      readSincePlaced: this.readSincePlaced,
      requests: this.requests,
    };
  }

  /** Called when a reply starts going out (for benchmarks: the wire time starts here). */
  onReplyStart(listener: (...reply: ReplyEvent) => void): () => void {
    return this.replyStartListeners.add((reply) => listener(...reply));
  }

  /** Called when the last byte of a reply has been handed to the port. */
  onReplySent(listener: (...reply: ReplyEvent) => void): () => void {
    return this.replySentListeners.add((reply) => listener(...reply));
  }

  // ---- the wire -------------------------------------------------------------------------------

  private onData(chunk: Buffer): void {
    for (const frame of this.reader.push(chunk)) {
      this.requests++;
      const req = asRequest(frame);
      if (!req) continue;
      this.answer(req.cmd, req.para);
    }
  }

  private answer(cmd: number, para: number): void {
    if (this.scenario === 'no-answer') return;
    const name = commandName(cmd, para);
    const isRead = cmd === 0x30;
    if (this.scenario === 'garbage') {
      this.later(isRead, () => this.send(name, this.garbage(8 + Math.floor(this.random() * 32))));
      return;
    }
    if (this.scenario === 'sam-fault') {
      this.later(false, () => this.reply(name, encodeResponse(SW3.samSelfTestFailed)));
      return;
    }
    const frame = this.respond(cmd, para);
    if (isRead && frame.length > 20 && this.scenario === 'pull-mid-read') {
      // The card leaves the field mid-read: part of the reply, then silence.
      const cut = Math.floor(frame.length * 0.4);
      this.later(true, () => {
        this.removeCard();
        this.send(name, frame.subarray(0, cut));
      });
      return;
    }
    this.later(isRead, () => this.reply(name, frame));
  }

  private respond(cmd: number, para: number): Buffer {
    const key = `${cmd}:${para}`;
    switch (key) {
      case `${COMMANDS.reset.cmd}:${COMMANDS.reset.para}`:
      case `${COMMANDS.status.cmd}:${COMMANDS.status.para}`:
        return encodeResponse(SW3.success);
      case `${COMMANDS.samId.cmd}:${COMMANDS.samId.para}`:
        return encodeResponse(SW3.success, samIdData());
      case `${COMMANDS.find.cmd}:${COMMANDS.find.para}`:
        this.selected = false;
        if (!this.card || this.readSincePlaced) return encodeResponse(SW3.findFailed);
        return encodeResponse(SW3.findOk, Buffer.alloc(4));
      case `${COMMANDS.select.cmd}:${COMMANDS.select.para}`:
        if (!this.card) return encodeResponse(SW3.selectFailed);
        this.selected = true;
        return encodeResponse(SW3.success, Buffer.alloc(8));
      case `${COMMANDS.read.cmd}:${COMMANDS.read.para}`:
      case `${COMMANDS.readFingerprint.cmd}:${COMMANDS.readFingerprint.para}`: {
        if (!this.card || !this.selected) return encodeResponse(SW3.readFailed);
        this.readSincePlaced = true;
        this.selected = false;
        return encodeResponse(SW3.success, readData(this.card, para === COMMANDS.readFingerprint.para));
      }
      case `${COMMANDS.readAddress.cmd}:${COMMANDS.readAddress.para}`:
        return encodeResponse(this.card ? SW3.noContent : SW3.readFailed);
      default:
        return encodeResponse(SW3.commandError);
    }
  }

  private sent(name: string, bytes: number): void {
    const at = performance.now();
    this.replySentListeners.emit([name, bytes, at]);
  }

  private later(isRead: boolean, fn: () => void): void {
    const d = isRead ? (this.opts.delays?.readMs ?? 0) : (this.opts.delays?.commandMs ?? 0);
    if (d <= 0) {
      fn();
      return;
    }
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, d);
    this.timers.add(t);
  }

  private reply(name: string, frame: Buffer): void {
    if (this.scenario !== 'noisy') {
      this.send(name, frame);
      return;
    }
    const damaged = Buffer.from(frame);
    if (this.random() < 0.3) damaged[1] = 0x00; // `AA 00 AA 96 69`: one sync byte hit by noise
    this.send(
      name,
      Buffer.concat([this.garbage(1 + Math.floor(this.random() * 16)), damaged, this.garbage(Math.floor(this.random() * 8))]),
    );
  }

  /** Random bytes that cannot start a frame (no `96` after an `AA`). */
  private garbage(n: number): Buffer {
    const b = Buffer.alloc(n);
    for (let i = 0; i < n; i++) {
      let v = Math.floor(this.random() * 256);
      if (v === 0x96 && i > 0 && b[i - 1] === 0xaa) v = 0x95;
      b[i] = v;
    }
    if (b[n - 1] === 0xaa) b[n - 1] = 0xab; // would glue onto the next preamble harmlessly, but keep it clean
    return b;
  }

  /** Write (paced when a byte rate is set), in order with earlier replies. */
  private send(name: string, bytes: Buffer): void {
    const epoch = this.epoch;
    this.sending = this.sending.then(async () => {
      if (epoch !== this.epoch || this.transport.state !== 'open') return;
      const at = performance.now();
      this.replyStartListeners.emit([name, bytes.length, at]);
      const rate = this.opts.bytesPerSecond;
      try {
        if (!rate) {
          await this.transport.write(bytes);
          this.sent(name, bytes.length);
          return;
        }
        const chunk = Math.max(1, Math.round(rate * 0.004));
        for (let i = 0; i < bytes.length; i += chunk) {
          const end = Math.min(bytes.length, i + chunk);
          // A chunk goes out when its last byte would have left the UART.
          const due = at + (end * 1000) / rate;
          const wait = due - performance.now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
          if (epoch !== this.epoch || this.transport.state !== 'open') return;
          await this.transport.write(bytes.subarray(i, end));
        }
        this.sent(name, bytes.length);
      } catch {
        /* the line went away mid-reply: nothing to do, the host will time out */
      }
    });
  }
}

function commandName(cmd: number, para: number): string {
  for (const c of Object.values(COMMANDS)) if (c.cmd === cmd && c.para === para) return c.name;
  return `unknown-${cmd.toString(16)}-${para.toString(16)}`;
}

function samIdData(): Buffer {
  const d = Buffer.alloc(16);
  d[0] = 5;
  d[2] = 1;
  d.writeUInt32LE(20101014, 4);
  d.writeUInt32LE(12345678, 8);
  d.writeUInt32LE(1234567890, 12);
  return d;
}

/** Length words, 256 bytes of text, the 1024-byte photo (and the fingerprint block). */
function readData(card: SampleCard, fingerprint: boolean): Buffer {
  const text = encodeCardText(card.text);
  const photo = samplePhoto(card.id);
  const words = Buffer.alloc(fingerprint ? 6 : 4);
  words.writeUInt16BE(TEXT_BYTES, 0);
  words.writeUInt16BE(PHOTO_BYTES, 2);
  if (!fingerprint) return Buffer.concat([words, text, photo]);
  const fp = sampleFingerprints(card.id);
  words.writeUInt16BE(fp.length, 4);
  return Buffer.concat([words, text, photo, fp]);
}
