import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient } from '../api/context';
import type { ImePage } from '../../../main/base/api/contract';

export type KeyboardMode = 'numeric' | 'latin' | 'pinyin';

const MAX_SPELL = 40;
const NO_PAGE: { spell: string; page: number } & ImePage = { spell: '', page: 0, candidates: [], consumed: [], more: false };

const ROWS_LATIN = ['1234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm-'];
const ROWS_NUMERIC = ['123', '456', '789', '0'];

/**
 * The on-screen keyboard (touch kiosks have no keyboard): numeric, Latin, and pinyin with
 * phrase candidates from main (`ime.candidates`, ten a page). Picking a candidate takes only the
 * letters it spells (`consumed`); the rest stays for the next pick (`woyaobanli` → 我要 → banli).
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
  const [page, setPage] = useState(0);
  const [fetched, setFetched] = useState<{ spell: string; page: number } & ImePage>(NO_PAGE);
  const shown = mode === 'pinyin' && fetched.spell === spell && fetched.page === page ? fetched : NO_PAGE;

  useEffect(() => {
    if (mode !== 'pinyin' || spell === '') return;
    let live = true;
    void client
      .call('ime.candidates', { pinyin: spell, page })
      .then((r) => live && r.ok && setFetched({ spell, page, ...r.value }));
    return () => {
      live = false;
    };
  }, [client, mode, spell, page]);

  const spellTo = (next: string): void => {
    setSpell(next);
    setPage(0);
  };
  const press = (k: string): void => {
    if (mode === 'pinyin' && /[a-z]/.test(k)) spellTo((spell + k).slice(0, MAX_SPELL));
    else onInput(k);
  };
  const back = (): void => {
    if (mode === 'pinyin' && spell !== '') spellTo(spell.slice(0, -1));
    else onBackspace();
  };
  const pick = (i: number): void => {
    const c = shown.candidates[i];
    if (c === undefined) return;
    onInput(c);
    void client.call('ime.select', { pinyin: spell, candidate: c });
    spellTo(spell.slice(shown.consumed[i] ?? spell.length).replace(/^'+/, ''));
  };
  const rows = mode === 'numeric' ? ROWS_NUMERIC : ROWS_LATIN;
  return (
    <div className={`keyboard keyboard-${mode}`} role="group" aria-label={t('keyboard.label')}>
      {mode === 'pinyin' && (
        // The spelling on its own line, candidates below it, paging fixed at the right; the bar keeps
        // its height while candidates come and go, so the keys never move under a finger.
        <div className="candidates" aria-live="polite">
          <span className="spell">{spell || t('keyboard.pinyinHint')}</span>
          <span className="candidate-list">
            {shown.candidates.map((c, i) => (
              <button key={c} type="button" className="key candidate" onClick={() => pick(i)}>
                {c}
              </button>
            ))}
          </span>
          <span className="candidate-pages">
            <button type="button" className="key" disabled={page === 0} onClick={() => setPage(page - 1)}>
              {t('keyboard.prevPage')}
            </button>
            <button type="button" className="key" disabled={!shown.more} onClick={() => setPage(page + 1)}>
              {t('keyboard.nextPage')}
            </button>
          </span>
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
