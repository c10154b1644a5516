/**
 * The paper is in the citizen's language (#18.5): the application receipt (the hall name and the
 * matter's name included), the collection slip and the deposit slip, read back from the ESC/POS
 * bytes the printer gets (GB18030 holds simplified and traditional characters alike).
 */
import { describe, expect, it } from 'vitest';
import { textFor } from '../../../../../config/catalog-schema.js';
import { decodeEscPos } from '../../../../../drivers/printer/receipt/escpos-parser.js';
import { layoutReceipt, paperGeometry } from '../../../../../drivers/printer/receipt/receipt-layout.js';
import type { Locale } from '../../../../../main/base/api/contract.js';
import { Compartments } from '../../../../../main/features/journeys/compartments.js';
import { Deposit } from '../../../../../main/features/journeys/deposit.js';
import { Pickup } from '../../../../../main/features/journeys/pickup.js';
import { receiptPrinting } from '../../../../../main/features/journeys/receipt-printing.js';
import { wrapForReceipt } from '../../../../../main/features/journeys/receipt-texts.js';
import { submitApplication } from '../../../../../main/features/journeys/submission.js';
import { FakeLocker, FakeOutbox, FakeReceiptPrinter, NOW, testConfig, ZHANG } from './fakes.js';

/** The text lines of the one receipt a printer got, as laid out on an 80 mm roll. */
function printedLines(printer: FakeReceiptPrinter): string[] {
  const [job] = printer.jobs;
  if (!job) throw new Error('nothing printed');
  const [receipt] = decodeEscPos(job.build()).receipts;
  if (!receipt) throw new Error('the receipt was not cut');
  return layoutReceipt(receipt, paperGeometry(80))
    .blocks.filter((b) => b.kind === 'text')
    .map((b) => b.runs.map((r) => r.text).join(''));
}

const config = testConfig();
const matter = config.catalog.matters.find((m) => m.id === 'household-move-in');

async function receipt(locale: Locale): Promise<{ lines: string[]; applicationNo: string }> {
  const printer = new FakeReceiptPrinter();
  const out = await submitApplication(
    {
      config,
      outbox: new FakeOutbox(),
      sync: { syncStatus: () => null, outboxState: () => null },
      printReceipt: receiptPrinting({ printer: () => printer, audit: () => undefined }),
      now: () => NOW,
    },
    {
      matterId: 'household-move-in',
      values: { purpose: 'school', phone: '13800138000' },
      identity: ZHANG,
      delivery: 'post',
      sessionId: 's-1',
      locale,
    },
  );
  return { lines: printedLines(printer), applicationNo: out.applicationNo };
}

describe('wrapForReceipt', () => {
  it('breaks spaced text between words at 48 columns; Chinese (two columns each) and short lines are left alone', () => {
    expect(wrapForReceipt('Result: not issued here; collect it with your ID card when it is ready')).toEqual([
      'Result: not issued here; collect it with your ID',
      'card when it is ready',
    ]);
    expect(wrapForReceipt('Short line')).toEqual(['Short line']);
    const chinese = '结果：未能现场出具，办结后凭身份证领取办结后凭身份证领取办结后凭身份证领取';
    expect(wrapForReceipt(chinese)).toEqual([chinese]);
    expect(wrapForReceipt('事項：長者優待證 申請 補領 換領 資料更新 事項名稱較長', 20)).toEqual([
      '事項：長者優待證',
      '申請 補領 換領',
      '資料更新',
      '事項名稱較長',
    ]);
  });
});

