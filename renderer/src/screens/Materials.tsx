import { useTranslation } from 'react-i18next';
import type { MatterView, SessionView } from '../../../main/base/api/contract';
import { useClient } from '../api/context';
import { Busy } from '../components/Busy';
import { CameraPreview } from '../components/CameraPreview';
import { NoticeBanner } from '../components/NoticeBanner';
import { pick } from '../i18n/text';
import './materials.css';
import { BackButton } from '../components/BackButton';

type Material = MatterView['materials'][number];
type Choice = NonNullable<SessionView['form']>['materials'][string];

/**
 * The matter's materials on the form (#16): each one says how the standard obtains it, or offers
 * what the citizen can do here — photograph the paper (拍照提交), use an e-licence the back office
 * holds (使用电子证照), or declare it (告知承诺) — and shows what was provided. Main decides what is
 * allowed and whether the form may go on; the pages themselves never leave main (only thumbnails).
 */
export function MaterialsSection({ view, matter }: { view: SessionView; matter: MatterView }) {
  const { t } = useTranslation();
  if (matter.materials.length === 0) return null;
  const missing = new Set(view.form?.missingMaterials ?? []);
  return (
    <div className="materials" data-testid="materials">
      <h2>{t('apply.materials')}</h2>
      <ul>
        {matter.materials.map((m) => (
          <MaterialRow key={m.id} view={view} m={m} choice={view.form?.materials[m.id]} missing={missing.has(m.id)} />
        ))}
      </ul>
    </div>
  );
}

function MaterialRow({
  view,
  m,
  choice,
  missing,
}: {
  view: SessionView;
  m: Material;
  choice: Choice | undefined;
  missing: boolean;
}) {
  const { t } = useTranslation();
  const client = useClient();
  const name = pick(m.name, view.locale);
  if (m.ways.length === 0)
    return (
      <li className="material" data-material={m.id}>
        <span className="material-name">{name}</span> — <span className="trust">{t(`trust.${m.trust}`)}</span>
      </li>
    );
  return (
    <li className="material" data-material={m.id} data-provided={choice?.how ?? 'none'} data-missing={missing}>
      <div className="material-head">
        <span className="material-name">{name}</span>
        {m.required && <span className="badge">{t('materials.required')}</span>}
      </div>
      {choice ? (
        <Provided choice={choice} name={name} />
      ) : (
        missing && <p className="material-missing">{t('materials.missing')}</p>
      )}
      <div className="material-ways">
        {m.ways.includes('scan') && (
          <button type="button" className="button" onClick={() => void client.call('journey.materialScan', { materialId: m.id })}>
            {choice?.how === 'scan' ? t('materials.scanMore') : t('materials.scan')}
          </button>
        )}
        {m.ways.includes('licence') && (
          <button
            type="button"
            className="button"
            onClick={() => void client.call('journey.materialLicence', { materialId: m.id })}
          >
            {t('materials.licence')}
          </button>
        )}
        {m.ways.includes('declare') && (
          <button
            type="button"
            role="checkbox"
            aria-checked={choice?.how === 'declare'}
            className="chip"
            onClick={() => void client.call('journey.materialDeclare', { materialId: m.id, declared: choice?.how !== 'declare' })}
          >
            <span aria-hidden="true">{choice?.how === 'declare' ? '☑ ' : '☐ '}</span>
            {t('materials.declare')}
          </button>
        )}
        {m.ways.includes('deposit') && (
          <button
            type="button"
            role="checkbox"
            aria-checked={choice?.how === 'deposit'}
            className="chip"
            onClick={() => void client.call('journey.materialDeposit', { materialId: m.id, deposit: choice?.how !== 'deposit' })}
          >
            <span aria-hidden="true">{choice?.how === 'deposit' ? '☑ ' : '☐ '}</span>
            {t('materials.deposit')}
          </button>
        )}
        {choice && choice.how !== 'declare' && choice.how !== 'deposit' && (
          <button
            type="button"
            className="button link"
            onClick={() => void client.call('journey.materialClear', { materialId: m.id })}
          >
            {t('materials.clear')}
          </button>
        )}
      </div>
    </li>
  );
}

