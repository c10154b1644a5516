/**
 * What the kiosk says on each screen, in the three locales. Main speaks only these texts: the
 * renderer is untrusted, so it names a phrase (and a few short values for its placeholders)
 * instead of sending free text to the loudspeaker of a public hall. The texts follow the
 * instruction each screen shows (renderer/src/i18n/locales), written for the ear.
 */
import type { Locale, SessionView } from '../../base/api/contract.js';

type Phrase = Record<Locale, string>;

export const PHRASES = {
  attract: {
    'zh-CN': '欢迎使用政务服务自助终端。请轻触屏幕开始办理。屏幕上方可以切换语言、大字模式和语音。',
    'zh-HK': '歡迎使用政務服務自助終端。請輕觸螢幕開始辦理。螢幕上方可切換語言、大字模式及語音。',
    en: 'Welcome to the government self-service terminal. Touch the screen to start. At the top of the screen you can change the language, switch to large text or turn on speech.',
  },
  home: {
    'zh-CN': '请选择要办理的事项。可以领取材料、存放材料，或者按名称搜索事项。',
    'zh-HK': '請選擇要辦理的事項。閣下可領取或投遞材料，亦可按名稱搜尋事項。',
    en: 'Please choose what you need. You can collect or leave documents, or search for a service by name.',
  },
  identify: {
    'zh-CN': '请验证身份。请把身份证放在下方感应区，或者出示手机上的身份码。',
    'zh-HK': '請驗證身份。請將身份證放在下方的讀卡區，或出示手機上的數字身份二維碼。',
    en: 'Please confirm your identity. Place your ID card on the reader below, or show the digital-identity QR code on your phone.',
  },
  verifyingQr: {
    'zh-CN': '正在核验身份码，请稍候。',
    'zh-HK': '正在核驗身份碼，請稍候。',
    en: 'Checking your identity code. Please wait.',
  },
  resending: {
    'zh-CN': '正在请求重新发送取件码，请稍候。',
    'zh-HK': '正在要求重新發送取件碼，請稍候。',
    en: 'Asking for the pickup code to be sent again. Please wait.',
  },
  'assist.waiting': {
    'zh-CN': '已呼叫工作人员。工作人员马上就到，请在这里稍候。',
    'zh-HK': '已通知工作人員。工作人員即將到達，請在此稍候。',
    en: 'Staff have been called. Someone is on the way; please wait here.',
  },
  'assist.entry': {
    'zh-CN': '工作人员正在核验您的证件，请稍候。',
    'zh-HK': '工作人員正在核對閣下的證件，請稍候。',
    en: 'A member of staff is checking your document. Please wait.',
  },
  identified: {
    'zh-CN': '身份已验证。',
    'zh-HK': '身份已驗證。',
    en: 'Your identity is confirmed.',
  },
  'apply.form': {
    'zh-CN': '请填写申请表。个人信息已从身份证读取。填好后请按下一步。',
    'zh-HK': '請填寫申請表。個人資料已從身份證讀取。填妥後請按下一步。',
    en: 'Please fill in the form. Your personal details come from your ID card. Then press Next.',
  },
  'apply.review': {
    'zh-CN': '请核对以下信息。无误请按信息无误，需要修改请按返回。',
    'zh-HK': '請核對以下資料。如資料正確，請按資料無誤；如需修改，請按返回修改。',
    en: 'Please check the details. If they are correct, press All correct. To change something, press Change something.',
  },
  'apply.consent': {
    'zh-CN': '个人信息处理告知。请先勾选对敏感个人信息的单独同意，再按同意并提交。',
    'zh-HK': '個人資料處理告知。請先勾選對敏感個人資料的單獨同意，再按同意並提交。',
    en: 'How your personal data is used. First tick the separate consent for sensitive information, then press Agree and submit.',
  },
  'apply.submitting': {
    'zh-CN': '正在提交，请稍候。',
    'zh-HK': '正在提交，請稍候。',
    en: 'Submitting. Please wait.',
  },
  'apply.issuing': {
    'zh-CN': '正在向出具单位申请证明，请稍候。',
    'zh-HK': '正在向出具單位申請證明，請稍候。',
    en: 'Asking the issuing office for your certificate. Please wait.',
  },
  'apply.notIssued': {
    'zh-CN': '暂时无法现场出具证明，没有打印任何文件。可以按办结后领取提交申请，或者返回首页。',
    'zh-HK': '暫時未能即場出具證明，並無列印任何文件。閣下可按辦結後領取提交申請，或返回首頁。',
    en: 'The certificate cannot be issued here right now, and nothing has been printed. Press Collect when ready to submit the application anyway, or go back to the start.',
  },
  'apply.printing': {
    'zh-CN': '正在打印，请稍候。',
    'zh-HK': '正在列印，請稍候。',
    en: 'Printing. Please wait.',
  },
  'apply.done': {
    'zh-CN': '已提交。受理编号是 {applicationNo}。请取走回执和身份证。',
    'zh-HK': '已提交，受理編號為 {applicationNo}。請取回回條及身份證。',
    en: 'Submitted. Your application number is {applicationNo}. Please take your receipt and your ID card.',
  },
  'collect.lookup': {
    'zh-CN': '正在查询待领取的材料，请稍候。',
    'zh-HK': '正在查詢待領取的文件，請稍候。',
    en: 'Looking for your documents. Please wait.',
  },
  'collect.choose': {
    'zh-CN': '请选择要领取的材料，然后按开柜取件。',
    'zh-HK': '請選擇要領取的文件，然後按開櫃取件。',
    en: 'Choose the document to collect, then press Open the door.',
  },
  'collect.opening': {
    'zh-CN': '正在打开柜门，请稍候。',
    'zh-HK': '正在打開櫃門，請稍候。',
    en: 'Opening the door. Please wait.',
  },
  'collect.open': {
    'zh-CN': '{door} 号柜门已打开{place}。请取出材料并关好柜门。',
    'zh-HK': '{door} 號櫃門已打開{place}。請取出文件，並關好櫃門。',
    en: 'Door {door} is open{place}. Take your documents and close the door.',
  },
  'collect.completing': {
    'zh-CN': '正在确认领取，请稍候。',
    'zh-HK': '正在確認領取，請稍候。',
    en: 'Confirming your collection. Please wait.',
  },
  'deposit.opening': {
    'zh-CN': '正在打开柜门，请稍候。',
    'zh-HK': '正在打開櫃門，請稍候。',
    en: 'Opening the door. Please wait.',
  },
  'deposit.open': {
    'zh-CN': '{door} 号柜门已打开{place}。请放入材料并关好柜门。',
    'zh-HK': '{door} 號櫃門已打開{place}。請放入材料，並關好櫃門。',
    en: 'Door {door} is open{place}. Put in your documents and close the door.',
  },
  'deposit.recording': {
    'zh-CN': '正在登记，请稍候。',
    'zh-HK': '正在登記，請稍候。',
    en: 'Recording your deposit. Please wait.',
  },
  'deposit.done': {
    'zh-CN': '材料已存放。请按完成。',
    'zh-HK': '材料已存放。請按完成。',
    en: 'Your documents are deposited. Press Finish.',
  },
  'deposit.failed': {
    'zh-CN': '存放没有成功，请联系工作人员。',
    'zh-HK': '存放未能完成，請聯絡工作人員。',
    en: 'The deposit did not go through. Please ask a member of staff.',
  },
  'report.form': {
    'zh-CN': '请选择问题类型并说明情况，然后按提交。',
    'zh-HK': '請選擇問題類型並說明情況，然後按提交。',
    en: 'Choose the kind of problem, describe it, then press Send.',
  },
  'report.sending': {
    'zh-CN': '正在提交，请稍候。',
    'zh-HK': '正在提交，請稍候。',
    en: 'Sending. Please wait.',
  },
  'report.done': {
    'zh-CN': '已收到您的反映，谢谢。',
    'zh-HK': '已收到閣下的反映，謝謝。',
    en: 'Thank you, your report has been received.',
  },
  'mydata.loading': {
    'zh-CN': '正在查询，请稍候。',
    'zh-HK': '正在查詢，請稍候。',
    en: 'Loading. Please wait.',
  },
  'mydata.list': {
    'zh-CN': '这是您的个人信息使用记录。看完请按完成。',
    'zh-HK': '以下是閣下個人資料的使用記錄。閱畢請按完成。',
    en: 'Here is how your personal data was used. Press Finish when you are done.',
  },
  'progress.ask': {
    'zh-CN': '查询办理进度。请刷身份证查看本人的全部申请，或者扫描回执上的二维码，或者在键盘上输入申请编号。',
    'zh-HK': '查詢辦理進度。請使用身份證查閱本人的全部申請，或掃描回執上的二維碼，或在鍵盤上輸入申請編號。',
    en: 'Check the progress of an application. Place your ID card to see all your applications, scan the QR code on your receipt, or type the application number.',
  },
  'progress.lookup': {
    'zh-CN': '正在查询办理进度，请稍候。',
    'zh-HK': '正在查詢辦理進度，請稍候。',
    en: 'Looking up your application. Please wait.',
  },
  'progress.result': {
    'zh-CN': '这是办理进度。看完请按完成，或者查询其他申请。',
    'zh-HK': '以下是辦理進度。閱畢請按完成，或查詢其他申請。',
    en: 'Here is the progress. Press Finish when you are done, or look up another application.',
  },
  rating: {
    'zh-CN': '请为本次服务评价，从非常满意到非常不满意，也可以跳过。',
    'zh-HK': '請為是次服務評價，由非常滿意至非常不滿意，亦可跳過。',
    en: 'Please rate this service, from very satisfied to very dissatisfied, or skip.',
  },
  sendingRating: {
    'zh-CN': '正在提交评价，请稍候。',
    'zh-HK': '正在提交評價，請稍候。',
    en: 'Sending your rating. Please wait.',
  },
  ending: {
    'zh-CN': '办理结束，谢谢！请带好身份证和材料。',
    'zh-HK': '辦理完成，謝謝！請帶齊身份證及文件。',
    en: 'All done, thank you! Please take your ID card and documents.',
  },
  warning: {
    'zh-CN': '您还在吗？{seconds} 秒后将结束办理。如需更多时间，请按屏幕上的需要更多时间。',
    'zh-HK': '閣下是否仍在使用？{seconds} 秒後將結束辦理。如需更多時間，請按我需要更多時間。',
    en: 'Are you still there? The session ends in {seconds} seconds. To continue, press I need more time.',
  },
  outOfService: {
    'zh-CN': '本机暂停服务，请使用其他终端或联系工作人员。',
    'zh-HK': '本機暫停服務，請使用其他終端或聯絡工作人員。',
    en: 'This terminal is out of service. Please use another one or ask a member of staff.',
  },
} as const satisfies Record<string, Phrase>;

