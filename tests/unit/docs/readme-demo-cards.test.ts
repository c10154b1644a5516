/**
 * The README's walkthrough lists the demo panel's ID cards exactly (#18.6): every sample card by its
 * panel label and nothing else, and the kiosk's words for the refused ones as the screen shows them.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SAMPLE_CARDS } from '../../../drivers/idcard/samples.js';

const readme = readFileSync('README.md', 'utf8');
const zhCN = JSON.parse(readFileSync('renderer/src/i18n/locales/zh-CN.json', 'utf8')) as {
  notice: Record<string, string>;
};
const panel = readFileSync('renderer/demo/DemoPanel.tsx', 'utf8');

/** The list under step 2, from "The panel's sample cards" to step 3. */
function cardList(): string {
  const start = readme.indexOf("The panel's sample cards (`drivers/idcard/samples.ts`):");
  const end = readme.indexOf('\n3. **', start);
  if (start < 0 || end < 0) throw new Error('the README no longer has the demo card list under step 2');
  return readme.slice(start, end).replace(/\n\s+/g, ' ');
}

/** The list item that names `label`. */
function item(label: string): string {
  const found = cardList()
    .split(' - ')
    .find((line) => line.includes(label));
  if (!found) throw new Error(`no list item names ${label}`);
  return found;
}

describe("README: the demo panel's ID cards", () => {
  it('names every sample card by its panel label, and no other card', () => {
    const named = [...cardList().matchAll(/_([^_]+)_/g)].map((m) => m[1]);
    expect(named.sort()).toEqual(SAMPLE_CARDS.map((c) => c.label).sort());
  });

  it('quotes what the kiosk says for the expired and the bad-check-digit cards', () => {
    expect(item('expired on 2020-01-01')).toContain(`"${zhCN.notice['card-expired']}"`);
    expect(item('fails the check digit')).toContain(`"${zhCN.notice['card-invalid']}"`);
    expect(item('fails the check digit')).not.toContain(zhCN.notice['card-expired']);
  });

  it('describes the pull mid-read button as the panel labels it, with the words on the screen', () => {
    expect(panel).toContain('读卡中拔出 Pull mid-read');
    const pull = item('读卡中拔出 Pull mid-read');
    expect(pull).toContain(`"${zhCN.notice['card-card-pulled']}"`);
    expect(zhCN.notice['card-card-pulled']).toContain('证件被过早拿开，请重新放置');
    expect(pull).toContain('stays on this screen');
  });
});
