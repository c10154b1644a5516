/**
 * The assisted path for a citizen without an ID card: staff are called to the kiosk (one alert a
 * minute at most), a member of staff proves themselves at the citizen screen (the maintenance
 * credential check: same members, lock-out, audit), inspects another document and types the
 * citizen's name and ID number. The back office's population register must then confirm the pair
 * (`confirmIdentity`: the number is held under that name, for a person still active) before the
 * session goes on; a refusal, or no answer from the register, stops it and is audited.
 */
import { err, ok, type Result } from '../../../common/result.js';
import type { Logger } from '../../base/log/logger.js';
import type { DataPort } from '../../data/data-port.js';
import type { AssistCredential, AssistEntry, AssistStaff, Identity } from '../session/journey-types.js';
import type { CitizenAudit, UrgentAlert } from './citizen-audit.js';
import { JourneyError } from './journey-kit.js';

/** Checks a staff credential typed at the citizen screen (the maintenance service: same members, lock-out, audit). */
export type StaffVerifier = (c: AssistCredential) => Promise<Result<AssistStaff, 'staff-locked' | 'staff-wrong-credentials'>>;

/** Why the register did not confirm a staff-typed identity (each a notice the citizen screen shows). */
export type AssistRefusal =
  'assist-not-in-register' | 'assist-name-mismatch' | 'assist-person-inactive' | 'assist-register-unavailable';

/** The back office's refusal codes of `confirmIdentity`, as the kiosk's. */
const REFUSALS: Readonly<Record<string, AssistRefusal>> = {
  'identity-not-in-register': 'assist-not-in-register',
  'identity-name-mismatch': 'assist-name-mismatch',
  'identity-inactive': 'assist-person-inactive',
};

/**
 * Asks the population register to confirm a staff-typed pair. Every failure is a typed value: one
 * of the register's three refusals, or `assist-register-unavailable` for anything else (no answer,
 * a server error, an answer that breaks the contract): no check possible is never a pass.
 */
export async function confirmAssistedIdentity(
  client: Pick<DataPort['client'], 'call'>,
  terminalId: string,
  entry: AssistEntry,
): Promise<Result<void, AssistRefusal>> {
  const r = await client.call('confirmIdentity', {
    body: { terminalId, name: entry.name.trim(), idNumber: entry.idNumber.toUpperCase(), document: entry.document },
  });
  if (r.ok) return ok(undefined);
  const refusal = r.error.code === 'bo-rejected' ? REFUSALS[r.error.remoteCode ?? ''] : undefined;
  return err(refusal ?? 'assist-register-unavailable', r.error.message);
}

/** Staff are called at most once in this long, however often "ask staff" is tapped. */
export const HELP_CALL_SPACING_MS = 60_000;

export interface StaffAssistOptions {
  terminalId: string;
  verifyStaff: StaffVerifier;
  audit: CitizenAudit;
  urgent: UrgentAlert;
  /** The audit chain, written under the member of staff (not best effort: the identification stands on it). */
  data: Pick<DataPort, 'audit' | 'subjectOf'>;
  /** The back office, whose population register confirms the staff-typed identity. */
  client: Pick<DataPort['client'], 'call'>;
  log: Pick<Logger, 'info' | 'warn'>;
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

  /**
   * The identity staff vouched for, once the register confirmed it. Audited either way under the
   * member of staff, with the ID number's holder as the subject (so it shows in their "my data",
   * a refused attempt on their number too); a refusal is a `JourneyError` with its code.
   */
  async assistIdentify({
    staff,
    entry,
    sessionId,
  }: {
    staff: AssistStaff;
    entry: AssistEntry;
    sessionId: string;
  }): Promise<Identity> {
    const idNumber = entry.idNumber.toUpperCase();
    const confirmed = await confirmAssistedIdentity(this.o.client, this.o.terminalId, entry);
    const audit = (type: string, detail: Record<string, unknown>): void =>
      void this.o.data.audit.append({
        type,
        actor: `staff:${staff.staffId}`,
        detail: { document: entry.document, sessionId, ...detail },
        subject: this.o.data.subjectOf(idNumber),
      });
    if (!confirmed.ok) {
      const reason = confirmed.error.code;
      audit('identify.staff-assisted-refused', { reason });
      this.o.log.warn({ staffId: staff.staffId, document: entry.document, reason }, 'staff-assisted identity not confirmed');
      throw new JourneyError(reason, confirmed.error.message);
    }
    audit('identify.staff-assisted', {});
    this.o.log.info({ staffId: staff.staffId, document: entry.document }, 'staff-assisted identification confirmed');
    return {
      method: 'staff',
      cardType: 'staff-checked',
      name: entry.name.trim(),
      idNumber,
      assistedBy: staff.staffId,
      document: entry.document,
    };
  }
}