export type PhraseKey = keyof typeof PHRASES;
export const PHRASE_KEYS = Object.keys(PHRASES) as PhraseKey[];
export type PhraseParams = Record<string, string | number>;

export function isPhraseKey(key: string): key is PhraseKey {
  return Object.hasOwn(PHRASES, key);
}

/** The text to speak, placeholders filled; a placeholder with no value is left out. */
export function phraseText(key: PhraseKey, locale: Locale, params: PhraseParams = {}): string {
  return PHRASES[key][locale].replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = params[name];
    return v === undefined ? '' : String(v);
  });
}

/** An open door's place in the locker wall, as said after "door A-07 is open" (the screen's words, spoken). */
const PLACE: Record<Locale, string> = {
  'zh-CN': '，在左起第 {column} 列，从上数第 {row} 格',
  'zh-HK': '，在左起第 {column} 列，從上數第 {row} 格',
  en: ', column {column} from the left, door {row} from the top',
};

export function placeText(locale: Locale, at: { column: number; row: number }): string {
  return PLACE[locale].replace('{column}', String(at.column)).replace('{row}', String(at.row));
}

/** The phrase of the screen a session view shows (what auto-speech says on a step change). */
export function phraseForView(view: SessionView): { key: PhraseKey; params: PhraseParams } | null {
  if (view.outOfService) return { key: 'outOfService', params: {} };
  if (view.warning) return { key: 'warning', params: { seconds: Math.ceil(view.warning.remainingMs / 1000) } };
  const step = view.phase === 'attract' ? 'attract' : (view.step ?? view.phase);
  const key = isPhraseKey(step) ? step : isPhraseKey(view.phase) ? view.phase : null;
  if (key === null) return null;
  const params: PhraseParams = {};
  if (view.door) params['door'] = view.door.label;
  // Where the open door is in the locker wall, for a citizen who cannot see the picture.
  if (view.door?.wall) params['place'] = placeText(view.locale, view.door.wall);
  if (view.result) params['applicationNo'] = view.result.applicationNo;
  return { key, params };
}
