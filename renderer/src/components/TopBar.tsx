import { useTranslation } from 'react-i18next';
import { pick } from '../i18n/text';
import type { SessionView, SystemInfo } from '../../../main/base/api/contract';
import { useClient } from '../api/context';
import { ElderToggle } from './ElderToggle';
import { LanguageSwitch } from './LanguageSwitch';
import { ContrastToggle } from './ContrastToggle';
import { SpeechControls } from './SpeechControls';

export function TopBar({ info, view }: { info: SystemInfo; view: SessionView }) {
  const { t } = useTranslation();
  const client = useClient();
  return (
    <header className="top-bar">
      <span className="hall-name">{pick(info.hallName, view.locale)}</span>
      <LanguageSwitch locales={info.locales} current={view.locale} />
      <ElderToggle on={view.elderMode} />
      <ContrastToggle on={view.highContrast} />
      <SpeechControls view={view} />
      <button type="button" className="button exit" onClick={() => void client.call('session.end')}>
        {t('common.exit')}
      </button>
    </header>
  );
}
