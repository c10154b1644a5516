/** In-memory fakes for the maintenance modules' ports (no store, no devices, no core). */
import { ok } from '../../../../../common/result.js';
import type { LockerEvent } from '../../../../../drivers/locker/locker-driver.js';
import type { DeviceHealth } from '../../../../../main/base/api/contract.js';
import type { ActionDetail, RecordAction } from '../../../../../main/features/maintenance/action-result.js';
import type { CompartmentSlot, Marks } from '../../../../../main/features/maintenance/compartments.js';
import { FakeLocker } from '../journeys/fakes.js';

export { FakeClient, FakeReceiptPrinter, testConfig, unreachable } from '../journeys/fakes.js';

/** Records every staff action as `action:outcome`, with its detail. */
export function recorder(): { record: RecordAction; actions: string[]; details: ActionDetail[] } {
  const actions: string[] = [];
  const details: ActionDetail[] = [];
  return {
    actions,
    details,
    record: (action, outcome, detail) => {
      actions.push(`${action}:${outcome}`);
      details.push(detail);
    },
  };
}

/** Compartment marks in memory. */
export class MemoryMarks {
  marks: Marks = { outOfOrder: [], deposits: [], pendingNotices: [] };
  get(): Readonly<Marks> {
    return this.marks;
  }
  update(fn: (m: Marks) => void): void {
    fn(this.marks);
  }
}

export const SLOTS: CompartmentSlot[] = [
  { deviceId: 'locker', label: 'A-01', board: 1, lock: 1, size: 'S' },
  { deviceId: 'locker', label: 'A-02', board: 1, lock: 2, size: 'M' },
  { deviceId: 'locker', label: 'A-03', board: 1, lock: 3, size: 'M' },
];

/** A locker that also emits door events. */
export class EventLocker extends FakeLocker {
  private readonly listeners = new Set<(e: LockerEvent) => void>();
  onEvent(l: (e: LockerEvent) => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  emit(e: LockerEvent): void {
    for (const l of [...this.listeners]) l(e);
  }
  get watchers(): number {
    return this.listeners.size;
  }
}

export function health(
  kind: DeviceHealth['kind'],
  state: DeviceHealth['state'],
  code: string | null = null,
  id: string = kind,
): DeviceHealth {
  return { id, kind, state, emulated: true, code, since: 0 };
}

export const okAnswer = ok;
