/**
 * The staff dashboard in words (#18.4): every code main can put on it — walked from the lists in
 * main/features/maintenance/dashboard-codes.ts, themselves checked against the drivers' unions at
 * compile time — reads as a phrase in zh-CN, zh-HK and en, never as the bare code; a code no
 * list knows still reads as a generic phrase with the code in small print; times are 24-hour.
 */
import i18next, { type TFunction } from 'i18next';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEVICE_KINDS } from '../../../config/vocabulary.js';
import { APPLICATION_STATES } from '../../../main/base/api/contract.js';
import {
  A4_QUEUE_STATES,
  ACTION_KINDS,
  CODES,
  COMPARTMENT_STATE_CODES,
  DOOR_STATES,
  HOLDS,
  PAPER_STATES,
  SOURCES,
} from '../../../main/features/maintenance/dashboard-codes.js';
import {
  actionPhrase,
  codePhrase,
  formatTime,
  groupPhrase,
  kindPhrase,
  outcomePhrase,
  sourcePhrase,
  type Phrase,
} from '../../../renderer/src/staff/labels.js';

const LOCALES = ['zh-CN', 'zh-HK', 'en'] as const;
/** The UI's locale files, as the renderer bundles them. */
const resources = Object.fromEntries(
  LOCALES.map((l) => [l, { translation: JSON.parse(readFileSync(`renderer/src/i18n/locales/${l}.json`, 'utf8')) as object }]),
) as Record<(typeof LOCALES)[number], { translation: object }>;
/** What a code looks like on screen: lowercase words joined by dashes. */
const RAW = /\b[a-z]+(-[a-z]+)+\b/;
const ts: Record<string, TFunction> = {};

beforeAll(async () => {
  for (const l of LOCALES) {
    const i = i18next.createInstance();
    await i.init({ resources, lng: l, fallbackLng: false, interpolation: { escapeValue: false } });
    ts[l] = i.t;
  }
});

function expectWords(p: Phrase, code: string, where: string): void {
  expect(p.small, `${where}: ${code} has no phrase`).toBeNull();
  expect(p.text.trim(), where).not.toBe('');
  expect(p.text, where).not.toBe(code);
  expect(p.text, where).not.toMatch(RAW);
}

describe.each(LOCALES)('the staff dashboard in %s', (locale) => {
  const t = (): TFunction => ts[locale]!;

  it('every health, error and outcome code reads as a phrase', () => {
    expect(CODES.length).toBeGreaterThan(80);
    for (const code of CODES) {
      const p = codePhrase(t(), code);
      expectWords(p, code, `${locale} staff.code.${code}`);
      if (code !== 'ok') expectWords(outcomePhrase(t(), code), code, `${locale} outcome ${code}`);
    }
    expect(outcomePhrase(t(), 'ok').text).not.toMatch(/^ok$/i);
  });

  it('every action kind, device kind and state reads as a phrase', () => {
    for (const a of ACTION_KINDS) expectWords(actionPhrase(t(), a), a, `${locale} staff.actions.${a}`);
    for (const k of DEVICE_KINDS) expectWords(kindPhrase(t(), k), k, `${locale} staff.kind.${k}`);
    const groups: Array<[string, readonly string[]]> = [
      ['compartment', COMPARTMENT_STATE_CODES],
      ['door', DOOR_STATES],
      ['holds', HOLDS],
      ['a4state', A4_QUEUE_STATES],
      ['paper', PAPER_STATES],
      ['state', ['ok', 'degraded', 'offline', 'unknown']],
      ['source', SOURCES],
    ];
    for (const [group, values] of groups)
      for (const v of values) expectWords(groupPhrase(t(), group, v), v, `${locale} staff.${group}.${v}`);
  });

  it('codes with a detail keep it in small print: a door by its label, an application state in words', () => {
    const doorAt = (board: number, lock: number): string | null => (board === 1 && lock === 3 ? 'A-03' : null);
    const left = codePhrase(t(), 'door-left-open:1/3', doorAt);
    expect(left.text).toBe(codePhrase(t(), 'door-left-open').text);
    expect(left.small).toBe('A-03');
    expect(codePhrase(t(), 'board-offline:2').small).toBe('2');
    for (const s of APPLICATION_STATES) {
      const p = codePhrase(t(), `state-${s}`);
      expect(p.text).toBe(codePhrase(t(), 'state').text);
      expect(p.small).not.toMatch(RAW);
      expect(p.small).not.toBe(s);
    }
  });

  it('an unknown code, action or kind falls back to a generic phrase with the code in small print', () => {
    const code = codePhrase(t(), 'flux-capacitor-low');
    expect(code.text).not.toMatch(RAW);
    expect(code.text.trim()).not.toBe('');
    expect(code.small).toBe('flux-capacitor-low');
    const action = actionPhrase(t(), 'calibrate-camera');
    expect(action.small).toBe('calibrate-camera');
    expect(action.text).not.toMatch(RAW);
    // A device kind added by a newer build (a camera, a fingerprint reader) still gets a label.
    const kind = kindPhrase(t(), 'fingerprint-reader');
    expect(kind).toEqual({ text: t()('staff.kindOther'), small: 'fingerprint-reader' });
    expect(groupPhrase(t(), 'compartment', 'flooded').small).toBe('flooded');
    expect(sourcePhrase(t(), 'receipt', (id) => (id === 'receipt' ? 'receipt-printer' : null))).toEqual({
      text: kindPhrase(t(), 'receipt-printer').text,
      small: 'receipt',
    });
  });
});

describe('times on the staff screens', () => {
  it('are 24-hour, with an unambiguous date on another day', () => {
    const evening = new Date(2026, 11, 5, 21, 7, 45).getTime();
    expect(formatTime(evening, evening)).toBe('21:07');
    expect(formatTime(evening, evening, true)).toBe('21:07:45');
    expect(formatTime(new Date(2026, 11, 5, 0, 5).getTime(), evening)).toBe('00:05');
    expect(formatTime(evening, new Date(2026, 11, 6, 9, 0).getTime())).toBe('2026-12-05 21:07');
  });
});
