/**
 * Citizen ID number checks (GB 11643-1999): ISO 7064 MOD 11-2 check character, a birth date
 * that exists (and matches the card's own birth-date field when given), and a known province code.
 * Pure; never throws.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/** Province-level codes: 11–15, 21–23, 31–37, 41–46, 50–54, 61–65, 71 (Taiwan), 81/82/83 (HK/Macau/Taiwan permits). */
const REGIONS = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71,
  81, 82, 83,
]);

export type IdNumberProblem = 'length' | 'format' | 'check-digit' | 'birth-date' | 'birth-mismatch' | 'region';

export interface IdNumberCheck {
  valid: boolean;
  problems: IdNumberProblem[];
}

/** The check character for the first 17 digits, or null if they are not 17 digits. */
export function checkCharacter(first17: string): string | null {
  if (!/^\d{17}$/.test(first17)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS[sum % 11] ?? null;
}

/** Whether `yyyymmdd` is a real calendar date. */
export function isRealDate(yyyymmdd: string): boolean {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(yyyymmdd);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1800 || mo < 1 || mo > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return d <= days;
}

/**
 * Check an 18-character citizen ID number (resident cards, HK/Macau/Taiwan permits and the 2023
 * foreigner card). `birthDate` (`YYYYMMDD` or `YYYY-MM-DD`), when given, must match characters 7–14.
 */
export function checkIdNumber(id: string, birthDate?: string): IdNumberCheck {
  const problems: IdNumberProblem[] = [];
  if (id.length !== 18) return { valid: false, problems: ['length'] };
  if (!/^\d{17}[\dX]$/.test(id)) return { valid: false, problems: ['format'] };
  if (checkCharacter(id.slice(0, 17)) !== id[17]) problems.push('check-digit');
  const birth = id.slice(6, 14);
  if (!isRealDate(birth)) problems.push('birth-date');
  else if (birthDate !== undefined && birthDate.replaceAll('-', '') !== birth) problems.push('birth-mismatch');
  if (!REGIONS.has(Number(id.slice(0, 2)))) problems.push('region');
  return { valid: problems.length === 0, problems };
}

/** Mask for logs: `110105********002X` (first 6 and last 4 kept). */
export function maskIdNumber(id: string): string {
  if (id.length <= 10) return '*'.repeat(id.length);
  return `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}`;
}
