import { createContext, useContext, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

interface Contrast {
  on: boolean;
  set(on: boolean): void;
}
export const ContrastContext = createContext<Contrast>({ on: false, set: () => undefined });

/**
 * The high-contrast theme, kept per citizen session in the renderer: a choice made on the attract
 * screen carries into the session it starts; it resets when that session ends (`sessionId` goes
 * from one id to another or back to null), like elder mode does in main.
 */
export function useContrastPerSession(sessionId: string | null): Contrast {
  const [on, setOn] = useState(false);
  const last = useRef<string | null>(sessionId);
  useEffect(() => {
    if (last.current !== null && last.current !== sessionId) setOn(false);
    last.current = sessionId;
  }, [sessionId]);
  useEffect(() => {
    document.documentElement.classList.toggle('contrast', on);
  }, [on]);
  return { on, set: setOn };
}

export function ContrastToggle() {
  const { t } = useTranslation();
  const contrast = useContext(ContrastContext);
  const on = contrast.on;
  return (
    <button
      type="button"
      className="chip contrast-toggle"
      aria-pressed={on}
      onClick={(e) => {
        e.stopPropagation();
        contrast.set(!on);
      }}
    >
      {t('contrast.on')}
    </button>
  );
}
