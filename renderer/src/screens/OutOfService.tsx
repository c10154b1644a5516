import { useTranslation } from 'react-i18next';

export function OutOfService({ terminalId }: { terminalId: string }) {
  const { t } = useTranslation();
  return (
    <section className="oos" role="alert">
      <h1>{t('oos.title')}</h1>
      <p className="instruction">{t('oos.body')}</p>
      <p className="hint">{t('oos.terminal', { id: terminalId })}</p>
    </section>
  );
}
