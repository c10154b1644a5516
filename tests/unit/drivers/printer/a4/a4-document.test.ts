import fc from 'fast-check';
import { decodePDFRawStream, PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { renderA4Pdf } from '../../../../../drivers/printer/a4/a4-document.js';
import { extractTtcFace, familyName, loadCjkFont, ttcFaceCount } from '../../../../../drivers/printer/a4/cjk-font.js';

function streams(doc: PDFDocument): { subtype: string; data: Uint8Array; dict: string }[] {
  const out: { subtype: string; data: Uint8Array; dict: string }[] = [];
  for (const [, obj] of doc.context.enumerateIndirectObjects()) {
    if (obj instanceof PDFRawStream) {
      out.push({
        subtype: String(obj.dict.get(PDFName.of('Subtype'))),
        data: decodePDFRawStream(obj).decode(),
        dict: obj.dict.toString(),
      });
    }
  }
  return out;
}

describe('CJK font discovery', () => {
  it('finds the system CJK font and cuts the SC face out of the collection', () => {
    const f = loadCjkFont();
    expect(f.ok).toBe(true);
    if (!f.ok) return;
    expect(f.value.path).toMatch(/\.(ttc|ttf|otf)$/);
    if (f.value.face !== null) {
      expect(familyName(f.value.bytes)).toMatch(/ SC$/);
      expect(ttcFaceCount(f.value.bytes)).toBeNull(); // a standalone sfnt now
    }
  });

  it('fails with no-cjk-font when no candidate exists', () => {
    const f = loadCjkFont(['/nonexistent/a.ttc', '/nonexistent/b.otf']);
    expect(!f.ok && f.error.code).toBe('no-cjk-font');
  });

  it('property: collection parsing never throws on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.integer({ min: -1, max: 4 }), (bytes, i) => {
        const withHeader = Uint8Array.from([0x74, 0x74, 0x63, 0x66, ...bytes]);
        extractTtcFace(withHeader, i);
        extractTtcFace(bytes, i);
        familyName(bytes);
      }),
    );
  });
});

describe('renderA4Pdf', () => {
  it('renders a Chinese document that parses back with the CJK font embedded', async () => {
    const r = await renderA4Pdf({
      title: '佛山市禅城区行政服务中心 受理回执',
      paragraphs: ['您的申请已受理。请凭本回执或短信中的取件码，到24小时自助取件柜领取办理结果。', 'Application received.'],
      table: [
        { key: '事项', value: '居住证签注' },
        { key: '受理编号', value: 'CC-2024-000123' },
        { key: '申请人', value: '张**' },
      ],
      footer: '本回执由自助终端打印，认标准不认关系。',
      qr: { data: 'https://example.gov.cn/track/CC-2024-000123', caption: '扫码查询进度' },
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(Buffer.from(r.value.subarray(0, 5)).toString()).toBe('%PDF-');
    expect(r.value.length).toBeLessThan(500_000); // a subset, not the 16 MB face
    const doc = await PDFDocument.load(r.value);
    expect(doc.getPageCount()).toBe(1);
    expect(doc.getTitle()).toBe('佛山市禅城区行政服务中心 受理回执');
    const all = streams(doc);
    const cff = all.find((s) => s.subtype === '/CIDFontType0C' || s.subtype === '/OpenType');
    expect(cff).toBeDefined();
    // A valid CFF header: major 1, offSize 1..4 (the fontkit bug writes 27 here).
    if (cff?.subtype === '/CIDFontType0C') {
      expect(cff.data[0]).toBe(1);
      expect(cff.data[3]).toBeGreaterThanOrEqual(1);
      expect(cff.data[3]).toBeLessThanOrEqual(4);
    }
    // The ToUnicode map names the characters that were drawn.
    const toUnicode = all
      .map((s) => Buffer.from(s.data).toString('latin1'))
      .find((t) => t.includes('beginbfchar') || t.includes('beginbfrange'));
    expect(toUnicode).toBeDefined();
    for (const ch of '受理回执居住证') {
      const hex = (ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
      expect(toUnicode?.toUpperCase()).toContain(hex);
    }
    // The QR image is there.
    expect(all.some((s) => s.subtype === '/Image')).toBe(true);
  });

  it('continues on a second page when the text is long', async () => {
    const r = await renderA4Pdf({
      title: '长文档',
      paragraphs: Array.from({ length: 80 }, (_, i) => `第${i + 1}段：一门式政务服务。`),
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect((await PDFDocument.load(r.value)).getPageCount()).toBeGreaterThan(1);
  });

  it('returns no-cjk-font when no font can be found', async () => {
    const r = await renderA4Pdf({ title: '测试' }, { fontPaths: ['/nonexistent/font.ttc'] });
    expect(!r.ok && r.error.code).toBe('no-cjk-font');
  });
});
