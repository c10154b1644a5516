import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { A4PrinterDriver, refusalForQueue } from '../../../../../drivers/printer/a4/a4-printer-driver.js';
import { A4PrinterEmulator } from '../../../../../drivers/printer/a4/a4-printer-emulator.js';
import {
  classifyCupsError,
  CupsA4Printer,
  isJobGone,
  parseLpJobId,
  parseLpstatJobs,
  parseLpstatPrinter,
} from '../../../../../drivers/printer/a4/cups-backend.js';

const doc = { title: '受理回执', paragraphs: ['您的申请已受理。'], table: [{ key: '编号', value: 'A-1' }] };

describe('CUPS output parsers', () => {
  it('reads the job id from lp', () => {
    expect(parseLpJobId('request id is kiosk-a4-17 (1 file(s))\n')).toBe('kiosk-a4-17');
    expect(parseLpJobId('')).toBeNull();
  });

  it('reads lpstat -l -p', () => {
    expect(
      parseLpstatPrinter('printer kiosk is idle.  enabled since Mon 01 Jan 2024 10:00:00\n\tAlerts: none\n', 'kiosk'),
    ).toEqual({
      state: 'idle',
      reasons: [],
      currentJob: null,
    });
    expect(parseLpstatPrinter('printer kiosk now printing kiosk-3.  enabled since x\n', 'kiosk')).toMatchObject({
      state: 'printing',
      currentJob: 'kiosk-3',
    });
    const stopped = parseLpstatPrinter(
      'printer other is idle.\nprinter kiosk disabled since Mon 01 Jan 2024 -\n\tPaused\n\tAlerts: media-empty-error door-open-report\nprinter z is idle.\n',
      'kiosk',
    );
    expect(stopped).toEqual({ state: 'stopped', reasons: ['media-empty-error', 'door-open-report'], currentJob: null });
    expect(stopped && refusalForQueue(stopped)?.code).toBe('paper-out');
    expect(parseLpstatPrinter('printer kiosk2 is idle.\n', 'kiosk')).toBeNull();
  });

  it('lists job ids', () => {
    expect(parseLpstatJobs('kiosk-1  root  1024  Mon\nkiosk-22 root 99 Tue\n')).toEqual(['kiosk-1', 'kiosk-22']);
  });

  it('tells a job that has already gone from a refused cancel', () => {
    expect(isJobGone("cancel: cancel-job failed: Job #12 is already completed - can't cancel.")).toBe(true);
    expect(isJobGone('cancel: cancel-job failed: Job #12 does not exist.')).toBe(true);
    expect(isJobGone('cancel: cancel-job failed: Forbidden')).toBe(false);
  });

  it('classifies errors', () => {
    expect(classifyCupsError('lp: The printer or class does not exist.')).toBe('printer-missing');
    expect(classifyCupsError('lpstat: Invalid destination name in list "x".')).toBe('printer-missing');
    expect(classifyCupsError('lp: Scheduler not responding.')).toBe('cups-unavailable');
    expect(classifyCupsError('lp: Destination "x" is not accepting jobs.')).toBe('printer-stopped');
  });

  it('lets warnings through but not errors', () => {
    expect(refusalForQueue({ state: 'idle', reasons: ['media-low-warning'], currentJob: null })).toBeNull();
    expect(refusalForQueue({ state: 'idle', reasons: ['media-jam-error'], currentJob: null })?.code).toBe('paper-jam');
    expect(refusalForQueue({ state: 'stopped', reasons: [], currentJob: null })?.code).toBe('printer-stopped');
  });
});

/**
 * A stand-in CUPS: `lp` and `lpstat` shell scripts that keep their queue in files, so the real
 * spawn/stdin/exit-code path of CupsA4Printer runs. (Real CUPS is not installed on CI machines.)
 */
