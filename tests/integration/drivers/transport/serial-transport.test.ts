import { afterEach, describe, expect, it } from 'vitest';
import { SerialTransport } from '../../../../drivers/transport/serial-transport.js';
import type { TransportState } from '../../../../drivers/transport/transport.js';
import { openPtyPair, type PtyPair } from '../../../helpers/pty.js';

function waitFor(cond: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const tick = (): void => (cond() ? resolve() : void setTimeout(tick, 5));
    tick();
  });
}

let pty: PtyPair | null = null;
const opened: SerialTransport[] = [];
afterEach(async () => {
  for (const t of opened.splice(0)) await t.close();
  await pty?.close();
  pty = null;
});

function transport(path: string, extra: Partial<ConstructorParameters<typeof SerialTransport>[0]> = {}): SerialTransport {
  const t = new SerialTransport({ path, baudRate: 115200, ...extra });
  opened.push(t);
  return t;
}

describe('SerialTransport over a socat pty pair', () => {
  it('opens, writes and receives both ways', async () => {
    pty = await openPtyPair();
    const host = transport(pty.a);
    const dev = transport(pty.b);
    await host.open();
    await dev.open();
    expect(host.state).toBe('open');
    const got: Buffer[] = [];
    dev.onData((c) => got.push(c));
    const big = Buffer.alloc(2321, 0xaa);
    await host.write(big);
    await waitFor(() => Buffer.concat(got).length === big.length);
    expect(Buffer.concat(got).equals(big)).toBe(true);
    const back: Buffer[] = [];
    host.onData((c) => back.push(c));
    await dev.write(Buffer.from([0x96, 0x69]));
    await waitFor(() => Buffer.concat(back).length === 2);
    expect([...Buffer.concat(back)]).toEqual([0x96, 0x69]);
  });

  it('rejects opening a path that does not exist, and reports closed', async () => {
    const t = transport('/dev/pts/does-not-exist');
    const states: TransportState[] = [];
    t.onState((s) => states.push(s));
    await expect(t.open()).rejects.toThrow();
    expect(t.state).toBe('closed');
    expect(states).toEqual(['opening', 'closed']);
  });

  it('reports reconnecting on unplug and open when the port comes back', async () => {
    pty = await openPtyPair({ links: true });
    const host = transport(pty.a, { backoffMs: [50, 100], livenessMs: 50 });
    await host.open();
    const states: TransportState[] = [];
    host.onState((s) => states.push(s));
    await pty.unplug();
    await waitFor(() => host.state === 'reconnecting');
    await pty.replug();
    await waitFor(() => host.state === 'open');
    expect(states[0]).toBe('reconnecting');
    expect(states.at(-1)).toBe('open');
    // And it works again.
    const dev = transport(pty.b);
    await dev.open();
    const got: Buffer[] = [];
    dev.onData((c) => got.push(c));
    await host.write(Buffer.from('hello'));
    await waitFor(() => Buffer.concat(got).length === 5);
    expect(Buffer.concat(got).toString()).toBe('hello');
  });

  it('with keepTrying, keeps retrying a port that is not there yet', async () => {
    pty = await openPtyPair({ links: true });
    const path = pty.a;
    await pty.unplug();
    const host = transport(path, { backoffMs: [30], keepTrying: true, livenessMs: 50 });
    await expect(host.open()).rejects.toThrow();
    expect(host.state).toBe('reconnecting');
    await pty.replug();
    await waitFor(() => host.state === 'open');
    expect(host.state).toBe('open');
  });

  it('flushInput discards bytes that arrived before it', async () => {
    pty = await openPtyPair();
    const host = transport(pty.a);
    const dev = transport(pty.b);
    await host.open();
    await dev.open();
    // The stale bytes must have reached the host before the flush: watch for them (subscribed
    // before the write, so none is missed) instead of guessing how long socat takes.
    const stale: Buffer[] = [];
    const offStale = host.onData((c) => stale.push(c));
    await dev.write(Buffer.from([1, 2, 3]));
    await waitFor(() => Buffer.concat(stale).length >= 3);
    offStale();
    expect([...Buffer.concat(stale)]).toEqual([1, 2, 3]);
    const got: Buffer[] = [];
    // Subscribing late: the stream has already emitted those bytes in flowing mode, so none come.
    host.onData((c) => got.push(c));
    await host.flushInput();
    await dev.write(Buffer.from([4]));
    await waitFor(() => got.length > 0);
    expect([...Buffer.concat(got)]).toEqual([4]);
  });
});
