/**
 * When a journey needs the face check (人证核验, docs/identity.md). Pure: the session machine asks
 * it when a card is read. Only a card holder is checked — a digital-identity QR was verified with
 * a face check by the issuing app, and staff inspect the person themselves; only applications are
 * (a document or an application in the person's name). By default: required for 立等可取 matters,
 * off for the others; `matters` overrides per matter id.
 */
import type { CatalogMatter } from '../../../config/catalog-schema.js';
import type { Identity, Purpose } from './journey-types.js';

export interface FacePolicy {
  matters: Readonly<Record<string, 'off' | 'required'>>;
  /** Attempts that ran (no match, liveness failed) before only staff are offered. */
  attempts: number;
  /** A face camera is configured: staff may also run the check on an identity they typed (#15.4). */
  camera: boolean;
}

export const DEFAULT_FACE_POLICY: FacePolicy = { matters: {}, attempts: 3, camera: true };

export function faceCheckRequired(
  policy: FacePolicy,
  purpose: Purpose | null,
  matter: Pick<CatalogMatter, 'id' | 'instant'> | undefined,
  identity: Pick<Identity, 'method'>,
): boolean {
  if (identity.method !== 'idcard' || purpose !== 'apply' || matter === undefined) return false;
  const set = policy.matters[matter.id];
  return set !== undefined ? set === 'required' : matter.instant;
}
