import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Compartment, StaffAction, StaffDashboard, StaffView } from '../../../main/base/api/contract';
import { useClient } from '../api/context';
import { wallGrid } from '../components/locker-wall';
import { TextKeys } from './StaffKeys';
import {
  actionPhrase,
  codePhrase,
  formatTime,
  groupPhrase,
  kindPhrase,
  outcomePhrase,
  sourcePhrase,
  type Phrase,
} from './labels';

type Outcome = { action: string; outcome: string; detail: string };

/** A phrase, with its code or detail in small print when it has one. */
function Words({ p }: { p: Phrase }) {
  return (
    <>
      {p.text}
      {p.small !== null && <small className="staff-small"> ({p.small})</small>}
    </>
  );
}

/** "Test print (receipt): out of paper", with any code or detail in small print after it. */
function OutcomeLine({ outcome }: { outcome: Outcome }) {
  const { t } = useTranslation();
  const action = outcome.action ? actionPhrase(t, outcome.action) : null;
  const result = outcomePhrase(t, outcome.outcome);
  const small = [action?.small, result.small, outcome.detail || null].filter((x) => x != null && x !== '');
  return (
    <>
      {action ? t('staff.outcome', { action: action.text, outcome: result.text }) : result.text}
      {small.length > 0 && <small className="staff-small"> ({small.join(' · ')})</small>}
    </>
  );
}

/** The newest actions of the shift shown (the list is for a glance, the audit chain keeps them all). */
const MINE_SHOWN = 12;

/** What of an action's `k=v` detail staff need beside it: the door and the application, by value. */
function shownDetail(detail: string): string {
  return detail
    .split(' ')
    .map((kv) => /^(door|applicationNo)=(.+)$/.exec(kv)?.[2])
    .filter((v): v is string => v !== undefined)
    .join(' · ');
}

const STATE_ICON: Record<string, string> = { ok: '✓', degraded: '!', offline: '✕', unknown: '?' };

export function StaffDashboardScreen({ view }: { view: StaffView }) {
  const { t } = useTranslation();
  const client = useClient();
  const [dash, setDashOnly] = useState<StaffDashboard | null>(null);
  /** "Today" for the times shown: when the dashboard last came. */
  const [now, setNow] = useState(() => Date.now());
  const setDash = useCallback((d: StaffDashboard) => {
    setDashOnly(d);
    setNow(Date.now());
  }, []);
  const [mine, setMine] = useState<StaffAction[]>([]);
  const [last, setLast] = useState<Outcome | null>(null);
  const [door, setDoor] = useState('');

  const reload = useCallback(() => {
    void client.call('staff.dashboard').then((r) => r.ok && setDash(r.value));
    void client.call('staff.myActions').then((r) => r.ok && setMine(r.value));
  }, [client, setDash]);

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
  }, [client, reload, setDash]);

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
          <OutcomeLine outcome={last} />
        </p>
      )}
      {view.screen === 'loading' && view.load ? (
        <section className="staff-panel staff-loading" role="status">
          <h3>{t('staff.load.doorOpen', { door: view.load.door })}</h3>
          <p>{t('staff.load.closeDoor', { applicationNo: view.load.applicationNo })}</p>
        </section>
      ) : (
        <div className="staff-grid">
          {dash && <DeviceCards dash={dash} now={now} />}
          {dash && <Facts dash={dash} now={now} />}
          {dash && dash.lockers.length > 0 && <LockerMaps dash={dash} selected={door} onSelect={setDoor} />}
          <Actions run={run} allowExit={view.allowExitToOs} door={door} setDoor={setDoor} />
          {dash && <LoadLocker run={run} />}
          <section className="staff-panel">
            <h3>{t('staff.mine.title')}</h3>
            <ul className="staff-list staff-mine">
              {mine.slice(0, MINE_SHOWN).map((a) => (
                <li key={`${a.at}-${a.action}`}>
                  <time dateTime={new Date(a.at).toISOString()}>{formatTime(a.at, now, true)}</time> ·{' '}
                  <Words p={actionPhrase(t, a.action)} />
                  {a.outcome ? ' · ' : ''}
                  {a.outcome ? <Words p={outcomePhrase(t, a.outcome)} /> : null}
                  {shownDetail(a.detail) ? <small className="staff-small"> ({shownDetail(a.detail)})</small> : null}
                </li>
              ))}
            </ul>
          </section>
        </div>
      )}
    </div>
  );
}

