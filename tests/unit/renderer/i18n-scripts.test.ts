/**
 * Every text a citizen reads exists in the script and register of the locale they chose:
 * zh-HK in traditional characters and formal written Chinese (書面語, as HK/Macao government
 * services write), English without Chinese characters. Covers the UI strings (i18n resources),
 * what main speaks (speech phrases) and prints (receipt and slip texts), and the display texts the
 * config provides (hall name, the catalog's names, labels, options, descriptions and document
 * texts), in the embedded defaults.
 */
import { readFileSync } from 'node:fs';
import * as opencc from 'opencc-js';
import { describe, expect, it } from 'vitest';
import { DisplayText, type LocalizedText, textFor } from '../../../config/catalog-schema.js';
import { defaults } from '../../../config/defaults.js';
import { KioskConfig } from '../../../config/schema.js';
import { RECEIPT_TEXTS } from '../../../main/features/journeys/receipt-texts.js';
import { PHRASES } from '../../../main/features/speech/phrases.js';

/** opencc-js's converter factory (its bundled typings do not resolve under typescript-eslint's project service). */
const Converter = (opencc as unknown as { Converter: (o: { from: string; to: string }) => (s: string) => string }).Converter;
const toTraditional = Converter({ from: 'cn', to: 't' });

/** 台 is both: the standard form in Hong Kong too (服務台, 後台). */
const BOTH_SCRIPTS = new Set(['台']);

/** Characters OpenCC turns into another one going simplified → traditional: simplified-only. */
function simplifiedOnly(text: string): string[] {
  return [...text].filter((c) => !BOTH_SCRIPTS.has(c) && toTraditional(c) !== c);
}

/**
 * Spoken Cantonese that formal written Chinese does not use: particles and words (咗 唔 嘅 喺 啲 揀
 * 睇 吓 冇 搵 畀 俾 哋 佢 嘢 嚟 郁 呢 喇 㩒 咁 攞 嗰 乜 咩 噉 邊度), 係 as the copula, 仲 "still",
 * 同 "and", 緊 as the progressive. Written words that hold one of those characters are taken out first.
 */
const COLLOQUIAL = /[咗唔嘅喺啲揀睇吓冇搵畀俾哋佢嘢嚟郁呢喇㩒咁攞嗰乜咩噉係仲緊]|邊度|同(?!意|時|步|樣|等|一|事|類)/u;
const WRITTEN =
  /關係|係數|仲裁|緊急|緊密|緊張|緊貼|緊記|要緊|抓緊|收緊|加緊|不同|相同|共同|合同|如同|陪同|連同|協同|認同|贊同|同意|同時|同步|同樣|同等|同一|同事|同類/gu;
function colloquialIn(text: string): string | null {
  return COLLOQUIAL.exec(text.replace(WRITTEN, '・'))?.[0] ?? null;
}
/** Mainland words where Hong Kong writes another (鏡頭, 螢幕, 短訊, 登入, 資料/資訊, 閣下…). */
const MAINLAND = /攝像頭|屏幕|視頻|短信|默認|登錄|賬號|信息|您/u;
const CJK = /[\u3400-\u9fff\uf900-\ufaff]/u;

type Strings = Record<string, string>;
function flatten(o: unknown, prefix = ''): Strings {
  if (typeof o === 'string') return { [prefix]: o };
  if (!o || typeof o !== 'object') return {};
  return Object.assign({}, ...Object.entries(o).map(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k))) as Strings;
}
const locale = (l: string): Strings => flatten(JSON.parse(readFileSync(`renderer/src/i18n/locales/${l}.json`, 'utf8')));

/** The language switch names each language in its own script. */
const OWN_SCRIPT = /^lang\./;

interface Problem {
  where: string;
  text: string;
  why: string;
}

/** What is wrong with one text in its three locales (zh-CN is the reference). */
function check(where: string, t: { 'zh-CN'?: string; 'zh-HK'?: string; en?: string }): Problem[] {
  const out: Problem[] = [];
  const cn = t['zh-CN'] ?? '';
  const hk = t['zh-HK'];
  const en = t.en;
  if (hk === undefined) out.push({ where, text: cn, why: 'no zh-HK text' });
  else {
    const simp = simplifiedOnly(hk);
    if (simp.length > 0)
      out.push({ where, text: hk, why: `zh-HK has simplified-only ${simp.join('')}${hk === cn ? ' (the zh-CN text)' : ''}` });
    const colloquial = colloquialIn(hk);
    if (colloquial) out.push({ where, text: hk, why: `zh-HK is colloquial Cantonese (${colloquial})` });
    const mainland = MAINLAND.exec(hk);
    if (mainland) out.push({ where, text: hk, why: `zh-HK uses the Mainland word ${mainland[0]}` });
  }
  if (en === undefined) out.push({ where, text: cn, why: 'no en text' });
  else if (CJK.test(en)) out.push({ where, text: en, why: `en has Chinese characters${en === cn ? ' (the zh-CN text)' : ''}` });
  return out;
}

