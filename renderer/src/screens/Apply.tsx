import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MatterView, SessionView } from '../../../main/base/api/contract';
import { useClient } from '../api/context';
import { useMatter } from '../api/use-matter';
import { ActionButton } from '../components/ActionButton';
import { Busy } from '../components/Busy';
import { Keyboard, type KeyboardMode } from '../components/Keyboard';
import { NoticeBanner } from '../components/NoticeBanner';
import { formNeeds, needsText } from '../components/missing';
import { pick } from '../i18n/text';
import { Consent } from './Consent';
import { Licences, MaterialsSection, Provided, Scan } from './Materials';
import { Collect } from './Collect';
import './review.css';
import { BackButton } from '../components/BackButton';

type Field = MatterView['form'][number];

function keyboardFor(field: Field): { mode: KeyboardMode; modes: KeyboardMode[] } {
  if (field.kind === 'digits' || field.kind === 'phone') return { mode: 'numeric', modes: ['numeric'] };
  return { mode: 'pinyin', modes: ['pinyin', 'latin', 'numeric'] };
}

export function Apply({ view }: { view: SessionView }) {
  const matter = useMatter(view.matterId);
  const step = view.step ?? '';
  if (step === 'apply.submitting' || step === 'apply.printing' || step === 'apply.issuing') return <Busy step={step} />;
  if (!matter) return <Busy step="loading" />;
  if (step.startsWith('apply.scan')) return <Scan view={view} matter={matter} />;
  if (step.startsWith('apply.licences')) return <Licences view={view} matter={matter} />;
  // The originals the citizen chose to hand over go into a compartment main opens (#16).
  if (step.startsWith('apply.originals.')) return <Collect view={view} />;
  if (step === 'apply.review') return <Review view={view} matter={matter} />;
  if (step === 'apply.consent') return <Consent view={view} matter={matter} />;
  if (step === 'apply.done') return <Done view={view} matter={matter} />;
  if (step === 'apply.notIssued') return <NotIssued view={view} matter={matter} />;
  return <Form view={view} matter={matter} />;
}

function Header({ view, matter }: { view: SessionView; matter: MatterView }) {
  const { t } = useTranslation();
  return (
    <header className="journey-header">
      <h1>{pick(matter.names, view.locale)}</h1>
      {view.identity && (
        <p className="who" data-testid="identity">
          {t('apply.who', { name: view.identity.maskedName, id: view.identity.maskedId })}
        </p>
      )}
      {view.identity && (
        // How the person was identified: the ID card's chip, a digital identity the back office
        // verified, or a member of staff whose typed entry the register confirmed.
        <p className="identity-source" data-testid="identity-source" data-method={view.identity.method}>
          {t(`apply.source.${view.identity.method}`)}
        </p>
      )}
    </header>
  );
}

