/**
 * Printer path benchmarks: building a receipt, parsing ESC/POS on the printer side, a full
 * DLE EOT 1..4 status read and a print job driver ⇄ emulator over an in-memory pair at UART
 * speed (115200 8N1), and rendering a Chinese A4 PDF (cold: font load + parse; warm: cached).
 */
import { renderA4Pdf, type A4Document } from '../drivers/printer/a4/a4-document.js';
import { EscPosStreamParser } from '../drivers/printer/receipt/escpos-parser.js';
import { ReceiptBuilder } from '../drivers/printer/receipt/receipt-builder.js';
import { ReceiptPrinterDriver } from '../drivers/printer/receipt/receipt-printer-driver.js';
import { ReceiptPrinterEmulator } from '../drivers/printer/receipt/receipt-printer-emulator.js';
import { createMemoryPair, uartBytesPerSecond } from '../drivers/transport/memory-transport.js';
import { median, percentile, round, type BenchReport } from './bench-kit.js';

function receipt(i: number): ReceiptBuilder {
  return new ReceiptBuilder()
    .line('佛山市禅城区行政服务中心', { align: 'center', bold: true, width: 2, height: 2 })
    .line('24小时自助服务区 办事回执', { align: 'center', bold: false, width: 1, height: 1 })
    .line(`受理编号：CC-2026-${String(i).padStart(6, '0')}`, { align: 'left' })
    .line('事项：居住证签注')
    .line('办理结果：立等可取')
    .qr(`https://example.gov.cn/track/CC-2026-${i}`, { align: 'center' })
    .line('认标准不认关系', { align: 'center' })
    .feed(3)
    .cut();
}

const DOC: A4Document = {
  title: '佛山市禅城区行政服务中心 受理回执',
  paragraphs: Array.from({ length: 8 }, (_, i) => `第${i + 1}条：您的申请已受理，请凭本回执到24小时自助取件柜领取办理结果。`),
  table: Array.from({ length: 10 }, (_, i) => ({ key: `项目${i + 1}`, value: `内容 ${i + 1} 一门式政务服务` })),
  footer: '本回执由自助终端打印。',
  qr: { data: 'https://example.gov.cn/track/CC-2026-000001', caption: '扫码查询' },
};

export async function bench(): Promise<BenchReport> {
  // Build
  const builds: number[] = [];
  let bytes = 0;
  for (let i = 0; i < 2000; i++) {
    const t0 = performance.now();
    bytes = receipt(i).build().length;
    builds.push(performance.now() - t0);
  }
  // Parse throughput
  const stream = Buffer.concat(Array.from({ length: 2000 }, (_, i) => receipt(i).build()));
  const p0 = performance.now();
  const parser = new EscPosStreamParser();
  for (let i = 0; i < stream.length; i += 64) parser.push(stream.subarray(i, i + 64));
  const parseMs = performance.now() - p0;
  const mbPerS = stream.length / 1e6 / (parseMs / 1000);

  // Status and print over a 115200 baud memory pair
  const pair = createMemoryPair({ bytesPerSecond: uartBytesPerSecond(115200) });
  const emulator = new ReceiptPrinterEmulator(pair.b);
  await emulator.start();
  const driver = new ReceiptPrinterDriver({ transport: pair.a, pollMs: 0 });
  await driver.start();
  const status: number[] = [];
  for (let i = 0; i < 50; i++) {
    const t0 = performance.now();
    const r = await driver.status();
    if (!r.ok) throw new Error(r.error.message);
    status.push(performance.now() - t0);
  }
  const prints: number[] = [];
  for (let i = 0; i < 10; i++) {
    const t0 = performance.now();
    const r = await driver.print(receipt(i));
    if (!r.ok) throw new Error(r.error.message);
    prints.push(performance.now() - t0);
  }
  await driver.stop();
  await emulator.stop();

  // A4
  const c0 = performance.now();
  const cold = await renderA4Pdf(DOC);
  const coldMs = performance.now() - c0;
  if (!cold.ok) throw new Error(cold.error.message);
  const warm: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const r = await renderA4Pdf(DOC);
    if (!r.ok) throw new Error(r.error.message);
    warm.push(performance.now() - t0);
  }

  const statusP95 = percentile(status, 95);
  const warmMedian = median(warm);
  return {
    name: 'printer',
    description:
      'Receipt build and printer-side ESC/POS parse (in-process); DLE EOT 1..4 status read and a full print job (status, ~300 B job, status) driver ⇄ emulator over an in-memory pair at 115200 8N1; Chinese A4 PDF rendering with the system Noto CJK face (cold includes loading and parsing the font).',
    rows: [
      { metric: 'receipt build (median)', value: round(median(builds) * 1000, 1), unit: 'µs' },
      { metric: 'receipt size', value: bytes, unit: 'B' },
      {
        metric: 'ESC/POS parse throughput',
        value: round(mbPerS, 1),
        unit: 'MB/s',
        target: '≥ 1 MB/s (far above any printer link)',
        met: mbPerS >= 1,
      },
      {
        metric: 'status read EOT1..4 p95 @115200',
        value: round(statusP95, 1),
        unit: 'ms',
        target: '≤ 100 ms',
        met: statusP95 <= 100,
      },
      { metric: 'print job incl. before/after status (median) @115200', value: round(median(prints), 1), unit: 'ms' },
      { metric: 'A4 PDF render cold', value: round(coldMs), unit: 'ms' },
      {
        metric: 'A4 PDF render warm (median)',
        value: round(warmMedian),
        unit: 'ms',
        target: '≤ 2000 ms',
        met: warmMedian <= 2000,
      },
      { metric: 'A4 PDF size', value: round(cold.value.length / 1024, 1), unit: 'KiB' },
    ],
    raw: { status, prints, warm },
  };
}
