import { afterEach, describe, expect, it } from 'vitest';
import { methods, METHOD_NAMES } from '../../../../main/base/api/contract.js';
import { testCore } from '../../../helpers/core.js';
import type { KioskCore } from '../../../../main/core/kiosk-core.js';

let core: KioskCore | undefined;
afterEach(() => core?.close());
const ctx = { shell: 'browser' as const };

describe('contract schemas', () => {
  it('reject malformed arguments', () => {
    expect(methods['session.setLocale'].args.safeParse({ locale: 'fr' }).success).toBe(false);
    expect(methods['session.setLocale'].args.safeParse({ locale: 'en', extra: 1 }).success).toBe(false);
    expect(methods['session.setLocale'].args.safeParse({}).success).toBe(false);
    expect(methods['session.setLocale'].args.safeParse('en').success).toBe(false);
    expect(methods['session.setElderMode'].args.safeParse({ on: 'yes' }).success).toBe(false);
    expect(methods['session.start'].args.safeParse({ skipTo: 'serving' }).success).toBe(false);
    expect(methods['session.setLocale'].args.safeParse({ locale: 'en' }).success).toBe(true);
  });

  it('declare a scope for every method', () => {
    for (const name of METHOD_NAMES) expect(['citizen', 'staff']).toContain(methods[name].scope);
  });
});

describe('core dispatch', () => {
  it('refuses unknown methods, prototype names and bad arguments with codes', async () => {
    ({ core } = testCore());
    expect(await core.dispatch('session.nope', {}, ctx)).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    expect(await core.dispatch('__proto__', {}, ctx)).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    expect(await core.dispatch('toString', {}, ctx)).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    const bad = await core.dispatch('session.setLocale', { locale: '<script>' }, ctx);
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-arguments' } });
    expect(core.session.view().locale).toBe('zh-CN');
  });

  it('runs valid calls and pushes the session to listeners', async () => {
    ({ core } = testCore());
    const pushed: string[] = [];
    core.bus.on('session.changed', (v) => pushed.push(v.phase));
    const res = await core.dispatch('session.start', {}, ctx);
    expect(res).toMatchObject({ ok: true, value: { phase: 'home' } });
    expect(pushed).toContain('home');
  });

  it('refuses a locale the terminal does not offer', async () => {
    ({ core } = testCore({ locale: { default: 'zh-CN', available: ['zh-CN', 'en'] } }));
    expect(await core.dispatch('session.setLocale', { locale: 'zh-HK' }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'locale-unavailable' },
    });
  });

  it('reports system info for the UI', async () => {
    ({ core } = testCore());
    const res = await core.dispatch('system.info', undefined, ctx);
    expect(res).toMatchObject({ ok: true, value: { terminalId: 'demo-0001', shell: 'browser', emulatedDevices: true } });
  });
});
