/**
 * `yimen idcard`: a technician's tool for a SAM_V ID-card reader on a serial port.
 *
 *   yimen idcard read  --port PATH [--baud N] [--timeout MS] [--fingerprint]
 *   yimen idcard samid --port PATH [--baud N] [--timeout MS]
 *
 * stdout: one JSON object (the card, or `{"samId":…}`, or `{"error":{code,message}}`);
 * stderr: messages. Exit codes: 0 ok, 2 no card, 3 no answer / garbage, 4 device error,
 * 5 card taken away mid-read (`card-pulled`: place it again and keep it still), 1 usage.
 * The output holds personal data by design (it is the point of the tool): never pipe it to logs.
 */
import type { Result } from '../../../common/result.js';
import { IdCardDriver, type IdCardRead } from '../../../drivers/idcard/idcard-driver.js';
import { IdCardEmulator, isScenario, SCENARIOS } from '../../../drivers/idcard/idcard-emulator.js';
import { sampleCard, SAMPLE_CARDS } from '../../../drivers/idcard/samples.js';
import type { IdCardErrorCode } from '../../../drivers/idcard/status.js';
import { uartBytesPerSecond } from '../../../drivers/transport/memory-transport.js';
import { SerialTransport } from '../../../drivers/transport/serial-transport.js';
import { EXIT, intFlag, parseFlags, printJson, UsageError, type CliIO, type Command } from './cli-kit.js';
import type { EmulatorEntry } from './emulate.js';

const USAGE =
  'idcard read --port PATH [--baud N] [--timeout MS] [--fingerprint] | idcard samid --port PATH [--baud N] [--timeout MS]';

export function exitFor(code: IdCardErrorCode): number {
  if (code === 'no-card') return EXIT.nothing;
  if (code === 'card-pulled') return EXIT.interrupted;
  if (code === 'no-answer' || code === 'garbage') return EXIT.noAnswer;
  return EXIT.deviceError;
}

/** The JSON shape of a read: fields a card type lacks are omitted. */
export function cardJson(r: IdCardRead): Record<string, unknown> {
  const t = r.text;
  const out: Record<string, unknown> = {
    cardType: t.cardType,
    name: t.name,
    ...(t.englishName !== undefined ? { englishName: t.englishName } : {}),
    sex: t.sex,
    ...(t.nation !== undefined ? { nation: t.nation } : {}),
    ...(t.nationCode !== undefined ? { nationCode: t.nationCode } : {}),
    birthDate: t.birthDate,
    ...(t.address !== undefined ? { address: t.address } : {}),
    idNumber: t.idNumber,
    ...(t.issuer !== undefined ? { issuer: t.issuer } : {}),
    ...(t.issuerCode !== undefined ? { issuerCode: t.issuerCode } : {}),
    validFrom: t.validFrom,
    validTo: t.validTo,
    ...(t.passNumber !== undefined ? { passNumber: t.passNumber } : {}),
    ...(t.issueCount !== undefined ? { issueCount: t.issueCount } : {}),
    ...(t.nationality !== undefined ? { nationality: t.nationality } : {}),
    ...(t.cardVersion !== undefined ? { cardVersion: t.cardVersion } : {}),
    ...(t.renewalCount !== undefined ? { renewalCount: t.renewalCount } : {}),
    idNumberValid: r.idNumberCheck.valid,
    ...(r.idNumberCheck.problems.length > 0 ? { idNumberProblems: r.idNumberCheck.problems } : {}),
    expired: r.expired,
    photoBytes: r.photo.length,
  };
  if (r.fingerprint) out.fingerprintBytes = r.fingerprint.length;
  return out;
}

async function withReader<T>(
  flags: { port: string; baud?: number; timeout?: number },
  io: CliIO,
  fn: (d: IdCardDriver) => Promise<Result<T, IdCardErrorCode>>,
  onValue: (v: T) => void,
): Promise<number> {
  const transport = new SerialTransport({ path: flags.port, baudRate: flags.baud ?? 115200 });
  const t = flags.timeout;
  const driver = new IdCardDriver(transport, {
    pollMs: 0,
    ...(t !== undefined ? { timeouts: { commandMs: t, readMs: t } } : {}),
  });
  try {
    await transport.open();
  } catch (e) {
    const message = `cannot open ${flags.port}: ${(e as Error).message}`;
    printJson(io, { error: { code: 'port-unavailable', message } });
    io.err(`yimen idcard: ${message}`);
    return EXIT.deviceError;
  }
  try {
    const r = await fn(driver);
    if (!r.ok) {
      printJson(io, { error: r.error });
      io.err(`yimen idcard: ${r.error.code}: ${r.error.message}`);
      if (r.error.code === 'card-pulled')
        io.err('yimen idcard: the card was taken away before the read ended: place it again and keep it still');
      return exitFor(r.error.code);
    }
    onValue(r.value);
    return EXIT.ok;
  } finally {
    await transport.close();
  }
}

