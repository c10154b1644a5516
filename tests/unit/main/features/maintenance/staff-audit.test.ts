import { describe, expect, it, vi } from 'vitest';
import { StoreUnavailableError } from '../../../../../main/data/data-port.js';
import { actionDone, describeDetail } from '../../../../../main/features/maintenance/action-result.js';
import { staffAudit } from '../../../../../main/features/maintenance/staff-audit.js';
import { recorder } from './fakes.js';

describe('staff audit', () => {
  it('appends at the clock time, and without a store logs the event instead of failing', () => {
    const entries: unknown[] = [];
    const log = { warn: vi.fn(), error: vi.fn() };
    staffAudit(
      {
        append: (e) => (
          entries.push(e),
          { seq: 1, at: 0, type: '', actor: '', subject: null, detail: '', prevHash: '', hash: '' }
        ),
      },
      log,
      {
        now: () => 42,
      },
    )('maintenance-login', 'staff:S-1', { outcome: 'ok' });
    expect(entries).toEqual([{ type: 'maintenance-login', actor: 'staff:S-1', detail: { outcome: 'ok' }, at: 42 }]);
    const throwing = (e: Error) =>
      staffAudit(
        {
          append: () => {
            throw e;
          },
        },
        log,
        { now: () => 0 },
      )('staff-action', 'staff:S-1', {});
    throwing(new StoreUnavailableError());
    throwing(new Error('disk'));
    expect([log.warn.mock.calls.length, log.error.mock.calls.length]).toEqual([1, 1]);
  });
});

describe('action result', () => {
  it('records an action and describes its set fields', () => {
    const rec = recorder();
    expect(actionDone(rec.record, 'empty-deposits', 'partly', { opened: 1, failed: 'A-01', none: null })).toEqual({
      action: 'empty-deposits',
      outcome: 'partly',
      detail: 'opened=1 failed=A-01',
    });
    expect(rec.actions).toEqual(['empty-deposits:partly']);
    expect(describeDetail({})).toBe('');
  });
});
