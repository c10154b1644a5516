/**
 * The reference back office in a child process, for the soak: in a deployment the back office runs
 * on another machine, so its database, HTTP server and caches must not share the kiosk's heap
 * (or its event loop) while the soak measures the kiosk's memory.
 *
 * The parent talks to it like a kiosk or a demo would: over HTTP — contract routes, `POST
 * /admin/pickups`, and the fault injector at `POST|DELETE /admin/faults`. Only the end-of-run loss
 * check, which reads the applications table directly, goes over the IPC channel.
 *
 * Run as a child (`fork`): starts an in-memory back office on a free port and sends
 * `{ type: 'ready', url }`; answers `{ type: 'keys', terminalId }` with the idempotency keys and
 * row counts of that terminal's applications; `{ type: 'close' }` shuts it down.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FaultSettings } from '../backoffice/faults.js';
import { startBackoffice } from '../backoffice/server.js';

export interface IdemKeyCount {
  key: string;
  n: number;
}

type ToChild = { type: 'keys'; terminalId: string } | { type: 'close' };
type FromChild = { type: 'ready'; url: string } | { type: 'keys'; rows: IdemKeyCount[] } | { type: 'error'; message: string };

export interface BackofficeProcess {
  url: string;
  pid: number;
  /** Sets back-office faults through its HTTP fault injector. */
  setFaults(f: Partial<FaultSettings>): Promise<void>;
  clearFaults(): Promise<void>;
  /** Idempotency keys of the applications a terminal submitted, with how many rows each has. */
  applicationKeys(terminalId: string): Promise<IdemKeyCount[]>;
  close(): Promise<void>;
}

async function admin(url: string, method: 'POST' | 'DELETE', body?: unknown): Promise<void> {
  const res = await fetch(new URL('admin/faults', url), {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`back office /admin/faults ${method}: ${res.status}`);
}

/** Starts the back office in a child process and waits until it listens. */
export async function startBackofficeProcess(): Promise<BackofficeProcess> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['--child'], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = (type: FromChild['type']): Promise<FromChild> =>
    new Promise((resolve, reject) => {
      const onMsg = (m: FromChild): void => {
        if (m.type !== type && m.type !== 'error') return;
        cleanup();
        if (m.type === 'error') reject(new Error(`back office process: ${m.message}`));
        else resolve(m);
      };
      const onExit = (code: number | null): void => {
        cleanup();
        reject(new Error(`back office process exited (${code ?? 'signal'})`));
      };
      const cleanup = (): void => {
        child.off('message', onMsg);
        child.off('exit', onExit);
      };
      child.on('message', onMsg);
      child.once('exit', onExit);
    });
  const ready = await next('ready');
  if (ready.type !== 'ready') throw new Error('back office process: unexpected answer');
  const url = ready.url;
  const send = (m: ToChild): void => void child.send(m);
  return {
    url,
    pid: child.pid ?? -1,
    setFaults: (f) => admin(url, 'POST', f),
    clearFaults: () => admin(url, 'DELETE'),
    async applicationKeys(terminalId) {
      const answer = next('keys');
      send({ type: 'keys', terminalId });
      const m = await answer;
      return m.type === 'keys' ? m.rows : [];
    },
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      send({ type: 'close' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function childMain(): Promise<void> {
  const send = (m: FromChild): void => void process.send?.(m);
  const bo = await startBackoffice({ dataDir: null, port: 0 });
  process.on('message', (m: ToChild) => {
    if (m.type === 'keys') {
      const rows = bo.db
        .prepare(`SELECT idem_key AS key, COUNT(*) AS n FROM applications WHERE terminal_id = ? GROUP BY idem_key`)
        .all(m.terminalId) as IdemKeyCount[];
      send({ type: 'keys', rows });
    } else if (m.type === 'close') {
      void bo.close().then(() => process.exit(0));
    }
  });
  // The parent went away without saying goodbye: do not linger.
  process.on('disconnect', () => void bo.close().then(() => process.exit(0)));
  send({ type: 'ready', url: bo.url });
}

if (
  process.argv.includes('--child') &&
  process.argv[1] !== undefined &&
  import.meta.url === new URL(`file://${process.argv[1]}`).href
) {
  childMain().catch((e: unknown) => {
    process.send?.({ type: 'error', message: (e as Error).message });
    process.exit(1);
  });
}
