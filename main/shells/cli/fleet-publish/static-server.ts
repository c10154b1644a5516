/**
 * A minimal static file server for a fleet repository (`yimen fleet serve`): a hall mirror,
 * tests and benchmarks. GET/HEAD only, no directory listings, no path escapes, ETag and
 * Last-Modified with 304 answers. Any other static server (nginx, a CDN) works the same.
 */
import { createReadStream, realpathSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join, sep } from 'node:path';

export interface StaticServer {
  url: string;
  port: number;
  stats: { requests: number; notModified: number; bytes: number };
  /** Bytes written to sockets so far (status lines, headers and bodies). */
  wireBytes(): number;
  close(): Promise<void>;
}

export function serveDirectory(dir: string, opts: { port?: number; host?: string } = {}): Promise<StaticServer> {
  const root = realpathSync(dir);
  const stats = { requests: 0, notModified: 0, bytes: 0 };
  const server: Server = createServer((req, res) => {
    stats.requests++;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    let rel: string;
    try {
      rel = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    let file: string;
    let size: number;
    let mtime: Date;
    try {
      file = realpathSync(join(root, rel));
      const st = statSync(file);
      if (!st.isFile() || !file.startsWith(root + sep)) throw new Error('not a file');
      size = st.size;
      mtime = st.mtime;
    } catch {
      res.writeHead(404, { 'content-length': 0 }).end();
      return;
    }
    const etag = `"${size.toString(16)}-${Math.floor(mtime.getTime()).toString(16)}"`;
    const headers = { etag, 'last-modified': mtime.toUTCString(), 'cache-control': 'no-cache' };
    if (req.headers['if-none-match'] === etag) {
      stats.notModified++;
      res.writeHead(304, headers).end();
      return;
    }
    res.writeHead(200, { ...headers, 'content-type': 'application/json', 'content-length': size });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    stats.bytes += size;
    createReadStream(file)
      .on('error', () => res.destroy())
      .pipe(res);
  });
  server.keepAliveTimeout = 5_000;
  const open = new Set<Socket>();
  let closedBytes = 0;
  server.on('connection', (sock) => {
    open.add(sock);
    sock.once('close', () => {
      open.delete(sock);
      closedBytes += sock.bytesWritten;
    });
  });
  const wireBytes = (): number => [...open].reduce((n, s) => n + s.bytesWritten, closedBytes);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port;
      resolve({
        url: `http://${opts.host ?? '127.0.0.1'}:${port}/`,
        port,
        stats,
        wireBytes,
        close: () =>
          new Promise<void>((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      });
    });
  });
}
