import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionView, SystemInfo } from '../../../main/base/api/contract';
import { useClient } from '../api/context';
import { CardReaderPicture, QrScannerPicture } from '../components/Illustrations';
import { Keyboard } from '../components/Keyboard';
import { NoticeBanner } from '../components/NoticeBanner';
import { BackButton } from '../components/BackButton';

/**
 * How the citizen proves who they are: the ID card on the reader, the digital-identity QR code at
 * the scanner (each drawn, and named in words, where this terminal model has it: `terminal.panel`
 * in the config), or the pickup code.
 */
export function Identify({ view, panel }: { view: SessionView; panel: SystemInfo['panel'] }) {
  const { t } = useTranslation();
  const client = useClient();
  const collecting = view.purpose === 'collect';
  return (
    <section className="identify">
      <h1>{t('identify.title')}</h1>
      <NoticeBanner notice={view.notice} />
      <div className="identify-ways">
        <div className="way">
          <CardReaderPicture position={panel.cardReader} />
          <p className="instruction">{t('identify.card', { where: t(`identify.below.${panel.cardReader}`) })}</p>
          <p className="hint">{t('identify.cardHint')}</p>
        </div>
        <div className="way">
          <QrScannerPicture position={panel.qrScanner} />
          <p className="instruction">{t('identify.qr')}</p>
          <p className="hint">{t('identify.qrHint', { where: t(`identify.below.${panel.qrScanner}`) })}</p>
        </div>
        {collecting && <PickupCode resendsLeft={view.resendsLeft} />}
      </div>
      <div className="actions">
        <button type="button" className="button" onClick={() => void client.call('journey.askStaff')}>
          {t('identify.askStaff')}
        </button>
        <BackButton />
      </div>
    </section>
  );
}

/** Digits typed on the on-screen keypad, shown as they fill a fixed-width display. */
function DigitEntry({
  label,
  width,
  max,
  valid,
  go,
  onGo,
  testId,
}: {
  label: string;
  width: number;
  max: number;
  valid: (v: string) => boolean;
  go: string;
  onGo: (v: string) => void;
  testId?: string;
}) {
  const [value, setValue] = useState('');
  return (
    <>
      <output className="code-display" aria-label={label} data-testid={testId}>
        {value.padEnd(width, '·')}
      </output>
      <Keyboard
        mode="numeric"
        allowModes={['numeric']}
        onInput={(k) => setValue((v) => (v + k).slice(0, max))}
        onBackspace={() => setValue((v) => v.slice(0, -1))}
      />
      <button
        type="button"
        className="button primary"
        disabled={!valid(value)}
        onClick={() => {
          onGo(value);
          setValue('');
        }}
      >
        {go}
      </button>
    </>
  );
}

/** The pickup code from the SMS, or (lost the SMS) a mobile number to send it to again. */
function PickupCode({ resendsLeft }: { resendsLeft: number }) {
  const { t } = useTranslation();
  const client = useClient();
  const [mode, setMode] = useState<'code' | 'phone'>('code');
  if (mode === 'phone') {
    return (
      <div className="way pickup-code resend">
        <p className="instruction">{t('identify.resendPhone')}</p>
        <p className="hint">{t('identify.resendHint')}</p>
        <DigitEntry
          label={t('identify.resendPhone')}
          testId="resend-phone"
          width={11}
          max={11}
          valid={(v) => /^1[3-9]\d{9}$/.test(v)}
          go={t('identify.resendGo')}
          onGo={(phone) => {
            void client.call('journey.resendCode', { phone });
            setMode('code');
          }}
        />
        <button type="button" className="button" onClick={() => setMode('code')}>
          {t('identify.resendCancel')}
        </button>
      </div>
    );
  }
  return (
    <div className="way pickup-code">
      <p className="instruction">{t('identify.pickupCode')}</p>
      <DigitEntry
        label={t('identify.pickupCode')}
        width={6}
        max={8}
        valid={(v) => v.length >= 6}
        go={t('identify.pickupCodeGo')}
        onGo={(code) => void client.call('journey.pickupCode', { code })}
      />
      {resendsLeft > 0 && (
        <button type="button" className="button link" onClick={() => setMode('phone')}>
          {t('identify.resend')}
        </button>
      )}
    </div>
  );
}
