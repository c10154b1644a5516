/**
 * The terminal configuration: what one kiosk needs to know about itself.
 * Parsed (not merely validated) with zod; `loadConfig` merges a site file over `defaults`.
 */
import { z } from 'zod';
import { LOCALES, DEVICE_KINDS, SHELF_POSITIONS } from './vocabulary.js';
import { Catalog, DisplayText } from './catalog-schema.js';
import { StaffConfig } from './staff-schema.js';
import { IdentityConfig, IDENTITY_DEFAULTS } from './identity-schema.js';

const Locale = z.enum(LOCALES);

const SerialTransport = z
  .object({
    type: z.literal('serial'),
    path: z.string().min(1),
    baudRate: z.number().int().positive().optional(),
  })
  .strict();
const HidTransport = z
  .object({
    type: z.literal('hid'),
    vendorId: z.number().int().min(0).max(0xffff),
    productId: z.number().int().min(0).max(0xffff),
    path: z.string().min(1).optional(),
  })
  .strict();
const EmulatedTransport = z
  .object({
    type: z.literal('emulated'),
    scenario: z.string().min(1).optional(),
  })
  .strict();
/** A4 printers go through the OS spooler (CUPS `lp`) or IPP. */
const SpoolerTransport = z
  .object({
    type: z.literal('spooler'),
    printer: z.string().min(1),
  })
  .strict();

