/**
 * What the consent screen must name (PIPL art. 14, 17, 28–29): exactly the personal information
 * this matter collects, which of it is sensitive (and so needs the citizen's separate consent),
 * who handles it and how long this terminal keeps it. Computed here, in main, from the catalog and
 * the proven identity — the UI only renders it, and the session machine refuses an agreement
 * that lacks the separate consent.
 */
import type { CatalogMatter, LocalizedText } from '../../../config/catalog-schema.js';

export interface ConsentItem {
  /** `identity`: read from the card (or confirmed by staff / the QR); `field`: a form field. */
  kind: 'identity' | 'field';
  id: string;
  /** The field's label from the catalog; null for identity items (the UI names them). */
  label: LocalizedText | null;
  /** Sensitive personal information (PIPL art. 28): asked for separately. */
  sensitive: boolean;
}

/**
 * The identity every application carries. The ID number is sensitive personal information
 * (身份证件号码, GB/T 35273-2020 appendix B), so every application needs the separate consent.
 */
const IDENTITY_ITEMS: readonly ConsentItem[] = [
  { kind: 'identity', id: 'name', label: null, sensitive: false },
  { kind: 'identity', id: 'idNumber', label: null, sensitive: true },
];

/** The personal information `matter` collects from a citizen whose identity is proven (`identified`). */
export function consentItems(matter: CatalogMatter, identified: boolean): ConsentItem[] {
  const items: ConsentItem[] = identified ? [...IDENTITY_ITEMS] : [];
  for (const f of matter.form) {
    if (!f.personal) continue;
    // A field prefilled from the name or the ID number is the identity item already listed.
    if (identified && (f.prefill === 'name' || f.prefill === 'idNumber')) continue;
    items.push({ kind: 'field', id: f.id, label: f.label, sensitive: f.sensitive });
  }
  return items;
}

/** Whether agreeing needs the separate consent for sensitive items. */
export function needsSeparateConsent(items: readonly ConsentItem[]): boolean {
  return items.some((i) => i.sensitive);
}
