import { describe, expect, it } from 'vitest';
import { Compartments } from '../../../../../main/features/journeys/compartments.js';
import { layout } from '../../../../../main/features/maintenance/compartments.js';
import { testConfig } from './fakes.js';

const config = testConfig();
const compartments = new Compartments(layout(config.devices, config.staff));

describe('compartment labels', () => {
  it('resolves a door label (any case, spaces) and a board-lock name to the same slot', () => {
    const slot = compartments.resolve('A-07');
    expect(slot).toMatchObject({ board: 1, lock: 7, label: 'A-07' });
    expect(compartments.resolve(' a-07 ')).toBe(slot);
    expect(compartments.resolve('1-07')).toBe(slot);
    expect(compartments.resolve('1-7')).toBe(slot);
    expect(compartments.resolve('Z-99')).toBeNull();
    expect(compartments.resolve('99-1')).toBeNull();
  });

  it('labels a board and lock as staff see it, or as board-lock when it is not in the layout', () => {
    expect(compartments.label(2, 3)).toBe('B-03');
    expect(compartments.label(40, 3)).toBe('40-03');
  });

  it('takes deposits in the last compartment of each board, or in the cells the locker names', () => {
    expect(compartments.depositCells(config.devices)).toEqual(['A-24', 'B-24', 'C-24', 'D-24']);
    const devices = config.devices.map((d) => (d.kind === 'locker' ? { ...d, options: { depositCells: ['B-01', 7] } } : d));
    expect(compartments.depositCells(devices)).toEqual(['B-01']);
  });

  it("gives a door's place in its locker's wall, with every door of that locker, for the citizen's picture", () => {
    // Four boards of 24: eight rows a column, three columns a board, boards left to right.
    const wall = compartments.wall('1-07');
    expect(wall).toMatchObject({ label: 'A-07', column: 1, row: 7 });
    expect(wall?.doors).toHaveLength(96);
    expect(compartments.wall('B-11')).toMatchObject({ label: 'B-11', column: 5, row: 3 });
    expect(wall?.doors.find((d) => d.label === 'D-24')).toEqual({ label: 'D-24', column: 12, row: 8 });
    expect(compartments.wall('Z-99')).toBeNull();
  });
});
