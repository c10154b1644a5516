/**
 * How the terminal agent reaches a repository. tuf-js accepts a custom `Fetcher`; both of ours
 * extend its `BaseFetcher`, which streams into a temporary file and enforces the length caps.
 *
 * - `DirectoryFetcher`: a repository on a USB stick or a mounted share (`file:` URLs).
 * - `HttpFetcher`: plain HTTP(S) with conditional requests: it keeps the ETag/Last-Modified of
 *   small metadata files and, on `304 Not Modified`, hands tuf-js the bytes it verified last
 *   time (tuf-js then sees an equal version: "no update"). An unchanged repository costs one
 *   304 and one 404 (the next root version) per poll.
 */
import { createReadStream, realpathSync, statSync } from 'node:fs';
import { sep } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { BaseFetcher } from 'tuf-js';
import { DownloadHTTPError } from 'tuf-js/dist/error.js';

type WebStream = ReadableStream<Uint8Array<ArrayBuffer>>;

export interface FetchStats {
  requests: number;
  notModified: number;
  /** Response body bytes received (304s carry none). */
  bytes: number;
}

function streamOf(buf: Buffer): WebStream {
  return new ReadableStream<Uint8Array<ArrayBuffer>>({
    start(c) {
      c.enqueue(new Uint8Array(buf));
      c.close();
    },
  });
}

export class DirectoryFetcher extends BaseFetcher {
  readonly stats: FetchStats = { requests: 0, notModified: 0, bytes: 0 };
  private readonly root: string;

  constructor(rootDir: string) {
    super();
    this.root = realpathSync(rootDir);
  }

  fetch(url: string): Promise<WebStream> {
    this.stats.requests++;
    let path: string;
    try {
      path = fileURLToPath(url);
    } catch {
      return Promise.reject(new DownloadHTTPError(`not a file URL: ${url.slice(0, 200)}`, 400));
    }
    let real: string;
    try {
      real = realpathSync(path);
      if (!statSync(real).isFile()) throw new Error('not a file');
    } catch {
      return Promise.reject(new DownloadHTTPError('Not found', 404));
    }
    // Target paths come from signed metadata, but a symlink on the stick must not escape it.
    if (!real.startsWith(this.root + sep)) return Promise.reject(new DownloadHTTPError('Outside the repository', 403));
    this.stats.bytes += statSync(real).size;
    return Promise.resolve(Readable.toWeb(createReadStream(real)) as unknown as WebStream);
  }
}

interface Cached {
  etag: string | null;
  lastModified: string | null;
  body: Buffer;
}

export interface HttpFetcherOptions {
  timeoutMs?: number;
  userAgent?: string;
  /** Bodies up to this size are kept for conditional requests (metadata, not bundles). */
  cacheMaxBytes?: number;
}

export class HttpFetcher extends BaseFetcher {
  readonly stats: FetchStats = { requests: 0, notModified: 0, bytes: 0 };
  private readonly cache = new Map<string, Cached>();
  private readonly timeoutMs: number;
  private readonly userAgent: string;
  private readonly cacheMaxBytes: number;

  constructor(opts: HttpFetcherOptions = {}) {
    super();
    this.timeoutMs = opts.timeoutMs ?? 30_000;
    this.userAgent = opts.userAgent ?? 'yimen-fleet-agent';
    this.cacheMaxBytes = opts.cacheMaxBytes ?? 64 * 1024;
  }

  async fetch(url: string): Promise<WebStream> {
    this.stats.requests++;
    const cached = url.endsWith('/timestamp.json') ? this.cache.get(url) : undefined;
    const headers: Record<string, string> = { 'user-agent': this.userAgent };
    if (cached?.etag) headers['if-none-match'] = cached.etag;
    if (cached?.lastModified) headers['if-modified-since'] = cached.lastModified;
    let res: Response;
    try {
      res = await fetch(url, { headers, signal: AbortSignal.timeout(this.timeoutMs), redirect: 'error' });
    } catch (e) {
      throw new DownloadHTTPError(`fetch failed: ${(e as Error).message.slice(0, 200)}`, 0);
    }
    if (res.status === 304 && cached) {
      this.stats.notModified++;
      await res.body?.cancel();
      return streamOf(cached.body);
    }
    if (!res.ok || !res.body) {
      await res.body?.cancel();
      throw new DownloadHTTPError('Failed to download', res.status);
    }
    const etag = res.headers.get('etag');
    const lastModified = res.headers.get('last-modified');
    const keep = url.endsWith('/timestamp.json') && (etag !== null || lastModified !== null);
    const chunks: Buffer[] = [];
    let total = 0;
    const cap = this.cacheMaxBytes;
    return res.body.pipeThrough(
      new TransformStream<Uint8Array<ArrayBuffer>, Uint8Array<ArrayBuffer>>({
        transform: (chunk, c) => {
          total += chunk.length;
          this.stats.bytes += chunk.length;
          if (keep && total <= cap) chunks.push(Buffer.from(chunk));
          c.enqueue(chunk);
        },
        flush: () => {
          // Kept only when read whole; tuf-js enforces its own length cap while reading.
          if (keep && total <= cap) this.cache.set(url, { etag, lastModified, body: Buffer.concat(chunks) });
        },
      }),
    );
  }
}
