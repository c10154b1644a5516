import type { ASSIST_DOCUMENTS, Locale, MyDataAction } from '../../base/api/contract.js';

/**
 * What the citizen journeys carry through the session machine, and what the core's services
 * return. Everything here lives in main memory only for the current session and is wiped at reset.
 */

/**
 * A person proven by the ID-card chip, a digital-identity QR code, or a member of staff who checked
 * another document at the kiosk (`staff`); for pickup only, a pickup code is enough.
 */
export interface Identity {
  method: 'idcard' | 'qr' | 'staff';
  cardType: 'resident' | 'hkmotw' | 'foreign2017' | 'foreign2023' | 'digital' | 'staff-checked';
  name: string;
  idNumber: string;
  address?: string;
  birthDate?: string;
  sex?: string;
  /** For `staff`: who checked the person, and which document they saw. */
  assistedBy?: string;
  /** For `idcard`: the face check matched the register's photo, in this band (人证核验). */
  faceChecked?: 'high' | 'medium';
  document?: AssistDocument;
}

/** Documents staff may identify a citizen by when the ID card is not at hand (the contract lists them). */
export type AssistDocument = (typeof ASSIST_DOCUMENTS)[number];

/** What staff type in for a citizen they identified: checked in main (GB 11643) before it is used. */
export interface AssistEntry {
  name: string;
  idNumber: string;
  document: AssistDocument;
}

/** A member of staff who proved themselves at the citizen screen (card + PIN or TOTP). */
export interface AssistStaff {
  staffId: string;
  name: string;
}

/** A staff credential as typed at the citizen screen; held in main memory only while it is checked. */
export type AssistCredential = { kind: 'card'; card: string; pin: string } | { kind: 'totp'; staffId: string; code: string };

export type Purpose = 'apply' | 'collect' | 'deposit' | 'mydata' | 'progress';

/** A notice the UI shows, translated by code (e.g. `card-expired`, `submit-queued`). */
export interface Notice {
  code: string;
  params?: Record<string, string | number>;
}

export type FormValues = Record<string, string>;
export type FormErrors = Record<string, string>;

export type Delivery = 'on-the-spot' | 'locker' | 'post' | 'electronic';

/** An electronic licence (电子证照) the back office holds for the person; only its reference travels. */
export interface Licence {
  reference: string;
  type: string;
  title: string;
  issuer: string;
  issuedOn: string;
}

/** A page scanned for a material: its id (the page itself stays in main) and a small thumbnail. */
export interface ScannedPageRef {
  pageId: string;
  /** A small JPEG data URL for the citizen's own screens (form and review). */
  thumb: string;
}

/** How the citizen provided a material at the kiosk (#16). */
export type MaterialChoice =
  | { how: 'scan'; pages: ScannedPageRef[] }
  | { how: 'licence'; licence: Licence }
  | { how: 'declare' }
  /** The original goes into a locker compartment once the application is in. */
  | { how: 'deposit' };

export interface SubmitInput {
  matterId: string;
  values: FormValues;
  /** Materials provided at the kiosk, by material id (scanned pages are turned into one PDF each). */
  materials?: Record<string, MaterialChoice>;
  identity: Identity;
  delivery: Delivery;
  sessionId: string;
  /** The number given before submission (an on-the-spot document was issued under it); a new one when absent. */
  applicationNo?: string;
  /** The session's language: the receipt is printed in it. */
  locale?: Locale;
}

/** What the back office issued for an on-the-spot matter: the facts it states and its sealed payload. */
export interface IssuedDocument {
  documentId: string;
  applicationNo: string;
  issuer: string;
  issuedAt: string;
  /** The template's placeholders, as the register states them (the only facts printed). */
  fields: Record<string, string>;
  /** Sealed with the issuing authority's key; the QR carries `<public URL>v/<payload>`. */
  payload: string;
}
/** The back office's issuance, asked for before the application is submitted. */
export interface IssueInput extends SubmitInput {
  locale: Locale;
}
/** What an on-the-spot document is printed from: the submission, its number, the citizen's language, and what was issued. */
export interface DocumentInput extends SubmitInput {
  applicationNo: string;
  locale: Locale;
  issued: IssuedDocument;
}
/**
 * Where a submitted application stands between this terminal and the back office:
 * `sent` — the back office acknowledged it (`reference`: its number for it, when it gave one);
 * `sending` — in the outbox while the back office is reachable (or not tried yet): going out now;
 * `offline` — in the outbox and the back office's last answer was that it is unreachable;
 * `held` — the back office refused it: kept on the terminal for staff to follow up.
 */
export interface Transmission {
  state: 'sent' | 'sending' | 'offline' | 'held';
  reference: string | null;
}

export interface SubmitOutcome {
  applicationNo: string;
  /** How far the application got towards the back office (updated live while the done screen shows). */
  transmission: Transmission;
  /** Receipt printed; false with a reason code when the printer could not. */
  receiptPrinted: boolean;
  receiptError: string | null;
}

export interface DocumentOutcome {
  printed: boolean;
  error: string | null;
}

/** A finished document waiting for this person in a compartment of this terminal's cabinet. */
export interface PickupItem {
  pickupId: string;
  applicationNo: string;
  matterId: string;
  /** The compartment's label as printed on its door, e.g. `A-07`. */
  door: string;
}

export type DoorState = 'opening' | 'open' | 'closed' | 'jammed' | 'unknown' | 'left-open';

export interface OpenOutcome {
  /** true: the door opened; false: it did not (jammed); null: the board's answer was lost. */
  opened: boolean | null;
}

export interface MyDataEntry {
  at: string;
  action: MyDataAction;
}

/** What a progress lookup asks: a scanned text (receipt link or number) or a typed number; null with a card. */
export interface ProgressAsk {
  text: string;
  source: 'scan' | 'typed';
}

/** One application's progress as the back office answered it (names from the catalog, locker resolved here). */
export interface ProgressEntry {
  applicationNo: string;
  matterId: string;
  matterNames: Record<string, string>;
  state: 'received' | 'in-review' | 'approved' | 'rejected' | 'ready-for-pickup' | 'collected';
  submittedAt: string;
  updatedAt: string;
  history: { state: ProgressEntry['state']; at: string }[];
  collection: {
    method: 'locker' | 'counter' | 'post' | 'electronic';
    place: string | null;
    here: boolean;
    holdUntil: string | null;
  } | null;
  maskedName: string | null;
}

export interface ProgressResult {
  by: 'card' | 'receipt' | 'number';
  items: ProgressEntry[];
}

/** A problem a citizen reports to the grid (the hall's report channel). */
export interface ReportInput {
  category: string;
  text: string;
  phone?: string;
}

/** One face-check attempt's outcome (main/features/journeys/face-verification.ts): code and band only. */
export interface FaceVerdict {
  code: 'match' | 'no-match' | 'no-face' | 'several-faces' | 'liveness-failed';
  band: 'high' | 'medium' | 'low';
}
