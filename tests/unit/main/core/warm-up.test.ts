/**
 * The core's warm-up (#18.7): the catalog index, the handwriting helper and the pinyin lexicon are
 * prepared off the start-up path — by themselves 2 s after the core is made, or, for the browser
 * host (`warmUpAfterMs: null`), only when the shell says its attract screen is up. The handwriting
 * helper is the visible sign here: its health leaves `unknown` once it has been started (`ok`, or
 * `offline` on a machine without zinnia).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../../../main/base/log/logger.js';
import { KioskCore } from '../../../../main/core/kiosk-core.js';
import { testConfig } from '../../../helpers/core.js';

const cores: KioskCore[] = [];
afterEach(() => {
  vi.useRealTimers();
  for (const c of cores.splice(0)) c.close();
});

function core(warmUpAfterMs?: number | null): KioskCore {
  const c = new KioskCore({
    config: testConfig(),
    dataDir: '/nonexistent',
    logger: silentLogger(),
    shell: 'browser',
    startDevices: false,
    ...(warmUpAfterMs !== undefined ? { warmUpAfterMs } : {}),
  });
  cores.push(c);
  return c;
}

const started = (c: KioskCore): boolean => c.handwriting.health().state !== 'unknown';

describe('KioskCore warm-up', () => {
  it('by default warms 2 s after the core is made, not before', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    const c = core();
    const warm = vi.spyOn(c.handwriting, 'warm');
    vi.advanceTimersByTime(1999);
    expect(warm).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(warm).toHaveBeenCalledOnce();
    await vi.waitFor(() => expect(started(c)).toBe(true));
  });

  it('with warmUpAfterMs null waits for warmUp(), which works once', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    const c = core(null);
    const warm = vi.spyOn(c.handwriting, 'warm');
    vi.advanceTimersByTime(60_000);
    expect(warm).not.toHaveBeenCalled();
    c.warmUp();
    c.warmUp();
    expect(warm).toHaveBeenCalledOnce();
    await vi.waitFor(() => expect(started(c)).toBe(true));
  });

  it('does nothing once the core is closed', () => {
    const c = core(null);
    const warm = vi.spyOn(c.handwriting, 'warm');
    c.close();
    c.warmUp();
    expect(warm).not.toHaveBeenCalled();
  });
});
