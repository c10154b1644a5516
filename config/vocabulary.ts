/**
 * The words the config and the API contract share: the locales a kiosk can speak and the kinds of
 * device it drives. They live here, at the bottom, so that `config/` imports nothing from `main/`
 * and the contract (`main/base/api/contract.ts`) builds its schemas from the same lists.
 */
export const LOCALES = ['zh-CN', 'zh-HK', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** Where a reader sits on the terminal's shelf under the screen, seen from the citizen. */
export const SHELF_POSITIONS = ['left', 'centre', 'right'] as const;
export type ShelfPosition = (typeof SHELF_POSITIONS)[number];

/**
 * The pictures the kiosk draws for the catalog's categories, departments and life events (the
 * catalog's `icons` names one per id; a matter shows its category's, else its department's, else
 * `document`). The renderer draws each as inline SVG (renderer/src/components/Icon.tsx).
 */
export const CATALOG_ICONS = [
  'document',
  'id-card',
  'family',
  'people',
  'health',
  'work',
  'house',
  'map',
  'car',
  'shop',
  'tax',
  'school',
  'baby',
  'rings',
  'retire',
  'scales',
  'leaf',
  'wheat',
  'building',
  'shield',
  'plane',
  'medal',
  'culture',
  'accessible',
  'flower',
] as const;
export type CatalogIcon = (typeof CATALOG_ICONS)[number];

export const DEVICE_KINDS = ['idcard', 'receipt-printer', 'a4-printer', 'locker', 'scanner', 'camera'] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];
