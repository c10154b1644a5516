import { describe, expect, it } from 'vitest';
import { idTypeOf, JourneyError, newApplicationNo } from '../../../../../main/features/journeys/journey-kit.js';
import { ZHANG } from './fakes.js';

describe('journey kit', () => {
  it('numbers applications by terminal, date and a random part', () => {
    const a = newApplicationNo('demo-hall/kiosk-0001', new Date('2026-03-02T08:30:00Z'));
    expect(a).toMatch(/^SK0001-260302-[0-9A-F]{8}$/);
    expect(newApplicationNo('demo-hall/kiosk-0001', new Date('2026-03-02T08:30:00Z'))).not.toBe(a);
  });

  it('names the id type the back office knows', () => {
    expect(idTypeOf(ZHANG)).toBe('resident');
    expect(idTypeOf({ ...ZHANG, cardType: 'hkmotw', idNumber: '810000199001011234' })).toBe('hk-macau');
    expect(idTypeOf({ ...ZHANG, cardType: 'hkmotw', idNumber: '830000199001011234' })).toBe('taiwan');
    expect(idTypeOf({ ...ZHANG, cardType: 'foreign2023' })).toBe('foreign-permanent');
    expect(idTypeOf({ ...ZHANG, method: 'staff', cardType: 'staff-checked' })).toBe('resident');
  });

  it('carries a code for the notice', () => {
    const e = new JourneyError('locker-offline', 'no locker');
    expect(e).toBeInstanceOf(Error);
    expect([e.code, e.message]).toEqual(['locker-offline', 'no locker']);
  });
});
