/**
 * Device events fed to the citizen session: a card read (or a failed read), a scan (a pickup
 * code of 6–8 digits, else a QR text), a locker door opened or closed; a door left open alerts
 * staff.
 */
import type { IdCardDriver } from '../../../drivers/idcard/idcard-driver.js';
import type { LockerDriver } from '../../../drivers/locker/locker-driver.js';
import type { ScannerDriver } from '../../../drivers/scanner/scan.js';
import type { SessionEvent } from '../session/machine.js';
import type { CitizenAudit, UrgentAlert } from './citizen-audit.js';
import type { ChipPhotos } from './chip-photos.js';
import type { Compartments } from './compartments.js';
import { identityFromCard } from './journey-kit.js';

export interface DeviceEventSources {
  idcard: Pick<IdCardDriver, 'onCard'> | null;
  scanner: Pick<ScannerDriver, 'onScan'> | null;
  locker: Pick<LockerDriver, 'onEvent'> | null;
}

export interface DeviceEventOptions {
  compartments: Pick<Compartments, 'label'>;
  /** Where a decoded card photo waits for the face check (mode b); absent: not kept. */
  chipPhotos?: Pick<ChipPhotos, 'put'>;
  audit: CitizenAudit;
  urgent: UrgentAlert;
}

/** Subscribes the session to the devices there are; returns the unsubscribe. */
export function connectDeviceEvents(
  devices: DeviceEventSources,
  session: { send(event: SessionEvent): unknown },
  o: DeviceEventOptions,
): () => void {
  const offs: (() => void)[] = [];
  if (devices.idcard) {
    offs.push(
      devices.idcard.onCard((e) => {
        if (e.type === 'card-read') {
          o.audit('card.read', { cardType: e.card.text.cardType }, e.card.text.idNumber);
          session.send({
            type: 'CARD_READ',
            identity: identityFromCard(e.card),
            expired: e.card.expired,
            idNumberValid: e.card.idNumberCheck.valid,
          });
          // After the session took the card (a session it starts has its own id by now).
          o.chipPhotos?.put(e.card.text.idNumber, e.card.photoImage);
        } else if (e.type === 'read-failed') {
          session.send({ type: 'CARD_FAILED', code: e.error.code });
        }
      }),
    );
  }
  if (devices.scanner) {
    offs.push(
      devices.scanner.onScan((s) => {
        const text = s.text.trim();
        session.send(/^\d{6,8}$/.test(text) ? { type: 'PICKUP_CODE', code: text } : { type: 'QR_SCANNED', text });
      }),
    );
  }
  if (devices.locker) {
    offs.push(
      devices.locker.onEvent((e) => {
        if (e.type === 'door-opened') session.send({ type: 'DOOR', door: o.compartments.label(e.board, e.lock), state: 'open' });
        if (e.type === 'door-closed')
          session.send({ type: 'DOOR', door: o.compartments.label(e.board, e.lock), state: 'closed' });
        if (e.type === 'door-left-open') o.urgent('door-left-open', `door ${o.compartments.label(e.board, e.lock)} left open`);
      }),
    );
  }
  return () => offs.forEach((f) => f());
}
