/** The boot step: a damaged store puts the kiosk out of service (typed code) and keeps the file; a sound one audits sessions. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { attachSessionAudit } from '../../../../main/data/audit/session-audit.js';
import { StoreUnavailableError } from '../../../../main/data/data-port.js';
import { boot, type Booted } from '../../../../main/core/boot.js';
import { openServices, tempDir, testConfig } from '../data/store/fixtures.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

type View = { sessionId: string | null; outOfService: { code: string } | null };
function fakeSession() {
  const listeners: Array<(v: View) => void> = [];
  return {
    emit: (v: View) => listeners.forEach((l) => l(v)),
    onChange: (l: (v: View) => void) => {
      listeners.push(l);
      return () => undefined;
    },
  };
}

/** Boots a kiosk (no devices, no fleet) on this data dir. */
function bootIn(dir: string): Booted {
  const configFile = join(dir, 'config.json');
  writeFileSync(configFile, JSON.stringify({ dataDir: dir }));
  const b = boot({ configFile, shell: 'browser', console: false, startDevices: false });
  if (!b.ok) throw new Error(b.error.message);
  cleanups.push(async () => {
    await b.value.close();
    b.value.log.flush();
  });
  return b.value;
}

function auditTypes(kiosk: Booted): string[] {
  const rows = kiosk.data?.store.db.prepare(`SELECT type FROM audit_log ORDER BY seq`).all() as Array<{ type: string }>;
  return rows.map((r) => r.type);
}

describe('boot: the data services', () => {
  it('goes out of service with store-corrupt on a damaged database and keeps the file', () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const file = join(t.dir, 'yimen.db');
    writeFileSync(file, Buffer.alloc(8192, 0x5a));
    const kiosk = bootIn(t.dir);
    expect(kiosk.data).toBeNull();
    expect(kiosk.core.session.view().outOfService?.code).toBe('store-corrupt');
    // The journeys have no store: their store work fails with the typed code.
    expect(() => kiosk.core.journeys.sendRating({ score: 5, matterId: null })).toThrow(StoreUnavailableError);
    expect(readFileSync(file).equals(Buffer.alloc(8192, 0x5a))).toBe(true);
  });

  it('opens the store before the core: in service, sessions audited', () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const kiosk = bootIn(t.dir);
    expect(kiosk.data).not.toBeNull();
    expect(kiosk.core.session.view().outOfService).toBeNull();
    const view = kiosk.core.session.start();
    expect(view.sessionId).not.toBeNull();
    expect(auditTypes(kiosk)).toContain('session-start');
  });

  it('writes session start/end audit entries from session changes', () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const data = openServices(t.dir, testConfig());
    cleanups.push(() => data.close());
    const session = fakeSession();
    attachSessionAudit(session, data.audit, (err) => {
      throw err;
    });
    session.emit({ sessionId: 's1', outOfService: null });
    session.emit({ sessionId: 's1', outOfService: null });
    session.emit({ sessionId: null, outOfService: null });
    session.emit({ sessionId: 's2', outOfService: null });
    const types = (
      data.store.db.prepare(`SELECT type, detail FROM audit_log ORDER BY seq`).all() as Array<{ type: string; detail: string }>
    ).map((r) => `${r.type} ${(JSON.parse(r.detail) as { sessionId: string }).sessionId}`);
    expect(types).toEqual(['session-start s1', 'session-end s1', 'session-start s2']);
  });
});
