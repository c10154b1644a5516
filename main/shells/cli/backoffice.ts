/** `yimen backoffice`: runs the reference back office (demos, tests, a hall without one yet). */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadOrCreateSealKey, publicKeyPem } from '../../../backoffice/documents.js';
import { startBackoffice, type RunningBackoffice } from '../../../backoffice/server.js';
import { defaultDataDir } from '../../../config/load.js';
import { EXIT, intFlag, parseFlags, printJson, type CliIO, type Command } from './cli-kit.js';

export const DEFAULT_BACKOFFICE_PORT = 8620;

/** Parses the flags and starts the server; the command waits for a signal, tests call `close`. */
export async function launchBackoffice(argv: string[], io: CliIO): Promise<RunningBackoffice> {
  const { values } = parseFlags(argv, {
    port: { type: 'string' },
    data: { type: 'string' },
    host: { type: 'string', default: '127.0.0.1' },
    memory: { type: 'boolean', default: false },
  });
  const port = intFlag(values.port, 'port', 0, 65535) ?? DEFAULT_BACKOFFICE_PORT;
  const dataDir = values.memory ? null : resolve(values.data ?? join(defaultDataDir(), 'backoffice'));
  const bo = await startBackoffice({
    dataDir,
    port,
    host: values.host,
    log: (line) => io.err(JSON.stringify({ time: new Date().toISOString(), ...line })),
  });
  printJson(io, { url: bo.url, port: bo.port, dataDir, fleet: `${bo.url}fleet` });
  io.err(`yimen backoffice: listening at ${bo.url} (fleet page ${bo.url}fleet); Ctrl+C stops.`);
  return bo;
}

/**
 * `yimen backoffice public-key`: the issuing authority's public key (the seal key in
 * `<data>/seal/`, created if the back office has not started yet), for kiosks and verifiers.
 */
function printPublicKey(argv: string[], io: CliIO): number {
  const { values } = parseFlags(argv, { data: { type: 'string' }, out: { type: 'string' } });
  const dataDir = resolve(values.data ?? join(defaultDataDir(), 'backoffice'));
  const key = loadOrCreateSealKey(dataDir, Date.now());
  const pem = publicKeyPem(key);
  if (values.out !== undefined) writeFileSync(values.out, pem);
  printJson(io, { keyId: key.keyId, algorithm: 'Ed25519', notAfter: new Date(key.notAfter).toISOString(), publicKey: pem });
  return EXIT.ok;
}

export const backofficeCommand: Command = {
  name: 'backoffice',
  summary: 'run the reference back office (OpenAPI contract in docs/backoffice-openapi.yaml), or print its seal public key',
  usage:
    'yimen backoffice [--port N] [--data DIR | --memory] [--host ADDR]\n       yimen backoffice public-key [--data DIR] [--out FILE]',
  async run(argv, io) {
    if (argv[0] === 'public-key') return printPublicKey(argv.slice(1), io);
    let bo: RunningBackoffice;
    try {
      bo = await launchBackoffice(argv, io);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      if (err.code === 'EADDRINUSE' || err.code === 'EACCES') {
        io.err(`yimen backoffice: cannot listen (${err.code}); pick another --port`);
        return EXIT.config;
      }
      throw e;
    }
    return new Promise<number>((resolveExit) => {
      const stop = (): void => {
        void bo.close().then(() => resolveExit(EXIT.ok));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
  },
};
