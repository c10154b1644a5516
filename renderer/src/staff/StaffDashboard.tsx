import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Compartment, StaffAction, StaffDashboard, StaffView } from '../../../main/base/api/contract';
import { useClient } from '../api/context';

type Outcome = { action: string; outcome: string; detail: string };

export function StaffDashboardScreen({ view }: { view: StaffView }) {
  const { t } = useTranslation();
  const client = useClient();
  const [dash, setDash] = useState<StaffDashboard | null>(null);
  const [mine, setMine] = useState<StaffAction[]>([]);
  const [last, setLast] = useState<Outcome | null>(null);

  const reload = useCallback(() => {
    void client.call('staff.dashboard').then((r) => r.ok && setDash(r.value));
    void client.call('staff.myActions').then((r) => r.ok && setMine(r.value));
  }, [client]);

  useEffect(() => {
    reload();
    const off = client.on('staff.dashboard', setDash);
    const offHealth = client.on('device.health', () => reload());
    const offService = client.on('service.health', () => reload());
    return () => {
      off();
      offHealth();
      offService();
    };
  }, [client, reload]);

  // A finished load (door closed) comes back as a view change: refresh what it changed.
  useEffect(() => {
    if (view.screen === 'dashboard') reload();
  }, [view.screen, reload]);

  const run = (p: Promise<{ ok: true; value: Outcome } | { ok: false; error: { code: string } }>): void => {
    void p.then((r) => {
      setLast(r.ok ? r.value : { action: '', outcome: r.error.code, detail: '' });
      reload();
    });
  };

  return (
    <div className="staff-overlay staff-dashboard" role="region" aria-label={t('staff.dashboard.title')}>
      <header className="staff-head">
        <h2>{t('staff.dashboard.title')}</h2>
        <span className="staff-who">{view.staff?.name}</span>
        <button type="button" className="button" onClick={() => void client.call('staff.logout')}>
          {t('staff.logout')}
        </button>
      </header>
      {last && (
        <p className="notice staff-outcome" role="status" data-outcome={last.outcome}>
          {t('staff.outcome', {
            action: last.action ? t(`staff.actions.${last.action}`, { defaultValue: last.action }) : '',
            outcome: last.outcome,
          })}
          {last.detail ? ` (${last.detail})` : ''}
        </p>
      )}
      {view.screen === 'loading' && view.load ? (
        <section className="staff-panel staff-loading" role="status">
          <h3>{t('staff.load.doorOpen', { door: view.load.door })}</h3>
          <p>{t('staff.load.closeDoor', { applicationNo: view.load.applicationNo })}</p>
        </section>
      ) : (
        <div className="staff-grid">
          {dash && <Health dash={dash} />}
          <Actions run={run} allowExit={view.allowExitToOs} />
          {dash && <LoadLocker run={run} />}
          <section className="staff-panel">
            <h3>{t('staff.mine.title')}</h3>
            <ul className="staff-list staff-mine">
              {mine.map((a) => (
                <li key={`${a.at}-${a.action}`}>
                  {new Date(a.at).toLocaleTimeString()} · {t(`staff.actions.${a.action}`, { defaultValue: a.action })} ·{' '}
                  {a.outcome}
                </li>
              ))}
            </ul>
          </section>
        </div>
      )}
    </div>
  );
}

