import { describe, expect, it } from 'vitest';
import { createMemoryPair, type MemoryTransport } from '../../../../drivers/transport/memory-transport.js';
import type { TransportState } from '../../../../drivers/transport/transport.js';

function collect(t: MemoryTransport): { bytes: () => Buffer; chunks: Buffer[] } {
  const chunks: Buffer[] = [];
  t.onData((c) => chunks.push(c));
  return { bytes: () => Buffer.concat(chunks), chunks };
}

function until(cond: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const tick = (): void => (cond() ? resolve() : void setTimeout(tick, 1));
    tick();
  });
}

describe('createMemoryPair', () => {
  it('carries bytes both ways, in order', async () => {
    const { a, b } = createMemoryPair();
    await a.open();
    await b.open();
    const atB = collect(b);
    const atA = collect(a);
    await a.write(Buffer.from([1, 2, 3]));
    await a.write(Buffer.from([4]));
    await b.write(Buffer.from('pong'));
    await until(() => atB.bytes().length === 4 && atA.bytes().length === 4);
    expect([...atB.bytes()]).toEqual([1, 2, 3, 4]);
    expect(atA.bytes().toString()).toBe('pong');
  });

  it('delivers a long write in several chunks when a byte rate is set', async () => {
    const { a, b } = createMemoryPair({ bytesPerSecond: 11520 });
    await a.open();
    await b.open();
    const atA = collect(a);
    const payload = Buffer.alloc(600, 0x5a);
    await b.write(payload);
    await until(() => atA.bytes().length === 600);
    expect(atA.chunks.length).toBeGreaterThan(1);
    expect(atA.bytes().equals(payload)).toBe(true);
  });

  it('refuses writes on a closed end and drops bytes sent to a closed end', async () => {
    const { a, b } = createMemoryPair();
    await expect(a.write(Buffer.from([1]))).rejects.toThrow(/not open/);
    await a.open();
    const atB = collect(b);
    await a.write(Buffer.from([1])); // b is closed: lost on the wire
    await b.open();
    await a.write(Buffer.from([2]));
    await until(() => atB.bytes().length > 0);
    expect([...atB.bytes()]).toEqual([2]);
  });

  it('flushInput drops bytes that have arrived but not been handed out', async () => {
    const { a, b } = createMemoryPair();
    await a.open();
    await b.open();
    const atA = collect(a);
    await b.write(Buffer.from([9, 9]));
    await a.flushInput();
    await b.write(Buffer.from([7]));
    await until(() => atA.bytes().length > 0);
    expect([...atA.bytes()]).toEqual([7]);
  });

  it('unplug reports reconnecting, fails writes, and replug reports open again', async () => {
    const pair = createMemoryPair();
    await pair.a.open();
    await pair.b.open();
    const states: TransportState[] = [];
    pair.a.onState((s) => states.push(s));
    pair.unplug('a');
    expect(pair.a.state).toBe('reconnecting');
    await expect(pair.a.write(Buffer.from([1]))).rejects.toThrow();
    pair.replug('a');
    expect(states).toEqual(['reconnecting', 'open']);
    const atB = collect(pair.b);
    await pair.a.write(Buffer.from([5]));
    await until(() => atB.bytes().length > 0);
    expect([...atB.bytes()]).toEqual([5]);
  });

  it('a listener that throws does not break delivery to the others', async () => {
    const { a, b } = createMemoryPair();
    await a.open();
    await b.open();
    const warnings: unknown[] = [];
    const onWarning = (w: unknown): number => warnings.push(w);
    process.on('warning', onWarning);
    b.onData(() => {
      throw new Error('listener bug');
    });
    const atB = collect(b);
    await a.write(Buffer.from([1]));
    await until(() => atB.bytes().length > 0);
    await until(() => warnings.length > 0);
    process.off('warning', onWarning);
    expect([...atB.bytes()]).toEqual([1]);
  });
});
