/**
 * The A4 document of an on-the-spot matter: the matter's template filled from the form, signed
 * for offline verification (the QR carries a signed digest of the canonical content), printed.
 */
import type { KioskConfig } from '../../../config/schema.js';
import type { A4PrinterDriver } from '../../../drivers/printer/a4/a4-printer-driver.js';
import type { DataPort } from '../../data/data-port.js';
import type { DocumentInput, DocumentOutcome } from '../session/journey-types.js';
import { CERTIFICATE_LABELS, certificateDocument } from './certificate-document.js';
import { findMatter } from '../session/machine.js';
import type { CitizenAudit } from './citizen-audit.js';

export type A4PrinterPort = Pick<A4PrinterDriver, 'print'>;

export interface DocumentPrintingOptions {
  config: Pick<KioskConfig, 'catalog' | 'terminal'>;
  printer: () => A4PrinterPort | null;
  signDocument: DataPort['signDocument'];
  audit: CitizenAudit;
  now: () => Date;
}

export async function printDocument(o: DocumentPrintingOptions, input: DocumentInput): Promise<DocumentOutcome> {
  const matter = findMatter(o.config.catalog, input.matterId);
  const a4 = o.printer();
  if (!matter?.document) return { printed: false, error: 'no-template' };
  if (!a4) return { printed: false, error: 'a4-offline' };
  // The template's address placeholder falls back to the card's address when the form has none.
  const values = { ...(input.identity.address ? { address: input.identity.address } : {}), ...input.values };
  const issuedAt = o.now();
  const draft = certificateDocument({
    matter,
    locale: input.locale,
    values,
    applicationNo: input.applicationNo,
    issuedAt,
    hallName: o.config.terminal.hallName,
    terminalId: o.config.terminal.id,
  });
  if (!draft) return { printed: false, error: 'no-template' };
  // The QR carries a signed digest of the canonical content, verifiable offline (`yimen verify-document`).
  const signed = o.signDocument({
    no: input.applicationNo,
    matter: matter.id,
    title: draft.title,
    body: draft.paragraphs?.[0] ?? '',
    issuer: matter.document.issuer,
    issuedAt: issuedAt.toISOString(),
  });
  const doc = signed
    ? { ...draft, qr: { data: signed.qr, caption: CERTIFICATE_LABELS[input.locale].qrCaption }, subject: JSON.stringify(signed) }
    : draft;
  const r = await a4.print(doc);
  o.audit('print', { kind: 'a4', matter: matter.id, ok: r.ok }, input.identity.idNumber);
  return r.ok ? { printed: true, error: null } : { printed: false, error: r.error.code };
}
