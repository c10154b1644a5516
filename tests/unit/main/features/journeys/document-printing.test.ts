import { describe, expect, it } from 'vitest';
import { err, ok, type Result } from '../../../../../common/result.js';
import type { A4Document } from '../../../../../drivers/printer/a4/a4-document.js';
import type { A4PrintErrorCode, A4PrintReport } from '../../../../../drivers/printer/a4/a4-printer-driver.js';
import { printDocument, type A4PrinterPort } from '../../../../../main/features/journeys/document-printing.js';
import type { Locale } from '../../../../../main/base/api/contract.js';
import { NOW, testConfig, ZHANG } from './fakes.js';

const config = testConfig();

class FakeA4 implements A4PrinterPort {
  readonly docs: A4Document[] = [];
  refuse: A4PrintErrorCode | null = null;

  print(doc: A4Document): Promise<Result<A4PrintReport, A4PrintErrorCode>> {
    this.docs.push(doc);
    if (this.refuse) return Promise.resolve(err(this.refuse, 'refused'));
    return Promise.resolve(ok({ jobId: 'job-1', bytes: 1, state: 'completed' }));
  }
}

function run(a4: FakeA4 | null, matterId = 'household-certificate', signed = true, locale: Locale = 'zh-CN') {
  const audited: string[] = [];
  return {
    audited,
    out: printDocument(
      {
        config,
        printer: () => a4,
        signDocument: (c) => (signed ? { canonical: JSON.stringify(c), qr: 'QR-DATA' } : null),
        audit: (type, detail) => void audited.push(`${type}:${String(detail.ok)}`),
        now: () => NOW,
      },
      {
        matterId,
        values: { purpose: 'school' },
        identity: ZHANG,
        delivery: 'on-the-spot',
        sessionId: 's',
        applicationNo: 'NO-1',
        locale,
      },
    ),
  };
}

describe('document printing', () => {
  it('prints the filled template with a signed QR and audits it', async () => {
    const a4 = new FakeA4();
    const { out, audited } = run(a4);
    expect(await out).toEqual({ printed: true, error: null });
    const doc = a4.docs[0];
    expect(doc?.paragraphs?.[0]).toContain(ZHANG.address);
    expect(doc?.table).toEqual([{ key: '申请编号', value: 'NO-1' }]);
    expect(doc?.qr).toEqual({ data: 'QR-DATA', caption: '扫码核验' });
    expect(audited).toEqual(['print:true']);
  });

  it("prints in the citizen's language: formal traditional labels for zh-HK", async () => {
    const a4 = new FakeA4();
    expect(await run(a4, 'household-certificate', true, 'zh-HK').out).toEqual({ printed: true, error: null });
    const doc = a4.docs[0];
    expect(doc?.locale).toBe('zh-HK');
    expect(doc?.table).toEqual([{ key: '申請編號', value: 'NO-1' }]);
    expect(doc?.qr?.caption).toBe('掃描核實');
  });

  it('prints without a QR when there is no key to sign with', async () => {
    const a4 = new FakeA4();
    expect(await run(a4, 'household-certificate', false).out).toEqual({ printed: true, error: null });
    expect(a4.docs[0]?.qr).toBeUndefined();
  });

  it('answers no-template, a4-offline and the printer refusal as values', async () => {
    expect(await run(new FakeA4(), 'household-move-in').out).toEqual({ printed: false, error: 'no-template' });
    expect(await run(null).out).toEqual({ printed: false, error: 'a4-offline' });
    const a4 = new FakeA4();
    a4.refuse = 'paper-out';
    const { out, audited } = run(a4);
    expect(await out).toEqual({ printed: false, error: 'paper-out' });
    expect(audited).toEqual(['print:false']);
  });
});
