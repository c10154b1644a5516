import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient } from '../api/context';

/** The idle warning. Main decides when it shows and when the session resets; this only counts down. */
export function WarningDialog({ remainingMs }: { remainingMs: number }) {
  const { t } = useTranslation();
  const client = useClient();
  const [left, setLeft] = useState(Math.ceil(remainingMs / 1000));
  const more = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const deadline = performance.now() + remainingMs;
    more.current?.focus();
    const timer = window.setInterval(() => setLeft(Math.max(0, Math.ceil((deadline - performance.now()) / 1000))), 250);
    return () => window.clearInterval(timer);
  }, [remainingMs]);

  return (
    <div className="overlay">
      <div
        className="dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="warning-title"
        aria-describedby="warning-body"
      >
        <h2 id="warning-title">{t('warning.title')}</h2>
        <p id="warning-body" className="countdown" aria-live="polite">
          {t('warning.body', { seconds: left })}
        </p>
        <div className="dialog-actions">
          <button ref={more} type="button" className="button primary" onClick={() => void client.call('session.moreTime')}>
            {t('warning.more')}
          </button>
          <button type="button" className="button" onClick={() => void client.call('session.end')}>
            {t('warning.end')}
          </button>
        </div>
      </div>
    </div>
  );
}
