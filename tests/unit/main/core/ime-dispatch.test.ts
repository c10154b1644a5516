/**
 * The pinyin input as the kiosk wires it (main/core/kiosk-core.ts), through `dispatch` like the UI
 * calls it: the session dictionary lives as long as the citizen's session, the session's locale
 * picks the script, and the contract schema refuses bad input before the engine sees it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ImePage } from '../../../../main/base/api/contract.js';
import type { KioskCore } from '../../../../main/core/kiosk-core.js';
import { testCore } from '../../../helpers/core.js';

let core: KioskCore | undefined;
afterEach(() => core?.close());
const ctx = { shell: 'browser' as const };

async function candidates(c: KioskCore, pinyin: string, page = 0): Promise<ImePage> {
  const r = await c.dispatch('ime.candidates', { pinyin, page }, ctx);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as ImePage;
}

describe('ime.* through the core', () => {
  it('a pick ranks higher for the rest of the session; the next session starts from the lexicon order', async () => {
    ({ core } = testCore());
    await core.dispatch('session.start', {}, ctx);
    const before = (await candidates(core, 'hu')).candidates;
    const chosen = before[7];
    expect(chosen).toBeDefined();
    if (chosen === undefined) return;
    expect(before[0]).not.toBe(chosen);
    expect(await core.dispatch('ime.select', { pinyin: 'hu', candidate: chosen }, ctx)).toEqual({
      ok: true,
      value: { consumed: 2, rest: '' },
    });
    expect((await candidates(core, 'hu')).candidates[0]).toBe(chosen);
    // still this session: another screen, another field
    await core.dispatch('session.activity', {}, ctx);
    expect((await candidates(core, 'hu')).candidates[0]).toBe(chosen);

    // The citizen leaves: the wipe drops what they picked, for the next citizen and for none after.
    await core.dispatch('session.end', {}, ctx);
    expect((await candidates(core, 'hu')).candidates).toEqual(before);
    await core.dispatch('session.start', {}, ctx);
    expect((await candidates(core, 'hu')).candidates).toEqual(before);
  });

  it('picks traditional candidates for a zh-HK session and simplified again after the switch back', async () => {
    ({ core } = testCore());
    await core.dispatch('session.start', {}, ctx);
    expect((await candidates(core, 'hukou')).candidates[0]).toBe('户口');
    await core.dispatch('session.setLocale', { locale: 'zh-HK' }, ctx);
    expect((await candidates(core, 'hukou')).candidates[0]).toBe('戶口');
    expect((await candidates(core, 'zhengming')).candidates[0]).toBe('證明');
    expect(await core.dispatch('ime.select', { pinyin: 'zhengming', candidate: '證明' }, ctx)).toMatchObject({ ok: true });
    await core.dispatch('session.setLocale', { locale: 'zh-CN' }, ctx);
    expect((await candidates(core, 'zhengming')).candidates[0]).toBe('证明');
  });

  it('refuses non-letters, 41 letters, a negative page and unknown fields with invalid-arguments', async () => {
    ({ core } = testCore());
    const refused = { ok: false, error: { code: 'invalid-arguments' } };
    for (const args of [
      { pinyin: 'ni hao' },
      { pinyin: 'ni1' },
      { pinyin: '中文' },
      { pinyin: 'hu<script>' },
      { pinyin: 'a'.repeat(41) },
      { pinyin: "a'".repeat(41) },
      { pinyin: 'ni', page: -1 },
      { pinyin: 'ni', page: 0.5 },
      { pinyin: 'ni', extra: true },
      { pinyin: 42 },
      {},
    ])
      expect(await core.dispatch('ime.candidates', args, ctx), JSON.stringify(args)).toMatchObject(refused);
    for (const args of [
      { pinyin: 'hu1', candidate: '户' },
      { pinyin: 'a'.repeat(41), candidate: '啊' },
      { pinyin: 'hu', candidate: '' },
      { pinyin: 'hu', candidate: '户', page: 0 },
    ])
      expect(await core.dispatch('ime.select', args, ctx), JSON.stringify(args)).toMatchObject(refused);
    // the limits themselves pass
    expect(await core.dispatch('ime.candidates', { pinyin: 'a'.repeat(40), page: 0 }, ctx)).toMatchObject({ ok: true });
    expect(await core.dispatch('ime.candidates', { pinyin: "xi'an" }, ctx)).toMatchObject({ ok: true });
  });
});
