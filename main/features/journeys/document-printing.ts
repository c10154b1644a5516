/**
 * The A4 document of an on-the-spot matter: the matter's template filled from the form, signed
 * for offline verification (the QR carries a signed digest of the canonical content), printed.
 */
import type { KioskConfig } from '../../../config/schema.js';
import type { A4PrinterDriver } from '../../../drivers/printer/a4/a4-printer-driver.js';
import type { DataPort } from '../../data/data-port.js';
import type { DocumentOutcome, SubmitInput } from '../session/journey-types.js';
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

export async function printDocument(
  o: DocumentPrintingOptions,
  input: SubmitInput & { applicationNo: string },
): Promise<DocumentOutcome> {
  const matter = findMatter(o.config.catalog, input.matterId);
  const a4 = o.printer();
  if (!matter?.document) return { printed: false, error: 'no-template' };
  if (!a4) return { printed: false, error: 'a4-offline' };
  const fill = (s: string): string =>
    s.replace(/\{(\w+)\}/g, (_m, k: string) => input.values[k] ?? (k === 'address' ? (input.identity.address ?? '') : ''));
  const title = matter.document.title['zh-CN'] ?? matter.id;
  const body = fill(matter.document.body['zh-CN'] ?? '');
  const issuedAt = o.now().toISOString();
  // The QR carries a signed digest of the canonical content, verifiable offline (`yimen verify-document`).
  const signed = o.signDocument({
    no: input.applicationNo,
    matter: matter.id,
    title,
    body,
    issuer: matter.document.issuer,
    issuedAt,
  });
  const r = await a4.print({
    title,
    paragraphs: [body, `出具单位：${matter.document.issuer}`, `出具时间：${issuedAt.slice(0, 10)}`],
    table: [{ key: '申请编号', value: input.applicationNo }],
    footer: `此件由${o.config.terminal.hallName}自助终端 ${o.config.terminal.id} 提供，仅供办理政务服务事项时使用，扫描二维码可核验真伪。`,
    ...(signed ? { qr: { data: signed.qr, caption: '扫码核验' }, subject: JSON.stringify(signed) } : {}),
  });
  o.audit('print', { kind: 'a4', matter: matter.id, ok: r.ok }, input.identity.idNumber);
  return r.ok ? { printed: true, error: null } : { printed: false, error: r.error.code };
}
