import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StaffView } from '../../../main/base/api/contract';
import { useClient } from '../api/context';
import { NumericKeypad, TextKeys } from './StaffKeys';
import { useStaffCredential } from './use-staff-credential';

type Field = 'card' | 'pin' | 'staffId' | 'code';

/**
 * The maintenance prompt, made for a touch screen: tap a field, type on the keys under it (a text
 * keyboard for the badge number or staff ID, a numeric keypad for the PIN or code, the PIN shown
 * as dots). A physical keyboard works too: the fields are ordinary inputs that keep the focus.
 */
export function StaffPrompt({ view }: { view: StaffView }) {
  const { t } = useTranslation();
  const client = useClient();
  const { method, setMethod, card, setCard, pin, setPin, staffId, setStaffId, code, setCode, take } = useStaffCredential();
  const [active, setActive] = useState<Field>('card');
  const refs = {
    card: useRef<HTMLInputElement>(null),
    pin: useRef<HTMLInputElement>(null),
    staffId: useRef<HTMLInputElement>(null),
    code: useRef<HTMLInputElement>(null),
  };
  const locked = view.prompt.lockedForMs !== null;
  const keep = (): void => void client.call('maintenance.activity');

  const values: Record<Field, [string, (v: string) => void]> = {
    card: [card, setCard],
    pin: [pin, setPin],
    staffId: [staffId, setStaffId],
    code: [code, setCode],
  };
  const [value, setValue] = values[active];
  const focus = (f: Field): void => {
    setActive(f);
    refs[f].current?.focus();
  };
  const choose = (m: 'card' | 'totp'): void => {
    setMethod(m);
    setActive(m === 'card' ? 'card' : 'staffId');
  };

  const submit = (e: React.FormEvent): void => {
    e.preventDefault();
    if (locked) return;
    void client.call('maintenance.login', take());
  };

  const field = (f: Field, label: string, props: React.InputHTMLAttributes<HTMLInputElement>) => (
    <label className="field staff-field" data-active={active === f}>
      <span className="field-label">{label}</span>
      <input
        ref={refs[f]}
        className="input"
        autoComplete="off"
        // The keys below are the keyboard: no system keyboard pops up over them.
        inputMode="none"
        value={values[f][0]}
        onChange={(e) => values[f][1](e.target.value)}
        onFocus={() => setActive(f)}
        {...props}
      />
    </label>
  );
  const numeric = active === 'pin' || active === 'code';

  return (
    <div className="staff-overlay" role="dialog" aria-modal="true" aria-labelledby="staff-prompt-title">
      <form className="dialog staff-dialog staff-prompt" onSubmit={submit} onKeyDown={keep} onPointerDown={keep}>
        <h2 id="staff-prompt-title">{t('staff.prompt.title')}</h2>
        {view.prompt.ended && (
          <p className="notice">{t(`staff.ended.${view.prompt.ended}`, { defaultValue: t('staff.ended.logout') })}</p>
        )}
        <div className="staff-tabs" role="tablist">
          <button type="button" role="tab" aria-selected={method === 'card'} className="chip" onClick={() => choose('card')}>
            {t('staff.prompt.cardTab')}
          </button>
          <button type="button" role="tab" aria-selected={method === 'totp'} className="chip" onClick={() => choose('totp')}>
            {t('staff.prompt.totpTab')}
          </button>
        </div>
        {method === 'card' ? (
          <div className="staff-fields">
            {field('card', t('staff.prompt.card'), { autoFocus: true })}
            {field('pin', t('staff.prompt.pin'), { type: 'password', className: 'input staff-secret' })}
          </div>
        ) : (
          <div className="staff-fields">
            {field('staffId', t('staff.prompt.staffId'), { autoFocus: true })}
            {field('code', t('staff.prompt.code'), {
              maxLength: 6,
              autoComplete: 'one-time-code',
              className: 'input staff-secret',
            })}
          </div>
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
        {numeric ? (
          <NumericKeypad
            onDigit={(d) => setValue(value + d)}
            onDelete={() => setValue(value.slice(0, -1))}
            onClear={() => setValue('')}
            confirmLabel={t('staff.prompt.enter')}
            confirmDisabled={locked}
          />
        ) : (
          <TextKeys
            key={active}
            capitals={active === 'card'}
            onKey={(k) => setValue((value + k).slice(0, 40))}
            onDelete={() => setValue(value.slice(0, -1))}
            onNext={() => focus(active === 'card' ? 'pin' : 'code')}
            nextLabel={t('common.next')}
          />
        )}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={() => void client.call('maintenance.cancel')}>
            {t('staff.cancel')}
          </button>
        </div>
      </form>
    </div>
  );
}
