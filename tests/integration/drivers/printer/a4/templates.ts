/**
 * The A4 templates the read-back tests and the benchmark render: the certificate of every instant
 * matter of the embedded catalog in each locale, the maintenance test page and the CLI A4 sample.
 */
import { Catalog } from '../../../../../config/catalog-schema.js';
import { defaults } from '../../../../../config/defaults.js';
import type { Locale } from '../../../../../config/vocabulary.js';
import type { A4Document } from '../../../../../drivers/printer/a4/a4-document.js';
import { certificateDocument } from '../../../../../main/features/journeys/certificate-document.js';
import { SAMPLE_A4 } from '../../../../../main/shells/cli/printer.js';

export interface Template {
  name: string;
  locale: Locale;
  doc: A4Document;
}

/** Demo facts in each locale's script (what the register would state). */
const VALUES: Record<Locale, Record<string, string>> = {
  'zh-CN': {
    name: '李示范',
    address: '广东省佛山市禅城区示范路18号',
    householdHead: '李示范',
    relation: '户主',
    purpose: '入学报名',
  },
  'zh-HK': {
    name: '李示範',
    address: '廣東省佛山市禪城區示範路18號',
    householdHead: '李示範',
    relation: '戶主',
    purpose: '入學報名',
  },
  en: {
    name: 'Li Shifan (李示范)',
    address: '18 Shifan Road, Chancheng, Foshan',
    householdHead: 'Li Shifan',
    relation: 'head of household',
    purpose: 'School enrolment',
  },
};
const COMMON = { idNumber: '440604199001011234', months: '12', creditCode: '91440604MA4W123456' };

export function templates(): Template[] {
  const catalog = Catalog.parse(defaults.catalog);
  const terminal = defaults.terminal as { id: string; hallName: Record<string, string> };
  const out: Template[] = [];
  for (const matter of catalog.matters.filter((m) => m.instant)) {
    for (const locale of ['zh-CN', 'zh-HK', 'en'] as const) {
      const doc = certificateDocument({
        matter,
        locale,
        values: { ...COMMON, ...VALUES[locale] },
        applicationNo: 'DEMO-20240601-000123',
        issuedAt: new Date('2024-06-01T09:30:00Z'),
        hallName: terminal.hallName[locale] ?? terminal.hallName['zh-CN'] ?? '',
        terminalId: terminal.id,
        // The verification URL with a payload of a household certificate's size (docs/documents.md).
        signed: { qr: `https://bo.example.gov.cn/v/${'eyJ2IjoxfQ'.repeat(52)}.${'c'.repeat(86)}` },
      });
      if (doc) out.push({ name: `certificate ${matter.id}`, locale, doc });
    }
  }
  // The maintenance test page (main/features/maintenance/actions.ts) and the CLI sample.
  out.push({
    name: 'maintenance test page',
    locale: 'zh-CN',
    doc: { title: '测试打印 Test print', paragraphs: [terminal.id, '2024-06-01T09:30:00.000Z'] },
  });
  out.push({ name: 'cli a4 sample', locale: 'zh-CN', doc: SAMPLE_A4 });
  return out;
}

/** Every string a template draws, concatenated (the text layer the OCR must find). */
export function drawnText(doc: A4Document): string {
  return [
    doc.title,
    ...(doc.paragraphs ?? []),
    ...(doc.table ?? []).flatMap((r) => [r.key, r.value]),
    doc.footer ?? '',
    doc.qr?.caption ?? '',
  ].join('\n');
}
