/**
 * "Show to me" on the review step: the card's personal fields show masked (a bystander may see
 * the screen); the citizen may ask main to show one of them in full for a few seconds. Which
 * fields are shown masked — and so which may be revealed — is decided here, once, for both the
 * session machine (the guard) and the view (the masking).
 */
import type { CatalogMatter } from '../../../config/catalog-schema.js';
import type { FormValues, Identity } from './journey-types.js';

/** How long a revealed field stays in full on screen unless the session's timings say otherwise. */
export const DEFAULT_REVEAL_MS = 5000;

type Field = CatalogMatter['form'][number];

/**
 * A personal field still holding the person's own value from the card (or the digital identity,
 * or the staff-checked entry): locked ones always, editable ones until the citizen types over them.
 * These are shown masked; what the citizen typed shows as typed.
 */
export function shownMasked(field: Field, values: FormValues, identity: Identity | null): boolean {
  const v = values[field.id];
  if (v === undefined || !field.personal) return false;
  if (field.locked) return true;
  return field.prefill !== undefined && identity !== null && identity[field.prefill] === v;
}

/** The fields of this matter the citizen may ask to see in full: shown masked, from this session's own identity. */
export function revealableFields(matter: CatalogMatter | undefined, values: FormValues, identity: Identity | null): string[] {
  if (!matter || identity === null) return [];
  return matter.form
    .filter((f) => f.prefill !== undefined && shownMasked(f, values, identity) && identity[f.prefill] === values[f.id])
    .map((f) => f.id);
}
