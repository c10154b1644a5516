/**
 * The demo panel's own small API: what the second page (`/demo`, served only when every
 * configured device is emulated) may ask of the device emulators. It is separate from the kiosk
 * API (`main/base/api/contract.ts`) on purpose: the kiosk UI never sees these methods, and the demo
 * panel never sees the session.
 *
 * Every argument is validated with these schemas before the controller runs (like the kiosk
 * API). The page imports this module with `import type` only.
 */
import { z } from 'zod';
import { CAMERA_SCENARIOS } from '../../../drivers/camera/camera-scenarios.js';
import { DeviceHealth, type ApiResponse } from '../../base/api/contract.js';

const DeviceId = z.string().min(1).max(64);
const NoArgs = z.object({}).strict();

export const PAPER_STATES = ['ok', 'near-end', 'out'] as const;
export const PaperState = z.enum(PAPER_STATES);
export type PaperState = z.infer<typeof PaperState>;

const Sample = z.object({ id: z.string(), label: z.string() });

/** What an emulated camera can play (the emulator's own list, drivers/camera/camera-scenarios.ts). */
export const DemoCameraScenario = z.enum(CAMERA_SCENARIOS);
export type DemoCameraScenario = z.infer<typeof DemoCameraScenario>;

/** What the panel shows of one emulated device, by kind. */
export const DemoDevice = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('idcard'),
    id: z.string(),
    scenario: z.string(),
    /** The sample card in the slot, or null. */
    card: z.string().nullable(),
    /** The card in the slot has been read (the reader will not read it again until it leaves). */
    read: z.boolean(),
    /** The next read will be cut off by the card leaving the field. */
    pullArmed: z.boolean(),
    samples: z.array(Sample),
  }),
  z.object({
    kind: z.literal('receipt-printer'),
    id: z.string(),
    scenario: z.string(),
    paper: PaperState,
    coverOpen: z.boolean(),
    receipts: z.number().int(),
  }),
  z.object({
    kind: z.literal('a4-printer'),
    id: z.string(),
    condition: z.string(),
    conditions: z.array(z.string()),
    jobs: z.number().int(),
  }),
  z.object({
    kind: z.literal('locker'),
    id: z.string(),
    scenario: z.string(),
    protocol: z.string(),
    boards: z.array(z.object({ address: z.number().int(), locks: z.number().int() })),
    /** `board/lock` of every open door. */
    openDoors: z.array(z.string()),
    occupied: z.array(z.string()),
  }),
  z.object({
    kind: z.literal('scanner'),
    id: z.string(),
    scans: z.number().int(),
  }),
  z.object({
    kind: z.literal('camera'),
    id: z.string(),
    /** face (the citizen's face) or doc (a document camera). */
    role: z.string(),
    scenario: DemoCameraScenario,
    /** Every scenario with its label for the panel (zh-CN and English side by side). */
    scenarios: z.array(z.object({ id: DemoCameraScenario, label: z.string() })),
    /** A capture session is open now (the kiosk is looking through it): "pull out now" acts on it. */
    capturing: z.boolean(),
    /** What the open session plays (it keeps the scenario it was opened with); null while none is open. */
    playing: DemoCameraScenario.nullable(),
  }),
  /** A device of a kind the panel cannot play (its emulator has no demo controls). */
  z.object({ kind: z.literal('other'), id: z.string(), deviceKind: z.string() }),
]);
export type DemoDevice = z.infer<typeof DemoDevice>;

export const DemoState = z.object({
  terminalId: z.string(),
  devices: z.array(DemoDevice),
  health: z.array(DeviceHealth),
});
export type DemoState = z.infer<typeof DemoState>;

const Align = z.enum(['left', 'center', 'right']);
/** One item of a decoded receipt (the model the printer emulator parsed from the ESC/POS bytes). */
export const ReceiptItemView = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('text'),
    align: Align,
    spans: z.array(z.object({ text: z.string(), bold: z.boolean(), width: z.number(), height: z.number() })),
  }),
  z.object({ kind: z.literal('qr'), align: Align, data: z.string() }),
  z.object({ kind: z.literal('barcode'), align: Align, symbology: z.string(), data: z.string() }),
  z.object({ kind: z.literal('image'), align: Align, widthDots: z.number().int(), heightDots: z.number().int() }),
  z.object({ kind: z.literal('feed'), lines: z.number().int() }),
]);
export type ReceiptItemView = z.infer<typeof ReceiptItemView>;