describe('UI strings in each locale', () => {
  const [cn, hk, en] = [locale('zh-CN'), locale('zh-HK'), locale('en')];

  it('zh-HK: traditional characters, formal written Chinese; en: no Chinese characters', () => {
    const problems = Object.keys(cn)
      .filter((k) => !OWN_SCRIPT.test(k))
      .flatMap((k) => check(k, { 'zh-CN': cn[k], ...(k in hk ? { 'zh-HK': hk[k] } : {}), ...(k in en ? { en: en[k] } : {}) }));
    expect(problems).toEqual([]);
  });

  it('the checks catch what they are for', () => {
    expect(check('x', { 'zh-CN': '请选择', 'zh-HK': '请选择', en: '请选择' }).map((p) => p.why)).toEqual([
      'zh-HK has simplified-only 请选择 (the zh-CN text)',
      'en has Chinese characters (the zh-CN text)',
    ]);
    for (const colloquial of [
      '請揀要辦理嘅事項',
      '睇吓',
      '過咗期',
      '唔好郁',
      '放喺讀卡區',
      '多啲時間',
      '冇錯',
      '受理編號係 1',
      '你仲喺度嗎',
      '攞走回執同身份證',
      '俾職員',
      '咁就完成',
    ])
      expect(
        check('x', { 'zh-CN': '-', 'zh-HK': colloquial, en: '-' }).some((p) => p.why.includes('colloquial')),
        colloquial,
      ).toBe(true);
    expect(check('x', { 'zh-CN': '请到服务台', 'zh-HK': '請到服務台', en: 'Go to the service desk' })).toEqual([]);
    expect(check('x', { 'zh-CN': '摄像头', 'zh-HK': '請正對攝像頭', en: 'Look at the camera' }).map((p) => p.why)).toEqual([
      'zh-HK uses the Mainland word 攝像頭',
    ]);
    // Written words that hold a colloquial character are fine.
    for (const written of ['緊急呼叫', '同意並提交', '與部門的關係', '不同事項', '仲裁', '同時'])
      expect(check('x', { 'zh-CN': '-', 'zh-HK': written, en: '-' }), written).toEqual([]);
    expect(check('x', { 'zh-CN': '请选择' }).map((p) => p.why)).toEqual(['no zh-HK text', 'no en text']);
  });
});

describe('what main says and prints in each locale', () => {
  it('speech phrases: zh-HK traditional and formal, en without Chinese characters', () => {
    const problems = Object.entries(PHRASES).flatMap(([key, t]) => check(`speech.${key}`, t));
    expect(problems).toEqual([]);
  });

  it('receipt and slip texts: zh-HK traditional and formal, en without Chinese characters', () => {
    const problems = Object.entries(RECEIPT_TEXTS).flatMap(([key, t]) => check(`receipt.${key}`, t));
    expect(problems).toEqual([]);
  });
});

describe('display texts from the config', () => {
  const config = KioskConfig.parse(defaults);

  /** Every localized text in the config, with where it is. */
  function displayTexts(): [string, LocalizedText][] {
    const out: [string, LocalizedText][] = [['terminal.hallName', config.terminal.hallName]];
    if (config.privacy.dataHandler) out.push(['privacy.dataHandler', config.privacy.dataHandler]);
    for (const [id, name] of Object.entries(config.catalog.categories)) out.push([`catalog.categories.${id}`, name]);
    for (const m of config.catalog.matters) {
      const at = `catalog.matters.${m.id}`;
      out.push([`${at}.names`, m.names]);
      if (m.description) out.push([`${at}.description`, m.description]);
      if (m.document) out.push([`${at}.document.title`, m.document.title], [`${at}.document.body`, m.document.body]);
      for (const f of m.form) {
        out.push([`${at}.form.${f.id}.label`, f.label]);
        for (const o of f.options ?? []) out.push([`${at}.form.${f.id}.options.${o.value}`, o.label]);
      }
    }
    return out;
  }

  it('the embedded defaults give every display text in zh-CN, zh-HK (traditional, formal) and en', () => {
    const texts = displayTexts();
    expect(texts.length).toBeGreaterThan(10);
    expect(texts.flatMap(([where, t]) => check(where, t))).toEqual([]);
  });

  it('a per-locale text is taken as is; a plain string (older configs) is the zh-CN text; zh-CN is required', () => {
    expect(DisplayText.parse({ 'zh-CN': '大厅', 'zh-HK': '大廳', en: 'Hall' })).toEqual({
      'zh-CN': '大厅',
      'zh-HK': '大廳',
      en: 'Hall',
    });
    expect(DisplayText.parse('某某服务大厅')).toEqual({ 'zh-CN': '某某服务大厅' });
    expect(DisplayText.safeParse({ en: 'Hall' }).success).toBe(false);
    expect(DisplayText.safeParse('').success).toBe(false);
    const old = KioskConfig.parse({ ...defaults, terminal: { id: 't-1', hallId: 'h', hallName: '某某服务大厅' } });
    expect(textFor(old.terminal.hallName, 'en')).toBe('某某服务大厅');
    expect(textFor(config.terminal.hallName, 'en')).toBe('Demo Administrative Service Centre, 24-hour self-service area');
  });
});
