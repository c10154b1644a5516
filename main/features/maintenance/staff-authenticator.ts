/**
 * One credential check for both staff prompts (maintenance, and the assisted path at the citizen
 * screen): the members of the config, the lock-out after wrong tries, one check at a time, and
 * every refused try audited. The caller audits the success (its detail differs by prompt).
 */
import { err, ok, type Result } from '../../../common/result.js';
import type { StaffConfig, StaffMember } from '../../../config/staff-schema.js';
import type { Logger } from '../../base/log/logger.js';
import type { Clock } from '../session/service.js';
import { checkCredential, type Credential } from './credentials.js';
import { Lockout } from './lockout.js';
import type { StaffAudit } from './staff-audit.js';

/**
 * Why a try was refused: `locked` (not tried: the prompt is locked, or a check is under way) or
 * `wrong` (tried and wrong; `lockedForMs` is the lock this try caused, if any).
 */
export type AuthFailure = { code: 'locked'; message: string } | { code: 'wrong'; message: string; lockedForMs: number | null };

export interface StaffAuthenticatorOptions {
  staff: Pick<StaffConfig, 'members' | 'maxAttempts' | 'lockoutBaseSeconds' | 'lockoutMaxSeconds' | 'totpWindow'>;
  /** The key card hashes are made with on this terminal. */
  cardKey: Buffer;
  /** Demo members count only while every enabled device is emulated. */
  allowDemo: () => boolean;
  clock: Pick<Clock, 'now'>;
  audit: StaffAudit;
  log: Pick<Logger, 'warn'>;
}

export class StaffAuthenticator {
  private readonly lockout: Lockout;
  private readonly usedSteps = new Map<string, number>();
  private authenticating = false;

  constructor(private readonly o: StaffAuthenticatorOptions) {
    this.lockout = new Lockout({
      maxAttempts: o.staff.maxAttempts,
      baseMs: o.staff.lockoutBaseSeconds * 1000,
      maxMs: o.staff.lockoutMaxSeconds * 1000,
    });
  }

  /** The prompt's lock: how long it stays locked (null: open) and the tries left before it locks. */
  lockState(now: number): { lockedForMs: number | null; remaining: number } {
    const lock = this.lockout.check(now);
    const ls = this.lockout.state();
    const max = ls.locks === 0 ? this.o.staff.maxAttempts : 1;
    return { lockedForMs: lock.allowed ? null : lock.retryInMs, remaining: Math.max(0, max - ls.failures) };
  }

  /**
   * Checks a credential; `event` names the audit line of a refusal (`maintenance-login`,
   * `assist-login`) and `label` the log line's (`maintenance login`, `staff-assist login`).
   */
  async authenticate(c: Credential, event: string, label: string): Promise<Result<StaffMember, AuthFailure>> {
    const method = c.kind === 'card' ? 'card' : 'totp';
    const now = this.o.clock.now();
    if (!this.lockout.check(now).allowed || this.authenticating) {
      this.o.audit(event, 'staff:unknown', { outcome: 'locked', method });
      return err('locked', 'the staff prompt is locked');
    }
    const member = await this.checkMember(c, now);
    if (!member) {
      const r = this.lockout.fail(this.o.clock.now());
      const claimed = c.kind === 'totp' ? `staff:?${c.staffId.replace(/[^A-Za-z0-9._-]/g, '').slice(0, 32)}` : 'staff:unknown';
      this.o.audit(event, claimed, { outcome: 'wrong', method, lockedForMs: r.lockedForMs });
      this.o.log.warn({ method, lockedForMs: r.lockedForMs }, `${label} refused`);
      return err('wrong', 'wrong staff credential', { lockedForMs: r.lockedForMs });
    }
    this.lockout.succeed();
    return ok(member);
  }

  /** One credential check at a time (a second try while one runs counts as locked). */
  private async checkMember(c: Credential, now: number): Promise<StaffMember | null> {
    this.authenticating = true;
    try {
      return await checkCredential(c, {
        members: this.o.staff.members,
        cardKey: this.o.cardKey,
        allowDemo: this.o.allowDemo(),
        totpWindow: this.o.staff.totpWindow,
        now,
        usedSteps: this.usedSteps,
      });
    } finally {
      this.authenticating = false;
    }
  }
}
