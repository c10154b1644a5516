import { useTranslation } from 'react-i18next';

export function Identify() {
  const { t } = useTranslation();
  return (
    <section className="identify">
      <h1>{t('identify.title')}</h1>
      <div className="card-slot" aria-hidden="true" />
      <p className="instruction">{t('identify.card')}</p>
      <p className="hint">{t('identify.cardHint')}</p>
    </section>
  );
}
