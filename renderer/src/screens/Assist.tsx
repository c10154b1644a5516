import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionView } from '../../../main/base/api/contract';
import { useClient } from '../api/context';
import { ActionButton } from '../components/ActionButton';
import { BusyNote } from '../components/Busy';
import { Keyboard, type KeyboardMode } from '../components/Keyboard';
import { assistNeeds, needsText, staffNeeds } from '../components/missing';
import { NoticeBanner } from '../components/NoticeBanner';
import { useStaffCredential } from '../staff/use-staff-credential';
import { BackButton } from '../components/BackButton';

/** The documents staff may check (the contract's list; main refuses any other). */
const DOCUMENTS = ['temporary-id', 'household-register', 'passport', 'hkmo-permit', 'police-certificate'] as const;
type Document = (typeof DOCUMENTS)[number];

/** Main's refusals of a staff-typed identity: the register said no, or could not be asked. */
const REFUSALS = new Set([
  'assist-not-in-register',
  'assist-name-mismatch',
  'assist-person-inactive',
  'assist-register-unavailable',
]);

/**
 * Staff-assisted identification: the citizen has no card at hand and asked for staff. Main has
 * called them; the member of staff who comes proves who they are here, checks another document
 * and types the citizen's name and ID number. Main checks everything; this screen only collects it.
 */
export function Assist({ view }: { view: SessionView }) {
  const step = view.step ?? '';
  // While the staff login is checked the form stays (with its badge number) so a wrong PIN is retyped alone;
  // likewise the entry stays while the register checks it, so a refused name is corrected, not retyped.
  if (step === 'assist.entry' || step === 'assist.recording') return <AssistEntry view={view} />;
  return <AssistWaiting view={view} />;
}

interface PadField {
  id: string;
  label: string;
  value: string;
  set: (v: string) => void;
  max: number;
  secret?: boolean;
  modes: KeyboardMode[];
}

/** Fields typed on the on-screen keyboard (a badge reader or keyboard may type into them too). */
function PadFields({ fields, active, setActive }: { fields: PadField[]; active: string; setActive: (id: string) => void }) {
  const field = fields.find((f) => f.id === active) ?? fields[0];
  return (
    <div className="pad-fields">
      {fields.map((f) => (
        <label key={f.id} className={`field ${f.id === active ? 'active' : ''}`}>
          <span className="field-label">{f.label}</span>
          <input
            className="input"
            data-field={f.id}
            type={f.secret ? 'password' : 'text'}
            autoComplete="off"
            maxLength={f.max}
            value={f.value}
            onFocus={() => setActive(f.id)}
            onChange={(e) => f.set(e.target.value.slice(0, f.max))}
          />
        </label>
      ))}
      {field && (
        <Keyboard
          key={field.id}
          mode={field.modes[0] ?? 'latin'}
          allowModes={field.modes}
          onInput={(k) => field.set((field.value + k).slice(0, field.max))}
          onBackspace={() => field.set(field.value.slice(0, -1))}
        />
      )}
    </div>
  );
}

function AssistWaiting({ view }: { view: SessionView }) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const { method, setMethod, card, setCard, pin, setPin, staffId, setStaffId, code, setCode, complete, take } =
    useStaffCredential();
  const [active, setActive] = useState('card');
  const fields: PadField[] =
    method === 'card'
      ? [
          {
            id: 'card',
            label: t('staff.prompt.card'),
            value: card,
            set: (v) => setCard(v.toUpperCase()),
            max: 40,
            modes: ['latin', 'numeric'],
          },
          { id: 'pin', label: t('staff.prompt.pin'), value: pin, set: setPin, max: 12, secret: true, modes: ['numeric'] },
        ]
      : [
          {
            id: 'staffId',
            label: t('staff.prompt.staffId'),
            value: staffId,
            set: (v) => setStaffId(v.toUpperCase()),
            max: 32,
            modes: ['latin', 'numeric'],
          },
          { id: 'code', label: t('staff.prompt.code'), value: code, set: setCode, max: 6, modes: ['numeric'] },
        ];
  const checking = view.step === 'assist.verifying';
  const ready = !checking && complete;
  // What the login still needs, named by the fields' own labels.
  const labels: Record<string, string> = Object.fromEntries(fields.map((f) => [f.id, f.label]));
  const reason = complete
    ? null
    : (needsText(
        t,
        i18n.language,
        staffNeeds(method, { card, pin, staffId, code }).map((n) => labels[n] ?? n),
      ) ?? t('assist.staffIncomplete'));
  const submit = (): void => {
    void client.call('journey.staffVerify', take());
  };
  const choose = (m: 'card' | 'totp'): void => {
    setMethod(m);
    setActive(m === 'card' ? 'card' : 'staffId');
  };

  return (
    <section className="assist">
      <h1>{t('assist.waitingTitle')}</h1>
      <p className="instruction">{t('assist.waiting')}</p>
      <NoticeBanner notice={view.notice} />
      <form
        className="assist-staff"
        aria-labelledby="assist-staff-title"
        onSubmit={(e) => {
          e.preventDefault();
          if (ready) submit();
        }}
      >
        <h2 id="assist-staff-title">{t('assist.staffOnly')}</h2>
        <div className="staff-tabs" role="tablist">
          <button type="button" role="tab" aria-selected={method === 'card'} className="chip" onClick={() => choose('card')}>
            {t('staff.prompt.cardTab')}
          </button>
          <button type="button" role="tab" aria-selected={method === 'totp'} className="chip" onClick={() => choose('totp')}>
            {t('staff.prompt.totpTab')}
          </button>
        </div>
        <PadFields fields={fields} active={active} setActive={setActive} />
        {reason !== null && !checking && (
          <p id="assist-staff-reason" className="disabled-reason" data-testid="assist-staff-reason">
            {reason}
          </p>
        )}
        <button
          type="submit"
          className="button primary"
          disabled={!ready}
          aria-busy={checking || undefined}
          aria-describedby={reason !== null && !checking ? 'assist-staff-reason' : undefined}
        >
          {checking ? t('busy.assist-verifying') : t('assist.staffGo')}
        </button>
        {checking && <BusyNote step="assist.verifying" />}
      </form>
      <BackButton label={t('assist.cancel')} />
    </section>
  );
}

