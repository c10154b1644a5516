/**
 * The resident ID-card reader driver (SAM_V / GA 467 over a UART or USB-serial `Transport`).
 *
 * Commands: status (11 FF), reset (10 FF), SAM id (12 FF), find (20 01), select (20 02), read
 * text + photo (30 01) or text + photo + fingerprint (30 10). `readCard()` does find → select →
 * read and returns a typed `Result` (`card-pulled` when the card left during the read).
 *
 * As a `DeviceDriver`, `start()` opens the transport and polls: find every `pollMs`; when a card
 * appears it emits `card-placed`, reads it, and emits `card-read` (or `read-failed`). The reader
 * refuses to find a card again until it has left the field, so after a read the driver waits for
 * removal (find fails *and* select fails) and then emits `card-removed`. A read that stops
 * halfway on a card that then no longer answers select is `read-failed` with code `card-pulled`
 * (taken away mid-read), followed at once by `card-removed`. Health follows what the
 * reader does: silence → offline `no-answer`, garbage → degraded `garbage`, a broken SAM →
 * offline `sam-fault`, unplug → offline `disconnected`.
 *
 * Personal data never goes to a log; the driver does not log at all (it has no logger), callers
 * log codes and masked ids.
 */
import type { CancelReport, DeviceDriver, Health, SelfTestResult } from '../device.js';
import { HealthCell, nothingToCancel, selfTestFromHealth } from '../health.js';
import { ListenerSet } from '../../common/listeners.js';
import { err, ok, type CodedError, type Err, type Result } from '../../common/result.js';
import { RequestChannel, type RequestErrorCode } from '../transport/request.js';
import type { Transport, TransportState } from '../transport/transport.js';
import {
  asResponse,
  COMMANDS,
  encodeCommand,
  SamFrameReader,
  type CommandKey,
  type SamFrame,
  type SamResponse,
} from './idcard-codec.js';
import { checkIdNumber, type IdNumberCheck } from './id-number.js';
import { codeForSw3, hex, SW3, sw3Meaning, type IdCardErrorCode } from './status.js';
import { decodeCardText, PHOTO_BYTES, TEXT_BYTES, type CardText } from './text.js';
import { isExpired, localDate } from './validity.js';

/** Optional WLT → image decoder (a vendor library); absent by default. */
export type WltDecoder = (wlt: Buffer) => Promise<Buffer | null> | Buffer | null;

export interface IdCardRead {
  text: CardText;
  /** The 1024-byte WLT photo exactly as read (encrypted; see `WltDecoder`). */
  photo: Buffer;
  /** The decoded photo when a decoder is configured and succeeds; null otherwise. */
  photoImage: Buffer | null;
  /** Fingerprint block when read with `fingerprint: true` and present on the card. */
  fingerprint: Buffer | null;
  idNumberCheck: IdNumberCheck;
  expired: boolean;
}

export type CardEvent =
  | { type: 'card-placed' }
  | { type: 'card-read'; card: IdCardRead }
  | { type: 'read-failed'; error: { code: IdCardErrorCode; message: string } }
  | { type: 'card-removed' };

export interface IdCardTimeouts {
  /** Whole-reply deadline for short commands (status, find, select, SAM id). */
  commandMs: number;
  /** Whole-reply deadline for reads (RF authentication + ~112 ms of wire time at 115200). */
  readMs: number;
  /** Longest silence inside a reply. */
  interByteMs: number;
}

export const DEFAULT_TIMEOUTS: IdCardTimeouts = { commandMs: 1000, readMs: 3000, interByteMs: 300 };

export interface IdCardDriverOptions {
  timeouts?: Partial<IdCardTimeouts>;
  /** Find-card polling period while started (ms); 0 disables polling. Default 500. */
  pollMs?: number;
  /** Status heartbeat period when polling is off (ms). Default 3000. */
  heartbeatMs?: number;
  /** Whether automatic reads also fetch the fingerprint block. */
  fingerprint?: boolean;
  /** For the expiry check. */
  now?: () => Date;
  photoDecoder?: WltDecoder;
}

export class IdCardDriver implements DeviceDriver {
  private readonly channel: RequestChannel<SamFrame>;
  private readonly timeouts: IdCardTimeouts;
  private readonly pollMs: number;
  private readonly heartbeatMs: number;
  private readonly now: () => Date;
  private readonly healthCell = new HealthCell();
  private readonly cardListeners = new ListenerSet<CardEvent>('IdCardListenerWarning');
  private running = false;
  private timer: NodeJS.Timeout | null = null;
  private offState: (() => void) | null = null;
  /** A card was read (or failed to read) and has not left the field yet. */
  private awaitingRemoval = false;
  private opLock: Promise<unknown> = Promise.resolve();

