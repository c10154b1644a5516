import { EspeakSpeech, probeEspeakAsync, probedEspeak } from './espeak-speech.js';
import { NullSpeech, type SpeechHealth, type SpeechOutcome, type SpeechPort, type SpeechRequest } from './speech-port.js';

export interface SpeechConfig {
  /** `auto`: espeak-ng when installed; `off`: never speak. */
  engine?: 'auto' | 'espeak-ng' | 'off';
  binary?: string;
  /** Write WAV files here instead of playing them (headless terminals, tests). */
  wavDir?: string | null;
}

/** The terminal's speech engine from config (or `YIMEN_SPEECH`/`YIMEN_SPEECH_WAV_DIR`), never throwing. */
export function createSpeech(cfg: SpeechConfig = {}, env: NodeJS.ProcessEnv = process.env): SpeechPort {
  const engine = cfg.engine ?? (env['YIMEN_SPEECH'] as SpeechConfig['engine'] | undefined) ?? 'auto';
  if (engine === 'off') return new NullSpeech('off');
  const wavDir = cfg.wavDir ?? env['YIMEN_SPEECH_WAV_DIR'] ?? null;
  const binary = cfg.binary ?? 'espeak-ng';
  const make = (version: string | null): SpeechPort =>
    version === null ? new NullSpeech('espeak-ng-not-found') : new EspeakSpeech({ binary, wavDir });
  const known = probedEspeak(binary);
  if (known !== undefined) return make(known);
  // Not probed yet in this process: ask without blocking the start-up (#18.7).
  return new ProbingSpeech(probeEspeakAsync(binary).then(make));
}

/** Settles once the port knows its engine (at once for any port but a probing one). */
export function speechReady(port: SpeechPort): Promise<void> {
  return port instanceof ProbingSpeech ? port.ready : Promise.resolve();
}

/**
 * espeak-ng while `--version` is being asked: counted present meanwhile (the usual case on a
 * terminal; the probe takes tens of milliseconds), an utterance waits for the answer, and a
 * missing engine then fails it as a value, as NullSpeech would.
 */
export class ProbingSpeech implements SpeechPort {
  readonly ready: Promise<void>;
  private inner: SpeechPort | null = null;

  constructor(port: Promise<SpeechPort>) {
    this.ready = port.then((p) => {
      this.inner = p;
    });
  }

  get engine(): string {
    return this.inner?.engine ?? 'espeak-ng';
  }

  async speak(req: SpeechRequest): Promise<SpeechOutcome> {
    await this.ready;
    return (this.inner as SpeechPort).speak(req);
  }

  stop(): void {
    this.inner?.stop();
  }

  speaking(): boolean {
    return this.inner?.speaking() ?? false;
  }

  health(): SpeechHealth {
    return this.inner?.health() ?? { engine: 'espeak-ng', available: true, code: null };
  }
}
