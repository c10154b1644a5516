/**
 * What the citizen journeys carry through the session machine, and what the core's services
 * return. Everything here lives in main memory only for the current session and is wiped at reset.
 */

/** A person proven by the ID-card chip, a digital-identity QR code, or (for pickup only) a pickup code. */
export interface Identity {
  method: 'idcard' | 'qr';
  cardType: 'resident' | 'hkmotw' | 'foreign2017' | 'foreign2023' | 'digital';
  name: string;
  idNumber: string;
  address?: string;
  birthDate?: string;
  sex?: string;
}

export type Purpose = 'apply' | 'collect' | 'deposit' | 'mydata';

/** A notice the UI shows, translated by code (e.g. `card-expired`, `submit-queued`). */
export interface Notice {
  code: string;
  params?: Record<string, string | number>;
}

export type FormValues = Record<string, string>;
export type FormErrors = Record<string, string>;

export type Delivery = 'on-the-spot' | 'locker' | 'post' | 'electronic';

export interface SubmitInput {
  matterId: string;
  values: FormValues;
  identity: Identity;
  delivery: Delivery;
  sessionId: string;
}
export interface SubmitOutcome {
  applicationNo: string;
  /** True when the back office was not reached and the application waits in the outbox. */
  queued: boolean;
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
  action: string;
}
