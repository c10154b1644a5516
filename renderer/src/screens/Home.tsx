import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CatalogOverview, CatalogPage, MatterView, SessionView } from '../../../main/base/api/contract';
import { useClient } from '../api/context';
import { Keyboard } from '../components/Keyboard';
import { pick } from '../i18n/text';
import './home.css';
import { Icon } from '../components/Icon';

/** The ways into the catalog; main decides what each lists (main/features/catalog/browse.ts). */
type Way = 'common' | 'department' | 'lifeEvent' | 'person' | 'legal' | 'all';
type Timing = 'all' | 'instant' | 'later';

/**
 * Large buttons a page: two columns of six in portrait; in landscape (four columns, home.css) two
 * rows, so that no row runs under the pager at 1920×1080; eight in elder mode.
 */
const PAGE_SIZE = 12;
const PAGE_SIZE_LANDSCAPE = 8;
const PAGE_SIZE_ELDER = 8;

/** Whether the window is wider than tall (it follows a rotated or resized window). */
function useLandscape(): boolean {
  const query = '(orientation: landscape)';
  const [landscape, setLandscape] = useState(() => window.matchMedia(query).matches);
  useEffect(() => {
    const mq = window.matchMedia(query);
    const follow = (): void => setLandscape(mq.matches);
    follow();
    mq.addEventListener('change', follow);
    return () => mq.removeEventListener('change', follow);
  }, []);
  return landscape;
}

/**
 * Home: the citizen's way to a matter among hundreds (the seed's hall has 1,052). 常办事项 first,
 * then by department, by life event (一件事), by audience (个人/企业) or by search (Chinese, pinyin,
 * initials, synonyms), one page of large buttons at a time. A matter opens its page (conditions,
 * materials, time limit, fee, where to collect) before identification; 办理 goes on. The page is
 * this screen's own state: choosing is the session machine's first step only once 办理 is tapped.
 */
