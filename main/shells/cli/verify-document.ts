/**
 * `yimen verify-document`: checks offline that a printed on-the-spot document was sealed by the
 * issuing authority and not altered, from the PDF, the QR's text, or the verification URL.
 * The key is the authority's public key (`--public-key FILE`, or `backoffice.documentPublicKey`
 * of the terminal config, which the fleet config distributes). Without one it says so and exits
 * with its own code: it never claims a bad signature it could not check.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { loadConfig } from '../../../config/load.js';
import { decodePayload, keyIdOf, payloadOf, verifyPayload } from '../../data/documents/authority-document.js';
import { maskId, maskName } from '../../data/privacy/mask.js';
import { EXIT, parseFlags, printJson, UsageError, type CliIO, type Command } from './cli-kit.js';

/** Exit codes of this command (each failure told apart). */
export const VERIFY_EXIT = {
  valid: EXIT.ok,
  usage: EXIT.usage,
  /** No public key to verify with (none given, none in the config). */
  noKey: 5,
  /** Cut short, damaged, or not a sealed document at all. */
  malformed: 6,
  /** Sealed, but by another key than the one given. */
  wrongKey: 7,
  /** Sealed by this key, but the content was altered. */
  tampered: 8,
} as const;

const CODE_EXIT = {
  malformed: VERIFY_EXIT.malformed,
  'wrong-key': VERIFY_EXIT.wrongKey,
  tampered: VERIFY_EXIT.tampered,
} as const;

/** The sealed payload from a PDF's Subject metadata (`{ payload, url }`), or null. */
async function fromPdf(file: string): Promise<string | null> {
  try {
    const { PDFDocument } = await import('pdf-lib');
    const pdf = await PDFDocument.load(readFileSync(file), { updateMetadata: false });
    const subject = pdf.getSubject();
    if (!subject) return null;
    const parsed = JSON.parse(subject) as { payload?: unknown };
    return typeof parsed.payload === 'string' ? parsed.payload : null;
  } catch {
    return null;
  }
}

type KeyChoice = { key: KeyObject; source: string } | { key: null; exit: number };

function readKey(file: string | undefined, configFile: string | undefined, io: CliIO): KeyChoice {
  if (file !== undefined) {
    try {
      const key = createPublicKey(readFileSync(file, 'utf8'));
      if (key.asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 public key');
      return { key, source: file };
    } catch (e) {
      io.err(`yimen verify-document: cannot read the public key ${file}: ${(e as Error).message}`);
      return { key: null, exit: EXIT.usage };
    }
  }
  const loaded = loadConfig(configFile);
  if (!loaded.ok) {
    if (configFile !== undefined) {
      io.err(`yimen: ${loaded.error.message}`);
      return { key: null, exit: EXIT.config };
    }
  } else if (loaded.value.config.backoffice.documentPublicKey !== undefined) {
    try {
      return {
        key: createPublicKey(loaded.value.config.backoffice.documentPublicKey),
        source: 'config backoffice.documentPublicKey',
      };
    } catch (e) {
      io.err(`yimen verify-document: the config's backoffice.documentPublicKey cannot be read: ${(e as Error).message}`);
      return { key: null, exit: EXIT.config };
    }
  }
  return { key: null, exit: VERIFY_EXIT.noKey };
}

export const verifyDocumentCommand: Command = {
  name: 'verify-document',
  summary: "check offline that a printed document (PDF, QR text or verification URL) was sealed by the issuing authority's key",
  usage:
    'yimen verify-document <file.pdf|QR-text|URL> [--public-key FILE | --config FILE]\n' +
    '  exit 0 valid · 5 no public key to verify with · 6 malformed (cut short, damaged) · 7 sealed by another key · 8 altered',
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, { 'public-key': { type: 'string' }, config: { type: 'string' } }, true);
    const input = positionals[0];
    if (input === undefined || positionals.length > 1) throw new UsageError('give one PDF file, QR text or verification URL');

    let payload: string;
    if (existsSync(input)) {
      const p = await fromPdf(input);
      if (p === null) {
        printJson(io, { valid: false, code: 'malformed', reason: 'the file is not a sealed yimen document' });
        return VERIFY_EXIT.malformed;
      }
      payload = p;
    } else {
      const p = payloadOf(input);
      if (!p.ok) {
        printJson(io, { valid: false, code: 'malformed', reason: p.error.message });
        return VERIFY_EXIT.malformed;
      }
      payload = p.value;
    }

    const choice = readKey(values['public-key'], values.config, io);
    if (choice.key === null) {
      if (choice.exit === VERIFY_EXIT.noKey) {
        const d = decodePayload(payload);
        printJson(io, {
          valid: null,
          code: 'no-public-key',
          reason: 'no public key to verify with',
          ...(d.ok ? { keyId: d.value.claims.kid } : {}),
        });
        io.err(
          'yimen verify-document: no public key to verify with; give --public-key FILE (the authority’s key, GET /v1/documents/public-key)',
        );
      }
      return choice.exit;
    }
    const r = verifyPayload(payload, choice.key);
    if (!r.ok) {
      printJson(io, { valid: false, code: r.error.code, reason: r.error.message });
      return CODE_EXIT[r.error.code];
    }
    const c = r.value;
    printJson(io, {
      valid: true,
      documentId: c.id,
      applicationNo: c.no,
      matter: c.m,
      issuer: c.iss,
      issuedAt: c.at,
      keyId: keyIdOf(choice.key),
      keySource: choice.source,
      ...(c.f.name !== undefined ? { maskedName: maskName(c.f.name) } : {}),
      ...(c.f.idNumber !== undefined ? { maskedId: maskId(c.f.idNumber) } : {}),
    });
    return VERIFY_EXIT.valid;
  },
};
