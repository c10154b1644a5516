/**
 * What a busy screen says: what is happening (`busy.<step>` in the locales) and how long it
 * usually takes. The typical times are those of the hardware and services a hall terminal uses
 * (an ID-card read about 1 s, a locker lock 1–2 s, an A4 certificate on a laser printer 10–15 s,
 * a back-office round trip a few seconds), rounded up so the screen does not promise too little.
 * A wait of more than twice the typical time is said to be slower than usual.
 */

/** Typical seconds by busy step (`apply.submitting`…); a step not listed says no time. */
export const TYPICAL_SECONDS: Readonly<Record<string, number>> = {
  verifyingQr: 3,
  resending: 3,
  sendingRating: 2,
  'apply.submitting': 5,
  'apply.printing': 15,
  'apply.issuing': 5,
  'apply.scan': 3,
  licences: 5,
  'collect.lookup': 3,
  'collect.opening': 2,
  'collect.completing': 5,
  'deposit.opening': 2,
  'deposit.recording': 3,
  'report.sending': 2,
  'mydata.loading': 2,
  'progress.lookup': 3,
  'assist.verifying': 2,
  'assist.recording': 3,
};

/** The locale keys of what is happening: the step's own, then the generic one. */
export function busyKeys(step: string): string[] {
  return [`busy.${step.replace('.', '-')}`, 'busy.generic'];
}

export function typicalSeconds(step: string): number | null {
  return TYPICAL_SECONDS[step] ?? null;
}

/** After how long the wait counts as slower than usual (null: no typical time to compare with). */
export function slowAfterMs(step: string): number | null {
  const s = typicalSeconds(step);
  return s === null ? null : s * 2000;
}
