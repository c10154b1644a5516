import { useTranslation } from 'react-i18next';

export function Ending() {
  const { t } = useTranslation();
  return (
    <section className="ending">
      <h1>{t('ending.title')}</h1>
      <p className="instruction">{t('ending.hint')}</p>
    </section>
  );
}
