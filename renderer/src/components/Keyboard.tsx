import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient } from '../api/context';

export type KeyboardMode = 'numeric' | 'latin' | 'pinyin';

const ROWS_LATIN = ['1234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm-'];
const ROWS_NUMERIC = ['123', '456', '789', '0'];

/**
 * The on-screen keyboard (touch kiosks have no keyboard): numeric, Latin, and pinyin with
 * character candidates from main (`ime.candidates`).
 */
export function Keyboard({
  mode: initial,
  onInput,
  onBackspace,
  allowModes,
}: {
  mode: KeyboardMode;
  onInput: (text: string) => void;
  onBackspace: () => void;
  allowModes: KeyboardMode[];
}) {
  const { t } = useTranslation();
  const client = useClient();
  const [mode, setMode] = useState<KeyboardMode>(initial);
  const [spell, setSpell] = useState('');
  const [fetched, setFetched] = useState<{ spell: string; list: string[] }>({ spell: '', list: [] });
  const candidates = mode === 'pinyin' && fetched.spell === spell ? fetched.list : [];

  useEffect(() => {
    if (mode !== 'pinyin' || spell === '') return;
    let live = true;
    void client
      .call('ime.candidates', { pinyin: spell })
      .then((r) => live && r.ok && setFetched({ spell, list: r.value.slice(0, 12) }));
    return () => {
      live = false;
    };
  }, [client, mode, spell]);

  const press = (k: string): void => {
    if (mode === 'pinyin' && /[a-z]/.test(k)) setSpell((s) => (s + k).slice(0, 12));
    else onInput(k);
  };
  const back = (): void => {
    if (mode === 'pinyin' && spell !== '') setSpell((s) => s.slice(0, -1));
    else onBackspace();
  };
  const rows = mode === 'numeric' ? ROWS_NUMERIC : ROWS_LATIN;
  return (
    <div className={`keyboard keyboard-${mode}`} role="group" aria-label={t('keyboard.label')}>
      {mode === 'pinyin' && (
        <div className="candidates" aria-live="polite">
          <span className="spell">{spell || t('keyboard.pinyinHint')}</span>
          {candidates.map((c) => (
            <button
              key={c}
              type="button"
              className="key candidate"
              onClick={() => {
                onInput(c);
                setSpell('');
              }}
            >
              {c}
            </button>
          ))}
        </div>
      )}
      {rows.map((row) => (
        <div className="key-row" key={row}>
          {[...row].map((k) => (
            <button key={k} type="button" className="key" onClick={() => press(k)}>
              {k}
            </button>
          ))}
        </div>
      ))}
      <div className="key-row">
        {allowModes.length > 1 &&
          allowModes.map((m) => (
            <button key={m} type="button" className="key wide" aria-pressed={m === mode} onClick={() => setMode(m)}>
              {t(`keyboard.mode.${m}`)}
            </button>
          ))}
        {mode !== 'numeric' && (
          <button type="button" className="key wide" onClick={() => press(' ')}>
            {t('keyboard.space')}
          </button>
        )}
        <button type="button" className="key wide" onClick={back} aria-label={t('keyboard.backspace')}>
          ⌫
        </button>
      </div>
    </div>
  );
}
