/**
 * What staff know of the back office: whether it answered last (from their own calls and the
 * outbox worker's, whichever is newer), and an application's status for a reprint or a load.
 */
import type { z } from 'zod';
import { err, ok, type Result } from '../../../common/result.js';
import type { StaffDashboard } from '../../base/api/contract.js';
import type { BackofficeClient } from '../../data/backoffice-client/client.js';
import type { ApplicationStatusResponse } from '../../data/backoffice-client/schemas.js';
import type { SyncStatus } from '../../data/sync/outbox-worker.js';
import type { Clock } from '../session/service.js';

export type ApplicationStatus = z.infer<typeof ApplicationStatusResponse>;

export interface BackofficeReachOptions {
  /** The back office; null without a store (staff actions that need it fail `backoffice-unavailable`). */
  client: () => Pick<BackofficeClient, 'call'> | null;
  /** The outbox worker's delivery state; null without one. */
  sync: () => SyncStatus | null;
  clock: Pick<Clock, 'now'>;
}

export class BackofficeReach {
  private bo: StaffDashboard['backoffice'] = { reachable: null, checkedAt: null };

  constructor(private readonly o: BackofficeReachOptions) {}

  /** A staff call reached the back office (or did not). */
  note(reachable: boolean): void {
    this.bo = { reachable, checkedAt: this.o.clock.now() };
  }

  state(): StaffDashboard['backoffice'] {
    const sync = this.o.sync();
    if (sync?.lastAttemptAt != null && (this.bo.checkedAt === null || sync.lastAttemptAt > this.bo.checkedAt)) {
      return { reachable: sync.online, checkedAt: sync.lastAttemptAt };
    }
    return this.bo;
  }

  /** An application's status: `not-found`, `backoffice-unavailable` (no store) or the client's code on failure. */
  async applicationStatus(applicationNo: string): Promise<Result<ApplicationStatus>> {
    const client = this.o.client();
    if (!client) return err('backoffice-unavailable', 'no back office without a store');
    const st = await client.call('getApplicationStatus', { params: { applicationId: applicationNo }, body: undefined });
    this.note(st.ok || st.error.code === 'bo-not-found');
    if (!st.ok) return err(st.error.code === 'bo-not-found' ? 'not-found' : st.error.code, st.error.message);
    return ok(st.value);
  }
}
