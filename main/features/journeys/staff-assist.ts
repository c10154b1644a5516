/**
 * The assisted path for a citizen without an ID card: staff are called to the kiosk (one alert a
 * minute at most), a member of staff proves themselves at the citizen screen (the maintenance
 * credential check: same members, lock-out, audit), and vouches for the citizen's identity.
 */
import type { Result } from '../../../common/result.js';
import type { Logger } from '../../base/log/logger.js';
import type { DataPort } from '../../data/data-port.js';
import type { AssistCredential, AssistEntry, AssistStaff, Identity } from '../session/journey-types.js';
import type { CitizenAudit, UrgentAlert } from './citizen-audit.js';
import { JourneyError } from './journey-kit.js';

/** Checks a staff credential typed at the citizen screen (the maintenance service: same members, lock-out, audit). */
export type StaffVerifier = (c: AssistCredential) => Promise<Result<AssistStaff, 'staff-locked' | 'staff-wrong-credentials'>>;

/** Staff are called at most once in this long, however often "ask staff" is tapped. */
export const HELP_CALL_SPACING_MS = 60_000;

export interface StaffAssistOptions {
  terminalId: string;
  verifyStaff: StaffVerifier;
  audit: CitizenAudit;
  urgent: UrgentAlert;
  /** The audit chain, written under the member of staff (not best effort: the identification stands on it). */
  data: Pick<DataPort, 'audit' | 'subjectOf'>;
  log: Pick<Logger, 'info'>;
  now: () => Date;
}

export class StaffAssist {
  private lastHelpCall = -Infinity;

  constructor(private readonly o: StaffAssistOptions) {}

  callStaff({ sessionId }: { sessionId: string }): Promise<void> {
    this.o.audit('assist.requested', { sessionId });
    // One alert a minute is enough: tapping "ask staff" again and again does not flood the desk.
    const now = this.o.now().getTime();
    if (now - this.lastHelpCall < HELP_CALL_SPACING_MS) return Promise.resolve();
    const queued = this.o.urgent('help-requested', `a citizen at terminal ${this.o.terminalId} asks for staff (no ID card)`);
    if (!queued) return Promise.reject(new JourneyError('assist-call-failed', 'the call could not be queued'));
    this.lastHelpCall = now;
    return Promise.resolve();
  }

  async verifyStaff({ credential }: { credential: AssistCredential }): Promise<AssistStaff> {
    const r = await this.o.verifyStaff(credential);
    if (!r.ok) throw new JourneyError(r.error.code, 'staff credential refused');
    return r.value;
  }

  assistIdentify({ staff, entry, sessionId }: { staff: AssistStaff; entry: AssistEntry; sessionId: string }): Promise<Identity> {
    // Audited under the member of staff who vouched, with the citizen as the subject (so it shows in "my data").
    this.o.data.audit.append({
      type: 'identify.staff-assisted',
      actor: `staff:${staff.staffId}`,
      detail: { document: entry.document, sessionId },
      subject: this.o.data.subjectOf(entry.idNumber),
    });
    this.o.log.info({ staffId: staff.staffId, document: entry.document }, 'staff-assisted identification');
    return Promise.resolve({
      method: 'staff',
      cardType: 'staff-checked',
      name: entry.name.trim(),
      idNumber: entry.idNumber,
      assistedBy: staff.staffId,
      document: entry.document,
    });
  }
}
