import type { Catalog, CatalogMatter, LocalizedText } from '../../../config/catalog-schema.js';
import type { CatalogIcon, MatterSummary, MatterView } from '../../base/api/contract.js';

/** A matter's picture: its category's, else its department's, else a document. */
export function matterIcon(m: CatalogMatter, catalog: Catalog): CatalogIcon {
  return (
    catalog.icons.categories[m.category] ??
    (m.department === undefined ? undefined : catalog.icons.departments[m.department]) ??
    'document'
  );
}

/** The public view of a matter for the UI (no internal fields such as document templates). */
export function matterView(m: CatalogMatter, catalog: Catalog): MatterView {
  return {
    id: m.id,
    icon: matterIcon(m, catalog),
    category: m.category,
    categoryNames: catalog.categories[m.category] ?? { 'zh-CN': m.category },
    names: m.names,
    instant: m.instant,
    audience: m.audience,
    timeLimitDays: m.timeLimitDays ?? null,
    delivery: m.delivery,
    form: m.form.map((f) => ({
      id: f.id,
      label: f.label,
      kind: f.kind,
      required: f.required,
      locked: f.locked,
      maxLength: f.maxLength,
      options: f.options ?? [],
    })),
    materials: m.materials.map((x) => ({ id: x.id, name: x.name, trust: x.trust, required: x.required, ways: x.ways })),
    departmentNames: departmentNames(m, catalog),
    lifeEvents: m.lifeEvents.map((id) => ({ id, names: catalog.lifeEvents[id] ?? { 'zh-CN': id } })),
    description: m.description ?? null,
    conditions: m.conditions ?? null,
    feeYuan: m.feeYuan,
    pickup: m.pickup ?? null,
  };
}

/** The department's names, or null when the matter names none. */
export function departmentNames(m: CatalogMatter, catalog: Catalog): LocalizedText | null {
  return m.department === undefined ? null : (catalog.departments[m.department] ?? { 'zh-CN': m.department });
}

/** A matter as one entry of a page of the home screen's list. */
export function matterSummary(m: CatalogMatter, catalog: Catalog): MatterSummary {
  return {
    id: m.id,
    icon: matterIcon(m, catalog),
    names: m.names,
    instant: m.instant,
    audience: m.audience,
    timeLimitDays: m.timeLimitDays ?? null,
    departmentNames: departmentNames(m, catalog),
  };
}
