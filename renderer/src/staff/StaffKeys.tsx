/**
 * The staff prompt's on-screen keys (a touch kiosk has no keyboard): a numeric keypad for the PIN
 * and the TOTP code (0–9, delete, clear, confirm), and a small text keyboard for the badge number
 * and the staff ID (and the dashboard's application number, door and folder). The citizen keyboard (components/Keyboard.tsx) has no capitals, dot or
 * underscore, which staff IDs may hold, nor a slash for a folder, hence this one. Keys are buttons that never take the
 * focus from the field, so a physical keyboard keeps working beside them.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Keeps the focus where it is (on the field) when a key is pressed. */
const keepFocus = (e: React.PointerEvent | React.MouseEvent): void => e.preventDefault();

export function NumericKeypad({
  onDigit,
  onDelete,
  onClear,
  confirmLabel,
  confirmDisabled,
}: {
  onDigit: (d: string) => void;
  onDelete: () => void;
  onClear: () => void;
  /** The confirm key submits the form it is in. */
  confirmLabel: string;
  confirmDisabled: boolean;
}) {
  const { t } = useTranslation();
  return (
    <div className="staff-keypad" role="group" aria-label={t('staff.prompt.keypad')}>
      {['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((d) => (
        <button key={d} type="button" className="key" onMouseDown={keepFocus} onClick={() => onDigit(d)}>
          {d}
        </button>
      ))}
      <button type="button" className="key staff-key-aux" onMouseDown={keepFocus} onClick={onClear}>
        {t('staff.prompt.clear')}
      </button>
      <button type="button" className="key" onMouseDown={keepFocus} onClick={() => onDigit('0')}>
        0
      </button>
      <button
        type="button"
        className="key staff-key-aux"
        onMouseDown={keepFocus}
        onClick={onDelete}
        aria-label={t('staff.prompt.delete')}
      >
        <span aria-hidden="true">⌫</span>
      </button>
      <button type="submit" className="button primary staff-key-confirm" disabled={confirmDisabled}>
        {confirmLabel}
      </button>
    </div>
  );
}

const ROWS = ['1234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm', '-._/'];

export function TextKeys({
  onKey,
  onDelete,
  onNext,
  nextLabel,
  capitals: initialCapitals,
}: {
  onKey: (k: string) => void;
  onDelete: () => void;
  onNext: () => void;
  nextLabel: string;
  /** Start with capitals on (badge numbers are usually written in capitals). */
  capitals: boolean;
}) {
  const { t } = useTranslation();
  const [capitals, setCapitals] = useState(initialCapitals);
  return (
    <div className="staff-textkeys" role="group" aria-label={t('staff.prompt.keyboard')}>
      {ROWS.map((row) => (
        <div className="staff-key-row" key={row}>
          {[...row].map((k) => {
            const key = capitals ? k.toUpperCase() : k;
            return (
              <button key={k} type="button" className="key" onMouseDown={keepFocus} onClick={() => onKey(key)}>
                {key}
              </button>
            );
          })}
        </div>
      ))}
      <div className="staff-key-row">
        <button
          type="button"
          className="key staff-key-aux"
          aria-pressed={capitals}
          onMouseDown={keepFocus}
          onClick={() => setCapitals(!capitals)}
        >
          {t('staff.prompt.shift')}
        </button>
        <button
          type="button"
          className="key staff-key-aux"
          onMouseDown={keepFocus}
          onClick={onDelete}
          aria-label={t('staff.prompt.delete')}
        >
          <span aria-hidden="true">⌫</span>
        </button>
        <button type="button" className="button primary staff-key-next" onMouseDown={keepFocus} onClick={onNext}>
          {nextLabel}
        </button>
      </div>
    </div>
  );
}