describe('receipts in the session locale', () => {
  if (!matter) throw new Error('the test catalog has no household-move-in');

  it('the application receipt: hall name, title, matter and lines in zh-CN, zh-HK and en', async () => {
    const cn = await receipt('zh-CN');
    const hk = await receipt('zh-HK');
    const en = await receipt('en');
    expect(cn.lines.slice(0, 2)).toEqual([textFor(config.terminal.hallName, 'zh-CN'), '办件回执']);
    expect(hk.lines.slice(0, 2)).toEqual([textFor(config.terminal.hallName, 'zh-HK'), '辦件回執']);
    // The English hall name is longer than the roll is wide: it breaks between words, not inside one.
    expect(en.lines.slice(0, 3)).toEqual([
      'Demo Administrative Service Centre, 24-hour',
      'self-service area',
      'Application receipt',
    ]);
    expect(`${en.lines[0]} ${en.lines[1]}`).toBe(textFor(config.terminal.hallName, 'en'));
    // Three different hall names: the config gives one per locale.
    expect(new Set([cn.lines[0], hk.lines[0], en.lines[0]]).size).toBe(3);
    // The whole English receipt: no word cut at the edge of the roll, 24-hour time.
    expect(en.lines.slice(3)).toEqual([
      `Service: ${textFor(matter.names, 'en')}`,
      `Application no.: ${en.applicationNo}`,
      expect.stringMatching(/^Applicant: 张\*\* {2}1\*+X$/u),
      expect.stringMatching(/^Time: 02\/03\/2026, \d\d:30:00$/u),
      'Status: accepted',
      'Time limit: 5 working days; an SMS tells you',
      'when it is ready',
      'Scan to check the progress',
    ]);
    expect(cn.lines).toContain(`事项：${textFor(matter.names, 'zh-CN')}`);
    expect(hk.lines).toContain(`事項：${textFor(matter.names, 'zh-HK')}`);
    expect(en.lines.join('\n')).toContain(`Service: ${textFor(matter.names, 'en')}`);
    expect(hk.lines).toContain(`申請編號：${hk.applicationNo}`);
    expect(en.lines).toContain(`Application no.: ${en.applicationNo}`);
    // Nothing Chinese on the English receipt but the applicant's masked name.
    const chinese = en.lines.filter((l) => /[\u3400-\u9fff]/u.test(l));
    expect(chinese).toEqual([expect.stringMatching(/^Applicant: 张\*\*/u)]);
  });

  it('a plain-string hall name (older configs) prints as given in every locale', async () => {
    const printer = new FakeReceiptPrinter();
    const old = testConfig({ terminal: { id: 'T-1', hallId: 'h', hallName: '某某服务大厅' } });
    await submitApplication(
      {
        config: old,
        outbox: new FakeOutbox(),
        sync: { syncStatus: () => null, outboxState: () => null },
        printReceipt: receiptPrinting({ printer: () => printer, audit: () => undefined }),
        now: () => NOW,
      },
      { matterId: 'household-move-in', values: {}, identity: ZHANG, delivery: 'post', sessionId: 's', locale: 'en' },
    );
    expect(printedLines(printer)[0]).toBe('某某服务大厅');
  });

  it('the collection slip and the deposit slip', async () => {
    const compartments = new Compartments([{ deviceId: 'locker', label: 'A-03', board: 1, lock: 3, size: 'M' }]);
    const slips: Record<string, string[]> = {};
    for (const locale of ['zh-HK', 'en'] as const) {
      const printer = new FakeReceiptPrinter();
      const pickup = new Pickup({
        locker: () => new FakeLocker(),
        compartments,
        outbox: new FakeOutbox(),
        printReceipt: receiptPrinting({ printer: () => printer, audit: () => {} }),
        audit: () => {},
        urgent: () => true,
        now: () => NOW,
      });
      await pickup.completePickup({
        pickup: { pickupId: 'p1', applicationNo: 'APP-1', matterId: 'senior-card', door: 'A-03' },
        sessionId: 's',
        identity: ZHANG,
        locale,
      });
      slips[`pickup-${locale}`] = printedLines(printer);
      const depositPrinter = new FakeReceiptPrinter();
      const deposit = new Deposit({
        terminalId: 'T-1',
        devices: config.devices,
        locker: () => new FakeLocker(),
        compartments,
        outbox: new FakeOutbox(),
        printReceipt: receiptPrinting({ printer: () => depositPrinter, audit: () => {} }),
        audit: () => {},
        now: () => NOW,
      });
      await deposit.recordDeposit({ identity: ZHANG, door: 'A-03', sessionId: 's', locale });
      slips[`deposit-${locale}`] = printedLines(depositPrinter);
    }
    expect(slips['pickup-zh-HK']?.slice(0, 3)).toEqual(['取件憑條', '申請編號：APP-1', '櫃門：A-03']);
    expect(slips['pickup-en']?.slice(0, 3)).toEqual(['Collection slip', 'Application no.: APP-1', 'Locker door: A-03']);
    expect(slips['pickup-en']?.[3]).toMatch(/^Collected: 02\/03\/2026, \d\d:30:00$/);
    expect(slips['deposit-zh-HK']?.[0]).toBe('材料投遞憑條');
    expect(slips['deposit-en']?.slice(0, 1)).toEqual(['Deposit slip']);
    expect(slips['deposit-en']?.[2]).toBe('Locker door: A-03');
    expect(slips['deposit-en']?.[3]).toBe('Deposited by: 张**');
  });
});
