/**
 * The home screen's ways into a large catalog (the seed's hall: 1,052 matters): 常办事项 (the
 * catalog's `common` list), by department, by life event (一件事), by audience (个人/企业) and by
 * search, each one page at a time, so the screen shows a few large buttons and never a long list.
 * Decided here in main; the renderer asks for a page and draws it.
 */
import type { Catalog, CatalogMatter } from '../../../config/catalog-schema.js';
import type { CatalogBrowseArgs, CatalogOverview, CatalogPage } from '../../base/api/contract.js';
import { matterSummary } from './matter-view.js';
import type { CatalogIndex } from './search.js';

/** How many matters 常办事项 shows when the catalog lists none: its first on-the-spot matters. */
const COMMON_FALLBACK = 12;

export class CatalogBrowser {
  private readonly enabled: CatalogMatter[];
  private readonly common: CatalogMatter[];

  constructor(
    private readonly catalog: Catalog,
    private readonly index: CatalogIndex,
  ) {
    this.enabled = catalog.matters.filter((m) => m.enabled);
    const byId = new Map(this.enabled.map((m) => [m.id, m]));
    const listed = catalog.common.map((id) => byId.get(id)).filter((m): m is CatalogMatter => m !== undefined);
    this.common =
      listed.length > 0
        ? listed
        : [...this.enabled.filter((m) => m.instant), ...this.enabled.filter((m) => !m.instant)].slice(0, COMMON_FALLBACK);
  }

  overview(): CatalogOverview {
    const count = (f: (m: CatalogMatter) => boolean): number => this.enabled.filter(f).length;
    const nav = (kind: 'departments' | 'lifeEvents', f: (id: string) => (m: CatalogMatter) => boolean) =>
      Object.entries(this.catalog[kind])
        .map(([id, n]) => ({ id, names: n, icon: this.catalog.icons[kind][id] ?? 'document', count: count(f(id)) }))
        .filter((e) => e.count > 0);
    return {
      total: this.enabled.length,
      common: this.common.length,
      departments: nav('departments', (id) => (m) => m.department === id),
      lifeEvents: nav('lifeEvents', (id) => (m) => m.lifeEvents.includes(id)),
      audiences: (['person', 'legal-person'] as const)
        .map((id) => ({ id, count: count((m) => m.audience === id || m.audience === 'both') }))
        .filter((a) => a.count > 0),
    };
  }

  /** One page of the list a way in gives (a page past the end shows the last page). */
  page(args: Required<CatalogBrowseArgs>): CatalogPage {
    const all = this.list(args.by, args.key).filter((m) =>
      args.timing === 'instant' ? m.instant : args.timing === 'later' ? !m.instant : true,
    );
    const pageCount = Math.max(1, Math.ceil(all.length / args.pageSize));
    const page = Math.min(Math.max(0, args.page), pageCount - 1);
    const items = all.slice(page * args.pageSize, (page + 1) * args.pageSize);
    return { items: items.map((m) => matterSummary(m, this.catalog)), total: all.length, page, pageCount };
  }

  private list(by: CatalogBrowseArgs['by'], key: string): CatalogMatter[] {
    switch (by) {
      case 'common':
        return this.common;
      case 'all':
        return this.enabled;
      case 'department':
        return this.enabled.filter((m) => m.department === key);
      case 'lifeEvent':
        return this.enabled.filter((m) => m.lifeEvents.includes(key));
      case 'audience':
        return this.enabled.filter((m) => m.audience === key || m.audience === 'both');
      case 'search':
        return this.index.searchAll(key);
    }
  }
}