function Form({ view, matter }: { view: SessionView; matter: MatterView }) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const values = view.form?.values ?? {};
  const errors = view.form?.errors ?? {};
  const masked = view.form?.masked ?? [];
  // Prefilled fields say where their value came from: the card, the digital identity, or staff (never "the card" for typed data).
  const source = view.identity?.method ?? 'idcard';
  const editable = matter.form.filter((f) => !f.locked && f.kind !== 'select');
  const [active, setActive] = useState<string | null>(editable[0]?.id ?? null);
  const activeField = matter.form.find((f) => f.id === active && !f.locked && f.kind !== 'select');
  // Main holds the form; a key builds on what was typed before it, not on the last view main sent,
  // so keys tapped faster than main answers (a busy terminal) are all kept, in order.
  const [draft, setDraft] = useState<{ id: string; value: string } | null>(null);
  const typed = useRef<{ id: string; value: string; seq: number } | null>(null);
  const seq = useRef(0);
  const textOf = (id: string): string =>
    typed.current?.id === id ? typed.current.value : masked.includes(id) ? '' : (values[id] ?? '');
  const edit = (id: string, value: string): void => {
    const mine = ++seq.current;
    typed.current = { id, value, seq: mine };
    setDraft({ id, value });
    void client.call('journey.formEdit', { values: { [id]: value } }).then(() => {
      // Main has answered the latest key (its view came first): show what main holds from now on.
      if (typed.current?.seq !== mine) return;
      typed.current = null;
      setDraft(null);
    });
  };

  // 下一步 waits for the required fields, a delivery and the required materials, and names what is missing.
  const needs = formNeeds(matter, view.form, draft);
  const reason = needsText(t, i18n.language, [
    ...needs.fields.map((id) => pick(matter.form.find((f) => f.id === id)?.label, view.locale)),
    ...(needs.delivery ? [t('apply.delivery')] : []),
    ...needs.materials.map((id) => pick(matter.materials.find((m) => m.id === id)?.name, view.locale)),
  ]);

  return (
    <section className="apply-form">
      <Header view={view} matter={matter} />
      <NoticeBanner notice={view.notice} />
      <div className="form-grid">
        <div className="fields">
          {matter.form.map((f) => (
            <div key={f.id} className={`field ${errors[f.id] ? 'invalid' : ''}`} data-field={f.id}>
              <span className="field-label" id={`label-${f.id}`}>
                {pick(f.label, view.locale)}
                {f.required && !f.locked && <span className="required"> *</span>}
              </span>
              {f.kind === 'select' ? (
                <div className="options" role="radiogroup" aria-labelledby={`label-${f.id}`}>
                  {f.options.map((o) => (
                    <button
                      key={o.value}
                      type="button"
                      role="radio"
                      className="chip"
                      aria-checked={values[f.id] === o.value}
                      onClick={() => edit(f.id, o.value)}
                    >
                      {pick(o.label, view.locale)}
                    </button>
                  ))}
                </div>
              ) : (
                <button
                  type="button"
                  id={`input-${f.id}`}
                  className={`input ${f.locked ? 'locked' : ''}`}
                  aria-labelledby={`label-${f.id} input-${f.id}`}
                  aria-pressed={active === f.id}
                  disabled={f.locked}
                  onClick={() => setActive(f.id)}
                >
                  {draft?.id === f.id ? draft.value : (values[f.id] ?? '')}
                  {f.locked && <span className="lock-note"> · {t(`apply.from.${source}`)}</span>}
                  {masked.includes(f.id) && draft?.id !== f.id && (
                    <span className="lock-note"> · {t(`apply.fromMasked.${source}`)}</span>
                  )}
                </button>
              )}
              {errors[f.id] && (
                <span className="field-error" role="alert">
                  {t([`form.error.${errors[f.id] ?? ''}`, 'form.error.generic'])}
                </span>
              )}
            </div>
          ))}
          <div className="field">
            <span className="field-label" id="label-delivery">
              {t('apply.delivery')}
            </span>
            <div className="options" role="radiogroup" aria-labelledby="label-delivery">
              {matter.delivery.map((d) => (
                <button
                  key={d}
                  type="button"
                  role="radio"
                  className="chip"
                  aria-checked={view.form?.delivery === d}
                  onClick={() => void client.call('journey.setDelivery', { delivery: d })}
                >
                  {t(`delivery.${d}`)}
                </button>
              ))}
            </div>
          </div>
          <MaterialsSection view={view} matter={matter} />
        </div>
        {activeField && (
          <div className="typing">
            <p className="typing-label">{t('apply.typing', { field: pick(activeField.label, view.locale) })}</p>
            <Keyboard
              key={activeField.id}
              mode={keyboardFor(activeField).mode}
              allowModes={keyboardFor(activeField).modes}
              // A field still showing the card's masked value starts afresh: the hidden text is never edited.
              onInput={(k) => edit(activeField.id, textOf(activeField.id) + k)}
              onBackspace={() => edit(activeField.id, [...textOf(activeField.id)].slice(0, -1).join(''))}
            />
          </div>
        )}
      </div>
      <div className="actions">
        <BackButton />
        <ActionButton reason={reason} testId="form-next" onClick={() => void client.call('journey.formSubmit')}>
          {t('common.next')}
        </ActionButton>
      </div>
    </section>
  );
}

/**
 * What the citizen is asked to check: every field, what they typed in full; the card's personal
 * fields masked (a bystander may see the screen), each with a "show to me" button that asks main
 * to show it in full for a few seconds. Main decides, and masks it again by itself; the screen
 * holds the full value only while main's view carries it.
 */
function Review({ view, matter }: { view: SessionView; matter: MatterView }) {
  const { t } = useTranslation();
  const client = useClient();
  const values = view.form?.values ?? {};
  const revealable = view.form?.revealable ?? [];
  const revealed = view.form?.revealed ?? null;
  const source = view.identity?.method ?? 'idcard';
  return (
    <section className="review">
      <Header view={view} matter={matter} />
      <NoticeBanner notice={view.notice} />
      <h2>{t('apply.reviewTitle')}</h2>
      {revealable.length > 0 && <p className="review-hint">{t('apply.revealHint')}</p>}
      <dl className="review-list">
        {matter.form.map((f) => {
          const label = pick(f.label, view.locale);
          const canReveal = revealable.includes(f.id);
          const shown = revealed === f.id;
          return (
            <div key={f.id} data-field={f.id} data-revealed={shown}>
              <dt>{label}</dt>
              <dd className="review-dd">
                <span className="review-text">
                  {/* Polite: the value read out when main shows it in full, and again when it is masked. */}
                  <span className="review-value" data-testid={`review-${f.id}`} aria-live="polite">
                    {f.kind === 'select'
                      ? pick(f.options.find((o) => o.value === values[f.id])?.label, view.locale)
                      : (values[f.id] ?? '—')}
                  </span>
                  <span className="lock-note review-source">
                    {canReveal || f.locked ? t(`apply.from.${source}`) : values[f.id] ? t('apply.typed') : ''}
                    {shown && ` · ${t('apply.revealedNote')}`}
                  </span>
                </span>
                {canReveal && (
                  <button
                    type="button"
                    className="button eye"
                    aria-label={t('apply.revealLabel', { field: label })}
                    aria-pressed={shown}
                    data-testid={`reveal-${f.id}`}
                    onClick={() => void client.call('journey.reveal', { field: f.id })}
                  >
                    <EyeIcon open={shown} />
                    <span>{t('apply.revealButton')}</span>
                  </button>
                )}
              </dd>
            </div>
          );
        })}
        <div>
          <dt>{t('apply.delivery')}</dt>
          <dd>{view.form?.delivery ? t(`delivery.${view.form.delivery}`) : '—'}</dd>
        </div>
        {matter.materials
          .filter((m) => view.form?.materials[m.id] !== undefined)
          .map((m) => {
            const choice = view.form?.materials[m.id];
            return (
              <div key={m.id} data-testid={`review-material-${m.id}`}>
                <dt>{pick(m.name, view.locale)}</dt>
                <dd>{choice && <Provided choice={choice} name={pick(m.name, view.locale)} />}</dd>
              </div>
            );
          })}
      </dl>
      <div className="actions">
        <BackButton label={t('apply.edit')} />
        <button type="button" className="button primary" onClick={() => void client.call('journey.confirm')}>
          {t('apply.confirm')}
        </button>
      </div>
    </section>
  );
}

