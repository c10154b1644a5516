import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MatterView, SessionView } from '../../../main/base/api/contract';
import { useClient } from '../api/context';
import { NoticeBanner } from '../components/NoticeBanner';
import { pick } from '../i18n/text';

type ConsentView = NonNullable<SessionView['consent']>;
type Item = ConsentView['items'][number];

/**
 * The personal-information notice (PIPL art. 17): who handles the data, for what, exactly the
 * items this matter collects, how long this terminal keeps them, the citizen's rights — and a
 * separate consent for the sensitive items (art. 29). Main sends what to list and refuses an
 * agreement without the separate consent; this screen only shows it.
 */
export function Consent({ view, matter }: { view: SessionView; matter: MatterView }) {
  const { t } = useTranslation();
  const client = useClient();
  const [separate, setSeparate] = useState(false);
  const consent = view.consent;
  if (!consent) return null;
  const name = (i: Item): string => (i.kind === 'identity' ? t(`consent.item.${i.id}`) : pick(i.label ?? undefined, view.locale));
  const list = (items: Item[]): string => items.map(name).join(t('consent.separator'));
  const sensitive = consent.items.filter((i) => i.sensitive);
  const blocked = sensitive.length > 0 && !separate;
  return (
    <section className="consent">
      <h1>{t('consent.title')}</h1>
      <NoticeBanner notice={view.notice} />
      <dl className="consent-text">
        <div>
          <dt>{t('consent.handler')}</dt>
          <dd data-testid="consent-handler">{pick(consent.handler, view.locale)}</dd>
        </div>
        <div>
          <dt>{t('consent.purpose')}</dt>
          <dd>{t('consent.purposeText', { matter: pick(matter.names, view.locale) })}</dd>
        </div>
        <div>
          <dt>{t('consent.items')}</dt>
          <dd data-testid="consent-items">{list(consent.items)}</dd>
        </div>
        <div>
          <dt>{t('consent.retention')}</dt>
          <dd>
            {consent.retentionDays === 0
              ? t('consent.retentionNow')
              : consent.retentionDays === 1
                ? t('consent.retentionOneDay')
                : t('consent.retentionDays', { days: consent.retentionDays })}
          </dd>
        </div>
        <div>
          <dt>{t('consent.rights')}</dt>
          <dd>{t('consent.rightsText')}</dd>
        </div>
      </dl>
      {sensitive.length > 0 && (
        <div className="consent-sensitive">
          <p>{t('consent.sensitiveText', { items: list(sensitive) })}</p>
          <button
            type="button"
            role="checkbox"
            aria-checked={separate}
            className={`button consent-check${separate ? ' on' : ''}`}
            onClick={() => setSeparate((v) => !v)}
          >
            <span className="check-box" aria-hidden="true">
              {separate ? '✓' : ''}
            </span>
            {t('consent.sensitiveAgree')}
          </button>
        </div>
      )}
      <p>{t('consent.p3')}</p>
      <div className="actions">
        <button type="button" className="button" onClick={() => void client.call('journey.decline')}>
          {t('consent.decline')}
        </button>
        <button
          type="button"
          className="button primary"
          disabled={blocked}
          aria-describedby={blocked ? 'consent-blocked' : undefined}
          onClick={() => void client.call('journey.agree', { sensitiveConsent: separate })}
        >
          {t('consent.agree')}
        </button>
      </div>
      {blocked && (
        <p id="consent-blocked" className="disabled-reason">
          {t('consent.sensitiveNeeded')}
        </p>
      )}
    </section>
  );
}