describe('CupsA4Printer against stand-in lp/lpstat', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'yimen-cups-'));
    writeFileSync(join(dir, 'state'), 'idle');
    writeFileSync(
      join(dir, 'lp'),
      `#!/bin/sh
D=$(dirname "$0")
dest=""; while [ $# -gt 0 ]; do case "$1" in -d) dest="$2"; shift 2;; -t|-o) echo "$1 $2" >> "$D/args"; shift 2;; *) shift;; esac; done
if [ "$dest" != "kiosk" ]; then echo "lp: The printer or class does not exist." >&2; exit 1; fi
n=$(( $(cat "$D/seq" 2>/dev/null || echo 0) + 1 )); echo $n > "$D/seq"
cat > "$D/job-$n.pdf"
if [ "$(cat "$D/state")" = "hold" ]; then echo "kiosk-$n root 1 now" >> "$D/open"; else echo "kiosk-$n root 1 now" >> "$D/done"; fi
echo "request id is kiosk-$n (1 file(s))"
`,
    );
    writeFileSync(
      join(dir, 'lpstat'),
      `#!/bin/sh
D=$(dirname "$0")
case "$*" in
  "-l -p kiosk") s=$(cat "$D/state"); if [ "$s" = "paper" ]; then printf 'printer kiosk disabled since now -\\n\\tAlerts: media-empty-error\\n'; else echo "printer kiosk is idle.  enabled since now"; fi;;
  "-l -p "*) echo "lpstat: Invalid destination name in list \\"x\\"." >&2; exit 1;;
  "-W not-completed -o kiosk") cat "$D/open" 2>/dev/null; true;;
  "-W completed -o kiosk") cat "$D/done" 2>/dev/null; true;;
  *) exit 1;;
esac
`,
    );
    writeFileSync(
      join(dir, 'cancel'),
      `#!/bin/sh
D=$(dirname "$0")
if [ -e "$D/refuse" ]; then echo "cancel: cancel-job failed: Forbidden" >&2; exit 1; fi
if grep -q "^$1 " "$D/open" 2>/dev/null; then grep -v "^$1 " "$D/open" > "$D/open.tmp"; mv "$D/open.tmp" "$D/open"; exit 0; fi
echo "cancel: cancel-job failed: Job #$1 does not exist." >&2; exit 1
`,
    );
    chmodSync(join(dir, 'lp'), 0o755);
    chmodSync(join(dir, 'lpstat'), 0o755);
    chmodSync(join(dir, 'cancel'), 0o755);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const cups = (printer = 'kiosk'): CupsA4Printer =>
    new CupsA4Printer({ printer, lpPath: join(dir, 'lp'), lpstatPath: join(dir, 'lpstat'), cancelPath: join(dir, 'cancel') });

  it('submits the PDF on stdin and follows the job to completed', async () => {
    writeFileSync(join(dir, 'state'), 'idle');
    const driver = new A4PrinterDriver({ backend: cups(), pollMs: 0, jobPollMs: 10 });
    await driver.start();
    expect(driver.health()).toEqual({ state: 'ok', code: null });
    const r = await driver.print(doc, { wait: true });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.state).toBe('completed');
    const n = r.value.jobId.split('-').pop() ?? '';
    const pdf = readFileSync(join(dir, `job-${n}.pdf`));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBe(r.value.bytes);
    expect(readFileSync(join(dir, 'args'), 'utf8')).toContain('-o media=A4');
  });

  it('reports a pending job as pending', async () => {
    writeFileSync(join(dir, 'state'), 'hold');
    const r = await cups().submit(Uint8Array.from([0x25, 0x50, 0x44, 0x46]), 'x');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(await cups().jobState(r.value.jobId)).toEqual({ ok: true, value: 'pending' });
    expect(await cups().jobState('kiosk-999')).toEqual({ ok: true, value: 'unknown' });
  });

  it('counts the pending jobs and cancels them with cancel', async () => {
    writeFileSync(join(dir, 'state'), 'hold');
    writeFileSync(join(dir, 'open'), '');
    const p = cups();
    for (const title of ['a', 'b']) expect((await p.submit(Uint8Array.of(0x25), title)).ok).toBe(true);
    expect(await p.pendingJobs()).toEqual({ ok: true, value: 2 });
    const driver = new A4PrinterDriver({ backend: p, pollMs: 0 });
    expect(await driver.pendingJobs()).toEqual({ ok: true, value: 2 });
    writeFileSync(join(dir, 'refuse'), '');
    const refused = await driver.cancel();
    expect(!refused.ok && refused.error.code).toBe('cancel-failed');
    rmSync(join(dir, 'refuse'));
    expect(await driver.cancel()).toEqual({ ok: true, value: { cancelled: 2 } });
    expect(await p.pendingJobs()).toEqual({ ok: true, value: 0 });
    expect(await driver.cancel()).toEqual({ ok: true, value: { cancelled: 0 } });
  });

  it('self-tests through the queue status', async () => {
    writeFileSync(join(dir, 'state'), 'idle');
    expect(await new A4PrinterDriver({ backend: cups(), pollMs: 0 }).selfTest()).toEqual({ ok: true, detail: 'idle' });
    writeFileSync(join(dir, 'state'), 'paper');
    expect(await new A4PrinterDriver({ backend: cups(), pollMs: 0 }).selfTest()).toEqual({
      ok: false,
      detail: 'stopped media-empty-error',
    });
    expect(await new A4PrinterDriver({ backend: cups('nosuch'), pollMs: 0 }).selfTest()).toEqual({
      ok: false,
      detail: 'printer-missing',
    });
  });

  it('refuses when the queue is out of paper', async () => {
    writeFileSync(join(dir, 'state'), 'paper');
    const driver = new A4PrinterDriver({ backend: cups(), pollMs: 0 });
    const before = readdirSync(dir).filter((f) => f.endsWith('.pdf')).length;
    const r = await driver.print(doc);
    expect(!r.ok && r.error.code).toBe('paper-out');
    expect(driver.health()).toEqual({ state: 'offline', code: 'paper-out' });
    expect(readdirSync(dir).filter((f) => f.endsWith('.pdf')).length).toBe(before);
  });

  it('reports a missing printer', async () => {
    writeFileSync(join(dir, 'state'), 'idle');
    const s = await cups('nosuch').status();
    expect(!s.ok && s.error.code).toBe('printer-missing');
    const sub = await cups('nosuch').submit(Uint8Array.of(1), 'x');
    expect(!sub.ok && sub.error.code).toBe('printer-missing');
  });

  it('reports cups-missing when lp is not installed', async () => {
    const p = new CupsA4Printer({ printer: 'kiosk', lpPath: join(dir, 'no-lp'), lpstatPath: join(dir, 'no-lpstat') });
    const s = await p.status();
    expect(!s.ok && s.error.code).toBe('cups-missing');
    const d = new A4PrinterDriver({ backend: p, pollMs: 0 });
    await d.start();
    expect(d.health()).toEqual({ state: 'offline', code: 'cups-missing' });
  });
});

