/**
 * Where a submitted application stands between this terminal and the back office, as the done
 * screen tells the citizen: acknowledged (with the back office's reference), going out now, or
 * saved on the terminal because the back office cannot be reached. The outbox row says whether
 * it was acknowledged; the delivery worker's last answer says whether the back office is
 * reachable. While the done screen shows a submission not yet acknowledged, every delivery round
 * that touches the outbox re-reads it and updates the session (`TRANSMISSION`).
 */
import type { SessionView } from '../../base/api/contract.js';
import type { DataPort } from '../../data/data-port.js';
import type { SessionEvent } from '../session/machine.js';
import type { Transmission } from '../session/journey-types.js';

export type TransmissionData = Pick<DataPort, 'outboxState' | 'syncStatus' | 'onSyncStatus'>;

/** The outbox idempotency key of an application (what `submitApplication` enqueues it under). */
export function submissionKey(applicationNo: string): string {
  return `submission:${applicationNo}`;
}

/**
 * `online`: the worker's last answer (true, false, or null before its first attempt). Only a
 * failed attempt makes it `offline`; before any attempt the row is going out (`sending`).
 */
export function transmissionOf(data: Pick<DataPort, 'outboxState'>, applicationNo: string, online: boolean | null): Transmission {
  const row = data.outboxState(submissionKey(applicationNo));
  if (row?.state === 'sent') return { state: 'sent', reference: row.remoteRef };
  if (row?.state === 'rejected') return { state: 'held', reference: null };
  return { state: online === false ? 'offline' : 'sending', reference: null };
}

/** Follows the shown submission until the back office acknowledges it; returns the unsubscribe. */
export function watchTransmission(
  data: TransmissionData,
  session: { view(): SessionView; send(event: SessionEvent): unknown },
): () => void {
  return data.onSyncStatus((status) => {
    const result = session.view().result;
    if (!result || result.transmission.state === 'sent') return;
    const now = transmissionOf(data, result.applicationNo, status.online);
    if (now.state === result.transmission.state && now.reference === result.transmission.reference) return;
    session.send({ type: 'TRANSMISSION', applicationNo: result.applicationNo, transmission: now });
  });
}
