/**
 * `yimen start` and its one-time launch token, end to end through the built CLI: a stand-in for
 * Chromium (a Node script at `host.chromiumPath`) loads the `--app=` address like the kiosk window,
 * opens the API socket with the cookie it got, and reports to the test. Killing it makes the
 * supervisor start a new window, which must come with a fresh token.
 */
import { chmodSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { root, startYimen, type Running } from '../helpers/cli.js';
import { wsAttempt } from '../helpers/host.js';

interface Launch {
  pid: number;
  app: string;
  status: number;
  socket: 'open' | number;
}

const cleanups: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** The launches the stand-in reports, in order, with a way to wait for the n-th. */
async function launchInbox(): Promise<{ url: string; nth(n: number): Promise<Launch> }> {
  const seen: Launch[] = [];
  const waiters = new Set<() => void>();
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      seen.push(JSON.parse(body) as Launch);
      res.end();
      for (const w of [...waiters]) w();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanups.push(() => new Promise((r) => server.close(r)));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    nth: (n) =>
      new Promise((resolve) => {
        const check = (): void => {
          const l = seen[n];
          if (l === undefined) return;
          waiters.delete(check);
          resolve(l);
        };
        waiters.add(check);
        check();
      }),
  };
}

/** A "Chromium" that loads the launch address once, keeps the cookie, opens /api with it, and stays. */
function fakeChromium(dir: string): string {
  const file = join(dir, 'fake-chromium.mjs');
  const ws = pathToFileURL(join(root, 'node_modules', 'ws', 'wrapper.mjs')).href;
  writeFileSync(
    file,
    `#!${process.execPath}
import { WebSocket } from '${ws}';
const app = process.argv.find((a) => a.startsWith('--app='))?.slice(6) ?? '';
const report = (r) => fetch(process.env.YIMEN_TEST_INBOX, { method: 'POST', body: JSON.stringify({ pid: process.pid, app, ...r }) });
const res = await fetch(app);
const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
const u = new URL(app);
const sock = new WebSocket('ws://' + u.host + '/api', { headers: { Origin: u.origin, Cookie: cookie } });
sock.on('open', () => void report({ status: res.status, socket: 'open' }));
sock.on('unexpected-response', (_q, r) => void report({ status: res.status, socket: r.statusCode }));
sock.on('error', () => undefined);
setInterval(() => undefined, 1 << 30);
`,
  );
  chmodSync(file, 0o755);
  return file;
}

function tokenOf(url: string): string {
  return new URL(url).searchParams.get('token') ?? '';
}

function kioskConfig(dir: string, over: Record<string, unknown>): string {
  const file = join(dir, 'kiosk.json');
  writeFileSync(
    file,
    JSON.stringify({
      dataDir: join(dir, 'data'),
      // Not the liveness check: only the window's exit makes the supervisor reload here.
      supervision: {
        uiPingSeconds: 3600,
        uiGraceSeconds: 3600,
        reloadBackoffBaseMs: 0,
        dailyRestart: { enabled: false, start: '03:30', end: '04:30' },
      },
      ...over,
    }),
  );
  return file;
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'yimen-start-token-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function stopLater(k: Running): void {
  cleanups.push(() => k.stop());
}

describe('yimen start: one-time launch token', () => {
  it('gives each kiosk window a fresh single-use token; a replay gets 403 and no API socket; the token is not printed', async () => {
    const dir = tempDir();
    const inbox = await launchInbox();
    const config = kioskConfig(dir, {
      host: { port: 0, chromiumPath: fakeChromium(dir), kiosk: false },
      // An external back office: no demo back office, and no folder for one.
      backoffice: { url: 'http://192.0.2.1:9/' },
    });
    const kiosk = startYimen(['start', '--shell', 'browser', '--config', config], {
      DISPLAY: ':99',
      YIMEN_TEST_INBOX: inbox.url,
    });
    stopLater(kiosk);

    const first = await inbox.nth(0);
    expect(first).toMatchObject({ status: 200, socket: 'open' });
    const origin = new URL(first.app).origin;
    // Read from /proc/<pid>/cmdline after the window loaded: worthless.
    expect((await fetch(first.app)).status).toBe(403);
    const api = `${origin.replace('http', 'ws')}/api`;
    expect(await wsAttempt(`${api}?token=${tokenOf(first.app)}`, { Origin: origin })).toEqual({ opened: false, status: 401 });

    // The window dies; the supervisor opens a new one with a new token, which works once.
    process.kill(first.pid, 'SIGKILL');
    const second = await inbox.nth(1);
    expect(second).toMatchObject({ status: 200, socket: 'open' });
    expect(tokenOf(second.app)).not.toBe(tokenOf(first.app));
    expect(tokenOf(second.app)).toMatch(/^[\w-]{32}$/);
    expect((await fetch(second.app)).status).toBe(403);
    expect((await fetch(first.app)).status).toBe(403);
    process.kill(second.pid, 'SIGKILL');
    await inbox.nth(2); // the third window, so that stopping does not race a launch

    // A window was opened: the launch address is never printed.
    expect(kiosk.err).toContain(`serving at ${origin}`);
    expect(kiosk.err).not.toContain('/?token=');
    for (const l of [first, second]) expect(kiosk.err).not.toContain(tokenOf(l.app));
    // Only the demo panel's own address (every device here is emulated) carries a token.
    // The demo side starts once the attract screen is up (#18.7): its line may still be coming.
    await kiosk.waitFor('err', 'play them from the demo panel at');
    expect(kiosk.err.match(/token=/g)?.length).toBe(1);
    expect(kiosk.err).toMatch(/demo panel at http:\/\/127\.0\.0\.1:\d+\/demo\?token=/);
    expect(existsSync(`${join(dir, 'data')}-backoffice`)).toBe(false);
    expect(existsSync(join(dir, 'data', 'demo-backoffice'))).toBe(false);
  });

  it('headless: prints the launch address once, says it is single-use, and the address opens the page once', async () => {
    const dir = tempDir();
    const config = kioskConfig(dir, { backoffice: { url: 'http://192.0.2.1:9/' } });
    const kiosk = startYimen(['start', '--headless', '--config', config]);
    stopLater(kiosk);
    const err = await kiosk.waitFor('err', 'single-use');
    const printed = /open (http:\/\/\S+\?token=\S+) in a browser/.exec(err)?.[1] ?? '';
    expect(printed).not.toBe('');
    expect(err.split(printed).length - 1).toBe(1);
    expect((await fetch(printed)).status).toBe(200);
    expect((await fetch(printed)).status).toBe(403);
  });

  it('a demo terminal keeps the demo back office data beside the data dir, owner-only, created when it starts', async () => {
    const dir = tempDir();
    const free = createServer();
    await new Promise<void>((r) => free.listen(0, '127.0.0.1', r));
    const port = (free.address() as AddressInfo).port;
    await new Promise((r) => free.close(r));
    const config = kioskConfig(dir, { backoffice: { url: `http://127.0.0.1:${port}/` } });
    const kiosk = startYimen(['start', '--headless', '--config', config]);
    stopLater(kiosk);
    await kiosk.waitFor('err', 'the reference back office runs at');
    const bo = `${join(dir, 'data')}-backoffice`;
    expect(statSync(bo).mode & 0o777).toBe(0o700);
    expect(existsSync(join(bo, 'backoffice.db'))).toBe(true);
    expect(existsSync(join(dir, 'data', 'demo-backoffice'))).toBe(false);
  });
});
