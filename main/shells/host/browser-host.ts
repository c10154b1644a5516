/**
 * The browser host: serves the built renderer and the kiosk API over a WebSocket on 127.0.0.1,
 * for Debian's Chromium in kiosk/app mode (or Playwright in tests).
 *
 * It must not become a way in:
 * - it listens on the loopback interface only, and checks the Host header (DNS rebinding);
 * - the page is served only to a request carrying the per-launch random token, which is then
 *   kept in an HttpOnly, SameSite=Strict cookie for the assets and the WebSocket;
 * - the WebSocket checks the Origin and the token, and accepts one client at a time;
 * - every call goes through `KioskCore.dispatch`, which validates it like the Electron IPC does.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { WireRequest, type WireEvent, type WireResponse } from '../../base/api/contract.js';
import type { KioskCore } from '../../core/kiosk-core.js';
import { createDemoHost } from '../demo/demo-host.js';
import { pageContentSecurityPolicy } from './page-csp.js';

export const TOKEN_COOKIE = 'yimen_token';
const MAX_MESSAGE_BYTES = 64 * 1024;

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
  /** Fixed token for tests; a random one per launch otherwise. */
  token?: string;
}

export interface BrowserHost {
  /** The address to open, with the token. */
  readonly url: string;
  readonly origin: string;
  readonly port: number;
  readonly token: string;
  /** The demo panel's address (with the token), or null when it is not served (real devices). */
  readonly demoUrl: string | null;
  /** Number of connected UI clients (0 or 1). */
  clients(): number;
  close(): Promise<void>;
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

function cookieToken(req: IncomingMessage): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === TOKEN_COOKIE) return v.join('=');
  }
  return undefined;
}

export async function startBrowserHost(opts: BrowserHostOptions): Promise<BrowserHost> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const { core } = opts;
  let origin = '';
  let allowedHosts = new Set<string>();
  let client: WebSocket | null = null;
  const indexHtml = await readFile(join(opts.rendererDir, 'index.html'), 'utf8').catch(() => {
    throw new Error(`The kiosk UI is not built: ${join(opts.rendererDir, 'index.html')} is missing (run "npm run build").`);
  });

  const headers = (): Record<string, string> => ({
    'Content-Security-Policy': contentSecurityPolicy(origin),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'X-Frame-Options': 'DENY',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=(), payment=()',
  });

  // The demo panel (`/demo`, `/demo-api`): only when every configured device is emulated.
  const demo = await createDemoHost({ core, rendererDir: opts.rendererDir, token, cookieName: TOKEN_COOKIE, headers });

  const refuse = (res: ServerResponse, status: number, text: string): void => {
    res.writeHead(status, { ...headers(), 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(text);
  };

  const serveIndex = (res: ServerResponse): void => {
    const html = indexHtml.replace('<head>', `<head><meta name="yimen-token" content="${token}">`);
    res.writeHead(200, {
      ...headers(),
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'Set-Cookie': `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
    });
    res.end(html);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!allowedHosts.has(req.headers.host ?? '')) return refuse(res, 421, 'Wrong host.');
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'Method not allowed.');
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname === '/' || url.pathname === '/index.html') {
      const given = url.searchParams.get('token') ?? cookieToken(req);
      if (!safeEqual(given ?? undefined, token)) {
        core.log.warn({ path: url.pathname }, 'browser host: page requested without a valid token');
        return refuse(res, 403, 'This page can only be opened by the kiosk itself.');
      }
      return serveIndex(res);
    }
    if (url.pathname === '/demo' || url.pathname.startsWith('/demo/')) {
      if (demo === null) return refuse(res, 404, 'Not found.');
      if (!safeEqual(url.searchParams.get('token') ?? cookieToken(req), token)) {
        core.log.warn({ path: '/demo' }, 'browser host: demo panel requested without a valid token');
        return refuse(res, 403, 'This page can only be opened with the kiosk token.');
      }
      return demo.handle(req, res, url);
    }
    if (!safeEqual(cookieToken(req), token)) return refuse(res, 403, 'Forbidden.');
    const rel = normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, '');
    if (rel.startsWith('..') || rel.includes(`${sep}..`) || rel === 'index.html' || rel === 'demo.html')
      return refuse(res, 404, 'Not found.');
    const file = join(opts.rendererDir, rel);
    try {
      const body = await readFile(file);
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
      core.log.error({ err }, 'browser host: request failed');
      if (!res.headersSent) refuse(res, 500, 'Internal error.');
      else res.destroy();
    });
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });

  const reject = (socket: Duplex, status: number, reason: string): void => {
    core.log.warn({ status, reason }, 'browser host: WebSocket refused');
    socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  };

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', origin || 'http://127.0.0.1');
    const toDemo = url.pathname === '/demo-api' && demo !== null;
    if (url.pathname !== '/api' && !toDemo) return reject(socket, 404, 'Not Found');
    if (!allowedHosts.has(req.headers.host ?? '')) return reject(socket, 421, 'Misdirected Request');
    if (req.headers.origin !== origin) return reject(socket, 403, 'Forbidden Origin');
    if (!safeEqual(cookieToken(req) ?? url.searchParams.get('token') ?? undefined, token)) {
      return reject(socket, 401, 'Unauthorized');
    }
    if (toDemo) return demo?.upgrade(req, socket, head);
    if (client !== null) return reject(socket, 409, 'Another Client Is Connected');
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws));
  });

  const attach = (ws: WebSocket): void => {
    client = ws;
    core.log.info('browser host: UI connected');
    const send = (msg: WireResponse | WireEvent): void => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
    };
    const off = core.bus.onAny((event, payload) => send({ event, payload }));
    ws.on('message', (data, isBinary) => {
      if (isBinary) return ws.close(1003, 'text only');
      let req: WireRequest;
      try {
        const parsed = WireRequest.safeParse(JSON.parse(Buffer.isBuffer(data) ? data.toString('utf8') : ''));
        if (!parsed.success) return ws.close(1008, 'malformed request');
        req = parsed.data;
      } catch {
        return ws.close(1008, 'malformed request');
      }
      void core.dispatch(req.method, req.args, { shell: 'browser' }).then((res) => send({ id: req.id, ...res }));
    });
    ws.on('close', () => {
      off();
      if (client === ws) client = null;
      core.log.info('browser host: UI disconnected');
    });
    ws.on('error', (err) => core.log.warn({ err }, 'browser host: WebSocket error'));
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
  core.log.info({ port }, 'browser host: listening on 127.0.0.1');

  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    demoUrl: demo === null ? null : `${origin}/demo?token=${token}`,
    clients: () => (client === null ? 0 : 1),
    close: async () => {
      demo?.close();
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
