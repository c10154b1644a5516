import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../../../../config/catalog-schema.js';
import { demoCatalog } from '../../../../../config/demo-catalog.js';
import { CatalogBrowser } from '../../../../../main/features/catalog/browse.js';
import { matterView } from '../../../../../main/features/catalog/matter-view.js';
import { CatalogIndex } from '../../../../../main/features/catalog/search.js';

const catalog = Catalog.parse(
  JSON.parse(readFileSync(new URL('../../../../fixtures/catalog/seed-1052.json', import.meta.url), 'utf8')),
);
const nameOf = (id: string | undefined): string => catalog.matters.find((m) => m.id === id)?.names['zh-CN'] ?? '';
const page = { key: '', timing: 'all', page: 0, pageSize: 12 } as const;

let index: CatalogIndex;
let browser: CatalogBrowser;
beforeAll(async () => {
  index = await CatalogIndex.build(catalog);
  browser = new CatalogBrowser(catalog, index);
});

describe('home navigation over the seed-scale catalog (1,052 matters)', () => {
  it('offers 常办事项, departments, life events and audiences with their counts', () => {
    const o = browser.overview();
    expect(o.total).toBe(1052);
    expect(o.common).toBe(catalog.common.length);
    expect(o.audiences).toEqual([
      { id: 'person', count: 456 },
      { id: 'legal-person', count: 596 },
    ]);
    expect(o.departments.reduce((n, d) => n + d.count, 0)).toBe(1052);
    expect(o.departments.find((d) => d.id === 'ga')?.names['zh-CN']).toBe('公安（户政、出入境、交管）');
    const birth = o.lifeEvents.find((e) => e.id === 'birth');
    expect(birth?.names['zh-CN']).toBe('出生');
    expect(birth?.count).toBe(catalog.matters.filter((m) => m.lifeEvents.includes('birth')).length);
  });

  it('pages a department: 12 large buttons a page, every matter once, a page past the end shows the last', () => {
    const first = browser.page({ ...page, by: 'department', key: 'rs' });
    const total = catalog.matters.filter((m) => m.department === 'rs').length;
    expect(first.total).toBe(total);
    expect(first.pageCount).toBe(Math.ceil(total / 12));
    expect(first.items).toHaveLength(12);
    const seen = new Set<string>();
    for (let p = 0; p < first.pageCount; p++) {
      for (const m of browser.page({ ...page, by: 'department', key: 'rs', page: p }).items) seen.add(m.id);
    }
    expect(seen.size).toBe(total);
    const past = browser.page({ ...page, by: 'department', key: 'rs', page: 999 });
    expect(past.page).toBe(first.pageCount - 1);
    expect(past.items.length).toBeGreaterThan(0);
    expect(first.items[0]?.departmentNames?.['zh-CN']).toBe('人力资源和社会保障');
  });

  it('lists by life event, by audience, on-the-spot only, and the configured 常办事项 in order', () => {
    const startup = browser.page({ ...page, by: 'lifeEvent', key: 'startup', pageSize: 48 });
    expect(startup.items.length).toBeGreaterThan(10);
    expect(startup.items.every((m) => catalog.matters.find((x) => x.id === m.id)?.lifeEvents.includes('startup'))).toBe(true);
    expect(browser.page({ ...page, by: 'audience', key: 'legal-person' }).total).toBe(596);
    expect(browser.page({ ...page, by: 'audience', key: 'person', timing: 'instant' }).total).toBe(120);
    expect(browser.page({ ...page, by: 'audience', key: 'legal-person', timing: 'instant' }).total).toBe(55);
    expect(browser.page({ ...page, by: 'all', timing: 'later' }).total).toBe(1052 - 175);
    const common = browser.page({ ...page, by: 'common', pageSize: 48 });
    expect(common.items.map((m) => m.id)).toEqual(catalog.common);
    expect(nameOf(common.items[0]?.id)).toBe('户籍证明开具');
  });

  it('searches Chinese, pinyin, pinyin initials and synonyms (身份证 → 居民身份证, 社保 → 社会保险, 驾照 → 机动车驾驶证)', () => {
    const first = (q: string): string => nameOf(browser.page({ ...page, by: 'search', key: q }).items[0]?.id);
    expect(first('户籍证明')).toBe('户籍证明开具');
    expect(first('hjzmkj')).toBe('户籍证明开具');
    expect(first('hujizhengming')).toBe('户籍证明开具');
    expect(first('身份证换领')).toBe('居民身份证换领');
    expect(first('社保参保证明')).toBe('社会保险个人参保证明开具');
    expect(first('驾照换领')).toBe('机动车驾驶证换领');
    expect(first('公积金租房')).toBe('住房公积金提取（租赁住房）');
    expect(first('公积金提取')).toMatch(/^住房公积金提取（/);
    // Without the synonym, 社保 matches only what spells it.
    const plain = browser.page({ ...page, by: 'search', key: '社保', pageSize: 48 });
    expect(plain.total).toBeGreaterThan(20);
    expect(plain.items.some((m) => nameOf(m.id).includes('社会保险'))).toBe(true);
    // Paging a search: the total is every match, not the first 50.
    const all = browser.page({ ...page, by: 'search', key: '许可' });
    expect(all.total).toBeGreaterThan(50);
    expect(browser.page({ ...page, by: 'search', key: 'zzzzzz' })).toEqual({ items: [], total: 0, page: 0, pageCount: 1 });
  });

  it("gives a matter's page what the citizen checks before identification", () => {
    const m = catalog.matters.find((x) => x.names['zh-CN'] === '居民身份证换领');
    expect(m).toBeDefined();
    if (!m) return;
    const v = matterView(m, catalog);
    expect(v.departmentNames?.['zh-CN']).toBe('公安（户政、出入境、交管）');
    expect(v.conditions?.['zh-CN']).toContain('本区户籍居民');
    expect(v.feeYuan).toBe(20);
    expect(v.timeLimitDays).toBeGreaterThan(0);
    expect(v.pickup?.['zh-CN']).toContain('取件柜');
    expect(v.materials.map((x) => x.name['zh-CN'])).toContain('居民身份证');
  });

  it('works over the demo catalog too (no departments: 常办事项 falls back to on-the-spot matters first)', async () => {
    const demo = Catalog.parse(demoCatalog);
    const b = new CatalogBrowser(demo, await CatalogIndex.build(demo));
    expect(b.overview()).toMatchObject({ total: demo.matters.length, departments: [], lifeEvents: [] });
    const common = b.page({ ...page, by: 'common' });
    expect(common.items[0]?.instant).toBe(true);
    expect(b.page({ ...page, by: 'search', key: '身份证' }).total).toBeGreaterThanOrEqual(0);
  });
});
