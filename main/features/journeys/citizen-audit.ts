/**
 * The journeys' best-effort writes: an audit line for what a citizen did, and an urgent event
 * for staff (the back office's alert channel). Neither may fail a journey: without a store
 * (out of service, or a tool) they are skipped.
 */
import type { Logger } from '../../base/log/logger.js';
import { StoreUnavailableError, type DataPort } from '../../data/data-port.js';

export type AuditDetail = Record<string, string | number | boolean | null>;

/** Appends an audit line as `citizen`; `subjectId` (an ID number) makes it show in "my data". */
export type CitizenAudit = (type: string, detail: AuditDetail, subjectId?: string) => void;

/** Queues an urgent event for staff; false when it could not. */
export type UrgentAlert = (kind: string, text: string) => boolean;

export function citizenAudit(data: Pick<DataPort, 'audit' | 'subjectOf'>, log: Pick<Logger, 'error'>): CitizenAudit {
  return (type, detail, subjectId) => {
    try {
      data.audit.append({
        type,
        actor: 'citizen',
        detail,
        ...(subjectId ? { subject: data.subjectOf(subjectId) } : {}),
      });
    } catch (err) {
      if (!(err instanceof StoreUnavailableError)) log.error({ err, type }, 'audit append failed');
    }
  };
}

export function urgentAlert(
  outbox: Pick<DataPort['outbox'], 'urgent'>,
  log: Pick<Logger, 'warn' | 'error'>,
  now: () => Date,
): UrgentAlert {
  return (kind, text) => {
    log.warn({ kind, text }, 'urgent event');
    try {
      const r = outbox.urgent({ kind, severity: 'high', message: text, at: now().toISOString() });
      if (!r.ok) log.error({ code: r.error.code }, 'urgent event not queued');
      return r.ok;
    } catch (err) {
      if (err instanceof StoreUnavailableError) return false;
      throw err;
    }
  };
}
