/**
 * The browser host: serves the built renderer and the kiosk API over a WebSocket on 127.0.0.1,
 * for Debian's Chromium in kiosk/app mode (or Playwright in tests).
 *
 * It must not become a way in:
 * - it listens on the loopback interface only, and checks the Host header (DNS rebinding);
 * - the page is served only to a request carrying a one-time launch token (`launchUrl()` mints
 *   one per Chromium start): the first page load exchanges it for a random session secret in an
 *   HttpOnly, SameSite=Strict cookie, and the token is spent: a later request with it in the URL
 *   and without the cookie gets 403, so a token read from `/proc/<pid>/cmdline` is worthless once
 *   the kiosk window has loaded. Each exchange replaces the session (the older cookie stops
 *   working and its WebSocket is closed), so the newest kiosk window always wins the UI slot;
 * - the WebSocket checks the Origin and the session cookie (never a token in the URL), and
 *   accepts one client at a time;
 * - the demo panel (all devices emulated only) has its own token, printed for a person to open;
 *   it reaches `/demo`, `/demo-api` and the static files, never the page or `/api`;
 * - every call goes through `KioskCore.dispatch`, which validates it like the Electron IPC does.
 *
 * Cold start: `bindBrowserHost` listens before the core exists, so that Chromium starts and loads
 * the page while the core boots. Until `attach(core)`, the page (the real renderer, whose
 * index.html holds a "starting" notice with the hall's name) is served as usual, but an API
 * socket that passed every check is held open, not answered; `attach` then lets it through, the
 * UI receives its first view and replaces the notice with the attract screen. No reload, no
 * polling: the page's one socket simply opens when the core is there.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer } from 'ws';
import type { WireEvent, WireRequest, WireResponse } from '../../base/api/contract.js';
import type { KioskCore } from '../../core/kiosk-core.js';
import type { DemoHost } from '../demo/demo-host.js';
import { pageContentSecurityPolicy } from './page-csp.js';

/** The kiosk page's session cookie (its value is the session secret, not the launch token). */
export const TOKEN_COOKIE = 'yimen_token';
/** The demo panel's cookie (its value is the demo token). */
export const DEMO_COOKIE = 'yimen_demo';
const MAX_MESSAGE_BYTES = 64 * 1024;
/** Log lines kept while the core (and so its logger) is not there yet; later ones are counted. */
const MAX_EARLY_LOG = 200;
/** In index.html: the holding notice's line for the hall's name, filled in by the host. */
export const HOLDING_HALL_SLOT = '<p class="holding-hall"></p>';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

export interface BrowserHostOptions {
  core: KioskCore;
  /** Folder of the built renderer (`dist/renderer`). */
  rendererDir: string;
  port: number;
}

export interface BindBrowserHostOptions {
  /** Folder of the built renderer (`dist/renderer`). */
  rendererDir: string;
  port: number;
  /** The hall's name for the "starting" notice (the config's, in its default locale); none when null. */
  hallName?: { text: string; lang: string } | null;
}

export interface BrowserHost {
  readonly origin: string;
  readonly port: number;
  /**
   * Mints a fresh one-time launch token and returns the address to open with it (Chromium's
   * `--app=`). The previous token, if still unused, stops working. The first page load with the
   * token gets the session cookie; any later request with it and without the cookie gets 403.
   */
  launchUrl(): string;
  /**
   * The demo panel's address with the demo token, or null when it is not served (real devices).
   * The demo token is reusable while the host runs and reaches only the demo panel.
   */
  readonly demoUrl: string | null;
  /** Number of connected UI clients (0 or 1). */
  clients(): number;
  close(): Promise<void>;
}

export interface AttachOptions {
  /**
   * Set up the demo panel only once this settles (the browser host's start: after the attract
   * screen is up, so that its modules do not compete with the first view); `attach` then resolves
   * without waiting for it, and `demoSettled` tells when it is there. Default: set up within `attach`.
   */
  demoPanelAfter?: Promise<unknown>;
}

/** A host bound before its core: it serves the page, and holds the API until `attach`. */
export interface StartingBrowserHost extends BrowserHost {
  /**
   * Hands over the booted core: the log lines kept so far go to its logger, the API sockets held
   * until now are let through, and the demo panel is set up (all devices emulated only; see
   * `AttachOptions.demoPanelAfter`). Once.
   */
  attach(core: KioskCore, opts?: AttachOptions): Promise<void>;
  /** Whether `attach` has run. */
  readonly attached: boolean;
  /**
   * Settles when the demo panel has been set up (or found not to apply), after `attach`; rejects
   * when setting it up failed.
   */
  readonly demoSettled: Promise<void>;
  /**
   * Resolves when a UI first had an answer on its API socket (its first view): the attract screen
   * is on its way to the screen. Never rejects; stays pending while no UI connects.
   */
  readonly uiServed: Promise<void>;
}

