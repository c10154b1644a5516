import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient } from '../api/context';
import type { ImeList, ImePage } from '../../../main/base/api/contract';
import { HandwritingPad, type PadStroke } from './HandwritingPad';

export type KeyboardMode = 'numeric' | 'latin' | 'pinyin' | 'handwriting';

const MAX_SPELL = 40;
const NO_PAGE: { spell: string; page: number } & ImePage = { spell: '', page: 0, candidates: [], consumed: [], more: false };

const ROWS_LATIN = ['1234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm-'];
const ROWS_NUMERIC = ['123', '456', '789', '0'];

/** What the handwriting bar shows: characters for the strokes on the pad, or what may follow the last pick. */
type HwList = { kind: 'written' | 'associated' | 'failed'; page: number; after: string; strokes: number } & ImeList;
const NO_LIST: HwList = { kind: 'written', page: 0, after: '', strokes: 0, candidates: [], more: false };
/** The recogniser did not answer (its helper restarting): the bar says so instead of staying blank. */
const FAILED: HwList = { ...NO_LIST, kind: 'failed' };

/**
 * The on-screen keyboard (touch kiosks have no keyboard): numeric, Latin, pinyin with phrase
 * candidates from main (`ime.candidates`, ten a page), and handwriting (手写, offered wherever pinyin
 * is). Picking a pinyin candidate takes only the letters it spells (`consumed`); the rest stays for
 * the next pick (`woyaobanli` → 我要 → banli). Handwriting sends the pad's strokes to main at the end
 * of each stroke (`ime.handwrite`); after a pick the bar offers what often follows (`ime.associate`).
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
  // Handwriting comes with pinyin: wherever Chinese can be typed it can be written.
  const modes =
    allowModes.includes('pinyin') && !allowModes.includes('handwriting')
      ? allowModes.flatMap((m): KeyboardMode[] => (m === 'pinyin' ? ['pinyin', 'handwriting'] : [m]))
      : allowModes;
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
  const hw = useHandwriting(onInput);
  const rows = mode === 'numeric' ? ROWS_NUMERIC : mode === 'handwriting' ? [] : ROWS_LATIN;
  const backspace = (): void => {
    if (mode === 'handwriting') hw.back(onBackspace);
    else back();
  };
  return (
    <div className={`keyboard keyboard-${mode}`} role="group" aria-label={t('keyboard.label')}>
      {mode === 'handwriting' && (
        <>
          <div className="candidates" aria-live="polite">
            <span className="spell">
              {hw.list.kind === 'failed'
                ? t('keyboard.handwritingUnavailable')
                : hw.list.kind === 'associated' && hw.list.candidates.length > 0
                  ? t('keyboard.associated', { text: hw.list.after })
                  : t('keyboard.handwritingHint')}
            </span>
            <span className="candidate-list" data-kind={hw.list.kind} data-strokes={hw.list.strokes} data-page={hw.list.page}>
              {hw.list.candidates.map((c) => (
                <button key={c} type="button" className="key candidate" onClick={() => hw.pick(c)}>
                  {c}
                </button>
              ))}
            </span>
            <span className="candidate-pages">
              <button type="button" className="key" disabled={hw.list.page === 0} onClick={() => hw.turn(-1)}>
                {t('keyboard.prevPage')}
              </button>
              <button type="button" className="key" disabled={!hw.list.more} onClick={() => hw.turn(1)}>
                {t('keyboard.nextPage')}
              </button>
            </span>
          </div>
          <div className="handwriting">
            <HandwritingPad strokes={hw.strokes} onStroke={hw.stroke} />
            <button type="button" className="key wide" onClick={hw.clear}>
              {t('keyboard.rewrite')}
            </button>
          </div>
        </>
      )}
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
        {modes.length > 1 &&
          modes.map((m) => (
            <button key={m} type="button" className="key wide" aria-pressed={m === mode} onClick={() => setMode(m)}>
              {t(`keyboard.mode.${m}`)}
            </button>
          ))}
        {mode !== 'numeric' && mode !== 'handwriting' && (
          <button type="button" className="key wide" onClick={() => press(' ')}>
            {t('keyboard.space')}
          </button>
        )}
        <button type="button" className="key wide" onClick={backspace} aria-label={t('keyboard.backspace')}>
          ⌫
        </button>
      </div>
    </div>
  );
}

/**
 * The handwriting half of the keyboard: the strokes on the pad, the bar's list, and the calls to
 * main. Only the newest answer is shown (an older one arriving late is dropped).
 */
function useHandwriting(onInput: (text: string) => void) {
  const client = useClient();
  const [strokes, setStrokes] = useState<PadStroke[]>([]);
  const [list, setList] = useState<HwList>(NO_LIST);
  const pad = useRef({ width: 0, height: 0 });
  const asked = useRef(0);

  const recognise = (next: PadStroke[], page: number): void => {
    const n = ++asked.current;
    if (next.length === 0) {
      setList(NO_LIST);
      return;
    }
    const { width, height } = pad.current;
    void client.call('ime.handwrite', { strokes: next, width, height, page }).then((r) => {
      if (n === asked.current) setList(r.ok ? { kind: 'written', page, after: '', strokes: next.length, ...r.value } : FAILED);
    });
  };
  const associate = (after: string, page: number): void => {
    const n = ++asked.current;
    void client.call('ime.associate', { text: after, page }).then((r) => {
      if (n === asked.current) setList(r.ok ? { kind: 'associated', page, after, strokes: 0, ...r.value } : NO_LIST);
    });
  };
  return {
    strokes,
    list,
    stroke: (s: PadStroke, width: number, height: number): void => {
      pad.current = { width, height };
      const next = [...strokes, s];
      setStrokes(next);
      recognise(next, 0);
    },
    pick: (c: string): void => {
      onInput(c);
      setStrokes([]);
      associate(c, 0);
    },
    turn: (by: number): void => {
      const page = Math.max(0, list.page + by);
      if (list.kind === 'associated') associate(list.after, page);
      else recognise(strokes, page);
    },
    clear: (): void => {
      asked.current++;
      setStrokes([]);
      setList(NO_LIST);
    },
    /** ⌫ takes back the last stroke; with the pad empty it deletes from the field. */
    back: (deleteFromField: () => void): void => {
      if (strokes.length === 0) {
        asked.current++;
        setList(NO_LIST);
        deleteFromField();
        return;
      }
      const next = strokes.slice(0, -1);
      setStrokes(next);
      recognise(next, 0);
    },
  };
}
