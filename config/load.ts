import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { KioskConfig } from './schema.js';
import type { FleetBundle } from './bundle-schema.js';
import { defaults } from './defaults.js';
import { err, ok, type Result } from '../common/result.js';

export interface ConfigError {
  code: 'config-unreadable' | 'config-not-json' | 'config-invalid';
  /** One line a technician can act on, naming the file and the field. */
  message: string;
  /** Dotted path of the first offending field, when there is one. */
  field?: string;
}

/** A config parsed over the embedded defaults, or why it is not valid. */
export type ConfigResult = Result<KioskConfig, ConfigError>;

export interface LoadOptions {
  /**
   * The fleet bundle applied on this terminal, asked for once the site file has been read (it
   * names the data dir and the fleet repository); null when there is none. It layers between
   * the embedded defaults and the site file.
   */
  appliedBundle?: (site: { config: KioskConfig; dataDir: string }) => FleetBundle | null;
}

/** The terminal config as loaded, and where it came from. */
export interface LoadedConfig {
  config: KioskConfig;
  /** The site file (absolute path), or `embedded defaults`. */
  source: string;
  dataDir: string;
  /** The fleet bundle layered under the site file; null when none is. */
  bundle: FleetBundle | null;
  /** Why the applied bundle was left out (the config is then defaults ← site file); null when it was not. */
  bundleWarning: string | null;
}

export type LoadResult = Result<LoadedConfig, ConfigError>;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Objects merge key by key; arrays and scalars in `over` replace those in `base`. */
export function mergeConfig(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over === undefined ? base : over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = mergeConfig(base[k], v);
  return out;
}

/** The OS user-data path for yimen, as Electron's `app.getPath('userData')` would give it. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'yimen');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'yimen');
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'yimen');
}

export function parseConfig(raw: unknown, source: string, base: unknown = defaults): ConfigResult {
  const parsed = KioskConfig.safeParse(mergeConfig(base, raw));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)';
    return err('config-invalid', `${source}: field "${field}": ${issue?.message ?? 'invalid'}`, { field });
  }
  return ok(parsed.data);
}

/**
 * Loads the terminal config: `file` (from `--config`), else `YIMEN_CONFIG`, else the embedded
 * defaults. The data directory is the config's `dataDir`, else `YIMEN_DATA_DIR`, else the OS
 * user-data path.
 *
 * Precedence, decided here and only here: embedded defaults ← applied fleet bundle
 * (`opts.appliedBundle`) ← site file. IT owns the catalog, timings, locales and back-office URL
 * through the bundle; the site file (written at install) keeps what only the machine knows —
 * its terminal id, hardware paths, data dir — and wins where it speaks, key by key (arrays
 * replace wholesale). The site file is read once. If the layered result fails the schema, the
 * config is used without the bundle and `bundleWarning` says why.
 */
export function loadConfig(file?: string, env: NodeJS.ProcessEnv = process.env, opts: LoadOptions = {}): LoadResult {
  const path = file ?? env.YIMEN_CONFIG;
  let raw: Json = {};
  let source = 'embedded defaults';
  if (path !== undefined && path !== '') {
    source = resolve(path);
    let text: string;
    try {
      text = readFileSync(source, 'utf8');
    } catch (e) {
      const reason = (e as NodeJS.ErrnoException).code ?? 'unreadable';
      return err('config-unreadable', `${source}: cannot read the config file (${reason})`);
    }
    try {
      raw = JSON.parse(text) as Json;
    } catch (e) {
      return err('config-not-json', `${source}: not valid JSON (${(e as Error).message})`);
    }
    if (!isPlainObject(raw)) {
      return err('config-invalid', `${source}: the config must be a JSON object`, { field: '(root)' });
    }
  }
  let base: unknown = defaults;
  if (isPlainObject(raw) && 'catalogFile' in raw) {
    const catalog = readCatalogFile(raw.catalogFile, source);
    if (!catalog.ok) return catalog;
    const { catalogFile: _named, ...rest } = raw;
    raw = { ...rest, catalog: catalog.value };
    // The named catalog replaces the embedded one wholesale (no demo categories merged in).
    base = { ...defaults, catalog: {} };
  }
  const site = parseConfig(raw, source, base);
  if (!site.ok) return site;
  const dataDir = resolve(site.value.dataDir ?? env.YIMEN_DATA_DIR ?? defaultDataDir(env));
  const siteOnly: LoadedConfig = { config: site.value, source, dataDir, bundle: null, bundleWarning: null };
  const bundle = opts.appliedBundle?.({ config: site.value, dataDir }) ?? null;
  if (bundle === null) return ok(siteOnly);
  const layered = parseConfig(mergeConfig(bundle.sections, raw), `fleet release ${bundle.release} + ${source}`, base);
  if (!layered.ok) return ok({ ...siteOnly, bundleWarning: layered.error.message });
  return ok({ ...siteOnly, config: layered.value, bundle });
}

/**
 * A site file may keep its catalog in a file of its own (`"catalogFile": "catalog.json"`, relative to
 * the site file; e.g. the seed-scale fixture tests/fixtures/catalog/seed-1052.json): a JSON object with
 * the catalog's `categories`, `departments`, `lifeEvents`, `common`, `synonyms` and `matters`.
 */
function readCatalogFile(named: unknown, source: string): Result<Json, ConfigError> {
  if (typeof named !== 'string' || named === '') {
    return err('config-invalid', `${source}: field "catalogFile": a file path is required`, { field: 'catalogFile' });
  }
  const file = resolve(dirname(source), named);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code ?? 'unreadable';
    return err('config-unreadable', `${file}: cannot read the catalog file named by "catalogFile" (${reason})`);
  }
  try {
    const parsed = JSON.parse(text) as Json;
    if (isPlainObject(parsed)) return ok(parsed);
  } catch (e) {
    return err('config-not-json', `${file}: not valid JSON (${(e as Error).message})`);
  }
  return err('config-invalid', `${file}: the catalog must be a JSON object`, { field: 'catalogFile' });
}
