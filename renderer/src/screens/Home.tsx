import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MatterView, SessionView } from '../../../main/base/api/contract';
import { useClient } from '../api/context';
import { Keyboard } from '../components/Keyboard';
import { pick } from '../i18n/text';

type Filter = 'all' | 'instant' | 'later' | 'legal-person';

export function Home({ view }: { view: SessionView }) {
  const { t } = useTranslation();
  const client = useClient();
  const [query, setQuery] = useState('');
  const [matters, setMatters] = useState<MatterView[]>([]);
  const [filter, setFilter] = useState<Filter>('all');
  const [typing, setTyping] = useState(false);

  useEffect(() => {
    let live = true;
    void client.call('catalog.search', { query }).then((r) => live && r.ok && setMatters(r.value));
    return () => {
      live = false;
    };
  }, [client, query]);

  const shown = useMemo(
    () =>
      matters.filter((m) =>
        filter === 'instant'
          ? m.instant
          : filter === 'later'
            ? !m.instant
            : filter === 'legal-person'
              ? m.audience !== 'person'
              : true,
      ),
    [matters, filter],
  );
  const groups = useMemo(() => {
    const g = new Map<string, MatterView[]>();
    for (const m of shown) g.set(m.category, [...(g.get(m.category) ?? []), m]);
    return [...g.entries()];
  }, [shown]);

  return (
    <section className="home">
      <div className="quick-actions">
        <button type="button" className="tile action" onClick={() => void client.call('journey.choose', { purpose: 'collect' })}>
          <span className="tile-title">{t('home.collect')}</span>
          <span className="tile-sub">{t('home.collectSub')}</span>
        </button>
        <button
          type="button"
          className="tile action"
          data-action="progress"
          onClick={() => void client.call('journey.choose', { purpose: 'progress' })}
        >
          <span className="tile-title">{t('home.progress')}</span>
          <span className="tile-sub">{t('home.progressSub')}</span>
        </button>
        <button type="button" className="tile action" onClick={() => void client.call('journey.choose', { purpose: 'deposit' })}>
          <span className="tile-title">{t('home.deposit')}</span>
          <span className="tile-sub">{t('home.depositSub')}</span>
        </button>
        <button type="button" className="tile action" onClick={() => void client.call('journey.report')}>
          <span className="tile-title">{t('home.report')}</span>
          <span className="tile-sub">{t('home.reportSub')}</span>
        </button>
        <button type="button" className="tile action" onClick={() => void client.call('journey.choose', { purpose: 'mydata' })}>
          <span className="tile-title">{t('home.mydata')}</span>
          <span className="tile-sub">{t('home.mydataSub')}</span>
        </button>
      </div>
      <h1>{t('home.title')}</h1>
      <div className="search-row">
        <button type="button" className="search-box" onClick={() => setTyping((x) => !x)} aria-expanded={typing}>
          {query === '' ? t('home.searchPlaceholder') : query}
        </button>
        {query !== '' && (
          <button type="button" className="button" onClick={() => setQuery('')}>
            {t('home.clearSearch')}
          </button>
        )}
      </div>
      {typing && (
        <Keyboard
          mode="latin"
          allowModes={['latin', 'pinyin']}
          onInput={(k) => setQuery((q) => (q + k).slice(0, 40))}
          onBackspace={() => setQuery((q) => q.slice(0, -1))}
        />
      )}
      <div className="filters" role="group" aria-label={t('home.filter')}>
        {(['all', 'instant', 'later', 'legal-person'] as const).map((f) => (
          <button key={f} type="button" className="chip" aria-pressed={filter === f} onClick={() => setFilter(f)}>
            {t(`home.filters.${f}`)}
          </button>
        ))}
      </div>
      {groups.length === 0 && <p className="hint">{t('home.noResults')}</p>}
      {groups.map(([category, list]) => (
        <div className="category" key={category}>
          <h2>{pick(list[0]?.categoryNames, view.locale)}</h2>
          <div className="tiles">
            {list.map((m) => (
              <button
                key={m.id}
                type="button"
                className="tile matter"
                data-matter={m.id}
                onClick={() => void client.call('journey.choose', { purpose: 'apply', matterId: m.id })}
              >
                <span className="tile-title">{pick(m.names, view.locale)}</span>
                <span className={`badge ${m.instant ? 'instant' : 'later'}`}>
                  {m.instant ? t('home.instant') : t('home.later', { days: m.timeLimitDays ?? 0 })}
                </span>
              </button>
            ))}
          </div>
        </div>
      ))}
    </section>
  );
}
