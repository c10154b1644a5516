import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionView, SpeechView } from '../../../main/base/api/contract';
import { useClient } from '../api/context';

const VOLUME_STEP = 10;

/** The phrase of main's speech table for what this screen shows (main/features/speech/phrases.ts). */
export function speechKeyOf(view: SessionView): { key: string; params: Record<string, string | number> } {
  const params: Record<string, string | number> = {};
  if (view.door) params['door'] = view.door.label;
  if (view.result) params['applicationNo'] = view.result.applicationNo;
  if (view.outOfService) return { key: 'outOfService', params: {} };
  if (view.warning) return { key: 'warning', params: { seconds: Math.ceil(view.warning.remainingMs / 1000) } };
  if (view.phase === 'attract') return { key: 'attract', params };
  return { key: view.step ?? view.phase, params };
}

/**
 * Speech guidance in the top bar: read this screen aloud (again), stop, volume, and the automatic
 * mode that reads every new screen. Main owns the engine and the per-session settings; this only
 * shows them. Without an engine it says so instead of offering buttons that do nothing.
 */
export function SpeechControls({ view }: { view: SessionView }) {
  const { t } = useTranslation();
  const client = useClient();
  const [speech, setSpeech] = useState<SpeechView | null>(null);

  // Settings are per session in main: fetch them again whenever the session changes.
  useEffect(() => {
    let live = true;
    void client.call('speech.status').then((r) => live && r.ok && setSpeech(r.value));
    return () => {
      live = false;
    };
  }, [client, view.sessionId]);

  if (speech === null) return null;
  if (!speech.available)
    return (
      <span className="speech-off" role="note">
        {t('speech.unavailable')}
      </span>
    );

  const apply = (r: { ok: true; value: SpeechView } | { ok: false }): void => {
    if (r.ok) setSpeech(r.value);
  };
  const say = (): void => {
    const { key, params } = speechKeyOf(view);
    void client.call('speech.say', { key, params }).then(apply);
  };
  const volume = (v: number): void => void client.call('speech.setVolume', { volume: Math.min(100, Math.max(0, v)) }).then(apply);

  return (
    <div className="speech-controls" role="group" aria-label={t('speech.group')}>
      <button type="button" className="chip speech-say" onClick={say}>
        {t('speech.say')}
      </button>
      <button type="button" className="chip speech-stop" onClick={() => void client.call('speech.stop').then(apply)}>
        {t('speech.stop')}
      </button>
      <button
        type="button"
        className="chip speech-softer"
        aria-label={t('speech.softer')}
        disabled={speech.volume <= 0}
        onClick={() => volume(speech.volume - VOLUME_STEP)}
      >
        −
      </button>
      <output className="speech-volume" aria-live="polite">
        {t('speech.volume', { volume: speech.volume })}
      </output>
      <button
        type="button"
        className="chip speech-louder"
        aria-label={t('speech.louder')}
        disabled={speech.volume >= 100}
        onClick={() => volume(speech.volume + VOLUME_STEP)}
      >
        +
      </button>
      <button
        type="button"
        className="chip speech-auto"
        aria-pressed={speech.auto}
        onClick={() => void client.call('speech.setAuto', { on: !speech.auto }).then(apply)}
      >
        {t('speech.auto')}
      </button>
    </div>
  );
}
