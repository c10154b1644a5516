import { describe, expect, it } from 'vitest';
import { Catalog } from '../../../../../config/catalog-schema.js';
import { demoCatalog } from '../../../../../config/demo-catalog.js';
import { CatalogIndex } from '../../../../../main/features/catalog/search.js';

const catalog = Catalog.parse(demoCatalog);
const nameOf = (id: string): string => catalog.matters.find((m) => m.id === id)?.names['zh-CN'] ?? '';

describe('catalog search', () => {
  it('finds matters by Chinese text, full pinyin, pinyin initials (also as a subsequence) and English', async () => {
    const index = await CatalogIndex.build(catalog);
    const first = (q: string): string => nameOf(index.search(q)[0]?.id ?? '');
    expect(first('户口')).toBe('户口办理（迁入）');
    expect(first('hkbl')).toBe('户口办理（迁入）');
    expect(first('hukou')).toBe('户口办理（迁入）');
    expect(first('hjzm')).toBe('户籍证明开具');
    expect(first('sbjf')).toBe('社会保险个人缴费证明打印');
    expect(first('senior')).toBe('老年人优待证申领');
    expect(first('戶口')).toBe('户口办理（迁入）');
    expect(index.search('')).toHaveLength(catalog.matters.filter((m) => m.enabled).length);
    expect(index.search('zzzzzz')).toEqual([]);
  });
});
