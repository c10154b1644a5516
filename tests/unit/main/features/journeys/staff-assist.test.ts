import { describe, expect, it } from 'vitest';
import { err, ok } from '../../../../../common/result.js';
import { silentLogger } from '../../../../../main/base/log/logger.js';
import {
  confirmAssistedIdentity,
  HELP_CALL_SPACING_MS,
  StaffAssist,
  type StaffVerifier,
} from '../../../../../main/features/journeys/staff-assist.js';
import type { AssistCredential } from '../../../../../main/features/session/journey-types.js';
import { FakeAudit, FakeClient, NOW, subjectOf, type Answers } from './fakes.js';

const card: AssistCredential = { kind: 'card', card: 'STAFF-0001', pin: '246810' };
const staff = { staffId: 'STAFF-0001', name: '王工作' };

/** The register confirms the pair. */
const confirmed: Answers = { confirmIdentity: () => ok({ confirmed: true as const, confirmedAt: NOW.toISOString() }) };
/** The register refuses with the back office's code (a 422). */
const refused = (remoteCode: string): Answers => ({
  confirmIdentity: () => err({ code: 'bo-rejected', message: `confirmIdentity: ${remoteCode}`, status: 422, remoteCode }),
});

function setUp(o: { verify?: StaffVerifier; queued?: boolean; answers?: Answers } = {}) {
  let now = NOW.getTime();
  const audit = new FakeAudit();
  const citizenAudit: string[] = [];
  const urgent: string[] = [];
  const client = new FakeClient(o.answers ?? confirmed);
  const assist = new StaffAssist({
    terminalId: 'T-1',
    verifyStaff: o.verify ?? (() => Promise.resolve(ok({ staffId: 'STAFF-0001', name: '王工作' }))),
    audit: (type) => void citizenAudit.push(type),
    urgent: (kind) => (urgent.push(kind), o.queued ?? true),
    data: { audit, subjectOf },
    client,
    log: silentLogger(),
    now: () => new Date(now),
  });
  return { assist, audit, client, citizenAudit, urgent, advance: (ms: number) => (now += ms) };
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

  it('asks the register to confirm the typed pair, then audits the identification under the member of staff, with the citizen as subject', async () => {
    const { assist, audit, client } = setUp();
    const identity = await assist.assistIdentify({
      staff,
      entry: { name: ' 李四 ', idNumber: '11010519491231002x', document: 'passport' },
      sessionId: 's',
    });
    expect(client.calls).toEqual([
      {
        name: 'confirmIdentity',
        input: { body: { terminalId: 'T-1', name: '李四', idNumber: '11010519491231002X', document: 'passport' } },
      },
    ]);
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

  const entry = { name: '王芳', idNumber: '440604198506151233', document: 'household-register' as const };

  for (const [remote, code] of [
    ['identity-not-in-register', 'assist-not-in-register'],
    ['identity-name-mismatch', 'assist-name-mismatch'],
    ['identity-inactive', 'assist-person-inactive'],
  ] as const) {
    it(`refuses when the register answers ${remote}: ${code}, audited with the reason, no identity`, async () => {
      const { assist, audit } = setUp({ answers: refused(remote) });
      await expect(assist.assistIdentify({ staff, entry, sessionId: 's' })).rejects.toMatchObject({ code });
      expect(audit.entries).toEqual([
        {
          type: 'identify.staff-assisted-refused',
          actor: 'staff:STAFF-0001',
          detail: { document: 'household-register', sessionId: 's', reason: code },
          subject: subjectOf('440604198506151233'),
        },
      ]);
    });
  }

  it('never passes without an answer: an unreachable, failing or contract-breaking register is assist-register-unavailable', async () => {
    const failures: Answers[] = [
      {}, // unreachable
      { confirmIdentity: () => err({ code: 'bo-server-error', message: 'HTTP 500', status: 500, remoteCode: 'internal' }) },
      { confirmIdentity: () => err({ code: 'bo-timeout', message: 'no answer' }) },
      { confirmIdentity: () => err({ code: 'bo-bad-response', message: 'breaks the contract' }) },
      // A 422 with a code the kiosk does not know is no confirmation either.
      { confirmIdentity: () => err({ code: 'bo-rejected', message: 'other', status: 422, remoteCode: 'something-else' }) },
    ];
    for (const answers of failures) {
      const { assist, audit } = setUp({ answers });
      await expect(assist.assistIdentify({ staff, entry, sessionId: 's' })).rejects.toMatchObject({
        code: 'assist-register-unavailable',
      });
      expect(audit.types()).toEqual(['identify.staff-assisted-refused']);
      expect(audit.entries[0]?.detail).toMatchObject({ reason: 'assist-register-unavailable' });
    }
  });

  it('confirmAssistedIdentity is a typed result, never a throw', async () => {
    expect(await confirmAssistedIdentity(new FakeClient(confirmed), 'T-1', entry)).toEqual({ ok: true, value: undefined });
    const r = await confirmAssistedIdentity(new FakeClient(refused('identity-name-mismatch')), 'T-1', entry);
    expect(r).toMatchObject({ ok: false, error: { code: 'assist-name-mismatch' } });
  });
});