/** Cameras: a V4L2 device node (`/dev/video0`, or a stable `/dev/v4l/by-id/…-video-index0` link), captured by ffmpeg. */
const V4l2Transport = z
  .object({
    type: z.literal('v4l2'),
    path: z.string().regex(/^\/dev\//, 'a device node under /dev'),
  })
  .strict();

export const DeviceTransport = z.discriminatedUnion('type', [
  SerialTransport,
  HidTransport,
  EmulatedTransport,
  SpoolerTransport,
  V4l2Transport,
]);
export type DeviceTransport = z.infer<typeof DeviceTransport>;

export const DeviceConfig = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes'),
    kind: z.enum(DEVICE_KINDS),
    enabled: z.boolean().default(true),
    transport: DeviceTransport,
    /** Device-specific settings (locker protocol and boards, scanner mode, …), checked by the driver. */
    options: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();
export type DeviceConfig = z.infer<typeof DeviceConfig>;

export const KioskConfig = z
  .object({
    terminal: z
      .object({
        id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, dot, dash, underscore'),
        hallId: z.string().min(1),
        /** Shown on every screen and printed: per locale, or one string (read as zh-CN; docs in README). */
        hallName: DisplayText,
        /**
         * This terminal model's front: where on the shelf under the screen the ID-card reader and
         * the QR scanner sit. The identify screen draws them there and says so in words.
         */
        panel: z
          .object({ cardReader: z.enum(SHELF_POSITIONS), qrScanner: z.enum(SHELF_POSITIONS) })
          .strict()
          .default({ cardReader: 'centre', qrScanner: 'right' }),
      })
      .strict(),
    locale: z
      .object({
        default: Locale,
        available: z.array(Locale).min(1),
      })
      .strict()
      .refine((l) => l.available.includes(l.default), {
        message: 'the default locale must be one of the available locales',
        path: ['default'],
      }),
    session: z
      .object({
        /** Idle time before the warning, in seconds. */
        idleSeconds: z.number().int().min(15).max(3600),
        /** How long the warning shows before the reset: never less than 20 s. */
        warningSeconds: z.number().int().min(20).max(300),
        /** Elder mode multiplies the idle time (the spec asks for at least double). */
        elderIdleMultiplier: z.number().min(2).max(5),
        /** How long the "thank you / take your card" screen stays before attract. */
        endingSeconds: z.number().int().min(3).max(120),
        /** A pickup/deposit door still open after this long is reported as left open. */
        doorLeftOpenSeconds: z.number().int().min(10).max(600),
        /** How long a card field the citizen asked to see ("show to me" on review) stays in full; 5 s when unset. */
        revealSeconds: z.number().int().min(1).max(30).optional(),
      })
      .strict(),
    /** The on-screen keyboard's pinyin input method (main/features/ime/). */
    ime: z
      .object({
        /**
         * Accept the pairs southern accents merge (z/zh, c/ch, s/sh, n/l, an/ang, en/eng, in/ing):
         * `zi` also offers 只, `lan` also 南. Off by default: it lengthens every candidate list.
         */
        fuzzyPinyin: z.boolean().default(false),
      })
      .strict()
      .default({ fuzzyPinyin: false }),
    /** Checks that the person at the kiosk is the person named (config/identity-schema.ts, docs/identity.md). */
    identity: IdentityConfig.default(IDENTITY_DEFAULTS),
    devices: z.array(DeviceConfig).refine((d) => new Set(d.map((x) => x.id)).size === d.length, {
      message: 'device ids must be unique',
    }),
    /** The service catalog: matters, their forms, materials and delivery (see config/catalog-schema.ts). */
    catalog: Catalog,
    backoffice: z
      .object({
        url: z.url({ protocol: /^https?$/ }),
        timeoutMs: z.number().int().min(100).max(120_000),
        /**
         * The back office's public base URL, as a citizen's phone reaches it: printed QR codes point
         * at its verification and progress pages. `url` when unset (the demo back office).
         */
        publicUrl: z.url({ protocol: /^https$|^http$/ }).optional(),
        /**
         * The issuing authority's public key (Ed25519, SPKI PEM; `GET /v1/documents/public-key`):
         * when set, the kiosk prints only documents sealed by it. Distributed with the fleet config.
         */
        documentPublicKey: z
          .string()
          .regex(/^-----BEGIN PUBLIC KEY-----[\s\S]+-----END PUBLIC KEY-----\s*$/, 'an SPKI PEM public key')
          .max(1000)
          .optional(),
      })
      .strict(),
    /** Where the store, logs and keys live; `YIMEN_DATA_DIR` or the OS user-data path when unset. */
    dataDir: z.string().min(1).optional(),
    host: z
      .object({
        /** TCP port of the browser host on 127.0.0.1; 0 picks a free one at each launch. */
        port: z.number().int().min(0).max(65535),
        chromiumPath: z.string().min(1),
        /** Full-screen kiosk window (`--kiosk`) or an app window (`--app`). */
        kiosk: z.boolean(),
      })
      .strict(),
    /** Personal data at rest: masking of what bystanders see, and how long synced rows stay. */
    privacy: z
      .object({
        /** Masking of ID numbers on screens, receipts and logs: characters kept at each end. */
        mask: z
          .object({
            keepStart: z.number().int().min(0).max(9),
            keepEnd: z.number().int().min(0).max(9),
            char: z.string().length(1),
          })
          .strict(),
        /** Days a delivered row (and a collected pickup) stays in the local store before it is purged. */
        retentionDays: z.number().int().min(0).max(365),
        /**
         * The personal-information handler (个人信息处理者) the consent screen names, per locale;
         * when absent, the hall named in `terminal.hallName`.
         */
        dataHandler: DisplayText.optional(),
      })
      .strict(),
    /** Delivery of the outbox to the back office. */
    sync: z
      .object({
        /** Longest pause between delivery rounds when nothing new arrives. */
        pollSeconds: z.number().int().min(1).max(3600),
        backoffBaseMs: z.number().int().min(50).max(60_000),
        backoffMaxMs: z.number().int().min(1000).max(3_600_000),
        batchSize: z.number().int().min(1).max(1000),
        parallel: z.number().int().min(1).max(16),
        /** Ship the audit chain at least this often. */
        auditShipSeconds: z.number().int().min(1).max(86_400),
      })
      .strict(),
    /**
     * Materials' PDFs (docs/materials.md, "Delivery"): sealed in the store with their application
     * until the back office has them, uploaded in chunks before the application itself.
     */
    attachments: z
      .object({
        /** Local disk for attachments not yet delivered (sealed bytes), in MiB; past it a submission is refused (`attachments-full`). */
        maxStoreMB: z.number().int().min(1).max(1_000_000).default(512),
        /** Largest single attachment, in MiB (the reference back office takes up to 20). */
        maxFileMB: z.number().int().min(1).max(1024).default(20),
        /** Upload chunk size, in KiB (a lost connection costs at most one chunk). */
        chunkKiB: z.number().int().min(16).max(8192).default(1024),
      })
      .strict()
      .default({ maxStoreMB: 512, maxFileMB: 20, chunkKiB: 1024 }),
    /** Paper materials photographed with the document camera (docs/materials.md): one PDF per material. */
    materials: z
      .object({
        /** Resolution of a corrected page. */
        dpi: z.number().int().min(100).max(600).default(200),
        /** JPEG quality of a corrected page. */
        quality: z.number().int().min(30).max(95).default(80),
        /** Largest PDF of one material, in MiB: past it the pages are re-encoded smaller, then refused. */
        maxPdfMB: z.number().int().min(1).max(1024).default(8),
        /** Most pages of one material. */
        maxPages: z.number().int().min(1).max(200).default(20),
        /**
         * Auto-capture: a page that has lain still on the stage this long (ms) is taken without a tap,
         * once; the next when it has been turned or replaced. 0: on tap only.
         */
        autoCaptureMs: z.number().int().min(0).max(10_000).default(0),
      })
      .strict()
      .default({ dpi: 200, quality: 80, maxPdfMB: 8, maxPages: 20, autoCaptureMs: 0 }),
    audit: z
      .object({
        /** Days shipped audit entries stay on the kiosk (the back office keeps them ≥ 6 months). */
        retentionDays: z.number().int().min(1).max(3650),
        /** Sign a checkpoint after this many entries… */
        checkpointEvery: z.number().int().min(1).max(100_000),
        /** …and at least this often while entries arrive. */
        checkpointMinutes: z.number().int().min(1).max(1440),
      })
      .strict(),
    /** Signed config from IT (see docs/fleet.md); the agent runs only when `repository` is set. */
    fleet: z
      .object({
        /** `https://…` (a static server), or a directory (USB stick, share); null: no fleet agent. */
        repository: z.string().min(1).nullable(),
        /** The root metadata this terminal trusts first (provisioned at install). */
        trustedRoot: z.string().min(1).nullable(),
        pollSeconds: z.number().int().min(10).max(86_400),
        /** How long a new config must stay healthy before it is committed. */
        healthWindowSeconds: z.number().int().min(0).max(3600),
      })
      .strict()
      .refine((f) => f.repository === null || f.trustedRoot !== null, {
        message: 'a fleet repository needs a trustedRoot',
        path: ['trustedRoot'],
      }),
    /** Hall staff who may enter maintenance mode (see docs/maintenance.md). */
    staff: StaffConfig,
    /** Keeping the kiosk alive unattended (see docs/supervision.md). */
    supervision: z
      .object({
        /** The core pushes `ui.ping` this often; the UI must answer with `ui.pong` within `uiAnswerSeconds`. */
        uiPingSeconds: z.number().int().min(1).max(3600),
        uiAnswerSeconds: z.number().int().min(1).max(600),
        /** No pings are judged this long after the UI (re)loads. */
        uiGraceSeconds: z.number().int().min(0).max(3600),
        /** UI reloads allowed within `reloadWindowMinutes` before the app restarts instead. */
        maxReloads: z.number().int().min(0).max(100),
        reloadWindowMinutes: z.number().int().min(1).max(1440),
        /** Back-off between reloads: base doubles per reload, up to max. */
        reloadBackoffBaseMs: z.number().int().min(0).max(600_000),
        reloadBackoffMaxMs: z.number().int().min(0).max(3_600_000),
        /** Least time between two app restarts (persisted in the data dir across restarts). */
        minRestartGapMinutes: z.number().int().min(0).max(1440),
        /** Restarts within `restartWindowMinutes` before the OS reboot is requested. */
        maxRestarts: z.number().int().min(1).max(100),
        restartWindowMinutes: z.number().int().min(1).max(10_080),
        /** argv of the OS reboot request (no shell), e.g. ["systemctl", "reboot"]; null: never reboot. */
        rebootCommand: z.array(z.string().min(1)).min(1).nullable(),
        /** Daily restart inside a quiet window (local time, "HH:MM"), only between sessions. */
        dailyRestart: z
          .object({
            enabled: z.boolean(),
            start: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
            end: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
          })
          .strict(),
        /** RSS/heap sample interval, recorded in the store. */
        resourceSampleMinutes: z.number().int().min(1).max(1440),
      })
      .strict(),
    logging: z
      .object({
        level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']),
        /** Size at which a log file rotates, in MiB. */
        rotateMiB: z.number().int().min(1).max(1024),
        /** Rotated files kept. */
        keepFiles: z.number().int().min(1).max(10_000),
      })
      .strict(),
  })
  .strict();

export type KioskConfig = z.infer<typeof KioskConfig>;
/** What a site file may contain: any part of the config, merged over the defaults. */
export type KioskConfigInput = z.input<typeof KioskConfig>;
