import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ActionHistory, RecentErrors } from '../../../../../main/features/maintenance/action-history.js';

describe('action history', () => {
  it("keeps a member's actions in memory without a store, newest first, from a time on", () => {
    const h = new ActionHistory(() => null);
    h.remember('S-1', { at: 10, action: 'test-print', outcome: 'ok', detail: '' });
    h.remember('S-1', { at: 20, action: 'open-compartment', outcome: 'ok', detail: 'door=A-01' });
    h.remember('S-2', { at: 30, action: 'x', outcome: 'ok', detail: '' });
    expect(h.actionsOf('S-1', 15).map((a) => a.action)).toEqual(['open-compartment']);
    expect(h.actionsOf('S-9', 0)).toEqual([]);
  });

  it('reads the actions from the audit chain when there is a store', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE audit_log (seq INTEGER PRIMARY KEY, at INTEGER, actor TEXT, type TEXT, detail TEXT)');
    const add = db.prepare('INSERT INTO audit_log (at, actor, type, detail) VALUES (?, ?, ?, ?)');
    add.run(
      10,
      'staff:S-1',
      'staff-action',
      JSON.stringify({ action: 'test-print', outcome: 'paper-out', printer: 'receipt', none: null }),
    );
    add.run(20, 'staff:S-1', 'maintenance-login', 'not json');
    add.run(30, 'staff:S-2', 'staff-action', '{}');
    const h = new ActionHistory(() => ({ db }));
    expect(h.actionsOf('S-1', 0)).toEqual([
      { at: 20, action: 'maintenance-login', outcome: '', detail: '' },
      { at: 10, action: 'test-print', outcome: 'paper-out', detail: 'printer=receipt' },
    ]);
    db.close();
  });
});

describe('recent errors', () => {
  it('shows the last ten, newest first', () => {
    let now = 0;
    const e = new RecentErrors(() => now++);
    for (let i = 0; i < 25; i++) e.note('receipt', `code-${i}`);
    expect(e.last()).toHaveLength(10);
    expect(e.last()[0]).toEqual({ at: 24, source: 'receipt', code: 'code-24' });
  });
});