  constructor(
    readonly transport: Transport,
    private readonly opts: IdCardDriverOptions = {},
  ) {
    this.channel = new RequestChannel(transport, new SamFrameReader());
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...opts.timeouts };
    this.pollMs = opts.pollMs ?? 500;
    this.heartbeatMs = opts.heartbeatMs ?? 3000;
    this.now = opts.now ?? (() => new Date());
  }

  // ---- DeviceDriver --------------------------------------------------------------------------

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.offState = this.transport.onState((s) => this.onTransportState(s));
    try {
      await this.transport.open();
    } catch {
      this.setHealth('offline', this.transport.state === 'reconnecting' ? 'disconnected' : 'port-unavailable');
      this.schedule(0);
      return;
    }
    await this.checkStatus();
    // Status was just checked: with polling off, the next heartbeat is a full period away.
    this.schedule(this.pollMs > 0 ? 0 : this.heartbeatMs);
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.opLock.catch(() => undefined);
    this.offState?.();
    this.offState = null;
    await this.transport.close();
  }

  health(): Health {
    return { ...this.healthCell.get() };
  }

  onHealth(listener: (health: Health) => void): () => void {
    return this.healthCell.on(listener);
  }

  /** The reader's health (kept current by the SAM heartbeat and the find-card polling). */
  selfTest(): Promise<SelfTestResult> {
    return Promise.resolve(selfTestFromHealth(this.health()));
  }

  /** A reader has no queue: nothing to cancel. */
  cancel(): Promise<Result<CancelReport, string>> {
    return nothingToCancel();
  }

  onCard(listener: (e: CardEvent) => void): () => void {
    return this.cardListeners.add(listener);
  }

  // ---- commands ------------------------------------------------------------------------------

  /** SAM status (11 FF). */
  status(): Promise<Result<void, IdCardErrorCode>> {
    return this.locked(async () => {
      const r = await this.command('status', SW3.success);
      return r.ok ? ok(undefined) : r;
    });
  }

  /** Reset the SAM (10 FF). */
  reset(): Promise<Result<void, IdCardErrorCode>> {
    return this.locked(async () => {
      const r = await this.command('reset', SW3.success);
      return r.ok ? ok(undefined) : r;
    });
  }

  /** The SAM's id, formatted like `05.01-20101014-0012345678-1234567890`. */
  samId(): Promise<Result<string, IdCardErrorCode>> {
    return this.locked(async () => {
      const r = await this.command('samId', SW3.success);
      if (!r.ok) return r;
      const id = formatSamId(r.value.data);
      return id === null ? err('garbage', `${COMMANDS.samId.name}: reply too short (${r.value.data.length} data bytes)`) : ok(id);
    });
  }

  /** Find card (20 01): ok when a card is in the field and may be read. */
  find(): Promise<Result<void, IdCardErrorCode>> {
    return this.locked(async () => {
      const r = await this.command('find', SW3.findOk);
      return r.ok ? ok(undefined) : r;
    });
  }

  /** Select card (20 02). */
  select(): Promise<Result<void, IdCardErrorCode>> {
    return this.locked(async () => {
      const r = await this.command('select', SW3.success);
      return r.ok ? ok(undefined) : r;
    });
  }

  /** Read (30 01, or 30 10 with `fingerprint`) after a successful find and select. */
  read(opts: { fingerprint?: boolean } = {}): Promise<Result<IdCardRead, IdCardErrorCode>> {
    return this.locked(() => this.readUnlocked(opts.fingerprint ?? false));
  }

  /** Find → select → read, as one operation. */
  readCard(opts: { fingerprint?: boolean } = {}): Promise<Result<IdCardRead, IdCardErrorCode>> {
    return this.locked(() => this.readCardUnlocked(opts.fingerprint ?? false));
  }

  // ---- internals -----------------------------------------------------------------------------

  private locked<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.opLock.then(fn, fn);
    this.opLock = run.catch(() => undefined);
    return run;
  }

  private async readCardUnlocked(fingerprint: boolean): Promise<Result<IdCardRead, IdCardErrorCode>> {
    const f = await this.command('find', SW3.findOk);
    if (!f.ok) return f;
    const s = await this.command('select', SW3.success);
    if (!s.ok) return s;
    const r = await this.readUnlocked(fingerprint);
    return !r.ok && r.error.code === 'read-failed' ? this.pulledOr(r) : r;
  }

  /**
   * After a read that stopped halfway: a card still in the field answers select; one that does
   * not was taken away mid-read, which is `card-pulled` (the citizen puts it back), not a fault.
   */
  private async pulledOr(r: Err<CodedError<IdCardErrorCode>>): Promise<Err<CodedError<IdCardErrorCode>>> {
    const again = await this.command('select', SW3.success);
    if (!again.ok && again.error.code === 'select-failed')
      return err('card-pulled', `the card left mid-read (${r.error.message})`);
    return r;
  }

  private async readUnlocked(fingerprint: boolean): Promise<Result<IdCardRead, IdCardErrorCode>> {
    const r = await this.command(fingerprint ? 'readFingerprint' : 'read', SW3.success);
    if (!r.ok) return r;
    const parsed = parseReadData(r.value.data, fingerprint);
    if (!parsed.ok) return parsed;
    const { text, photo, fp } = parsed.value;
    let photoImage: Buffer | null = null;
    if (this.opts.photoDecoder) {
      try {
        photoImage = (await this.opts.photoDecoder(photo)) ?? null;
      } catch {
        photoImage = null; // a vendor decoder failing must not fail the read
      }
    }
    const idNumberCheck =
      text.cardType === 'foreign2017'
        ? {
            valid: /^[A-Z]{3}\d{12}$/.test(text.idNumber),
            problems: /^[A-Z]{3}\d{12}$/.test(text.idNumber) ? [] : ['format' as const],
          }
        : checkForType(text);
    return ok({
      text,
      photo,
      photoImage,
      fingerprint: fp,
      idNumberCheck,
      expired: isExpired(text.validTo, localDate(this.now())),
    });
  }

  /** Send one command and check SW3. Maps transport failures and SW3 to driver codes. */
  private async command(key: CommandKey, expect: number): Promise<Result<SamResponse, IdCardErrorCode>> {
    const c = COMMANDS[key];
    const isRead = key === 'read' || key === 'readFingerprint';
    const r = await this.channel.request(c.name, encodeCommand(key), {
      timeoutMs: isRead ? this.timeouts.readMs : this.timeouts.commandMs,
      interByteMs: this.timeouts.interByteMs,
    });
    if (!r.ok) {
      const code = mapRequestError(r.error.code, isRead);
      this.noteTransportFailure(code);
      return err(code, r.error.message);
    }
    const res = asResponse(r.value);
    if (!res) {
      this.noteTransportFailure('garbage');
      return err('garbage', `${c.name}: reply too short to hold a status`);
    }
    this.noteAlive(res.sw3);
    if (res.sw3 !== expect) {
      return err(codeForSw3(res.sw3), `${c.name}: SW3 0x${hex(res.sw3)} ${sw3Meaning(res.sw3)}`);
    }
    return ok(res);
  }

  private noteTransportFailure(code: IdCardErrorCode): void {
    if (code === 'no-answer') this.setHealth('offline', 'no-answer');
    else if (code === 'garbage') this.setHealth('degraded', 'garbage');
    else if (code === 'disconnected' || code === 'not-open')
      this.setHealth('offline', this.transport.state === 'closed' ? 'port-unavailable' : 'disconnected');
  }

  private noteAlive(sw3: number): void {
    if (sw3 === SW3.samSelfTestFailed || sw3 === SW3.samNotAuthorised) this.setHealth('offline', 'sam-fault');
    else this.setHealth('ok', null);
  }

  private async checkStatus(): Promise<void> {
    void (await this.locked(() => this.command('status', SW3.success)));
  }

  private onTransportState(s: TransportState): void {
    if (!this.running) return;
    if (s === 'reconnecting') this.setHealth('offline', 'disconnected');
    else if (s === 'closed') this.setHealth('offline', 'port-unavailable');
    else if (s === 'open') void this.checkStatus();
  }

  private schedule(delay: number): void {
    if (!this.running) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.tick().finally(() => this.schedule(this.pollMs > 0 ? this.pollMs : this.heartbeatMs));
    }, delay);
    // The poll alone must not keep a process alive (CLI tools, tests); the app has its own reasons.
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (!this.running || this.transport.state !== 'open') return;
    if (this.pollMs <= 0) {
      await this.checkStatus();
      return;
    }
    await this.locked(() => this.poll());
  }

  private async poll(): Promise<void> {
    const f = await this.command('find', SW3.findOk);
    if (!f.ok) {
      if (f.error.code !== 'no-card' || !this.awaitingRemoval) return;
      // Find fails while the read card is still in the field; select still works then.
      const s = await this.command('select', SW3.success);
      if (!s.ok && s.error.code === 'select-failed') {
        this.awaitingRemoval = false;
        this.emitCard({ type: 'card-removed' });
      }
      return;
    }
    if (this.awaitingRemoval) {
      // A successful find means the previous card left and a card is back.
      this.awaitingRemoval = false;
      this.emitCard({ type: 'card-removed' });
    }
    this.emitCard({ type: 'card-placed' });
    const s = await this.command('select', SW3.success);
    const r = s.ok ? await this.readUnlocked(this.opts.fingerprint ?? false) : s;
    if (!r.ok && r.error.code === 'read-failed') {
      // The read stopped halfway: a card taken away mid-read has already left the field.
      const pulled = await this.pulledOr(r);
      if (pulled.error.code === 'card-pulled') {
        this.emitCard({ type: 'read-failed', error: pulled.error });
        this.emitCard({ type: 'card-removed' });
        return;
      }
    }
    this.awaitingRemoval = true;
    if (r.ok) this.emitCard({ type: 'card-read', card: r.value });
    else this.emitCard({ type: 'read-failed', error: r.error });
  }

  private emitCard(e: CardEvent): void {
    this.cardListeners.emit(e);
  }

  private setHealth(state: Health['state'], code: string | null): void {
    this.healthCell.set({ state, code });
  }
}