/** What was provided: the pages' thumbnails, the e-licence, the declaration, or the original to deposit. */
export function Provided({ choice, name }: { choice: Choice; name: string }) {
  const { t } = useTranslation();
  if (choice.how === 'scan')
    return (
      <div className="material-provided">
        <p>{t('materials.pages', { n: choice.pages.length })}</p>
        <ol className="thumbs" aria-label={t('materials.pagesOf', { name })}>
          {choice.pages.map((p, i) => (
            <li key={p.pageId}>
              <img src={p.thumb} alt={t('materials.pageN', { n: i + 1 })} />
            </li>
          ))}
        </ol>
      </div>
    );
  if (choice.how === 'licence')
    return (
      <p className="material-provided" data-testid="licence-chosen">
        {t('materials.licenceChosen', {
          title: choice.licence.title,
          issuer: choice.licence.issuer,
          date: choice.licence.issuedOn,
        })}
      </p>
    );
  if (choice.how === 'deposit') return <p className="material-provided">{t('materials.deposited')}</p>;
  return <p className="material-provided">{t('materials.declared')}</p>;
}

/** The scan step: the document camera's live picture, 拍摄本页, and the pages taken so far. */
export function Scan({ view, matter }: { view: SessionView; matter: MatterView }) {
  const { t } = useTranslation();
  const client = useClient();
  const materialId = view.scan?.materialId ?? '';
  const m = matter.materials.find((x) => x.id === materialId);
  const choice = view.form?.materials[materialId];
  const pages = choice?.how === 'scan' ? choice.pages : [];
  const capturing = view.step === 'apply.scan.capturing';
  return (
    <section className="scan" aria-busy={capturing}>
      <h1>{t('materials.scanTitle', { name: m ? pick(m.name, view.locale) : '' })}</h1>
      <p className="instruction">{view.scan?.auto ? t('materials.scanHowAuto') : t('materials.scanHow')}</p>
      <NoticeBanner notice={view.notice} />
      <div className="scan-body">
        <CameraPreview
          className="scan-preview"
          testId="scan-preview"
          alt={t('materials.previewAlt')}
          starting={t('materials.cameraStarting')}
        />
        <div className="scan-side">
          <button
            type="button"
            className="button primary scan-capture"
            disabled={capturing}
            onClick={() => void client.call('journey.scanCapture')}
          >
            {capturing ? t('materials.capturing') : t('materials.capture')}
          </button>
          <ol className="scan-pages" aria-label={t('materials.pagesOf', { name: m ? pick(m.name, view.locale) : '' })}>
            {pages.map((p, i) => (
              <li key={p.pageId} data-page={p.pageId}>
                <img src={p.thumb} alt={t('materials.pageN', { n: i + 1 })} />
                <span className="page-no">{t('materials.pageN', { n: i + 1 })}</span>
                <div className="page-actions">
                  <button
                    type="button"
                    className="button"
                    disabled={i === 0}
                    aria-label={t('materials.moveUp', { n: i + 1 })}
                    onClick={() => void client.call('journey.scanMove', { pageId: p.pageId, by: -1 })}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    className="button"
                    disabled={i === pages.length - 1}
                    aria-label={t('materials.moveDown', { n: i + 1 })}
                    onClick={() => void client.call('journey.scanMove', { pageId: p.pageId, by: 1 })}
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    className="button"
                    aria-label={t('materials.deletePage', { n: i + 1 })}
                    onClick={() => void client.call('journey.scanDelete', { pageId: p.pageId })}
                  >
                    {t('materials.delete')}
                  </button>
                </div>
              </li>
            ))}
          </ol>
        </div>
      </div>
      <div className="actions">
        <button
          type="button"
          className="button primary"
          disabled={capturing}
          onClick={() => void client.call('journey.scanDone')}
        >
          {t('materials.done', { n: pages.length })}
        </button>
      </div>
    </section>
  );
}

/** The e-licence step: the licences the back office holds for the person that satisfy the material. */
export function Licences({ view, matter }: { view: SessionView; matter: MatterView }) {
  const { t } = useTranslation();
  const client = useClient();
  const list = view.licences?.list ?? null;
  const m = matter.materials.find((x) => x.id === view.licences?.materialId);
  if (list === null) return <Busy step="licences" />;
  return (
    <section className="licences">
      <h1>{t('materials.licenceTitle', { name: m ? pick(m.name, view.locale) : '' })}</h1>
      <NoticeBanner notice={view.notice} />
      {list.length === 0 ? (
        <p className="instruction" data-testid="no-licences">
          {t('materials.noLicences')}
        </p>
      ) : (
        <ul className="licence-list">
          {list.map((l) => (
            <li key={l.reference}>
              <button
                type="button"
                className="button licence"
                onClick={() => void client.call('journey.licencePick', { reference: l.reference })}
              >
                <span className="licence-title">{l.title}</span>
                <span className="licence-meta">{t('materials.licenceMeta', { issuer: l.issuer, date: l.issuedOn })}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="actions">
        <BackButton />
      </div>
    </section>
  );
}
