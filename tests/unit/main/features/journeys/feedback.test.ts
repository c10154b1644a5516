import { describe, expect, it } from 'vitest';
import { Feedback } from '../../../../../main/features/journeys/feedback.js';
import { FakeAudit, FakeOutbox, NOW, subjectOf, ZHANG } from './fakes.js';

function setUp(attachments: { materialId: string; createdAt: number; sentAt: number | null }[] = []) {
  const outbox = new FakeOutbox();
  const audit = new FakeAudit();
  const feedback = new Feedback({
    terminalId: 'T-1',
    hallId: 'hall-9',
    outbox,
    audit,
    subjectOf,
    attachmentsToday: (id) => (id === ZHANG.idNumber ? attachments : []),
    now: () => NOW,
  });
  return { outbox, audit, feedback };
}

describe('feedback and my data', () => {
  it('enqueues a report with its number and a rating', async () => {
    const { feedback, outbox } = setUp();
    const { reportNo } = await feedback.sendReport({ category: 'facility', text: 'broken light', sessionId: 's' });
    await feedback.sendRating({ score: 5, matterId: 'senior-card' });
    expect(outbox.rows).toEqual([
      {
        kind: 'report',
        body: { gridId: 'hall-9', category: 'facility', text: 'broken light', reportedAt: NOW.toISOString() },
        opts: { key: `report:${reportNo}` },
      },
      { kind: 'rating', body: { level: 5, matterCode: 'senior-card', ratedAt: NOW.toISOString() }, opts: undefined },
    ]);
  });

  it('is report-failed / rating-failed when the outbox refuses', async () => {
    const { feedback, outbox } = setUp();
    outbox.fail.add('report').add('rating');
    await expect(feedback.sendReport({ category: 'c', text: 't', phone: '13800138000', sessionId: 's' })).rejects.toMatchObject({
      code: 'report-failed',
    });
    await expect(feedback.sendRating({ score: 1, matterId: null })).rejects.toMatchObject({ code: 'rating-failed' });
  });

  it("lists today's operations on the person, from the audit chain", async () => {
    const { feedback, audit } = setUp();
    const today = NOW.getTime() - 60_000;
    audit.append({ type: 'card-read', actor: 'citizen', subject: subjectOf(ZHANG.idNumber), at: today });
    audit.append({ type: 'submission', actor: 'citizen', subject: 'someone-else', at: today });
    audit.append({ type: 'old', actor: 'citizen', subject: subjectOf(ZHANG.idNumber), at: NOW.getTime() - 3 * 86_400_000 });
    expect(await feedback.myData({ identity: ZHANG })).toEqual([{ at: new Date(today).toISOString(), action: 'card-read' }]);
  });

  it('names every operation by a word the screen translates: dotted audit types as words, an unknown type as other', async () => {
    const { feedback, audit } = setUp();
    const t = NOW.getTime() - 60_000;
    const types = [
      'card.read',
      'identify.face',
      'review.reveal',
      'pickup-collected',
      'progress.lookup',
      'document.issued',
      'something.new',
    ];
    types.forEach((type, i) => audit.append({ type, actor: 'citizen', subject: subjectOf(ZHANG.idNumber), at: t + i }));
    expect((await feedback.myData({ identity: ZHANG })).map((e) => e.action)).toEqual([
      'card-read',
      'identify-face',
      'review-reveal',
      'pickup-collected',
      'progress-lookup',
      'document-issued',
      'other',
    ]);
  });

  it('lists the materials photographed today: stored, then sent (when the back office got them), in time order', async () => {
    const t = NOW.getTime();
    const { feedback, audit } = setUp([
      { materialId: 'property-deed', createdAt: t - 50_000, sentAt: t - 10_000 },
      { materialId: 'school-letter', createdAt: t - 40_000, sentAt: null },
    ]);
    audit.append({ type: 'submission', actor: 'citizen', subject: subjectOf(ZHANG.idNumber), at: t - 45_000 });
    const at = (ms: number): string => new Date(ms).toISOString();
    expect(await feedback.myData({ identity: ZHANG })).toEqual([
      { at: at(t - 50_000), action: 'material-stored' },
      { at: at(t - 45_000), action: 'submission' },
      { at: at(t - 40_000), action: 'material-stored' },
      { at: at(t - 10_000), action: 'material-sent' },
    ]);
  });
});
