import { describe, expect, it, vi } from 'vitest';
import { err } from '../../../../../common/result.js';
import { StoreUnavailableError } from '../../../../../main/data/data-port.js';
import { citizenAudit, urgentAlert } from '../../../../../main/features/journeys/citizen-audit.js';
import { FakeAudit, FakeOutbox, NOW, subjectOf } from './fakes.js';

const fakeLog = () => ({ warn: vi.fn(), error: vi.fn() });

describe("the journeys' best-effort writes", () => {
  it('audits as citizen, with the subject when an ID number is given', () => {
    const audit = new FakeAudit();
    const write = citizenAudit({ audit, subjectOf }, fakeLog());
    write('card.read', { cardType: 'resident' }, '11010519491231002X');
    write('assist.requested', { sessionId: 's' });
    expect(audit.entries).toEqual([
      { type: 'card.read', actor: 'citizen', detail: { cardType: 'resident' }, subject: subjectOf('11010519491231002X') },
      { type: 'assist.requested', actor: 'citizen', detail: { sessionId: 's' } },
    ]);
  });

  it('skips the line quietly without a store, and logs any other failure without throwing', () => {
    const log = fakeLog();
    const unavailable = citizenAudit(
      {
        audit: {
          append: () => {
            throw new StoreUnavailableError();
          },
          operationsOn: () => [],
        },
        subjectOf,
      },
      log,
    );
    unavailable('card.read', {});
    expect(log.error).not.toHaveBeenCalled();
    const broken = citizenAudit(
      {
        audit: {
          append: () => {
            throw new Error('disk full');
          },
          operationsOn: () => [],
        },
        subjectOf,
      },
      log,
    );
    broken('card.read', {});
    expect(log.error).toHaveBeenCalledTimes(1);
  });

  it('queues an urgent event for staff, false when it is refused or there is no store', () => {
    const outbox = new FakeOutbox();
    const log = fakeLog();
    const urgent = urgentAlert(outbox, log, () => NOW);
    expect(urgent('door-jammed', 'door A-07')).toBe(true);
    expect(outbox.of('urgent')).toEqual([{ kind: 'door-jammed', severity: 'high', message: 'door A-07', at: NOW.toISOString() }]);
    outbox.fail.add('urgent');
    expect(urgent('door-jammed', 'door A-07')).toBe(false);
    expect(log.error).toHaveBeenCalledTimes(1);
    const noStore = urgentAlert(
      {
        urgent: () => {
          throw new StoreUnavailableError();
        },
      },
      log,
      () => NOW,
    );
    expect(noStore('help-requested', 'x')).toBe(false);
    const refused = urgentAlert({ urgent: () => err('invalid-payload', 'bad') }, log, () => NOW);
    expect(refused('help-requested', 'x')).toBe(false);
  });

  it('lets a bug in the outbox through (it is not an expected failure)', () => {
    const urgent = urgentAlert(
      {
        urgent: () => {
          throw new TypeError('bug');
        },
      },
      fakeLog(),
      () => NOW,
    );
    expect(() => urgent('x', 'y')).toThrow(TypeError);
  });
});
