import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ok, err } from '../../../../../common/result.js';
import {
  MIN_PING_MS,
  READY_ONLY_MAX_ATTEMPTS,
  READY_REPEATS,
  WatchdogFeeder,
  nextAssignments,
  parseNotifySocket,
  parseWatchdogUsec,
  pingInterval,
  startWatchdog,
  statusText,
  watchdogPlan,
  type NotifySender,
  type WatchdogErrorCode,
} from '../../../../../main/features/supervision/watchdog.js';

/** Records every message; answers with the queued results (ok when the queue is empty). */
class RecordingSender implements NotifySender {
  readonly messages: string[][] = [];
  readonly answers: Array<ReturnType<NotifySender['send']> extends Promise<infer R> ? R : never> = [];
  send(assignments: readonly string[]) {
    this.messages.push([...assignments]);
    return Promise.resolve(this.answers.shift() ?? ok(undefined));
  }
}

/** A sender whose sends stay pending until released. */
class GatedSender implements NotifySender {
  readonly messages: string[][] = [];
  private release: Array<() => void> = [];
  send(assignments: readonly string[]) {
    this.messages.push([...assignments]);
    return new Promise<ReturnType<typeof ok<undefined>>>((resolve) => this.release.push(() => resolve(ok(undefined))));
  }
  releaseAll(): void {
    for (const r of this.release.splice(0)) r();
  }
}

function logSink() {
  const lines: Array<{ level: 'info' | 'warn'; msg: string; obj: object }> = [];
  return {
    lines,
    log: {
      info: (obj: object, msg: string) => lines.push({ level: 'info', msg, obj }),
      warn: (obj: object, msg: string) => lines.push({ level: 'warn', msg, obj }),
    },
  };
}

describe('parseNotifySocket', () => {
  it('treats a missing or empty NOTIFY_SOCKET as not supervised', () => {
    expect(parseNotifySocket({})).toMatchObject({ ok: false, error: { code: 'not-supervised' } });
    expect(parseNotifySocket({ NOTIFY_SOCKET: '' })).toMatchObject({ ok: false, error: { code: 'not-supervised' } });
  });
  it('accepts paths, abstract names and vsock addresses', () => {
    expect(parseNotifySocket({ NOTIFY_SOCKET: '/run/systemd/notify' })).toEqual({ ok: true, value: '/run/systemd/notify' });
    expect(parseNotifySocket({ NOTIFY_SOCKET: '@/org/freedesktop/systemd1/notify/123' })).toMatchObject({ ok: true });
    expect(parseNotifySocket({ NOTIFY_SOCKET: 'vsock:2:1234' })).toMatchObject({ ok: true });
  });
  it('rejects relative paths, a bare @ and NUL bytes', () => {
    for (const bad of ['run/notify', '@', 'notify', '/run/\0x']) {
      expect(parseNotifySocket({ NOTIFY_SOCKET: bad })).toMatchObject({ ok: false, error: { code: 'bad-notify-socket' } });
    }
  });
});

describe('parseWatchdogUsec', () => {
  it('is null when no watchdog is configured', () => {
    expect(parseWatchdogUsec({}, 42)).toEqual({ ok: true, value: null });
  });
  it('reads the period and honours WATCHDOG_PID', () => {
    expect(parseWatchdogUsec({ WATCHDOG_USEC: '60000000' }, 42)).toEqual({ ok: true, value: 60_000_000 });
    expect(parseWatchdogUsec({ WATCHDOG_USEC: '60000000', WATCHDOG_PID: '42' }, 42)).toEqual({ ok: true, value: 60_000_000 });
    expect(parseWatchdogUsec({ WATCHDOG_USEC: '60000000', WATCHDOG_PID: '7' }, 42)).toMatchObject({
      ok: false,
      error: { code: 'other-pid' },
    });
  });
  it('rejects zero, negative, fractional and non-numeric values', () => {
    for (const bad of ['0', '-5', '1.5', '1e6', 'abc', ' 10', '10 ']) {
      expect(parseWatchdogUsec({ WATCHDOG_USEC: bad }, 1)).toMatchObject({ ok: false, error: { code: 'bad-watchdog-usec' } });
    }
    expect(parseWatchdogUsec({ WATCHDOG_USEC: '10', WATCHDOG_PID: 'x' }, 1)).toMatchObject({
      ok: false,
      error: { code: 'bad-watchdog-pid' },
    });
  });
  it('never throws and accepts exactly the positive decimal strings (property)', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.option(fc.string(), { nil: undefined }),
        fc.integer({ min: 1, max: 2 ** 22 }),
        (usec, wpid, pid) => {
          const env: NodeJS.ProcessEnv = { WATCHDOG_USEC: usec, ...(wpid === undefined ? {} : { WATCHDOG_PID: wpid }) };
          const r = parseWatchdogUsec(env, pid);
          const usecValid = usec === '' || (/^[0-9]{1,16}$/.test(usec) && Number(usec) > 0);
          if (!usecValid) expect(r).toMatchObject({ ok: false, error: { code: 'bad-watchdog-usec' } });
          if (r.ok && r.value !== null) {
            expect(r.value).toBe(Number(usec));
            expect(wpid === undefined || wpid === '' || Number(wpid) === pid).toBe(true);
          }
        },
      ),
    );
  });
});