function mapRequestError(code: RequestErrorCode, isRead: boolean): IdCardErrorCode {
  switch (code) {
    case 'no-answer':
      return 'no-answer';
    case 'truncated':
      // A read that stops halfway is the card leaving the field; elsewhere it is line trouble.
      return isRead ? 'read-failed' : 'garbage';
    case 'garbage':
      return 'garbage';
    case 'not-open':
      return 'not-open';
    case 'write-failed':
    case 'disconnected':
      return 'disconnected';
  }
}

function checkForType(text: CardText): IdNumberCheck {
  const check = checkIdNumber(text.idNumber, text.birthDate);
  if (text.cardType !== 'foreign2023') return check;
  // 2023 foreigner numbers start with 9, which is no province: the region rule does not apply.
  const problems = check.problems.filter((p) => p !== 'region');
  return { valid: problems.length === 0, problems };
}

/** Split the data of a read reply using its length words. */
export function parseReadData(
  data: Buffer,
  fingerprint: boolean,
): Result<{ text: CardText; photo: Buffer; fp: Buffer | null }, IdCardErrorCode> {
  const words = fingerprint ? 3 : 2;
  if (data.length < words * 2) return err('garbage', `read: reply holds ${data.length} bytes, no length words`);
  const textLen = data.readUInt16BE(0);
  const photoLen = data.readUInt16BE(2);
  const fpLen = fingerprint ? data.readUInt16BE(4) : 0;
  const start = words * 2;
  if (textLen < TEXT_BYTES || photoLen !== PHOTO_BYTES || data.length < start + textLen + photoLen + fpLen) {
    return err(
      'garbage',
      `read: length words text=${textLen} photo=${photoLen} fingerprint=${fpLen} do not fit ${data.length} data bytes`,
    );
  }
  const text = decodeCardText(data.subarray(start, start + TEXT_BYTES));
  if (!text) return err('unknown-card-type', 'read: the text block has an unknown card type marker');
  const photo = Buffer.from(data.subarray(start + textLen, start + textLen + photoLen));
  const fp = fpLen > 0 ? Buffer.from(data.subarray(start + textLen + photoLen, start + textLen + photoLen + fpLen)) : null;
  return ok({ text, photo, fp });
}

/**
 * SAM id from the data of a 12 FF reply: data bytes 0 and 2 as two-digit numbers, then three
 * little-endian uint32 at 4, 8 and 12 (HslCommunication's layout; [S] in protocols.md §1.10).
 */
export function formatSamId(data: Buffer): string | null {
  if (data.length < 16) return null;
  const two = (n: number): string => String(n).padStart(2, '0');
  const ten = (n: number): string => String(n).padStart(10, '0');
  return `${two(data[0] ?? 0)}.${two(data[2] ?? 0)}-${data.readUInt32LE(4)}-${ten(data.readUInt32LE(8))}-${ten(data.readUInt32LE(12))}`;
}
