/**
 * The back-office contract as zod schemas: one request and one response schema per operation
 * of `docs/backoffice-openapi.yaml`. A test loads the YAML and checks that every operation here
 * exists there with the same method, path, and property/required sets.
 */
import { z } from 'zod';

const Iso = z.string().min(10).max(40);
const TerminalId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/);
const IdNumber = z.string().min(1).max(32);
const Level = z.number().int().min(1).max(5);

export const ErrorBody = z.object({ code: z.string().min(1), message: z.string() });

export const ApplicationState = z.enum(['received', 'in-review', 'approved', 'rejected', 'ready-for-pickup', 'collected']);

export const Applicant = z.object({
  idType: z.enum(['resident', 'hk-macau', 'taiwan', 'foreign-permanent']),
  idNumber: IdNumber,
  name: z.string().min(1).max(100),
  address: z.string().max(200).optional(),
  phone: z.string().max(32).optional(),
});
export type Applicant = z.infer<typeof Applicant>;

/** An attachment's id: chosen by the kiosk, its Idempotency-Key at the back office (`POST /v1/attachments`). */
export const AttachmentId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{7,199}$/);

export const Material = z.object({
  kind: z.string().min(1).max(64),
  description: z.string().max(200),
  pages: z.number().int().min(0).max(10_000).optional(),
  /** The material's PDF, uploaded before the submission and complete at the back office. */
  attachmentId: AttachmentId.optional(),
  /** An e-licence the back office holds for the applicant (queryLicences), chosen instead of paper. */
  licenceRef: z.string().min(1).max(128).optional(),
});

export const SubmitApplicationRequest = z.object({
  terminalId: TerminalId,
  matterCode: z.string().min(1).max(64),
  applicant: Applicant,
  form: z.record(z.string(), z.union([z.string().max(4000), z.number(), z.boolean(), z.null()])),
  materials: z.array(Material).max(100).optional(),
  delivery: z.enum(['locker', 'post', 'window', 'electronic']).optional(),
  submittedAt: Iso,
  /** The receipt's number and the SHA-256 of its QR token (docs/progress-lookup.md): holding the receipt proves this. */
  receipt: z
    .object({
      applicationNo: z.string().min(3).max(40),
      tokenSha256: z.string().regex(/^[0-9a-f]{64}$/),
    })
    .optional(),
});
export type SubmitApplicationRequest = z.infer<typeof SubmitApplicationRequest>;
export const SubmitApplicationResponse = z.object({
  applicationId: z.string().min(1),
  state: ApplicationState,
  receivedAt: Iso,
});

export const ApplicationStatusResponse = z.object({
  applicationId: z.string().min(1),
  matterCode: z.string(),
  state: ApplicationState,
  updatedAt: Iso,
});

/** Where an application stands, for the citizen (办件查询): steps, and where to collect once ready. */
export const ApplicationProgress = z.object({
  /** The number on the receipt (the kiosk's), else the back office's own. */
  applicationNo: z.string().min(1).max(40),
  applicationId: z.string().min(1),
  matterCode: z.string(),
  state: ApplicationState,
  submittedAt: Iso,
  updatedAt: Iso,
  history: z.array(z.object({ state: ApplicationState, at: Iso })).max(100),
  /** Set once the result waits: in a locker (`place` = its compartment), at the counter, by post or online. */
  collection: z
    .object({
      method: z.enum(['locker', 'counter', 'post', 'electronic']),
      lockerId: z.string().nullable(),
      place: z.string().nullable(),
      holdUntil: Iso.nullable(),
    })
    .nullable(),
  /** The applicant's name masked as the receipt prints it; only when the receipt token (or the person) was proven. */
  maskedName: z.string().nullable(),
});
export type ApplicationProgress = z.infer<typeof ApplicationProgress>;
/** By receipt (number and token, from the QR) or by number alone (status only, no name). */
export const ProgressLookupRequest = z.object({
  terminalId: TerminalId,
  applicationNo: z.string().min(3).max(40),
  receiptToken: z
    .string()
    .regex(/^[A-Za-z0-9_-]{22}$/)
    .optional(),
});
export const ProgressLookupResponse = z.object({
  /** True when `receiptToken` matched: the caller holds the receipt. */
  receiptVerified: z.boolean(),
  application: ApplicationProgress,
});
/** A person's own applications (the ID number read from the card). POST so that it appears in no URL. */
export const ApplicationsByPersonRequest = z.object({ terminalId: TerminalId, idNumber: IdNumber });
export const ApplicationsByPersonResponse = z.object({ applications: z.array(ApplicationProgress).max(100) });