describe('pingInterval and watchdogPlan', () => {
  it('pings four times per period, never faster than MIN_PING_MS', () => {
    expect(pingInterval(60_000_000)).toBe(15_000);
    expect(pingInterval(1_000)).toBe(MIN_PING_MS);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 40 }), (usec) => {
        const ms = pingInterval(usec);
        expect(ms).toBeGreaterThanOrEqual(MIN_PING_MS);
        if (usec >= MIN_PING_MS * 4000) expect(ms * 4).toBeLessThanOrEqual(usec / 1000);
      }),
    );
  });
  it('builds a plan, keeping READY when the watchdog part is unusable', () => {
    expect(watchdogPlan({ NOTIFY_SOCKET: '/run/n', WATCHDOG_USEC: '20000000' }, 1)).toEqual({
      ok: true,
      value: { socket: '/run/n', watchdogUsec: 20_000_000, pingMs: 5000, watchdogSkipped: null },
    });
    const skipped = watchdogPlan({ NOTIFY_SOCKET: '/run/n', WATCHDOG_USEC: '20000000', WATCHDOG_PID: '9' }, 1);
    expect(skipped).toMatchObject({ ok: true, value: { pingMs: null, watchdogSkipped: { code: 'other-pid' } } });
    expect(watchdogPlan({ WATCHDOG_USEC: '20000000' }, 1)).toMatchObject({ ok: false, error: { code: 'not-supervised' } });
  });
});

describe('nextAssignments and statusText', () => {
  it('repeats READY=1 on the first messages only', () => {
    expect(nextAssignments(0, true, null)).toEqual(['READY=1', 'WATCHDOG=1']);
    expect(nextAssignments(READY_REPEATS - 1, true, 'up')).toEqual(['READY=1', 'WATCHDOG=1', 'STATUS=up']);
    expect(nextAssignments(READY_REPEATS, true, null)).toEqual(['WATCHDOG=1']);
    expect(nextAssignments(READY_REPEATS, false, null)).toEqual([]);
  });
  it('keeps STATUS on one line', () => {
    expect(statusText('a\nb\r\nc\0d')).toBe('a b c d');
    expect(statusText('x'.repeat(500))).toHaveLength(200);
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(statusText(s)).not.toMatch(/[\n\r\0]/);
      }),
    );
  });
});