export function Home({ view }: { view: SessionView }) {
  const { t } = useTranslation();
  const client = useClient();
  const [overview, setOverview] = useState<CatalogOverview | null>(null);
  const [query, setQuery] = useState('');
  const [typing, setTyping] = useState(false);
  const [way, setWay] = useState<Way>('common');
  /** The department or life event chosen inside those ways; '' shows the choice of groups. */
  const [group, setGroup] = useState('');
  const [timing, setTiming] = useState<Timing>('all');
  const [pageNo, setPageNo] = useState(0);
  /**
   * The page shown, with the list it belongs to (way, group, search, filter, page size) and the
   * heading it may stay under while the next one loads (every search shares one: results change
   * as the citizen types, they do not blink out at each key).
   */
  const [shown, setShown] = useState<{ key: string; heading: string; page: CatalogPage } | null>(null);
  const [detail, setDetail] = useState<MatterView | null>(null);
  const landscape = useLandscape();
  const pageSize = view.elderMode ? PAGE_SIZE_ELDER : landscape ? PAGE_SIZE_LANDSCAPE : PAGE_SIZE;

  useEffect(() => {
    let live = true;
    void client.call('catalog.overview').then((r) => live && r.ok && setOverview(r.value));
    return () => {
      live = false;
    };
  }, [client]);

  const searching = query !== '';
  const needsGroup = !searching && (way === 'department' || way === 'lifeEvent') && group === '';
  const args = useMemo(
    () =>
      searching
        ? { by: 'search' as const, key: query }
        : way === 'department' || way === 'lifeEvent'
          ? { by: way, key: group }
          : way === 'person' || way === 'legal'
            ? { by: 'audience' as const, key: way === 'person' ? 'person' : 'legal-person' }
            : { by: way },
    [searching, query, way, group],
  );
  const listKey = JSON.stringify([args, timing, pageSize]);
  const heading = searching ? JSON.stringify(['search', timing, pageSize]) : listKey;
  useEffect(() => {
    if (needsGroup) return;
    let live = true;
    void client
      .call('catalog.browse', { ...args, timing, page: pageNo, pageSize })
      .then((r) => live && r.ok && setShown({ key: listKey, heading, page: r.value }));
    return () => {
      live = false;
    };
  }, [client, args, timing, pageSize, listKey, heading, pageNo, needsGroup]);
  // Another list's page is never shown under this list's heading (while its first page loads,
  // nothing is); a new page of the same list, or the results of a longer search, replace the old
  // ones when they come.
  const list = shown !== null && shown.heading === heading ? shown.page : null;

  const chooseWay = (w: Way): void => {
    setWay(w);
    setGroup('');
    setPageNo(0);
    setQuery('');
  };
  const openMatter = (id: string): void => {
    void client.call('catalog.get', { id }).then((r) => r.ok && setDetail(r.value));
  };

  if (detail !== null) {
    return (
      <MatterDetail
        matter={detail}
        locale={view.locale}
        onBack={() => setDetail(null)}
        onStart={() => void client.call('journey.choose', { purpose: 'apply', matterId: detail.id })}
      />
    );
  }

  const ways: Way[] = [
    ...((overview?.common ?? 0) > 0 ? (['common'] as const) : []),
    ...((overview?.departments.length ?? 0) > 0 ? (['department'] as const) : []),
    ...((overview?.lifeEvents.length ?? 0) > 0 ? (['lifeEvent'] as const) : []),
    ...(overview?.audiences.some((a) => a.id === 'person') ? (['person'] as const) : []),
    ...(overview?.audiences.some((a) => a.id === 'legal-person') ? (['legal'] as const) : []),
    'all',
  ];
  const groups = way === 'department' ? overview?.departments : way === 'lifeEvent' ? overview?.lifeEvents : undefined;
  const groupName = pick(groups?.find((g) => g.id === group)?.names, view.locale);

  return (
    <section className="home" data-catalog-total={overview?.total ?? ''}>
      <div className="quick-actions">
        <button type="button" className="tile action" onClick={() => void client.call('journey.choose', { purpose: 'collect' })}>
          <Icon name="locker" className="icon action-icon" />
          <span className="tile-title">{t('home.collect')}</span>
          <span className="tile-sub">{t('home.collectSub')}</span>
        </button>
        <button
          type="button"
          className="tile action"
          data-action="progress"
          onClick={() => void client.call('journey.choose', { purpose: 'progress' })}
        >
          <Icon name="search" className="icon action-icon" />
          <span className="tile-title">{t('home.progress')}</span>
          <span className="tile-sub">{t('home.progressSub')}</span>
        </button>
        <button type="button" className="tile action" onClick={() => void client.call('journey.choose', { purpose: 'deposit' })}>
          <Icon name="inbox" className="icon action-icon" />
          <span className="tile-title">{t('home.deposit')}</span>
          <span className="tile-sub">{t('home.depositSub')}</span>
        </button>
        <button type="button" className="tile action" onClick={() => void client.call('journey.report')}>
          <Icon name="chat" className="icon action-icon" />
          <span className="tile-title">{t('home.report')}</span>
          <span className="tile-sub">{t('home.reportSub')}</span>
        </button>
        <button type="button" className="tile action" onClick={() => void client.call('journey.choose', { purpose: 'mydata' })}>
          <Icon name="privacy" className="icon action-icon" />
          <span className="tile-title">{t('home.mydata')}</span>
          <span className="tile-sub">{t('home.mydataSub')}</span>
        </button>
      </div>
      <div className="home-head">
        <h1>{t('home.title')}</h1>
        <div className="search-row">
          <button type="button" className="search-box" onClick={() => setTyping((x) => !x)} aria-expanded={typing}>
            {query === '' ? t('home.searchPlaceholder') : query}
          </button>
          {query !== '' && (
            <button
              type="button"
              className="button"
              onClick={() => {
                setQuery('');
                setPageNo(0);
              }}
            >
              {t('home.clearSearch')}
            </button>
          )}
        </div>
      </div>
      {typing && (
        <Keyboard
          mode="latin"
          allowModes={['latin', 'pinyin']}
          onInput={(k) => {
            setQuery((q) => (q + k).slice(0, 40));
            setPageNo(0);
          }}
          onBackspace={() => {
            setQuery((q) => q.slice(0, -1));
            setPageNo(0);
          }}
        />
      )}
      {!searching && (
        <div className="home-ways" role="group" aria-label={t('home.nav.label')}>
          {ways.map((w) => (
            <button key={w} type="button" className="way" data-way={w} aria-pressed={way === w} onClick={() => chooseWay(w)}>
              {t(`home.nav.${w}`)}
            </button>
          ))}
        </div>
      )}
      {needsGroup ? (
        <>
          <h2>{way === 'department' ? t('home.pickDepartment') : t('home.pickLifeEvent')}</h2>
          <div className="home-groups">
            {(groups ?? []).map((g) => (
              <button
                key={g.id}
                type="button"
                className="group-button"
                data-group={g.id}
                onClick={() => {
                  setGroup(g.id);
                  setPageNo(0);
                }}
              >
                <span className="tile-title">
                  <Icon name={g.icon} className="icon tile-icon" />
                  {pick(g.names, view.locale)}
                </span>
                <span className="tile-sub">{t('home.matterCount', { n: g.count })}</span>
              </button>
            ))}
          </div>
        </>
      ) : (
        <>
          <div className="home-list-head">
            {!searching && group !== '' && (
              <button type="button" className="button" data-action="back-to-groups" onClick={() => setGroup('')}>
                {t('home.backToGroups')}
              </button>
            )}
            <h2>{searching ? t('home.searchResults', { query }) : group !== '' ? groupName : t(`home.nav.${way}`)}</h2>
            <div className="filters" role="group" aria-label={t('home.filter')}>
              {(['all', 'instant', 'later'] as const).map((f) => (
                <button
                  key={f}
                  type="button"
                  className="chip"
                  data-timing={f}
                  aria-pressed={timing === f}
                  onClick={() => {
                    setTiming(f);
                    setPageNo(0);
                  }}
                >
                  {t(`home.filters.${f}`)}
                </button>
              ))}
            </div>
          </div>
          {list !== null && list.total === 0 && <p className="hint">{t('home.noResults')}</p>}
          <div
            className="tiles"
            data-page={list?.page ?? ''}
            data-page-size={list ? pageSize : ''}
            aria-busy={list === null || shown?.key !== listKey}
          >
            {(list?.items ?? []).map((m) => (
              <button key={m.id} type="button" className="tile matter" data-matter={m.id} onClick={() => openMatter(m.id)}>
                <Icon name={m.icon} className="icon matter-icon" />
                <span className="tile-body">
                  <span className="tile-title">{pick(m.names, view.locale)}</span>
                  <span className="tile-meta">
                    <span className={`badge ${m.instant ? 'instant' : 'later'}`}>
                      {m.instant ? t('home.instant') : t('home.later', { days: m.timeLimitDays ?? 0 })}
                    </span>
                    {m.departmentNames && (searching || way !== 'department') && (
                      <span className="tile-sub">{pick(m.departmentNames, view.locale)}</span>
                    )}
                  </span>
                </span>
              </button>
            ))}
          </div>
          {list !== null && list.total > 0 && (
            <nav className="pager" aria-label={t('home.pager.label')}>
              <button
                type="button"
                className="button"
                data-action="page-prev"
                disabled={list.page === 0}
                onClick={() => setPageNo(list.page - 1)}
              >
                {t('home.pager.prev')}
              </button>
              <span className="pager-status" aria-live="polite">
                {t('home.pager.page', { page: list.page + 1, pages: list.pageCount })}
                {' · '}
                {t('home.resultCount', { n: list.total })}
              </span>
              <button
                type="button"
                className="button"
                data-action="page-next"
                disabled={list.page >= list.pageCount - 1}
                onClick={() => setPageNo(list.page + 1)}
              >
                {t('home.pager.next')}
              </button>
            </nav>
          )}
        </>
      )}
    </section>
  );
}

