/**
 * What is still missing before a button can be used, for the reason shown beside a disabled
 * button ("还需：选择问题类型、描述问题"). Only what is *missing* (a required answer not given);
 * whether a given answer is valid stays main's decision, shown as field errors when it is sent.
 */
import type { TFunction } from 'i18next';

/** A mainland mobile number, as the report and the pickup-code re-send take it. */
const MOBILE = /^1[3-9]\d{9}$/;

export type ReportNeed = 'category' | 'text' | 'phone';
/** The report: a category, at least two characters of description, and a phone number only if one is typed in full. */
export function reportNeeds(r: { category: string; text: string; phone: string }): ReportNeed[] {
  const out: ReportNeed[] = [];
  if (r.category === '') out.push('category');
  if ([...r.text].length < 2) out.push('text');
  if (r.phone !== '' && !MOBILE.test(r.phone)) out.push('phone');
  return out;
}

export type AssistNeed = 'document' | 'name' | 'idNumber';
/** Staff-assisted identification: the document staff checked, the name, an 18-character ID number. */
export function assistNeeds(a: { document: string | null; name: string; idNumber: string }): AssistNeed[] {
  const out: AssistNeed[] = [];
  if (a.document === null) out.push('document');
  if (a.name.trim() === '') out.push('name');
  if (!/^\d{17}[\dX]$/.test(a.idNumber)) out.push('idNumber');
  return out;
}

export type StaffNeed = 'card' | 'pin' | 'staffId' | 'code';
/** The staff login on the assisted path (the rules of use-staff-credential's `complete`). */
export function staffNeeds(
  method: 'card' | 'totp',
  c: { card: string; pin: string; staffId: string; code: string },
): StaffNeed[] {
  const out: StaffNeed[] = [];
  if (method === 'card') {
    if (c.card.trim().length < 4) out.push('card');
    if (c.pin.length < 4) out.push('pin');
  } else {
    if (c.staffId.trim() === '') out.push('staffId');
    if (c.code.length !== 6) out.push('code');
  }
  return out;
}

/** The parts of a matter's form and of the view's form this needs (structural: SessionView's fit). */
export interface FormField {
  id: string;
  required: boolean;
  locked: boolean;
}
export interface FormState {
  values: Record<string, string>;
  masked: string[];
  delivery: string | null;
  missingMaterials: string[];
}

export interface FormNeeds {
  /** Required fields the citizen fills in that hold nothing yet, in the form's order. */
  fields: string[];
  /** No way of receiving the result chosen. */
  delivery: boolean;
  /** Required materials not provided yet (main's list). */
  materials: string[];
}

/**
 * The form's 下一步: required fields left empty (locked ones come from the identity and are not
 * the citizen's to fill; a masked one holds the card's value), no delivery chosen, required
 * materials not provided. `typing` is the value being typed that main has not answered yet.
 */
export function formNeeds(
  matter: { form: readonly FormField[] },
  form: FormState | null,
  typing: { id: string; value: string } | null = null,
): FormNeeds {
  const values = form?.values ?? {};
  const masked = form?.masked ?? [];
  const fields = matter.form
    .filter((f) => f.required && !f.locked && !masked.includes(f.id))
    .filter((f) => ((typing?.id === f.id ? typing.value : values[f.id]) ?? '').trim() === '')
    .map((f) => f.id);
  return { fields, delivery: (form?.delivery ?? null) === null, materials: form?.missingMaterials ?? [] };
}

/** "还需：A、B" in the locale's own list style; null when nothing is missing. */
export function needsText(t: TFunction, locale: string, items: string[]): string | null {
  if (items.length === 0) return null;
  return t('common.needs', { items: new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(items) });
}
