import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionView, SystemInfo } from '../../main/base/api/contract';
import type { ConnectionState, KioskClient } from './api/client';
import { ClientContext } from './api/context';
import { Attract } from './screens/Attract';
import { Identify } from './screens/Identify';
import { Assist } from './screens/Assist';
import { Face } from './screens/Face';
import { Home } from './screens/Home';
import { Apply } from './screens/Apply';
import { Collect } from './screens/Collect';
import { Report } from './screens/Report';
import { MyData } from './screens/MyData';
import { Progress } from './screens/Progress';
import { Rating } from './screens/Rating';
import { Busy } from './components/Busy';
import { Ending } from './screens/Ending';
import { OutOfService } from './screens/OutOfService';
import { StepIndicator } from './components/StepIndicator';
import { TopBar } from './components/TopBar';
import { WarningDialog } from './components/WarningDialog';
import { StaffLayer } from './staff/StaffLayer';

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
    document.documentElement.classList.toggle('contrast', view?.highContrast ?? false);
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

  const ready = view !== null && info !== null;
  // index.html's "starting" notice stays until the first view is there, and goes before it paints.
  useLayoutEffect(() => {
    if (ready) document.getElementById('holding')?.remove();
  }, [ready]);

  if (view === null || info === null) return <Connecting />;

  const screen = view.outOfService ? <OutOfService terminalId={info.terminalId} /> : <Screen info={info} view={view} />;

  return (
    <ClientContext.Provider value={client}>
      <div className="app" data-phase={view.phase} data-step={view.step ?? ''} data-session={view.sessionId ?? ''}>
        {view.phase !== 'attract' && !view.outOfService && <TopBar info={info} view={view} />}
        {!view.outOfService && <StepIndicator view={view} />}
        <main className="screen">{screen}</main>
        {view.warning && <WarningDialog key={view.sessionId} remainingMs={view.warning.remainingMs} />}
        {connection !== 'open' && <Reconnecting />}
        <StaffLayer />
      </div>
    </ClientContext.Provider>
  );
}

function Screen({ info, view }: { info: SystemInfo; view: SessionView }) {
  const step = view.step ?? '';
  switch (view.phase) {
    case 'attract':
      return <Attract info={info} view={view} />;
    case 'home':
      return <Home view={view} />;
    case 'identifying':
      if (step === 'verifyingQr' || step === 'resending') return <Busy step={step} />;
      if (step.startsWith('face.')) return <Face view={view} />;
      return step.startsWith('assist.') ? <Assist view={view} /> : <Identify view={view} panel={info.panel} />;
    case 'rating':
      return step === 'sendingRating' ? <Busy step="sendingRating" /> : <Rating />;
    case 'ending':
      return <Ending />;
    case 'serving':
      if (step.startsWith('apply.')) return <Apply view={view} />;
      if (step.startsWith('collect.') || step.startsWith('deposit.')) return <Collect view={view} />;
      if (step.startsWith('report.')) return <Report view={view} />;
      if (step.startsWith('mydata.')) return <MyData view={view} />;
      if (step.startsWith('progress.')) return <Progress view={view} />;
      return <Busy step={step} />;
  }
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
