/**
 * Words for the codes main puts on the staff dashboard (device states, last errors, action kinds,
 * outcomes, compartment states): a phrase in the staff's language, never the bare code. A code
 * this build has no phrase for gets a generic phrase, with the code beside it in small print
 * (`code`), so a new code from a newer driver still reads as something. Times are 24-hour, dates
 * year-month-day.
 */
import type { TFunction } from 'i18next';

export interface Phrase {
  text: string;
  /** Shown in small print after the phrase: the untranslated code, or a detail (a door, a board). */
  small: string | null;
}

/** Returned by `t` for a key it does not have (never a real phrase). */
const MISSING = '\u0000';

function lookup(t: TFunction, key: string, options: Record<string, unknown> = {}): string | null {
  const s = t(key, { ...options, defaultValue: MISSING });
  return s === MISSING || s === key ? null : s;
}

/**
 * A health, error or outcome code in words. `door-left-open:1/3` keeps its detail (`doorAt`
 * turns a board/lock pair into the door's label); `state-in-review` (a load refused for the
 * application's state) names the state in words.
 */
export function codePhrase(t: TFunction, code: string, doorAt?: (board: number, lock: number) => string | null): Phrase {
  const colon = code.indexOf(':');
  let base = colon >= 0 ? code.slice(0, colon) : code;
  let detail: string | null = colon >= 0 ? code.slice(colon + 1) : null;
  const state = /^state-(.+)$/.exec(base);
  if (state?.[1] !== undefined) {
    base = 'state';
    detail = lookup(t, `progress.state.${state[1]}`) ?? state[1];
  }
  const bl = detail === null ? null : /^(\d+)\/(\d+)$/.exec(detail);
  if (bl && doorAt) detail = doorAt(Number(bl[1]), Number(bl[2])) ?? detail;
  const text = lookup(t, `staff.code.${base}`);
  if (text !== null) return { text, small: detail };
  return { text: t('staff.unknownCode'), small: code };
}

/** A staff action's outcome: `ok` reads as done, anything else as its code's phrase. */
export function outcomePhrase(t: TFunction, outcome: string): Phrase {
  if (outcome === 'ok') return { text: t('staff.done'), small: null };
  if (outcome === '') return { text: '', small: null };
  return codePhrase(t, outcome);
}

/** What a line of the action list names (`maintenance-login`, `load-locker`…). */
export function actionPhrase(t: TFunction, action: string): Phrase {
  const text = lookup(t, `staff.actions.${action}`);
  return text !== null ? { text, small: null } : { text: t('staff.actions.staff-action'), small: action };
}

/** A device's kind; a kind this build has no phrase for (a newer device) is "Device" with the kind in small print. */
export function kindPhrase(t: TFunction, kind: string): Phrase {
  const text = lookup(t, `staff.kind.${kind}`);
  return text !== null ? { text, small: null } : { text: t('staff.kindOther'), small: kind };
}

/** A word from one of the dashboard's small vocabularies (`staff.<group>.<value>`), with the generic fallback. */
export function groupPhrase(t: TFunction, group: string, value: string): Phrase {
  const text = lookup(t, `staff.${group}.${value}`);
  return text !== null ? { text, small: null } : { text: t('staff.unknownCode'), small: value };
}

/** Where a recent error came from: a device (its kind), the back office, a service. */
export function sourcePhrase(t: TFunction, source: string, kindOf: (id: string) => string | null): Phrase {
  const kind = kindOf(source);
  if (kind !== null) return { ...kindPhrase(t, kind), small: source };
  return groupPhrase(t, 'source', source);
}

const two = (n: number): string => String(n).padStart(2, '0');

/** 24-hour time (`21:07`, with seconds `21:07:45`), on another day with the date first (`2026-12-04 21:07`). */
export function formatTime(at: number, now: number, seconds = false): string {
  const d = new Date(at);
  const time = `${two(d.getHours())}:${two(d.getMinutes())}${seconds ? `:${two(d.getSeconds())}` : ''}`;
  const today = new Date(now);
  const sameDay = d.getFullYear() === today.getFullYear() && d.getMonth() === today.getMonth() && d.getDate() === today.getDate();
  return sameDay ? time : `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${time}`;
}
