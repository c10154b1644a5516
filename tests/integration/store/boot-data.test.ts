/** The boot step: a damaged store puts the kiosk out of service (typed code) and keeps the file; a sound one audits sessions. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../main/base/log/logger.js';
import { bootDataServices } from '../../../main/core/boot-data.js';
import { tempDir, testConfig } from './fixtures.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

type View = { sessionId: string | null; outOfService: { code: string } | null };
function fakeCore() {
  const listeners: Array<(v: View) => void> = [];
  const oos: Array<{ code: string; message: string } | null> = [];
  return {
    oos,
    emit: (v: View) => listeners.forEach((l) => l(v)),
    session: {
      onChange: (l: (v: View) => void) => {
        listeners.push(l);
        return () => undefined;
      },
      setOutOfService: (r: { code: string; message: string } | null) => oos.push(r),
    },
  };
}

describe('bootDataServices', () => {
  it('goes out of service with store-corrupt on a damaged database and keeps the file', () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const file = join(t.dir, 'yimen.db');
    writeFileSync(file, Buffer.alloc(8192, 0x5a));
    const core = fakeCore();
    const data = bootDataServices({ core, config: testConfig(), dataDir: t.dir, log: silentLogger() });
    expect(data).toBeNull();
    expect(core.oos[0]?.code).toBe('store-corrupt');
    expect(readFileSync(file).equals(Buffer.alloc(8192, 0x5a))).toBe(true);
  });

  it('writes session start/end audit entries from session changes', () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const core = fakeCore();
    const data = bootDataServices({ core, config: testConfig(), dataDir: t.dir, log: silentLogger() });
    expect(data).not.toBeNull();
    if (!data) return;
    cleanups.push(() => data.close());
    core.emit({ sessionId: 's1', outOfService: null });
    core.emit({ sessionId: 's1', outOfService: null });
    core.emit({ sessionId: null, outOfService: null });
    core.emit({ sessionId: 's2', outOfService: null });
    const types = (
      data.store.db.prepare(`SELECT type, detail FROM audit_log ORDER BY seq`).all() as Array<{ type: string; detail: string }>
    ).map((r) => `${r.type} ${(JSON.parse(r.detail) as { sessionId: string }).sessionId}`);
    expect(types).toEqual(['session-start s1', 'session-end s1', 'session-start s2']);
  });
});
