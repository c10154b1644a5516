import { useTranslation } from 'react-i18next';
import type { StaffView } from '../../../main/base/api/contract';
import { useClient } from '../api/context';
import { useStaffCredential } from './use-staff-credential';

export function StaffPrompt({ view }: { view: StaffView }) {
  const { t } = useTranslation();
  const client = useClient();
  const { method, setMethod, card, setCard, pin, setPin, staffId, setStaffId, code, setCode, take } = useStaffCredential();
  const locked = view.prompt.lockedForMs !== null;
  const keep = (): void => void client.call('maintenance.activity');

  const submit = (e: React.FormEvent): void => {
    e.preventDefault();
    if (locked) return;
    void client.call('maintenance.login', take());
  };

  return (
    <div className="staff-overlay" role="dialog" aria-modal="true" aria-labelledby="staff-prompt-title">
      <form className="dialog staff-dialog staff-prompt" onSubmit={submit} onKeyDown={keep}>
        <h2 id="staff-prompt-title">{t('staff.prompt.title')}</h2>
        {view.prompt.ended && (
          <p className="notice">{t(`staff.ended.${view.prompt.ended}`, { defaultValue: t('staff.ended.logout') })}</p>
        )}
        <div className="staff-tabs" role="tablist">
          <button type="button" role="tab" aria-selected={method === 'card'} className="chip" onClick={() => setMethod('card')}>
            {t('staff.prompt.cardTab')}
          </button>
          <button type="button" role="tab" aria-selected={method === 'totp'} className="chip" onClick={() => setMethod('totp')}>
            {t('staff.prompt.totpTab')}
          </button>
        </div>
        {method === 'card' ? (
          <>
            <label className="field">
              <span className="field-label">{t('staff.prompt.card')}</span>
              <input className="input" autoComplete="off" value={card} onChange={(e) => setCard(e.target.value)} autoFocus />
            </label>
            <label className="field">
              <span className="field-label">{t('staff.prompt.pin')}</span>
              <input
                className="input"
                type="password"
                inputMode="numeric"
                autoComplete="off"
                value={pin}
                onChange={(e) => setPin(e.target.value)}
              />
            </label>
          </>
        ) : (
          <>
            <label className="field">
              <span className="field-label">{t('staff.prompt.staffId')}</span>
              <input
                className="input"
                autoComplete="off"
                value={staffId}
                onChange={(e) => setStaffId(e.target.value)}
                autoFocus
              />
            </label>
            <label className="field">
              <span className="field-label">{t('staff.prompt.code')}</span>
              <input
                className="input"
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                value={code}
                onChange={(e) => setCode(e.target.value)}
              />
            </label>
          </>
        )}
        {locked ? (
          <p className="field-error" role="alert">
            {t('staff.prompt.locked', { seconds: Math.ceil((view.prompt.lockedForMs ?? 0) / 1000) })}
          </p>
        ) : (
          view.prompt.error && (
            <p className="field-error" role="alert">
              {t('staff.prompt.wrong', { remaining: view.prompt.remaining })}
            </p>
          )
        )}
        <div className="dialog-actions">
          <button type="submit" className="button primary" disabled={locked}>
            {t('staff.prompt.enter')}
          </button>
          <button type="button" className="button" onClick={() => void client.call('maintenance.cancel')}>
            {t('staff.cancel')}
          </button>
        </div>
      </form>
    </div>
  );
}
