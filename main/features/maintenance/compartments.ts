/**
 * The compartments of the terminal's locker cabinets as staff see them: a door label (`A-07`:
 * board letter, lock number), its board and lock, its size, and local marks (out of order, a
 * citizen's deposit waiting to be emptied) kept in `<dataDir>/maintenance/compartments.json`.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import type { DeviceConfig } from '../../../config/schema.js';
import type { StaffConfig } from '../../../config/staff-schema.js';
import { findLockerScenario } from '../../../drivers/locker/locker-scenarios.js';

export type Size = 'S' | 'M' | 'L';

export interface CompartmentSlot {
  deviceId: string;
  label: string;
  board: number;
  lock: number;
  size: Size;
  /** Where the door is in the locker wall, 1-based: column from the left, row from the top (see `wallOf`). */
  column?: number;
  row?: number;
}

/** Doors a board's locks fill top to bottom before the next column starts, unless the locker's options say otherwise. */
export const DEFAULT_ROWS_PER_COLUMN = 8;

const BoardsOption = z.object({
  protocol: z.enum(['8a', 'kerong']).optional(),
  boards: z
    .union([
      z.number().int().min(1).max(32),
      z.array(z.object({ address: z.number().int(), locks: z.number().int().optional() }).loose()),
    ])
    .optional(),
  locksPerBoard: z.number().int().min(1).max(48).optional(),
  firstAddress: z.number().int().min(0).max(99).optional(),
  /** The locker wall: how many doors one column holds (lock 1 at the top of the board's first column). */
  rowsPerColumn: z.number().int().min(1).max(48).optional(),
});

/** Boards of one locker device, as its options (or, emulated, its scenario) describe them. */
export function boardsOf(device: DeviceConfig): Array<{ address: number; locks: number }> {
  const o = BoardsOption.safeParse(device.options);
  const opts = o.success ? o.data : {};
  const protocol = opts.protocol ?? '8a';
  const locks = opts.locksPerBoard ?? (protocol === 'kerong' ? 16 : 24);
  if (Array.isArray(opts.boards)) return opts.boards.map((b) => ({ address: b.address, locks: b.locks ?? locks }));
  if (opts.boards === undefined && device.transport.type === 'emulated' && opts.locksPerBoard === undefined) {
    const scenario = findLockerScenario(device.transport.scenario ?? 'default');
    if (scenario && scenario.protocol === protocol) return scenario.boards.map((b) => ({ address: b.address, locks: b.locks }));
  }
  const first = opts.firstAddress ?? (protocol === 'kerong' ? 0 : 1);
  return Array.from({ length: typeof opts.boards === 'number' ? opts.boards : 1 }, (_, i) => ({ address: first + i, locks }));
}

export function layout(
  devices: readonly DeviceConfig[],
  staff: Pick<StaffConfig, 'compartmentSizes' | 'defaultSize'>,
): CompartmentSlot[] {
  const out: CompartmentSlot[] = [];
  let letter = 0;
  for (const d of devices) {
    if (!d.enabled || d.kind !== 'locker') continue;
    const o = BoardsOption.safeParse(d.options);
    const rows = (o.success ? o.data.rowsPerColumn : undefined) ?? DEFAULT_ROWS_PER_COLUMN;
    let firstColumn = 1;
    for (const b of boardsOf(d)) {
      const prefix = String.fromCharCode(65 + (letter++ % 26));
      for (let lock = 1; lock <= b.locks; lock++) {
        const label = `${prefix}-${String(lock).padStart(2, '0')}`;
        const size = staff.compartmentSizes[label] ?? staff.defaultSize;
        const column = firstColumn + Math.floor((lock - 1) / rows);
        out.push({ deviceId: d.id, label, board: b.address, lock, size, column, row: ((lock - 1) % rows) + 1 });
      }
      firstColumn += Math.ceil(b.locks / rows);
    }
  }
  return out;
}

/**
 * Each door's place in its locker's wall (1-based column from the left, row from the top): as the
 * layout placed it, else by the default rule (each board's locks top to bottom, `DEFAULT_ROWS_PER_COLUMN`
 * a column, boards left to right in the order given).
 */
export function wallOf(slots: readonly CompartmentSlot[]): Map<string, { column: number; row: number }> {
  const out = new Map<string, { column: number; row: number }>();
  const next = new Map<string, { board: number; first: number; width: number }>();
  for (const s of slots) {
    if (s.column !== undefined && s.row !== undefined) {
      out.set(s.label, { column: s.column, row: s.row });
      continue;
    }
    const at = next.get(s.deviceId);
    const cur =
      at === undefined
        ? { board: s.board, first: 1, width: 0 }
        : at.board === s.board
          ? at
          : { board: s.board, first: at.first + at.width, width: 0 };
    const offset = Math.floor((s.lock - 1) / DEFAULT_ROWS_PER_COLUMN);
    cur.width = Math.max(cur.width, offset + 1);
    next.set(s.deviceId, cur);
    out.set(s.label, { column: cur.first + offset, row: ((s.lock - 1) % DEFAULT_ROWS_PER_COLUMN) + 1 });
  }
  return out;
}

const Marks = z.object({
  outOfOrder: z.array(z.string()).default([]),
  deposits: z.array(z.string()).default([]),
  /** Loads whose back-office notice failed; retried until it succeeds. */
  pendingNotices: z
    .array(
      z.object({ applicationNo: z.string(), deviceId: z.string(), door: z.string(), staffId: z.string(), loadedAt: z.number() }),
    )
    .default([]),
});
export type Marks = z.infer<typeof Marks>;

/** Local marks on compartments, written atomically (temp file + rename). */
export class CompartmentMarks {
  private marks: Marks;
  private readonly file: string | null;

  constructor(dataDir: string | null) {
    this.file = dataDir ? join(dataDir, 'maintenance', 'compartments.json') : null;
    this.marks = { outOfOrder: [], deposits: [], pendingNotices: [] };
    if (this.file) {
      try {
        const parsed = Marks.safeParse(JSON.parse(readFileSync(this.file, 'utf8')));
        if (parsed.success) this.marks = parsed.data;
      } catch {
        // No file yet (or unreadable): start clean.
      }
    }
  }

  get(): Readonly<Marks> {
    return this.marks;
  }

  update(fn: (m: Marks) => void): void {
    fn(this.marks);
    if (!this.file) return;
    mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.marks));
    renameSync(tmp, this.file);
  }
}
