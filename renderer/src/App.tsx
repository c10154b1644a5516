import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionView, SystemInfo } from '../../main/api/contract';
import type { ConnectionState, KioskClient } from './api/client';
import { ClientContext } from './api/context';
import { Attract } from './screens/Attract';
import { Identify } from './screens/Identify';
import { Ending } from './screens/Ending';
import { OutOfService } from './screens/OutOfService';
import { TopBar } from './components/TopBar';
import { WarningDialog } from './components/WarningDialog';

/** A touch counts as activity at most this often (the idle watch lives in main). */
const ACTIVITY_THROTTLE_MS = 1000;

export function App({ client }: { client: KioskClient }) {
  const { i18n } = useTranslation();
  const [view, setView] = useState<SessionView | null>(null);
  const [info, setInfo] = useState<SystemInfo | null>(null);
  const [connection, setConnection] = useState<ConnectionState>('connecting');
  const lastActivity = useRef(0);

  useEffect(() => {
    const offView = client.on('session.changed', setView);
    const offConn = client.onConnection((state) => {
      setConnection(state);
      if (state === 'open') {
        void client.call('session.snapshot').then((r) => r.ok && setView(r.value));
        void client.call('system.info').then((r) => r.ok && setInfo(r.value));
      }
    });
    return () => {
      offView();
      offConn();
    };
  }, [client]);

  useEffect(() => {
    if (view && i18n.language !== view.locale) void i18n.changeLanguage(view.locale);
    document.documentElement.lang = view?.locale ?? 'zh-CN';
    document.documentElement.classList.toggle('elder', view?.elderMode ?? false);
  }, [view, i18n]);

  useEffect(() => {
    if (view?.phase === undefined || view.phase === 'attract') return;
    const onTouch = (): void => {
      const now = performance.now();
      if (now - lastActivity.current < ACTIVITY_THROTTLE_MS) return;
      lastActivity.current = now;
      void client.call('session.activity');
    };
    window.addEventListener('pointerdown', onTouch, { capture: true });
    window.addEventListener('keydown', onTouch, { capture: true });
    return () => {
      window.removeEventListener('pointerdown', onTouch, { capture: true });
      window.removeEventListener('keydown', onTouch, { capture: true });
    };
  }, [client, view?.phase]);

  if (view === null || info === null) return <Connecting />;

  let screen;
  if (view.outOfService) screen = <OutOfService terminalId={info.terminalId} />;
  else if (view.phase === 'attract') screen = <Attract info={info} view={view} />;
  else if (view.phase === 'ending') screen = <Ending />;
  else screen = <Identify />;

  return (
    <ClientContext.Provider value={client}>
      <div className="app" data-phase={view.phase} data-session={view.sessionId ?? ''}>
        {view.phase !== 'attract' && !view.outOfService && <TopBar info={info} view={view} />}
        <main className="screen">{screen}</main>
        {view.warning && <WarningDialog key={view.sessionId} remainingMs={view.warning.remainingMs} />}
        {connection !== 'open' && <Reconnecting />}
      </div>
    </ClientContext.Provider>
  );
}

function Connecting() {
  return <div className="app connecting" aria-busy="true" />;
}

function Reconnecting() {
  const { t } = useTranslation();
  return (
    <div className="overlay" role="status">
      <p className="overlay-text">{t('connection.lost')}</p>
    </div>
  );
}