describe('WatchdogFeeder', () => {
  it('sends READY with the first pings, then WATCHDOG only, and STOPPING on stop', async () => {
    const sender = new RecordingSender();
    const feeder = new WatchdogFeeder({ pingMs: 15_000, sender, now: () => 0 });
    await feeder.start('serving on 127.0.0.1:8080');
    for (let i = 0; i < 4; i++) await feeder.tick();
    await feeder.stop();
    expect(sender.messages).toEqual([
      ['READY=1', 'WATCHDOG=1', 'STATUS=serving on 127.0.0.1:8080'],
      ['READY=1', 'WATCHDOG=1'],
      ['READY=1', 'WATCHDOG=1'],
      ['WATCHDOG=1'],
      ['WATCHDOG=1'],
      ['STOPPING=1'],
    ]);
    await feeder.tick();
    expect(sender.messages).toHaveLength(6);
    expect(feeder.snapshot()).toMatchObject({ sent: 6, failed: 0 });
  });

  it('keeps one message in flight and counts the ticks it skipped', async () => {
    const sender = new GatedSender();
    const feeder = new WatchdogFeeder({ pingMs: 1000, sender, now: () => 0 });
    const first = feeder.start();
    await feeder.tick();
    await feeder.tick();
    expect(sender.messages).toHaveLength(1);
    sender.releaseAll();
    await first;
    expect(feeder.snapshot()).toMatchObject({ sent: 1, skippedBusy: 2 });
    const stopping = feeder.stop();
    await Promise.resolve();
    sender.releaseAll();
    await stopping;
  });

  it('withholds WATCHDOG=1 while unhealthy, but still announces READY', async () => {
    const sender = new RecordingSender();
    const { lines, log } = logSink();
    let healthy = false;
    const feeder = new WatchdogFeeder({ pingMs: 1000, sender, healthy: () => healthy, log, now: () => 0 });
    await feeder.start();
    await feeder.tick();
    await feeder.tick();
    await feeder.tick(); // READY repeats done: nothing goes out now
    expect(sender.messages).toEqual([['READY=1'], ['READY=1'], ['READY=1']]);
    healthy = true;
    await feeder.tick();
    expect(sender.messages.at(-1)).toEqual(['WATCHDOG=1']);
    expect(feeder.snapshot().skippedUnhealthy).toBe(4);
    expect(lines.filter((l) => l.msg.includes('unhealthy'))).toHaveLength(1);
    expect(lines.some((l) => l.msg.includes('healthy again'))).toBe(true);
    await feeder.stop();
  });

  it('treats a throwing health check as unhealthy', async () => {
    const sender = new RecordingSender();
    const feeder = new WatchdogFeeder({
      pingMs: 1000,
      sender,
      healthy: () => {
        throw new Error('boom');
      },
      now: () => 0,
    });
    for (let i = 0; i <= READY_REPEATS; i++) await feeder.tick();
    expect(sender.messages.flat()).not.toContain('WATCHDOG=1');
    await feeder.stop();
  });

  it('logs a run of failures once and keeps READY until one goes through', async () => {
    const sender = new RecordingSender();
    const failure = err<WatchdogErrorCode>('notify-failed', 'No such file or directory');
    sender.answers.push(failure, failure);
    const { lines, log } = logSink();
    const feeder = new WatchdogFeeder({ pingMs: 1000, sender, log, now: () => 0 });
    await feeder.start();
    await feeder.tick();
    await feeder.tick();
    expect(sender.messages).toEqual([
      ['READY=1', 'WATCHDOG=1'],
      ['READY=1', 'WATCHDOG=1'],
      ['READY=1', 'WATCHDOG=1'],
    ]);
    expect(feeder.snapshot()).toMatchObject({ sent: 1, failed: 2, lastError: { code: 'notify-failed' } });
    expect(lines.filter((l) => l.msg === 'watchdog: notify failed')).toHaveLength(1);
    expect(lines.some((l) => l.msg.includes('go through again'))).toBe(true);
    await feeder.stop();
  });

  it('reports a blocked event loop as lag', async () => {
    let t = 0;
    const { lines, log } = logSink();
    const feeder = new WatchdogFeeder({ pingMs: 1000, sender: new RecordingSender(), log, now: () => t });
    await feeder.start();
    t = 1000;
    await feeder.tick();
    t = 4500;
    await feeder.tick();
    expect(feeder.snapshot().maxLagMs).toBe(2500);
    expect(lines.some((l) => l.msg.includes('blocked'))).toBe(true);
    await feeder.stop();
  });

  it('without a watchdog, repeats READY a few times and then stops', async () => {
    const sender = new RecordingSender();
    const feeder = new WatchdogFeeder({ pingMs: null, sender, now: () => 0 });
    await feeder.start();
    for (let i = 0; i < 10; i++) await feeder.tick();
    expect(sender.messages).toEqual(Array.from({ length: READY_REPEATS }, () => ['READY=1']));
    await feeder.stop();
  });

  it('without a watchdog, gives up after READY_ONLY_MAX_ATTEMPTS failures', async () => {
    const sender = new RecordingSender();
    for (let i = 0; i < 50; i++) sender.answers.push(err<WatchdogErrorCode>('notify-missing', 'systemd-notify is not installed'));
    const feeder = new WatchdogFeeder({ pingMs: null, sender, now: () => 0 });
    await feeder.start();
    for (let i = 0; i < 30; i++) await feeder.tick();
    expect(sender.messages).toHaveLength(READY_ONLY_MAX_ATTEMPTS);
    await feeder.stop();
  });

  it('rejects a nonsensical ping period as a bug', () => {
    expect(() => new WatchdogFeeder({ pingMs: 0, sender: new RecordingSender() })).toThrow(RangeError);
    expect(() => new WatchdogFeeder({ pingMs: Number.NaN, sender: new RecordingSender() })).toThrow(RangeError);
  });
});

describe('startWatchdog', () => {
  it('does nothing outside systemd', async () => {
    const sender = new RecordingSender();
    expect(await startWatchdog({ env: {}, sender })).toBeNull();
    expect(sender.messages).toEqual([]);
  });
  it('warns about a broken NOTIFY_SOCKET instead of throwing', async () => {
    const { lines, log } = logSink();
    expect(await startWatchdog({ env: { NOTIFY_SOCKET: 'relative' }, sender: new RecordingSender(), log })).toBeNull();
    expect(lines[0]).toMatchObject({ level: 'warn', obj: { code: 'bad-notify-socket' } });
  });
  it('starts feeding under Type=notify with a watchdog', async () => {
    const sender = new RecordingSender();
    const feeder = await startWatchdog({
      env: { NOTIFY_SOCKET: '/run/n', WATCHDOG_USEC: '60000000' },
      pid: 5,
      sender,
      status: 'up',
    });
    expect(feeder).not.toBeNull();
    expect(sender.messages).toEqual([['READY=1', 'WATCHDOG=1', 'STATUS=up']]);
    await feeder?.stop();
  });
});