/** One card per device and watched service: what it is, its state in words, its last error and since when. */
function DeviceCards({ dash, now }: { dash: StaffDashboard; now: number }) {
  const { t } = useTranslation();
  const kindOf = (id: string): string | null => dash.devices.find((d) => d.id === id)?.kind ?? null;
  const doorAt = (board: number, lock: number): string | null => {
    for (const l of dash.lockers) {
      const c = l.compartments.find((x) => x.board === board && x.lock === lock);
      if (c) return t('staff.dashboard.door', { door: c.label });
    }
    return null;
  };
  const lastErrorOf = (id: string) => dash.lastErrors.find((e) => e.source === id) ?? null;
  const cards = [
    ...dash.devices.map((d) => ({
      key: `device-${d.id}`,
      attrs: { 'data-device': d.id },
      name: kindPhrase(t, d.kind),
      id: d.id,
      state: d.state,
      code: d.code,
      since: d.since,
      emulated: d.emulated,
      restarts: 0,
    })),
    ...dash.services.map((s) => ({
      key: `service-${s.id}`,
      attrs: { 'data-service': s.id },
      name: groupPhrase(t, 'source', s.id),
      id: null,
      state: s.state,
      code: s.code,
      since: s.since,
      emulated: false,
      restarts: s.restarts,
    })),
  ];
  return (
    <section className="staff-panel staff-health">
      <h3>{t('staff.dashboard.devices')}</h3>
      <ul className="staff-cards">
        {cards.map((c) => {
          const err = lastErrorOf(c.id ?? c.key.replace(/^service-/, ''));
          return (
            <li key={c.key} className="staff-card" data-state={c.state} {...c.attrs}>
              <p className="staff-card-name">
                <Words p={c.name} />
                {c.id !== null && <small className="staff-small"> {c.id}</small>}
                {c.emulated && <span className="staff-tag">{t('staff.dashboard.emulated')}</span>}
              </p>
              <p className="staff-card-state">
                <span className="staff-icon" aria-hidden="true">
                  {STATE_ICON[c.state] ?? '?'}
                </span>{' '}
                <Words p={groupPhrase(t, 'state', c.state)} />
                {c.code !== null && (
                  <>
                    {' · '}
                    <Words p={codePhrase(t, c.code, doorAt)} />
                  </>
                )}
                <small className="staff-small"> · {t('staff.dashboard.since', { at: formatTime(c.since, now) })}</small>
              </p>
              {c.restarts > 0 && <p className="staff-small">{t('staff.dashboard.restarts', { n: c.restarts })}</p>}
              <p className="staff-card-error">
                {err ? (
                  <>
                    {t('staff.dashboard.lastError', { text: '' })}
                    <Words p={codePhrase(t, err.code, doorAt)} />{' '}
                    <time dateTime={new Date(err.at).toISOString()}>{formatTime(err.at, now)}</time>
                  </>
                ) : (
                  t('staff.dashboard.noError')
                )}
              </p>
            </li>
          );
        })}
      </ul>
      {dash.lastErrors.length > 0 && (
        <>
          <h4>{t('staff.dashboard.errors')}</h4>
          <ul className="staff-list staff-errors">
            {dash.lastErrors.map((e) => (
              <li key={`${e.at}-${e.source}-${e.code}`}>
                <time dateTime={new Date(e.at).toISOString()}>{formatTime(e.at, now, true)}</time> ·{' '}
                <Words p={sourcePhrase(t, e.source, kindOf)} /> · <Words p={codePhrase(t, e.code, doorAt)} />
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function Facts({ dash, now }: { dash: StaffDashboard; now: number }) {
  const { t } = useTranslation();
  const hours = Math.floor(dash.uptimeSeconds / 3600);
  const minutes = Math.floor((dash.uptimeSeconds % 3600) / 60);
  return (
    <section className="staff-panel">
      <dl className="staff-facts">
        <dt>{t('staff.dashboard.paper')}</dt>
        <dd data-testid="receipt-paper">
          <Words p={groupPhrase(t, 'paper', dash.receiptPaper)} />
        </dd>
        <dt>{t('staff.dashboard.a4')}</dt>
        <dd>
          {dash.a4Queue ? (
            <>
              <Words p={groupPhrase(t, 'a4state', dash.a4Queue.state)} /> ·{' '}
              {t('staff.dashboard.pending', { n: dash.a4Queue.pending })}
            </>
          ) : (
            '—'
          )}
        </dd>
        <dt>{t('staff.dashboard.sync')}</dt>
        <dd>
          {dash.sync ? t('staff.dashboard.syncText', { queued: dash.sync.queued, audit: dash.sync.auditPending }) : '—'}
          {dash.sync?.lastSuccessAt != null && (
            <small className="staff-small">
              {' '}
              · {t('staff.dashboard.lastSync', { at: formatTime(dash.sync.lastSuccessAt, now) })}
            </small>
          )}
        </dd>
        <dt>{t('staff.dashboard.backoffice')}</dt>
        <dd>
          {dash.backoffice.reachable === null ? '—' : dash.backoffice.reachable ? t('staff.yes') : t('staff.no')}
          {dash.backoffice.checkedAt !== null && (
            <small className="staff-small">
              {' '}
              · {t('staff.dashboard.checkedAt', { at: formatTime(dash.backoffice.checkedAt, now) })}
            </small>
          )}
        </dd>
        <dt>{t('staff.dashboard.config')}</dt>
        <dd>{dash.configVersion}</dd>
        <dt>{t('staff.dashboard.disk')}</dt>
        <dd>{dash.diskFreeMiB === null ? '—' : `${dash.diskFreeMiB} MiB`}</dd>
        <dt>{t('staff.dashboard.uptime')}</dt>
        <dd>{t('staff.dashboard.uptimeText', { h: hours, m: minutes })}</dd>
      </dl>
    </section>
  );
}

const CELL_ICON: Record<Compartment['state'], string> = { empty: '○', loaded: '■', open: '◫', fault: '⚠' };

/**
 * Each locker drawn as its wall (columns left to right, rows top down, as main places the doors),
 * each door with its state as an icon and a word as well as a colour. Tapping a door picks it for
 * the door actions.
 */
function LockerMaps({ dash, selected, onSelect }: { dash: StaffDashboard; selected: string; onSelect: (d: string) => void }) {
  const { t } = useTranslation();
  return (
    <section className="staff-panel staff-lockers">
      <h3>{t('staff.dashboard.lockers')}</h3>
      <ul className="staff-legend" aria-label={t('staff.dashboard.legend')}>
        {(['empty', 'loaded', 'open', 'fault'] as const).map((s) => (
          <li key={s} className="staff-cell-sample" data-cell={s}>
            <span aria-hidden="true">{CELL_ICON[s]}</span> {t(`staff.compartment.${s}`)}
          </li>
        ))}
      </ul>
      {dash.lockers.map((l) => {
        const grid = wallGrid(l.compartments);
        return (
          <div key={l.deviceId} className="staff-wall" role="group" aria-label={l.deviceId} style={grid.style}>
            {l.compartments.map((c) => {
              const state = groupPhrase(t, 'compartment', c.state);
              const holds = c.holds !== 'empty' && c.state !== 'empty' ? groupPhrase(t, 'holds', c.holds).text : null;
              return (
                <button
                  key={c.label}
                  type="button"
                  className="staff-cell"
                  style={{ gridColumn: c.column, gridRow: c.row }}
                  data-door={c.label}
                  data-holds={c.holds}
                  data-state={c.door}
                  data-cell={c.state}
                  data-oos={c.outOfOrder}
                  aria-pressed={selected === c.label}
                  aria-label={`${c.label} ${state.text}${holds ? `，${holds}` : ''}`}
                  onClick={() => onSelect(c.label)}
                >
                  <span className="staff-cell-label">{c.label}</span>
                  <span className="staff-cell-state">
                    <span aria-hidden="true">{CELL_ICON[c.state]}</span> {state.text}
                  </span>
                </button>
              );
            })}
          </div>
        );
      })}
    </section>
  );
}

/**
 * A dashboard field with the on-screen text keys under it while it is being filled (a tap on the
 * field opens them, 完成 or another field closes them); a physical keyboard types into it as well.
 */
function KeyedField({
  label,
  value,
  onChange,
  testId,
  placeholder,
  capitals = true,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  testId?: string;
  placeholder?: string;
  capitals?: boolean;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLInputElement>(null);
  return (
    <div className="staff-keyed">
      <label className="field">
        <span className="field-label">{label}</span>
        <input
          ref={ref}
          className="input"
          inputMode="none"
          autoComplete="off"
          value={value}
          placeholder={placeholder}
          onChange={(e) => onChange(e.target.value)}
          onFocus={() => setOpen(true)}
          // Another field taking the focus takes the keys with it; a button tapped does not close them
          // (the keys moving away under the finger would make it miss).
          onBlur={(e) => e.relatedTarget instanceof HTMLInputElement && setOpen(false)}
          data-testid={testId}
        />
      </label>
      {open && (
        <TextKeys
          capitals={capitals}
          onKey={(k) => onChange((value + k).slice(0, 200))}
          onDelete={() => onChange(value.slice(0, -1))}
          onNext={() => {
            setOpen(false);
            ref.current?.blur();
          }}
          nextLabel={t('common.finish')}
        />
      )}
    </div>
  );
}

type Run = (p: Promise<{ ok: true; value: Outcome } | { ok: false; error: { code: string } }>) => void;

function Actions({
  run,
  allowExit,
  door,
  setDoor,
}: {
  run: Run;
  allowExit: boolean;
  door: string;
  setDoor: (d: string) => void;
}) {
  const { t } = useTranslation();
  const client = useClient();
  const [appNo, setAppNo] = useState('');
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
      <KeyedField
        label={t('staff.field.applicationNo')}
        value={appNo}
        onChange={(v) => setAppNo(v.trim())}
        testId="reprint-app"
      />
      <button
        type="button"
        className="button"
        disabled={appNo === ''}
        onClick={() => run(client.call('staff.reprintReceipt', { applicationNo: appNo }))}
      >
        {t('staff.actions.reprint-receipt')}
      </button>
      <KeyedField
        label={t('staff.field.door')}
        value={door}
        placeholder="A-01"
        onChange={(v) => setDoor(v.trim().toUpperCase())}
        testId="door"
      />
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
      <KeyedField label={t('staff.field.folder')} value={folder} placeholder="/media/usb" onChange={setFolder} capitals={false} />
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
  const errorWords = error === null ? null : codePhrase(t, error);
  return (
    <section className="staff-panel staff-load">
      <h3>{t('staff.load.title')}</h3>
      <KeyedField label={t('staff.field.applicationNo')} value={appNo} onChange={(v) => setAppNo(v.trim())} testId="load-app" />
      <button type="button" className="button primary" disabled={appNo === ''} onClick={find}>
        {t('staff.load.find')}
      </button>
      {errorWords && (
        <p className="field-error" role="alert">
          {t('staff.load.error', { code: errorWords.text })}
          {errorWords.small !== null && <small className="staff-small"> ({errorWords.small})</small>}
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
