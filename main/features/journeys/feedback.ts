/**
 * What a citizen tells the hall: a report (a problem, a suggestion) and a rating, both through the
 * outbox; and "my data", today's operations on the person from the audit chain. A store that is
 * not open throws `store-unavailable` at once.
 */
import type { DataPort } from '../../data/data-port.js';
import { myDataAction, type MyDataAction } from '../../base/api/contract.js';
import type { Identity, MyDataEntry, ReportInput } from '../session/journey-types.js';
import { JourneyError, newApplicationNo } from './journey-kit.js';

export interface FeedbackOptions {
  terminalId: string;
  hallId: string;
  outbox: Pick<DataPort['outbox'], 'report' | 'rating'>;
  audit: Pick<DataPort['audit'], 'operationsOn'>;
  subjectOf: DataPort['subjectOf'];
  attachmentsToday: DataPort['attachmentsToday'];
  now: () => Date;
}

export class Feedback {
  constructor(private readonly o: FeedbackOptions) {}

  sendReport(input: ReportInput & { sessionId: string }): Promise<{ reportNo: string }> {
    const reportNo = newApplicationNo(this.o.terminalId, this.o.now());
    const res = this.o.outbox.report(
      {
        gridId: this.o.hallId,
        category: input.category,
        text: input.text,
        ...(input.phone ? { phone: input.phone } : {}),
        reportedAt: this.o.now().toISOString(),
      },
      { key: `report:${reportNo}` },
    );
    return res.ok ? Promise.resolve({ reportNo }) : Promise.reject(new JourneyError('report-failed', res.error.message));
  }

  sendRating(input: { score: number; matterId: string | null }): Promise<void> {
    const res = this.o.outbox.rating({
      level: input.score,
      ...(input.matterId ? { matterCode: input.matterId } : {}),
      ratedAt: this.o.now().toISOString(),
    });
    return res.ok ? Promise.resolve() : Promise.reject(new JourneyError('rating-failed', res.error.message));
  }

  /** Today's operations on this person, from the audit chain. */
  myData({ identity }: { identity: Identity }): Promise<MyDataEntry[]> {
    const now = this.o.now();
    const start = new Date(now);
    start.setHours(0, 0, 0, 0);
    const subject = this.o.subjectOf(identity.idNumber);
    const rows = this.o.audit.operationsOn(subject, start.getTime(), now.getTime() + 1);
    const entries: Array<{ t: number; action: MyDataAction }> = rows.map((r) => ({ t: r.at, action: myDataAction(r.type) }));
    // Materials photographed here: when each was stored (sealed) and when the back office got it
    // (its bytes are then deleted from this terminal).
    for (const a of this.o.attachmentsToday(identity.idNumber)) {
      entries.push({ t: a.createdAt, action: 'material-stored' });
      if (a.sentAt !== null) entries.push({ t: a.sentAt, action: 'material-sent' });
    }
    entries.sort((x, y) => x.t - y.t);
    return Promise.resolve(entries.map((e) => ({ at: new Date(e.t).toISOString(), action: e.action })));
  }
}
