import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Catalog } from '../../../config/catalog-schema.js';
import { demoCatalog } from '../../../config/demo-catalog.js';
import { loadConfig } from '../../../config/load.js';
import { buildSeedCatalog, SEED_FIGURES } from '../../../tools/catalog-fixture.js';

const FIXTURE = fileURLToPath(new URL('../../fixtures/catalog/seed-1052.json', import.meta.url));
const raw = readFileSync(FIXTURE, 'utf8');
const catalog = Catalog.parse(JSON.parse(raw));

describe('the seed-scale catalog fixture (tools/catalog-fixture.ts)', () => {
  it("has the seed's figures exactly: 1,052 matters, 456 natural-person (120 instant), 596 legal-person (55 instant)", () => {
    const ms = catalog.matters;
    const person = ms.filter((m) => m.audience === 'person');
    const legal = ms.filter((m) => m.audience === 'legal-person');
    expect(ms).toHaveLength(1052);
    expect(person).toHaveLength(456);
    expect(person.filter((m) => m.instant)).toHaveLength(120);
    expect(legal).toHaveLength(596);
    expect(legal.filter((m) => m.instant)).toHaveLength(55);
    expect(SEED_FIGURES).toEqual({ person: 456, personInstant: 120, legal: 596, legalInstant: 55 });
  });

  it('is what the seeded generator writes (deterministic, committed as generated)', () => {
    expect(JSON.stringify(buildSeedCatalog()) + '\n').toBe(raw);
    expect(JSON.stringify(buildSeedCatalog(7))).not.toBe(JSON.stringify(buildSeedCatalog()));
  });

  it('delivers as the seed describes: instant on the spot with a document template, the rest by locker, post or online push', () => {
    for (const m of catalog.matters) {
      if (m.instant) {
        expect(m.delivery, m.id).toEqual(['on-the-spot']);
        expect(m.document, m.id).toBeDefined();
        expect(m.timeLimitDays).toBe(0);
      } else {
        expect(m.delivery.length, m.id).toBeGreaterThan(0);
        expect(
          m.delivery.every((d) => d === 'locker' || d === 'post' || d === 'electronic'),
          m.id,
        ).toBe(true);
        expect(m.timeLimitDays, m.id).toBeGreaterThan(0);
      }
    }
    const methods = new Set(catalog.matters.flatMap((m) => m.delivery));
    expect([...methods].sort()).toEqual(['electronic', 'locker', 'on-the-spot', 'post']);
  });

  it('names every matter uniquely, in zh-CN and zh-HK, under a department; life events and 常办事项 resolve', () => {
    const names = catalog.matters.map((m) => m.names['zh-CN']);
    expect(new Set(names).size).toBe(1052);
    expect(catalog.matters.every((m) => m.department !== undefined && catalog.departments[m.department])).toBe(true);
    expect(catalog.matters.every((m) => (m.names['zh-HK'] ?? '') !== '')).toBe(true);
    expect(catalog.matters.find((m) => m.names['zh-CN'] === '居民身份证换领')?.names['zh-HK']).toBe('居民身份證換領');
    expect(Object.keys(catalog.departments).length).toBeGreaterThanOrEqual(10);
    for (const d of ['ga', 'rs', 'yb', 'mz', 'sc', 'sw', 'zj', 'gj', 'jy', 'wj', 'jt']) {
      expect(
        catalog.matters.some((m) => m.department === d),
        d,
      ).toBe(true);
    }
    for (const e of ['birth', 'school', 'work', 'marriage', 'retire', 'startup']) {
      expect(catalog.matters.filter((m) => m.lifeEvents.includes(e)).length, e).toBeGreaterThan(5);
    }
    expect(catalog.common.length).toBeGreaterThanOrEqual(12);
    expect(catalog.synonyms['身份证']).toEqual(['居民身份证']);
  });

  it('draws a picture for every department, category and life event, the demo catalog for its categories', () => {
    for (const kind of ['categories', 'departments', 'lifeEvents'] as const)
      expect(Object.keys(catalog.icons[kind]).sort(), kind).toEqual(Object.keys(catalog[kind]).sort());
    expect(new Set(Object.values(catalog.icons.lifeEvents)).size).toBeGreaterThan(10);
    const demo = Catalog.parse(demoCatalog);
    expect(Object.keys(demo.icons.categories).sort()).toEqual(Object.keys(demo.categories).sort());
    // An icon for an id the catalog does not have is refused, naming it.
    const bad = Catalog.safeParse({ ...demoCatalog, icons: { lifeEvents: { wedding: 'rings' } } });
    expect(bad.success).toBe(false);
    expect(JSON.stringify(bad.error?.issues)).toContain('wedding');
  });

  it('loads by config (catalogFile, relative to the site file); the demo catalog stays the default', () => {
    const dir = mkdtempSync(join(tmpdir(), 'yimen-cat-'));
    writeFileSync(join(dir, 'catalog.json'), raw);
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ catalogFile: 'catalog.json' }));
    const res = loadConfig(join(dir, 'config.json'), {});
    expect(res.ok && res.value.config.catalog.matters.length).toBe(1052);
    // Replaced wholesale: none of the demo catalog's categories are merged in.
    expect(res.ok && Object.keys(res.value.config.catalog.categories)).not.toContain('household');
    const plain = loadConfig(undefined, {});
    expect(plain.ok && plain.value.config.catalog.matters.length).toBe(demoCatalog.matters.length);
    expect(Catalog.safeParse(demoCatalog).success).toBe(true);
  });

  it('names the catalog file and the reason when it cannot be loaded', () => {
    const dir = mkdtempSync(join(tmpdir(), 'yimen-cat-'));
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ catalogFile: 'missing.json' }));
    const missing = loadConfig(join(dir, 'config.json'), {});
    expect(!missing.ok && missing.error).toMatchObject({ code: 'config-unreadable' });
    expect(!missing.ok && missing.error.message).toContain('missing.json');
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ matters: [{ id: 'x' }] }));
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ catalogFile: 'bad.json' }));
    const bad = loadConfig(join(dir, 'config.json'), {});
    expect(!bad.ok && bad.error).toMatchObject({ code: 'config-invalid' });
    expect(!bad.ok && bad.error.field).toMatch(/^catalog\.matters/);
  });
});
