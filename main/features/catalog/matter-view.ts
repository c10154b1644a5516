import type { Catalog, CatalogMatter } from '../../../config/catalog-schema.js';
import type { MatterView } from '../../base/api/contract.js';

/** The public view of a matter for the UI (no internal fields such as document templates). */
export function matterView(m: CatalogMatter, catalog: Catalog): MatterView {
  return {
    id: m.id,
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
    materials: m.materials.map((x) => ({ id: x.id, name: x.name, trust: x.trust, required: x.required })),
  };
}
