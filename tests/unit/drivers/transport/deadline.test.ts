/**
 * `Deadline`: a reply that reached the OS while our process was busy is read before the deadline
 * expires; a silent peer is still reported once the deadline (and at most one grace window) is over.
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Deadline } from '../../../../drivers/transport/deadline.js';

let server: Server | null = null;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

/** A connected loopback pair: `send` writes from one end, `received` listens on the other. */
async function loopback(): Promise<{ send: (text: string) => void; received: Socket }> {
  const accepted = new Promise<Socket>((resolve) => {
    server = createServer((s) => resolve(s));
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', () => resolve()));
  const address = server?.address();
  if (!address || typeof address === 'string') throw new Error('no loopback address');
  const client = createConnection(address.port, '127.0.0.1');
  await new Promise<void>((resolve) => client.once('connect', () => resolve()));
  const received = await accepted;
  sockets.push(client, received);
  return { send: (text) => client.write(text), received };
}

/** Keep the event loop busy (like a long synchronous render) for `ms`. */
function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    /* the loop cannot run timers or I/O now */
  }
}

describe('Deadline', () => {
  it('expires after its time when the peer stays silent', async () => {
    const started = performance.now();
    await new Promise<void>((resolve) => new Deadline(30, resolve));
    expect(performance.now() - started).toBeGreaterThanOrEqual(29);
  });

  it('reads a reply that arrived while the process was busy before it expires', async () => {
    const { send, received } = await loopback();
    const order: string[] = [];
    received.on('data', () => order.push('reply'));
    const expired = new Promise<void>((resolve) => {
      // Due in 50 ms; the reply is in the kernel at once, but the loop is busy for 200 ms.
      new Deadline(50, () => {
        order.push('expired');
        resolve();
      });
    });
    send('x');
    busy(200);
    await expired;
    expect(order).toEqual(['reply', 'expired']);
  });

  it('can be cancelled and restarted', async () => {
    let fired = 0;
    const d = new Deadline(20, () => fired++);
    d.cancel();
    await new Promise<void>((resolve) => {
      d.restart();
      setTimeout(resolve, 0);
    });
    d.cancel();
    expect(fired).toBe(0);
    await new Promise<void>((resolve) => {
      const e = new Deadline(10, () => {
        fired++;
        resolve();
      });
      e.restart();
    });
    expect(fired).toBe(1);
  });
});
