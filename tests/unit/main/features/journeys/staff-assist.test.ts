import { describe, expect, it } from 'vitest';
import { err, ok } from '../../../../../common/result.js';
import { silentLogger } from '../../../../../main/base/log/logger.js';
import { HELP_CALL_SPACING_MS, StaffAssist, type StaffVerifier } from '../../../../../main/features/journeys/staff-assist.js';
import type { AssistCredential } from '../../../../../main/features/session/journey-types.js';
import { FakeAudit, NOW, subjectOf } from './fakes.js';

const card: AssistCredential = { kind: 'card', card: 'STAFF-0001', pin: '246810' };

function setUp(o: { verify?: StaffVerifier; queued?: boolean } = {}) {
  let now = NOW.getTime();
  const audit = new FakeAudit();
  const citizenAudit: string[] = [];
  const urgent: string[] = [];
  const assist = new StaffAssist({
    terminalId: 'T-1',
    verifyStaff: o.verify ?? (() => Promise.resolve(ok({ staffId: 'STAFF-0001', name: '王工作' }))),
    audit: (type) => void citizenAudit.push(type),
    urgent: (kind) => (urgent.push(kind), o.queued ?? true),
    data: { audit, subjectOf },
    log: silentLogger(),
    now: () => new Date(now),
  });
  return { assist, audit, citizenAudit, urgent, advance: (ms: number) => (now += ms) };
}

describe('staff assist', () => {
  it('calls staff once a minute however often it is asked, auditing every ask', async () => {
    const { assist, urgent, citizenAudit, advance } = setUp();
    await assist.callStaff({ sessionId: 's' });
    await assist.callStaff({ sessionId: 's' });
    advance(HELP_CALL_SPACING_MS);
    await assist.callStaff({ sessionId: 's' });
    expect(urgent).toEqual(['help-requested', 'help-requested']);
    expect(citizenAudit).toEqual(['assist.requested', 'assist.requested', 'assist.requested']);
  });

  it('is assist-call-failed when the call cannot be queued, and tries again at the next ask', async () => {
    const { assist, urgent } = setUp({ queued: false });
    await expect(assist.callStaff({ sessionId: 's' })).rejects.toMatchObject({ code: 'assist-call-failed' });
    await expect(assist.callStaff({ sessionId: 's' })).rejects.toMatchObject({ code: 'assist-call-failed' });
    expect(urgent).toHaveLength(2);
  });

  it('returns the member of staff a good credential proves', async () => {
    expect(await setUp().assist.verifyStaff({ credential: card })).toEqual({ staffId: 'STAFF-0001', name: '王工作' });
  });

  it('passes a locked prompt and a wrong credential on as their codes', async () => {
    const locked = setUp({ verify: () => Promise.resolve(err('staff-locked', 'locked')) });
    await expect(locked.assist.verifyStaff({ credential: card })).rejects.toMatchObject({ code: 'staff-locked' });
    const wrong = setUp({ verify: () => Promise.resolve(err('staff-wrong-credentials', 'wrong')) });
    await expect(wrong.assist.verifyStaff({ credential: card })).rejects.toMatchObject({ code: 'staff-wrong-credentials' });
  });

  it('audits a staff-assisted identification under the member of staff, with the citizen as subject', async () => {
    const { assist, audit } = setUp();
    const identity = await assist.assistIdentify({
      staff: { staffId: 'STAFF-0001', name: '王工作' },
      entry: { name: ' 李四 ', idNumber: '11010519491231002X', document: 'passport' },
      sessionId: 's',
    });
    expect(identity).toEqual({
      method: 'staff',
      cardType: 'staff-checked',
      name: '李四',
      idNumber: '11010519491231002X',
      assistedBy: 'STAFF-0001',
      document: 'passport',
    });
    expect(audit.entries).toEqual([
      {
        type: 'identify.staff-assisted',
        actor: 'staff:STAFF-0001',
        detail: { document: 'passport', sessionId: 's' },
        subject: subjectOf('11010519491231002X'),
      },
    ]);
  });
});
