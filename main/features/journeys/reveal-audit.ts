/**
 * "Show to me" on the review step puts a card field in full on the screen: each time main shows
 * one, an audit line records which field (never its value), with the person as subject so it
 * appears under "my data".
 */
import type { SessionService } from '../session/service.js';
import type { CitizenAudit } from './citizen-audit.js';

export function auditReveals(session: Pick<SessionService, 'onChange' | 'identity'>, audit: CitizenAudit): () => void {
  let shown: string | null = null;
  return session.onChange((view) => {
    const revealed = view.form?.revealed ?? null;
    if (revealed !== null && revealed !== shown) {
      const identity = session.identity();
      if (identity) audit('review.reveal', { field: revealed, sessionId: view.sessionId }, identity.idNumber);
    }
    shown = revealed;
  });
}
