/**
 * Staff events in the audit chain (`staff:<staffId>`, or `staff:unknown` / `staff:?<claimed id>`
 * for a refused try). Without a store the event goes to the log only; it never fails the caller.
 */
import type { Logger } from '../../base/log/logger.js';
import type { DetailValue } from '../../data/audit/audit-log.js';
import { StoreUnavailableError, type DataPort } from '../../data/data-port.js';
import type { Clock } from '../session/service.js';

export type StaffAudit = (type: string, actor: string, detail: Record<string, DetailValue>) => void;

export function staffAudit(
  audit: Pick<DataPort['audit'], 'append'>,
  log: Pick<Logger, 'warn' | 'error'>,
  clock: Pick<Clock, 'now'>,
): StaffAudit {
  return (type, actor, detail) => {
    try {
      audit.append({ type, actor, detail, at: clock.now() });
    } catch (err) {
      if (err instanceof StoreUnavailableError)
        log.warn({ type, actor, ...detail }, 'audit unavailable: staff event logged only');
      else log.error({ err, type }, 'staff audit append failed');
    }
  };
}
