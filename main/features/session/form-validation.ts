import type { CatalogMatter, FormField } from '../../../config/catalog-schema.js';
import type { FormErrors, FormValues, Identity } from './journey-types.js';

/** Error codes the UI translates (`form.error.<code>`). */
export type FieldError = 'required' | 'too-short' | 'too-long' | 'pattern' | 'option' | 'unknown-field';

export function validateField(field: FormField, raw: string | undefined): FieldError | null {
  const value = (raw ?? '').trim();
  if (value === '') return field.required ? 'required' : null;
  if ([...value].length > field.maxLength) return 'too-long';
  if (field.minLength !== undefined && [...value].length < field.minLength) return 'too-short';
  if (field.pattern !== undefined && !new RegExp(field.pattern, 'u').test(value)) return 'pattern';
  if (field.kind === 'select' && !(field.options ?? []).some((o) => o.value === value)) return 'option';
  return null;
}

export function validateForm(matter: CatalogMatter, values: FormValues): FormErrors {
  const errors: FormErrors = {};
  for (const field of matter.form) {
    const e = validateField(field, values[field.id]);
    if (e) errors[field.id] = e;
  }
  for (const key of Object.keys(values)) if (!matter.form.some((f) => f.id === key)) errors[key] = 'unknown-field';
  return errors;
}

/** The form's starting values: fields prefilled from the card. */
export function prefill(matter: CatalogMatter, identity: Identity): FormValues {
  const values: FormValues = {};
  for (const field of matter.form) {
    const source = field.prefill;
    if (source === undefined) continue;
    const v = identity[source];
    if (typeof v === 'string' && v !== '') values[field.id] = v;
  }
  return values;
}

/**
 * Applies the citizen's edits: locked (card-trusted) fields keep their prefilled value, whatever
 * the UI sends; values are trimmed to the field's maximum length.
 */
export function applyEdits(matter: CatalogMatter, current: FormValues, edits: FormValues, identity: Identity): FormValues {
  const next: FormValues = { ...current };
  const fixed = prefill(matter, identity);
  for (const field of matter.form) {
    if (field.locked && field.prefill !== undefined) {
      const v = fixed[field.id];
      if (v !== undefined) next[field.id] = v;
      continue;
    }
    const edit = edits[field.id];
    if (edit !== undefined) next[field.id] = [...edit].slice(0, field.maxLength).join('');
  }
  return next;
}
