/**
 * The catalog as data (pushed by IT in the fleet bundle): what it refuses, so that a broken bundle
 * fails at its check and never reaches a citizen's screen.
 */
import { describe, expect, it } from 'vitest';
import { Catalog, FormField, textFor } from '../../../config/catalog-schema.js';
import { demoCatalog } from '../../../config/demo-catalog.js';
import { KioskConfig } from '../../../config/schema.js';
import { defaults } from '../../../config/defaults.js';

const paths = (r: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }): string[] =>
  (r.error?.issues ?? []).map((i) => i.path.join('.'));

describe('the catalog refuses what cannot work on a screen', () => {
  it('a select without options, a sensitive field that is not personal', () => {
    const text = { id: 'x', label: { 'zh-CN': '用途' }, kind: 'select' as const };
    expect(paths(FormField.safeParse(text))).toEqual(['options']);
    expect(paths(FormField.safeParse({ ...text, kind: 'text', sensitive: true }))).toEqual(['personal']);
    expect(FormField.safeParse({ ...text, kind: 'text', sensitive: true, personal: true }).success).toBe(true);
  });

  it('a common matter, a department or a life event the catalog does not have', () => {
    const parsed = Catalog.parse(demoCatalog);
    const [first] = parsed.matters;
    expect(first).toBeDefined();
    const broken = {
      ...demoCatalog,
      common: ['no-such-matter'],
      matters: [{ ...demoCatalog.matters[0], department: 'no-dept', lifeEvents: ['no-event'] }, ...demoCatalog.matters.slice(1)],
    };
    expect(paths(Catalog.safeParse(broken)).sort()).toEqual(['common.0', 'matters.0.department', 'matters.0.lifeEvents.0']);
  });
});

describe('textFor', () => {
  it('the locale, else zh-CN, else any text there is', () => {
    expect(textFor({ 'zh-CN': '户籍证明', en: 'Household certificate' }, 'en')).toBe('Household certificate');
    expect(textFor({ 'zh-CN': '户籍证明' }, 'zh-HK')).toBe('户籍证明');
  });
});

describe('the fleet config', () => {
  it('refuses a repository without the root it trusts', () => {
    const c = { ...defaults, fleet: { ...defaults.fleet, repository: 'https://fleet.example/' } };
    expect(paths(KioskConfig.safeParse(c))).toEqual(['fleet.trustedRoot']);
  });
});
