import { describe, expect, it } from 'vitest';
import { err, ok } from '../../../../../common/result.js';
import { LockerActions } from '../../../../../main/features/maintenance/locker-actions.js';
import { compartmentState, LockerView, openSlot } from '../../../../../main/features/maintenance/locker-view.js';
import { layout, wallOf } from '../../../../../main/features/maintenance/compartments.js';
import type { DeviceConfig } from '../../../../../config/schema.js';
import { testConfig } from '../../../../helpers/core.js';
import { EventLocker, MemoryMarks, recorder, SLOTS } from './fakes.js';

function setUp(locker: EventLocker | null = new EventLocker()) {
  const marks = new MemoryMarks();
  const rec = recorder();
  let changed = 0;
  const view = new LockerView({ slots: SLOTS, marks, locker: () => locker, store: () => null });
  const actions = new LockerActions({ view, locker: () => locker, marks, record: rec.record, changed: () => void changed++ });
  return { locker, marks, view, actions, changed: () => changed, recorded: rec.actions };
}

describe('locker actions', () => {
  it('opens a compartment; an unknown door, a refusing locker and a jammed door are outcomes', async () => {
    const { actions, locker } = setUp();
    expect(await actions.openCompartment('A-02')).toEqual({ action: 'open-compartment', outcome: 'ok', detail: 'door=A-02' });
    expect(locker?.opened).toEqual([[1, 2]]);
    expect((await actions.openCompartment('Z-01')).outcome).toBe('no-such-door');
    locker!.answer = err('no-answer', 'silent');
    expect((await actions.openCompartment('A-02')).outcome).toBe('no-answer');
    locker!.answer = ok(false);
    expect((await actions.openCompartment('A-02')).outcome).toBe('jammed');
    locker!.answer = ok(null);
    expect((await actions.openCompartment('A-02')).outcome).toBe('unconfirmed');
    expect(await openSlot(null, SLOTS[0]!)).toBe('device-unavailable');
  });

  it('empties the deposits, keeping the doors that did not open', async () => {
    const { actions, marks, locker, changed } = setUp();
    actions.markDeposit('A-01');
    actions.markDeposit('A-03');
    actions.markDeposit('A-01');
    actions.markDeposit('Z-09');
    expect(marks.marks.deposits).toEqual(['A-01', 'A-03']);
    expect(await actions.emptyDeposits()).toEqual({ action: 'empty-deposits', outcome: 'ok', detail: 'opened=2' });
    expect(marks.marks.deposits).toEqual([]);
    actions.markDeposit('A-01');
    locker!.answer = ok(false);
    expect(await actions.emptyDeposits()).toEqual({
      action: 'empty-deposits',
      outcome: 'partly',
      detail: 'opened=0 failed=A-01',
    });
    expect(marks.marks.deposits).toEqual(['A-01']);
    expect(changed()).toBe(2);
  });

  it('marks a door out of order and back, shown in the view and the free list', () => {
    const { actions, view } = setUp();
    expect(actions.setOutOfOrder('A-02', true).outcome).toBe('ok');
    expect(actions.isOutOfOrder('A-02')).toBe(true);
    expect(view.free().map((c) => c.label)).toEqual(['A-01', 'A-03']);
    expect(view.free('M').map((c) => c.label)).toEqual(['A-03']);
    actions.setOutOfOrder('A-02', false);
    expect(actions.isOutOfOrder('A-02')).toBe(false);
    expect(actions.setOutOfOrder('Z-01', true).outcome).toBe('no-such-door');
  });

  it('shows each compartment with its door, what it holds and its marks', () => {
    const { actions, view, locker, marks } = setUp();
    actions.markDeposit('A-01');
    locker!.doors.set('1-3', 'open');
    marks.marks.pendingNotices.push({ applicationNo: 'APP-1', deviceId: 'locker', door: 'A-02', staffId: 's', loadedAt: 0 });
    expect(view.lockers()).toEqual([
      {
        deviceId: 'locker',
        compartments: [
          {
            label: 'A-01',
            board: 1,
            lock: 1,
            size: 'S',
            door: 'closed',
            holds: 'deposit',
            outOfOrder: false,
            column: 1,
            row: 1,
            state: 'loaded',
          },
          {
            label: 'A-02',
            board: 1,
            lock: 2,
            size: 'M',
            door: 'closed',
            holds: 'pickup',
            outOfOrder: false,
            column: 1,
            row: 2,
            state: 'loaded',
          },
          {
            label: 'A-03',
            board: 1,
            lock: 3,
            size: 'M',
            door: 'open',
            holds: 'empty',
            outOfOrder: false,
            column: 1,
            row: 3,
            state: 'open',
          },
        ],
      },
    ]);
    expect(setUp(null).view.lockers()[0]?.compartments[0]?.door).toBe('unknown');
  });

  it('a door out of order or jammed is a fault on the map, whatever it holds', () => {
    expect(compartmentState('closed', 'pickup', true)).toBe('fault');
    expect(compartmentState('jammed', 'empty', false)).toBe('fault');
    expect(compartmentState('open', 'pickup', false)).toBe('open');
    expect(compartmentState('unknown', 'empty', false)).toBe('empty');
  });

  it('places the doors in the wall: each board top to bottom, columns of eight unless the locker says otherwise', () => {
    const devices = [
      { ...testConfig().devices.find((d) => d.kind === 'locker')!, options: { boards: 2, locksPerBoard: 12 } },
    ] as DeviceConfig[];
    const slots = layout(devices, { compartmentSizes: {}, defaultSize: 'M' });
    const at = (label: string) => slots.find((s) => s.label === label);
    expect(at('A-01')).toMatchObject({ column: 1, row: 1 });
    expect(at('A-08')).toMatchObject({ column: 1, row: 8 });
    expect(at('A-09')).toMatchObject({ column: 2, row: 1 });
    expect(at('B-01')).toMatchObject({ column: 3, row: 1 });
    const six = layout([{ ...devices[0]!, options: { boards: 1, locksPerBoard: 12, rowsPerColumn: 6 } }] as DeviceConfig[], {
      compartmentSizes: {},
      defaultSize: 'M',
    });
    expect(six.find((s) => s.label === 'A-07')).toMatchObject({ column: 2, row: 1 });
    // Slots without a place (built by hand) get one by the default rule.
    const wall = wallOf(slots.map(({ column: _c, row: _r, ...s }) => s));
    expect(wall.get('B-01')).toEqual({ column: 3, row: 1 });
    expect(wall.get('A-12')).toEqual({ column: 2, row: 4 });
  });
});
