import { useTranslation } from 'react-i18next';

export function Busy({ step }: { step: string }) {
  const { t } = useTranslation();
  return (
    <section className="busy" aria-busy="true" role="status">
      <div className="spinner" aria-hidden="true" />
      <h1>{t([`busy.${step.replace('.', '-')}`, 'busy.generic'])}</h1>
      <p className="hint">{t('busy.hint')}</p>
    </section>
  );
}
