/**
 * Maintenance mode in the UI: the hidden entry (five taps in the top-left corner of the attract
 * screen within 3 s, or Ctrl+Alt+M), the staff prompt, the wait for a citizen, the dashboard,
 * the cleaning lock and the locker load. Main decides everything; this only renders and asks.
 *
 * The prompt and the dashboard are chunks of their own, off the attract screen's first load (cold
 * start, #18.7): they are fetched as soon as the app has shown its first view, long before staff
 * can ask for them.
 */
import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient } from '../api/context';
import { useSessionPhase, useStaffView, useTapCounter } from './use-staff';
import './staff.css';

const loadPrompt = () => import('./StaffPrompt');
const loadDashboard = () => import('./StaffDashboard');
const StaffPrompt = lazy(() => loadPrompt().then((m) => ({ default: m.StaffPrompt })));
const StaffDashboardScreen = lazy(() => loadDashboard().then((m) => ({ default: m.StaffDashboardScreen })));

export function StaffLayer() {
  const client = useClient();
  const view = useStaffView(client);
  const phase = useSessionPhase(client);
  const tap = useTapCounter(() => void client.call('maintenance.requestPrompt'));

  useEffect(() => {
    void loadPrompt();
    void loadDashboard();
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.ctrlKey && e.altKey && (e.key === 'm' || e.key === 'M')) {
        e.preventDefault();
        void client.call('maintenance.requestPrompt');
      }
    };
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
  }, [client]);

  if (!view) return null;
  switch (view.mode) {
    case 'closed':
      // An invisible tap zone (not a button, not in the accessibility tree) on the attract screen only.
      return phase === 'attract' ? (
        <div className="staff-corner" aria-hidden="true" data-testid="staff-corner" onPointerDown={tap} />
      ) : null;
    case 'prompt':
      return (
        <Suspense fallback={null}>
          <StaffPrompt view={view} />
        </Suspense>
      );
    case 'waiting':
    case 'confirm':
      return <StaffWait view={view} />;
    case 'active':
      if (view.screen === 'cleaning') return <CleaningLock seconds={view.cleaningSeconds} />;
      return (
        <Suspense fallback={null}>
          <StaffDashboardScreen view={view} />
        </Suspense>
      );
  }
}

function StaffWait({ view }: { view: { mode: string } }) {
  const { t } = useTranslation();
  const client = useClient();
  return (
    <div className="staff-overlay" role="dialog" aria-modal="true" aria-labelledby="staff-wait-title">
      <div className="dialog staff-dialog">
        <h2 id="staff-wait-title">{view.mode === 'confirm' ? t('staff.confirm.title') : t('staff.wait.title')}</h2>
        <p>{view.mode === 'confirm' ? t('staff.confirm.text') : t('staff.wait.text')}</p>
        <div className="dialog-actions">
          {view.mode === 'confirm' && (
            <button type="button" className="button primary" onClick={() => void client.call('staff.takeover')}>
              {t('staff.confirm.takeover')}
            </button>
          )}
          <button type="button" className="button" onClick={() => void client.call('staff.logout')}>
            {t('staff.cancel')}
          </button>
        </div>
      </div>
    </div>
  );
}

function CleaningLock({ seconds }: { seconds: number }) {
  const { t } = useTranslation();
  // Swallows every touch: nothing under it can be pressed while the screen is wiped.
  const swallow = (e: React.SyntheticEvent): void => {
    e.preventDefault();
    e.stopPropagation();
  };
  return (
    <div
      className="staff-cleaning"
      role="status"
      onPointerDownCapture={swallow}
      onClickCapture={swallow}
      onTouchStartCapture={swallow}
    >
      <p className="staff-cleaning-title">{t('staff.cleaning.title')}</p>
      <p>{t('staff.cleaning.text', { seconds })}</p>
    </div>
  );
}