function Health({ dash }: { dash: StaffDashboard }) {
  const { t } = useTranslation();
  return (
    <section className="staff-panel staff-health">
      <h3>{t('staff.dashboard.devices')}</h3>
      <ul className="staff-list">
        {dash.devices.map((d) => (
          <li key={d.id} data-device={d.id} data-state={d.state}>
            <strong>{d.id}</strong> {t(`staff.state.${d.state}`)}
            {d.code ? ` · ${d.code}` : ''}
          </li>
        ))}
        {dash.services.map((s) => (
          <li key={s.id} data-service={s.id} data-state={s.state}>
            <strong>{t(`staff.dashboard.${s.id}`, { defaultValue: s.id })}</strong> {t(`staff.state.${s.state}`)}
            {s.code ? ` · ${s.code}` : ''}
            {s.restarts > 0 ? ` · ${t('staff.dashboard.restarts', { n: s.restarts })}` : ''}
          </li>
        ))}
      </ul>
      <dl className="staff-facts">
        <dt>{t('staff.dashboard.paper')}</dt>
        <dd data-testid="receipt-paper">{t(`staff.paper.${dash.receiptPaper}`)}</dd>
        <dt>{t('staff.dashboard.a4')}</dt>
        <dd>{dash.a4Queue ? `${dash.a4Queue.state} · ${t('staff.dashboard.pending', { n: dash.a4Queue.pending })}` : '—'}</dd>
        <dt>{t('staff.dashboard.sync')}</dt>
        <dd>{dash.sync ? t('staff.dashboard.syncText', { queued: dash.sync.queued, audit: dash.sync.auditPending }) : '—'}</dd>
        <dt>{t('staff.dashboard.backoffice')}</dt>
        <dd>{dash.backoffice.reachable === null ? '—' : dash.backoffice.reachable ? t('staff.yes') : t('staff.no')}</dd>
        <dt>{t('staff.dashboard.config')}</dt>
        <dd>{dash.configVersion}</dd>
        <dt>{t('staff.dashboard.disk')}</dt>
        <dd>{dash.diskFreeMiB === null ? '—' : `${dash.diskFreeMiB} MiB`}</dd>
        <dt>{t('staff.dashboard.uptime')}</dt>
        <dd>{Math.floor(dash.uptimeSeconds / 60)} min</dd>
      </dl>
      {dash.lastErrors.length > 0 && (
        <>
          <h4>{t('staff.dashboard.errors')}</h4>
          <ul className="staff-list">
            {dash.lastErrors.map((e) => (
              <li key={`${e.at}-${e.source}-${e.code}`}>
                {new Date(e.at).toLocaleTimeString()} · {e.source} · {e.code}
              </li>
            ))}
          </ul>
        </>
      )}
      {dash.lockers.map((l) => (
        <div key={l.deviceId} className="staff-doors" aria-label={l.deviceId}>
          {l.compartments.map((c) => (
            <span
              key={c.label}
              className="staff-door"
              data-door={c.label}
              data-holds={c.holds}
              data-state={c.door}
              data-oos={c.outOfOrder}
            >
              {c.label}
            </span>
          ))}
        </div>
      ))}
    </section>
  );
}

type Run = (p: Promise<{ ok: true; value: Outcome } | { ok: false; error: { code: string } }>) => void;

