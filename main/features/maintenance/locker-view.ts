/**
 * The compartments as the staff dashboard shows them: each door's state (from its locker), what
 * it holds (a citizen's deposit, a loaded document, nothing) and whether it is out of order.
 */
import type { Compartment, StaffDashboard } from '../../base/api/contract.js';
import type { LockerDriver } from '../../../drivers/locker/locker-driver.js';
import type { Store } from '../../data/store/store.js';
import { wallOf, type CompartmentMarks, type CompartmentSlot, type Size } from './compartments.js';

export interface LockerViewOptions {
  slots: readonly CompartmentSlot[];
  marks: Pick<CompartmentMarks, 'get'>;
  /** The locker device a slot belongs to; null when it is not built. */
  locker: (deviceId: string) => Pick<LockerDriver, 'doorState'> | null;
  /** The store (which compartments hold a loaded document); null without one. */
  store: () => Pick<Store, 'db'> | null;
}

export class LockerView {
  private readonly wall: Map<string, { column: number; row: number }>;

  constructor(private readonly o: LockerViewOptions) {
    this.wall = wallOf(o.slots);
  }

  slot(door: string): CompartmentSlot | undefined {
    return this.o.slots.find((s) => s.label === door);
  }

  lockers(): StaffDashboard['lockers'] {
    const byDevice = new Map<string, Compartment[]>();
    for (const slot of this.o.slots) {
      const list = byDevice.get(slot.deviceId) ?? [];
      list.push(this.compartment(slot));
      byDevice.set(slot.deviceId, list);
    }
    return [...byDevice].map(([deviceId, compartments]) => ({ deviceId, compartments }));
  }

  /** Compartments a document can be loaded into now: empty, in order, door closed (of one size, if given). */
  free(size?: Size): Compartment[] {
    return this.o.slots
      .map((s) => this.compartment(s))
      .filter(
        (c) =>
          c.holds === 'empty' &&
          !c.outOfOrder &&
          c.door !== 'open' &&
          c.door !== 'jammed' &&
          (size === undefined || c.size === size),
      );
  }

  compartment(slot: CompartmentSlot): Compartment {
    const marks = this.o.marks.get();
    const driver = this.o.locker(slot.deviceId);
    const door = driver ? driver.doorState(slot.board, slot.lock) : 'unknown';
    const holds = marks.deposits.includes(slot.label)
      ? 'deposit'
      : this.loadedDoors(slot.deviceId).has(slot.label) || marks.pendingNotices.some((p) => p.door === slot.label)
        ? 'pickup'
        : 'empty';
    const outOfOrder = marks.outOfOrder.includes(slot.label);
    const at = this.wall.get(slot.label) ?? { column: 1, row: 1 };
    return {
      label: slot.label,
      board: slot.board,
      lock: slot.lock,
      size: slot.size,
      door,
      holds,
      outOfOrder,
      column: at.column,
      row: at.row,
      state: compartmentState(door, holds, outOfOrder),
    };
  }

  private loadedDoors(deviceId: string): Set<string> {
    const store = this.o.store();
    if (!store) return new Set();
    const rows = store.db
      .prepare(`SELECT cell FROM pickups WHERE state = 'ready' AND locker_id = ? AND cell IS NOT NULL`)
      .all(deviceId) as Array<{
      cell: string;
    }>;
    return new Set(rows.map((r) => r.cell));
  }
}

/** What the staff's locker map shows for a door: a fault first, then an open door, then whether it holds something. */
export function compartmentState(door: string, holds: Compartment['holds'], outOfOrder: boolean): Compartment['state'] {
  if (outOfOrder || door === 'jammed') return 'fault';
  if (door === 'open') return 'open';
  return holds === 'empty' ? 'empty' : 'loaded';
}

/** Opens one compartment: `ok`, `jammed`, `unconfirmed` (the board's answer was lost), or the locker's code. */
export async function openSlot(locker: Pick<LockerDriver, 'open'> | null, slot: CompartmentSlot): Promise<string> {
  if (!locker) return 'device-unavailable';
  const r = await locker.open(slot.board, slot.lock);
  if (!r.ok) return r.error.code;
  if (r.value.opened === null) return 'unconfirmed';
  return r.value.opened ? 'ok' : 'jammed';
}
