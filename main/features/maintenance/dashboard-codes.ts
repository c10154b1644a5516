/**
 * Every code that can reach the staff dashboard, by what it names: the screen shows each one as a
 * phrase in the staff's language (`staff.code.<code>`, `staff.actions.<kind>`, `staff.kind.<kind>`…
 * in the renderer's locale files), never as the bare code. The lists are written out from the
 * unions they come from and checked against them at compile time (`Exhaustive`), so a code added to
 * a driver's union without a line here fails the typecheck, and the unit test
 * (tests/unit/renderer/staff-labels.test.ts) fails on a listed code without a phrase in a locale.
 *
 * Codes with a detail after a colon (`door-left-open:1/3`, `board-offline:2`) are listed by their
 * part before the colon; `state-<application state>` (a load refused for the application's state)
 * as `state`.
 */
import type { BusErrorCode } from '../../../drivers/locker/bus-transactor.js';
import type { LockerErrorCode } from '../../../drivers/locker/locker-driver.js';
import type { DoorState } from '../../../drivers/locker/locker-codec.js';
import type { IdCardErrorCode } from '../../../drivers/idcard/status.js';
import type { A4ErrorCode, A4QueueState } from '../../../drivers/printer/a4/a4-printer-driver.js';
import type { A4RenderErrorCode } from '../../../drivers/printer/a4/a4-document.js';
import type { PrintErrorCode } from '../../../drivers/printer/receipt/receipt-printer-driver.js';
import type { PrinterErrorCause } from '../../../drivers/printer/receipt/printer-status.js';
import type { RequestErrorCode } from '../../../drivers/transport/request.js';
import type { TransportState } from '../../../drivers/transport/transport.js';
import type { HealthState } from '../../../drivers/device.js';
import type { CameraHealthCode } from '../../../drivers/camera/camera-driver.js';
import { COMPARTMENT_STATES, type StaffDashboard } from '../../base/api/contract.js';
import type { BackofficeErrorCode } from '../../data/backoffice-client/client.js';
import type { ZinniaError } from '../ime/zinnia-process.js';
import { DEVICE_KINDS } from '../../../config/vocabulary.js';

/** True only when every member of `Union` is in `Listed`. */
type Exhaustive<Union extends string, Listed extends string> = [Exclude<Union, Listed>] extends [never] ? true : never;
const covers = <U extends string>() => {
  return <const L extends readonly string[]>(list: L, ok: Exhaustive<U, L[number]>): L => (ok ? list : list);
};

const HEALTH_STATES = covers<HealthState>()(['ok', 'degraded', 'offline', 'unknown'], true);

const ID_CARD = covers<IdCardErrorCode>()(
  [
    'no-card',
    'select-failed',
    'read-failed',
    'card-pulled',
    'auth-failed',
    'unknown-card-type',
    'sam-fault',
    'rejected',
    'no-answer',
    'garbage',
    'not-open',
    'disconnected',
    'device-error',
  ],
  true,
);

const RECEIPT = covers<PrintErrorCode | RequestErrorCode | `${PrinterErrorCause}-error`>()(
  [
    'paper-out',
    'paper-near-end',
    'cover-open',
    'printer-error',
    'offline',
    'interrupted',
    'unconfirmed',
    'no-answer',
    'truncated',
    'garbage',
    'not-open',
    'write-failed',
    'disconnected',
    'unrecoverable-error',
    'cutter-error',
    'recoverable-error',
    'auto-recoverable-error',
  ],
  true,
);

const A4 = covers<A4ErrorCode | A4RenderErrorCode>()(
  [
    'cups-missing',
    'cups-unavailable',
    'cups-timeout',
    'printer-missing',
    'printer-stopped',
    'paper-out',
    'cover-open',
    'paper-jam',
    'print-failed',
    'job-failed',
    'job-timeout',
    'cancel-failed',
    'no-cjk-font',
    'missing-glyph',
    'render-failed',
    // Supplies running low (the IPP reason without its -warning/-report suffix).
    'supply-low',
    'media-low',
    'toner-low',
    'marker-supply-low',
  ],
  true,
);

