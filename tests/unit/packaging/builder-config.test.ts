/**
 * electron-builder cannot run here (no Electron binary), so its config is checked instead:
 * against electron-builder's own schema validator, and for every option the project relies on.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const require = createRequire(import.meta.url);
const { minimatch } = require('minimatch') as { minimatch: (path: string, pattern: string, opts?: object) => boolean };
const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  validateConfiguration: (config: unknown, debug: { isEnabled: boolean; add(): void }) => Promise<void>;
};

type Target = { target: string; arch: string[] };
interface BuilderConfig {
  appId: string;
  files: string[];
  asar: boolean;
  asarUnpack: string[];
  electronFuses: Record<string, boolean>;
  extraResources: Array<{ from: string; to: string; filter: string[] }>;
  linux: { target: Target[] };
  win: { target: Target[] };
  deb: { depends: string[]; afterInstall: string; afterRemove: string };
  npmRebuild?: boolean;
}

const config = parse(readFileSync('electron-builder.yml', 'utf8')) as BuilderConfig;
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { main: string; scripts: Record<string, string> };
const noDebug = { isEnabled: false, add: () => undefined };

function walk(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}
/** electron-builder's file-set semantics: included by a positive pattern, not removed by a later `!`. */
function included(path: string, patterns: string[]): boolean {
  let inc = false;
  for (const p of patterns) {
    if (p.startsWith('!')) {
      if (minimatch(path, p.slice(1), { dot: true })) inc = false;
    } else if (minimatch(path, p, { dot: true })) inc = true;
  }
  return inc;
}

describe('electron-builder.yml', () => {
  it("passes electron-builder's own schema validation", async () => {
    await expect(validateConfiguration(config, noDebug)).resolves.toBeUndefined();
  });

  it('is rejected by the same validator when an option is misspelt (the check can fail)', async () => {
    const broken = { ...config, electronFuses: { ...config.electronFuses, runAsNodes: false } };
    await expect(validateConfiguration(broken, noDebug)).rejects.toThrow(/electronFuses/);
  });

  it('builds deb and AppImage for x64 and arm64, and NSIS for Windows', () => {
    const linux = Object.fromEntries(config.linux.target.map((t) => [t.target, [...t.arch].sort()]));
    expect(linux).toEqual({ deb: ['arm64', 'x64'], AppImage: ['arm64', 'x64'] });
    expect(config.win.target.map((t) => t.target)).toEqual(['nsis']);
    expect(config.win.target[0]?.arch).toContain('x64');
  });

  it('sets the security fuses', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('packs the entry, the preload and the renderer', () => {
    expect(pkg.main).toBe('dist/main/shells/electron/main.js');
    expect(config.asar).toBe(true);
    for (const f of [
      pkg.main,
      'dist/main/shells/electron/preload.cjs',
      'dist/renderer/index.html',
      'bin/yimen.js',
      'package.json',
    ]) {
      expect(included(f, config.files), f).toBe(true);
    }
    expect(included('dist/main/shells/electron/main.js.map', config.files)).toBe(false);
    expect(included('src/secret.ts', config.files)).toBe(false);
  });

  it('unpacks the .node binaries of every native module from the asar', () => {
    const modules = ['better-sqlite3', '@serialport/bindings-cpp', 'node-hid'];
    const nodeFiles = modules.flatMap((m) =>
      walk(join('node_modules', m))
        .filter((f) => f.endsWith('.node') && !f.includes('/obj.target/') && !f.includes('test_extension'))
        .map((f) => relative('.', f)),
    );
    for (const m of modules) {
      const files = nodeFiles.filter((f) => f.startsWith(`node_modules/${m}/`));
      expect(files.length, `${m} has native binaries installed`).toBeGreaterThan(0);
      for (const f of files)
        expect(
          config.asarUnpack.some((g) => minimatch(f, g, { dot: true })),
          f,
        ).toBe(true);
    }
    // The arm64 binaries the domestic (Kylin/UOS) machines load are among them.
    const arm64 = nodeFiles.filter((f) => /linux-arm64/.test(f));
    expect(arm64.some((f) => f.includes('bindings-cpp'))).toBe(true);
    expect(arm64.some((f) => f.includes('node-hid'))).toBe(true);
    // Nothing else is unpacked by accident.
    for (const g of config.asarUnpack) expect(g).toMatch(/\.node$/);
  });

  it('rebuilds native modules at packaging time, not at npm ci', () => {
    expect(config.npmRebuild).toBe(true);
    expect(pkg.scripts.postinstall).toBeUndefined();
    expect(pkg.scripts.install).toBeUndefined();
    expect(Object.values(pkg.scripts).join('\n')).not.toMatch(/install-app-deps|electron-rebuild/);
  });

  it('declares the deb dependencies Electron and the kiosk need', () => {
    const deps = config.deb.depends.join(',');
    for (const d of ['libgtk-3-0', 'libnss3', 'libasound2', 'libgbm1', 'udev', 'adduser']) expect(deps).toContain(d);
  });

  it('ships the OS files as extraResources, and the deb scripts use files that are shipped', () => {
    const shipped = new Set<string>();
    for (const r of config.extraResources) {
      expect(existsSync(r.from) && statSync(r.from).isDirectory(), r.from).toBe(true);
      const matched = readdirSync(r.from).filter((f) => r.filter.some((g) => minimatch(f, g)));
      expect(matched.length, r.from).toBeGreaterThan(0);
      for (const f of matched) shipped.add(`${r.to}/${f}`);
    }
    expect([...shipped]).toEqual(
      expect.arrayContaining([
        'packaging/udev/70-yimen.rules',
        'packaging/udev/69-yimen-roles.rules',
        'packaging/systemd/yimen.service',
        'packaging/session/yimen-session',
      ]),
    );
    const postinst = readFileSync(config.deb.afterInstall, 'utf8');
    const used = [...postinst.matchAll(/\$RES\/([\w./-]+)/g)].map((m) => `packaging/${m[1]}`);
    expect(used.length).toBeGreaterThan(0);
    for (const u of used) expect(shipped.has(u), u).toBe(true);
  });

  it('deb scripts only use the ${…} macros electron-builder fills in', () => {
    const allowed = new Set(['executable', 'sanitizedProductName', 'productFilename']);
    for (const f of [config.deb.afterInstall, config.deb.afterRemove]) {
      const macros = [...readFileSync(f, 'utf8').matchAll(/\$\{([a-zA-Z]+)\}/g)].map((m) => m[1] ?? '');
      expect(macros.length).toBeGreaterThan(0);
      for (const m of macros) expect(allowed.has(m), `${f}: \${${m}}`).toBe(true);
    }
  });
});