export const PickupLookupRequest = z.object({
  terminalId: TerminalId,
  idNumber: IdNumber.optional(),
  pickupCode: z.string().min(4).max(16).optional(),
});
export const Pickup = z.object({
  pickupId: z.string().min(1),
  applicationId: z.string().min(1),
  matterName: z.string(),
  holderName: z.string(),
  lockerId: z.string().nullable(),
  cell: z.string().nullable(),
  readyAt: Iso,
  holdUntil: Iso,
});
export type Pickup = z.infer<typeof Pickup>;
export const PickupLookupResponse = z.object({ pickups: z.array(Pickup) });

export const MarkCollectedRequest = z.object({
  terminalId: TerminalId,
  method: z.enum(['id-card', 'pickup-code', 'digital-identity', 'staff']),
  collectedAt: Iso,
});
export const MarkCollectedResponse = z.object({
  pickupId: z.string(),
  state: z.literal('collected'),
  collectedAt: Iso,
});

export const ResendCodeRequest = z.object({ terminalId: TerminalId });
export const ResendCodeResponse = z.object({ sent: z.boolean(), maskedPhone: z.string(), sentAt: Iso });
/** Lost SMS: re-send the codes of every pickup waiting for a mobile number. */
export const ResendByPhoneRequest = z.object({ terminalId: TerminalId, phone: z.string().regex(/^1[3-9]\d{9}$/) });
export const ResendByPhoneResponse = z.object({
  sent: z.number().int().nonnegative(),
  recentlySent: z.number().int().nonnegative(),
  maskedPhone: z.string(),
  sentAt: Iso,
});

/** Hall staff put the finished document of an application into a compartment (maintenance mode). */
export const PickupLoadedRequest = z.object({
  terminalId: TerminalId,
  applicationId: z.string().min(1).max(64),
  lockerId: z.string().min(1).max(64),
  cell: z.string().min(1).max(16),
  /** `staff:<staffId>`: who loaded it (the staff id, never a name). */
  loadedBy: z.string().min(1).max(64),
  loadedAt: Iso,
});
export const PickupLoadedResponse = z.object({
  pickupId: z.string(),
  applicationId: z.string(),
  matterName: z.string(),
  holdUntil: Iso,
  /** Whether the pickup code went out by SMS (false: no phone on file). */
  smsSent: z.boolean(),
});

export const DepositRequest = z.object({
  terminalId: TerminalId,
  depositor: Applicant,
  applicationId: z.string().max(64).optional(),
  lockerId: z.string().min(1).max(64),
  cell: z.string().min(1).max(16),
  description: z.string().max(500),
  depositedAt: Iso,
});
export const DepositResponse = z.object({ depositId: z.string().min(1), receivedAt: Iso });

export const RatingRequest = z.object({
  terminalId: TerminalId,
  level: Level,
  matterCode: z.string().max(64).optional(),
  dimensions: z.object({ efficiency: Level.optional(), service: Level.optional(), attitude: Level.optional() }).optional(),
  comment: z.string().max(500).optional(),
  ratedAt: Iso,
});
export const RatingResponse = z.object({ ratingId: z.string().min(1), receivedAt: Iso });

export const ReportRequest = z.object({
  terminalId: TerminalId,
  gridId: z.string().min(1).max(64),
  category: z.string().min(1).max(64),
  text: z.string().min(1).max(2000),
  phone: z.string().max(32).optional(),
  reportedAt: Iso,
});
export const ReportResponse = z.object({ reportId: z.string().min(1), receivedAt: Iso });

