/**
 * The one API contract between the kiosk UI (untrusted) and the core in main.
 *
 * Every method declares the schema of its argument and of its result, and who may call it
 * (`scope`). The core validates every argument with these schemas before a handler runs,
 * whatever the transport (Electron IPC or the browser host's WebSocket). Push events from
 * main to the UI are declared here too.
 *
 * The renderer imports this module with `import type` only: it never runs zod itself.
 */
import { z } from 'zod';
import type { Result } from '../../../common/result.js';
import { CATALOG_ICONS, DEVICE_KINDS, LOCALES, SHELF_POSITIONS } from '../../../config/vocabulary.js';

export { CATALOG_ICONS, SHELF_POSITIONS };
export type { CatalogIcon } from '../../../config/vocabulary.js';
const Icon = z.enum(CATALOG_ICONS);

export { DEVICE_KINDS, LOCALES };

export const Locale = z.enum(LOCALES);
export type Locale = z.infer<typeof Locale>;

/** An expected failure, as data. Bugs never cross the boundary as anything but `internal`. */
export const ApiError = z.object({
  code: z.string().min(1),
  message: z.string(),
});
export type ApiError = z.infer<typeof ApiError>;

export const SESSION_PHASES = ['attract', 'home', 'identifying', 'serving', 'rating', 'ending'] as const;
export const SessionPhase = z.enum(SESSION_PHASES);
export type SessionPhase = z.infer<typeof SessionPhase>;

export const PURPOSES = ['apply', 'collect', 'deposit', 'mydata', 'progress'] as const;
export const Purpose = z.enum(PURPOSES);
export const DELIVERIES = ['on-the-spot', 'locker', 'post', 'electronic'] as const;
export const Delivery = z.enum(DELIVERIES);

/** A translated message by code, with values to put into it. */
export const Notice = z.object({ code: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])).optional() });

export const APPLICATION_STATES = ['received', 'in-review', 'approved', 'rejected', 'ready-for-pickup', 'collected'] as const;
/**
 * One application's progress as the screen shows it. By number: status only (`maskedName` null);
 * by the receipt QR: also the name masked as the receipt prints it; by card: the person's own.
 */
export const ProgressItem = z.object({
  applicationNo: z.string(),
  matterId: z.string(),
  /** The matter's names from this terminal's catalog (empty when the catalog does not list it). */
  matterNames: z.record(z.string(), z.string()),
  state: z.enum(APPLICATION_STATES),
  submittedAt: z.string(),
  updatedAt: z.string(),
  history: z.array(z.object({ state: z.enum(APPLICATION_STATES), at: z.string() })),
  collection: z
    .object({
      method: z.enum(['locker', 'counter', 'post', 'electronic']),
      /** The compartment's door label (locker) or the counter's name. */
      place: z.string().nullable(),
      /** The locker is this terminal's: "collect now" opens it here. */
      here: z.boolean(),
      holdUntil: z.string().nullable(),
    })
    .nullable(),
  maskedName: z.string().nullable(),
});
export type ProgressItem = z.infer<typeof ProgressItem>;
export const ProgressView = z.object({
  by: z.enum(['card', 'receipt', 'number']),
  items: z.array(ProgressItem),
});
export type ProgressView = z.infer<typeof ProgressView>;

/** What the UI is allowed to know about the session: rendered, never decided, by the UI. */
/** How a material was provided at the kiosk, as the citizen's own screens show it (#16). */
const MaterialChoiceView = z.discriminatedUnion('how', [
  z.object({ how: z.literal('scan'), pages: z.array(z.object({ pageId: z.string(), thumb: z.string() })) }),
  z.object({
    how: z.literal('licence'),
    licence: z.object({ reference: z.string(), type: z.string(), title: z.string(), issuer: z.string(), issuedOn: z.string() }),
  }),
  z.object({ how: z.literal('declare') }),
  z.object({ how: z.literal('deposit') }),
]);
const MaterialId = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/);
const PageId = z.string().uuid();

/**
 * What "my data" (我的数据) lists: each operation on the citizen's data this terminal did today, as
 * one of these words (the audit type with `.` as `-`; `other` for a type the list does not name),
 * so that the screen translates every line and never shows a code.
 */
export const MY_DATA_ACTIONS = [
  'session-start',
  'card-read',
  'identify-face',
  'identify-face-unavailable',
  'identify-staff-assisted',
  'identify-staff-assisted-refused',
  'review-reveal',
  'submission',
  'material-stored',
  'material-sent',
  'print',
  'document-issued',
  'document-refused',
  'locker-open',
  'pickup-collected',
  'deposit',
  'progress-lookup',
  'other',
] as const;
export type MyDataAction = (typeof MY_DATA_ACTIONS)[number];
/** The "my data" word for an audit type. */
export function myDataAction(auditType: string): MyDataAction {
  const word = auditType.replace(/\./g, '-');
  return (MY_DATA_ACTIONS as readonly string[]).includes(word) ? (word as MyDataAction) : 'other';
}

