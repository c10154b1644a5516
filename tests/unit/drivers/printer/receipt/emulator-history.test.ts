/**
 * The printer emulators run for days in the demo and in the soak, printing one receipt per
 * citizen: their history of receipts and jobs must stay bounded while the count of what it printed
 * keeps going (found by a heap-snapshot diff of the soak, where it was the kiosk process's growth).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { A4_JOBS_KEPT, A4PrinterEmulator } from '../../../../../drivers/printer/a4/a4-printer-emulator.js';
import { ReceiptCollector, decodeEscPos, lineText } from '../../../../../drivers/printer/receipt/escpos-parser.js';
import { ReceiptBuilder } from '../../../../../drivers/printer/receipt/receipt-builder.js';
import { RECEIPTS_KEPT, ReceiptPrinterEmulator } from '../../../../../drivers/printer/receipt/receipt-printer-emulator.js';
import { createMemoryPair } from '../../../../../drivers/transport/memory-transport.js';

function receipt(n: number): Uint8Array {
  return new ReceiptBuilder().line(`回执 ${n}`, { align: 'left', bold: false, width: 1, height: 1 }).feed(1).cut().build();
}

function firstLine(items: readonly { kind: string }[]): string {
  const t = items.find((i) => i.kind === 'text');
  return t ? lineText(t as Parameters<typeof lineText>[0]) : '';
}

describe('receipt history', () => {
  it('the collector keeps only the newest receipts but counts every cut', () => {
    const c = new ReceiptCollector(3);
    const { events } = decodeEscPos(Uint8Array.from([...receipt(1), ...receipt(2), ...receipt(3), ...receipt(4), ...receipt(5)]));
    for (const e of events) if (e.type === 'item') c.add(e.item);
    expect(c.cutCount).toBe(5);
    expect(c.receipts.map((r) => firstLine(r.items))).toEqual(['回执 3', '回执 4', '回执 5']);
  });

  it('decoding a whole stream still returns every receipt (no bound unless asked)', () => {
    const bytes = Uint8Array.from(Array.from({ length: 150 }, (_, i) => [...receipt(i)]).flat());
    expect(decodeEscPos(bytes).receipts).toHaveLength(150);
  });

  it(`the emulator holds at most ${RECEIPTS_KEPT} receipts after many sessions, and counts them all`, async () => {
    const pair = createMemoryPair();
    const emulator = new ReceiptPrinterEmulator(pair.b);
    await emulator.start();
    await pair.a.open();
    const total = RECEIPTS_KEPT + 60;
    const seen: string[] = [];
    let off: () => void = () => undefined;
    const allSeen = new Promise<void>((resolve) => {
      off = emulator.onReceipt((r) => {
        seen.push(firstLine(r.items));
        if (seen.length === total) resolve();
      });
    });
    for (let i = 1; i <= total; i++) await pair.a.write(receipt(i));
    await allSeen;
    off();
    expect(emulator.printed).toBe(total);
    expect(seen).toHaveLength(total);
    expect(emulator.receipts).toHaveLength(RECEIPTS_KEPT);
    expect(firstLine(emulator.receipts[0]?.items ?? [])).toBe(`回执 ${total - RECEIPTS_KEPT + 1}`);
    expect(firstLine(emulator.receipts.at(-1)?.items ?? [])).toBe(`回执 ${total}`);
    await emulator.stop();
    await pair.a.close();
  });

  it(`the A4 emulator remembers at most ${A4_JOBS_KEPT} completed jobs, and never drops a waiting one`, async () => {
    const folder = mkdtempSync(join(tmpdir(), 'yimen-a4-history-'));
    try {
      const emu = new A4PrinterEmulator({ folder, name: 'h', condition: 'stopped' });
      const waiting = await emu.submit(Uint8Array.of(0x25), 'waiting');
      emu.condition = 'ok';
      for (let i = 0; i < A4_JOBS_KEPT + 20; i++) await emu.submit(Uint8Array.of(0x25), `job ${i}`);
      expect(emu.jobs.filter((j) => j.state === 'completed')).toHaveLength(A4_JOBS_KEPT);
      expect(emu.jobs[0]?.title).toBe('waiting');
      expect(emu.jobs.at(-1)?.title).toBe(`job ${A4_JOBS_KEPT + 19}`);
      expect(waiting.ok && (await emu.jobState(waiting.value.jobId))).toEqual({ ok: true, value: 'pending' });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
