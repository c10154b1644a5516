/**
 * Masking of personal data for anything a bystander can see: screens, receipts, pickup slips,
 * log lines. Main side only: the renderer receives values that are already masked.
 *
 * The default policy shows the first and the last character only (as GB/T 35273's de-identification
 * examples and the hall practice of 李** on screens do); a
 * site may widen it (e.g. keep the 6-digit region code) through `privacy.mask` in the config.
 */
export interface MaskPolicy {
  /** Characters kept at the start. */
  keepStart: number;
  /** Characters kept at the end. */
  keepEnd: number;
  /** The character that replaces every hidden one. */
  char: string;
}

export const DEFAULT_MASK: MaskPolicy = { keepStart: 1, keepEnd: 1, char: '*' };

/** Splits by code point so that CJK and astral characters count as one each. */
function chars(text: string): string[] {
  return Array.from(text);
}

/**
 * Masks an ID number (or any identifier). At least half of the characters are always hidden,
 * whatever the policy says, so a short value never shows in full.
 */
export function maskId(value: string, policy: MaskPolicy = DEFAULT_MASK): string {
  const c = chars(value.trim());
  if (c.length === 0) return '';
  const maxShown = Math.floor(c.length / 2);
  let start = Math.max(0, Math.floor(policy.keepStart));
  let end = Math.max(0, Math.floor(policy.keepEnd));
  while (start + end > maxShown) {
    if (end >= start && end > 0) end -= 1;
    else start -= 1;
  }
  const hidden = c.length - start - end;
  return c.slice(0, start).join('') + policy.char.repeat(hidden) + (end > 0 ? c.slice(c.length - end).join('') : '');
}

/**
 * Masks a person's name: Chinese names keep the first character (the family name) and hide
 * the rest (`张*`, `欧阳**`… shows `欧**`); names with spaces (Latin script) keep the first
 * letter of each word. A one-character name is hidden entirely.
 */
export function maskName(value: string, char: string = DEFAULT_MASK.char): string {
  const trimmed = value.trim();
  if (trimmed === '') return '';
  if (/\s/.test(trimmed)) {
    return trimmed
      .split(/\s+/)
      .map((w) => {
        const c = chars(w);
        return c.length <= 1 ? char : (c[0] ?? '') + char.repeat(c.length - 1);
      })
      .join(' ');
  }
  const c = chars(trimmed);
  if (c.length === 1) return char;
  return (c[0] ?? '') + char.repeat(c.length - 1);
}

/** Masks a phone number: the last four digits stay (what an SMS notice shows). */
export function maskPhone(value: string, char: string = DEFAULT_MASK.char): string {
  const c = chars(value.replace(/\s+/g, ''));
  if (c.length <= 4) return char.repeat(c.length);
  return char.repeat(c.length - 4) + c.slice(c.length - 4).join('');
}

/**
 * Masks a postal address: the first six characters stay (about a province, city and district,
 * `北京市朝阳区`; never more than half), the rest becomes four mask characters whatever its
 * length, so neither the street nor the length of the address shows. Short values are masked
 * as identifiers.
 */
export function maskAddress(value: string, char: string = DEFAULT_MASK.char): string {
  const c = chars(value.trim());
  if (c.length <= 8) return maskId(value, { keepStart: 1, keepEnd: 0, char });
  return c.slice(0, Math.min(6, Math.floor(c.length / 2))).join('') + char.repeat(4);
}