/** An eye (open while the value shows in full, struck through while it is masked), inline SVG. */
function EyeIcon({ open }: { open: boolean }) {
  return (
    <svg className="eye-icon" viewBox="0 0 24 24" width="28" height="28" aria-hidden="true" focusable="false">
      <path
        d="M1.5 12S5.5 4.5 12 4.5 22.5 12 22.5 12 18.5 19.5 12 19.5 1.5 12 1.5 12Z"
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinejoin="round"
      />
      <circle cx="12" cy="12" r="3.5" fill="currentColor" />
      {!open && <path d="M3 3l18 18" stroke="currentColor" strokeWidth="2.5" strokeLinecap="round" />}
    </svg>
  );
}

/** The back office did not issue the on-the-spot document: nothing printed; submit for later collection, or leave. */
function NotIssued({ view, matter }: { view: SessionView; matter: MatterView }) {
  const { t } = useTranslation();
  const client = useClient();
  return (
    <section className="done not-issued">
      <Header view={view} matter={matter} />
      <h2>{t('apply.notIssuedTitle')}</h2>
      <NoticeBanner notice={view.notice} />
      <p>{t('apply.notIssuedHint')}</p>
      <div className="actions">
        <BackButton label={t('apply.notIssuedBack')} />
        <button type="button" className="button primary" onClick={() => void client.call('journey.collectLater')}>
          {t('apply.collectLater')}
        </button>
      </div>
    </section>
  );
}

function Done({ view, matter }: { view: SessionView; matter: MatterView }) {
  const { t } = useTranslation();
  const client = useClient();
  const r = view.result;
  return (
    <section className="done">
      <Header view={view} matter={matter} />
      <Transmission transmission={r?.transmission} />
      <p className="application-no">
        {t('apply.applicationNo')} <strong data-testid="application-no">{r?.applicationNo}</strong>
      </p>
      <p>{r?.receiptPrinted ? t('apply.receiptPrinted') : t('apply.receiptNotPrinted')}</p>
      {r?.documentPrinted === true && <p>{t('apply.documentPrinted')}</p>}
      {r?.documentPrinted === false && <p className="notice bad">{t('apply.documentNotPrinted')}</p>}
      {!matter.instant && <p>{t('apply.next', { days: matter.timeLimitDays ?? 0 })}</p>}
      {matter.instant && r?.documentPrinted === null && <p>{t('apply.collectLaterDone')}</p>}
      {/* Where the originals went (a compartment, or the counter when none was free). */}
      <NoticeBanner notice={view.notice} />
      <button type="button" className="button primary" onClick={() => void client.call('journey.done')}>
        {t('common.finish')}
      </button>
    </section>
  );
}

/**
 * Where the application stands with the back office, updated live while the screen shows:
 * acknowledged (with its reference), being sent, or saved here while the back office is unreachable.
 */
function Transmission({ transmission }: { transmission: NonNullable<SessionView['result']>['transmission'] | undefined }) {
  const { t } = useTranslation();
  const state = transmission?.state ?? 'sending';
  const title = {
    sent: t('apply.done'),
    sending: t('apply.doneSending'),
    offline: t('apply.doneOffline'),
    held: t('apply.doneHeld'),
  }[state];
  return (
    <div className="transmission" data-testid="transmission" data-state={state} role="status" aria-live="polite">
      <h2>{title}</h2>
      {state === 'sent' && transmission?.reference && <p>{t('apply.doneReference', { reference: transmission.reference })}</p>}
      {state === 'sending' && <p>{t('apply.doneSendingHint')}</p>}
      {state === 'offline' && <p>{t('apply.doneOfflineHint')}</p>}
    </div>
  );
}
