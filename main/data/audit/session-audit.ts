/**
 * Writes `session-start` / `session-end` audit entries from the session's changes, and
 * `out-of-service` transitions. Subscribes to anything with the SessionService's `onChange`.
 */
import type { AuditLog } from './audit-log.js';

interface SessionLike {
  onChange(listener: (view: { sessionId: string | null; outOfService: { code: string } | null }) => void): () => void;
}

export function attachSessionAudit(session: SessionLike, audit: AuditLog, onError: (err: unknown) => void): () => void {
  let current: string | null = null;
  let oos: string | null = null;
  return session.onChange((view) => {
    try {
      if (view.sessionId !== current) {
        if (current !== null) audit.append({ type: 'session-end', actor: 'citizen', detail: { sessionId: current } });
        if (view.sessionId !== null)
          audit.append({ type: 'session-start', actor: 'citizen', detail: { sessionId: view.sessionId } });
        current = view.sessionId;
      }
      const code = view.outOfService?.code ?? null;
      if (code !== oos) {
        audit.append({ type: 'device-fault', actor: 'system', detail: { outOfService: code, previous: oos } });
        oos = code;
      }
    } catch (err) {
      onError(err);
    }
  });
}