export const SessionView = z.object({
  phase: SessionPhase,
  /** The journey step inside the phase, e.g. `apply.form`, `collect.open` (null on attract). */
  step: z.string().nullable(),
  /** Changes at every new citizen session; null on the attract screen. */
  sessionId: z.string().nullable(),
  locale: Locale,
  elderMode: z.boolean(),
  /** The high-contrast theme (per session, like elder mode). */
  highContrast: z.boolean(),
  /** Present while the idle warning runs: the reset happens after `remainingMs`. */
  warning: z.object({ remainingMs: z.number().int().nonnegative() }).nullable(),
  /** Idle time allowed before the warning, for the current mode (elder mode doubles it). */
  idleMs: z.number().int().positive(),
  /** Out-of-service reason, or null when the kiosk serves citizens. */
  outOfService: z.object({ code: z.string(), message: z.string() }).nullable(),
  /** A device or back-office operation is under way: the UI shows progress and waits. */
  busy: z.boolean(),
  purpose: Purpose.nullable(),
  matterId: z.string().nullable(),
  /** The proven person, masked as a bystander may see it. */
  identity: z
    .object({
      method: z.enum(['idcard', 'qr', 'staff']),
      cardType: z.string(),
      maskedName: z.string(),
      maskedId: z.string(),
      /** The face at the camera matched the register's photo of the card's person (人证核验). */
      faceChecked: z.boolean(),
    })
    .nullable(),
  /** Staff-assisted identification: the member of staff who proved themselves at this screen. */
  /** The member of staff identifying the citizen; `faceCheck`: they may also run the face check (a face camera is there). */
  assistStaff: z.object({ staffId: z.string(), name: z.string(), faceCheck: z.boolean() }).nullable(),
  /** Pickup-code re-sends this session may still ask for. */
  resendsLeft: z.number().int().nonnegative(),
  notice: Notice.nullable(),
  /** The application form: values as typed (personal fields from the card masked), errors by field. */
  form: z
    .object({
      values: z.record(z.string(), z.string()),
      errors: z.record(z.string(), z.string()),
      delivery: Delivery.nullable(),
      /** Editable fields still holding the card's value, shown masked: typing replaces the value. */
      masked: z.array(z.string()),
      /** On review: the card fields shown masked that the citizen may ask to see ("show to me"). */
      revealable: z.array(z.string()),
      /** On review: the one field main shows in full right now; main masks it again after a few seconds. */
      revealed: z.string().nullable(),
      /** Materials provided here so far (#16), by material id; scanned pages as small thumbnails. */
      materials: z.record(z.string(), MaterialChoiceView),
      /** Required materials (with a way to provide them here) not provided yet. */
      missingMaterials: z.array(z.string()),
    })
    .nullable(),
  /** The scan step: the material whose pages the document camera takes, and whether a page lying still is taken on its own. Null elsewhere. */
  scan: z.object({ materialId: z.string(), auto: z.boolean() }).nullable(),
  /** The e-licence step: the material, and the licences the back office listed (null while asking). */
  licences: z
    .object({
      materialId: z.string(),
      list: z.array(z.object({ reference: z.string(), title: z.string(), issuer: z.string(), issuedOn: z.string() })).nullable(),
    })
    .nullable(),
  result: z
    .object({
      applicationNo: z.string(),
      /** sent (acknowledged, with the back office's reference), sending (online, in the outbox), offline, held (refused). */
      transmission: z.object({ state: z.enum(['sent', 'sending', 'offline', 'held']), reference: z.string().nullable() }),
      receiptPrinted: z.boolean(),
      receiptError: z.string().nullable(),
      documentPrinted: z.boolean().nullable(),
      documentError: z.string().nullable(),
    })
    .nullable(),
  pickups: z.array(z.object({ pickupId: z.string(), applicationNo: z.string(), matterId: z.string(), door: z.string() })),
  door: z
    .object({
      label: z.string(),
      state: z.enum(['opening', 'open', 'closed', 'jammed', 'unknown', 'left-open']),
      /**
       * Where the door is in its locker's wall (1-based, column from the left, row from the top) and
       * every door of that wall, for the picture; null when the layout does not know the door.
       */
      wall: z
        .object({
          label: z.string(),
          column: z.number().int().positive(),
          row: z.number().int().positive(),
          doors: z.array(z.object({ label: z.string(), column: z.number().int().positive(), row: z.number().int().positive() })),
        })
        .nullable(),
    })
    .nullable(),
  collected: z.number().int().nonnegative(),
  myData: z.array(z.object({ at: z.string(), action: z.enum(MY_DATA_ACTIONS) })),
  /** Progress lookup (办件查询): how it was asked, and what the back office answered. */
  progress: ProgressView.nullable(),
  /**
   * On the face-check steps (人证核验): attempts left before only staff are offered, and who
   * handles the data (named on the face-check consent). Null on every other step.
   */
  face: z.object({ attemptsLeft: z.number().int().nonnegative(), handler: z.partialRecord(Locale, z.string()) }).nullable(),
  /**
   * On the consent step (PIPL): who handles the data, exactly the personal information this
   * matter collects (identity items are named by the UI, form fields by their catalog label),
   * which of it is sensitive (agreeing needs the separate consent), and how many days this
   * terminal keeps a delivered application. Null on every other step.
   */
  consent: z
    .object({
      handler: z.partialRecord(Locale, z.string()),
      items: z.array(
        z.object({
          kind: z.enum(['identity', 'field']),
          id: z.string(),
          label: z.record(z.string(), z.string()).nullable(),
          sensitive: z.boolean(),
        }),
      ),
      retentionDays: z.number().int().nonnegative(),
    })
    .nullable(),
});
export type SessionView = z.infer<typeof SessionView>;

