import { createPublicKey, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { loadConfig } from '../../../config/load.js';
import { verifyDocument } from '../../data/documents/signed-document.js';
import { readPublicKey } from '../../data/privacy/key-source.js';
import { EXIT, parseFlags, printJson, UsageError, type Command } from './cli-kit.js';

async function fromPdf(file: string): Promise<{ qr: string; canonical: string } | null> {
  try {
    const { PDFDocument } = await import('pdf-lib');
    const pdf = await PDFDocument.load(readFileSync(file), { updateMetadata: false });
    const subject = pdf.getSubject();
    if (!subject) return null;
    const parsed = JSON.parse(subject) as { canonical?: unknown; qr?: unknown };
    return typeof parsed.canonical === 'string' && typeof parsed.qr === 'string'
      ? { qr: parsed.qr, canonical: parsed.canonical }
      : null;
  } catch {
    return null;
  }
}

export const verifyDocumentCommand: Command = {
  name: 'verify-document',
  summary: 'check offline that a printed document (PDF file or its QR text) was signed by a terminal and not altered',
  usage: 'yimen verify-document <file.pdf|QR-text> [--public-key FILE | --data DIR | --config FILE]',
  async run(argv, io) {
    const { values, positionals } = parseFlags(
      argv,
      { 'public-key': { type: 'string' }, data: { type: 'string' }, config: { type: 'string' } },
      true,
    );
    const input = positionals[0];
    if (input === undefined || positionals.length > 1) throw new UsageError('give one PDF file or one QR text');
    let key: KeyObject;
    if (values['public-key']) {
      try {
        key = createPublicKey(readFileSync(values['public-key'], 'utf8'));
      } catch (e) {
        io.err(`yimen verify-document: cannot read the public key: ${(e as Error).message}`);
        return EXIT.usage;
      }
    } else {
      let dataDir = values.data;
      if (dataDir === undefined) {
        const loaded = loadConfig(values.config);
        if (!loaded.ok) {
          io.err(`yimen: ${loaded.error.message}`);
          return EXIT.config;
        }
        dataDir = loaded.value.dataDir;
      }
      const k = readPublicKey(dataDir);
      if (!k.ok) {
        io.err(`yimen verify-document: ${k.error.message}`);
        return EXIT.nothing;
      }
      key = k.value;
    }
    let qr = input;
    let canonical: string | undefined;
    if (existsSync(input)) {
      const doc = await fromPdf(input);
      if (!doc) {
        printJson(io, { valid: false, code: 'malformed', reason: 'the file is not a signed yimen document' });
        return EXIT.deviceError;
      }
      qr = doc.qr;
      canonical = doc.canonical;
    }
    const r = verifyDocument(qr, key, canonical);
    if (!r.ok) {
      printJson(io, { valid: false, code: r.error.code, reason: r.error.message });
      return EXIT.deviceError;
    }
    printJson(io, {
      valid: true,
      applicationNo: r.value.applicationNo,
      contentChecked: r.value.contentChecked,
      ...(r.value.content
        ? { title: r.value.content.title, issuer: r.value.content.issuer, issuedAt: r.value.content.issuedAt }
        : {}),
    });
    return EXIT.ok;
  },
};