describe('A4PrinterEmulator', () => {
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'yimen-a4-'));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('writes PDFs to its folder and keeps a job list', async () => {
    const emu = new A4PrinterEmulator({ folder, name: 'demo' });
    const driver = new A4PrinterDriver({ backend: emu, pollMs: 0 });
    const r = await driver.print(doc, { wait: true });
    expect(r.ok && r.value.state).toBe('completed');
    expect(emu.jobs).toHaveLength(1);
    expect(emu.jobs[0]?.title).toBe('受理回执');
    expect(
      readFileSync(emu.jobs[0]?.file ?? '')
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
  });

  it('plays paper-out, stopped and missing', async () => {
    const emu = new A4PrinterEmulator({ folder, name: 'bad', condition: 'paper-out' });
    const driver = new A4PrinterDriver({ backend: emu, pollMs: 0 });
    expect(await driver.print(doc).then((r) => !r.ok && r.error.code)).toBe('paper-out');
    emu.condition = 'stopped';
    expect(await driver.print(doc).then((r) => !r.ok && r.error.code)).toBe('printer-stopped');
    emu.condition = 'missing';
    expect(await driver.print(doc).then((r) => !r.ok && r.error.code)).toBe('printer-missing');
    expect(emu.jobs).toHaveLength(0);
  });

  it('a held job completes when released', async () => {
    const emu = new A4PrinterEmulator({ folder, name: 'held', holdJobs: true });
    const driver = new A4PrinterDriver({ backend: emu, pollMs: 0 });
    const r = await driver.print(doc);
    expect(r.ok && r.value.state).toBe('pending');
    if (!r.ok) return;
    expect(await emu.jobState(r.value.jobId)).toEqual({ ok: true, value: 'pending' });
    emu.completeJobs();
    expect(await emu.jobState(r.value.jobId)).toEqual({ ok: true, value: 'completed' });
  });

  it('counts and cancels the waiting jobs through the driver, keeping the completed ones', async () => {
    const emu = new A4PrinterEmulator({ folder, name: 'queue', holdJobs: true });
    const driver = new A4PrinterDriver({ backend: emu, pollMs: 0 });
    expect((await driver.print(doc)).ok).toBe(true);
    emu.completeJobs();
    expect((await driver.print(doc)).ok).toBe(true);
    expect((await driver.print(doc)).ok).toBe(true);
    expect(await driver.pendingJobs()).toEqual({ ok: true, value: 2 });
    expect(await driver.cancel()).toEqual({ ok: true, value: { cancelled: 2 } });
    expect(await driver.pendingJobs()).toEqual({ ok: true, value: 0 });
    expect(emu.jobs.map((j) => j.state)).toEqual(['completed']);
    expect(await driver.selfTest()).toEqual({ ok: true, detail: 'idle' });
    emu.setScenario('stopped');
    expect(await driver.selfTest()).toEqual({ ok: false, detail: 'stopped paused' });
  });
});
