/**
 * Every back-office operation the kiosk uses: method, path, schemas. The client is generated
 * from this table; the contract test checks this table against the OpenAPI document.
 */
import type { z } from 'zod';
import * as S from './schemas.js';

export interface OperationSpec<Req extends z.ZodObject | null = z.ZodObject | null, Res extends z.ZodObject = z.ZodObject> {
  operationId: string;
  method: 'get' | 'post' | 'put';
  /** OpenAPI path template, e.g. `/v1/applications/{applicationId}`. */
  path: string;
  request: Req;
  response: Res;
  /** Sends an `Idempotency-Key` header; the back office returns the first answer on a repeat. */
  idempotent: boolean;
  /** HTTP status of success. */
  status: 200 | 201;
  /**
   * The body is raw bytes (`application/octet-stream`, `CallInput.bytes`) with a `Content-Range`
   * (`CallInput.contentRange`) instead of JSON; `request` is then null.
   */
  binary?: true;
}

function op<Req extends z.ZodObject | null, Res extends z.ZodObject>(o: OperationSpec<Req, Res>): OperationSpec<Req, Res> {
  return o;
}

export const OPERATIONS = {
  submitApplication: op({
    operationId: 'submitApplication',
    method: 'post',
    path: '/v1/applications',
    request: S.SubmitApplicationRequest,
    response: S.SubmitApplicationResponse,
    idempotent: true,
    status: 201,
  }),
  getApplicationStatus: op({
    operationId: 'getApplicationStatus',
    method: 'get',
    path: '/v1/applications/{applicationId}',
    request: null,
    response: S.ApplicationStatusResponse,
    idempotent: false,
    status: 200,
  }),
  lookupApplicationProgress: op({
    operationId: 'lookupApplicationProgress',
    method: 'post',
    path: '/v1/applications/progress',
    request: S.ProgressLookupRequest,
    response: S.ProgressLookupResponse,
    idempotent: false,
    status: 200,
  }),
  listApplicationsByPerson: op({
    operationId: 'listApplicationsByPerson',
    method: 'post',
    path: '/v1/applications/by-person',
    request: S.ApplicationsByPersonRequest,
    response: S.ApplicationsByPersonResponse,
    idempotent: false,
    status: 200,
  }),
  lookupPickups: op({
    operationId: 'lookupPickups',
    method: 'post',
    path: '/v1/pickups/lookup',
    request: S.PickupLookupRequest,
    response: S.PickupLookupResponse,
    idempotent: false,
    status: 200,
  }),
  markCollected: op({
    operationId: 'markCollected',
    method: 'post',
    path: '/v1/pickups/{pickupId}/collected',
    request: S.MarkCollectedRequest,
    response: S.MarkCollectedResponse,
    idempotent: true,
    status: 200,
  }),
  resendPickupCode: op({
    operationId: 'resendPickupCode',
    method: 'post',
    path: '/v1/pickups/{pickupId}/resend-code',
    request: S.ResendCodeRequest,
    response: S.ResendCodeResponse,
    idempotent: false,
    status: 200,
  }),
  resendPickupCodesByPhone: op({
    operationId: 'resendPickupCodesByPhone',
    method: 'post',
    path: '/v1/pickups/resend-code',
    request: S.ResendByPhoneRequest,
    response: S.ResendByPhoneResponse,
    idempotent: false,
    status: 200,
  }),
  pickupLoaded: op({
    operationId: 'pickupLoaded',
    method: 'post',
    path: '/v1/pickups/loaded',
    request: S.PickupLoadedRequest,
    response: S.PickupLoadedResponse,
    idempotent: true,
    status: 201,
  }),
  createDeposit: op({
    operationId: 'createDeposit',
    method: 'post',
    path: '/v1/deposits',
    request: S.DepositRequest,
    response: S.DepositResponse,
    idempotent: true,
    status: 201,
  }),
  submitRating: op({
    operationId: 'submitRating',
    method: 'post',
    path: '/v1/ratings',
    request: S.RatingRequest,
    response: S.RatingResponse,
    idempotent: true,
    status: 201,
  }),
  submitReport: op({
    operationId: 'submitReport',
    method: 'post',
    path: '/v1/reports',
    request: S.ReportRequest,
    response: S.ReportResponse,
    idempotent: true,
    status: 201,
  }),
  sendHeartbeat: op({
    operationId: 'sendHeartbeat',
    method: 'post',
    path: '/v1/terminals/{terminalId}/heartbeat',
    request: S.HeartbeatRequest,
    response: S.HeartbeatResponse,
    idempotent: false,
    status: 200,
  }),
  reportUrgentEvent: op({
    operationId: 'reportUrgentEvent',
    method: 'post',
    path: '/v1/events/urgent',
    request: S.UrgentEventRequest,
    response: S.UrgentEventResponse,
    idempotent: true,
    status: 201,
  }),
  uploadAudit: op({
    operationId: 'uploadAudit',
    method: 'post',
    path: '/v1/audit/batches',
    request: S.AuditUploadRequest,
    response: S.AuditUploadResponse,
    idempotent: true,
    status: 200,
  }),
  getAuditWitness: op({
    operationId: 'getAuditWitness',
    method: 'get',
    path: '/v1/terminals/{terminalId}/audit/witness',
    request: null,
    response: S.AuditWitnessResponse,
    idempotent: false,
    status: 200,
  }),
  verifyIdentityQr: op({
    operationId: 'verifyIdentityQr',
    method: 'post',
    path: '/v1/identity/verify-qr',
    request: S.VerifyIdentityQrRequest,
    response: S.VerifyIdentityQrResponse,
    idempotent: false,
    status: 200,
  }),
  confirmIdentity: op({
    operationId: 'confirmIdentity',
    method: 'post',
    path: '/v1/identity/confirm',
    request: S.ConfirmIdentityRequest,
    response: S.ConfirmIdentityResponse,
    idempotent: false,
    status: 200,
  }),
  getIdentityPhoto: op({
    operationId: 'getIdentityPhoto',
    method: 'post',
    path: '/v1/identity/photo',
    request: S.IdentityPhotoRequest,
    response: S.IdentityPhotoResponse,
    idempotent: false,
    status: 200,
  }),
  issueDocument: op({
    operationId: 'issueDocument',
    method: 'post',
    path: '/v1/documents',
    request: S.IssueDocumentRequest,
    response: S.IssueDocumentResponse,
    idempotent: false,
    status: 201,
  }),
  queryLicences: op({
    operationId: 'queryLicences',
    method: 'post',
    path: '/v1/licences/query',
    request: S.QueryLicencesRequest,
    response: S.QueryLicencesResponse,
    idempotent: false,
    status: 200,
  }),
  createAttachment: op({
    operationId: 'createAttachment',
    method: 'post',
    path: '/v1/attachments',
    request: S.CreateAttachmentRequest,
    response: S.AttachmentStatus,
    idempotent: true,
    status: 201,
  }),
  getAttachment: op({
    operationId: 'getAttachment',
    method: 'get',
    path: '/v1/attachments/{attachmentId}',
    request: null,
    response: S.AttachmentStatus,
    idempotent: false,
    status: 200,
  }),
  putAttachmentChunk: op({
    operationId: 'putAttachmentChunk',
    method: 'put',
    path: '/v1/attachments/{attachmentId}',
    request: null,
    response: S.AttachmentStatus,
    idempotent: false,
    status: 200,
    binary: true,
  }),
  getDocumentPublicKey: op({
    operationId: 'getDocumentPublicKey',
    method: 'get',
    path: '/v1/documents/public-key',
    request: null,
    response: S.DocumentPublicKeyResponse,
    idempotent: false,
    status: 200,
  }),
} as const;

export type OperationName = keyof typeof OPERATIONS;
