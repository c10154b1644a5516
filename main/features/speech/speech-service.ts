/**
 * Speech guidance for the citizen session: the volume, the automatic mode (speak each new
 * screen's instruction) and the engine, all per session — a new citizen starts with the
 * terminal's defaults and silence.
 */
import { err, ok } from '../../../common/result.js';
import type { ApiResponse, Locale, SessionView } from '../../base/api/contract.js';
import type { Logger } from '../../base/log/logger.js';
import { phraseForView, phraseText, type PhraseKey, type PhraseParams } from './phrases.js';
import type { SpeechOutcome, SpeechPort } from './speech-port.js';

export interface SpeechState {
  available: boolean;
  engine: string;
  auto: boolean;
  volume: number;
  speaking: boolean;
  /** Health detail: why there is no engine, or the last engine failure; null when fine. */
  code: string | null;
}

export interface SpeechServiceOptions {
  port: SpeechPort;
  log: Logger;
  /** Where the session is: its locale and, for auto-speech, its screen. */
  view: () => SessionView;
  defaultVolume?: number;
}

export class SpeechService {
  readonly port: SpeechPort;
  private readonly log: Logger;
  private readonly view: () => SessionView;
  private readonly defaultVolume: number;
  private volume: number;
  private auto = false;
  private sessionId: string | null = null;
  private lastSpoken: string | null = null;
  /** The latest utterance's outcome (tests and benchmarks wait on it). */
  last: Promise<SpeechOutcome> | null = null;

  constructor(opts: SpeechServiceOptions) {
    this.port = opts.port;
    this.log = opts.log;
    this.view = opts.view;
    this.defaultVolume = opts.defaultVolume ?? 50;
    this.volume = this.defaultVolume;
  }

  state(): SpeechState {
    const h = this.port.health();
    return {
      available: h.available,
      engine: h.engine,
      auto: this.auto,
      volume: this.volume,
      speaking: this.port.speaking(),
      code: h.code,
    };
  }

  /** Speaks a phrase in the session's locale, interrupting whatever was playing. */
  say(key: PhraseKey, params: PhraseParams = {}, locale: Locale = this.view().locale): ApiResponse<SpeechState> {
    if (!this.port.health().available) {
      return err('speech-unavailable', 'No speech engine on this terminal.');
    }
    const text = phraseText(key, locale, params);
    const done = this.port.speak({ text, locale, volume: this.volume }).then((o) => {
      if (!o.ok && o.error.code !== 'speech-interrupted')
        this.log.warn({ code: o.error.code, detail: o.error.message, key }, 'speech failed');
      return o;
    });
    this.last = done;
    return ok(this.state());
  }

  stop(): void {
    this.port.stop();
  }

  setVolume(volume: number): SpeechState {
    this.volume = Math.min(100, Math.max(0, Math.round(volume)));
    return this.state();
  }

  setAuto(on: boolean): SpeechState {
    this.auto = on;
    this.lastSpoken = null;
    if (on) this.speakScreen(this.view());
    return this.state();
  }

  /** Feed every session change here: resets per session, and speaks new screens in auto mode. */
  onSession(view: SessionView): void {
    if (view.sessionId !== this.sessionId) {
      const ended = this.sessionId !== null;
      this.sessionId = view.sessionId;
      // The next citizen starts with defaults; a choice made on the attract screen carries into its session.
      if (ended) {
        this.port.stop();
        this.auto = false;
        this.volume = this.defaultVolume;
        this.lastSpoken = null;
        return;
      }
    }
    if (this.auto) this.speakScreen(view);
  }

  private speakScreen(view: SessionView): void {
    const p = phraseForView(view);
    if (p === null) return;
    // Speak when the screen (or its door/number) changes, not on every keystroke's view.
    const id = `${p.key}|${view.locale}|${p.key === 'warning' ? '' : JSON.stringify(p.params)}`;
    if (id === this.lastSpoken) return;
    this.lastSpoken = id;
    void this.say(p.key, p.params, view.locale);
  }
}
