/**
 * Staff work on the compartments: open one, empty the citizens' deposits, mark a door out of
 * order (and back). The deposit journey marks the doors that hold a deposit.
 */
import type { LockerDriver } from '../../../drivers/locker/locker-driver.js';
import { actionDone, type ActionDetail, type ActionResult, type RecordAction } from './action-result.js';
import type { CompartmentMarks } from './compartments.js';
import { openSlot, type LockerView } from './locker-view.js';

export interface LockerActionsOptions {
  view: Pick<LockerView, 'slot'>;
  locker: (deviceId: string) => Pick<LockerDriver, 'open'> | null;
  marks: Pick<CompartmentMarks, 'get' | 'update'>;
  record: RecordAction;
  /** The dashboard changed (pushed to the staff screen). */
  changed: () => void;
}

export class LockerActions {
  constructor(private readonly o: LockerActionsOptions) {}

  async openCompartment(door: string): Promise<ActionResult> {
    const slot = this.o.view.slot(door);
    if (!slot) return this.done('open-compartment', 'no-such-door', { door });
    const r = await openSlot(this.o.locker(slot.deviceId), slot);
    return this.done('open-compartment', r, { door });
  }

  async emptyDeposits(): Promise<ActionResult> {
    const doors = [...this.o.marks.get().deposits];
    let opened = 0;
    const failed: string[] = [];
    for (const door of doors) {
      const slot = this.o.view.slot(door);
      const r = slot ? await openSlot(this.o.locker(slot.deviceId), slot) : 'no-such-door';
      if (r === 'ok') opened++;
      else failed.push(door);
    }
    this.o.marks.update((m) => {
      m.deposits = m.deposits.filter((d) => failed.includes(d));
    });
    this.o.changed();
    return this.done('empty-deposits', failed.length === 0 ? 'ok' : 'partly', { opened, failed: failed.join(',') || null });
  }

  /** Called by the deposit journey when a citizen leaves materials in a compartment. */
  markDeposit(door: string): void {
    if (!this.o.view.slot(door)) return;
    this.o.marks.update((m) => {
      if (!m.deposits.includes(door)) m.deposits.push(door);
    });
  }

  setOutOfOrder(door: string, outOfOrder: boolean): ActionResult {
    // Named for what the staff did, so the action list reads "mark in order" for putting a door back.
    const action = outOfOrder ? 'out-of-order' : 'back-in-order';
    if (!this.o.view.slot(door)) return this.done(action, 'no-such-door', { door, outOfOrder });
    this.o.marks.update((m) => {
      m.outOfOrder = m.outOfOrder.filter((d) => d !== door);
      if (outOfOrder) m.outOfOrder.push(door);
    });
    this.o.changed();
    return this.done(action, 'ok', { door, outOfOrder });
  }

  /** Is a door usable for citizens (not marked out of order)? For the pickup and deposit journeys. */
  isOutOfOrder(door: string): boolean {
    return this.o.marks.get().outOfOrder.includes(door);
  }

  private done(action: string, outcome: string, detail: ActionDetail): ActionResult {
    return actionDone(this.o.record, action, outcome, detail);
  }
}
