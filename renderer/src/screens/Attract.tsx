import { useEffect, useState, type MouseEvent, type ReactElement } from 'react';
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
      <WhatYouCanDo />
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

/** Simple line pictures for the attract screen's list (decorative: the text says it all). */
const ICONS: Record<'apply' | 'collect' | 'progress' | 'deposit', ReactElement> = {
  // A certificate with a seal.
  apply: (
    <>
      <rect x="12" y="6" width="40" height="52" rx="4" />
      <path d="M20 18h24M20 26h24M20 34h14" />
      <circle cx="42" cy="46" r="6" />
    </>
  ),
  // A locker wall with one door open.
  collect: (
    <>
      <rect x="6" y="8" width="52" height="48" rx="3" />
      <path d="M32 8v48M6 24h52M6 40h52" />
      <path d="M32 24l10 -4v20l-10 0" />
    </>
  ),
  // A magnifier over a list.
  progress: (
    <>
      <path d="M10 14h26M10 24h18M10 34h14" />
      <circle cx="40" cy="38" r="11" />
      <path d="M48 46l9 9" />
    </>
  ),
  // A sheet going into a slot.
  deposit: (
    <>
      <path d="M22 6h20v26H22z" />
      <path d="M32 36v10M26 41l6 6 6-6" />
      <rect x="8" y="50" width="48" height="8" rx="2" />
    </>
  ),
};

/**
 * What can be done here, lit one after the other in a slow loop (CSS only: still for anyone who
 * asks the system for reduced motion, and in screenshots).
 */
function WhatYouCanDo() {
  const { t } = useTranslation();
  const items = [
    ['apply', t('attract.apply'), t('attract.applySub')],
    ['collect', t('home.collect'), t('home.collectSub')],
    ['progress', t('home.progress'), t('home.progressSub')],
    ['deposit', t('home.deposit'), t('home.depositSub')],
  ] as const;
  return (
    <section className="attract-can" aria-label={t('attract.canTitle')}>
      <h2>{t('attract.canTitle')}</h2>
      <ul>
        {items.map(([id, title, sub]) => (
          <li key={id} data-can={id}>
            <svg viewBox="0 0 64 64" aria-hidden="true" className="attract-icon">
              {ICONS[id]}
            </svg>
            <span className="attract-can-title">{title}</span>
            <span className="attract-can-sub">{sub}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
