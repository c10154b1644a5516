/**
 * Progress lookup (办件查询): what the back office says about an application, asked by the
 * receipt's QR (number + token: status and the masked name the receipt prints), by a number typed
 * on the keypad (status only), or by the card (the person's own applications).
 *
 * Expected failures are `JourneyError`s the machine shows as translated notices:
 * `progress-qr-unknown` (a scan that is no receipt link), `progress-number-invalid`,
 * `progress-not-found`, `progress-token-invalid`, `backoffice-unreachable`.
 */
import type { Catalog } from '../../../config/catalog-schema.js';
import type { ApplicationProgress } from '../../data/backoffice-client/schemas.js';
import type { BackofficeError } from '../../data/backoffice-client/client.js';
import { isTransient } from '../../data/backoffice-client/client.js';
import type { DataPort } from '../../data/data-port.js';
import type { Identity, ProgressAsk, ProgressEntry, ProgressResult } from '../session/journey-types.js';
import type { CitizenAudit } from './citizen-audit.js';
import type { Compartments } from './compartments.js';
import { JourneyError } from './journey-kit.js';
import { parseProgressQuery } from './progress-link.js';

export interface ProgressLookupOptions {
  terminalId: string;
  client: DataPort['client'];
  catalog: Pick<Catalog, 'matters'>;
  compartments: Pick<Compartments, 'resolve'>;
  audit: CitizenAudit;
}

function failure(e: BackofficeError): JourneyError {
  if (isTransient(e.code)) return new JourneyError('backoffice-unreachable', e.message);
  if (e.code === 'bo-not-found') return new JourneyError('progress-not-found', e.message);
  if (e.remoteCode === 'token-mismatch') return new JourneyError('progress-token-invalid', e.message);
  return new JourneyError('progress-failed', e.message);
}

export class ProgressLookup {
  constructor(private readonly o: ProgressLookupOptions) {}

  async lookup({ identity, ask }: { identity: Identity | null; ask: ProgressAsk | null }): Promise<ProgressResult> {
    if (ask) return this.byQuery(ask);
    if (!identity) throw new JourneyError('progress-failed', 'neither a card nor a number to look up');
    const r = await this.o.client.call('listApplicationsByPerson', {
      body: { terminalId: this.o.terminalId, idNumber: identity.idNumber },
    });
    if (!r.ok) throw failure(r.error);
    this.o.audit('progress.lookup', { by: 'card', found: r.value.applications.length }, identity.idNumber);
    return { by: 'card', items: r.value.applications.map((a) => this.entry(a, true)) };
  }

  private async byQuery(ask: ProgressAsk): Promise<ProgressResult> {
    const q = parseProgressQuery(ask.text);
    if (!q)
      throw new JourneyError(
        ask.source === 'scan' ? 'progress-qr-unknown' : 'progress-number-invalid',
        'not a receipt link or number',
      );
    const r = await this.o.client.call('lookupApplicationProgress', {
      body: {
        terminalId: this.o.terminalId,
        applicationNo: q.applicationNo,
        ...(q.kind === 'receipt' ? { receiptToken: q.token } : {}),
      },
    });
    if (!r.ok) throw failure(r.error);
    const proven = q.kind === 'receipt' && r.value.receiptVerified;
    this.o.audit('progress.lookup', { by: q.kind, state: r.value.application.state });
    return { by: q.kind, items: [this.entry(r.value.application, proven)] };
  }

  /** The back office's answer for the screen: names from this catalog, the locker resolved to a door here. */
  private entry(a: ApplicationProgress, showName: boolean): ProgressEntry {
    const matter = this.o.catalog.matters.find((m) => m.id === a.matterCode);
    const c = a.collection;
    let collection: ProgressEntry['collection'] = null;
    if (c) {
      const slot = c.method === 'locker' && c.place !== null ? this.o.compartments.resolve(c.place) : null;
      collection = { method: c.method, place: slot?.label ?? c.place, here: slot !== null, holdUntil: c.holdUntil };
    }
    return {
      applicationNo: a.applicationNo,
      matterId: a.matterCode,
      matterNames: matter ? { ...matter.names } : {},
      state: a.state,
      submittedAt: a.submittedAt,
      updatedAt: a.updatedAt,
      history: a.history,
      collection,
      // A bare number proves nothing: whatever the back office sent, no name goes to the screen.
      maskedName: showName ? a.maskedName : null,
    };
  }
}
