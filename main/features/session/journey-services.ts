/**
 * The journey services the session machine invokes, declared once.
 *
 * `journeyServiceDefaults` is the one list: each entry names a service and, through its type
 * parameters, what the machine passes in and what comes back. Everything else is derived from it:
 * the machine's `actors` (this record is its setup, and its default when the core provides
 * nothing: each service fails as "not provided"), the `JourneyServices` interface the core
 * implements, and the actors that run those implementations (`journeyActors`).
 */
import { fromPromise, type InputFrom, type OutputFrom, type PromiseActorLogic } from 'xstate';
import type { Locale } from '../../base/api/contract.js';
import type {
  AssistCredential,
  AssistEntry,
  AssistStaff,
  DocumentInput,
  DocumentOutcome,
  FaceVerdict,
  Identity,
  IssueInput,
  IssuedDocument,
  Licence,
  MyDataEntry,
  OpenOutcome,
  PickupItem,
  ProgressAsk,
  ProgressResult,
  Purpose,
  ReportInput,
  ScannedPageRef,
  SubmitInput,
  SubmitOutcome,
} from './journey-types.js';

/** A service with input `I` and output `O` that the core has not provided: invoking it fails. */
function service<I, O>(): PromiseActorLogic<O, I> {
  return fromPromise<O, I>(({ self }) => Promise.reject(new Error(`journey service "${self.id}" is not provided`)));
}

/** Every journey service: name → input and output (by default, not provided). */
export const journeyServiceDefaults = {
  /** Checks a digital-identity QR code with the back office. */
  verifyQr: service<{ text: string }, Identity>(),
  /** Durable enqueue of an application, then its receipt. */
  submit: service<SubmitInput, SubmitOutcome>(),
  /** Asks the back office to issue an on-the-spot document (its register states the facts), under a new application number. */
  issueDocument: service<IssueInput, { applicationNo: string; document: IssuedDocument }>(),
  /** The A4 document of an on-the-spot matter, as issued. */
  printDocument: service<DocumentInput, DocumentOutcome>(),
  lookupPickups: service<{ identity: Identity | null; pickupCode: string | null }, PickupItem[]>(),
  openCompartment: service<{ pickup: PickupItem; sessionId: string }, OpenOutcome>(),
  completePickup: service<
    { pickup: PickupItem; sessionId: string; identity: Identity | null; locale: Locale },
    { slipPrinted: boolean }
  >(),
  openForDeposit: service<{ identity: Identity; sessionId: string }, { door: string; opened: boolean | null }>(),
  /** With `applicationNo` and `materialIds`: the originals of an application's materials (#16). */
  recordDeposit: service<
    { identity: Identity; door: string; sessionId: string; locale: Locale; applicationNo?: string; materialIds?: string[] },
    { receiptNo: string }
  >(),
  sendReport: service<ReportInput & { sessionId: string }, { reportNo: string }>(),
  sendRating: service<{ score: number; matterId: string | null; purpose: Purpose | null }, void>(),
  myData: service<{ identity: Identity }, MyDataEntry[]>(),
  /** Calls staff to the kiosk (the back office's urgent channel and the log). */
  callStaff: service<{ sessionId: string }, void>(),
  /** Checks a staff credential typed at the citizen screen (shares the maintenance prompt's lock-out). */
  verifyStaff: service<{ credential: AssistCredential }, AssistStaff>(),
  /** Records a staff-assisted identification (audited under the staff member) and returns the identity. */
  assistIdentify: service<{ staff: AssistStaff; entry: AssistEntry; sessionId: string }, Identity>(),
  /** Asks the back office to send the pickup code again to this phone, if a document waits here for it. */
  resendPickupCode: service<{ phone: string }, { maskedPhone: string }>(),
  /** Loads the face engine ahead of a face check (on the face-check consent screen); never fails. */
  faceWarmUp: service<Record<string, never>, void>(),
  /** One face-check attempt for the card's person (camera in main, reference photo from the register). */
  faceCheck: service<{ identity: Identity; sessionId: string }, FaceVerdict>(),
  /**
   * Opens the document camera in main for the scan step, with the preview to the renderer; resolves
   * only when the step is left (its signal aborts), closing the camera. Fails when there is none.
   */
  scanOpen: service<{ sessionId: string }, void>(),
  /** Takes the page on the stage (corrected) from the open document camera; the page stays in main. */
  scanPage: service<{ sessionId: string; materialId: string }, ScannedPageRef>(),
  /** The e-licences the back office holds for the person that satisfy a material. */
  listLicences: service<{ identity: Identity; materialId: string; types: string[] }, Licence[]>(),
  /** Progress lookup (办件查询): by a scanned receipt link or typed number, else by the card's person. */
  lookupProgress: service<{ identity: Identity | null; ask: ProgressAsk | null }, ProgressResult>(),
};

type Defaults = typeof journeyServiceDefaults;
export type JourneyServiceName = keyof Defaults;
export type JourneyInput<K extends JourneyServiceName> = InputFrom<Defaults[K]>;
export type JourneyOutput<K extends JourneyServiceName> = OutputFrom<Defaults[K]>;

/** The device and back-office work the journeys need; the core provides the real ones. */
export type JourneyServices = {
  /** `signal` is aborted when the machine leaves the state that invoked the service (the citizen left). */
  [K in JourneyServiceName]: (input: JourneyInput<K>, signal?: AbortSignal) => Promise<JourneyOutput<K>>;
};

type JourneyActors = { [K in JourneyServiceName]: PromiseActorLogic<JourneyOutput<K>, JourneyInput<K>> };

function isJourneyServiceName(name: string): name is JourneyServiceName {
  return Object.hasOwn(journeyServiceDefaults, name);
}

/** The names of the journey services, in the list's order. */
export const JOURNEY_SERVICE_NAMES: readonly JourneyServiceName[] =
  Object.keys(journeyServiceDefaults).filter(isJourneyServiceName);

/** The machine's actors running `services`: each one a promise actor around its service. */
export function journeyActors(services: JourneyServices): JourneyActors {
  const actors: JourneyActors = { ...journeyServiceDefaults };
  const provide = <K extends JourneyServiceName>(name: K): void => {
    const actor = fromPromise<JourneyOutput<K>, JourneyInput<K>>(({ input, signal }) => services[name](input, signal));
    // `JourneyActors[K]` is this very type, but TypeScript does not resolve a write through a generic key.
    actors[name] = actor as JourneyActors[K];
  };
  JOURNEY_SERVICE_NAMES.forEach(provide);
  return actors;
}