/** The roll and print head, in printer dots (8 per mm). */
export const PaperView = z.object({
  widthMm: z.number(),
  dotsPerMm: z.number(),
  printDots: z.number().int(),
  cellDots: z.object({ w: z.number().int(), h: z.number().int() }),
  columns: z.number().int(),
  lineDots: z.number().int(),
});
export type PaperView = z.infer<typeof PaperView>;

const Placed = { y: z.number().int(), heightDots: z.number().int() };
/** One printed line (or QR code, barcode, image, feed) where it lands on the paper, in dots. */
export const LaidOutBlockView = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('text'),
    ...Placed,
    runs: z.array(
      z.object({
        x: z.number().int(),
        text: z.string(),
        cellDots: z.number().int(),
        heightDots: z.number().int(),
        width: z.number().int(),
        height: z.number().int(),
        bold: z.boolean(),
      }),
    ),
  }),
  z.object({
    kind: z.literal('qr'),
    ...Placed,
    x: z.number().int(),
    moduleDots: z.number().int(),
    /** Rows of '1' (dark) and '0'. */
    modules: z.array(z.string()),
    data: z.string(),
  }),
  z.object({
    kind: z.literal('barcode'),
    ...Placed,
    x: z.number().int(),
    widthDots: z.number().int(),
    symbology: z.string(),
    data: z.string(),
  }),
  z.object({ kind: z.literal('image'), ...Placed, x: z.number().int(), widthDots: z.number().int() }),
  z.object({ kind: z.literal('feed'), ...Placed }),
]);
export type LaidOutBlockView = z.infer<typeof LaidOutBlockView>;

export const ReceiptView = z.object({
  device: z.string(),
  /** 1-based number of the receipt on this printer. */
  seq: z.number().int().positive(),
  /** How it was cut off the roll; null: still on the printer (e.g. the paper ran out mid-receipt). */
  cut: z.enum(['full', 'partial']).nullable(),
  items: z.array(ReceiptItemView),
  /** The printer's paper, and where each line landed on it (what the panel draws, at real size). */
  paper: PaperView,
  layout: z.object({ heightDots: z.number().int(), blocks: z.array(LaidOutBlockView) }),
  /** The same receipt as plain text, as many columns as the paper has at 1×. */
  text: z.string(),
});
export type ReceiptView = z.infer<typeof ReceiptView>;

export const PdfView = z.object({
  device: z.string(),
  jobId: z.string(),
  title: z.string(),
  bytes: z.number().int(),
  state: z.string(),
  submittedAt: z.number(),
  /** Same-origin address of the file (needs the token cookie). */
  url: z.string(),
});
export type PdfView = z.infer<typeof PdfView>;

interface DemoMethodSpec<A extends z.ZodType, R extends z.ZodType> {
  readonly args: A;
  readonly result: R;
}
function method<A extends z.ZodType, R extends z.ZodType>(args: A, result: R): DemoMethodSpec<A, R> {
  return { args, result };
}

