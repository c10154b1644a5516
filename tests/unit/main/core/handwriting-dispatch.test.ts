/**
 * Handwriting and association as the kiosk wires them (main/core/kiosk-core.ts), through `dispatch`
 * like the UI calls them: the contract refuses strokes of the wrong shape or size before main looks
 * at them, the locale picks the script, and the recogniser's helper is health on the staff dashboard
 * (apart from the devices), restarted when it dies.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImeList, ServiceHealth } from '../../../../main/base/api/contract.js';
import type { KioskCore } from '../../../../main/core/kiosk-core.js';
import { testCore } from '../../../helpers/core.js';

let core: KioskCore | undefined;
afterEach(() => core?.close());
const ctx = { shell: 'browser' as const };
const fixture = JSON.parse(readFileSync(new URL('../../../fixtures/handwriting/strokes.json', import.meta.url), 'utf8')) as {
  box: number;
  chars: Record<string, [number, number][][]>;
};
const written = (c: string) => ({ strokes: fixture.chars[c], width: fixture.box, height: fixture.box });

async function list(c: KioskCore, method: 'ime.handwrite' | 'ime.associate', args: object): Promise<ImeList> {
  const r = await c.dispatch(method, args, ctx);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as ImeList;
}

describe('ime.handwrite and ime.associate through the core', () => {
  it('recognises in the session script and associates from the same lexicon', async () => {
    ({ core } = testCore());
    await core.dispatch('session.start', {}, ctx);
    expect((await list(core, 'ime.handwrite', written('路'))).candidates[0]).toBe('路');
    expect((await list(core, 'ime.handwrite', written('坏'))).candidates.slice(0, 5)).toContain('坏');
    const hu = await list(core, 'ime.associate', { text: '户' });
    expect(hu.candidates[0]).toBe('口');
    expect(hu.candidates.length).toBe(10);
    expect(hu.more).toBe(true);
    expect((await list(core, 'ime.associate', { text: 'abc' })).candidates).toEqual([]);
    await core.dispatch('session.setLocale', { locale: 'zh-HK' }, ctx);
    expect((await list(core, 'ime.handwrite', written('坏'))).candidates.slice(0, 5)).toContain('壞');
    expect((await list(core, 'ime.associate', { text: '戶' })).candidates[0]).toBe('口');
  });

  it('the schema refuses empty strokes, wrong shapes and oversized lists; the limits themselves pass', async () => {
    ({ core } = testCore());
    const refused = { ok: false, error: { code: 'invalid-arguments' } };
    const pt = (i: number): [number, number] => [i % 300, (i * 7) % 300];
    const stroke = (n: number): [number, number][] => Array.from({ length: n }, (_, i) => pt(i));
    const base = { width: 300, height: 300 };
    for (const args of [
      { ...base, strokes: [] },
      { ...base, strokes: [[]] },
      { ...base, strokes: [[1, 2]] },
      { ...base, strokes: [[[1, 2, 3]]] },
      { ...base, strokes: [[['1', '2']]] },
      { ...base, strokes: [[[NaN, 2]]] },
      { ...base, strokes: [[[1e9, 2]]] },
      { ...base, strokes: [[{ x: 1, y: 2 }]] },
      { ...base, strokes: 'M 0 0 L 10 10' },
      { ...base, strokes: [stroke(4001)] },
      { ...base, strokes: Array.from({ length: 41 }, () => stroke(2)) },
      { ...base, strokes: Array.from({ length: 6 }, () => stroke(4000)) },
      { strokes: [stroke(2)] },
      { ...base, width: 0, strokes: [stroke(2)] },
      { ...base, strokes: [stroke(2)], page: 10 },
      { ...base, strokes: [stroke(2)], extra: 1 },
    ])
      expect(await core.dispatch('ime.handwrite', args, ctx), JSON.stringify(args).slice(0, 80)).toMatchObject(refused);
    for (const args of [{ text: '' }, { text: '路'.repeat(41) }, { text: '路', page: -1 }, { text: '路', x: 1 }, {}])
      expect(await core.dispatch('ime.associate', args, ctx), JSON.stringify(args)).toMatchObject(refused);
    // At the limits: 5 strokes of 4,000 points (20,000 in all) and 40 strokes are answered.
    expect(
      await core.dispatch('ime.handwrite', { ...base, strokes: Array.from({ length: 5 }, () => stroke(4000)) }, ctx),
    ).toMatchObject({
      ok: true,
    });
    expect(
      await core.dispatch('ime.handwrite', { ...base, strokes: Array.from({ length: 40 }, () => stroke(3)) }, ctx),
    ).toMatchObject({
      ok: true,
    });
  });

  it('the recogniser is a service on the staff dashboard, not a device; a dead helper is restarted and shown', async () => {
    ({ core } = testCore());
    const c = core;
    expect(c.devices.health().some((d) => d.id === 'handwriting')).toBe(false);
    await list(c, 'ime.handwrite', written('路'));
    expect(c.maintenance.dashboard().services).toEqual([
      expect.objectContaining({ id: 'handwriting', state: 'ok', restarts: 0 }),
    ]);
    const events: ServiceHealth[] = [];
    const back = new Promise<void>((resolve) =>
      c.bus.on('service.health', (h) => {
        events.push(h);
        if (h.state === 'ok') resolve();
      }),
    );
    process.kill(c.handwriting.zinnia.pid() ?? 0, 'SIGKILL');
    await back;
    expect(events.map((e) => `${e.id}:${e.state}:${e.code ?? ''}`)).toEqual([
      'handwriting:offline:recogniser-exited',
      'handwriting:ok:',
    ]);
    const dash = c.maintenance.dashboard();
    expect(dash.services[0]).toMatchObject({ id: 'handwriting', state: 'ok', restarts: 1 });
    expect(dash.lastErrors.some((e) => e.source === 'handwriting' && e.code === 'recogniser-exited')).toBe(true);
    expect((await list(c, 'ime.handwrite', written('路'))).candidates[0]).toBe('路');
  });
});