export const idcardCommand: Command = {
  name: 'idcard',
  summary: 'Read an ID card (or the SAM id) from a SAM_V reader on a serial port; JSON on stdout.',
  usage: USAGE,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    if (sub !== 'read' && sub !== 'samid') throw new UsageError(`expected "read" or "samid", got ${sub ?? 'nothing'}`);
    const { values } = parseFlags(rest, {
      port: { type: 'string' },
      baud: { type: 'string' },
      timeout: { type: 'string' },
      ...(sub === 'read' ? { fingerprint: { type: 'boolean' as const } } : {}),
    });
    if (!values.port) throw new UsageError('--port PATH is required');
    const baud = intFlag(values.baud, 'baud', 1200, 921600);
    const timeout = intFlag(values.timeout, 'timeout', 50, 60_000);
    const flags = {
      port: values.port,
      ...(baud !== undefined ? { baud } : {}),
      ...(timeout !== undefined ? { timeout } : {}),
    };
    if (sub === 'samid') {
      return withReader(
        flags,
        io,
        (d) => d.samId(),
        (samId) => printJson(io, { samId }),
      );
    }
    const fingerprint = values.fingerprint === true;
    return withReader(
      flags,
      io,
      (d) => d.readCard({ fingerprint }),
      (card) => {
        printJson(io, cardJson(card));
        if (!card.idNumberCheck.valid)
          io.err(`yimen idcard: warning: ID number fails: ${card.idNumberCheck.problems.join(', ')}`);
        if (card.expired) io.err('yimen idcard: warning: the card has expired');
      },
    );
  },
};

/** `yimen emulate idcard --port PATH [--scenario NAME] [--card ID|none] [--baud N]` */
export const idcardEmulatorEntry: EmulatorEntry = {
  usage: `idcard --port PATH [--scenario ${SCENARIOS.join('|')}] [--card ${SAMPLE_CARDS.map((c) => c.id).join('|')}|none] [--baud N]`,
  async start(argv, io) {
    const { values } = parseFlags(argv, {
      port: { type: 'string' },
      scenario: { type: 'string' },
      card: { type: 'string' },
      baud: { type: 'string' },
    });
    if (!values.port) throw new UsageError('--port PATH is required');
    const scenario = values.scenario ?? 'normal';
    if (!isScenario(scenario)) throw new UsageError(`--scenario must be one of ${SCENARIOS.join(', ')}`);
    const card = values.card ?? 'resident';
    if (card !== 'none' && !sampleCard(card))
      throw new UsageError(`--card must be none or one of ${SAMPLE_CARDS.map((c) => c.id).join(', ')}`);
    const baud = intFlag(values.baud, 'baud', 1200, 921600) ?? 115200;
    const transport = new SerialTransport({ path: values.port, baudRate: baud });
    const emulator = new IdCardEmulator(transport, {
      scenario,
      bytesPerSecond: uartBytesPerSecond(baud),
      ...(card !== 'none' ? { card } : {}),
    });
    await emulator.start();
    printJson(io, { emulating: 'idcard', port: values.port, scenario, card: card === 'none' ? null : card });
    io.err(`yimen emulate: ID-card reader on ${values.port}; commands on stdin: place <card> | remove | scenario <name>`);
    return {
      stop: () => emulator.stop(),
      command: (line) => {
        const [verb, arg] = line.trim().split(/\s+/);
        if (verb === 'remove') emulator.removeCard();
        else if (verb === 'place' && arg) {
          const r = emulator.placeCard(arg);
          if (!r.ok) return r.error.message;
        } else if (verb === 'scenario' && arg) {
          const r = emulator.setScenario(arg);
          if (!r.ok) return r.error.message;
        } else if (verb) return `unknown command "${line.trim()}"`;
        return `ok ${JSON.stringify(emulator.state())}`;
      },
    };
  },
};
