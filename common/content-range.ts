/**
 * `Content-Range: bytes <first>-<last>/<complete-length>` (RFC 9110 §14.4), as the attachment
 * upload uses it: one satisfied range of a known total. The back office parses what a kiosk sends;
 * the kiosk formats what it sends. Anything else (`*` lengths, unsatisfied ranges (an asterisk for the range),
 * several ranges, signs, spaces, numbers past 2^53) is refused, never guessed at.
 */

/** One satisfied byte range: `first` and `last` inclusive, `last` < `total`. */
export interface ContentRange {
  first: number;
  last: number;
  total: number;
}

const FORM = /^bytes ([0-9]{1,15})-([0-9]{1,15})\/([0-9]{1,15})$/i;

/** The range a header states, or null when the header is absent or not exactly that form. */
export function parseContentRange(header: string | null | undefined): ContentRange | null {
  if (typeof header !== 'string') return null;
  const m = FORM.exec(header);
  if (!m) return null;
  const first = Number(m[1]);
  const last = Number(m[2]);
  const total = Number(m[3]);
  if (!Number.isSafeInteger(first) || !Number.isSafeInteger(last) || !Number.isSafeInteger(total)) return null;
  if (first > last || last >= total) return null;
  return { first, last, total };
}

/** The header for bytes `[start, end)` of `total` (end exclusive, as `subarray` counts). */
export function formatContentRange(start: number, end: number, total: number): string {
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || !Number.isSafeInteger(total))
    throw new RangeError('content range: whole numbers only');
  if (start < 0 || end <= start || end > total) throw new RangeError(`content range: bad range [${start}, ${end}) of ${total}`);
  return `bytes ${start}-${end - 1}/${total}`;
}
