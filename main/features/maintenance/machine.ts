/**
 * The staff-session machine: it alone decides whether maintenance is open, who is in, and
 * which staff methods may run now. The UI renders its view and asks; the core refuses what
 * the current state does not allow (see `allowedMethods`).
 *
 *   closed ──REQUEST_PROMPT──▶ prompt ──AUTHENTICATED──▶ active (citizen on attract)
 *                                  │                  └─▶ waiting ──(citizen done)──▶ active
 *                                  │                          └─(timeout)─▶ confirm ──TAKEOVER──▶ active
 *   active: dashboard ⇄ cleaning (touch off for a while) ⇄ loading (a door is open for a load)
 *   every state with a staff member logs out after `idleMs` without activity, or on LOGOUT.
 */
import { assign, setup } from 'xstate';

export interface StaffIdentity {
  staffId: string;
  name: string;
}

export interface StaffTimings {
  promptMs: number;
  idleMs: number;
  waitForCitizenMs: number;
  cleaningMs: number;
}

export interface LoadJob {
  applicationNo: string;
  door: string;
}

export interface StaffContext {
  timings: StaffTimings;
  staff: StaffIdentity | null;
  since: number;
  load: LoadJob | null;
  /** Why the last staff session ended (shown on the prompt next time), e.g. `timeout`. */
  ended: string | null;
}

export type StaffEvent =
  | { type: 'REQUEST_PROMPT' }
  | { type: 'CANCEL' }
  | { type: 'AUTHENTICATED'; staff: StaffIdentity; citizenIdle: boolean; now: number }
  | { type: 'CITIZEN_IDLE' }
  | { type: 'TAKEOVER' }
  | { type: 'ACTIVITY' }
  | { type: 'LOGOUT'; reason?: string }
  | { type: 'CLEAN' }
  | { type: 'LOAD_OPENED'; job: LoadJob }
  | { type: 'LOAD_FINISHED' };

export const staffMachine = setup({
  types: {
    context: {} as StaffContext,
    events: {} as StaffEvent,
    input: {} as { timings: StaffTimings },
  },
  delays: {
    promptMs: ({ context }) => context.timings.promptMs,
    idleMs: ({ context }) => context.timings.idleMs,
    waitMs: ({ context }) => context.timings.waitForCitizenMs,
    cleaningMs: ({ context }) => context.timings.cleaningMs,
  },
  actions: {
    signIn: assign(({ event }) => (event.type === 'AUTHENTICATED' ? { staff: event.staff, since: event.now, ended: null } : {})),
    signOut: assign(({ event }) => ({
      staff: null,
      load: null,
      ended: event.type === 'LOGOUT' ? (event.reason ?? 'logout') : 'timeout',
    })),
    clearEnded: assign({ ended: null }),
    setLoad: assign(({ event }) => (event.type === 'LOAD_OPENED' ? { load: event.job } : {})),
    clearLoad: assign({ load: null }),
  },
}).createMachine({
  id: 'staff',
  context: ({ input }) => ({ timings: input.timings, staff: null, since: 0, load: null, ended: null }),
  initial: 'closed',
  states: {
    closed: {
      on: { REQUEST_PROMPT: { target: 'prompt', actions: 'clearEnded' } },
    },
    prompt: {
      after: { promptMs: 'closed' },
      on: {
        CANCEL: 'closed',
        // Any keystroke on the prompt keeps it open.
        ACTIVITY: { target: 'prompt', reenter: true },
        AUTHENTICATED: [
          { guard: ({ event }) => event.citizenIdle, target: 'active', actions: 'signIn' },
          { target: 'waiting', actions: 'signIn' },
        ],
      },
    },
    waiting: {
      after: { waitMs: 'confirm' },
      on: {
        CITIZEN_IDLE: 'active',
        CANCEL: { target: 'closed', actions: 'signOut' },
        LOGOUT: { target: 'closed', actions: 'signOut' },
      },
    },
    confirm: {
      after: { idleMs: { target: 'closed', actions: 'signOut' } },
      on: {
        CITIZEN_IDLE: 'active',
        TAKEOVER: 'active',
        CANCEL: { target: 'closed', actions: 'signOut' },
        LOGOUT: { target: 'closed', actions: 'signOut' },
      },
    },
    active: {
      initial: 'dashboard',
      on: {
        LOGOUT: { target: 'closed', actions: 'signOut' },
      },
      states: {
        dashboard: {
          after: { idleMs: { target: '#staff.closed', actions: 'signOut' } },
          on: {
            ACTIVITY: { target: 'dashboard', reenter: true },
            CLEAN: 'cleaning',
            LOAD_OPENED: { target: 'loading', actions: 'setLoad' },
          },
        },
        cleaning: {
          after: { cleaningMs: 'dashboard' },
        },
        loading: {
          // The door is open: the staff is at the cabinet, so no idle logout until it closes.
          on: {
            LOAD_FINISHED: { target: 'dashboard', actions: 'clearLoad' },
          },
        },
      },
    },
  },
});

export type StaffMode = 'closed' | 'prompt' | 'waiting' | 'confirm' | 'active';
export type StaffScreen = 'dashboard' | 'cleaning' | 'loading';

const DASHBOARD_METHODS = [
  'staff.snapshot',
  'staff.dashboard',
  'staff.logout',
  'staff.testPrint',
  'staff.reprintReceipt',
  'staff.clearA4Queue',
  'staff.openCompartment',
  'staff.loadCandidates',
  'staff.loadLocker',
  'staff.emptyDeposits',
  'staff.setCompartmentOutOfOrder',
  'staff.cleanScreen',
  'staff.selfTest',
  'staff.exportLogs',
  'staff.restart',
  'staff.exitToOs',
  'staff.myActions',
] as const;

/** Staff methods each state allows; everything else is `forbidden`. */
export function allowedMethods(mode: StaffMode, screen: StaffScreen | null): readonly string[] {
  switch (mode) {
    case 'closed':
    case 'prompt':
      return [];
    case 'waiting':
      return ['staff.snapshot', 'staff.logout'];
    case 'confirm':
      return ['staff.snapshot', 'staff.logout', 'staff.takeover'];
    case 'active':
      if (screen === 'cleaning') return ['staff.snapshot'];
      if (screen === 'loading') return ['staff.snapshot', 'staff.dashboard', 'staff.logout', 'staff.myActions'];
      return DASHBOARD_METHODS;
  }
}
