import { useTranslation } from 'react-i18next';
import { useClient } from '../api/context';

/** The step back (main decides where that is): 返回, or the screen's own words for it. */
export function BackButton({ label }: { label?: string }) {
  const { t } = useTranslation();
  const client = useClient();
  return (
    <button type="button" className="button" onClick={() => void client.call('journey.back')}>
      {label ?? t('common.back')}
    </button>
  );
}