const LOCKER = covers<LockerErrorCode | BusErrorCode | `port-${TransportState}`>()(
  [
    'invalid-lock',
    'not-connected',
    'no-answer',
    'stopped',
    'write-failed',
    'port-closed',
    'port-opening',
    'port-open',
    'port-reconnecting',
    'board-offline',
    'door-jammed',
    'door-left-open',
  ],
  true,
);

const SCANNER = ['disconnected', 'not-found', 'permission-denied', 'open-failed'] as const;
const CAMERA = covers<CameraHealthCode>()(
  ['camera-missing', 'camera-unplugged', 'camera-busy', 'ffmpeg-missing', 'no-frame'],
  true,
);
/** The device manager's own: a device it could not build or start, a kind without a driver. */
const MANAGER = ['factory-failed', 'start-failed', 'no-driver', 'bad-options', 'unsupported-transport'] as const;
const RECOGNISER = covers<ZinniaError>()(
  ['recogniser-missing', 'recogniser-unavailable', 'recogniser-timeout', 'recogniser-exited'],
  true,
);
const BACKOFFICE = covers<BackofficeErrorCode>()(
  [
    'bo-unreachable',
    'bo-timeout',
    'bo-server-error',
    'bo-bad-response',
    'bo-rejected',
    'bo-not-found',
    'bo-conflict',
    'bo-rate-limited',
    'bo-invalid-request',
    'backoffice-unavailable',
  ],
  true,
);
/** Outcomes of staff actions (besides the device and back-office codes they pass on). */
const OUTCOMES = [
  'faults',
  'partly',
  'no-such-door',
  'not-free',
  'device-unavailable',
  'door-open',
  'jammed',
  'loaded',
  'loaded-notice-queued',
  'no-such-folder',
  'no-logs',
  'unsupported',
  'refused',
  'locked',
  'wrong',
  'state',
  'internal',
] as const;

/** Health and error codes, outcomes: one phrase each under `staff.code.<code>`. */
export const CODES: readonly string[] = [
  ...new Set<string>([
    ...HEALTH_STATES,
    ...ID_CARD,
    ...RECEIPT,
    ...A4,
    ...LOCKER,
    ...SCANNER,
    ...CAMERA,
    ...MANAGER,
    ...RECOGNISER,
    ...BACKOFFICE,
    ...OUTCOMES,
  ]),
];

/**
 * What a line of the staff's action list names (`staff.actions.<kind>`): the actions, and the
 * audit events read back from the chain (`maintenance-login`…).
 */
export const ACTION_KINDS = [
  'maintenance-login',
  'maintenance-logout',
  'assist-login',
  'staff-action',
  'test-print',
  'test-print-receipt',
  'test-print-a4',
  'reprint-receipt',
  'clear-a4-queue',
  'open-compartment',
  'load-locker',
  'empty-deposits',
  'out-of-order',
  'back-in-order',
  'clean-screen',
  'self-test',
  'export-logs',
  'restart',
  'exit-to-os',
  'takeover',
] as const;

/** Device kinds (`staff.kind.<kind>`); a kind without a phrase still gets a generic label. */
export const KINDS: readonly string[] = DEVICE_KINDS;
/** Compartment states on the locker map (`staff.compartment.<state>`). */
export const COMPARTMENT_STATE_CODES: readonly string[] = COMPARTMENT_STATES;
/** Door states a locker reports (`staff.door.<state>`). */
export const DOOR_STATES = covers<DoorState>()(['open', 'closed', 'jammed', 'unknown'], true);
/** What a compartment holds (`staff.holds.<what>`). */
export const HOLDS = covers<StaffDashboard['lockers'][number]['compartments'][number]['holds']>()(
  ['pickup', 'deposit', 'empty'],
  true,
);
/** The A4 queue (`staff.a4state.<state>`). */
export const A4_QUEUE_STATES = covers<A4QueueState>()(['idle', 'printing', 'stopped'], true);
/** Receipt paper (`staff.paper.<state>`). */
export const PAPER_STATES = covers<StaffDashboard['receiptPaper']>()(['ok', 'near-end', 'out', 'unknown'], true);
/** Where an error came from when it is not a device (`staff.source.<id>`); devices show their kind. */
export const SOURCES = ['backoffice', 'handwriting'] as const;
