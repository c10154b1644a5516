/**
 * `yimen printer`: a technician's tool for the receipt printer (ESC/POS) and the A4 path.
 *
 *   yimen printer status --port PATH [--baud N] [--timeout MS]
 *   yimen printer test   --port PATH [--baud N] [--timeout MS]
 *   yimen printer a4-test (--out FILE | --queue NAME)
 *
 * PATH is a serial port, or a USB printer-class device (`/dev/usb/lp0`). stdout: one JSON object
 * (`{"online":…,"paper":…,"coverOpen":…,"error":…}`, a print report, or `{"error":{code,message}}`);
 * stderr: messages. Exit codes: 0 ok, 3 no answer / garbage, 4 device error (including a printer
 * that reports paper out, cover open or an error), 1 usage.
 */
import { writeFileSync } from 'node:fs';
import type { A4Document } from '../../../drivers/printer/a4/a4-document.js';
import { DeviceFileTransport } from '../../../drivers/transport/device-file-transport.js';
import { renderReceiptText } from '../../../drivers/printer/receipt/escpos-parser.js';
import { refusalFor, type PrinterStatus } from '../../../drivers/printer/receipt/printer-status.js';
import { ReceiptBuilder } from '../../../drivers/printer/receipt/receipt-builder.js';
import { ReceiptPrinterDriver, type PrintErrorCode } from '../../../drivers/printer/receipt/receipt-printer-driver.js';
import {
  isPrinterScenario,
  PRINTER_SCENARIOS,
  ReceiptPrinterEmulator,
} from '../../../drivers/printer/receipt/receipt-printer-emulator.js';
import { SerialTransport } from '../../../drivers/transport/serial-transport.js';
import type { Transport } from '../../../drivers/transport/transport.js';
import { isUsbLpPath } from '../../devices/receipt-printer-device.js';
import { EXIT, intFlag, parseFlags, printJson, UsageError, type CliIO, type Command } from './cli-kit.js';
import type { EmulatorEntry } from './emulate.js';

const USAGE =
  'printer status --port PATH [--baud N] [--timeout MS] | printer test --port PATH [--baud N] [--timeout MS] | printer a4-test (--out FILE | --queue NAME)';

export function exitForPrintError(code: PrintErrorCode): number {
  if (code === 'no-answer' || code === 'garbage' || code === 'truncated' || code === 'unconfirmed') return EXIT.noAnswer;
  return EXIT.deviceError;
}

export function statusJson(s: PrinterStatus): { online: boolean; paper: string; coverOpen: boolean; error: string | null } {
  return { online: s.online, paper: s.paper, coverOpen: s.coverOpen, error: s.error };
}

/** The technician's test receipt: Chinese text in every size and alignment, and a QR code. */
export function testReceipt(port: string, at: Date): ReceiptBuilder {
  return new ReceiptBuilder()
    .line('一门式 自助终端', { align: 'center', bold: true, width: 2, height: 2 })
    .line('打印机测试页', { align: 'center', bold: false, width: 1, height: 1 })
    .line('--------------------------------', { align: 'left' })
    .line(`端口：${port}`)
    .line(`时间：${at.toISOString()}`)
    .line('中文：认窗口不认部门，认流程不认面孔')
    .line('ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789')
    .line('加粗 BOLD', { bold: true })
    .line('右对齐 RIGHT', { bold: false, align: 'right' })
    .qr(`https://yimen.example/printer-test?at=${at.getTime()}`, { align: 'center', size: 6, ecc: 'M' })
    .line('扫码核对打印质量', { align: 'center' })
    .feed(3)
    .cut('partial');
}

function transportFor(port: string, baud: number | undefined): Transport {
  return isUsbLpPath(port)
    ? new DeviceFileTransport({ path: port })
    : new SerialTransport({ path: port, baudRate: baud ?? 115200, livenessMs: 0 });
}

async function withPrinter(
  flags: { port: string; baud?: number; timeout?: number },
  io: CliIO,
  fn: (driver: ReceiptPrinterDriver) => Promise<number>,
): Promise<number> {
  const transport = transportFor(flags.port, flags.baud);
  try {
    await transport.open();
  } catch (e) {
    const message = `cannot open ${flags.port}: ${(e as Error).message}`;
    printJson(io, { error: { code: 'port-unavailable', message } });
    io.err(`yimen printer: ${message}`);
    return EXIT.deviceError;
  }
  const driver = new ReceiptPrinterDriver({
    transport,
    pollMs: 0,
    ...(flags.timeout !== undefined ? { statusTimeoutMs: flags.timeout } : {}),
  });
  try {
    return await fn(driver);
  } finally {
    await transport.close();
  }
}

export const SAMPLE_A4: A4Document = {
  title: '一门式政务服务 受理回执（测试页）',
  paragraphs: ['这是一张A4打印测试页，用于检查中文字体、表格和二维码的打印效果。', 'This is an A4 test page.'],
  table: [
    { key: '事项', value: '居住证签注' },
    { key: '受理编号', value: 'TEST-0001' },
    { key: '办理结果', value: '立等可取 / 24小时自助取件柜' },
  ],
  footer: '认窗口不认部门，认流程不认面孔，认标准不认关系。',
  qr: { data: 'https://yimen.example/a4-test', caption: '扫码查询办理进度' },
};

