/**
 * `yimen audit verify`: checks the terminal's audit chain and its signed checkpoints, and with
 * `--witness` whether the chain still contains the newest checkpoint the back office received.
 *
 * Which key the checkpoints must verify with: `--public-key FILE` if given, else the key the
 * back office registered for the terminal (with `--witness`), else the key file in the data dir
 * (which whoever can write the data dir can replace: only the first two are independent of it).
 */
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '../../../config/load.js';
import { verifyAuditChain, type AuditProblem } from '../../data/audit/verify.js';
import { compareWithWitness, storeChainView, type WitnessFinding } from '../../data/audit/witness.js';
import { BackofficeClient } from '../../data/backoffice-client/client.js';
import type { AuditWitnessResponse } from '../../data/backoffice-client/schemas.js';
import { storeFile } from '../../data/data-services.js';
import { readPublicKey } from '../../data/privacy/key-source.js';
import { openStore } from '../../data/store/store.js';
import { EXIT, parseFlags, printJson, UsageError, type CliIO, type Command } from './cli-kit.js';

/**
 * Exit status when the audit cannot be trusted: a broken chain (or a store too damaged to read),
 * a key that is not the trusted one, or a chain that does not contain the witnessed checkpoint.
 */
export const EXIT_AUDIT_BROKEN = 4;
/** Exit status when the witness gave no usable answer (unreachable, unknown terminal): nothing was vouched for. */
export const EXIT_WITNESS_NO_ANSWER = EXIT.noAnswer;

const WITNESS_TIMEOUT_MS = 10_000;

