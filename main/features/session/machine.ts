/**
 * The citizen session: the one place that decides what the kiosk is doing.
 *
 * attract → active → attract. Inside `active`, two regions run side by side:
 * - `flow`: home (catalog) → identify → a journey (apply, collect, deposit, report, my data)
 *   → rating → ending. Device work (submission, printing, lockers) runs in invoked services that
 *   the core provides (`JourneyServices`); the machine only decides when they may run.
 * - `idle`: after `idleMs` without a touch the warning shows for `warnMs` (≥ 20 s); "more time"
 *   cancels it; when it runs out the session resets. While a device operation is under way
 *   (`busy`), the idle watch waits: a reset never cuts a submission or an open locker short.
 *
 * Every way back to attract goes through `wipe`, which drops everything personal.
 */
import { assign, setup } from 'xstate';
import type { Locale } from '../../base/api/contract.js';
import type { Catalog, CatalogMatter } from '../../../config/catalog-schema.js';
import { checkIdNumber } from '../../../drivers/idcard/id-number.js';
import { applyEdits, prefill, validateForm } from './form-validation.js';
import type {
  AssistCredential,
  AssistEntry,
  AssistStaff,
  Delivery,
  DocumentOutcome,
  DoorState,
  FormErrors,
  FormValues,
  Identity,
  IssuedDocument,
  Licence,
  MaterialChoice,
  MyDataEntry,
  Notice,
  PickupItem,
  ProgressAsk,
  ProgressResult,
  Purpose,
  ReportInput,
  ScannedPageRef,
  SubmitInput,
  SubmitOutcome,
  Transmission,
} from './journey-types.js';
import { journeyServiceDefaults } from './journey-services.js';
import { parseProgressQuery } from '../journeys/progress-link.js';
import { consentItems, needsSeparateConsent } from './consent.js';
import { DEFAULT_FACE_POLICY, faceCheckRequired, type FacePolicy } from './face-policy.js';
import { DEFAULT_REVEAL_MS, revealableFields } from './reveal.js';

export type { ReportInput } from './journey-types.js';
export type { JourneyServices } from './journey-services.js';

export interface SessionTimings {
  idleMs: number;
  warnMs: number;
  elderIdleMultiplier: number;
  endingMs: number;
  /** A locker door still open after this long raises `door-left-open`. */
  doorLeftOpenMs: number;
  /** How long a card field the citizen asked to see stays in full on the review step (default 5 s). */
  revealMs?: number;
}

export interface CardReadEvent {
  type: 'CARD_READ';
  identity: Identity;
  expired: boolean;
  idNumberValid: boolean;
}

export interface SessionContext {
  timings: SessionTimings;
  catalog: Catalog;
  facePolicy: FacePolicy;
  /** Face-check attempts that ran in this identification (no match, liveness failed). */
  faceAttempts: number;
  defaultLocale: Locale;
  locale: Locale;
  elderMode: boolean;
  /** The high-contrast theme, chosen per session like elder mode (wiped at reset). */
  highContrast: boolean;
  sessionId: string | null;
  serial: number;
  busy: boolean;
  purpose: Purpose | null;
  matterId: string | null;
  identity: Identity | null;
  pickupCode: string | null;
  qrText: string | null;
  values: FormValues;
  errors: FormErrors;
  delivery: Delivery | null;
  notice: Notice | null;
  submit: SubmitOutcome | null;
  /** An on-the-spot document the back office issued (facts from its register), until it is printed or the session ends. */
  issued: { applicationNo: string; document: IssuedDocument } | null;
  document: DocumentOutcome | null;
  pickups: PickupItem[];
  pickup: PickupItem | null;
  door: DoorState | null;
  collected: number;
  myData: MyDataEntry[];
  /** A transaction was completed: the rating screen comes before the end. */
  transacted: boolean;
  /** Staff-assisted identification: the member who proved themselves, and (only while it is checked) the credential. */
  assistStaff: AssistStaff | null;
  assistCredential: AssistCredential | null;
  assistEntry: AssistEntry | null;
  /** Staff asked to run the face check too once the register confirms what they typed. */
  assistFace: boolean;
  /** Pickup-code re-sends asked for in this session (limited), and the number of the one under way. */
  resends: number;
  resendPhone: string | null;
  /** Progress lookup: what was asked (null: by the card), and the answer shown. */
  progressAsk: ProgressAsk | null;
  progress: ProgressResult | null;
  /** On the review step: the card field main shows in full right now ("show to me"), for `revealMs`. */
  revealed: string | null;
  /** Materials provided at the kiosk (#16), by material id. */
  materials: Record<string, MaterialChoice>;
  /** The material whose pages the document camera is taking (the scan step). */
  scanning: string | null;
  /** The page being taken was taken by main on its own (auto-capture: the page lay still), not by a tap. */
  scanAuto: boolean;
  /** The e-licences the back office listed for a material (the licence step). */
  licences: { materialId: string; list: Licence[] | null } | null;
}

/** Pickup-code re-sends one session may ask for (the back office also spaces them per pickup). */
export const MAX_RESENDS = 3;

export type SessionEvent =
  | { type: 'START'; now: number }
  | { type: 'ACTIVITY' }
  | { type: 'MORE_TIME' }
  | { type: 'SET_LOCALE'; locale: Locale }
  | { type: 'SET_ELDER_MODE'; on: boolean; now: number }
  | { type: 'SET_HIGH_CONTRAST'; on: boolean; now: number }
  | { type: 'END' }
  | { type: 'CHOOSE'; purpose: Purpose; matterId?: string }
  | { type: 'REPORT' }
  | { type: 'BACK' }
  | CardReadEvent
  | { type: 'CARD_FAILED'; code: string }
  | { type: 'QR_SCANNED'; text: string }
  | { type: 'PICKUP_CODE'; code: string }
  | { type: 'RESEND_CODE'; phone: string }
  | { type: 'ASK_STAFF' }
  /** The citizen agrees to the face check (its own consent, before any capture). */
  | { type: 'FACE_AGREE' }
  /** Another face-check attempt, while attempts are left. */
  | { type: 'FACE_RETRY' }
  | { type: 'STAFF_VERIFY'; credential: AssistCredential }
  | { type: 'STAFF_IDENTIFY'; entry: AssistEntry; faceCheck?: boolean }
  | { type: 'FORM_EDIT'; values: FormValues }
  | { type: 'SET_DELIVERY'; delivery: Delivery }
  | { type: 'FORM_SUBMIT' }
  | { type: 'MATERIAL_SCAN'; materialId: string }
  | { type: 'MATERIAL_LICENCE'; materialId: string }
  | { type: 'MATERIAL_DECLARE'; materialId: string; declared: boolean }
  | { type: 'MATERIAL_DEPOSIT'; materialId: string; deposit: boolean }
  /** From main's document camera, not the UI: the page on the stage lay still (auto-capture). */
  | { type: 'SCAN_AUTO' }
  | { type: 'MATERIAL_CLEAR'; materialId: string }
  | { type: 'SCAN_CAPTURE' }
  | { type: 'SCAN_DELETE'; pageId: string }
  | { type: 'SCAN_MOVE'; pageId: string; by: -1 | 1 }
  | { type: 'SCAN_DONE' }
  | { type: 'LICENCE_PICK'; reference: string }
  | { type: 'CONFIRM' }
  /** "Show to me": one masked card field in full on the review step, for `revealMs`. */
  | { type: 'REVEAL'; field: string }
  /** `sensitiveConsent`: the citizen's separate consent for the sensitive items (PIPL art. 29). */
  | { type: 'AGREE'; sensitiveConsent: boolean }
  /** The on-the-spot document could not be issued: submit for collection once done (办结后领取). */
  | { type: 'COLLECT_LATER' }
  | { type: 'DECLINE' }
  | { type: 'PROGRESS_LOOKUP'; text: string }
  | { type: 'PROGRESS_COLLECT' }
  | { type: 'PICKUP_OPEN'; pickupId: string }
  | { type: 'DOOR'; door: string; state: 'open' | 'closed' }
  | { type: 'REPORT_SUBMIT'; report: ReportInput }
  | { type: 'DONE' }
  /** The submitted application's way to the back office changed (acknowledged, offline…). */
  | { type: 'TRANSMISSION'; applicationNo: string; transmission: Transmission }
  | { type: 'RATE'; score: number }
  | { type: 'SKIP' };

