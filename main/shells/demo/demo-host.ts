/**
 * The demo panel's part of the browser host: the page at `/demo`, the printed PDFs at
 * `/demo/pdf/<device>/<job>.pdf`, and the WebSocket `/demo-api`.
 *
 * The browser host creates it only when every configured device is emulated (`createDemoHost`
 * returns null otherwise, and `/demo` is a 404), and runs its own checks first: loopback Host,
 * the demo token (query or HttpOnly cookie; the WebSocket: cookie only), and for the WebSocket the
 * Origin. The demo token is not the kiosk page's launch token and opens neither `/` nor `/api`. Demo
 * clients are not the kiosk's one UI client; a few may be connected at once.
 */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { KioskCore } from '../../core/kiosk-core.js';
import { DEMO_CHANGED_EVENT, DemoWireRequest, type DemoWireEvent, type DemoWireResponse } from './demo-contract.js';
import { allDevicesEmulated, DemoController } from './demo-controller.js';

const MAX_MESSAGE_BYTES = 16 * 1024;
/** Demo pages open at once (a presenter's laptop and a projector, say). */
export const MAX_DEMO_CLIENTS = 4;

export interface DemoHostOptions {
  core: KioskCore;
  rendererDir: string;
  /** The browser host's demo token, set as the cookie on the page. */
  token: string;
  cookieName: string;
  /** The browser host's security headers (CSP and friends) for the page. */
  headers: () => Record<string, string>;
}

export interface DemoHost {
  readonly controller: DemoController;
  /** `/demo`, `/demo/pdf/…`: the caller has checked Host, method and token. */
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void>;
  /** `/demo-api`: the caller has checked Host, Origin and token. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  clients(): number;
  close(): void;
}

export async function createDemoHost(opts: DemoHostOptions): Promise<DemoHost | null> {
  const { core } = opts;
  if (!allDevicesEmulated(core.config)) return null;
  const page = await readFile(join(opts.rendererDir, 'demo.html'), 'utf8').catch(() => null);
  const controller = new DemoController({ devices: core.devices, config: core.config, logger: core.log });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const clients = new Set<WebSocket>();

  let pending: NodeJS.Timeout | null = null;
  const offChange = controller.onChange(() => {
    if (pending || clients.size === 0) return;
    // Coalesce bursts (a receipt is several events) into one push.
    pending = setTimeout(() => {
      pending = null;
      const msg: DemoWireEvent = { event: DEMO_CHANGED_EVENT, payload: controller.state() };
      const text = JSON.stringify(msg);
      for (const ws of clients) if (ws.readyState === ws.OPEN) ws.send(text);
    }, 30);
  });

  const plain = (res: ServerResponse, status: number, text: string): void => {
    res.writeHead(status, { ...opts.headers(), 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(text);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    if (url.pathname === '/demo/') {
      // The page's assets are relative (`./assets/…`): keep it at `/demo`.
      res.writeHead(308, { ...opts.headers(), Location: '/demo', 'Cache-Control': 'no-store' });
      return void res.end();
    }
    if (url.pathname === '/demo') {
      if (page === null) return plain(res, 404, 'The demo panel is not built (run "npm run build").');
      res.writeHead(200, {
        ...opts.headers(),
        'Content-Type': 'text/html; charset=utf-8',
        'Cache-Control': 'no-store',
        'Set-Cookie': `${opts.cookieName}=${opts.token}; HttpOnly; SameSite=Strict; Path=/`,
      });
      res.end(req.method === 'HEAD' ? undefined : page);
      return;
    }
    const m = /^\/demo\/pdf\/([^/]+)\/([^/]+)\.pdf$/.exec(url.pathname);
    if (m?.[1] && m[2]) {
      let device: string;
      let job: string;
      try {
        device = decodeURIComponent(m[1]);
        job = decodeURIComponent(m[2]);
      } catch {
        return plain(res, 400, 'Bad address.');
      }
      // Only a file the emulator printed; the request never names a path.
      const file = controller.pdfFile(device, job);
      if (file === null) return plain(res, 404, 'No such printed document.');
      const info = await stat(file).catch(() => null);
      if (!info?.isFile()) return plain(res, 404, 'The printed document is gone.');
      res.writeHead(200, {
        'Content-Type': 'application/pdf',
        'Content-Length': String(info.size),
        'Content-Disposition': `inline; filename="${job.replace(/[^\w.-]/g, '_')}.pdf"`,
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
        'Cross-Origin-Resource-Policy': 'same-origin',
        'Referrer-Policy': 'no-referrer',
      });
      if (req.method === 'HEAD') return void res.end();
      createReadStream(file)
        .on('error', () => res.destroy())
        .pipe(res);
      return;
    }
    return plain(res, 404, 'Not found.');
  };

  const attach = (ws: WebSocket): void => {
    clients.add(ws);
    core.log.info({ clients: clients.size }, 'demo panel connected');
    const send = (msg: DemoWireResponse | DemoWireEvent): void => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
    };
    ws.on('message', (data, isBinary) => {
      if (isBinary) return ws.close(1003, 'text only');
      let req: DemoWireRequest;
      try {
        const parsed = DemoWireRequest.safeParse(JSON.parse(Buffer.isBuffer(data) ? data.toString('utf8') : ''));
        if (!parsed.success) return ws.close(1008, 'malformed request');
        req = parsed.data;
      } catch {
        return ws.close(1008, 'malformed request');
      }
      void controller.dispatch(req.method, req.args).then((res) => send({ id: req.id, ...res }));
    });
    ws.on('close', () => {
      clients.delete(ws);
      core.log.info({ clients: clients.size }, 'demo panel disconnected');
    });
    ws.on('error', (err) => core.log.warn({ err }, 'demo panel: WebSocket error'));
    send({ event: DEMO_CHANGED_EVENT, payload: controller.state() });
  };

  return {
    controller,
    handle,
    upgrade(req, socket, head) {
      if (clients.size >= MAX_DEMO_CLIENTS) {
        core.log.warn({ clients: clients.size }, 'demo panel: too many clients');
        socket.end('HTTP/1.1 409 Too Many Demo Clients\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      wss.handleUpgrade(req, socket, head, attach);
    },
    clients: () => clients.size,
    close() {
      if (pending) clearTimeout(pending);
      pending = null;
      offChange();
      controller.close();
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
  };
}
