/**
 * The typed back-office client. It speaks only the contract in `docs/backoffice-openapi.yaml`
 * (through `OPERATIONS`): every request is checked before it leaves and every answer is parsed
 * before anyone sees it. Every failure is a typed value; nothing the peer sends can throw.
 */
import type { z } from 'zod';
import { err, ok, type Err, type Result } from '../../../common/result.js';
import { OPERATIONS, type OperationName } from './operations.js';
import { ErrorBody } from './schemas.js';

export type BackofficeErrorCode =
  | 'bo-unreachable'
  | 'bo-timeout'
  | 'bo-server-error'
  | 'bo-bad-response'
  | 'bo-rejected'
  | 'bo-not-found'
  | 'bo-conflict'
  | 'bo-rate-limited'
  | 'bo-invalid-request';

export interface BackofficeError {
  code: BackofficeErrorCode;
  message: string;
  /** HTTP status, when there was an answer. */
  status?: number;
  /** The back office's own `code`, when its error body had one. */
  remoteCode?: string;
}

export type BoResult<T> = Result<T, BackofficeError>;

/** Failures worth retrying later: the request may succeed as is once the peer recovers. */
export function isTransient(code: BackofficeErrorCode): boolean {
  switch (code) {
    case 'bo-unreachable':
    case 'bo-timeout':
    case 'bo-server-error':
    case 'bo-bad-response':
    case 'bo-rate-limited':
      return true;
    case 'bo-not-found':
    case 'bo-rejected':
    case 'bo-conflict':
    case 'bo-invalid-request':
      return false;
  }
}

export interface BackofficeClientOptions {
  /** Base URL (https in production), e.g. `https://bo.example.gov.cn/api/`. */
  baseUrl: string;
  timeoutMs: number;
  /** Largest answer accepted, in bytes. */
  maxResponseBytes?: number;
  fetch?: typeof fetch;
}

type Ops = typeof OPERATIONS;
type ReqOf<N extends OperationName> = Ops[N]['request'] extends z.ZodObject ? z.input<Ops[N]['request']> : undefined;
type ResOf<N extends OperationName> = z.output<Ops[N]['response']>;

export interface CallInput<N extends OperationName> {
  params?: Record<string, string>;
  body: ReqOf<N>;
  idempotencyKey?: string;
  /** The raw body of a `binary` operation (an attachment chunk). */
  bytes?: Uint8Array;
  /** Its `Content-Range` (common/content-range.ts). */
  contentRange?: string;
}

export class BackofficeClient {
  private readonly base: URL;
  private readonly timeoutMs: number;
  private readonly maxBytes: number;
  private readonly fetchImpl: typeof fetch;

  constructor(opts: BackofficeClientOptions) {
    this.base = new URL(opts.baseUrl.endsWith('/') ? opts.baseUrl : `${opts.baseUrl}/`);
    this.timeoutMs = opts.timeoutMs;
    this.maxBytes = opts.maxResponseBytes ?? 1024 * 1024;
    this.fetchImpl = opts.fetch ?? fetch;
  }

  async call<N extends OperationName>(name: N, input: CallInput<N>): Promise<BoResult<ResOf<N>>> {
    const spec = OPERATIONS[name];
    let path = spec.path;
    for (const [k, v] of Object.entries(input.params ?? {})) path = path.replace(`{${k}}`, encodeURIComponent(v));
    if (path.includes('{')) return err('bo-invalid-request', `${name}: missing path parameter in ${spec.path}`);
    let body: string | Uint8Array | undefined;
    if ('binary' in spec && spec.binary) {
      if (!input.bytes || !input.contentRange) return err('bo-invalid-request', `${name}: needs bytes and a Content-Range`);
      body = input.bytes;
    } else if (spec.request !== null) {
      const parsed = spec.request.safeParse(input.body);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return err('bo-invalid-request', `${name}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
      }
      body = JSON.stringify(parsed.data);
    }
    if (spec.idempotent && !input.idempotencyKey) return err('bo-invalid-request', `${name}: needs an idempotency key`);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (typeof body === 'string') headers['content-type'] = 'application/json';
    else if (body !== undefined) {
      headers['content-type'] = 'application/octet-stream';
      headers['content-range'] = input.contentRange ?? '';
    }
    if (input.idempotencyKey) headers['idempotency-key'] = input.idempotencyKey;
    const url = new URL(path.replace(/^\//, ''), this.base);

    let res: Response;
    try {
      res = await this.fetchImpl(url, {
        method: spec.method.toUpperCase(),
        headers,
        // (A chunk's bytes go as they are: Node's fetch takes any Uint8Array view.)
        ...(body !== undefined ? { body: body as string | Uint8Array<ArrayBuffer> } : {}),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (e) {
      return networkFailure(e, this.timeoutMs);
    }
    let text: string;
    try {
      text = await readCapped(res, this.maxBytes);
    } catch (e) {
      const timedOut = (e as Error).name === 'TimeoutError' || (e as Error).name === 'AbortError';
      return timedOut
        ? err('bo-timeout', `no complete answer within ${this.timeoutMs} ms`, { status: res.status })
        : err('bo-bad-response', (e as Error).message, { status: res.status });
    }
    if (res.status === spec.status || (res.ok && res.status >= 200 && res.status < 300)) {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        return err('bo-bad-response', `${name}: the answer is not JSON`, { status: res.status });
      }
      const out = spec.response.safeParse(json);
      if (!out.success) {
        const issue = out.error.issues[0];
        return err(
          'bo-bad-response',
          `${name}: answer breaks the contract at ${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`,
          { status: res.status },
        );
      }
      return ok(out.data as ResOf<N>);
    }
    let remote: { code: string; message: string } | undefined;
    try {
      const e = ErrorBody.safeParse(JSON.parse(text));
      if (e.success) remote = e.data;
    } catch {
      /* a non-JSON error body: the status says enough */
    }
    const detail = remote ? `${remote.code}: ${remote.message.slice(0, 200)}` : `HTTP ${res.status}`;
    // A 404 without the contract's error body comes from something else on the way (a wrong
    // base URL, a proxy): worth retrying once that is fixed, unlike a 404 about the resource.
    if (res.status === 404 && !remote)
      return err('bo-bad-response', `${name}: HTTP 404 without a contract error body (wrong back-office URL?)`, { status: 404 });
    const code: BackofficeErrorCode =
      res.status >= 500
        ? 'bo-server-error'
        : res.status === 404
          ? 'bo-not-found'
          : res.status === 409
            ? 'bo-conflict'
            : res.status === 429
              ? 'bo-rate-limited'
              : 'bo-rejected';
    return err(code, `${name}: ${detail}`, { status: res.status, ...(remote ? { remoteCode: remote.code } : {}) });
  }
}

function networkFailure(e: unknown, timeoutMs: number): Err<BackofficeError> {
  const error = e as Error & { cause?: { code?: string; message?: string } };
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return err('bo-timeout', `no answer within ${timeoutMs} ms`);
  const cause = error.cause?.code ?? error.cause?.message ?? error.message;
  return err('bo-unreachable', `back office unreachable (${cause})`);
}

async function readCapped(res: Response, max: number): Promise<string> {
  if (res.body === null) return '';
  const reader: ReadableStreamDefaultReader<Uint8Array> = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw new Error(`answer larger than ${max} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
