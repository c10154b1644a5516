/**
 * What the staff dashboard remembers: each member's actions of the shift (from the audit chain
 * when the store is open, else from this run's memory), and the last device and back-office
 * errors.
 */
import type { StaffAction, StaffDashboard } from '../../base/api/contract.js';
import type { Store } from '../../data/store/store.js';

export class ActionHistory {
  private readonly memory = new Map<string, StaffAction[]>();

  /** `store`: the audit chain to read; null without a store (this run's memory only). */
  constructor(private readonly store: () => Pick<Store, 'db'> | null) {}

  remember(staffId: string, a: StaffAction): void {
    const list = this.memory.get(staffId) ?? [];
    list.unshift(a);
    list.length = Math.min(list.length, 200);
    this.memory.set(staffId, list);
  }

  /** The staff member's actions since `from`: from the audit chain when it is open, else this run's memory. */
  actionsOf(staffId: string, from: number): StaffAction[] {
    const store = this.store();
    if (!store) return (this.memory.get(staffId) ?? []).filter((a) => a.at >= from);
    const rows = store.db
      .prepare(`SELECT at, type, detail FROM audit_log WHERE actor = ? AND at >= ? ORDER BY seq DESC LIMIT 200`)
      .all(`staff:${staffId}`, from) as Array<{ at: number; type: string; detail: string }>;
    return rows.map((r) => {
      let d: Record<string, unknown>;
      try {
        d = JSON.parse(r.detail) as Record<string, unknown>;
      } catch {
        d = {};
      }
      const { action, outcome, ...rest } = d;
      return {
        at: r.at,
        action: typeof action === 'string' ? action : r.type,
        outcome: typeof outcome === 'string' ? outcome : '',
        detail: Object.entries(rest)
          .filter(([, v]) => v !== null)
          .map(([k, v]) => `${k}=${String(v)}`)
          .join(' '),
      };
    });
  }
}

/** The last errors (newest first) the dashboard shows: 20 kept, 10 shown. */
export class RecentErrors {
  private readonly errors: StaffDashboard['lastErrors'] = [];

  constructor(private readonly now: () => number) {}

  note(source: string, code: string): void {
    this.errors.unshift({ at: this.now(), source, code });
    this.errors.length = Math.min(this.errors.length, 20);
  }

  last(): StaffDashboard['lastErrors'] {
    return this.errors.slice(0, 10);
  }
}