export interface SessionInput {
  timings: SessionTimings;
  defaultLocale: Locale;
  catalog: Catalog;
  /** When the face check is required, and how many attempts (config `identity.faceCheck`). */
  facePolicy?: FacePolicy;
}

/** A staff-typed entry main accepts: a name, and an ID number that passes GB 11643. */
export function assistEntryValid(entry: AssistEntry): boolean {
  const name = entry.name.trim();
  return name.length >= 1 && [...name].length <= 30 && checkIdNumber(entry.idNumber.toUpperCase()).valid;
}

export function effectiveIdleMs(ctx: Pick<SessionContext, 'timings' | 'elderMode'>): number {
  const { idleMs, elderIdleMultiplier } = ctx.timings;
  return Math.round(ctx.elderMode ? idleMs * elderIdleMultiplier : idleMs);
}

export function findMatter(catalog: Catalog, id: string | null): CatalogMatter | undefined {
  return id === null ? undefined : catalog.matters.find((m) => m.id === id && m.enabled);
}

function errorCode(error: unknown, fallback: string): string {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') return error.code;
  return fallback;
}

const JOURNEY_RESET = {
  purpose: null,
  matterId: null,
  identity: null,
  pickupCode: null,
  qrText: null,
  values: {},
  errors: {},
  delivery: null,
  notice: null,
  submit: null,
  issued: null,
  document: null,
  pickups: [],
  pickup: null,
  door: null,
  collected: 0,
  myData: [],
  transacted: false,
  busy: false,
  assistStaff: null,
  assistCredential: null,
  assistEntry: null,
  assistFace: false,
  resendPhone: null,
  progressAsk: null,
  progress: null,
  revealed: null,
  materials: {},
  scanning: null,
  scanAuto: false,
  licences: null,
} satisfies Partial<SessionContext>;