export const DeviceKind = z.enum(DEVICE_KINDS);
export type DeviceKind = z.infer<typeof DeviceKind>;

export const DeviceHealth = z.object({
  id: z.string(),
  kind: DeviceKind,
  state: z.enum(['ok', 'degraded', 'offline', 'unknown']),
  emulated: z.boolean(),
  /** A machine-readable detail, e.g. `paper-near-end`; null when nothing to report. */
  code: z.string().nullable(),
  since: z.number().int(),
});
export type DeviceHealth = z.infer<typeof DeviceHealth>;

/**
 * A service of main that is not a device but watched like one on the staff dashboard (the
 * handwriting recogniser's helper process): its state, why, since when, and how often it was restarted.
 */
export const ServiceHealth = z.object({
  id: z.string(),
  state: z.enum(['ok', 'degraded', 'offline', 'unknown']),
  code: z.string().nullable(),
  since: z.number().int(),
  restarts: z.number().int().nonnegative(),
});
export type ServiceHealth = z.infer<typeof ServiceHealth>;

export const SystemInfo = z.object({
  terminalId: z.string(),
  /** By locale (zh-CN always there; the UI falls back to it). */
  hallName: z.partialRecord(Locale, z.string()),
  version: z.string(),
  shell: z.enum(['electron', 'browser']),
  locales: z.array(Locale).min(1),
  emulatedDevices: z.boolean(),
  /** Where this terminal model's card reader and QR scanner sit (the identify screen draws them). */
  panel: z.object({ cardReader: z.enum(SHELF_POSITIONS), qrScanner: z.enum(SHELF_POSITIONS) }),
});
export type SystemInfo = z.infer<typeof SystemInfo>;
export type ShelfPosition = SystemInfo['panel']['cardReader'];

const NoArgs = z.object({}).strict();

/** A catalog matter as the UI renders it (public data: names, form, materials, delivery). */
const Text = z.record(z.string(), z.string());
export const MatterView = z.object({
  id: z.string(),
  icon: Icon,
  category: z.string(),
  categoryNames: Text,
  names: Text,
  instant: z.boolean(),
  audience: z.enum(['person', 'legal-person', 'both']),
  timeLimitDays: z.number().int().nullable(),
  delivery: z.array(Delivery),
  form: z.array(
    z.object({
      id: z.string(),
      label: Text,
      kind: z.enum(['text', 'digits', 'phone', 'select', 'textarea']),
      required: z.boolean(),
      locked: z.boolean(),
      maxLength: z.number().int(),
      options: z.array(z.object({ value: z.string(), label: Text })),
    }),
  ),
  materials: z.array(
    z.object({
      id: z.string(),
      name: Text,
      trust: z.string(),
      required: z.boolean(),
      /** How the citizen may provide it here (#16): scan the paper, pick an e-licence, declare it, deposit the original. */
      ways: z.array(z.enum(['scan', 'licence', 'declare', 'deposit'])),
    }),
  ),
  /** For the matter's page before identification: department, life events, conditions, fee, where to collect. */
  departmentNames: Text.nullable(),
  lifeEvents: z.array(z.object({ id: z.string(), names: Text })),
  description: Text.nullable(),
  conditions: Text.nullable(),
  feeYuan: z.number(),
  pickup: Text.nullable(),
});
export type MatterView = z.infer<typeof MatterView>;

