/**
 * `yimen staff`: what IT needs to put a staff member into the config, without plain secrets:
 *   yimen staff hash --id CARD      the card/badge hash under this terminal's key (`v1:…`)
 *   yimen staff hash --id CARD --demo   … under the public demo key (emulated-only demo members)
 *   yimen staff pin                 a salted scrypt hash of the PIN read from stdin
 *   yimen staff totp --staff ID     a new TOTP secret and its otpauth:// URI for the phone app
 */
import { resolve } from 'node:path';
import { loadConfig } from '../../../config/load.js';
import {
  cardHash,
  DEMO_CARD_KEY,
  hashPin,
  newTotpSecret,
  staffCardKey,
  totpUri,
} from '../../features/maintenance/credentials.js';
import { KeyFileSource } from '../../data/privacy/key-source.js';
import { EXIT, parseFlags, printJson, UsageError, type Command } from './cli-kit.js';

async function readStdinLine(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

export const staffCommand: Command = {
  name: 'staff',
  summary: 'hash a staff card or PIN, or make a TOTP secret, for the staff section of the config',
  usage:
    'yimen staff hash --id CARD [--demo] [--data DIR] [--config FILE] | yimen staff pin < pinfile | yimen staff totp --staff ID',
  async run(argv, io) {
    const { values, positionals } = parseFlags(
      argv,
      {
        id: { type: 'string' },
        demo: { type: 'boolean' },
        staff: { type: 'string' },
        data: { type: 'string' },
        config: { type: 'string' },
      },
      true,
    );
    const sub = positionals[0];
    if (positionals.length !== 1) throw new UsageError('expected one of: staff hash, staff pin, staff totp');
    if (sub === 'hash') {
      const id = values.id?.trim();
      if (!id || id.length < 4 || id.length > 40) throw new UsageError('--id must be the card or badge number (4–40 characters)');
      if (values.demo) {
        printJson(io, { cardHash: cardHash(id, DEMO_CARD_KEY, 'demo'), key: 'demo' });
        return EXIT.ok;
      }
      let dataDir: string;
      if (values.data !== undefined) dataDir = resolve(values.data);
      else {
        const loaded = loadConfig(values.config);
        if (!loaded.ok) {
          io.err(`yimen staff: ${loaded.error.message}`);
          return EXIT.config;
        }
        dataDir = loaded.value.dataDir;
      }
      const keys = new KeyFileSource(dataDir).loadOrCreate();
      if (!keys.ok) {
        io.err(`yimen staff: ${keys.error.message}`);
        return EXIT.config;
      }
      printJson(io, { cardHash: cardHash(id, staffCardKey(keys.value.dataKey), 'v1'), key: 'terminal', dataDir });
      return EXIT.ok;
    }
    if (sub === 'pin') {
      // From stdin, never from the command line (shell history, process list).
      const pin = (await readStdinLine()).trim();
      if (!/^\d{4,12}$/.test(pin)) throw new UsageError('the PIN on stdin must be 4–12 digits');
      printJson(io, { pinHash: await hashPin(pin) });
      return EXIT.ok;
    }
    if (sub === 'totp') {
      const staffId = values.staff?.trim();
      if (!staffId || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/.test(staffId)) throw new UsageError('--staff must be the staff id');
      const loaded = loadConfig(values.config);
      const terminal = loaded.ok ? loaded.value.config.terminal.id : 'yimen';
      const secret = newTotpSecret();
      printJson(io, { totpSecret: secret, uri: totpUri(secret, staffId, terminal) });
      io.err('yimen staff: put totpSecret into the config; show the URI as a QR code to the staff member once.');
      return EXIT.ok;
    }
    throw new UsageError('expected one of: staff hash, staff pin, staff totp');
  },
};
