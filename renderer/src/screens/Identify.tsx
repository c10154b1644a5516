import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionView } from '../../../main/api/contract';
import { useClient } from '../api/context';
import { Keyboard } from '../components/Keyboard';
import { NoticeBanner } from '../components/NoticeBanner';

export function Identify({ view }: { view: SessionView }) {
  const { t } = useTranslation();
  const client = useClient();
  const [code, setCode] = useState('');
  const collecting = view.purpose === 'collect';
  return (
    <section className="identify">
      <h1>{t('identify.title')}</h1>
      <NoticeBanner notice={view.notice} />
      <div className="identify-ways">
        <div className="way">
          <div className="card-slot" aria-hidden="true" />
          <p className="instruction">{t('identify.card')}</p>
          <p className="hint">{t('identify.cardHint')}</p>
        </div>
        <div className="way">
          <div className="qr-slot" aria-hidden="true" />
          <p className="instruction">{t('identify.qr')}</p>
          <p className="hint">{t('identify.qrHint')}</p>
        </div>
        {collecting && (
          <div className="way pickup-code">
            <p className="instruction">{t('identify.pickupCode')}</p>
            <output className="code-display" aria-label={t('identify.pickupCode')}>
              {code.padEnd(6, '·')}
            </output>
            <Keyboard
              mode="numeric"
              allowModes={['numeric']}
              onInput={(k) => setCode((c) => (c + k).slice(0, 8))}
              onBackspace={() => setCode((c) => c.slice(0, -1))}
            />
            <button
              type="button"
              className="button primary"
              disabled={code.length < 6}
              onClick={() => {
                void client.call('journey.pickupCode', { code });
                setCode('');
              }}
            >
              {t('identify.pickupCodeGo')}
            </button>
          </div>
        )}
      </div>
      <button type="button" className="button" onClick={() => void client.call('journey.back')}>
        {t('common.back')}
      </button>
    </section>
  );
}
