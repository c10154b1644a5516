/**
 * The words on the paper slips (application receipt, collection slip, deposit slip) in the
 * citizen's language: a receipt is printed in the locale of the session that asked for it, like
 * the screens. `{name}` placeholders are filled by `receiptText`. zh-HK is formal written Chinese
 * (書面語) as Hong Kong and Macao government services print it.
 */
import type { Locale } from '../../base/api/contract.js';

export const RECEIPT_TEXTS = {
  applicationTitle: { 'zh-CN': '办件回执', 'zh-HK': '辦件回執', en: 'Application receipt' },
  matter: { 'zh-CN': '事项：{matter}', 'zh-HK': '事項：{matter}', en: 'Service: {matter}' },
  applicationNo: { 'zh-CN': '申请编号：{no}', 'zh-HK': '申請編號：{no}', en: 'Application no.: {no}' },
  applicant: { 'zh-CN': '申请人：{applicant}', 'zh-HK': '申請人：{applicant}', en: 'Applicant: {applicant}' },
  time: { 'zh-CN': '时间：{time}', 'zh-HK': '時間：{time}', en: 'Time: {time}' },
  accepted: { 'zh-CN': '状态：已受理', 'zh-HK': '狀態：已受理', en: 'Status: accepted' },
  acceptedOffline: {
    'zh-CN': '状态：已受理，网络恢复后自动提交',
    'zh-HK': '狀態：已受理，網絡恢復後將自動提交',
    en: 'Status: accepted; sent automatically once the network is back',
  },
  timeLimit: {
    'zh-CN': '承诺时限：{days}个工作日，办结后短信通知',
    'zh-HK': '承諾時限：{days} 個工作天，辦結後以短訊通知',
    en: 'Time limit: {days} working days; an SMS tells you when it is ready',
  },
  onTheSpot: {
    'zh-CN': '结果：现场打印，请在A4出纸口领取',
    'zh-HK': '結果：即場列印，請於 A4 出紙口領取',
    en: 'Result: printed here; take it from the A4 paper outlet',
  },
  notIssued: {
    'zh-CN': '结果：未能现场出具，办结后凭身份证领取',
    'zh-HK': '結果：未能即場出具，辦結後憑身份證領取',
    en: 'Result: not issued here; collect it with your ID card when it is ready',
  },
  scanForProgress: { 'zh-CN': '扫码查询办理进度', 'zh-HK': '掃碼查詢辦理進度', en: 'Scan to check the progress' },
  pickupTitle: { 'zh-CN': '取件凭条', 'zh-HK': '取件憑條', en: 'Collection slip' },
  door: { 'zh-CN': '柜门：{door}', 'zh-HK': '櫃門：{door}', en: 'Locker door: {door}' },
  collectedAt: { 'zh-CN': '取件时间：{time}', 'zh-HK': '取件時間：{time}', en: 'Collected: {time}' },
  depositTitle: { 'zh-CN': '材料投递凭条', 'zh-HK': '材料投遞憑條', en: 'Deposit slip' },
  slipNo: { 'zh-CN': '凭条编号：{no}', 'zh-HK': '憑條編號：{no}', en: 'Slip no.: {no}' },
  originalsFor: { 'zh-CN': '原件所属申请：{no}', 'zh-HK': '原件所屬申請：{no}', en: 'Originals for application {no}' },
  depositor: { 'zh-CN': '投递人：{name}', 'zh-HK': '投遞人：{name}', en: 'Deposited by: {name}' },
} as const satisfies Record<string, Record<Locale, string>>;

export type ReceiptTextKey = keyof typeof RECEIPT_TEXTS;

/** The slip text `key` in `locale`, placeholders filled (one with no value is left empty). */
export function receiptText(key: ReceiptTextKey, locale: Locale, params: Record<string, string | number> = {}): string {
  return RECEIPT_TEXTS[key][locale].replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = params[name];
    return v === undefined ? '' : String(v);
  });
}

/** Date and time as printed: 24-hour, in the locale's usual order. */
export function receiptTime(at: Date, locale: Locale): string {
  return at.toLocaleString(locale === 'en' ? 'en-GB' : locale, { hour12: false });
}

/** Columns of a normal-size (12×24 dot) character on an 80 mm roll; a Chinese character takes two. */
export const RECEIPT_COLUMNS = 48;

function columnsOf(text: string): number {
  let n = 0;
  for (const ch of text) n += (ch.codePointAt(0) ?? 0) > 0x2e7f ? 2 : 1;
  return n;
}

/**
 * Splits a line at spaces so that no word is cut by the printer (which wraps at the character
 * that does not fit): English and other spaced text. Text without spaces (Chinese) is left to the
 * printer, where a break between any two characters is normal; so is a single word too long for a line.
 */
export function wrapForReceipt(text: string, columns = RECEIPT_COLUMNS): string[] {
  if (columnsOf(text) <= columns) return [text];
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const next = line === '' ? word : `${line} ${word}`;
    if (line !== '' && columnsOf(next) > columns) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  lines.push(line);
  return lines;
}