async function a4Test(argv: string[], io: CliIO): Promise<number> {
  const { values } = parseFlags(argv, { out: { type: 'string' }, queue: { type: 'string' } });
  if ((values.out === undefined) === (values.queue === undefined))
    throw new UsageError('give exactly one of --out FILE or --queue NAME');
  // pdf-lib and fontkit are big: loaded only for this subcommand.
  const { renderA4Pdf } = await import('../../../drivers/printer/a4/a4-document.js');
  const { A4PrinterDriver } = await import('../../../drivers/printer/a4/a4-printer-driver.js');
  const { CupsA4Printer } = await import('../../../drivers/printer/a4/cups-backend.js');
  if (values.out !== undefined) {
    const pdf = await renderA4Pdf(SAMPLE_A4);
    if (!pdf.ok) {
      printJson(io, { error: pdf.error });
      io.err(`yimen printer: ${pdf.error.code}: ${pdf.error.message}`);
      return EXIT.deviceError;
    }
    writeFileSync(values.out, pdf.value);
    printJson(io, { written: values.out, bytes: pdf.value.length });
    return EXIT.ok;
  }
  const queue = values.queue ?? '';
  if (!/^[^\s/#]+$/.test(queue)) throw new UsageError('--queue must be a CUPS queue name');
  const driver = new A4PrinterDriver({ backend: new CupsA4Printer({ printer: queue }), pollMs: 0 });
  const r = await driver.print(SAMPLE_A4, { wait: true });
  if (!r.ok) {
    printJson(io, { error: r.error });
    io.err(`yimen printer: ${r.error.code}: ${r.error.message}`);
    return EXIT.deviceError;
  }
  printJson(io, { printed: true, jobId: r.value.jobId, bytes: r.value.bytes, state: r.value.state });
  return EXIT.ok;
}

export const printerCommand: Command = {
  name: 'printer',
  summary: 'Receipt printer status / test receipt over a serial port or /dev/usb/lp*, and an A4 test page; JSON on stdout.',
  usage: USAGE,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    if (sub === 'a4-test') return a4Test(rest, io);
    if (sub !== 'status' && sub !== 'test')
      throw new UsageError(`expected "status", "test" or "a4-test", got ${sub ?? 'nothing'}`);
    const { values } = parseFlags(rest, { port: { type: 'string' }, baud: { type: 'string' }, timeout: { type: 'string' } });
    if (!values.port) throw new UsageError('--port PATH is required');
    const baud = intFlag(values.baud, 'baud', 1200, 921600);
    const timeout = intFlag(values.timeout, 'timeout', 20, 60_000);
    const flags = { port: values.port, ...(baud !== undefined ? { baud } : {}), ...(timeout !== undefined ? { timeout } : {}) };
    return withPrinter(flags, io, async (driver) => {
      if (sub === 'status') {
        const r = await driver.status();
        if (!r.ok) {
          printJson(io, { error: r.error });
          io.err(`yimen printer: ${r.error.code}: ${r.error.message}`);
          return exitForPrintError(r.error.code);
        }
        printJson(io, statusJson(r.value));
        const refusal = refusalFor(r.value);
        if (refusal) io.err(`yimen printer: the printer cannot print: ${refusal}`);
        else if (r.value.paper === 'near-end') io.err('yimen printer: warning: paper near its end');
        return refusal ? EXIT.deviceError : EXIT.ok;
      }
      const r = await driver.print(testReceipt(flags.port, new Date()));
      if (!r.ok) {
        printJson(io, { error: r.error });
        io.err(`yimen printer: ${r.error.code}: ${r.error.message}`);
        return exitForPrintError(r.error.code);
      }
      printJson(io, { printed: true, bytes: r.value.bytes, status: statusJson(r.value.after) });
      if (r.value.after.paper === 'near-end') io.err('yimen printer: warning: paper near its end');
      return EXIT.ok;
    });
  },
};

/** `yimen emulate printer --port PATH [--scenario NAME] [--baud N]` */
export const printerEmulatorEntry: EmulatorEntry = {
  usage: `printer --port PATH [--scenario ${PRINTER_SCENARIOS.join('|')}] [--baud N]`,
  async start(argv, io) {
    const { values } = parseFlags(argv, { port: { type: 'string' }, scenario: { type: 'string' }, baud: { type: 'string' } });
    if (!values.port) throw new UsageError('--port PATH is required');
    const scenario = values.scenario ?? 'ok';
    if (!isPrinterScenario(scenario)) throw new UsageError(`--scenario must be one of ${PRINTER_SCENARIOS.join(', ')}`);
    const baud = intFlag(values.baud, 'baud', 1200, 921600) ?? 115200;
    const transport = new SerialTransport({ path: values.port, baudRate: baud });
    const emulator = new ReceiptPrinterEmulator(transport, { scenario });
    emulator.onReceipt((receipt) => io.err(`yimen emulate: receipt #${emulator.printed}\n${renderReceiptText(receipt)}`));
    await emulator.start();
    printJson(io, { emulating: 'printer', port: values.port, scenario });
    io.err(
      `yimen emulate: receipt printer on ${values.port}; commands on stdin: scenario <name> | paper ok|near-end|out | cover open|closed | state`,
    );
    return {
      stop: () => emulator.stop(),
      command: (line) => {
        const [verb, arg] = line.trim().split(/\s+/);
        if (verb === 'scenario' && arg) {
          const r = emulator.setScenario(arg);
          if (!r.ok) return r.error.message;
        } else if (verb === 'paper' && (arg === 'ok' || arg === 'near-end' || arg === 'out')) {
          emulator.setCondition({ paper: arg });
        } else if (verb === 'cover' && (arg === 'open' || arg === 'closed')) {
          emulator.setCondition({ coverOpen: arg === 'open' });
        } else if (verb !== 'state') {
          return `unknown command "${line.trim()}"`;
        }
        return `ok ${JSON.stringify({ scenario: emulator.getScenario(), ...emulator.getCondition(), receipts: emulator.printed })}`;
      },
    };
  },
};