function AssistEntry({ view }: { view: SessionView }) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const [document, setDocument] = useState<Document | null>(null);
  const [name, setName] = useState('');
  const [idNumber, setIdNumber] = useState('');
  const [active, setActive] = useState('name');
  // Staff may also check the face against the register photo, where a face camera is there.
  const [face, setFace] = useState(false);
  const setId = (v: string): void =>
    setIdNumber(
      v
        .toUpperCase()
        .replace(/[^0-9X]/g, '')
        .slice(0, 18),
    );
  const fields: PadField[] = [
    { id: 'name', label: t('assist.name'), value: name, set: setName, max: 30, modes: ['pinyin', 'latin'] },
    { id: 'idNumber', label: t('assist.idNumber'), value: idNumber, set: setId, max: 18, modes: ['numeric'] },
  ];
  const checking = view.step === 'assist.recording';
  // 确认身份 waits for the document checked, the name and a whole ID number, and says which is missing.
  const reason = needsText(
    t,
    i18n.language,
    assistNeeds({ document, name, idNumber }).map((n) => t(`assist.need.${n}`)),
  );
  // The register did not confirm the pair (or could not be asked): say what to do next.
  const refused = view.notice !== null && REFUSALS.has(view.notice.code);

  return (
    <section className="assist">
      <h1>{t('assist.entryTitle')}</h1>
      {view.assistStaff && (
        <p className="who" data-testid="assist-staff">
          {t('assist.staffIs', { name: view.assistStaff.name, id: view.assistStaff.staffId })}
        </p>
      )}
      <NoticeBanner notice={view.notice} />
      {refused && (
        <p className="instruction" data-testid="assist-refused">
          {t(view.notice?.code === 'assist-register-unavailable' ? 'assist.unavailableHint' : 'assist.refusedHint')}
        </p>
      )}
      <div className="field">
        <span className="field-label" id="assist-document">
          {t('assist.document')}
        </span>
        <div className="options" role="radiogroup" aria-labelledby="assist-document">
          {DOCUMENTS.map((d) => (
            <button
              key={d}
              type="button"
              role="radio"
              className="chip"
              aria-checked={document === d}
              onClick={() => setDocument(d)}
            >
              {t(`assist.documents.${d}`)}
            </button>
          ))}
        </div>
      </div>
      <PadFields fields={fields} active={active} setActive={setActive} />
      {active === 'idNumber' && (
        <button type="button" className="button key-x" onClick={() => setId(idNumber + 'X')}>
          X
        </button>
      )}
      {view.assistStaff?.faceCheck && (
        <button
          type="button"
          role="checkbox"
          className="chip assist-face"
          aria-checked={face}
          data-testid="assist-face"
          onClick={() => setFace(!face)}
        >
          <span aria-hidden="true">{face ? '☑ ' : '☐ '}</span>
          {t('assist.faceCheck')}
        </button>
      )}
      <div className="actions">
        <ActionButton
          reason={reason}
          busy={checking}
          testId="assist-confirm"
          onClick={() =>
            document &&
            void client.call('journey.staffIdentify', {
              name: name.trim(),
              idNumber,
              document,
              ...(face && view.assistStaff?.faceCheck ? { faceCheck: true } : {}),
            })
          }
        >
          {checking ? t('assist.checking') : t('assist.confirm')}
        </ActionButton>
        <BackButton label={t('assist.cancel')} />
      </div>
      {checking && <BusyNote step="assist.recording" />}
    </section>
  );
}
