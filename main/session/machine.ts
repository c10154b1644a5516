/**
 * The citizen session: the one place that decides what the kiosk is doing.
 *
 * attract → active(identifying → serving → ending) → attract, with an idle watch running beside
 * the flow: after `idleMs` without a touch the warning shows for `warnMs` (≥ 20 s), a one-tap
 * "more time" cancels it, and when it runs out the session resets. Every way back to attract
 * goes through `wipe`, which drops everything personal from the context.
 *
 * Journeys add their states inside `serving` (citizen-journeys issue); the UI only renders.
 */
import { assign, setup } from 'xstate';
import type { Locale } from '../api/contract.js';

export interface SessionTimings {
  idleMs: number;
  warnMs: number;
  elderIdleMultiplier: number;
  endingMs: number;
}

/** Personal data held for the current citizen only. Always null on attract. */
export interface PersonalData {
  /** Masked for display; the full record never leaves main. */
  displayName: string;
  [key: string]: unknown;
}

export interface SessionContext {
  timings: SessionTimings;
  defaultLocale: Locale;
  locale: Locale;
  elderMode: boolean;
  sessionId: string | null;
  personal: PersonalData | null;
  /** Counts sessions, so ids stay unique within one process. */
  serial: number;
}

export type SessionEvent =
  | { type: 'START'; now: number }
  | { type: 'ACTIVITY' }
  | { type: 'MORE_TIME' }
  | { type: 'SET_LOCALE'; locale: Locale }
  | { type: 'SET_ELDER_MODE'; on: boolean }
  | { type: 'IDENTIFIED'; personal: PersonalData }
  | { type: 'FINISH' }
  | { type: 'END' };

export interface SessionInput {
  timings: SessionTimings;
  defaultLocale: Locale;
}

export function effectiveIdleMs(ctx: Pick<SessionContext, 'timings' | 'elderMode'>): number {
  const { idleMs, elderIdleMultiplier } = ctx.timings;
  return Math.round(ctx.elderMode ? idleMs * elderIdleMultiplier : idleMs);
}

export const sessionMachine = setup({
  types: {
    context: {} as SessionContext,
    events: {} as SessionEvent,
    input: {} as SessionInput,
  },
  delays: {
    IDLE: ({ context }) => effectiveIdleMs(context),
    WARNING: ({ context }) => context.timings.warnMs,
    ENDING: ({ context }) => context.timings.endingMs,
  },
  actions: {
    wipe: assign(({ context }) => ({
      personal: null,
      sessionId: null,
      locale: context.defaultLocale,
      elderMode: false,
    })),
    beginSession: assign(({ context, event }) => {
      const now = event.type === 'START' ? event.now : 0;
      const serial = context.serial + 1;
      return { serial, sessionId: `${now.toString(36)}-${serial.toString(36)}`, personal: null };
    }),
    setLocale: assign(({ event }) => (event.type === 'SET_LOCALE' ? { locale: event.locale } : {})),
    setElderMode: assign(({ event }) => (event.type === 'SET_ELDER_MODE' ? { elderMode: event.on } : {})),
    keepPersonal: assign(({ event }) => (event.type === 'IDENTIFIED' ? { personal: event.personal } : {})),
  },
}).createMachine({
  id: 'session',
  initial: 'attract',
  context: ({ input }) => ({
    timings: input.timings,
    defaultLocale: input.defaultLocale,
    locale: input.defaultLocale,
    elderMode: false,
    sessionId: null,
    personal: null,
    serial: 0,
  }),
  on: {
    SET_LOCALE: { actions: 'setLocale' },
  },
  states: {
    attract: {
      entry: 'wipe',
      on: {
        START: { target: 'active', actions: 'beginSession' },
        SET_ELDER_MODE: { target: 'active', actions: ['beginSession', 'setElderMode'] },
      },
    },
    active: {
      type: 'parallel',
      on: {
        END: { target: 'attract' },
      },
      states: {
        flow: {
          initial: 'identifying',
          states: {
            identifying: { on: { IDENTIFIED: { target: 'serving', actions: 'keepPersonal' } } },
            serving: { on: { FINISH: 'ending' } },
            ending: { after: { ENDING: '#session.attract' } },
          },
        },
        idle: {
          initial: 'watching',
          states: {
            watching: {
              on: {
                ACTIVITY: { target: 'watching', reenter: true },
                // The idle time changes with the mode: restart the watch with the new length.
                SET_ELDER_MODE: { target: 'watching', reenter: true, actions: 'setElderMode' },
              },
              after: { IDLE: 'warning' },
            },
            warning: {
              on: {
                MORE_TIME: 'watching',
                SET_ELDER_MODE: { target: 'watching', actions: 'setElderMode' },
              },
              after: { WARNING: '#session.attract' },
            },
          },
        },
      },
    },
  },
});

export type SessionMachine = typeof sessionMachine;
