/**
 * The speech port: how the core turns an instruction into sound. One engine at a time; a new
 * utterance interrupts the one playing. Expected failures (no engine, no audio device, engine
 * error) are values; nothing an engine does may crash the process.
 */
import { err, type Result } from '../../../common/result.js';
import type { Locale } from '../../base/api/contract.js';

export interface SpeechRequest {
  text: string;
  locale: Locale;
  /** 0–100; 50 is the engine's normal loudness. */
  volume: number;
}

export interface Utterance {
  engine: string;
  voice: string;
  file: string | null;
}
export type SpeechOutcome = Result<Utterance, 'speech-unavailable' | 'speech-failed' | 'speech-interrupted'>;

export interface SpeechHealth {
  engine: string;
  available: boolean;
  /** Why the engine is unavailable, or the last failure; null when all is well. */
  code: string | null;
}

export interface SpeechPort {
  readonly engine: string;
  /** Speaks `text`; settles when the utterance ends, fails or is interrupted. */
  speak(req: SpeechRequest): Promise<SpeechOutcome>;
  /** Interrupts the current utterance (no-op when silent). */
  stop(): void;
  speaking(): boolean;
  health(): SpeechHealth;
}

/** No engine on this machine: every request fails as a value, and health says why. */
export class NullSpeech implements SpeechPort {
  readonly engine = 'none';
  constructor(private readonly reason = 'no-engine') {}
  speak(): Promise<SpeechOutcome> {
    return Promise.resolve(err('speech-unavailable', `No speech engine on this terminal (${this.reason}).`));
  }
  stop(): void {}
  speaking(): boolean {
    return false;
  }
  health(): SpeechHealth {
    return { engine: this.engine, available: false, code: this.reason };
  }
}