/** A matter's page before identification: what it takes, how long, what it costs, how the result comes. */
function MatterDetail({
  matter: m,
  locale,
  onBack,
  onStart,
}: {
  matter: MatterView;
  locale: string;
  onBack: () => void;
  onStart: () => void;
}) {
  const { t } = useTranslation();
  return (
    <section className="home matter-detail" data-detail={m.id} aria-label={t('home.detail.label')}>
      <h1 className="detail-title">
        <Icon name={m.icon} className="icon detail-icon" />
        {pick(m.names, locale)}
      </h1>
      <p>
        <span className={`badge ${m.instant ? 'instant' : 'later'}`}>
          {m.instant ? t('home.instant') : t('home.later', { days: m.timeLimitDays ?? 0 })}
        </span>
      </p>
      {m.description && <p>{pick(m.description, locale)}</p>}
      <dl className="detail-facts">
        {m.departmentNames && (
          <>
            <dt>{t('home.detail.department')}</dt>
            <dd>{pick(m.departmentNames, locale)}</dd>
          </>
        )}
        <dt>{t('home.detail.conditions')}</dt>
        <dd data-fact="conditions">{m.conditions ? pick(m.conditions, locale) : t('home.detail.conditionsNone')}</dd>
        <dt>{t('apply.materials')}</dt>
        <dd data-fact="materials">
          <ul>
            {m.materials.map((x) => (
              <li key={x.id}>
                {pick(x.name, locale)}
                {!x.required && t('home.detail.optional')} — {t(`trust.${x.trust}`)}
              </li>
            ))}
          </ul>
        </dd>
        <dt>{t('home.detail.timeLimit')}</dt>
        <dd data-fact="time-limit">
          {m.instant ? t('home.detail.onTheSpot') : t('home.detail.days', { days: m.timeLimitDays ?? 0 })}
        </dd>
        <dt>{t('home.detail.fee')}</dt>
        <dd data-fact="fee">{m.feeYuan > 0 ? t('home.detail.yuan', { fee: m.feeYuan }) : t('home.detail.free')}</dd>
        <dt>{t('home.detail.delivery')}</dt>
        <dd data-fact="delivery">
          {m.delivery.map((d) => t(`delivery.${d}`)).join(' / ')}
          {m.pickup && <p className="hint">{pick(m.pickup, locale)}</p>}
        </dd>
        {m.lifeEvents.length > 0 && (
          <>
            <dt>{t('home.detail.lifeEvents')}</dt>
            <dd>{m.lifeEvents.map((e) => pick(e.names, locale)).join('、')}</dd>
          </>
        )}
      </dl>
      <div className="detail-actions">
        <button type="button" className="button" data-action="detail-back" onClick={onBack}>
          {t('home.detail.back')}
        </button>
        <button type="button" className="button primary" data-action="start-matter" onClick={onStart}>
          {t('home.detail.start')}
        </button>
      </div>
      <p className="hint">{t('home.detail.startHint')}</p>
    </section>
  );
}
