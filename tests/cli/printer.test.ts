/**
 * `yimen printer …` and `yimen emulate printer …` as a technician runs them: the built CLI
 * (`node bin/yimen.js`; run `npm run build:main` first) against the emulator over a socat pty pair.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lineText } from '../../drivers/printer/receipt/escpos-parser.js';
import { ReceiptPrinterEmulator, type PrinterScenario } from '../../drivers/printer/receipt/receipt-printer-emulator.js';
import { SerialTransport } from '../../drivers/transport/serial-transport.js';
import { useEmulatorBench, yimen, type Run } from '../helpers/cli.js';

/**
 * A real printer answers a status question within milliseconds, so the CLI's default deadline
 * (500 ms, asked twice) only has to cover the terminal's own latency. Here the "printer" is an
 * emulator in this test process, reached through socat, on a machine the rest of the suite keeps
 * busy: the tests that expect an answer give it the time such a device needs.
 */
const EMULATOR_DEADLINE = ['--timeout', '2000'];

function json(r: Run): Record<string, unknown> {
  const lines = r.stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0] ?? '') as Record<string, unknown>;
}

const bench = useEmulatorBench<ReceiptPrinterEmulator>('printer');

function withEmulator(scenario: PrinterScenario): Promise<string> {
  return bench.startEmulator((path) => new ReceiptPrinterEmulator(new SerialTransport({ path, livenessMs: 0 }), { scenario }));
}

describe('yimen printer status', () => {
  it.each([
    ['ok', 0, { online: true, paper: 'ok', coverOpen: false, error: null }],
    ['near-end', 0, { online: true, paper: 'near-end', coverOpen: false, error: null }],
    ['paper-out', 4, { online: false, paper: 'out', coverOpen: false, error: null }],
    ['cover-open', 4, { online: false, paper: 'ok', coverOpen: true, error: null }],
    ['cutter-error', 4, { online: false, paper: 'ok', coverOpen: false, error: 'cutter' }],
  ] as const)('%s → exit %i', async (scenario, exit, expected) => {
    const port = await withEmulator(scenario);
    const r = await yimen(['printer', 'status', '--port', port, ...EMULATOR_DEADLINE]);
    expect(r.code, r.stderr).toBe(exit);
    expect(json(r)).toEqual(expected);
  });

  // Silence is reported after the deadline, so a short one keeps the test quick; noise must reach
  // the CLI before its deadline to be told apart from silence.
  it.each([
    ['no-answer', 'no-answer', ['--timeout', '100']],
    ['garbage', 'garbage', EMULATOR_DEADLINE],
  ] as const)('%s → exit 3', async (scenario, code, timeout) => {
    const port = await withEmulator(scenario);
    const r = await yimen(['printer', 'status', '--port', port, ...timeout]);
    expect(r.code, r.stderr).toBe(3);
    expect(json(r)).toMatchObject({ error: { code } });
  });

  it('a port that does not exist → exit 4', async () => {
    const r = await yimen(['printer', 'status', '--port', '/dev/yimen-no-such-port']);
    expect(r.code, r.stderr).toBe(4);
    expect(json(r)).toMatchObject({ error: { code: 'port-unavailable' } });
  });

  it('usage errors → exit 1', async () => {
    expect((await yimen(['printer', 'status'])).code).toBe(1);
    expect((await yimen(['printer', 'status', '--port', 'x', '--timeout', 'soon'])).code).toBe(1);
  });
});

describe('yimen printer test', () => {
  it('prints a Chinese test receipt with a QR code', async () => {
    const port = await withEmulator('ok');
    const printed = new Promise<void>((resolve) => bench.emu?.onReceipt(() => resolve()));
    const r = await yimen(['printer', 'test', '--port', port, ...EMULATOR_DEADLINE]);
    expect(r.code, r.stderr).toBe(0);
    expect(json(r)).toMatchObject({ printed: true, status: { paper: 'ok', online: true } });
    await printed;
    const items = bench.emu?.receipts[0]?.items ?? [];
    const texts = items.flatMap((i) => (i.kind === 'text' ? [lineText(i)] : []));
    expect(texts).toContain('一门式 自助终端');
    expect(texts).toContain('中文：认窗口不认部门，认流程不认面孔');
    expect(items.find((i) => i.kind === 'qr')).toMatchObject({ kind: 'qr', align: 'center' });
    expect(bench.emu?.receipts[0]?.cut).toBe('partial');
  });

  it('refuses with paper out → exit 4, nothing printed', async () => {
    const port = await withEmulator('paper-out');
    const r = await yimen(['printer', 'test', '--port', port, ...EMULATOR_DEADLINE]);
    expect(r.code, r.stderr).toBe(4);
    expect(json(r)).toMatchObject({ error: { code: 'paper-out' } });
    expect(bench.emu?.receipts).toHaveLength(0);
  });
});

describe('yimen emulate printer', () => {
  it('answers status, takes scenario commands on stdin, and stops on SIGTERM', async () => {
    const pty = await bench.openPty();
    const emulator = bench.startYimen(['emulate', 'printer', '--port', pty.b, '--scenario', 'near-end']);
    const ready = await emulator.waitFor('out', '\n');
    expect(JSON.parse(ready)).toEqual({ emulating: 'printer', port: pty.b, scenario: 'near-end' });

    const s1 = await yimen(['printer', 'status', '--port', pty.a, ...EMULATOR_DEADLINE]);
    expect(s1.code, s1.stderr).toBe(0);
    expect(json(s1)).toMatchObject({ paper: 'near-end' });

    emulator.proc.stdin.write('cover open\n');
    await emulator.waitFor('err', '"coverOpen":true');
    const s2 = await yimen(['printer', 'status', '--port', pty.a, ...EMULATOR_DEADLINE]);
    expect(s2.code, s2.stderr).toBe(4);
    expect(json(s2)).toMatchObject({ coverOpen: true, online: false });

    emulator.proc.stdin.write('scenario ok\n');
    await emulator.waitFor('err', '"scenario":"ok"');
    const t = await yimen(['printer', 'test', '--port', pty.a, ...EMULATOR_DEADLINE]);
    expect(t.code, t.stderr).toBe(0);
    await emulator.waitFor('err', 'receipt #1');
    expect(emulator.err).toContain('一门式 自助终端');

    expect(await emulator.stop()).toBe(0);
  });

  it('rejects an unknown scenario → exit 1', async () => {
    const r = await yimen(['emulate', 'printer', '--port', '/dev/null', '--scenario', 'on-fire']);
    expect(r.code, r.stderr).toBe(1);
  });
});

describe('yimen printer a4-test', () => {
  it('writes a Chinese A4 test page to a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'yimen-a4cli-'));
    try {
      const file = join(dir, 'test.pdf');
      const r = await yimen(['printer', 'a4-test', '--out', file]);
      expect(r.code, r.stderr).toBe(0);
      expect(json(r)).toMatchObject({ written: file });
      expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('without CUPS (or with a missing queue) → exit 4 with a typed error', async () => {
    const r = await yimen(['printer', 'a4-test', '--queue', 'yimen-no-such-queue']);
    expect(r.code, r.stderr).toBe(4);
    const code = (json(r) as { error: { code: string } }).error.code;
    expect(['cups-missing', 'printer-missing', 'cups-unavailable']).toContain(code);
  });
});
