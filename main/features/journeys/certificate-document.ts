/**
 * The on-the-spot certificate (立等可取) of an instant catalog matter, as an A4 document in the
 * citizen's locale: the matter's title and statement (`{field}` placeholders filled), issuer,
 * date, application number, a footer naming the hall and terminal, and the signed QR.
 *
 * Pure: the caller decides what fills the placeholders (the facts the authority states), signs,
 * and prints (`A4PrinterDriver.print`). zh-HK labels are formal written traditional Chinese.
 */
import type { CatalogMatter } from '../../../config/catalog-schema.js';
import type { Locale } from '../../../config/vocabulary.js';
import type { A4Document } from '../../../drivers/printer/a4/a4-document.js';

export interface CertificateInput {
  /** An instant matter with a document template (`matter.document`). */
  matter: Pick<CatalogMatter, 'id' | 'document'>;
  locale: Locale;
  /** Values for the template's `{field}` placeholders; a missing one prints as empty. */
  values: Readonly<Record<string, string>>;
  applicationNo: string;
  issuedAt: Date;
  hallName: string;
  terminalId: string;
  /** The QR's text (the verification URL carrying the sealed payload), and the PDF's subject metadata. */
  signed?: { qr: string; subject?: string };
}

interface Labels {
  issuer: string;
  issuedAt: string;
  applicationNo: string;
  footer: (hall: string, terminal: string) => string;
  qrCaption: string;
}

export const CERTIFICATE_LABELS: Record<Locale, Labels> = {
  'zh-CN': {
    issuer: '出具单位：',
    issuedAt: '出具时间：',
    applicationNo: '申请编号',
    footer: (hall, terminal) => `此件由${hall}自助终端 ${terminal} 提供，仅供办理政务服务事项时使用，扫描二维码可核验真伪。`,
    qrCaption: '扫码核验',
  },
  'zh-HK': {
    issuer: '出具單位：',
    issuedAt: '出具日期：',
    applicationNo: '申請編號',
    footer: (hall, terminal) => `本文件由${hall}自助終端機 ${terminal} 發出，僅供辦理政務服務事項之用，掃描二維碼可核實真偽。`,
    qrCaption: '掃描核實',
  },
  en: {
    issuer: 'Issued by: ',
    issuedAt: 'Date of issue: ',
    applicationNo: 'Application number',
    footer: (hall, terminal) =>
      `Issued by self-service terminal ${terminal} of ${hall}, for government service matters only. Scan the QR code to verify it.`,
    qrCaption: 'Scan to verify',
  },
};

/** `{field}` placeholders replaced by `values` (unknown ones become empty). */
export function fillTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (_m, k: string) => values[k] ?? '');
}

/** The certificate as an A4 document; null when the matter has no document template. */
export function certificateDocument(input: CertificateInput): A4Document | null {
  const doc = input.matter.document;
  if (!doc) return null;
  const l = CERTIFICATE_LABELS[input.locale];
  const title = doc.title[input.locale] ?? doc.title['zh-CN'] ?? input.matter.id;
  const body = fillTemplate(doc.body[input.locale] ?? doc.body['zh-CN'] ?? '', input.values);
  return {
    locale: input.locale,
    title,
    paragraphs: [body, `${l.issuer}${doc.issuer}`, `${l.issuedAt}${input.issuedAt.toISOString().slice(0, 10)}`],
    table: [{ key: l.applicationNo, value: input.applicationNo }],
    footer: l.footer(input.hallName, input.terminalId),
    ...(input.signed
      ? {
          qr: { data: input.signed.qr, caption: l.qrCaption },
          ...(input.signed.subject !== undefined ? { subject: input.signed.subject } : {}),
        }
      : {}),
  };
}