function Actions({ run, allowExit }: { run: Run; allowExit: boolean }) {
  const { t } = useTranslation();
  const client = useClient();
  const [appNo, setAppNo] = useState('');
  const [door, setDoor] = useState('');
  const [folder, setFolder] = useState('');
  return (
    <section className="staff-panel staff-actions">
      <h3>{t('staff.dashboard.actions')}</h3>
      <div className="staff-buttons">
        <button type="button" className="button" onClick={() => run(client.call('staff.testPrint', { printer: 'receipt' }))}>
          {t('staff.actions.test-print-receipt')}
        </button>
        <button type="button" className="button" onClick={() => run(client.call('staff.testPrint', { printer: 'a4' }))}>
          {t('staff.actions.test-print-a4')}
        </button>
        <button type="button" className="button" onClick={() => run(client.call('staff.clearA4Queue'))}>
          {t('staff.actions.clear-a4-queue')}
        </button>
        <button type="button" className="button" onClick={() => run(client.call('staff.emptyDeposits'))}>
          {t('staff.actions.empty-deposits')}
        </button>
        <button type="button" className="button" onClick={() => void client.call('staff.cleanScreen')}>
          {t('staff.actions.clean-screen')}
        </button>
        <button
          type="button"
          className="button"
          onClick={() =>
            void client.call('staff.selfTest').then((r) =>
              run(
                Promise.resolve(
                  r.ok
                    ? {
                        ok: true as const,
                        value: {
                          action: 'self-test',
                          outcome: r.value.every((x) => x.ok) ? 'ok' : 'faults',
                          detail: r.value
                            .filter((x) => !x.ok)
                            .map((x) => `${x.device}: ${x.detail}`)
                            .join('; '),
                        },
                      }
                    : r,
                ),
              ),
            )
          }
        >
          {t('staff.actions.self-test')}
        </button>
        <button type="button" className="button" onClick={() => run(client.call('staff.restart'))}>
          {t('staff.actions.restart')}
        </button>
        {allowExit && (
          <button type="button" className="button" onClick={() => run(client.call('staff.exitToOs'))}>
            {t('staff.actions.exit-to-os')}
          </button>
        )}
      </div>
      <label className="field">
        <span className="field-label">{t('staff.field.applicationNo')}</span>
        <input className="input" value={appNo} onChange={(e) => setAppNo(e.target.value.trim())} data-testid="reprint-app" />
      </label>
      <button
        type="button"
        className="button"
        disabled={appNo === ''}
        onClick={() => run(client.call('staff.reprintReceipt', { applicationNo: appNo }))}
      >
        {t('staff.actions.reprint-receipt')}
      </button>
      <label className="field">
        <span className="field-label">{t('staff.field.door')}</span>
        <input
          className="input"
          value={door}
          placeholder="A-01"
          onChange={(e) => setDoor(e.target.value.trim().toUpperCase())}
          data-testid="door"
        />
      </label>
      <div className="staff-buttons">
        <button
          type="button"
          className="button"
          disabled={door === ''}
          onClick={() => run(client.call('staff.openCompartment', { door }))}
        >
          {t('staff.actions.open-compartment')}
        </button>
        <button
          type="button"
          className="button"
          disabled={door === ''}
          onClick={() => run(client.call('staff.setCompartmentOutOfOrder', { door, outOfOrder: true }))}
        >
          {t('staff.actions.out-of-order')}
        </button>
        <button
          type="button"
          className="button"
          disabled={door === ''}
          onClick={() => run(client.call('staff.setCompartmentOutOfOrder', { door, outOfOrder: false }))}
        >
          {t('staff.actions.back-in-order')}
        </button>
      </div>
      <label className="field">
        <span className="field-label">{t('staff.field.folder')}</span>
        <input className="input" value={folder} placeholder="/media/usb" onChange={(e) => setFolder(e.target.value)} />
      </label>
      <button
        type="button"
        className="button"
        disabled={folder === ''}
        onClick={() => run(client.call('staff.exportLogs', { folder }))}
      >
        {t('staff.actions.export-logs')}
      </button>
    </section>
  );
}

function LoadLocker({ run }: { run: Run }) {
  const { t } = useTranslation();
  const client = useClient();
  const [appNo, setAppNo] = useState('');
  const [free, setFree] = useState<Compartment[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const find = (): void => {
    setError(null);
    void client.call('staff.loadCandidates', { applicationNo: appNo }).then((r) => {
      if (r.ok) setFree(r.value.free);
      else {
        setFree(null);
        setError(r.error.code);
      }
    });
  };
  return (
    <section className="staff-panel staff-load">
      <h3>{t('staff.load.title')}</h3>
      <label className="field">
        <span className="field-label">{t('staff.field.applicationNo')}</span>
        <input className="input" value={appNo} onChange={(e) => setAppNo(e.target.value.trim())} data-testid="load-app" />
      </label>
      <button type="button" className="button primary" disabled={appNo === ''} onClick={find}>
        {t('staff.load.find')}
      </button>
      {error && (
        <p className="field-error" role="alert">
          {t('staff.load.error', { code: error })}
        </p>
      )}
      {free && (
        <div className="staff-doors" role="list" aria-label={t('staff.load.choose')}>
          {free.length === 0 && <p>{t('staff.load.none')}</p>}
          {free.map((c) => (
            <button
              key={c.label}
              type="button"
              role="listitem"
              className="chip staff-door-choice"
              onClick={() => run(client.call('staff.loadLocker', { applicationNo: appNo, door: c.label }))}
            >
              {c.label} · {c.size}
            </button>
          ))}
        </div>
      )}
    </section>
  );
}