export const sessionMachine = setup({
  types: {
    context: {} as SessionContext,
    events: {} as SessionEvent,
    input: {} as SessionInput,
  },
  actors: journeyServiceDefaults,
  delays: {
    IDLE: ({ context }) => effectiveIdleMs(context),
    WARNING: ({ context }) => context.timings.warnMs,
    ENDING: ({ context }) => context.timings.endingMs,
    DOOR_LEFT_OPEN: ({ context }) => context.timings.doorLeftOpenMs,
    REVEAL: ({ context }) => context.timings.revealMs ?? DEFAULT_REVEAL_MS,
  },
  guards: {
    notBusy: ({ context }) => !context.busy,
    applyChosen: ({ context, event }) =>
      event.type === 'CHOOSE' && event.purpose === 'apply' && findMatter(context.catalog, event.matterId ?? null) !== undefined,
    otherChosen: ({ event }) => event.type === 'CHOOSE' && event.purpose !== 'apply',
    progressChosen: ({ event }) => event.type === 'CHOOSE' && event.purpose === 'progress',
    hasIdentity: ({ context }) => context.identity !== null,
    /** A receipt's QR held to the scanner on the home screen: straight to its progress. */
    receiptScanned: ({ event }) => event.type === 'QR_SCANNED' && parseProgressQuery(event.text)?.kind === 'receipt',
    /** A card read for a journey that needs the face check (face-policy.ts). */
    faceRequired: ({ context, event }) =>
      event.type === 'CARD_READ' &&
      faceCheckRequired(context.facePolicy, context.purpose, findMatter(context.catalog, context.matterId), event.identity),
    faceMatched: ({ event }) => 'output' in event && (event.output as { code?: unknown } | undefined)?.code === 'match',
    /** No face, or two: the citizen was not in place — not counted as an attempt. */
    faceNotInPlace: ({ event }) => {
      const code = 'output' in event ? (event.output as { code?: unknown } | undefined)?.code : undefined;
      return code === 'no-face' || code === 'several-faces';
    },
    faceAttemptsLeft: ({ context }) => context.faceAttempts < context.facePolicy.attempts,
    cardExpired: ({ event }) => event.type === 'CARD_READ' && event.expired,
    cardInvalid: ({ event }) => event.type === 'CARD_READ' && !event.idNumberValid,
    collecting: ({ context }) => context.purpose === 'collect',
    purposeApply: ({ context }) => context.purpose === 'apply',
    purposeCollect: ({ context }) => context.purpose === 'collect',
    purposeDeposit: ({ context }) => context.purpose === 'deposit',
    purposeMyData: ({ context }) => context.purpose === 'mydata',
    formValid: ({ context }) => {
      const m = findMatter(context.catalog, context.matterId);
      return (
        m !== undefined &&
        Object.keys(validateForm(m, context.values)).length === 0 &&
        context.delivery !== null &&
        missingMaterials(m, context.materials).length === 0
      );
    },
    materialWay: ({ context, event }) => {
      const way =
        event.type === 'MATERIAL_SCAN'
          ? 'scan'
          : event.type === 'MATERIAL_LICENCE'
            ? 'licence'
            : event.type === 'MATERIAL_DECLARE'
              ? 'declare'
              : event.type === 'MATERIAL_DEPOSIT'
                ? 'deposit'
                : null;
      if (way === null || !('materialId' in event)) return false;
      const material = findMatter(context.catalog, context.matterId)?.materials.find((x) => x.id === event.materialId);
      return material?.ways.includes(way) ?? false;
    },
    licenceListed: ({ context, event }) =>
      event.type === 'LICENCE_PICK' && (context.licences?.list ?? []).some((l) => l.reference === event.reference),
    deliveryOffered: ({ context, event }) =>
      event.type === 'SET_DELIVERY' &&
      (findMatter(context.catalog, context.matterId)?.delivery.includes(event.delivery) ?? false),
    instantMatter: ({ context }) => findMatter(context.catalog, context.matterId)?.instant === true,
    separateConsentMissing: ({ context, event }) => {
      if (event.type !== 'AGREE' || event.sensitiveConsent) return false;
      const m = findMatter(context.catalog, context.matterId);
      return m === undefined || needsSeparateConsent(consentItems(m, context.identity !== null));
    },
    documentIssued: ({ context }) => context.issued !== null,
    /** A material whose original the citizen chose to put in a locker once the application is in. */
    originalsPending: ({ context }) => Object.values(context.materials).some((c) => c.how === 'deposit'),
    /** Only a field shown masked that holds this session's own identity's value. */
    revealable: ({ context, event }) =>
      event.type === 'REVEAL' &&
      revealableFields(findMatter(context.catalog, context.matterId), context.values, context.identity).includes(event.field),
    revealing: ({ context }) => context.revealed !== null,
    pickupKnown: ({ context, event }) =>
      event.type === 'PICKUP_OPEN' && context.pickups.some((p) => p.pickupId === event.pickupId),
    doorClosed: ({ context, event }) => event.type === 'DOOR' && event.state === 'closed' && event.door === context.pickup?.door,
    depositDoorClosed: ({ context, event }) =>
      event.type === 'DOOR' && event.state === 'closed' && context.pickup !== null && event.door === context.pickup.door,
    transacted: ({ context }) => context.transacted,
    canResend: ({ context, event }) =>
      event.type === 'RESEND_CODE' &&
      context.purpose === 'collect' &&
      context.resends < MAX_RESENDS &&
      /^1[3-9]\d{9}$/.test(event.phone),
    resendLimit: ({ context, event }) => event.type === 'RESEND_CODE' && context.resends >= MAX_RESENDS,
    assistEntryValid: ({ event }) => event.type === 'STAFF_IDENTIFY' && assistEntryValid(event.entry),
    validScore: ({ event }) => event.type === 'RATE' && Number.isInteger(event.score) && event.score >= 1 && event.score <= 5,
  },
  actions: {
    wipe: assign(({ context }) => ({
      ...JOURNEY_RESET,
      resends: 0,
      sessionId: null,
      locale: context.defaultLocale,
      elderMode: false,
      highContrast: false,
    })),
    beginSession: assign(({ context, event }) => {
      const now = 'now' in event ? event.now : 0;
      const serial = context.serial + 1;
      return { ...JOURNEY_RESET, resends: 0, serial, sessionId: `${now.toString(36)}-${serial.toString(36)}` };
    }),
    clearJourney: assign(() => ({ ...JOURNEY_RESET })),
    setLocale: assign(({ event }) => (event.type === 'SET_LOCALE' ? { locale: event.locale } : {})),
    setElderMode: assign(({ event }) => (event.type === 'SET_ELDER_MODE' ? { elderMode: event.on } : {})),
    setHighContrast: assign(({ event }) => (event.type === 'SET_HIGH_CONTRAST' ? { highContrast: event.on } : {})),
    choose: assign(({ event }) =>
      event.type === 'CHOOSE'
        ? { purpose: event.purpose, matterId: event.purpose === 'apply' ? (event.matterId ?? null) : null, notice: null }
        : {},
    ),
    clearNotice: assign({ notice: null }),
    /** No compartment for the originals: the application stands; they go to the counter with its number. */
    /** A locker door the citizen was asked to close is still open: say so (staff see it too). */
    doorLeftOpen: assign({ door: 'left-open', notice: { code: 'door-left-open' } }),
    originalsToCounter: assign(({ context }) => ({
      door: null,
      pickup: null,
      notice: { code: 'originals-to-counter', params: { applicationNo: context.submit?.applicationNo ?? '' } },
    })),
    askProgress: assign(({ event }) => {
      if (event.type === 'QR_SCANNED') return { progressAsk: { text: event.text, source: 'scan' as const }, notice: null };
      if (event.type === 'PROGRESS_LOOKUP') return { progressAsk: { text: event.text, source: 'typed' as const }, notice: null };
      return {};
    }),
    noticeExpired: assign({ notice: { code: 'card-expired' } }),
    noticeInvalid: assign({ notice: { code: 'card-invalid' } }),
    noticeCardFailed: assign(({ event }) => (event.type === 'CARD_FAILED' ? { notice: { code: `card-${event.code}` } } : {})),
    keepIdentity: assign(({ event }) => (event.type === 'CARD_READ' ? { identity: event.identity, notice: null } : {})),
    keepQr: assign(({ event }) => (event.type === 'QR_SCANNED' ? { qrText: event.text, notice: null } : {})),
    keepPickupCode: assign(({ event }) => (event.type === 'PICKUP_CODE' ? { pickupCode: event.code, notice: null } : {})),
    prefillForm: assign(({ context }) => {
      const m = findMatter(context.catalog, context.matterId);
      if (!m || !context.identity) return {};
      const only = m.delivery.length === 1 ? (m.delivery[0] ?? null) : null;
      return { values: prefill(m, context.identity), errors: {}, delivery: only };
    }),
    editForm: assign(({ context, event }) => {
      const m = findMatter(context.catalog, context.matterId);
      if (event.type !== 'FORM_EDIT' || !m || !context.identity) return {};
      const values = applyEdits(m, context.values, event.values, context.identity);
      // Errors shown so far are re-checked as the citizen types; new ones wait for "next".
      const all = validateForm(m, values);
      const errors = Object.fromEntries(Object.entries(all).filter(([k]) => k in context.errors));
      return { values, errors };
    }),
    setDelivery: assign(({ event }) => (event.type === 'SET_DELIVERY' ? { delivery: event.delivery } : {})),
    showErrors: assign(({ context }) => {
      const m = findMatter(context.catalog, context.matterId);
      const errors = m ? validateForm(m, context.values) : {};
      const code =
        context.delivery === null
          ? 'delivery-needed'
          : Object.keys(errors).length === 0 && m && missingMaterials(m, context.materials).length > 0
            ? 'materials-missing'
            : 'form-invalid';
      return { errors, notice: { code } };
    }),
    busy: assign({ busy: true }),
    idle: assign({ busy: false }),
    transacted: assign({ transacted: true }),
  },
}).createMachine({
  id: 'session',
  initial: 'attract',
  context: ({ input }) => ({
    ...JOURNEY_RESET,
    timings: input.timings,
    catalog: input.catalog,
    facePolicy: input.facePolicy ?? DEFAULT_FACE_POLICY,
    faceAttempts: 0,
    defaultLocale: input.defaultLocale,
    locale: input.defaultLocale,
    elderMode: false,
    highContrast: false,
    sessionId: null,
    serial: 0,
    resends: 0,
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
        SET_HIGH_CONTRAST: { target: 'active', actions: ['beginSession', 'setHighContrast'] },
      },
    },
    active: {
      type: 'parallel',
      on: {
        END: { target: 'attract' },
        SET_HIGH_CONTRAST: { actions: 'setHighContrast' },
      },
      states: {
        flow: {
          initial: 'home',
          states: {
            home: {
              entry: 'clearJourney',
              on: {
                CHOOSE: [
                  { guard: 'applyChosen', target: 'identify', actions: 'choose' },
                  { guard: 'progressChosen', target: 'progress', actions: 'choose' },
                  { guard: 'otherChosen', target: 'identify', actions: 'choose' },
                ],
                QR_SCANNED: {
                  guard: 'receiptScanned',
                  target: 'progress.lookup',
                  actions: [assign({ purpose: 'progress' as const }), 'askProgress'],
                },
                REPORT: 'report',
              },
            },
            identify: {
              on: {
                CARD_READ: [
                  { guard: 'cardExpired', actions: 'noticeExpired' },
                  { guard: 'cardInvalid', actions: 'noticeInvalid' },
                  { guard: 'faceRequired', target: 'face', actions: 'keepIdentity' },
                  { target: 'identified', actions: 'keepIdentity' },
                ],
                CARD_FAILED: { actions: 'noticeCardFailed' },
                QR_SCANNED: { target: 'verifyingQr', actions: 'keepQr' },
                PICKUP_CODE: { guard: 'collecting', target: 'collect', actions: 'keepPickupCode' },
                RESEND_CODE: [
                  {
                    guard: 'canResend',
                    target: 'resending',
                    actions: assign(({ event }) =>
                      event.type === 'RESEND_CODE' ? { resendPhone: event.phone, notice: null } : {},
                    ),
                  },
                  { guard: 'resendLimit', actions: assign({ notice: { code: 'resend-limit' } }) },
                ],
                ASK_STAFF: { target: 'assist', actions: 'clearNotice' },
                BACK: 'home',
              },
            },
            resending: {
              entry: 'busy',
              exit: ['idle', assign({ resendPhone: null })],
              invoke: {
                id: 'resendPickupCode',
                src: 'resendPickupCode',
                input: ({ context }) => ({ phone: context.resendPhone ?? '' }),
                onDone: {
                  target: 'identify',
                  actions: assign(({ context, event }) => ({
                    resends: context.resends + 1,
                    notice: { code: 'code-resent', params: { phone: event.output.maskedPhone } },
                  })),
                },
                onError: {
                  target: 'identify',
                  actions: assign(({ context, event }) => ({
                    resends: context.resends + 1,
                    notice: { code: errorCode(event.error, 'resend-failed') },
                  })),
                },
              },
            },
            // No card at hand: a member of staff comes, proves who they are at this screen, checks
            // another document and types the citizen's name and ID number; main checks the number.
            assist: {
              initial: 'waiting',
              exit: assign({ assistCredential: null, assistEntry: null }),
              invoke: {
                id: 'callStaff',
                src: 'callStaff',
                input: ({ context }) => ({ sessionId: context.sessionId ?? '' }),
                onError: { actions: assign({ notice: { code: 'assist-call-failed' } }) },
              },
              on: { BACK: { target: 'identify', actions: assign({ assistStaff: null }) } },
              states: {
                waiting: {
                  on: {
                    STAFF_VERIFY: {
                      target: 'verifying',
                      actions: assign(({ event }) =>
                        event.type === 'STAFF_VERIFY' ? { assistCredential: event.credential, notice: null } : {},
                      ),
                    },
                  },
                },
                verifying: {
                  entry: 'busy',
                  exit: ['idle', assign({ assistCredential: null })],
                  invoke: {
                    id: 'verifyStaff',
                    src: 'verifyStaff',
                    input: ({ context }) => ({ credential: context.assistCredential as AssistCredential }),
                    onDone: { target: 'entry', actions: assign(({ event }) => ({ assistStaff: event.output })) },
                    onError: {
                      target: 'waiting',
                      actions: assign(({ event }) => ({ notice: { code: errorCode(event.error, 'staff-wrong-credentials') } })),
                    },
                  },
                },
                entry: {
                  on: {
                    STAFF_IDENTIFY: [
                      {
                        guard: 'assistEntryValid',
                        target: 'recording',
                        actions: assign(({ context, event }) =>
                          event.type === 'STAFF_IDENTIFY'
                            ? {
                                assistEntry: { ...event.entry, idNumber: event.entry.idNumber.toUpperCase() },
                                assistFace: event.faceCheck === true && context.facePolicy.camera,
                                notice: null,
                              }
                            : {},
                        ),
                      },
                      { actions: assign({ notice: { code: 'assist-id-invalid' } }) },
                    ],
                  },
                },
                recording: {
                  entry: 'busy',
                  exit: 'idle',
                  invoke: {
                    id: 'assistIdentify',
                    src: 'assistIdentify',
                    input: ({ context }) => ({
                      staff: context.assistStaff as AssistStaff,
                      entry: context.assistEntry as AssistEntry,
                      sessionId: context.sessionId ?? '',
                    }),
                    onDone: [
                      {
                        // Staff chose to check the face too: against the register photo, like a card holder.
                        guard: ({ context }) => context.assistFace,
                        target: '#session.active.flow.face',
                        actions: assign(({ event }) => ({ identity: event.output, assistEntry: null, assistFace: false })),
                      },
                      {
                        target: '#session.active.flow.identified',
                        actions: assign(({ event }) => ({ identity: event.output, assistEntry: null })),
                      },
                    ],
                    onError: {
                      target: 'entry',
                      actions: assign(({ event }) => ({ notice: { code: errorCode(event.error, 'assist-failed') } })),
                    },
                  },
                },
              },
            },
            // 人证核验: the card's person must be the person at the camera (face-policy.ts says when).
            // Its own consent first; the staff-assisted path is offered at every step and never
            // treated worse. Only a match goes on; the card's identity is dropped on any way out.
            face: {
              initial: 'consent',
              entry: assign({ faceAttempts: 0 }),
              invoke: { id: 'faceWarmUp', src: 'faceWarmUp', input: () => ({}) },
              on: {
                ASK_STAFF: { target: 'assist', actions: assign({ identity: null, notice: null }) },
                BACK: { target: 'identify', actions: assign({ identity: null, notice: null }) },
              },
              states: {
                consent: { on: { FACE_AGREE: { target: 'checking', actions: 'clearNotice' } } },
                checking: {
                  entry: 'busy',
                  exit: 'idle',
                  invoke: {
                    id: 'faceCheck',
                    src: 'faceCheck',
                    input: ({ context }) => ({ identity: context.identity as Identity, sessionId: context.sessionId ?? '' }),
                    onDone: [
                      {
                        guard: 'faceMatched',
                        target: '#session.active.flow.identified',
                        actions: assign(({ context, event }) => ({
                          identity: context.identity
                            ? {
                                ...context.identity,
                                faceChecked: event.output.band === 'high' ? ('high' as const) : ('medium' as const),
                              }
                            : null,
                          notice: null,
                        })),
                      },
                      {
                        guard: 'faceNotInPlace',
                        target: 'retry',
                        actions: assign(({ event }) => ({ notice: { code: `face-${event.output.code}` } })),
                      },
                      {
                        target: 'retry',
                        actions: assign(({ context, event }) => ({
                          faceAttempts: context.faceAttempts + 1,
                          notice: { code: `face-${event.output.code}` },
                        })),
                      },
                    ],
                    onError: {
                      target: 'unavailable',
                      actions: assign(({ event }) => ({ notice: { code: errorCode(event.error, 'face-engine-unavailable') } })),
                    },
                  },
                },
                retry: { on: { FACE_RETRY: { guard: 'faceAttemptsLeft', target: 'checking', actions: 'clearNotice' } } },
                unavailable: {},
              },
            },
            verifyingQr: {
              entry: 'busy',
              exit: 'idle',
              invoke: {
                id: 'verifyQr',
                src: 'verifyQr',
                input: ({ context }) => ({ text: context.qrText ?? '' }),
                onDone: { target: 'identified', actions: assign(({ event }) => ({ identity: event.output, qrText: null })) },
                onError: {
                  target: 'identify',
                  actions: assign(({ event }) => ({ notice: { code: errorCode(event.error, 'qr-invalid') }, qrText: null })),
                },
              },
            },
            identified: {
              always: [
                { guard: 'purposeApply', target: 'apply' },
                { guard: 'purposeCollect', target: 'collect' },
                { guard: 'purposeDeposit', target: 'deposit' },
                { guard: 'purposeMyData', target: 'mydata' },
                { target: 'home' },
              ],
            },
            apply: {
              initial: 'form',
              entry: 'prefillForm',
              on: {
                TRANSMISSION: {
                  actions: assign(({ context, event }) =>
                    context.submit && context.submit.applicationNo === event.applicationNo
                      ? { submit: { ...context.submit, transmission: event.transmission } }
                      : {},
                  ),
                },
              },
              states: {
                form: {
                  on: {
                    FORM_EDIT: { actions: 'editForm' },
                    SET_DELIVERY: { guard: 'deliveryOffered', actions: 'setDelivery' },
                    FORM_SUBMIT: [{ guard: 'formValid', target: 'review', actions: 'clearNotice' }, { actions: 'showErrors' }],
                    BACK: '#session.active.flow.home',
                    MATERIAL_SCAN: {
                      guard: 'materialWay',
                      target: 'scan',
                      actions: assign(({ event }) => ({ scanning: event.materialId, notice: null })),
                    },
                    MATERIAL_LICENCE: {
                      guard: 'materialWay',
                      target: 'licences',
                      actions: assign(({ event }) => ({ licences: { materialId: event.materialId, list: null }, notice: null })),
                    },
                    MATERIAL_DECLARE: {
                      guard: 'materialWay',
                      actions: assign(({ context, event }) => ({
                        materials: withChoice(context.materials, event.materialId, event.declared ? { how: 'declare' } : null),
                      })),
                    },
                    MATERIAL_DEPOSIT: {
                      guard: 'materialWay',
                      actions: assign(({ context, event }) => ({
                        materials: withChoice(context.materials, event.materialId, event.deposit ? { how: 'deposit' } : null),
                      })),
                    },
                    MATERIAL_CLEAR: {
                      actions: assign(({ context, event }) => ({
                        materials: withChoice(context.materials, event.materialId, null),
                      })),
                    },
                  },
                },
                // The document camera over the stage (in main): each tap takes the page lying there,
                // corrected; pages can be deleted, moved and retaken; 完成 goes back to the form.
                scan: {
                  invoke: {
                    id: 'scanOpen',
                    src: 'scanOpen',
                    input: ({ context }) => ({ sessionId: context.sessionId ?? '' }),
                    onError: {
                      actions: assign(({ event }) => ({ notice: { code: errorCode(event.error, 'scan-camera-unavailable') } })),
                    },
                  },
                  exit: assign({ scanning: null }),
                  initial: 'ready',
                  on: {
                    SCAN_DONE: { target: 'form', actions: 'clearNotice' },
                    BACK: { target: 'form', actions: 'clearNotice' },
                    SCAN_DELETE: {
                      actions: assign(({ context, event }) => ({
                        materials: editPages(context.materials, context.scanning, (pages) =>
                          pages.filter((p) => p.pageId !== event.pageId),
                        ),
                      })),
                    },
                    SCAN_MOVE: {
                      actions: assign(({ context, event }) => ({
                        materials: editPages(context.materials, context.scanning, (pages) =>
                          movePage(pages, event.pageId, event.by),
                        ),
                      })),
                    },
                  },
                  states: {
                    ready: {
                      on: {
                        SCAN_CAPTURE: { target: 'capturing', actions: assign({ scanAuto: false, notice: null }) },
                        SCAN_AUTO: { target: 'capturing', actions: assign({ scanAuto: true, notice: null }) },
                      },
                    },
                    capturing: {
                      entry: 'busy',
                      exit: 'idle',
                      invoke: {
                        id: 'scanPage',
                        src: 'scanPage',
                        input: ({ context }) => ({ sessionId: context.sessionId ?? '', materialId: context.scanning ?? '' }),
                        onDone: {
                          target: 'ready',
                          actions: assign(({ context, event }) => ({
                            materials: editPages(context.materials, context.scanning, (pages) => [...pages, event.output]),
                          })),
                        },
                        onError: {
                          target: 'ready',
                          // A page taken on its own that shows no page (the empty stage lying still) says
                          // nothing: the citizen did not ask. Anything else is said, as after a tap.
                          actions: assign(({ context, event }) => {
                            const code = errorCode(event.error, 'scan-failed');
                            return { notice: context.scanAuto && code === 'scan-page-not-found' ? null : { code } };
                          }),
                        },
                      },
                    },
                  },
                },
                // The e-licences the back office holds for this person that satisfy the material.
                licences: {
                  // (context.licences stays until the next licence step: the pick's action runs after exit)
                  initial: 'loading',
                  on: {
                    BACK: { target: 'form', actions: 'clearNotice' },
                    LICENCE_PICK: {
                      guard: 'licenceListed',
                      target: 'form',
                      actions: assign(({ context, event }) => {
                        const licence = context.licences?.list?.find((l) => l.reference === event.reference);
                        return licence && context.licences
                          ? {
                              materials: withChoice(context.materials, context.licences.materialId, { how: 'licence', licence }),
                              notice: null,
                            }
                          : {};
                      }),
                    },
                  },
                  states: {
                    loading: {
                      entry: 'busy',
                      exit: 'idle',
                      invoke: {
                        id: 'listLicences',
                        src: 'listLicences',
                        input: ({ context }) => {
                          const materialId = context.licences?.materialId ?? '';
                          const m = findMatter(context.catalog, context.matterId)?.materials.find((x) => x.id === materialId);
                          return { identity: context.identity as Identity, materialId, types: m?.licenceTypes ?? [] };
                        },
                        onDone: {
                          target: 'list',
                          actions: assign(({ context, event }) => ({
                            licences: context.licences ? { ...context.licences, list: event.output } : null,
                          })),
                        },
                        onError: {
                          target: 'list',
                          actions: assign(({ context, event }) => ({
                            licences: context.licences ? { ...context.licences, list: [] } : null,
                            notice: { code: errorCode(event.error, 'licences-unavailable') },
                          })),
                        },
                      },
                    },
                    list: {},
                  },
                },
                review: {
                  // A revealed field is masked again by main after `revealMs`, or as soon as the step is left
                  // (the timer goes with the state); a new reveal re-enters the step, restarting the timer.
                  exit: assign({ revealed: null }),
                  after: { REVEAL: { guard: 'revealing', actions: assign({ revealed: null }) } },
                  on: {
                    CONFIRM: 'consent',
                    BACK: 'form',
                    REVEAL: {
                      guard: 'revealable',
                      target: 'review',
                      reenter: true,
                      actions: assign(({ event }) => (event.type === 'REVEAL' ? { revealed: event.field } : {})),
                    },
                  },
                },
                consent: {
                  on: {
                    AGREE: [
                      // Sensitive items (the ID number, at least) need their own, separate consent.
                      { guard: 'separateConsentMissing', actions: assign({ notice: { code: 'consent-sensitive-needed' } }) },
                      { guard: 'instantMatter', target: 'issuing' },
                      { target: 'submitting' },
                    ],
                    DECLINE: { target: 'review', actions: assign({ notice: { code: 'consent-needed' } }) },
                    BACK: 'review',
                  },
                },
                // The back office issues the on-the-spot document first (its register states the facts);
                // only then is the application submitted and the document printed.
                issuing: {
                  entry: ['busy', 'clearNotice'],
                  exit: 'idle',
                  invoke: {
                    id: 'issueDocument',
                    src: 'issueDocument',
                    input: ({ context }) => ({ ...submitInput(context), locale: context.locale }),
                    onDone: { target: 'submitting', actions: assign(({ event }) => ({ issued: event.output })) },
                    onError: {
                      target: 'notIssued',
                      actions: assign(({ event }) => ({ notice: { code: errorCode(event.error, 'doc-unavailable') } })),
                    },
                  },
                },
                // Nothing printed; the citizen may submit for collection once done (办结后领取) or leave.
                notIssued: {
                  on: {
                    COLLECT_LATER: { target: 'submitting', actions: assign({ delivery: 'locker', issued: null }) },
                    BACK: '#session.active.flow.home',
                  },
                },
                submitting: {
                  entry: ['busy', 'clearNotice'],
                  exit: 'idle',
                  invoke: {
                    id: 'submit',
                    src: 'submit',
                    input: ({ context }) => submitInput(context),
                    onDone: [
                      {
                        guard: 'documentIssued',
                        target: 'printing',
                        actions: [assign(({ event }) => ({ submit: event.output })), 'transacted'],
                      },
                      {
                        guard: 'originalsPending',
                        target: 'originals',
                        actions: [assign(({ event }) => ({ submit: event.output })), 'transacted'],
                      },
                      { target: 'done', actions: [assign(({ event }) => ({ submit: event.output })), 'transacted'] },
                    ],
                    onError: {
                      target: 'review',
                      actions: assign(({ event }) => ({ notice: { code: errorCode(event.error, 'submit-failed') } })),
                    },
                  },
                },
                printing: {
                  entry: 'busy',
                  exit: 'idle',
                  invoke: {
                    id: 'printDocument',
                    src: 'printDocument',
                    input: ({ context }) => ({
                      ...submitInput(context),
                      applicationNo: context.submit?.applicationNo ?? '',
                      locale: context.locale,
                      issued: (context.issued as { document: IssuedDocument }).document,
                    }),
                    onDone: [
                      {
                        guard: 'originalsPending',
                        target: 'originals',
                        actions: assign(({ event }) => ({ document: event.output, issued: null })),
                      },
                      { target: 'done', actions: assign(({ event }) => ({ document: event.output, issued: null })) },
                    ],
                    onError: [
                      {
                        guard: 'originalsPending',
                        target: 'originals',
                        actions: assign(({ event }) => ({
                          document: { printed: false, error: errorCode(event.error, 'print-failed') },
                          issued: null,
                        })),
                      },
                      {
                        target: 'done',
                        actions: assign(({ event }) => ({
                          document: { printed: false, error: errorCode(event.error, 'print-failed') },
                          issued: null,
                        })),
                      },
                    ],
                  },
                },
                // The application is in; the originals the citizen chose to hand over go into a free
                // deposit compartment main opens, recorded against the application. No free
                // compartment, or a locker that refuses: nothing is lost — the done screen says to
                // bring them to the counter with the application number.
                originals: {
                  initial: 'opening',
                  states: {
                    opening: {
                      entry: ['busy', assign({ door: 'opening' })],
                      exit: 'idle',
                      invoke: {
                        id: 'openForOriginals',
                        src: 'openForDeposit',
                        input: ({ context }) => depositOpenInput(context),
                        onDone: [
                          {
                            guard: ({ event }) => event.output.opened === true,
                            target: 'open',
                            actions: assign(({ context, event }) => depositDoorOpened(context, event.output.door)),
                          },
                          { target: '#session.active.flow.apply.done', actions: 'originalsToCounter' },
                        ],
                        onError: { target: '#session.active.flow.apply.done', actions: 'originalsToCounter' },
                      },
                    },
                    open: {
                      on: { DOOR: { guard: 'depositDoorClosed', target: 'recording', actions: assign({ door: 'closed' }) } },
                      after: { DOOR_LEFT_OPEN: { actions: 'doorLeftOpen' } },
                    },
                    recording: {
                      entry: 'busy',
                      exit: 'idle',
                      invoke: {
                        id: 'recordOriginals',
                        src: 'recordDeposit',
                        input: ({ context }) => depositRecordInput(context),
                        onDone: {
                          target: '#session.active.flow.apply.done',
                          actions: assign(({ context, event }) => ({
                            door: null,
                            pickup: null,
                            notice: {
                              code: 'originals-deposited',
                              params: { receiptNo: event.output.receiptNo, door: context.pickup?.door ?? '' },
                            },
                          })),
                        },
                        // The originals are in the compartment; staff find them by the door's record in
                        // the locker log even when the back-office record is still to be sent.
                        onError: {
                          target: '#session.active.flow.apply.done',
                          actions: assign(({ context }) => ({
                            door: null,
                            pickup: null,
                            notice: { code: 'originals-record-failed', params: { door: context.pickup?.door ?? '' } },
                          })),
                        },
                      },
                    },
                  },
                },
                done: { on: { DONE: '#session.active.flow.rating' } },
              },
            },
            collect: {
              initial: 'lookup',
              states: {
                lookup: {
                  entry: 'busy',
                  exit: 'idle',
                  invoke: {
                    id: 'lookupPickups',
                    src: 'lookupPickups',
                    input: ({ context }) => ({ identity: context.identity, pickupCode: context.pickupCode }),
                    onDone: [
                      {
                        guard: ({ event }) => event.output.length === 0,
                        target: '#session.active.flow.identify',
                        actions: assign({ notice: { code: 'no-pickups' }, pickupCode: null, identity: null }),
                      },
                      { target: 'choose', actions: assign(({ event }) => ({ pickups: event.output })) },
                    ],
                    onError: {
                      target: '#session.active.flow.identify',
                      actions: assign(({ event }) => ({
                        notice: { code: errorCode(event.error, 'backoffice-unreachable') },
                        pickupCode: null,
                      })),
                    },
                  },
                },
                choose: {
                  on: {
                    PICKUP_OPEN: {
                      guard: 'pickupKnown',
                      target: 'opening',
                      actions: assign(({ context, event }) => ({
                        pickup:
                          event.type === 'PICKUP_OPEN'
                            ? (context.pickups.find((p) => p.pickupId === event.pickupId) ?? null)
                            : null,
                        notice: null,
                      })),
                    },
                    DONE: [
                      { guard: 'transacted', target: '#session.active.flow.rating' },
                      { target: '#session.active.flow.home' },
                    ],
                  },
                },
                opening: {
                  entry: ['busy', assign({ door: 'opening' })],
                  exit: 'idle',
                  invoke: {
                    id: 'openCompartment',
                    src: 'openCompartment',
                    input: ({ context }) => ({ pickup: context.pickup as PickupItem, sessionId: context.sessionId ?? '' }),
                    onDone: [
                      { guard: ({ event }) => event.output.opened === true, target: 'open', actions: assign({ door: 'open' }) },
                      {
                        guard: ({ event }) => event.output.opened === false,
                        target: 'choose',
                        actions: assign({ door: 'jammed', notice: { code: 'door-jammed' } }),
                      },
                      { target: 'choose', actions: assign({ door: 'unknown', notice: { code: 'door-unknown' } }) },
                    ],
                    onError: {
                      target: 'choose',
                      actions: assign(({ event }) => ({
                        door: 'unknown',
                        notice: { code: errorCode(event.error, 'locker-offline') },
                      })),
                    },
                  },
                },
                open: {
                  on: { DOOR: { guard: 'doorClosed', target: 'completing', actions: assign({ door: 'closed' }) } },
                  after: { DOOR_LEFT_OPEN: { actions: 'doorLeftOpen' } },
                },
                completing: {
                  entry: 'busy',
                  exit: 'idle',
                  invoke: {
                    id: 'completePickup',
                    src: 'completePickup',
                    input: ({ context }) => ({
                      pickup: context.pickup as PickupItem,
                      sessionId: context.sessionId ?? '',
                      identity: context.identity,
                      locale: context.locale,
                    }),
                    onDone: {
                      target: 'choose',
                      actions: [
                        assign(({ context, event }) => ({
                          pickups: context.pickups.filter((p) => p.pickupId !== context.pickup?.pickupId),
                          collected: context.collected + 1,
                          notice: { code: event.output.slipPrinted ? 'pickup-done' : 'pickup-done-no-slip' },
                        })),
                        'transacted',
                      ],
                    },
                    onError: { target: 'choose', actions: [assign({ notice: { code: 'pickup-record-failed' } }), 'transacted'] },
                  },
                },
              },
            },
            // Progress lookup (办件查询): by card (the person's own applications), by the receipt's QR
            // (scanned), or by the number typed on the keypad (status only).
            progress: {
              initial: 'ask',
              on: {
                CARD_READ: [
                  { guard: 'cardExpired', actions: 'noticeExpired' },
                  { guard: 'cardInvalid', actions: 'noticeInvalid' },
                  { target: '.lookup', actions: ['keepIdentity', assign({ progressAsk: null })] },
                ],
                CARD_FAILED: { actions: 'noticeCardFailed' },
                QR_SCANNED: { target: '.lookup', actions: 'askProgress' },
                PROGRESS_LOOKUP: { target: '.lookup', actions: 'askProgress' },
              },
              states: {
                ask: { on: { BACK: '#session.active.flow.home' } },
                lookup: {
                  entry: 'busy',
                  exit: 'idle',
                  // While the back office answers, another card or scan waits for the answer.
                  on: { CARD_READ: {}, QR_SCANNED: {}, PROGRESS_LOOKUP: {} },
                  invoke: {
                    id: 'lookupProgress',
                    src: 'lookupProgress',
                    input: ({ context }) => ({
                      identity: context.progressAsk ? null : context.identity,
                      ask: context.progressAsk,
                    }),
                    onDone: { target: 'result', actions: assign(({ event }) => ({ progress: event.output })) },
                    onError: {
                      target: 'ask',
                      actions: assign(({ event }) => ({
                        notice: { code: errorCode(event.error, 'progress-failed') },
                        progress: null,
                        progressAsk: null,
                      })),
                    },
                  },
                },
                result: {
                  on: {
                    PROGRESS_COLLECT: [
                      {
                        guard: 'hasIdentity',
                        target: '#session.active.flow.collect',
                        actions: assign({ purpose: 'collect' as const, progress: null, progressAsk: null, notice: null }),
                      },
                      {
                        target: '#session.active.flow.identify',
                        actions: assign({ purpose: 'collect' as const, progress: null, progressAsk: null, notice: null }),
                      },
                    ],
                    BACK: { target: 'ask', actions: assign({ progress: null, progressAsk: null, notice: null }) },
                    DONE: '#session.active.flow.ending',
                  },
                },
              },
            },
            deposit: {
              initial: 'opening',
              states: {
                opening: {
                  entry: ['busy', assign({ door: 'opening' })],
                  exit: 'idle',
                  invoke: {
                    id: 'openForDeposit',
                    src: 'openForDeposit',
                    input: ({ context }) => depositOpenInput(context),
                    onDone: [
                      {
                        guard: ({ event }) => event.output.opened === true,
                        target: 'open',
                        actions: assign(({ context, event }) => depositDoorOpened(context, event.output.door)),
                      },
                      { target: 'failed', actions: assign({ door: 'unknown', notice: { code: 'deposit-unavailable' } }) },
                    ],
                    onError: {
                      target: 'failed',
                      actions: assign(({ event }) => ({ notice: { code: errorCode(event.error, 'deposit-unavailable') } })),
                    },
                  },
                },
                open: {
                  on: { DOOR: { guard: 'depositDoorClosed', target: 'recording', actions: assign({ door: 'closed' }) } },
                  after: { DOOR_LEFT_OPEN: { actions: 'doorLeftOpen' } },
                },
                recording: {
                  entry: 'busy',
                  exit: 'idle',
                  invoke: {
                    id: 'recordDeposit',
                    src: 'recordDeposit',
                    input: ({ context }) => depositRecordInput(context),
                    onDone: {
                      target: 'done',
                      actions: [
                        assign(({ event }) => ({
                          notice: { code: 'deposit-done', params: { receiptNo: event.output.receiptNo } },
                        })),
                        'transacted',
                      ],
                    },
                    onError: { target: 'done', actions: [assign({ notice: { code: 'deposit-record-failed' } }), 'transacted'] },
                  },
                },
                done: { on: { DONE: '#session.active.flow.rating' } },
                failed: { on: { DONE: '#session.active.flow.home' } },
              },
            },
            report: {
              initial: 'form',
              states: {
                form: {
                  on: {
                    REPORT_SUBMIT: {
                      target: 'sending',
                      actions: assign(({ event }) =>
                        event.type === 'REPORT_SUBMIT' ? { values: reportValues(event.report) } : {},
                      ),
                    },
                    BACK: '#session.active.flow.home',
                  },
                },
                sending: {
                  entry: 'busy',
                  exit: 'idle',
                  invoke: {
                    id: 'sendReport',
                    src: 'sendReport',
                    input: ({ context }) => ({
                      category: context.values.category ?? '',
                      text: context.values.text ?? '',
                      ...(context.values.phone ? { phone: context.values.phone } : {}),
                      sessionId: context.sessionId ?? '',
                    }),
                    onDone: {
                      target: 'done',
                      actions: [
                        assign(({ event }) => ({
                          values: {},
                          notice: { code: 'report-sent', params: { reportNo: event.output.reportNo } },
                        })),
                        'transacted',
                      ],
                    },
                    onError: {
                      target: 'form',
                      actions: assign(({ event }) => ({ notice: { code: errorCode(event.error, 'report-failed') } })),
                    },
                  },
                },
                done: { on: { DONE: '#session.active.flow.rating' } },
              },
            },
            mydata: {
              initial: 'loading',
              states: {
                loading: {
                  invoke: {
                    id: 'myData',
                    src: 'myData',
                    input: ({ context }) => ({ identity: context.identity as Identity }),
                    onDone: { target: 'list', actions: assign(({ event }) => ({ myData: event.output })) },
                    onError: { target: 'list', actions: assign({ notice: { code: 'mydata-unavailable' } }) },
                  },
                },
                list: { on: { DONE: '#session.active.flow.ending' } },
              },
            },
            rating: {
              on: {
                RATE: { guard: 'validScore', target: 'sendingRating' },
                SKIP: 'ending',
              },
            },
            sendingRating: {
              invoke: {
                id: 'sendRating',
                src: 'sendRating',
                input: ({ context, event }) => ({
                  score: event.type === 'RATE' ? event.score : 0,
                  matterId: context.matterId,
                  purpose: context.purpose,
                }),
                onDone: 'ending',
                onError: 'ending',
              },
            },
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
              after: {
                IDLE: [
                  { guard: 'notBusy', target: 'warning' },
                  // A device operation is under way: look again after another idle period.
                  { target: 'watching', reenter: true },
                ],
              },
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

function submitInput(context: SessionContext): SubmitInput {
  return {
    matterId: context.matterId ?? '',
    values: context.values,
    identity: context.identity as Identity,
    delivery: context.delivery ?? 'locker',
    sessionId: context.sessionId ?? '',
    ...(context.issued ? { applicationNo: context.issued.applicationNo } : {}),
    ...(Object.keys(context.materials).length > 0 ? { materials: context.materials } : {}),
    locale: context.locale,
  };
}

/** Opening a free deposit compartment (the deposit journey, or an application's originals). */
function depositOpenInput(context: SessionContext): { identity: Identity; sessionId: string } {
  return { identity: context.identity as Identity, sessionId: context.sessionId ?? '' };
}

/** The deposit compartment opened: its door on the screen (with the application, for its originals). */
function depositDoorOpened(context: SessionContext, door: string): Pick<SessionContext, 'door' | 'pickup'> {
  return {
    door: 'open',
    pickup: { pickupId: '', applicationNo: context.submit?.applicationNo ?? '', matterId: context.matterId ?? '', door },
  };
}

/** Recording what went into the compartment: an application's originals carry its number and the materials. */
function depositRecordInput(context: SessionContext): {
  identity: Identity;
  door: string;
  sessionId: string;
  locale: Locale;
  applicationNo?: string;
  materialIds?: string[];
} {
  const materialIds = Object.entries(context.materials)
    .filter(([, c]) => c.how === 'deposit')
    .map(([id]) => id);
  return {
    identity: context.identity as Identity,
    door: context.pickup?.door ?? '',
    sessionId: context.sessionId ?? '',
    locale: context.locale,
    ...(context.submit ? { applicationNo: context.submit.applicationNo, materialIds } : {}),
  };
}

/** The required materials that have ways to provide them at the kiosk and are not provided yet. */
export function missingMaterials(matter: CatalogMatter, chosen: Record<string, MaterialChoice>): string[] {
  return matter.materials
    .filter((m) => m.required && m.ways.length > 0)
    .filter((m) => {
      const c = chosen[m.id];
      return c === undefined || (c.how === 'scan' && c.pages.length === 0);
    })
    .map((m) => m.id);
}

function withChoice(
  materials: Record<string, MaterialChoice>,
  id: string,
  choice: MaterialChoice | null,
): Record<string, MaterialChoice> {
  const next = { ...materials };
  if (choice === null) delete next[id];
  else next[id] = choice;
  return next;
}

/** Edits the pages of the material being scanned (a scan choice is made by its first page). */
function editPages(
  materials: Record<string, MaterialChoice>,
  id: string | null,
  edit: (pages: ScannedPageRef[]) => ScannedPageRef[],
): Record<string, MaterialChoice> {
  if (id === null) return materials;
  const current = materials[id];
  const pages = edit(current?.how === 'scan' ? current.pages : []);
  return withChoice(materials, id, pages.length > 0 ? { how: 'scan', pages } : null);
}

function movePage(pages: ScannedPageRef[], pageId: string, by: -1 | 1): ScannedPageRef[] {
  const i = pages.findIndex((p) => p.pageId === pageId);
  const j = i + by;
  if (i < 0 || j < 0 || j >= pages.length) return pages;
  const next = [...pages];
  [next[i], next[j]] = [next[j] as ScannedPageRef, next[i] as ScannedPageRef];
  return next;
}

function reportValues(r: ReportInput): FormValues {
  return { category: r.category, text: r.text, ...(r.phone ? { phone: r.phone } : {}) };
}

export type SessionMachine = typeof sessionMachine;
