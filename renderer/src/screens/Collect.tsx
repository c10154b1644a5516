import { useTranslation } from 'react-i18next';
import type { SessionView } from '../../../main/base/api/contract';
import { useClient } from '../api/context';
import { Busy } from '../components/Busy';
import { LockerWall } from '../components/LockerWall';
import { doorPosition } from '../components/locker-wall';
import { NoticeBanner } from '../components/NoticeBanner';
import './collect.css';

/** Collect from the locker, deposit materials, and put an application's originals in: the door is chosen and opened by main. */
export function Collect({ view }: { view: SessionView }) {
  const { t } = useTranslation();
  const client = useClient();
  const step = view.step ?? '';
  if (step.endsWith('.lookup') || step.endsWith('.opening') || step.endsWith('.completing') || step.endsWith('.recording'))
    return <Busy step={step} />;

  if (step === 'collect.open' || step === 'deposit.open' || step === 'apply.originals.open') {
    // Where the door is: its number, its place in words, and the wall with the door highlighted.
    const wall = view.door?.wall ?? null;
    return (
      <section className={`door-open${wall ? ' with-wall' : ''}`}>
        <div className="door-open-text">
          <h1>{t('locker.doorOpen', { door: view.door?.label ?? '' })}</h1>
          <p className="door-label" data-testid="door">
            {view.door?.label}
          </p>
          {wall && (
            <p className="door-position" data-testid="door-position">
              {doorPosition(t, wall)}
            </p>
          )}
          <p className="instruction">
            {step === 'collect.open'
              ? t('locker.takeAndClose')
              : step === 'apply.originals.open'
                ? t('locker.putOriginalsAndClose')
                : t('locker.putAndClose')}
          </p>
          <NoticeBanner notice={view.notice} />
        </div>
        {wall && <LockerWall wall={wall} />}
      </section>
    );
  }
  if (step === 'deposit.done' || step === 'deposit.failed') {
    return (
      <section className="done">
        <NoticeBanner notice={view.notice} />
        <button type="button" className="button primary" onClick={() => void client.call('journey.done')}>
          {t('common.finish')}
        </button>
      </section>
    );
  }
  return (
    <section className="collect">
      <h1>{t('locker.title')}</h1>
      <NoticeBanner notice={view.notice} />
      {view.pickups.length === 0 ? (
        <p className="instruction">{t('locker.allCollected')}</p>
      ) : (
        <ul className="pickups">
          {view.pickups.map((p) => (
            <li key={p.pickupId}>
              <span>{t('locker.item', { no: p.applicationNo, door: p.door })}</span>
              <button
                type="button"
                className="button primary"
                onClick={() => void client.call('journey.openPickup', { pickupId: p.pickupId })}
              >
                {t('locker.open')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <button type="button" className="button" onClick={() => void client.call('journey.done')}>
        {t('common.finish')}
      </button>
    </section>
  );
}
