/**
 * The locker wall on the collect screen (#18.2): the open door's place in words in every locale,
 * from the place main gives it (the maintenance layout), and the wall's grid as wide and tall as
 * its furthest door — the same geometry the staff dashboard's locker map uses.
 */
import i18next, { type TFunction } from 'i18next';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Compartments } from '../../../main/features/journeys/compartments.js';
import { layout } from '../../../main/features/maintenance/compartments.js';
import type { DeviceConfig } from '../../../config/schema.js';
import { doorPosition, wallGrid } from '../../../renderer/src/components/locker-wall.js';

const LOCALES = ['zh-CN', 'zh-HK', 'en'] as const;
const resources = Object.fromEntries(
  LOCALES.map((l) => [l, { translation: JSON.parse(readFileSync(`renderer/src/i18n/locales/${l}.json`, 'utf8')) as object }]),
) as Record<(typeof LOCALES)[number], { translation: object }>;
const ts: Partial<Record<(typeof LOCALES)[number], TFunction>> = {};

beforeAll(async () => {
  for (const l of LOCALES) {
    const i = i18next.createInstance();
    await i.init({ resources, lng: l, fallbackLng: false, interpolation: { escapeValue: false } });
    ts[l] = i.t;
  }
});

/** One locker of two boards of 12 doors, six doors a column: A-01…A-06 the first column, B-01 the third. */
const locker = {
  id: 'locker',
  kind: 'locker',
  enabled: true,
  transport: { type: 'emulated' },
  options: { boards: 2, locksPerBoard: 12, rowsPerColumn: 6 },
} as unknown as DeviceConfig;
const compartments = new Compartments(layout([locker], { compartmentSizes: {}, defaultSize: 'M' }));

describe('the open door in words', () => {
  it('says the column from the left and the door from the top, in each locale', () => {
    expect(doorPosition(ts['zh-CN']!, { column: 2, row: 3 })).toBe('左起第 2 列，从上数第 3 格');
    expect(doorPosition(ts['zh-HK']!, { column: 2, row: 3 })).toBe('左起第 2 列，從上數第 3 格');
    expect(doorPosition(ts.en!, { column: 2, row: 3 })).toBe('Column 2 from the left, door 3 from the top');
  });

  it("takes the door's place from the locker's layout", () => {
    const wall = compartments.wall('A-09');
    expect(wall).toMatchObject({ label: 'A-09', column: 2, row: 3 });
    expect(doorPosition(ts['zh-CN']!, wall!)).toBe('左起第 2 列，从上数第 3 格');
    expect(doorPosition(ts['zh-CN']!, compartments.wall('B-01')!)).toBe('左起第 3 列，从上数第 1 格');
    expect(doorPosition(ts.en!, compartments.wall('B-12')!)).toBe('Column 4 from the left, door 6 from the top');
  });
});

describe('the wall grid', () => {
  it('is as wide and as tall as its furthest door', () => {
    const grid = wallGrid(compartments.wall('A-01')!.doors, 'minmax(0, 1fr)');
    expect(grid).toMatchObject({ columns: 4, rows: 6 });
    expect(grid.style).toEqual({
      gridTemplateColumns: 'repeat(4, minmax(0, 1fr))',
      gridTemplateRows: 'repeat(6, minmax(0, 1fr))',
    });
    expect(wallGrid([]).style).toEqual({ gridTemplateColumns: 'repeat(1, minmax(0, 1fr))', gridTemplateRows: 'repeat(1, auto)' });
  });
});
