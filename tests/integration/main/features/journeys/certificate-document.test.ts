import { describe, expect, it } from 'vitest';
import { Catalog } from '../../../../../config/catalog-schema.js';
import { defaults } from '../../../../../config/defaults.js';
import { renderA4Pdf } from '../../../../../drivers/printer/a4/a4-document.js';
import {
  CERTIFICATE_LABELS,
  certificateDocument,
  fillTemplate,
} from '../../../../../main/features/journeys/certificate-document.js';

const catalog = Catalog.parse(defaults.catalog);
const household = catalog.matters.find((m) => m.id === 'household-certificate');
if (!household) throw new Error('the demo catalog lost household-certificate');

const base = {
  matter: household,
  values: { name: '李示范', idNumber: '440604199001011234', address: '示范路18号', householdHead: '李示范', relation: '户主' },
  applicationNo: 'DEMO-000123',
  issuedAt: new Date('2024-06-01T09:30:00Z'),
  hallName: '演示行政服务中心',
  terminalId: 'demo-0001',
  signed: { qr: 'YMDOC1.abc', subject: '{"no":"DEMO-000123"}' },
};

describe('certificateDocument', () => {
  it('composes the zh-CN certificate like the kiosk printed it', () => {
    const doc = certificateDocument({ ...base, locale: 'zh-CN' });
    expect(doc).toEqual({
      locale: 'zh-CN',
      title: '户籍证明',
      paragraphs: [
        '兹证明 李示范（公民身份号码 440604199001011234）户籍登记在本辖区，登记住址：示范路18号，户主：李示范，与户主关系：户主。',
        '出具单位：演示区公安分局户政科',
        '出具时间：2024-06-01',
      ],
      table: [{ key: '申请编号', value: 'DEMO-000123' }],
      footer: '此件由演示行政服务中心自助终端 demo-0001 提供，仅供办理政务服务事项时使用，扫描二维码可核验真伪。',
      qr: { data: 'YMDOC1.abc', caption: '扫码核验' },
      subject: '{"no":"DEMO-000123"}',
    });
  });

  it('uses the locale for title, body and labels (zh-HK traditional, en)', () => {
    const hk = certificateDocument({ ...base, locale: 'zh-HK' });
    expect(hk?.title).toBe('戶籍證明');
    expect(hk?.paragraphs?.[0]).toMatch(/^茲證明 李示范/);
    expect(hk?.table?.[0]?.key).toBe('申請編號');
    expect(hk?.qr?.caption).toBe(CERTIFICATE_LABELS['zh-HK'].qrCaption);
    const en = certificateDocument({ ...base, locale: 'en' });
    expect(en?.title).toBe('Household Registration Certificate');
    expect(en?.paragraphs?.[1]).toBe('Issued by: 演示区公安分局户政科');
    expect(en?.footer).toContain('demo-0001');
    expect(en?.locale).toBe('en');
  });

  it('leaves out the QR when unsigned, fills unknown placeholders with nothing, needs a template', () => {
    const doc = certificateDocument({ ...base, locale: 'zh-CN', signed: undefined, values: {} });
    expect(doc?.qr).toBeUndefined();
    expect(doc?.paragraphs?.[0]).toBe('兹证明 （公民身份号码 ）户籍登记在本辖区，登记住址：，户主：，与户主关系：。');
    expect(fillTemplate('{a}-{b}', { a: '1' })).toBe('1-');
    expect(certificateDocument({ ...base, locale: 'zh-CN', matter: { id: 'x', document: undefined } })).toBeNull();
  });

  it('renders in every locale', async () => {
    for (const locale of ['zh-CN', 'zh-HK', 'en'] as const) {
      const doc = certificateDocument({ ...base, locale });
      if (!doc) throw new Error('no document');
      const r = await renderA4Pdf(doc);
      expect(r.ok && r.value.length).toBeGreaterThan(1000);
    }
  }, 60_000);
});
