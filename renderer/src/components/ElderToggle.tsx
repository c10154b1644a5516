import { useTranslation } from 'react-i18next';
import { useClient } from '../api/context';

export function ElderToggle({ on }: { on: boolean }) {
  const { t } = useTranslation();
  const client = useClient();
  return (
    <button
      type="button"
      className="chip elder-toggle"
      aria-pressed={on}
      onClick={(e) => {
        e.stopPropagation();
        void client.call('session.setElderMode', { on: !on });
      }}
    >
      {t('elder.on')}
    </button>
  );
}
