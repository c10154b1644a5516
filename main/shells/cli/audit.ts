/** `yimen audit verify`: checks the terminal's audit chain and its signed checkpoints. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '../../../config/load.js';
import { verifyAuditChain } from '../../data/audit/verify.js';
import { readPublicKey } from '../../data/privacy/key-source.js';
import { storeFile } from '../../data/data-services.js';
import { openStore } from '../../data/store/store.js';
import { EXIT, parseFlags, printJson, UsageError, type Command } from './cli-kit.js';

/** Exit status of a broken chain (or a store too damaged to read). */
export const EXIT_AUDIT_BROKEN = 4;

export const auditCommand: Command = {
  name: 'audit',
  summary: 'verify the audit chain and its signed checkpoints (exit 0 intact, 4 broken)',
  usage: 'yimen audit verify [--data DIR] [--config FILE]',
  run(argv, io) {
    const { values, positionals } = parseFlags(argv, { data: { type: 'string' }, config: { type: 'string' } }, true);
    if (positionals[0] !== 'verify' || positionals.length !== 1) throw new UsageError('expected: audit verify');
    let dataDir: string;
    if (values.data !== undefined) dataDir = resolve(values.data);
    else {
      const loaded = loadConfig(values.config);
      if (!loaded.ok) {
        io.err(`yimen audit: ${loaded.error.message}`);
        return Promise.resolve(EXIT.config);
      }
      dataDir = loaded.value.dataDir;
    }
    const file = storeFile(dataDir);
    if (!existsSync(file)) {
      io.err(`yimen audit: no store at ${file}`);
      printJson(io, { intact: false, error: { code: 'store-missing', message: `no store at ${file}` } });
      return Promise.resolve(EXIT.nothing);
    }
    const store = openStore({ file, readonly: true });
    if (!store.ok) {
      io.err(`yimen audit: ${store.error.message}`);
      printJson(io, { intact: false, error: store.error });
      return Promise.resolve(EXIT_AUDIT_BROKEN);
    }
    const pub = readPublicKey(dataDir);
    if (!pub.ok) io.err(`yimen audit: ${pub.error.message}; checkpoints cannot be checked`);
    try {
      const report = verifyAuditChain(store.value.db, pub.ok ? pub.value : null);
      printJson(io, { dataDir, ...report });
      if (report.intact) io.err(`yimen audit: chain intact (${report.entries} entries, ${report.checkpoints} checkpoints)`);
      else io.err(`yimen audit: BROKEN at entry ${report.firstBroken?.seq ?? '?'}: ${report.firstBroken?.message ?? ''}`);
      return Promise.resolve(report.intact ? EXIT.ok : EXIT_AUDIT_BROKEN);
    } finally {
      store.value.close();
    }
  },
};