export const demoMethods = {
  /** Every emulated device, its scenario state and the kiosk's device health. */
  'demo.state': method(NoArgs, DemoState),
  /** Put a sample card on the reader (replaces the card in the slot). */
  'idcard.place': method(z.object({ device: DeviceId, sample: z.string().min(1).max(64) }).strict(), DemoState),
  'idcard.remove': method(z.object({ device: DeviceId }).strict(), DemoState),
  /** Put a sample card down and pull it away while it is being read. */
  'idcard.pullMidRead': method(z.object({ device: DeviceId, sample: z.string().min(1).max(64) }).strict(), DemoState),
  /** Scan a text (QR code, pickup code) with the scanner. */
  'scanner.scan': method(z.object({ device: DeviceId, text: z.string().min(1).max(4096) }).strict(), DemoState),
  /**
   * Ask the reference back office (`/admin/identity-tokens`) for a one-use digital-identity QR
   * text for a sample card's person; the kiosk's `verifyIdentityQr` call will accept it once.
   */
  'samples.identityQr': method(z.object({ sample: z.string().min(1).max(64) }).strict(), z.object({ text: z.string() })),
  /**
   * Ask the reference back office (`/admin/pickups`) for a pickup ready for a sample card's person,
   * waiting in a locker door (default: the first closed door of the first emulated locker).
   */
  'samples.pickupCode': method(
    z
      .object({
        sample: z.string().min(1).max(64),
        matterName: z.string().min(1).max(200),
        door: z
          .object({ board: z.number().int().min(0).max(99), lock: z.number().int().min(1).max(48) })
          .strict()
          .optional(),
      })
      .strict(),
    z.object({ code: z.string(), pickupId: z.string(), cell: z.string().nullable() }),
  ),
  'printer.paper': method(z.object({ device: DeviceId, paper: PaperState }).strict(), DemoState),
  'printer.cover': method(z.object({ device: DeviceId, open: z.boolean() }).strict(), DemoState),
  'a4.condition': method(z.object({ device: DeviceId, condition: z.string().min(1).max(32) }).strict(), DemoState),
  /** Open or close a locker door by hand (a person, or the technician's key). */
  'locker.door': method(
    z
      .object({
        device: DeviceId,
        board: z.number().int().min(0).max(99),
        lock: z.number().int().min(1).max(48),
        open: z.boolean(),
      })
      .strict(),
    DemoState,
  ),
  /** What an emulated camera plays from its next capture session on (an open session keeps its scenario). */
  'camera.scenario': method(z.object({ device: DeviceId, scenario: DemoCameraScenario }).strict(), DemoState),
  /** Pulls the camera out now: the open capture session ends with `camera-unplugged` (`camera-not-capturing` if none is open). */
  'camera.unplug': method(z.object({ device: DeviceId }).strict(), DemoState),
  /**
   * The frames a camera's scenario plays, for the panel's thumbnail: the emulator's JPEG bytes as
   * they are (`data:` URLs; the page draws them small, so main spends no time scaling them; none
   * for `missing`, which plays nothing). Default: its current scenario.
   */
  'camera.frames': method(
    z.object({ device: DeviceId, scenario: DemoCameraScenario.optional() }).strict(),
    z.object({
      scenario: DemoCameraScenario,
      frames: z.array(z.object({ jpeg: z.string(), width: z.number().int(), height: z.number().int() })),
    }),
  ),
  'receipts.list': method(NoArgs, z.array(ReceiptView)),
  'pdfs.list': method(NoArgs, z.array(PdfView)),
  /**
   * The first page of a printed PDF rasterised on the host (poppler's `pdftoppm`), as a PNG
   * `data:` URL. `rasteriser-missing` when poppler-utils is not installed.
   */
  'pdfs.preview': method(
    z.object({ device: DeviceId, jobId: z.string().min(1).max(128) }).strict(),
    z.object({ png: z.string(), widthPx: z.number().int(), heightPx: z.number().int(), dpi: z.number().int() }),
  ),
} as const;

export type DemoMethods = typeof demoMethods;
export type DemoMethodName = keyof DemoMethods;
export type DemoMethodArgs<M extends DemoMethodName> = z.input<DemoMethods[M]['args']>;
export type DemoMethodResult<M extends DemoMethodName> = z.output<DemoMethods[M]['result']>;

/** Pushed to every demo page when something changed (a receipt, a door, a card, health). */
export const DEMO_CHANGED_EVENT = 'demo.changed';

export const DemoWireRequest = z.object({
  id: z.number().int().nonnegative(),
  method: z.string().max(64),
  args: z.unknown(),
});
export type DemoWireRequest = z.infer<typeof DemoWireRequest>;
export type DemoWireResponse = { id: number } & ApiResponse<unknown>;
export interface DemoWireEvent {
  event: typeof DEMO_CHANGED_EVENT;
  payload: DemoState;
}
