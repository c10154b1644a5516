import { detectSpeech } from './espeak-speech.js';
import { NullSpeech, type SpeechPort } from './speech-port.js';

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
  const port = detectSpeech({ ...(cfg.binary ? { binary: cfg.binary } : {}), wavDir });
  return port ?? new NullSpeech('espeak-ng-not-found');
}
