import { useTranslation } from 'react-i18next';
import { useClient } from '../api/context';

/** 好差评: five levels, anonymous, skippable. */
export function Rating() {
  const { t } = useTranslation();
  const client = useClient();
  return (
    <section className="rating">
      <h1>{t('rating.title')}</h1>
      <p className="hint">{t('rating.hint')}</p>
      <div className="rating-scale" role="group" aria-label={t('rating.title')}>
        {[5, 4, 3, 2, 1].map((score) => (
          <button
            key={score}
            type="button"
            className={`tile rate rate-${score}`}
            onClick={() => void client.call('journey.rate', { score })}
          >
            <span className="tile-title">{t(`rating.level${score}`)}</span>
          </button>
        ))}
      </div>
      <button type="button" className="button" onClick={() => void client.call('journey.skipRating')}>
        {t('rating.skip')}
      </button>
    </section>
  );
}
