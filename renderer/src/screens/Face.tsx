import { useTranslation } from 'react-i18next';
import type { SessionView } from '../../../main/base/api/contract';
import { useClient } from '../api/context';
import { useMatter } from '../api/use-matter';
import { CameraPreview } from '../components/CameraPreview';
import { NoticeBanner } from '../components/NoticeBanner';
import { pick } from '../i18n/text';
import './face.css';
import { BackButton } from '../components/BackButton';

/**
 * 人证核验: the face check after the card is read. Main decides every step (face.consent →
 * face.checking → identified, or face.retry / face.unavailable); this screen shows the separate
 * consent (purpose, handler, nothing kept, done on this terminal), the camera preview main sends
 * while it captures, and the outcome — with the staff-assisted path offered on every step, as a
 * button of the same size and weight as the camera path.
 */
export function Face({ view }: { view: SessionView }) {
  const { t } = useTranslation();
  const client = useClient();
  const matter = useMatter(view.matterId);
  const step = view.step ?? '';
  const face = view.face;
  const staff = (
    <button type="button" className="button" data-testid="face-staff" onClick={() => void client.call('journey.askStaff')}>
      {t('face.askStaff')}
    </button>
  );
  const back = <BackButton />;
  if (step === 'face.consent')
    return (
      <section className="face">
        <h1>{t('face.consentTitle')}</h1>
        {matter && <p className="face-matter">{t('face.forMatter', { matter: pick(matter.names, view.locale) })}</p>}
        <NoticeBanner notice={view.notice} />
        <dl className="consent-text" data-testid="face-consent">
          <div>
            <dt>{t('consent.handler')}</dt>
            <dd>{face ? pick(face.handler, view.locale) : ''}</dd>
          </div>
          <div>
            <dt>{t('consent.purpose')}</dt>
            <dd>{t('face.purposeText')}</dd>
          </div>
          <div>
            <dt>{t('face.howTitle')}</dt>
            <dd>{t('face.howText')}</dd>
          </div>
          <div>
            <dt>{t('face.keptTitle')}</dt>
            <dd>{t('face.keptText')}</dd>
          </div>
          <div>
            <dt>{t('face.otherTitle')}</dt>
            <dd>{t('face.otherText')}</dd>
          </div>
        </dl>
        <div className="actions face-choice">
          <button
            type="button"
            className="button primary"
            data-testid="face-agree"
            onClick={() => void client.call('journey.faceAgree')}
          >
            {t('face.agree')}
          </button>
          {staff}
          {back}
        </div>
      </section>
    );
  if (step === 'face.checking')
    return (
      <section className="face" aria-busy="true">
        <h1>{t('face.checkingTitle')}</h1>
        <Preview />
        <p className="instruction" role="status">
          {t('face.checkingText')}
        </p>
        <div className="actions">{back}</div>
      </section>
    );
  const attemptsLeft = face?.attemptsLeft ?? 0;
  const canRetry = step === 'face.retry' && attemptsLeft > 0;
  return (
    <section className="face">
      <h1>{step === 'face.unavailable' ? t('face.unavailableTitle') : t('face.retryTitle')}</h1>
      <NoticeBanner notice={view.notice} />
      {step === 'face.retry' && (
        <p className="hint" data-testid="face-attempts">
          {canRetry ? t('face.attemptsLeft', { n: attemptsLeft }) : t('face.noAttempts')}
        </p>
      )}
      <div className="actions face-choice">
        {canRetry && (
          <button type="button" className="button primary" onClick={() => void client.call('journey.faceRetry')}>
            {t('face.retry')}
          </button>
        )}
        {staff}
        {back}
      </div>
    </section>
  );
}

/** The face camera's preview, mirrored, with the oval to place the face in. */
function Preview() {
  const { t } = useTranslation();
  return (
    <CameraPreview className="face-preview" testId="face-preview" alt={t('face.previewAlt')} starting={t('face.cameraStarting')}>
      <div className="face-oval" aria-hidden="true" />
    </CameraPreview>
  );
}
