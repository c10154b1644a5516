import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProgressItem, SessionView } from '../../../main/base/api/contract';
import { useClient } from '../api/context';
import { Busy } from '../components/Busy';
import { Keyboard } from '../components/Keyboard';
import { NoticeBanner } from '../components/NoticeBanner';
import { pick } from '../i18n/text';
import { BackButton } from '../components/BackButton';

/** Loose check before main's own (main normalises case and hyphens and decides). */
const NUMBER_LIKE = /^[A-Za-z0-9-]{9,40}$/;

/** Progress lookup (办件查询): ask by card, receipt QR or number; show status, steps and where to collect. */
export function Progress({ view }: { view: SessionView }) {
  const step = view.step ?? '';
  if (step === 'progress.lookup') return <Busy step={step} />;
  if (step === 'progress.result' && view.progress) return <Result view={view} progress={view.progress} />;
  return <Ask view={view} />;
}

function Ask({ view }: { view: SessionView }) {
  const { t } = useTranslation();
  const client = useClient();
  const [value, setValue] = useState('');
  return (
    <section className="progress-ask">
      <h1>{t('progress.title')}</h1>
      <NoticeBanner notice={view.notice} />
      <div className="progress-ways">
        <div className="identify-ways">
          <div className="way">
            <div className="card-slot" aria-hidden="true" />
            <p className="instruction">{t('progress.byCard')}</p>
            <p className="hint">{t('progress.byCardHint')}</p>
          </div>
          <div className="way">
            <div className="qr-slot" aria-hidden="true" />
            <p className="instruction">{t('progress.byQr')}</p>
            <p className="hint">{t('progress.byQrHint')}</p>
          </div>
        </div>
        <div className="way progress-number">
          <p className="instruction">{t('progress.byNumber')}</p>
          <output
            className={`code-display number-display${value === '' ? ' placeholder' : ''}`}
            aria-label={t('progress.byNumber')}
            data-testid="progress-number"
          >
            {value === '' ? t('progress.numberExample') : value}
          </output>
          <Keyboard
            mode="latin"
            allowModes={['latin']}
            onInput={(k) => /^[A-Za-z0-9-]$/.test(k) && setValue((v) => (v + k.toUpperCase()).slice(0, 40))}
            onBackspace={() => setValue((v) => v.slice(0, -1))}
          />
          <p className="hint">{t('progress.byNumberHint')}</p>
          <button
            type="button"
            className="button primary"
            disabled={!NUMBER_LIKE.test(value)}
            onClick={() => {
              void client.call('journey.progressLookup', { applicationNo: value });
              setValue('');
            }}
          >
            {t('progress.lookup')}
          </button>
        </div>
      </div>
      <div className="actions">
        <BackButton />
      </div>
    </section>
  );
}

function Result({ view, progress }: { view: SessionView; progress: NonNullable<SessionView['progress']> }) {
  const { t } = useTranslation();
  const client = useClient();
  return (
    <section className="progress-result" data-by={progress.by}>
      <h1>{t('progress.resultTitle')}</h1>
      <NoticeBanner notice={view.notice} />
      {progress.by === 'number' && <p className="hint">{t('progress.numberOnly')}</p>}
      {progress.items.length === 0 ? (
        <p className="instruction" data-testid="progress-none">
          {t('progress.none')}
        </p>
      ) : (
        <ul className="progress-list">
          {progress.items.map((item) => (
            <Item key={item.applicationNo} item={item} locale={view.locale} />
          ))}
        </ul>
      )}
      <div className="actions">
        <BackButton label={t('progress.another')} />
        <button type="button" className="button primary" onClick={() => void client.call('journey.done')}>
          {t('common.finish')}
        </button>
      </div>
    </section>
  );
}

function when(at: string, locale: string): string {
  const d = new Date(at);
  return Number.isNaN(d.getTime()) ? at : d.toLocaleString(locale, { hour12: false, dateStyle: 'medium', timeStyle: 'short' });
}

function Item({ item, locale }: { item: ProgressItem; locale: string }) {
  const { t } = useTranslation();
  const client = useClient();
  const name = pick(item.matterNames, locale) || item.matterId;
  const c = item.collection;
  return (
    <li className="progress-item" data-application={item.applicationNo} data-state={item.state}>
      <div className="progress-head">
        <h2>{name}</h2>
        <span className={`badge state state-${item.state}`} data-testid="progress-state">
          {t(`progress.state.${item.state}`)}
        </span>
      </div>
      <dl className="progress-facts">
        <dt>{t('progress.number')}</dt>
        <dd data-testid="progress-application-no">{item.applicationNo}</dd>
        {item.maskedName !== null && (
          <>
            <dt>{t('progress.applicant')}</dt>
            <dd data-testid="progress-applicant">{item.maskedName}</dd>
          </>
        )}
        <dt>{t('progress.updated')}</dt>
        <dd>{when(item.updatedAt, locale)}</dd>
      </dl>
      {c && (
        <div className="progress-collect" data-testid="progress-collection" data-method={c.method}>
          <p className="instruction">
            {t(`progress.collect.${c.method}`, { place: c.place ?? '' })}
            {c.holdUntil !== null && (
              <span className="hint"> · {t('progress.holdUntil', { at: when(c.holdUntil, locale) })}</span>
            )}
          </p>
          {c.method === 'locker' && c.here && (
            <button type="button" className="button primary" onClick={() => void client.call('journey.progressCollect')}>
              {t('progress.collectHere')}
            </button>
          )}
        </div>
      )}
      <h3 className="progress-history-title">{t('progress.history')}</h3>
      <ol className="progress-history" aria-label={t('progress.history')}>
        {item.history.map((h, i) => (
          <li key={`${h.state}-${h.at}-${i}`}>
            <span>{t(`progress.state.${h.state}`)}</span>
            <time dateTime={h.at}>{when(h.at, locale)}</time>
          </li>
        ))}
      </ol>
    </li>
  );
}
