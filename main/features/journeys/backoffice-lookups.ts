/**
 * What the journeys ask the back office directly (not through the outbox): a digital-identity
 * QR check, the pickups waiting for a person, and a pickup code sent again. An unreachable back
 * office is `backoffice-unreachable`; a refused QR is `qr-invalid`.
 */
import type { Logger } from '../../base/log/logger.js';
import type { DataPort } from '../../data/data-port.js';
import { maskPhone } from '../../data/privacy/mask.js';
import type { Identity, PickupItem } from '../session/journey-types.js';
import type { CitizenAudit } from './citizen-audit.js';
import type { Compartments } from './compartments.js';
import { JourneyError } from './journey-kit.js';

export interface BackofficeLookupsOptions {
  terminalId: string;
  client: DataPort['client'];
  compartments: Pick<Compartments, 'resolve'>;
  audit: CitizenAudit;
  log: Pick<Logger, 'warn'>;
}

export class BackofficeLookups {
  constructor(private readonly o: BackofficeLookupsOptions) {}

  async verifyQr({ text }: { text: string }): Promise<Identity> {
    const r = await this.o.client.call('verifyIdentityQr', { body: { terminalId: this.o.terminalId, qrText: text } });
    if (!r.ok)
      throw new JourneyError(r.error.code === 'bo-unreachable' ? 'backoffice-unreachable' : 'qr-invalid', r.error.message);
    const a = r.value.identity;
    return {
      method: 'qr',
      cardType: 'digital',
      name: a.name,
      idNumber: a.idNumber,
      ...(a.address ? { address: a.address } : {}),
    };
  }

  /** The pickups for a person or a pickup code, each in a compartment of this terminal (others are logged and left out). */
  async lookupPickups({ identity, pickupCode }: { identity: Identity | null; pickupCode: string | null }): Promise<PickupItem[]> {
    const r = await this.o.client.call('lookupPickups', {
      body: {
        terminalId: this.o.terminalId,
        ...(identity ? { idNumber: identity.idNumber } : {}),
        ...(pickupCode ? { pickupCode } : {}),
      },
    });
    if (!r.ok) throw new JourneyError('backoffice-unreachable', r.error.message);
    return r.value.pickups.flatMap((p) => {
      const slot = p.cell === null ? null : this.o.compartments.resolve(p.cell);
      if (!slot) this.o.log.warn({ pickupId: p.pickupId, cell: p.cell }, 'pickup names no compartment of this terminal');
      return slot ? [{ pickupId: p.pickupId, applicationNo: p.applicationId, matterId: p.matterName, door: slot.label }] : [];
    });
  }

  async resendPickupCode({ phone }: { phone: string }): Promise<{ maskedPhone: string }> {
    const r = await this.o.client.call('resendPickupCodesByPhone', { body: { terminalId: this.o.terminalId, phone } });
    if (!r.ok) throw new JourneyError('backoffice-unreachable', r.error.message);
    this.o.audit('pickup.code-resent', { sent: r.value.sent, recentlySent: r.value.recentlySent });
    return { maskedPhone: maskPhone(phone) };
  }
}
