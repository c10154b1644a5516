/** Card validity, pure: the date of "today" is injected by the caller. */
import { LONG_TERM, type CardDate } from './text.js';

/** Today's date as `YYYY-MM-DD` in the kiosk's local time zone. */
export function localDate(now: Date): string {
  const y = now.getFullYear();
  const m = String(now.getMonth() + 1).padStart(2, '0');
  const d = String(now.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

/**
 * Whether a card valid to `validTo` has expired on `today` (`YYYY-MM-DD`). The last day is still
 * valid; `long-term` never expires. A valid-to that is not a date counts as expired (fail safe).
 */
export function isExpired(validTo: CardDate, today: string): boolean {
  if (validTo === LONG_TERM) return false;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(validTo)) return true;
  return today > validTo;
}