const PaperState = z.enum(['ok', 'near-end', 'out', 'unknown']);
export const HeartbeatRequest = z.object({
  terminalId: TerminalId,
  at: Iso,
  state: z.enum(['starting', 'in-service', 'out-of-service', 'maintenance']),
  version: z.string().max(64),
  devices: z
    .array(
      z.object({
        id: z.string().max(64),
        kind: z.string().max(32),
        state: z.enum(['ok', 'degraded', 'offline', 'unknown']),
        code: z.string().max(64).nullable(),
      }),
    )
    .max(64),
  paper: z.object({ receipt: PaperState, a4: PaperState }),
  outbox: z.object({
    depth: z.number().int().min(0),
    rejected: z.number().int().min(0),
    lastError: z.string().max(500).nullable(),
  }),
  appliedConfigVersion: z.string().max(128).nullable(),
  memory: z.object({ rssBytes: z.number().int().min(0), heapUsedBytes: z.number().int().min(0) }),
  uptimeSeconds: z.number().min(0),
});
export type HeartbeatRequest = z.infer<typeof HeartbeatRequest>;
export const HeartbeatResponse = z.object({ receivedAt: Iso, desiredConfigVersion: z.string().nullable() });

export const UrgentEventRequest = z.object({
  terminalId: TerminalId,
  kind: z.string().min(1).max(64),
  severity: z.enum(['critical', 'high']),
  message: z.string().max(1000),
  at: Iso,
});
export const UrgentEventResponse = z.object({ eventId: z.string().min(1), receivedAt: Iso });

