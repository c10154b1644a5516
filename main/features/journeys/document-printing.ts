/**
 * The A4 document of an on-the-spot matter. The back office is the authority for what it says:
 * `issueDocument` looks the person up in its population register (name and ID number must match)
 * and answers with the fields the document states, sealed with the issuing authority's key. The
 * kiosk checks that answer, then renders the matter's template (layout and labels per locale) with
 * exactly those fields and a QR pointing at the back office's verification page. Nothing the
 * card or a member of staff typed fills a fact; when the back office cannot issue, nothing prints.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { textFor } from '../../../config/catalog-schema.js';
import type { KioskConfig } from '../../../config/schema.js';
import type { A4PrinterDriver } from '../../../drivers/printer/a4/a4-printer-driver.js';
import { err, ok, type Result } from '../../../common/result.js';
import type { DataPort } from '../../data/data-port.js';
import { decodePayload, documentUrl, keyIdOf, verifyPayload } from '../../data/documents/authority-document.js';
import type { DocumentInput, DocumentOutcome, IssueInput, IssuedDocument } from '../session/journey-types.js';
import { certificateDocument } from './certificate-document.js';
import { findMatter } from '../session/machine.js';
import type { CitizenAudit, UrgentAlert } from './citizen-audit.js';

export type A4PrinterPort = Pick<A4PrinterDriver, 'print'>;

/** Why a document was not issued: the first three are about the person (refusals), the rest are faults staff hear of. */
export type IssueErrorCode =
  'not-in-register' | 'name-mismatch' | 'person-inactive' | 'unavailable' | 'malformed' | 'expired-key';

/** The register's answers about the person: refusals the citizen is told of, not device or service faults. */
const REFUSALS: ReadonlySet<IssueErrorCode> = new Set(['not-in-register', 'name-mismatch', 'person-inactive']);

/** Form fields that identify the person: sent as the request's name/ID, never as a request detail. */
const IDENTITY_FIELDS = new Set(['name', 'idNumber', 'address', 'phone']);

export interface DocumentIssuingOptions {
  config: Pick<KioskConfig, 'catalog' | 'terminal'>;
  client: DataPort['client'];
  /** The issuing authority's public key (`backoffice.documentPublicKey`), when the terminal has one. */
  authorityKey: KeyObject | null;
  audit: CitizenAudit;
  urgent: UrgentAlert;
  now: () => Date;
}

/** The authority's key from the config's PEM text; null when none is configured. */
export function authorityKeyOf(pem: string | undefined): KeyObject | null {
  if (pem === undefined) return null;
  const key = createPublicKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('backoffice.documentPublicKey is not an Ed25519 key');
  return key;
}

/**
 * Asks the back office to issue the document for `input` under `applicationNo`. An answer that
 * breaks the contract, whose fields differ from its sealed payload, that names another person or
 * application, or that does not verify with the configured authority key is `malformed`.
 */