/** One matter in a page of the home screen's list. */
export const MatterSummary = z.object({
  id: z.string(),
  icon: Icon,
  names: Text,
  instant: z.boolean(),
  audience: z.enum(['person', 'legal-person', 'both']),
  timeLimitDays: z.number().int().nullable(),
  departmentNames: Text.nullable(),
});
export type MatterSummary = z.infer<typeof MatterSummary>;
const NavEntry = z.object({ id: z.string(), names: Text, icon: Icon, count: z.number().int() });
/** The home screen's ways into the catalog: 常办事项, departments, life events, audiences, with counts. */
export const CatalogOverview = z.object({
  total: z.number().int(),
  common: z.number().int(),
  departments: z.array(NavEntry),
  lifeEvents: z.array(NavEntry),
  audiences: z.array(z.object({ id: z.enum(['person', 'legal-person']), count: z.number().int() })),
});
export type CatalogOverview = z.infer<typeof CatalogOverview>;
export const CATALOG_BROWSE = ['common', 'all', 'department', 'lifeEvent', 'audience', 'search'] as const;
export const CatalogBrowseArgs = z
  .object({
    by: z.enum(CATALOG_BROWSE),
    /** The department, life event or audience id (for those ways), or the search text. */
    key: z.string().max(64).default(''),
    /** Narrows any list: on the spot only, later only, or all. */
    timing: z.enum(['all', 'instant', 'later']).default('all'),
    page: z.number().int().min(0).max(1000).default(0),
    pageSize: z.number().int().min(1).max(48).default(12),
  })
  .strict();
export type CatalogBrowseArgs = z.input<typeof CatalogBrowseArgs>;
export const CatalogPage = z.object({
  items: z.array(MatterSummary),
  total: z.number().int(),
  /** The page shown (clamped to the last page). */
  page: z.number().int(),
  pageCount: z.number().int(),
});
export type CatalogPage = z.infer<typeof CatalogPage>;
const FormValuesArg = z
  .record(z.string().max(64), z.string().max(2000))
  .refine((v) => Object.keys(v).length <= 40, 'too many fields');

/** What the staff layer may know about maintenance mode: rendered, never decided, by the UI. */
export const STAFF_MODES = ['closed', 'prompt', 'waiting', 'confirm', 'active'] as const;
export const StaffView = z.object({
  mode: z.enum(STAFF_MODES),
  /** Inside `active`: the dashboard, the screen-cleaning lock, or a locker load with a door open. */
  screen: z.enum(['dashboard', 'cleaning', 'loading']).nullable(),
  staff: z.object({ staffId: z.string(), name: z.string() }).nullable(),
  prompt: z.object({
    /** The prompt is locked for this long after too many wrong tries; null when open. */
    lockedForMs: z.number().int().nonnegative().nullable(),
    /** Wrong tries left before the lock. */
    remaining: z.number().int().nonnegative(),
    /** Code of the last refusal (`wrong-credentials`, `locked`), or null. */
    error: z.string().nullable(),
    /** Why the last staff session ended (`timeout`, `logout`), or null. */
    ended: z.string().nullable(),
  }),
  cleaningSeconds: z.number().int().positive(),
  load: z.object({ applicationNo: z.string(), door: z.string() }).nullable(),
  allowExitToOs: z.boolean(),
});
export type StaffView = z.infer<typeof StaffView>;

/** A compartment on the staff's locker map. */
export const COMPARTMENT_STATES = ['empty', 'loaded', 'open', 'fault'] as const;
export const Compartment = z.object({
  label: z.string(),
  board: z.number().int(),
  lock: z.number().int(),
  size: z.enum(['S', 'M', 'L']),
  door: z.string(),
  /** What it holds: a document loaded for pickup, a citizen's deposit, or nothing. */
  holds: z.enum(['pickup', 'deposit', 'empty']),
  outOfOrder: z.boolean(),
  /** Its place in the locker wall, 1-based: column from the left, row from the top. */
  column: z.number().int().positive(),
  row: z.number().int().positive(),
  /** What the staff's locker map shows (main decides): `fault` (out of order or jammed), `open`, `loaded` (holds something), `empty`. */
  state: z.enum(COMPARTMENT_STATES),
});
export type Compartment = z.infer<typeof Compartment>;

