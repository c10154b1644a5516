import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { signDocument, verifyDocument, type DocumentContent } from '../../../../../main/data/documents/signed-document.js';
import { runCli } from '../../../../../main/shells/cli/main.js';

const content: DocumentContent = {
  no: 'DEMO01-261129-0A1B2C3D',
  matter: 'household-certificate',
  title: '户籍证明',
  body: '兹证明 某某 户籍登记在本辖区。',
  issuer: '演示区公安分局户政科',
  issuedAt: '2026-11-29T03:00:00.000Z',
};
const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const other = generateKeyPairSync('ed25519');

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) }, out, err };
}

describe('signed documents', () => {
  const signed = signDocument(content, privateKey);

  it('verify with the terminal key, with and without the content', () => {
    expect(verifyDocument(signed.qr, publicKey)).toMatchObject({
      ok: true,
      value: { applicationNo: content.no, contentChecked: false },
    });
    expect(verifyDocument(signed.qr, publicKey, signed.canonical)).toMatchObject({
      ok: true,
      value: { contentChecked: true, content: { title: '户籍证明' } },
    });
  });

  it('detect another key, altered content, a changed number and garbage', () => {
    expect(verifyDocument(signed.qr, other.publicKey)).toMatchObject({ ok: false, error: { code: 'bad-signature' } });
    const altered = signed.canonical.replace('某某', '他人');
    expect(verifyDocument(signed.qr, publicKey, altered)).toMatchObject({ ok: false, error: { code: 'content-altered' } });
    const parts = signed.qr.split('.');
    const otherNo = [parts[0], 'DEMO01-261129-FFFFFFFF', parts[2], parts[3]].join('.');
    expect(verifyDocument(otherNo, publicKey, signed.canonical)).toMatchObject({ ok: false, error: { code: 'content-altered' } });
    for (const bad of ['', 'hello', 'YMDOC1.a.b.c', `${signed.qr}.x`]) expect(verifyDocument(bad, publicKey).ok).toBe(false);
  });

  it('yimen verify-document checks a PDF file and a QR text', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'yimen-doc-'));
    const keyFile = join(dir, 'pub.pem');
    writeFileSync(keyFile, publicKey.export({ type: 'spki', format: 'pem' }));
    const pdf = await PDFDocument.create();
    pdf.addPage();
    pdf.setSubject(JSON.stringify(signed));
    const file = join(dir, 'doc.pdf');
    writeFileSync(file, await pdf.save());

    const a = io();
    expect(await runCli(['verify-document', file, '--public-key', keyFile], a.io)).toBe(0);
    expect(JSON.parse(a.out[0] ?? '{}')).toMatchObject({
      valid: true,
      applicationNo: content.no,
      contentChecked: true,
      title: '户籍证明',
    });

    const b = io();
    expect(await runCli(['verify-document', signed.qr, '--public-key', keyFile], b.io)).toBe(0);
    expect(JSON.parse(b.out[0] ?? '{}')).toMatchObject({ valid: true, contentChecked: false });

    const forged = await PDFDocument.create();
    forged.addPage();
    forged.setSubject(JSON.stringify({ ...signed, canonical: signed.canonical.replace('某某', '他人') }));
    const forgedFile = join(dir, 'forged.pdf');
    writeFileSync(forgedFile, await forged.save());
    const c = io();
    expect(await runCli(['verify-document', forgedFile, '--public-key', keyFile], c.io)).toBe(4);
    expect(JSON.parse(c.out[0] ?? '{}')).toMatchObject({ valid: false, code: 'content-altered' });

    const d = io();
    expect(await runCli(['verify-document'], d.io)).toBe(1);
  });
});