/** The CSP of the kiosk page: only our own scripts and our own WebSocket. */
export function contentSecurityPolicy(origin: string): string {
  return pageContentSecurityPolicy(origin.replace(/^http/, 'ws'));
}

function safeEqual(a: string | undefined, b: string): boolean {
  if (a === undefined) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieValue(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

const secret = (): string => randomBytes(24).toString('base64url');

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** The host with its core from the start (tests, tools): bind, then attach. */
export async function startBrowserHost(opts: BrowserHostOptions): Promise<BrowserHost> {
  const host = await bindBrowserHost({ rendererDir: opts.rendererDir, port: opts.port, hallName: null });
  try {
    await host.attach(opts.core);
  } catch (err) {
    await host.close();
    throw err;
  }
  return host;
}

export async function bindBrowserHost(opts: BindBrowserHostOptions): Promise<StartingBrowserHost> {
  let core: KioskCore | null = null;
  type Level = 'info' | 'warn' | 'error';
  const early: Array<[Level, Record<string, unknown>, string]> = [];
  let earlyDropped = 0;
  /** To the core's logger; until there is one, kept (the first MAX_EARLY_LOG) and written on attach. */
  const log = (level: Level, msg: string, obj: Record<string, unknown> = {}): void => {
    if (core !== null) core.log[level](obj, msg);
    else if (early.length < MAX_EARLY_LOG) early.push([level, obj, msg]);
    else earlyDropped++;
  };
  /** API socket upgrades that passed the checks before the core was there. */
  const held = new Set<{ req: IncomingMessage; socket: Duplex; head: Buffer }>();
  /** The launch token not yet exchanged (null: none outstanding). */
  let launchToken: string | null = null;
  /** The current kiosk page session (the cookie's value), from the latest exchange. */
  let session: string | null = null;
  const demoToken = secret();
  let origin = '';
  let allowedHosts = new Set<string>();
  let client: WebSocket | null = null;
  let markUiServed: () => void = () => undefined;
  const uiServed = new Promise<void>((r) => (markUiServed = r));
  let settleDemo: (err?: Error) => void = () => undefined;
  const demoSettledP = new Promise<void>((resolve, reject) => {
    settleDemo = (err) => (err === undefined ? resolve() : reject(err));
  });
  // Observed by whoever asks; not an unhandled rejection when nobody does (tests that never attach).
  demoSettledP.catch(() => undefined);
  const builtIndex = await readFile(join(opts.rendererDir, 'index.html'), 'utf8').catch(() => {
    throw new Error(`The kiosk UI is not built: ${join(opts.rendererDir, 'index.html')} is missing (run "npm run build").`);
  });
  const hallName = opts.hallName ?? null;
  const indexHtml =
    hallName === null
      ? builtIndex
      : builtIndex.replace(
          HOLDING_HALL_SLOT,
          `<p class="holding-hall" lang="${escapeHtml(hallName.lang)}">${escapeHtml(hallName.text)}</p>`,
        );

  /**
   * The build's assets (content-hashed names, never changed in place), read once and kept: the page's
   * first load is served from memory, read while Chromium starts (see `listen` below).
   */
  const assets = new Map<string, Promise<Buffer>>();
  const asset = (rel: string): Promise<Buffer> => {
    let body = assets.get(rel);
    if (body === undefined) {
      body = readFile(join(opts.rendererDir, rel));
      // A missing file is not kept: a 404 now, and read again if asked again.
      body.catch(() => assets.delete(rel));
      assets.set(rel, body);
    }
    return body;
  };

  const headers = (): Record<string, string> => ({
    'Content-Security-Policy': contentSecurityPolicy(origin),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'X-Frame-Options': 'DENY',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=(), payment=()',
  });

  // The demo panel (`/demo`, `/demo-api`): only when every configured device is emulated; set up on attach.
  let demo: DemoHost | null = null;
  /** Whether the demo panel has been set up (or found not to apply): until then `/demo` answers 503. */
  let demoSettled = false;

  const hasSession = (req: IncomingMessage): boolean => session !== null && safeEqual(cookieValue(req, TOKEN_COOKIE), session);
  const hasDemo = (req: IncomingMessage): boolean => demo !== null && safeEqual(cookieValue(req, DEMO_COOKIE), demoToken);

  const refuse = (res: ServerResponse, status: number, text: string): void => {
    res.writeHead(status, { ...headers(), 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(text);
  };

  /** Serves the page; with `newSession` it starts a new session, which ends the older one. */
  const serveIndex = (req: IncomingMessage, res: ServerResponse, newSession: string | null): void => {
    const extra: Record<string, string> = {};
    if (newSession !== null) {
      session = newSession;
      extra['Set-Cookie'] = `${TOKEN_COOKIE}=${newSession}; HttpOnly; SameSite=Strict; Path=/`;
      // The newest kiosk window takes the UI slot: an older session's socket is closed.
      if (client !== null) {
        log('warn', 'browser host: a new launch replaces the connected UI');
        client.close(4001, 'replaced by a newer launch');
        client = null;
      }
    }
    res.writeHead(200, { ...headers(), 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', ...extra });
    res.end(req.method === 'HEAD' ? undefined : indexHtml);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!allowedHosts.has(req.headers.host ?? '')) return refuse(res, 421, 'Wrong host.');
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'Method not allowed.');
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname === '/' || url.pathname === '/index.html') {
      // A reload of the kiosk window: its cookie is enough (the spent token may still be in its URL).
      if (hasSession(req)) return serveIndex(req, res, null);
      const given = url.searchParams.get('token');
      if (given !== null && launchToken !== null && safeEqual(given, launchToken)) {
        launchToken = null; // spent: good for this one page load
        log('info', 'browser host: launch token exchanged for the session cookie');
        return serveIndex(req, res, secret());
      }
      log('warn', 'browser host: page requested without the session cookie or a current launch token', {
        path: url.pathname,
        token: given === null ? 'none' : 'not-current',
      });
      return refuse(res, 403, 'This page can only be opened by the kiosk itself.');
    }
    if (url.pathname === '/demo' || url.pathname.startsWith('/demo/')) {
      if (!demoSettled) return refuse(res, 503, 'The kiosk is starting.');
      if (demo === null) return refuse(res, 404, 'Not found.');
      if (!hasDemo(req) && !safeEqual(url.searchParams.get('token') ?? undefined, demoToken)) {
        log('warn', 'browser host: demo panel requested without a valid token', { path: '/demo' });
        return refuse(res, 403, 'This page can only be opened with the demo token.');
      }
      return demo.handle(req, res, url);
    }
    if (!hasSession(req) && !hasDemo(req)) return refuse(res, 403, 'Forbidden.');
    const rel = normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, '');
    if (rel.startsWith('..') || rel.includes(`${sep}..`) || rel === 'index.html' || rel === 'demo.html')
      return refuse(res, 404, 'Not found.');
    const file = join(opts.rendererDir, rel);
    try {
      const body = await (rel.startsWith('assets') ? asset(rel) : readFile(file));
      res.writeHead(200, {
        ...headers(),
        'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
        'Cache-Control': rel.startsWith('assets') ? 'public, max-age=31536000, immutable' : 'no-cache',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      refuse(res, 404, 'Not found.');
    }
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      log('error', 'browser host: request failed', { err });
      if (!res.headersSent) refuse(res, 500, 'Internal error.');
      else res.destroy();
    });
  });
  /** The API's socket server and request schema, loaded on attach (off the way to binding). */
  let wss: WebSocketServer | null = null;
  let parseRequest: (raw: unknown) => WireRequest | null = () => null;

  const reject = (socket: Duplex, status: number, reason: string): void => {
    log('warn', 'browser host: WebSocket refused', { status, reason });
    socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  };

  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const url = new URL(req.url ?? '/', origin || 'http://127.0.0.1');
    const toDemo = url.pathname === '/demo-api' && demo !== null;
    if (url.pathname !== '/api' && !toDemo) return reject(socket, 404, 'Not Found');
    if (!allowedHosts.has(req.headers.host ?? '')) return reject(socket, 421, 'Misdirected Request');
    if (req.headers.origin !== origin) return reject(socket, 403, 'Forbidden Origin');
    // The cookie only: a token in the URL (spent or not) never opens a socket.
    if (!(toDemo ? hasDemo(req) : hasSession(req))) return reject(socket, 401, 'Unauthorized');
    if (toDemo) return demo?.upgrade(req, socket, head);
    if (core === null || wss === null) {
      // The core is booting: hold the socket, answered (checked again) on attach.
      const entry = { req, socket, head };
      held.add(entry);
      socket.once('close', () => held.delete(entry));
      socket.on('error', () => socket.destroy());
      return;
    }
    if (client !== null) return reject(socket, 409, 'Another Client Is Connected');
    const ready = core;
    wss.handleUpgrade(req, socket, head, (ws) => connect(ws, ready));
  };
  server.on('upgrade', upgrade);

  const connect = (ws: WebSocket, ready: KioskCore): void => {
    client = ws;
    ready.log.info('browser host: UI connected');
    const send = (msg: WireResponse | WireEvent): void => {
      if (ws.readyState !== ws.OPEN) return;
      ws.send(JSON.stringify(msg));
      if ('id' in msg) markUiServed();
    };
    const off = ready.bus.onAny((event, payload) => send({ event, payload }));
    ws.on('message', (data, isBinary) => {
      if (isBinary) return ws.close(1003, 'text only');
      let req: WireRequest;
      try {
        const parsed = parseRequest(JSON.parse(Buffer.isBuffer(data) ? data.toString('utf8') : ''));
        if (parsed === null) return ws.close(1008, 'malformed request');
        req = parsed;
      } catch {
        return ws.close(1008, 'malformed request');
      }
      void ready.dispatch(req.method, req.args, { shell: 'browser' }).then((res) => send({ id: req.id, ...res }));
    });
    ws.on('close', () => {
      off();
      if (client === ws) client = null;
      ready.log.info('browser host: UI disconnected');
    });
    ws.on('error', (err) => ready.log.warn({ err }, 'browser host: WebSocket error'));
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('browser host: no TCP address');
  const port = address.port;
  origin = `http://127.0.0.1:${port}`;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  log('info', 'browser host: listening on 127.0.0.1', { port });
  // The scripts and styles the page loads first, read now (Chromium is starting) rather than on request.
  for (const m of builtIndex.matchAll(/(?:src|href)="\.\/(assets\/[^"?#]+)"/g))
    if (m[1] !== undefined && !m[1].includes('..')) void asset(normalize(m[1])).catch(() => undefined);
  let closed = false;

  return {
    origin,
    port,
    launchUrl: () => {
      launchToken = secret();
      return `${origin}/?token=${launchToken}`;
    },
    get demoUrl() {
      return demo === null ? null : `${origin}/demo?token=${demoToken}`;
    },
    get attached() {
      return core !== null;
    },
    clients: () => (client === null ? 0 : 1),
    get demoSettled() {
      return demoSettledP;
    },
    uiServed,
    attach: async (booted, attachOpts = {}) => {
      if (core !== null || closed) throw new Error('browser host: attach runs once, before close');
      // Both already loaded by the core: no wait on the way to the first view.
      const [{ WireRequest }, { WebSocketServer }] = await Promise.all([import('../../base/api/contract.js'), import('ws')]);
      parseRequest = (raw) => {
        const parsed = WireRequest.safeParse(raw);
        return parsed.success ? parsed.data : null;
      };
      wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
      core = booted;
      for (const [level, obj, msg] of early.splice(0)) booted.log[level](obj, msg);
      if (earlyDropped > 0) booted.log.warn({ dropped: earlyDropped }, 'browser host: log lines dropped before the core was up');
      booted.log.info({ held: held.size }, 'browser host: core attached');
      for (const h of [...held]) {
        held.delete(h);
        if (!h.socket.destroyed) upgrade(h.req, h.socket, h.head);
      }
      // The demo panel after the kiosk's own UI (it answers 503 until then).
      const setUpDemo = async (): Promise<void> => {
        if (attachOpts.demoPanelAfter !== undefined) await attachOpts.demoPanelAfter;
        if (closed) return;
        const { createDemoHost } = await import('../demo/demo-host.js');
        demo = await createDemoHost({
          core: booted,
          rendererDir: opts.rendererDir,
          token: demoToken,
          cookieName: DEMO_COOKIE,
          headers,
        });
        demoSettled = true;
        if (closed) demo?.close();
      };
      const settling = setUpDemo().then(
        () => settleDemo(),
        (err: unknown) => {
          settleDemo(err instanceof Error ? err : new Error('the demo panel did not start', { cause: err }));
          throw err;
        },
      );
      if (attachOpts.demoPanelAfter === undefined) await settling;
      else settling.catch(() => undefined);
    },
    close: async () => {
      closed = true;
      for (const h of held) h.socket.destroy();
      held.clear();
      demo?.close();
      for (const ws of wss?.clients ?? []) ws.terminate();
      wss?.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
