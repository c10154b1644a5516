/**
 * The catalog's materials (#16): how a citizen may provide one at the kiosk, declared as data —
 * and refused when the declaration cannot work.
 */
import { describe, expect, it } from 'vitest';
import { Material } from '../../../config/catalog-schema.js';
import { KioskConfig } from '../../../config/schema.js';
import { defaults as DEFAULT_CONFIG } from '../../../config/defaults.js';

const base = { id: 'lease', name: { 'zh-CN': '租赁合同' }, trust: 'deposit' as const };

describe('a material’s ways', () => {
  it('defaults to none (the trust says how the standard obtains it)', () => {
    expect(Material.parse(base)).toMatchObject({ ways: [], licenceTypes: [], required: true });
  });

  it('takes scan, licence (with its types) and declare', () => {
    const m = Material.parse({ ...base, ways: ['scan', 'licence', 'declare'], licenceTypes: ['real-estate-title'] });
    expect(m.ways).toEqual(['scan', 'licence', 'declare']);
  });

  it('refuses the licence way without licence types, a way twice, and an unknown way', () => {
    expect(Material.safeParse({ ...base, ways: ['licence'] }).error?.issues[0]?.path).toEqual(['licenceTypes']);
    expect(Material.safeParse({ ...base, ways: ['scan', 'scan'] }).error?.issues[0]?.path).toEqual(['ways']);
    expect(Material.safeParse({ ...base, ways: ['fax'] }).success).toBe(false);
    // The original into a locker compartment once the application is in.
    expect(Material.safeParse({ ...base, ways: ['deposit'] }).success).toBe(true);
  });
});

describe('config: materials and attachments', () => {
  it('has defaults, and bounds a page resolution and a PDF size', () => {
    const c = KioskConfig.parse(DEFAULT_CONFIG);
    expect(c.materials).toEqual({ dpi: 200, quality: 80, maxPdfMB: 8, maxPages: 20, autoCaptureMs: 0 });
    expect(KioskConfig.safeParse({ ...DEFAULT_CONFIG, materials: { autoCaptureMs: -1 } }).success).toBe(false);
    expect(KioskConfig.parse({ ...DEFAULT_CONFIG, materials: { autoCaptureMs: 1200 } }).materials.autoCaptureMs).toBe(1200);
    expect(KioskConfig.safeParse({ ...DEFAULT_CONFIG, materials: { dpi: 50 } }).success).toBe(false);
    expect(KioskConfig.safeParse({ ...DEFAULT_CONFIG, materials: { maxPdfMB: 0 } }).success).toBe(false);
  });
});
