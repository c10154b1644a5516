import { describe, expect, it } from 'vitest';
import { createMemoryPair } from '../../../../drivers/transport/memory-transport.js';
import { RequestChannel, type FrameReader } from '../../../../drivers/transport/request.js';
import type { Transport } from '../../../../drivers/transport/transport.js';

/** The test readers keep the bytes they have not framed yet in `buf`. */
abstract class BufferingReader implements FrameReader<Buffer> {
  protected buf = Buffer.alloc(0);
  get pending(): number {
    return this.buf.length;
  }
  reset(): void {
    this.buf = Buffer.alloc(0);
  }
  abstract push(chunk: Uint8Array): Buffer[];
}

/** Test framing: STX, length, payload. Anything else while hunting is dropped. */
class StxReader extends BufferingReader {
  push(chunk: Uint8Array): Buffer[] {
    this.buf = Buffer.concat([this.buf, chunk]);
    const out: Buffer[] = [];
    for (;;) {
      const start = this.buf.indexOf(0x02);
      if (start < 0) {
        this.buf = Buffer.alloc(0);
        return out;
      }
      this.buf = this.buf.subarray(start);
      const len = this.buf[1];
      if (len === undefined || this.buf.length < 2 + len) return out;
      out.push(Buffer.from(this.buf.subarray(2, 2 + len)));
      this.buf = this.buf.subarray(2 + len);
    }
  }
}

/** A device that answers each request byte `n` with `reply(n)` (or nothing). */
async function device(t: Transport, reply: (n: number) => Buffer | null): Promise<void> {
  await t.open();
  t.onData((chunk) => {
    for (const n of chunk) {
      const r = reply(n);
      if (r) void t.write(r);
    }
  });
}

const frame = (...payload: number[]): Buffer => Buffer.from([0x02, payload.length, ...payload]);
const opts = { timeoutMs: 200, interByteMs: 50 };

describe('RequestChannel', () => {
  it('returns the reply frame, even when the device answers instantly', async () => {
    const { a, b } = createMemoryPair();
    await device(b, (n) => frame(n, n + 1));
    await a.open();
    const ch = new RequestChannel(a, new StxReader());
    const r = await ch.request('echo', Buffer.from([7]), opts);
    expect(r).toEqual({ ok: true, value: Buffer.from([7, 8]) });
  });

  it('runs one request at a time, in order, each getting its own reply', async () => {
    const { a, b } = createMemoryPair({ bytesPerSecond: 20000 });
    const seen: number[] = [];
    await device(b, (n) => {
      seen.push(n);
      return frame(n * 2);
    });
    await a.open();
    const ch = new RequestChannel(a, new StxReader());
    const results = await Promise.all([1, 2, 3, 4].map((n) => ch.request(`cmd${n}`, Buffer.from([n]), opts)));
    expect(results.map((r) => (r.ok ? [...r.value] : r.error.code))).toEqual([[2], [4], [6], [8]]);
    expect(seen).toEqual([1, 2, 3, 4]);
  });

  it('names the command in a no-answer error', async () => {
    const { a, b } = createMemoryPair();
    await device(b, () => null);
    await a.open();
    const ch = new RequestChannel(a, new StxReader());
    const r = await ch.request('find-card', Buffer.from([1]), opts);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('no-answer');
      expect(r.error.message).toContain('find-card');
    }
  });

  it('reports a reply that stops halfway as truncated (inter-byte timeout)', async () => {
    const { a, b } = createMemoryPair();
    await device(b, () => Buffer.from([0x02, 10, 1, 2, 3]));
    await a.open();
    const ch = new RequestChannel(a, new StxReader());
    const r = await ch.request('read', Buffer.from([1]), { timeoutMs: 5000, interByteMs: 30 });
    expect(r.ok ? 'ok' : r.error.code).toBe('truncated');
  });

  it('reports bytes that never form a frame as garbage', async () => {
    const { a, b } = createMemoryPair();
    await device(b, () => Buffer.from([0xff, 0xfe, 0xfd]));
    await a.open();
    const ch = new RequestChannel(a, new StxReader());
    const r = await ch.request('status', Buffer.from([1]), opts);
    expect(r.ok ? 'ok' : r.error.code).toBe('garbage');
  });

  it('skips frames the caller does not accept', async () => {
    const { a, b } = createMemoryPair();
    await device(b, () => Buffer.concat([frame(0x99), frame(0x42)]));
    await a.open();
    const ch = new RequestChannel(a, new StxReader());
    const r = await ch.request('q', Buffer.from([1]), { ...opts, accept: (f) => f[0] === 0x42 });
    expect(r).toEqual({ ok: true, value: Buffer.from([0x42]) });
  });

  it('does not let a late, partial reply to an earlier command spoil the next one', async () => {
    const { a, b } = createMemoryPair();
    let first = true;
    await b.open();
    b.onData((chunk) => {
      // The first request is answered late, below; the others at once.
      if (first) first = false;
      else void b.write(frame(chunk[0] ?? 0));
    });
    await a.open();
    const ch = new RequestChannel(a, new StxReader());
    const r1 = await ch.request('first', Buffer.from([1]), { timeoutMs: 30, interByteMs: 20 });
    expect(r1.ok ? 'ok' : r1.error.code).toBe('no-answer');
    // The device answers after the first request gave up, and only half a frame; the late bytes
    // arrive between the transactions.
    const late = new Promise<void>((resolve) => {
      const off = a.onData((chunk) => {
        if (chunk.includes(0xee)) {
          off();
          resolve();
        }
      });
    });
    await b.write(Buffer.from([0x02, 5, 0xee]));
    await late;
    const r2 = await ch.request('second', Buffer.from([5]), opts);
    expect(r2).toEqual({ ok: true, value: Buffer.from([5]) });
  });

  it('fails fast when the transport is not open, and on unplug mid-transaction', async () => {
    const pair = createMemoryPair();
    await device(pair.b, () => null);
    const ch = new RequestChannel(pair.a, new StxReader());
    const r1 = await ch.request('status', Buffer.from([1]), opts);
    expect(r1.ok ? 'ok' : r1.error.code).toBe('not-open');
    await pair.a.open();
    // Unplugged once the device has the request: mid-transaction, while the channel waits for the reply.
    const off = pair.b.onData(() => {
      off();
      pair.unplug('a');
    });
    const pending = ch.request('status', Buffer.from([1]), { timeoutMs: 5000, interByteMs: 100 });
    const r2 = await pending;
    expect(r2.ok ? 'ok' : r2.error.code).toBe('disconnected');
  });

  it('uses flushOnSilence for frames delimited by a quiet line', async () => {
    class SilenceReader extends BufferingReader {
      push(chunk: Uint8Array): Buffer[] {
        this.buf = Buffer.concat([this.buf, chunk]);
        return [];
      }
      flushOnSilence(): Buffer[] {
        const f = this.buf;
        this.buf = Buffer.alloc(0);
        return f.length > 0 ? [f] : [];
      }
    }
    const { a, b } = createMemoryPair();
    await device(b, () => Buffer.from([1, 2, 3]));
    await a.open();
    const ch = new RequestChannel(a, new SilenceReader());
    const r = await ch.request('query-all', Buffer.from([1]), { timeoutMs: 1000, interByteMs: 20 });
    expect(r).toEqual({ ok: true, value: Buffer.from([1, 2, 3]) });
  });
});
