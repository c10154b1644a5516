import { useEffect, useState, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { pick } from '../i18n/text';
import type { SessionView, SystemInfo } from '../../../main/base/api/contract';
import { useClient } from '../api/context';
import { ElderToggle } from '../components/ElderToggle';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { ContrastToggle } from '../components/ContrastToggle';
import { SpeechControls } from '../components/SpeechControls';

function useClock(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date()), 10_000);
    return () => window.clearInterval(timer);
  }, []);
  return now;
}

export function Attract({ info, view }: { info: SystemInfo; view: SessionView }) {
  const { t } = useTranslation();
  const client = useClient();
  const now = useClock();
  const start = (): void => void client.call('session.start');
  // A tap anywhere on the attract screen starts, as its text promises — except on the language,
  // elder-mode, contrast and speech controls, which set up the session first.
  const onTap = (e: MouseEvent<HTMLElement>): void => {
    if (e.target instanceof Element && e.target.closest('.attract-options, button, a, input, select')) return;
    start();
  };
  return (
    <section className="attract" data-testid="attract" onClick={onTap}>
      <h1 className="attract-title">{t('app.title')}</h1>
      <p className="attract-hall">{pick(info.hallName, view.locale)}</p>
      <p className="attract-subtitle">{t('attract.subtitle')}</p>
      <button type="button" className="button primary start" autoFocus onClick={start}>
        {t('attract.touch')}
      </button>
      <div className="attract-options">
        <LanguageSwitch locales={info.locales} current={view.locale} />
        <ElderToggle on={view.elderMode} />
        <ContrastToggle on={view.highContrast} />
        <SpeechControls view={view} />
      </div>
      <p className="attract-footer">
        <time dateTime={now.toISOString()}>{now.toLocaleString(view.locale, { dateStyle: 'long', timeStyle: 'short' })}</time>
        <span>{t('attract.help')}</span>
      </p>
    </section>
  );
}