export async function requestDocument(
  o: DocumentIssuingOptions,
  input: IssueInput,
  applicationNo: string,
): Promise<Result<IssuedDocument, IssueErrorCode>> {
  const matter = findMatter(o.config.catalog, input.matterId);
  const params: Record<string, string> = {};
  for (const f of matter?.form ?? []) {
    const v = input.values[f.id];
    if (v !== undefined && v !== '' && !IDENTITY_FIELDS.has(f.id) && /^\w{1,32}$/.test(f.id)) params[f.id] = v.slice(0, 200);
  }
  const r = await o.client.call('issueDocument', {
    body: {
      terminalId: o.config.terminal.id,
      matterId: input.matterId,
      idNumber: input.identity.idNumber,
      name: input.identity.name,
      applicationNo,
      locale: input.locale,
      ...(Object.keys(params).length > 0 ? { params } : {}),
    },
  });
  if (!r.ok) {
    if (r.error.remoteCode === 'not-in-register') return err('not-in-register', r.error.message);
    if (r.error.remoteCode === 'name-mismatch') return err('name-mismatch', r.error.message);
    // The register holds the person as deceased or the registration as cancelled.
    if (r.error.remoteCode === 'person-inactive') return err('person-inactive', r.error.message);
    if (r.error.code === 'bo-bad-response') return err('malformed', r.error.message);
    return err('unavailable', r.error.message);
  }
  const a = r.value;
  const d = decodePayload(a.payload);
  if (!d.ok) return err('malformed', d.error.message);
  const c = d.value.claims;
  const same =
    c.id === a.documentId &&
    c.no === applicationNo &&
    a.applicationNo === applicationNo &&
    c.m === input.matterId &&
    c.iss === a.issuer &&
    c.at === a.issuedAt &&
    c.kid === a.keyId &&
    JSON.stringify(Object.entries(c.f).sort()) === JSON.stringify(Object.entries(a.fields).sort()) &&
    c.f.idNumber?.toUpperCase() === input.identity.idNumber.toUpperCase();
  if (!same) return err('malformed', 'the issued fields differ from the sealed payload or name another person');
  const notAfter = Date.parse(a.keyNotAfter);
  if (Number.isNaN(notAfter) || Number.isNaN(Date.parse(a.issuedAt)))
    return err('malformed', 'a date in the answer is not a date');
  if (notAfter <= o.now().getTime()) return err('expired-key', `the seal key expired on ${a.keyNotAfter}`);
  if (o.authorityKey) {
    const v = verifyPayload(a.payload, o.authorityKey);
    if (!v.ok) return err('malformed', `${v.error.code}: ${v.error.message} (terminal key ${keyIdOf(o.authorityKey)})`);
  }
  return ok({
    documentId: a.documentId,
    applicationNo,
    issuer: a.issuer,
    issuedAt: a.issuedAt,
    fields: a.fields,
    payload: a.payload,
  });
}

/** `requestDocument`, audited; a fault also alerts staff. */
export async function issueDocument(
  o: DocumentIssuingOptions,
  input: IssueInput,
  applicationNo: string,
): Promise<Result<IssuedDocument, IssueErrorCode>> {
  const r = await requestDocument(o, input, applicationNo);
  if (r.ok) {
    o.audit('document.issued', { matter: input.matterId, documentId: r.value.documentId }, input.identity.idNumber);
    return r;
  }
  const fault = !REFUSALS.has(r.error.code);
  o.audit(
    'document.refused',
    { matter: input.matterId, code: r.error.code, staffAssisted: input.identity.method === 'staff' },
    input.identity.idNumber,
  );
  if (fault) o.urgent(`document-${r.error.code}`, `on-the-spot document of ${input.matterId} not issued: ${r.error.message}`);
  return r;
}

export interface DocumentPrintingOptions {
  config: Pick<KioskConfig, 'catalog' | 'terminal' | 'backoffice'>;
  printer: () => A4PrinterPort | null;
  audit: CitizenAudit;
}

/** Prints what the back office issued: the template's layout and labels, the issued fields, the verification QR. */
export async function printDocument(o: DocumentPrintingOptions, input: DocumentInput): Promise<DocumentOutcome> {
  const matter = findMatter(o.config.catalog, input.matterId);
  const a4 = o.printer();
  if (!matter?.document) return { printed: false, error: 'no-template' };
  if (!a4) return { printed: false, error: 'a4-offline' };
  const issued = input.issued;
  const url = documentUrl(o.config.backoffice.publicUrl ?? o.config.backoffice.url, issued.payload);
  const draft = certificateDocument({
    matter: { id: matter.id, document: { ...matter.document, issuer: issued.issuer } },
    locale: input.locale,
    values: issued.fields,
    applicationNo: issued.applicationNo,
    issuedAt: new Date(issued.issuedAt),
    hallName: textFor(o.config.terminal.hallName, input.locale),
    terminalId: o.config.terminal.id,
    signed: { qr: url, subject: JSON.stringify({ payload: issued.payload, url }) },
  });
  if (!draft) return { printed: false, error: 'no-template' };
  const r = await a4.print(draft);
  o.audit('print', { kind: 'a4', matter: matter.id, documentId: issued.documentId, ok: r.ok }, input.identity.idNumber);
  return r.ok ? { printed: true, error: null } : { printed: false, error: r.error.code };
}