/** SHA-256 of the key's SPKI DER, hex: how keys are named in the output. */
export function keyFingerprint(key: KeyObject): string {
  return createHash('sha256')
    .update(key.export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

function ed25519(pem: string, where: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch (e) {
    throw new UsageError(`${where}: not a public key (${(e as Error).message})`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new UsageError(`${where}: not an Ed25519 public key`);
  return key;
}

type KeySource = 'public-key-flag' | 'witness' | 'data-dir';

export const auditCommand: Command = {
  name: 'audit',
  summary: 'verify the audit chain, its signed checkpoints and the back office witness (exit 0 intact, 4 not trustworthy)',
  usage: 'yimen audit verify [--data DIR] [--config FILE] [--public-key FILE] [--witness URL] [--terminal ID]',
  async run(argv, io) {
    const { values, positionals } = parseFlags(
      argv,
      {
        data: { type: 'string' },
        config: { type: 'string' },
        'public-key': { type: 'string' },
        witness: { type: 'string' },
        terminal: { type: 'string' },
      },
      true,
    );
    if (positionals[0] !== 'verify' || positionals.length !== 1) throw new UsageError('expected: audit verify');
    let configured: { dataDir: string; terminal: string } | null = null;
    if (values.data === undefined || values.config !== undefined) {
      const loaded = loadConfig(values.config);
      if (!loaded.ok) {
        io.err(`yimen audit: ${loaded.error.message}`);
        return EXIT.config;
      }
      configured = { dataDir: loaded.value.dataDir, terminal: loaded.value.config.terminal.id };
    }
    const dataDir = values.data !== undefined ? resolve(values.data) : (configured?.dataDir ?? '');
    const configTerminal = configured?.terminal ?? null;
    let flagKey: KeyObject | null = null;
    if (values['public-key'] !== undefined) {
      const file = resolve(values['public-key']);
      let pem: string;
      try {
        pem = readFileSync(file, 'utf8');
      } catch (e) {
        throw new UsageError(`--public-key ${file}: ${(e as Error).message}`);
      }
      flagKey = ed25519(pem, `--public-key ${file}`);
    }
    let witnessUrl: URL | null = null;
    if (values.witness !== undefined) {
      try {
        witnessUrl = new URL(values.witness);
      } catch {
        throw new UsageError(`--witness must be the back office URL, e.g. https://bo.example.gov.cn/api/`);
      }
    }

    const file = storeFile(dataDir);
    if (!existsSync(file)) {
      io.err(`yimen audit: no store at ${file}`);
      printJson(io, { intact: false, error: { code: 'store-missing', message: `no store at ${file}` } });
      return EXIT.nothing;
    }
    const store = openStore({ file, readonly: true });
    if (!store.ok) {
      io.err(`yimen audit: ${store.error.message}`);
      printJson(io, { intact: false, error: store.error });
      return EXIT_AUDIT_BROKEN;
    }
    try {
      const db = store.value.db;
      const localKey = readPublicKey(dataDir);

      // The witness: the newest checkpoint the back office received from this terminal.
      let witness: AuditWitnessResponse | null = null;
      let terminalId: string | null = null;
      if (witnessUrl) {
        const newest = db.prepare(`SELECT terminal_id AS t FROM audit_checkpoints ORDER BY seq DESC LIMIT 1`).get() as
          { t: string } | undefined;
        terminalId = values.terminal ?? configTerminal ?? newest?.t ?? null;
        if (terminalId === null)
          throw new UsageError('the store names no terminal (no checkpoint left): pass --terminal ID or --config FILE');
        const client = new BackofficeClient({ baseUrl: witnessUrl.href, timeoutMs: WITNESS_TIMEOUT_MS });
        const res = await client.call('getAuditWitness', { params: { terminalId }, body: undefined });
        if (!res.ok) {
          const why =
            res.error.code === 'bo-not-found'
              ? `the back office at ${witnessUrl.href} has no audit key or checkpoint of terminal ${terminalId}`
              : `the back office at ${witnessUrl.href} gave no usable answer (${res.error.code}: ${res.error.message})`;
          io.err(`yimen audit: ${why}; nothing was compared`);
          printJson(io, { intact: false, dataDir, witness: { url: witnessUrl.href, terminalId, error: res.error } });
          return EXIT_WITNESS_NO_ANSWER;
        }
        witness = res.value;
      }

      // The key the checkpoints must verify with, and whether the key file matches it.
      const registered = witness?.publicKey ? ed25519(witness.publicKey, 'the key registered with the back office') : null;
      let key: KeyObject | null;
      let keySource: KeySource;
      if (flagKey) [key, keySource] = [flagKey, 'public-key-flag'];
      else if (registered) [key, keySource] = [registered, 'witness'];
      else [key, keySource] = [localKey.ok ? localKey.value : null, 'data-dir'];
      if (!localKey.ok && keySource === 'data-dir')
        io.err(`yimen audit: ${localKey.error.message}; checkpoints cannot be checked`);
      const keyProblems: AuditProblem[] = [];
      if (flagKey && registered && keyFingerprint(flagKey) !== keyFingerprint(registered))
        keyProblems.push({
          seq: 0,
          kind: 'key-mismatch',
          message: `the key given with --public-key (${keyFingerprint(flagKey).slice(0, 16)}…) is not the audit key the back office registered for terminal ${terminalId ?? '?'} (${keyFingerprint(registered).slice(0, 16)}…)`,
        });
      if (key && keySource !== 'data-dir' && localKey.ok && keyFingerprint(localKey.value) !== keyFingerprint(key))
        keyProblems.push({
          seq: 0,
          kind: 'key-mismatch',
          message: `the key file in the data dir (${keyFingerprint(localKey.value).slice(0, 16)}…) is not the trusted audit key (${keyFingerprint(key).slice(0, 16)}…, from ${keySource === 'witness' ? 'the back office' : '--public-key'}): it was replaced`,
        });

      const report = verifyAuditChain(db, key);
      let finding: WitnessFinding | null = null;
      if (witness?.checkpoint)
        finding = compareWithWitness(storeChainView(db), { terminalId: witness.terminalId, ...witness.checkpoint }, key);
      const problems = [...keyProblems, ...report.problems];
      const trustworthy = problems.length === 0 && (finding === null || finding.ok);

      printJson(io, {
        dataDir,
        ...report,
        intact: trustworthy,
        chainIntact: report.intact,
        firstBroken: problems[0] ?? null,
        problems: problems.slice(0, 100),
        key: { source: keySource, fingerprint: key ? keyFingerprint(key) : null },
        witness: witnessUrl ? { url: witnessUrl.href, terminalId, checkpoint: witness?.checkpoint ?? null, finding } : null,
      });
      explain(io, { report, keyProblems, finding, witnessed: witnessUrl !== null, keySource, terminalId });
      return trustworthy ? EXIT.ok : EXIT_AUDIT_BROKEN;
    } finally {
      store.value.close();
    }
  },
};

/** The verdict in plain words, on stderr. */
function explain(
  io: CliIO,
  f: {
    report: ReturnType<typeof verifyAuditChain>;
    keyProblems: AuditProblem[];
    finding: WitnessFinding | null;
    witnessed: boolean;
    keySource: KeySource;
    terminalId: string | null;
  },
): void {
  const { report } = f;
  const keyWords = {
    'public-key-flag': 'the key given with --public-key',
    witness: 'the key registered with the back office',
    'data-dir': 'the key file in the data dir',
  }[f.keySource];
  for (const p of f.keyProblems) io.err(`yimen audit: KEY MISMATCH: ${p.message}`);
  if (report.intact)
    io.err(
      `yimen audit: chain consistent (${report.entries} entries, ${report.checkpoints} checkpoints${report.lastSeq !== null ? `, ends at seq ${report.lastSeq}` : ''}; signatures checked with ${keyWords})`,
    );
  else io.err(`yimen audit: BROKEN at entry ${report.firstBroken?.seq ?? '?'}: ${report.firstBroken?.message ?? ''}`);
  if (f.finding) io.err(`yimen audit: ${f.finding.ok ? 'witness' : 'WITNESS MISMATCH'}: ${f.finding.message}`);
  else if (f.witnessed)
    io.err(`yimen audit: the back office has witnessed no checkpoint of terminal ${f.terminalId ?? '?'} yet: nothing to compare`);
  else
    io.err(
      'yimen audit: no witness asked (--witness URL): entries cut off together with their checkpoints, an older copy of the store, or a chain re-signed with a replaced key file cannot be told from an intact chain',
    );
}
