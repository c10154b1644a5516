/**
 * The short variant of `npm run soak`: every fault kind once, API- and UI-level sessions, and the
 * loss check. Needs the built renderer (dist/renderer) and Chromium, like the e2e tests.
 */
import { describe, expect, it } from 'vitest';
import { FAULTS, runSoak } from '../../bench/soak.js';

describe('soak (short)', () => {
  it('completes sessions through every fault kind, recovers from each, and loses nothing', { timeout: 180_000 }, async () => {
    // A longer back-office timeout than the soak's 1 s: under `npm test` other files run beside
    // this one, and the kiosk's first calls to a freshly started back-office process can exceed it.
    const r = await runSoak({ api: 12, ui: 2, faultEvery: 2, sampleEvery: 2, backofficeTimeoutMs: 4000 });
    expect(r.failures).toEqual([]);
    expect(r.sessions.api).toEqual({ attempted: 12, completed: 12 });
    expect(r.sessions.ui).toEqual({ attempted: 2, completed: 2 });
    for (const kind of [...FAULTS, 'renderer-killed'])
      expect(r.faults.byKind[kind], kind).toMatchObject({ injected: 1, recovered: 1 });
    // The door really stayed open past the limit and the session flagged it.
    expect(r.doorLeftOpenNoticed).toBe(1);
    // The renderer was closed and only the supervisor's frozen-UI check brought it back.
    expect(r.supervisor.reloads).toBeGreaterThanOrEqual(1);
    expect(r.supervisor.exits).toBe(0);
    expect(r.loss.acknowledged).toBeGreaterThan(0);
    expect(r.loss).toMatchObject({ missing: [], duplicated: [], outboxQueuedAtEnd: 0 });
    expect(r.loss.inBackoffice).toBe(r.loss.acknowledged);
  });
});
