import fc from 'fast-check';
import { decodePDFRawStream, PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { documentCodePoints, printable, renderA4Pdf } from '../../../../../drivers/printer/a4/a4-document.js';
import {
  cjkFaceCandidates,
  faceDirectories,
  faceRank,
  familyAt,
  readFaces,
  type ByteReader,
} from '../../../../../drivers/printer/a4/cjk-font.js';
import { collectionSize, sharedSubsetter } from '../../../../../drivers/printer/a4/hb-subset.js';

const NOTO_SANS = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
const reader =
  (b: Uint8Array): ByteReader =>
  (o, n) =>
    o < 0 || n <= 0 ? new Uint8Array(0) : b.subarray(o, o + n);

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

describe('CJK font faces', () => {
  it('reads the face names of the Noto collection (the order the issue assumed is checked, not trusted)', () => {
    const faces = readFaces(NOTO_SANS).map((f) => f.family);
    expect(faces).toEqual(
      expect.arrayContaining(['Noto Sans CJK SC', 'Noto Sans CJK TC', 'Noto Sans CJK HK', 'Noto Sans CJK JP']),
    );
  });

  it('chooses SC for zh-CN and en, HK then TC for zh-HK, proportional before Mono', () => {
    for (const locale of ['zh-CN', 'en'] as const) {
      const c = cjkFaceCandidates(locale);
      expect(c.ok && c.value[0]?.family).toBe('Noto Sans CJK SC');
    }
    const hk = cjkFaceCandidates('zh-HK');
    expect(hk.ok && hk.value.slice(0, 2).map((f) => f.family)).toEqual(['Noto Sans CJK HK', 'Noto Sans CJK TC']);
    expect(faceRank('Noto Sans Mono CJK SC', 'zh-CN')).toBeGreaterThan(faceRank('Noto Sans CJK KR', 'zh-CN'));
  });

  it('fails with no-cjk-font when no candidate exists', () => {
    const f = cjkFaceCandidates('zh-CN', ['/nonexistent/a.ttc', '/nonexistent/b.otf']);
    expect(!f.ok && f.error.code).toBe('no-cjk-font');
  });

  it('property: the face table parsers never throw on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.integer({ min: 0, max: 400 }), (bytes, dir) => {
        const ttc = Uint8Array.from([0x74, 0x74, 0x63, 0x66, ...bytes]);
        for (const b of [bytes, ttc]) {
          for (const d of faceDirectories(reader(b))) familyAt(reader(b), d);
          familyAt(reader(b), dir);
          collectionSize(b);
        }
      }),
    );
  });
});

describe('HarfBuzz subsetting', () => {
  it('subsets a face of the collection to a small OpenType font covering the text', async () => {
    const hb = await sharedSubsetter();
    expect(hb.faceCount(NOTO_SANS)).toBeGreaterThanOrEqual(5);
    const sub = hb.subset(
      NOTO_SANS,
      2,
      [...'户籍证明'].map((c) => c.codePointAt(0) ?? 0),
    );
    expect(sub).not.toBeNull();
    expect(Buffer.from(sub?.subarray(0, 4) ?? []).toString('latin1')).toBe('OTTO');
    expect(sub?.length).toBeLessThan(20_000);
    expect(hb.subset(NOTO_SANS, 99, [0x4e00])).toBeNull();
  });

  it('printable() turns controls into spaces and drops format characters and variation selectors', () => {
    expect(printable('a\u0007b\u200dc\ufe0fd\r\ne')).toBe('a bcd\ne');
    expect([...documentCodePoints({ title: '户\n户', footer: 'A' })].sort((a, b) => a - b)).toEqual([0x41, 0x6237]);
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
    // The HarfBuzz subset, embedded whole as an OpenType font program (FontFile3 /OpenType).
    const font = all.find((s) => s.subtype === '/OpenType');
    expect(font).toBeDefined();
    expect(Buffer.from(font?.data.subarray(0, 4) ?? []).toString('latin1')).toBe('OTTO');
    expect(all.some((s) => s.subtype === '/CIDFontType0C')).toBe(false);
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

  it('returns missing-glyph naming the characters no installed font has, and renders rare ones the fonts have', async () => {
    const rare = await renderA4Pdf({ title: '吉田 𠮷 与 䶮' });
    expect(rare.ok).toBe(true);
    const r = await renderA4Pdf({ title: '姓名 \u{2A700}\u{30000}' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('missing-glyph');
    expect(r.error.code === 'missing-glyph' && r.error.characters).toEqual(['\u{2A700}', '\u{30000}']);
    expect(r.error.message).toContain('U+2A700');
  });
});
