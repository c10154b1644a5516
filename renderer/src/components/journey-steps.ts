/**
 * The citizen's steps through a journey, for the step indicator (选择事项 → 核验身份 → 填写 → 确认 →
 * 完成): derived here, in one place, from the view main sends — the phase, the journey step and
 * the purpose — the same fields App.tsx picks the screen from. The UI never decides a step; it
 * only names the one main is in.
 */

export type StepId = 'choose' | 'identify' | 'fill' | 'confirm' | 'done' | 'pick' | 'take' | 'put';
export type Journey = 'apply' | 'collect' | 'deposit' | 'report';

/** The steps of each journey, in order; their labels are `steps.<id>` in the locales. */
export const JOURNEY_STEPS: Readonly<Record<Journey, readonly StepId[]>> = {
  apply: ['choose', 'identify', 'fill', 'confirm', 'done'],
  collect: ['identify', 'pick', 'take', 'done'],
  deposit: ['identify', 'put', 'done'],
  report: ['fill', 'done'],
};

export interface JourneyProgress {
  journey: Journey;
  steps: readonly StepId[];
  /** Index of the current step in `steps`. */
  current: number;
}

/**
 * The fields of the SessionView the steps come from (structural, so that this module stays free
 * of imports and the Node-side unit tests can load it).
 */
export interface ViewPart {
  phase: string;
  step: string | null;
  purpose: string | null;
  pickups: readonly unknown[];
}

/** The journey the view is in (null where no journey shows steps: attract, home, rating, a lookup). */
function journeyOf(view: ViewPart): Journey | null {
  const step = view.step ?? '';
  if (view.phase === 'identifying') {
    const p = view.purpose;
    return p === 'apply' || p === 'collect' || p === 'deposit' ? p : null;
  }
  if (view.phase !== 'serving') return null;
  const prefix = step.split('.')[0] ?? '';
  return prefix === 'apply' || prefix === 'collect' || prefix === 'deposit' || prefix === 'report' ? prefix : null;
}

/** Which of its journey's steps a serving step belongs to. */
function stepOf(journey: Journey, view: ViewPart): StepId {
  if (view.phase === 'identifying') return 'identify';
  const step = view.step ?? '';
  const [, sub = ''] = step.split('.');
  switch (journey) {
    case 'apply':
      // The form and the materials it sends the citizen to (scan, e-licences) are filling in;
      // review, consent and everything up to the receipt's printing are confirming.
      if (sub === 'form' || sub === 'scan' || sub === 'licences') return 'fill';
      // Submitted: printing, the originals going into a compartment (#16), done.
      if (sub === 'printing' || sub === 'originals' || sub === 'done') return 'done';
      return 'confirm';
    case 'collect':
      if (sub === 'opening' || sub === 'open') return 'take';
      // Back on the list with nothing left: everything was taken.
      if (sub === 'completing' || (sub === 'choose' && view.pickups.length === 0)) return 'done';
      return 'pick';
    case 'deposit':
      return sub === 'done' || sub === 'failed' ? 'done' : 'put';
    case 'report':
      return sub === 'done' ? 'done' : 'fill';
  }
}

/** The journey and its current step, or null where the screen shows no step indicator. */
export function journeyProgress(view: ViewPart): JourneyProgress | null {
  const journey = journeyOf(view);
  if (journey === null) return null;
  const steps = JOURNEY_STEPS[journey];
  return { journey, steps, current: Math.max(0, steps.indexOf(stepOf(journey, view))) };
}
