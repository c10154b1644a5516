import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaults } from '../../../config/defaults.js';
import { defaultDataDir, loadConfig, mergeConfig } from '../../../config/load.js';

function file(content: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'yimen-cfg-'));
  const p = join(dir, 'config.json');
  writeFileSync(p, content);
  return p;
}

describe('config', () => {
  it('uses the embedded defaults when no file is given: emulated devices', () => {
    const res = loadConfig(undefined, { YIMEN_DATA_DIR: '/tmp/yd' });
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.value.config.devices.every((d) => d.transport.type === 'emulated')).toBe(true);
    expect(res.value.dataDir).toBe('/tmp/yd');
    expect(res.value.source).toBe('embedded defaults');
  });

  it('merges a site file over the defaults (objects merge, arrays replace)', () => {
    const p = file(JSON.stringify({ terminal: { id: 'fs-cc-0042' }, session: { idleSeconds: 120 }, devices: [] }));
    const res = loadConfig(p, {});
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.value.config.terminal).toMatchObject({ id: 'fs-cc-0042', hallId: 'demo-hall' });
    expect(res.value.config.session).toMatchObject({ idleSeconds: 120, warningSeconds: 30 });
    expect(res.value.config.devices).toEqual([]);
  });

  it('reads YIMEN_CONFIG when no --config is given', () => {
    const p = file(JSON.stringify({ terminal: { id: 'env-1' } }));
    const res = loadConfig(undefined, { YIMEN_CONFIG: p });
    expect(res.ok && res.value.config.terminal.id).toBe('env-1');
  });

  it('names the offending field in a clear message', () => {
    const p = file(JSON.stringify({ session: { warningSeconds: 5 } }));
    const res = loadConfig(p, {});
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.code).toBe('config-invalid');
    expect(res.error.field).toBe('session.warningSeconds');
    expect(res.error.message).toContain('session.warningSeconds');
    expect(res.error.message).toContain(p);
  });

  it('rejects unknown fields, bad device transports and duplicate device ids', () => {
    const typo = loadConfig(file(JSON.stringify({ sesion: {} })), {});
    expect(!typo.ok && typo.error.message).toMatch(/sesion|Unrecognized/);
    const badT = loadConfig(
      file(JSON.stringify({ devices: [{ id: 'r', kind: 'idcard', transport: { type: 'bluetooth' } }] })),
      {},
    );
    expect(!badT.ok && badT.error.field).toMatch(/^devices\.0\.transport/);
    const dup = loadConfig(
      file(
        JSON.stringify({
          devices: [
            { id: 'a', kind: 'idcard', transport: { type: 'emulated' } },
            { id: 'a', kind: 'scanner', transport: { type: 'emulated' } },
          ],
        }),
      ),
      {},
    );
    expect(!dup.ok && dup.error.message).toContain('unique');
  });

  it('reports unreadable and non-JSON files with codes', () => {
    expect(loadConfig('/nonexistent/yimen.json', {})).toMatchObject({ ok: false, error: { code: 'config-unreadable' } });
    expect(loadConfig(file('{ nope'), {})).toMatchObject({ ok: false, error: { code: 'config-not-json' } });
    expect(loadConfig(file('[1,2]'), {})).toMatchObject({ ok: false, error: { code: 'config-invalid' } });
  });

  it('requires the default locale to be available', () => {
    const res = loadConfig(file(JSON.stringify({ locale: { default: 'en', available: ['zh-CN'] } })), {});
    expect(!res.ok && res.error.field).toBe('locale.default');
  });

  it('layers the applied fleet bundle between the defaults and the site file, asked for once with the site data dir', () => {
    const p = file(JSON.stringify({ dataDir: '/tmp/yd-site', session: { endingSeconds: 15 } }));
    const asked: string[] = [];
    const bundle = {
      format: 'yimen-fleet-bundle/1' as const,
      release: 3,
      scope: { level: 'global' as const },
      sections: { session: { ...defaults.session, idleSeconds: 140, endingSeconds: 20 } },
    };
    const res = loadConfig(p, {}, { appliedBundle: (site) => (asked.push(site.dataDir), bundle) });
    expect(asked).toEqual(['/tmp/yd-site']);
    expect(res).toMatchObject({ ok: true, value: { source: p, dataDir: '/tmp/yd-site', bundleWarning: null } });
    if (!res.ok) return;
    expect(res.value.bundle?.release).toBe(3);
    expect(res.value.config.session).toMatchObject({ idleSeconds: 140, endingSeconds: 15, warningSeconds: 30 });
  });

  it('leaves out a bundle the layered config refuses, and says why', () => {
    const p = file(JSON.stringify({ session: { endingSeconds: 15 } }));
    const bundle = {
      format: 'yimen-fleet-bundle/1' as const,
      release: 4,
      scope: { level: 'global' as const },
      sections: { session: { ...defaults.session, warningSeconds: 5 } },
    };
    const res = loadConfig(p, {}, { appliedBundle: () => bundle });
    expect(res).toMatchObject({ ok: true, value: { bundle: null } });
    if (!res.ok) return;
    expect(res.value.bundleWarning).toContain('fleet release 4');
    expect(res.value.config.session).toMatchObject({ endingSeconds: 15, warningSeconds: 30 });
  });

  it('merge keeps base keys and replaces scalars', () => {
    expect(mergeConfig({ a: { b: 1, c: 2 }, d: [1] }, { a: { c: 3 }, d: [2, 3] })).toEqual({ a: { b: 1, c: 3 }, d: [2, 3] });
  });

  it('picks the OS user-data path', () => {
    expect(defaultDataDir({ XDG_DATA_HOME: '/x' }, 'linux')).toBe('/x/yimen');
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\k\\AppData\\Roaming' }, 'win32')).toContain('yimen');
  });
});