export const StaffDashboard = z.object({
  devices: z.array(DeviceHealth),
  /** Services watched like devices (the handwriting recogniser). */
  services: z.array(ServiceHealth),
  receiptPaper: z.enum(['ok', 'near-end', 'out', 'unknown']),
  a4Queue: z.object({ state: z.string(), pending: z.number().int().nonnegative(), reasons: z.array(z.string()) }).nullable(),
  lockers: z.array(z.object({ deviceId: z.string(), compartments: z.array(Compartment) })),
  sync: z
    .object({
      online: z.boolean().nullable(),
      queued: z.number().int(),
      rejected: z.number().int(),
      auditPending: z.number().int(),
      lastSuccessAt: z.number().nullable(),
    })
    .nullable(),
  backoffice: z.object({ reachable: z.boolean().nullable(), checkedAt: z.number().nullable() }),
  configVersion: z.string(),
  diskFreeMiB: z.number().nullable(),
  uptimeSeconds: z.number().int().nonnegative(),
  lastErrors: z.array(z.object({ at: z.number(), source: z.string(), code: z.string() })),
});
export type StaffDashboard = z.infer<typeof StaffDashboard>;

export const StaffAction = z.object({ at: z.number(), action: z.string(), outcome: z.string(), detail: z.string() });
export type StaffAction = z.infer<typeof StaffAction>;
/** The outcome of a staff action: what was done, for the action list and the screen. */
export const StaffActionResult = z.object({ action: z.string(), outcome: z.string(), detail: z.string() });
const DoorLabel = z.string().regex(/^[A-Z]-\d{2}$/);
const ApplicationNo = z.string().regex(/^[A-Za-z0-9-]{3,40}$/);

/** Speech guidance (main/features/speech/): engine health and this session's settings. */
export const SpeechView = z.object({
  available: z.boolean(),
  engine: z.string(),
  auto: z.boolean(),
  volume: z.number().int().min(0).max(100),
  speaking: z.boolean(),
  code: z.string().nullable(),
});
export type SpeechView = z.infer<typeof SpeechView>;
/** A phrase of main's table (main/features/speech/phrases.ts), with a few short values for its placeholders. */
const SpeechSay = z
  .object({
    key: z.string().regex(/^[a-zA-Z][a-zA-Z.]{0,39}$/),
    params: z
      .record(
        z.string().regex(/^[a-zA-Z]{1,20}$/),
        z.union([z.string().regex(/^[\p{L}\p{N} -]{0,40}$/u), z.number().int().min(0).max(1e9)]),
      )
      .refine((v) => Object.keys(v).length <= 4, 'too many params')
      .optional(),
  })
  .strict();

/** A staff member's credential as typed: badge number + PIN, or staff id + TOTP code. */
const StaffCredentialArg = z.union([
  z.object({ card: z.string().min(4).max(40), pin: z.string().regex(/^\d{4,12}$/) }).strict(),
  z.object({ staffId: z.string().min(1).max(32), code: z.string().regex(/^\d{6}$/) }).strict(),
]);
export const ASSIST_DOCUMENTS = ['temporary-id', 'household-register', 'passport', 'hkmo-permit', 'police-certificate'] as const;

