import { useTranslation } from 'react-i18next';
import type { Locale } from '../../../main/base/api/contract';
import { useClient } from '../api/context';

export function LanguageSwitch({ locales, current }: { locales: readonly Locale[]; current: Locale }) {
  const { t } = useTranslation();
  const client = useClient();
  return (
    <nav className="lang-switch" aria-label={t('lang.label')}>
      {locales.map((l) => (
        <button
          key={l}
          type="button"
          lang={l}
          className="chip"
          aria-pressed={l === current}
          onClick={(e) => {
            e.stopPropagation();
            void client.call('session.setLocale', { locale: l });
          }}
        >
          {t(`lang.${l}`)}
        </button>
      ))}
    </nav>
  );
}
