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
}

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
    for (const b of boardsOf(d)) {
      const prefix = String.fromCharCode(65 + (letter++ % 26));
      for (let lock = 1; lock <= b.locks; lock++) {
        const label = `${prefix}-${String(lock).padStart(2, '0')}`;
        out.push({ deviceId: d.id, label, board: b.address, lock, size: staff.compartmentSizes[label] ?? staff.defaultSize });
      }
    }
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
