/**
 * Compartment labels are the ones staff see on the doors (`A-07`: first board, lock 7), from the
 * maintenance layout. A back office may also name a cell as `board-lock` (`1-07`); both resolve.
 */
import type { DeviceConfig } from '../../../config/schema.js';
import { wallOf, type CompartmentSlot } from '../maintenance/compartments.js';

/** A door's place in its locker's wall, with every door of that locker (for the citizen's picture of the wall). */
export interface DoorWall {
  label: string;
  column: number;
  row: number;
  doors: Array<{ label: string; column: number; row: number }>;
}

export class Compartments {
  private readonly byLabel = new Map<string, CompartmentSlot>();
  private readonly byBoardLock = new Map<string, CompartmentSlot>();

  constructor(readonly slots: readonly CompartmentSlot[]) {
    for (const s of slots) {
      this.byLabel.set(s.label, s);
      this.byBoardLock.set(`${s.board}-${s.lock}`, s);
    }
  }

  resolve(cell: string): CompartmentSlot | null {
    const direct = this.byLabel.get(cell.trim().toUpperCase());
    if (direct) return direct;
    const m = /^(\d{1,3})-(\d{1,3})$/.exec(cell.trim());
    return m ? (this.byBoardLock.get(`${Number(m[1])}-${Number(m[2])}`) ?? null) : null;
  }

  /** The wall of the locker that holds this door (columns left to right, rows top down), or null for an unknown door. */
  wall(cell: string): DoorWall | null {
    const slot = this.resolve(cell);
    if (!slot) return null;
    const same = this.slots.filter((s) => s.deviceId === slot.deviceId);
    const at = wallOf(same);
    const doors = same.flatMap((s) => {
      const p = at.get(s.label);
      return p ? [{ label: s.label, column: p.column, row: p.row }] : [];
    });
    const mine = at.get(slot.label);
    return mine ? { label: slot.label, column: mine.column, row: mine.row, doors } : null;
  }

  label(board: number, lock: number): string {
    return this.byBoardLock.get(`${board}-${lock}`)?.label ?? `${board}-${String(lock).padStart(2, '0')}`;
  }

  /** The compartments that take citizens' deposits: the locker's `depositCells`, else the last one of each board. */
  depositCells(devices: readonly DeviceConfig[]): string[] {
    const dev = devices.find((d) => d.kind === 'locker' && d.enabled);
    const cells = dev?.options.depositCells;
    if (Array.isArray(cells)) return cells.filter((c): c is string => typeof c === 'string');
    const last = new Map<number, string>();
    for (const slot of this.slots) last.set(slot.board, slot.label);
    return [...last.values()];
  }
}
