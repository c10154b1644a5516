import { useTranslation } from 'react-i18next';
import { useClient } from '../api/context';

/** The high-contrast theme: kept by the session in main (a reset turns it off), like elder mode. */
export function ContrastToggle({ on }: { on: boolean }) {
  const { t } = useTranslation();
  const client = useClient();
  return (
    <button
      type="button"
      className="chip contrast-toggle"
      aria-pressed={on}
      onClick={(e) => {
        e.stopPropagation();
        void client.call('session.setHighContrast', { on: !on });
      }}
    >
      {t('contrast.on')}
    </button>
  );
}