export const AuditEntryWire = z.object({
  seq: z.number().int().min(1),
  at: z.number().int(),
  type: z.string(),
  actor: z.string(),
  subject: z.string().nullable(),
  detail: z.string(),
  prevHash: z.string().regex(/^[0-9a-f]{64}$/),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
});
export type AuditEntryWire = z.infer<typeof AuditEntryWire>;
export const AuditCheckpointWire = z.object({
  seq: z.number().int().min(1),
  at: z.number().int(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  signature: z.string().min(1),
});
export type AuditCheckpointWire = z.infer<typeof AuditCheckpointWire>;
export const AuditUploadRequest = z.object({
  terminalId: TerminalId,
  publicKey: z.string().min(1).max(1000),
  entries: z.array(AuditEntryWire).max(5000),
  checkpoints: z.array(AuditCheckpointWire).max(5000),
});
export const AuditUploadResponse = z.object({ accepted: z.number().int().min(0), lastSeq: z.number().int().min(0) });
/** The newest checkpoint the back office witnessed for a terminal, and the audit key registered for it. */
export const AuditWitnessResponse = z.object({
  terminalId: TerminalId,
  publicKey: z.string().min(1).nullable(),
  checkpoint: AuditCheckpointWire.nullable(),
});
export type AuditWitnessResponse = z.infer<typeof AuditWitnessResponse>;

export const VerifyIdentityQrRequest = z.object({ terminalId: TerminalId, qrText: z.string().min(1).max(4096) });
export const VerifyIdentityQrResponse = z.object({
  verified: z.literal(true),
  identity: Applicant,
  verifiedAt: Iso,
});

/** The physical document a member of staff inspected for a citizen without a readable ID card. */
export const AssistDocument = z.enum([
  'resident-id',
  'temporary-id',
  'household-register',
  'passport',
  'hkmo-permit',
  'police-certificate',
]);
/**
 * Staff-assisted identity (docs/identity.md): the register must hold this ID number under this
 * name, for a person still active. A verdict only; expected refusals are 422s with
 * `identity-not-in-register`, `identity-name-mismatch` or `identity-inactive`.
 */
export const ConfirmIdentityRequest = z.object({
  terminalId: TerminalId,
  name: z.string().min(1).max(100),
  idNumber: IdNumber,
  document: AssistDocument,
});
export const ConfirmIdentityResponse = z.object({ confirmed: z.literal(true), confirmedAt: Iso });

/** The register's reference photo for the face check (docs/identity.md): held in memory for one comparison. */
export const IdentityPhotoRequest = z.object({ terminalId: TerminalId, name: z.string().min(1).max(100), idNumber: IdNumber });
export const IdentityPhotoResponse = z.object({
  photo: z.string().min(1).max(700_000).describe('JPEG bytes, base64'),
  mediaType: z.literal('image/jpeg'),
});

/**
 * On-the-spot documents (docs/documents.md): the back office looks the person up in its register
 * and answers with the fields the document states, sealed with the issuing authority's key.
 * `params` are the citizen's request details (e.g. a purpose); the register's facts win over them.
 */
export const IssueDocumentRequest = z.object({
  terminalId: TerminalId,
  matterId: z.string().min(1).max(64),
  idNumber: IdNumber,
  name: z.string().min(1).max(100),
  applicationNo: z.string().min(3).max(64),
  locale: z.enum(['zh-CN', 'zh-HK', 'en']),
  params: z.record(z.string().regex(/^\w{1,32}$/), z.string().max(200)).optional(),
});
export const IssueDocumentResponse = z.object({
  documentId: z.string().min(1).max(64),
  matterId: z.string().min(1).max(64),
  applicationNo: z.string().min(1).max(64),
  issuer: z.string().min(1).max(200),
  issuedAt: Iso,
  /** What the document states (placeholders of the matter's template), e.g. name, idNumber, address. */
  fields: z.record(z.string().regex(/^\w{1,32}$/), z.string().max(500)),
  /** `<base64url(JSON claims)>.<base64url(Ed25519 signature)>`, printed in the QR as `<public URL>v/<payload>`. */
  payload: z
    .string()
    .regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{86}$/)
    .max(4000),
  keyId: z.string().regex(/^[0-9a-f]{16}$/),
  keyNotAfter: Iso,
});
export type IssueDocumentResponse = z.infer<typeof IssueDocumentResponse>;
export const DocumentPublicKeyResponse = z.object({
  keyId: z.string().regex(/^[0-9a-f]{16}$/),
  algorithm: z.literal('Ed25519'),
  /** SPKI PEM. */
  publicKey: z.string().min(40).max(1000),
  notAfter: Iso,
});

/** E-licences (电子证照): a person's licences of the given types; same verdicts as confirmIdentity (422s). */
export const LicenceType = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/);
export const QueryLicencesRequest = z.object({
  terminalId: TerminalId,
  name: z.string().min(1).max(100),
  idNumber: IdNumber,
  types: z.array(LicenceType).min(1).max(20),
});
export const Licence = z.object({
  /** Opaque: what the kiosk names when it attaches the licence. */
  reference: z.string().min(1).max(128),
  type: LicenceType,
  /** The licence's name in zh-CN, e.g. 结婚证. */
  title: z.string().min(1).max(100),
  issuer: z.string().min(1).max(200),
  issuedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  holderName: z.string().min(1).max(100),
});
export type Licence = z.infer<typeof Licence>;
export const QueryLicencesResponse = z.object({ licences: z.array(Licence).max(200) });

/** Attachments delivered exactly once (docs/materials.md, "Delivery"): declared, then sent in chunks. */
export const CreateAttachmentRequest = z.object({
  terminalId: TerminalId,
  /** The receipt's number of the application the attachment belongs to. */
  applicationNo: z.string().min(3).max(40),
  /** The catalog material it is (the submission's `materials[].kind`). */
  materialId: z.string().min(1).max(64),
  mediaType: z.literal('application/pdf'),
  size: z.number().int().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export const AttachmentStatus = z.object({
  attachmentId: AttachmentId,
  /** Bytes the back office holds, from 0: the next chunk starts here. Equal to the size once complete. */
  received: z.number().int().min(0),
});
