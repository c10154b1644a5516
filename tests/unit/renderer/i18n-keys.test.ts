import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MY_DATA_ACTIONS, SHELF_POSITIONS } from '../../../main/base/api/contract.js';

const localesDir = 'renderer/src/i18n/locales';
const LOCALES = ['zh-CN', 'zh-HK', 'en'];

function flatten(obj: unknown, prefix = ''): string[] {
  if (typeof obj !== 'object' || obj === null) return [prefix];
  return Object.entries(obj).flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k));
}
function load(locale: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(localesDir, `${locale}.json`), 'utf8')) as Record<string, unknown>;
}
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return sources(p);
    return /\.tsx?$/.test(f) ? [p] : [];
  });
}

describe('translations', () => {
  const keys = Object.fromEntries(LOCALES.map((l) => [l, new Set(flatten(load(l)))]));

  it('every locale has exactly the same keys', () => {
    const all = new Set(LOCALES.flatMap((l) => [...(keys[l] ?? [])]));
    for (const l of LOCALES) {
      const missing = [...all].filter((k) => !keys[l]?.has(k));
      expect(missing, `missing in ${l}`).toEqual([]);
    }
  });

  it('no translation is empty', () => {
    for (const l of LOCALES) {
      const walk = (o: unknown, path: string): void => {
        if (typeof o === 'string') expect(o.trim(), `${l}:${path}`).not.toBe('');
        else if (o && typeof o === 'object') for (const [k, v] of Object.entries(o)) walk(v, `${path}.${k}`);
      };
      walk(load(l), '');
    }
  });

  it('every literal key the UI uses exists in every locale', () => {
    const used = new Set<string>();
    for (const file of sources('renderer/src')) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z0-9_.-]+)'/g)) if (m[1]) used.add(m[1]);
    }
    expect(used.size).toBeGreaterThan(5);
    for (const l of LOCALES) {
      const missing = [...used].filter((k) => !keys[l]?.has(k));
      expect(missing, `used but missing in ${l}`).toEqual([]);
    }
  });

  it('every word of a closed list the contract sends has its text: my-data operations, shelf positions', () => {
    const needed = [...MY_DATA_ACTIONS.map((a) => `mydata.actions.${a}`), ...SHELF_POSITIONS.map((p) => `identify.below.${p}`)];
    for (const l of LOCALES) {
      const missing = needed.filter((k) => !keys[l]?.has(k));
      expect(missing, `missing in ${l}`).toEqual([]);
      // No line shows a raw code: `other` is a word too, with no placeholder.
      const mydata = load(l).mydata as { actions: Record<string, string> };
      for (const text of Object.values(mydata.actions)) expect(text, l).not.toContain('{{');
    }
  });
});