/** What was typed on the pinyin keyboard: up to 40 letters, apostrophes between syllables allowed. */
const ImePinyin = z
  .string()
  .max(60)
  .regex(/^[A-Za-z']*$/, 'letters and apostrophes only')
  .refine((s) => s.replace(/'/g, '').length <= 40, 'at most 40 letters');
export const ImePage = z.object({
  candidates: z.array(z.string()).max(10),
  consumed: z.array(z.number().int().nonnegative()).max(10),
  more: z.boolean(),
});
export type ImePage = z.infer<typeof ImePage>;

/**
 * Handwriting (手写): the pad's strokes in pad pixels, each a list of [x, y] points in the order
 * drawn. Bounded so that no input can make main work long: ≤ 40 strokes, ≤ 4,000 points a stroke,
 * ≤ 20,000 points in all, coordinates within ±100,000; main thins them to the model's box.
 */
export const HW_LIMITS = { strokes: 40, pointsPerStroke: 4000, points: 20_000 } as const;
const HwCoord = z.number().finite().min(-100_000).max(100_000);
const HwStroke = z
  .array(z.tuple([HwCoord, HwCoord]))
  .min(1)
  .max(HW_LIMITS.pointsPerStroke);
const HwStrokes = z
  .array(HwStroke)
  .min(1)
  .max(HW_LIMITS.strokes)
  .refine((ss) => ss.reduce((n, s) => n + s.length, 0) <= HW_LIMITS.points, `at most ${HW_LIMITS.points} points in all`);
/** Characters (handwriting) or continuations (association), ten to a page. */
export const ImeList = z.object({
  candidates: z.array(z.string()).max(10),
  more: z.boolean(),
});
export type ImeList = z.infer<typeof ImeList>;

/** Who may call a method: `citizen` methods need no staff login; `staff` ones do (maintenance). */
export type Scope = 'citizen' | 'staff';

interface MethodSpec<A extends z.ZodType, R extends z.ZodType> {
  readonly args: A;
  readonly result: R;
  readonly scope: Scope;
}
function method<A extends z.ZodType, R extends z.ZodType>(args: A, result: R, scope: Scope = 'citizen'): MethodSpec<A, R> {
  return { args, result, scope };
}

export const methods = {
  /** The current session, for a UI that (re)loads. */
  'session.snapshot': method(NoArgs, SessionView),
  /** A citizen touches the attract screen. */
  'session.start': method(NoArgs, SessionView),
  'session.setLocale': method(z.object({ locale: Locale }).strict(), SessionView),
  'session.setElderMode': method(z.object({ on: z.boolean() }).strict(), SessionView),
  /** High contrast on the attract screen also starts the session (like elder mode). */
  'session.setHighContrast': method(z.object({ on: z.boolean() }).strict(), SessionView),
  /** Any touch: postpones the idle warning. Ignored while the warning shows. */
  'session.activity': method(NoArgs, SessionView),
  /** The one-tap "more time" of the idle warning. */
  'session.moreTime': method(NoArgs, SessionView),
  /** The citizen is done (or taps "exit"): wipe and go back to attract. */
  'session.end': method(NoArgs, SessionView),
  'system.info': method(NoArgs, SystemInfo),
  /** The service catalog, filtered by a search (Chinese, pinyin or initials). */
  'catalog.search': method(z.object({ query: z.string().max(40) }).strict(), z.array(MatterView)),
  'catalog.get': method(z.object({ id: z.string().max(64) }).strict(), MatterView),
  'catalog.overview': method(NoArgs, CatalogOverview),
  /** One page of the catalog by a way in (常办事项, department, life event, audience, search). */
  'catalog.browse': method(CatalogBrowseArgs, CatalogPage),
  /**
   * Pinyin input (main/features/ime/): phrases and characters for what was typed, ten to a page, in
   * the session's script (zh-HK: traditional). `consumed[i]`: how many characters of `pinyin`
   * candidate i takes; the rest is converted next.
   */
  'ime.candidates': method(z.object({ pinyin: ImePinyin, page: z.number().int().min(0).max(999).optional() }).strict(), ImePage),
  /** The citizen picked a candidate: it ranks higher for the rest of this session only. */
  'ime.select': method(
    z.object({ pinyin: ImePinyin, candidate: z.string().min(1).max(40) }).strict(),
    z.object({ consumed: z.number().int().nonnegative(), rest: z.string() }),
  ),
  /**
   * Handwriting (main/features/ime/handwriting.ts): the characters the strokes on a `width` ×
   * `height` pad may be, best first, ten to a page (zh-HK: in Hong Kong forms). The recogniser
   * unavailable: `recogniser-unavailable` / `-timeout` / `-exited` (the staff dashboard shows why).
   */
  'ime.handwrite': method(
    z
      .object({
        strokes: HwStrokes,
        width: z.number().int().min(16).max(8192),
        height: z.number().int().min(16).max(8192),
        page: z.number().int().min(0).max(9).optional(),
      })
      .strict(),
    ImeList,
  ),
  /** Association (联想): what often follows the last character of `text`, from the pinyin lexicon's phrases. */
  'ime.associate': method(
    z.object({ text: z.string().min(1).max(40), page: z.number().int().min(0).max(99).optional() }).strict(),
    ImeList,
  ),
  'journey.choose': method(z.object({ purpose: Purpose, matterId: z.string().max(64).optional() }).strict(), SessionView),
  'journey.report': method(NoArgs, SessionView),
  'journey.back': method(NoArgs, SessionView),
  'journey.pickupCode': method(z.object({ code: z.string().regex(/^\d{6,8}$/) }).strict(), SessionView),
  /** Lost the SMS: the back office sends the pickup code again to this mobile number, if one waits here for it. */
  'journey.resendCode': method(z.object({ phone: z.string().regex(/^1[3-9]\d{9}$/) }).strict(), SessionView),
  /** No card at hand: call staff to the kiosk (staff-assisted identification). */
  'journey.askStaff': method(NoArgs, SessionView),
  /** The member of staff who came proves who they are at the citizen screen. */
  'journey.staffVerify': method(StaffCredentialArg, SessionView),
  /** …then types the citizen's name and ID number from the document they checked (main checks GB 11643). */
  'journey.staffIdentify': method(
    z
      .object({
        name: z.string().min(1).max(30),
        idNumber: z.string().regex(/^\d{17}[\dXx]$/),
        document: z.enum(ASSIST_DOCUMENTS),
        /** Staff also check the citizen's face against the register photo before the session goes on. */
        faceCheck: z.boolean().optional(),
      })
      .strict(),
    SessionView,
  ),
  'journey.formEdit': method(z.object({ values: FormValuesArg }).strict(), SessionView),
  'journey.setDelivery': method(z.object({ delivery: Delivery }).strict(), SessionView),
  'journey.formSubmit': method(NoArgs, SessionView),
  'journey.confirm': method(NoArgs, SessionView),
  /** "Show to me" on review: main shows this card field in full for a few seconds (only this session's own). */
  'journey.reveal': method(z.object({ field: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,63}$/) }).strict(), SessionView),
  /** `sensitiveConsent`: the separate consent for the sensitive items the consent step lists. */
  /** A material (#16): scan its paper, pick an e-licence, declare it, deposit the original, or undo what was chosen. */
  'journey.materialScan': method(z.object({ materialId: MaterialId }).strict(), SessionView),
  'journey.materialLicence': method(z.object({ materialId: MaterialId }).strict(), SessionView),
  'journey.materialDeclare': method(z.object({ materialId: MaterialId, declared: z.boolean() }).strict(), SessionView),
  /** The original goes in a locker compartment main opens once the application is in (or not: `deposit` false). */
  'journey.materialDeposit': method(z.object({ materialId: MaterialId, deposit: z.boolean() }).strict(), SessionView),
  'journey.materialClear': method(z.object({ materialId: MaterialId }).strict(), SessionView),
  /** The scan step: take the page on the stage, delete or move a page, done. */
  'journey.scanCapture': method(NoArgs, SessionView),
  'journey.scanDelete': method(z.object({ pageId: PageId }).strict(), SessionView),
  'journey.scanMove': method(z.object({ pageId: PageId, by: z.union([z.literal(-1), z.literal(1)]) }).strict(), SessionView),
  'journey.scanDone': method(NoArgs, SessionView),
  /** The e-licence step: this licence (one the back office listed) provides the material. */
  'journey.licencePick': method(z.object({ reference: z.string().min(1).max(128) }).strict(), SessionView),
  /** The citizen agrees to the face check (its own consent: purpose, handler, nothing kept). */
  'journey.faceAgree': method(NoArgs, SessionView),
  /** Another face-check attempt (main refuses once the attempts are used). */
  'journey.faceRetry': method(NoArgs, SessionView),
  'journey.agree': method(z.object({ sensitiveConsent: z.boolean().optional() }).strict(), SessionView),
  /** The on-the-spot document could not be issued: submit for collection once done (办结后领取). */
  'journey.collectLater': method(NoArgs, SessionView),
  'journey.decline': method(NoArgs, SessionView),
  /** Progress lookup by an application number typed on the keypad (status only; main checks the form). */
  'journey.progressLookup': method(z.object({ applicationNo: z.string().regex(/^[A-Za-z0-9 -]{3,40}$/) }).strict(), SessionView),
  /** From a progress result that waits in a locker: go and collect it (the pickup journey). */
  'journey.progressCollect': method(NoArgs, SessionView),
  'journey.openPickup': method(z.object({ pickupId: z.string().min(1).max(64) }).strict(), SessionView),
  'journey.reportSubmit': method(
    z
      .object({
        category: z.string().min(1).max(32),
        text: z.string().min(2).max(500),
        phone: z
          .string()
          .regex(/^1[3-9]\d{9}$/)
          .optional(),
      })
      .strict(),
    SessionView,
  ),
  'journey.done': method(NoArgs, SessionView),
  'journey.rate': method(z.object({ score: z.number().int().min(1).max(5) }).strict(), SessionView),
  'journey.skipRating': method(NoArgs, SessionView),
  /** One health status per configured device (the maintenance screen, the out-of-service decision). */
  'devices.health': method(NoArgs, z.array(DeviceHealth)),
  /** Speech guidance: speak a screen's instruction (interrupting), stop, volume, automatic mode. */
  'speech.status': method(NoArgs, SpeechView),
  'speech.say': method(SpeechSay, SpeechView),
  'speech.stop': method(NoArgs, SpeechView),
  'speech.setVolume': method(z.object({ volume: z.number().int().min(0).max(100) }).strict(), SpeechView),
  'speech.setAuto': method(z.object({ on: z.boolean() }).strict(), SpeechView),
  /** Maintenance entry (the hidden gesture or key chord): the staff prompt, and logging in to it. */
  'maintenance.view': method(NoArgs, StaffView),
  'maintenance.requestPrompt': method(NoArgs, StaffView),
  'maintenance.cancel': method(NoArgs, StaffView),
  'maintenance.activity': method(NoArgs, StaffView),
  'maintenance.login': method(StaffCredentialArg, StaffView),
  /** Staff methods: only while the maintenance machine has a staff member in and allows them. */
  'staff.snapshot': method(NoArgs, StaffView, 'staff'),
  'staff.logout': method(NoArgs, StaffView, 'staff'),
  'staff.takeover': method(NoArgs, StaffView, 'staff'),
  'staff.dashboard': method(NoArgs, StaffDashboard, 'staff'),
  'staff.myActions': method(NoArgs, z.array(StaffAction), 'staff'),
  'staff.testPrint': method(z.object({ printer: z.enum(['receipt', 'a4']) }).strict(), StaffActionResult, 'staff'),
  'staff.reprintReceipt': method(z.object({ applicationNo: ApplicationNo }).strict(), StaffActionResult, 'staff'),
  'staff.clearA4Queue': method(NoArgs, StaffActionResult, 'staff'),
  'staff.openCompartment': method(z.object({ door: DoorLabel }).strict(), StaffActionResult, 'staff'),
  'staff.loadCandidates': method(
    z.object({ applicationNo: ApplicationNo, size: z.enum(['S', 'M', 'L']).optional() }).strict(),
    z.object({ applicationNo: z.string(), state: z.string(), free: z.array(Compartment) }),
    'staff',
  ),
  'staff.loadLocker': method(z.object({ applicationNo: ApplicationNo, door: DoorLabel }).strict(), StaffActionResult, 'staff'),
  'staff.emptyDeposits': method(NoArgs, StaffActionResult, 'staff'),
  'staff.setCompartmentOutOfOrder': method(
    z.object({ door: DoorLabel, outOfOrder: z.boolean() }).strict(),
    StaffActionResult,
    'staff',
  ),
  'staff.cleanScreen': method(NoArgs, StaffView, 'staff'),
  'staff.selfTest': method(NoArgs, z.array(z.object({ device: z.string(), ok: z.boolean(), detail: z.string() })), 'staff'),
  'staff.exportLogs': method(z.object({ folder: z.string().min(1).max(260) }).strict(), StaffActionResult, 'staff'),
  'staff.restart': method(NoArgs, StaffActionResult, 'staff'),
  'staff.exitToOs': method(NoArgs, StaffActionResult, 'staff'),
  /** The UI's answer to a `ui.ping` push: proves its main thread runs (the frozen-UI check). */
  'ui.pong': method(z.object({ nonce: z.string().min(1).max(64), rendered: z.boolean() }).strict(), z.boolean()),
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export const METHOD_NAMES = Object.keys(methods) as MethodName[];
export type MethodArgs<M extends MethodName> = z.input<Methods[M]['args']>;
export type MethodResult<M extends MethodName> = z.output<Methods[M]['result']>;

export const events = {
  'session.changed': SessionView,
  /** A device's health changed. */
  'device.health': DeviceHealth,
  /** A service's health changed (the handwriting recogniser exited, was restarted …). */
  'service.health': ServiceHealth,
  /** The maintenance machine changed (prompt, login, screen). */
  'staff.changed': StaffView,
  /** Something on the staff dashboard changed (sent only while a staff member is in). */
  'staff.dashboard': StaffDashboard,
  /** The supervisor asks the UI to prove it is alive: answer with `ui.pong` carrying the nonce. */
  'ui.ping': z.object({ nonce: z.string() }),
  /**
   * A camera's preview while a capture session is open (for the citizen to position themselves):
   * a JPEG data URL at most 320 px wide, a few per second; `frame: null` once the session ended.
   */
  'camera.preview': z.object({
    device: z.string(),
    frame: z
      .object({
        seq: z.number().int().positive(),
        width: z.number().int().positive().max(320),
        height: z.number().int().positive().max(1024),
        jpeg: z.string().startsWith('data:image/jpeg;base64,').max(200_000),
      })
      .nullable(),
  }),
} as const;
export type Events = typeof events;
export type EventName = keyof Events;
export const EVENT_NAMES = Object.keys(events) as EventName[];
export type EventPayload<E extends EventName> = z.output<Events[E]>;

/** What a call answers: the common Result, with the contract's `ApiError` (code and message, nothing more). */
export type ApiResponse<T> = Result<T, ApiError>;

/** Wire messages of the browser host's WebSocket (Electron uses IPC with the same payloads). */
export const WireRequest = z.object({
  id: z.number().int().nonnegative(),
  method: z.string().max(64),
  args: z.unknown(),
});
export type WireRequest = z.infer<typeof WireRequest>;
export type WireResponse = { id: number } & ApiResponse<unknown>;
export interface WireEvent {
  event: EventName;
  payload: unknown;
}

/** The object a shell exposes to the renderer (Electron preload, or the WebSocket client). */
export interface KioskBridge {
  call(method: string, args: unknown): Promise<ApiResponse<unknown>>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}
