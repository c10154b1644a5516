import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionView } from '../../../main/api/contract';
import { useClient } from '../api/context';
import { Keyboard } from '../components/Keyboard';
import { NoticeBanner } from '../components/NoticeBanner';

export function Identify({ view }: { view: SessionView }) {
  const { t } = useTranslation();
  const client = useClient();
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
        {collecting && <PickupCode resendsLeft={view.resendsLeft} />}
      </div>
      <div className="actions">
        <button type="button" className="button" onClick={() => void client.call('journey.askStaff')}>
          {t('identify.askStaff')}
        </button>
        <button type="button" className="button" onClick={() => void client.call('journey.back')}>
          {t('common.back')}
        </button>
      </div>
    </section>
  );
}

/** The pickup code from the SMS, or (lost the SMS) a mobile number to send it to again. */
function PickupCode({ resendsLeft }: { resendsLeft: number }) {
  const { t } = useTranslation();
  const client = useClient();
  const [mode, setMode] = useState<'code' | 'phone'>('code');
  const [code, setCode] = useState('');
  const [phone, setPhone] = useState('');
  if (mode === 'phone') {
    return (
      <div className="way pickup-code resend">
        <p className="instruction">{t('identify.resendPhone')}</p>
        <p className="hint">{t('identify.resendHint')}</p>
        <output className="code-display" aria-label={t('identify.resendPhone')} data-testid="resend-phone">
          {phone.padEnd(11, '·')}
        </output>
        <Keyboard
          mode="numeric"
          allowModes={['numeric']}
          onInput={(k) => setPhone((p) => (p + k).slice(0, 11))}
          onBackspace={() => setPhone((p) => p.slice(0, -1))}
        />
        <button
          type="button"
          className="button primary"
          disabled={!/^1[3-9]\d{9}$/.test(phone)}
          onClick={() => {
            void client.call('journey.resendCode', { phone });
            setPhone('');
            setMode('code');
          }}
        >
          {t('identify.resendGo')}
        </button>
        <button type="button" className="button" onClick={() => setMode('code')}>
          {t('identify.resendCancel')}
        </button>
      </div>
    );
  }
  return (
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
      {resendsLeft > 0 && (
        <button type="button" className="button link" onClick={() => setMode('phone')}>
          {t('identify.resend')}
        </button>
      )}
    </div>
  );
}
