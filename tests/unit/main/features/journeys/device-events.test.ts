import { describe, expect, it } from 'vitest';
import type { CardEvent, IdCardRead } from '../../../../../drivers/idcard/idcard-driver.js';
import type { LockerEvent } from '../../../../../drivers/locker/locker-driver.js';
import type { ScanEvent } from '../../../../../drivers/scanner/scan.js';
import { Compartments } from '../../../../../main/features/journeys/compartments.js';
import { connectDeviceEvents } from '../../../../../main/features/journeys/device-events.js';
import type { SessionEvent } from '../../../../../main/features/session/machine.js';

/** One kind of event source: `emit` calls the listeners, `count` says how many are subscribed. */
class Source<E> {
  private readonly listeners = new Set<(e: E) => void>();
  on = (l: (e: E) => void): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };
  emit(e: E): void {
    for (const l of this.listeners) l(e);
  }
  get count(): number {
    return this.listeners.size;
  }
}

const CARD: IdCardRead = {
  text: {
    cardType: 'resident',
    name: '张三丰',
    sex: 'male',
    sexCode: '1',
    birthDate: '1949-12-31',
    address: '北京市朝阳区演示路1号',
    idNumber: '11010519491231002X',
    validFrom: '2020-01-01',
    validTo: 'long-term',
  },
  photo: Buffer.alloc(0),
  photoImage: null,
  fingerprint: null,
  idNumberCheck: { valid: true, problems: [] },
  expired: false,
};

function setUp() {
  const cards = new Source<CardEvent>();
  const scans = new Source<ScanEvent>();
  const doors = new Source<LockerEvent>();
  const sent: SessionEvent[] = [];
  const audited: string[] = [];
  const urgent: string[] = [];
  const off = connectDeviceEvents(
    { idcard: { onCard: cards.on }, scanner: { onScan: scans.on }, locker: { onEvent: doors.on } },
    { send: (e: SessionEvent) => sent.push(e) },
    {
      compartments: new Compartments([{ deviceId: 'locker', label: 'A-07', board: 1, lock: 7, size: 'M' }]),
      audit: (type) => void audited.push(type),
      urgent: (kind, text) => (urgent.push(`${kind}: ${text}`), true),
    },
  );
  return { cards, scans, doors, sent, audited, urgent, off };
}

describe('device events → session', () => {
  it('sends a read card as CARD_READ (audited) and a failed read as CARD_FAILED', () => {
    const { cards, sent, audited } = setUp();
    cards.emit({ type: 'card-placed' });
    cards.emit({ type: 'card-read', card: CARD });
    cards.emit({ type: 'read-failed', error: { code: 'no-card', message: 'x' } });
    expect(sent).toEqual([
      {
        type: 'CARD_READ',
        identity: {
          method: 'idcard',
          cardType: 'resident',
          name: '张三丰',
          idNumber: '11010519491231002X',
          address: '北京市朝阳区演示路1号',
          birthDate: '1949-12-31',
          sex: 'male',
        },
        expired: false,
        idNumberValid: true,
      },
      { type: 'CARD_FAILED', code: 'no-card' },
    ]);
    expect(audited).toEqual(['card.read']);
  });

  it('sends 6–8 digits scanned as a pickup code, anything else as a QR text', () => {
    const { scans, sent } = setUp();
    scans.emit({ text: ' 123456 \n' });
    scans.emit({ text: 'https://id.example/abc' });
    expect(sent).toEqual([
      { type: 'PICKUP_CODE', code: '123456' },
      { type: 'QR_SCANNED', text: 'https://id.example/abc' },
    ]);
  });

  it('names doors by their labels, and alerts staff to a door left open', () => {
    const { doors, sent, urgent } = setUp();
    doors.emit({ type: 'door-opened', board: 1, lock: 7, cause: 'command' });
    doors.emit({ type: 'door-closed', board: 3, lock: 4 });
    doors.emit({ type: 'door-left-open', board: 1, lock: 7, openForMs: 120_000 });
    expect(sent).toEqual([
      { type: 'DOOR', door: 'A-07', state: 'open' },
      { type: 'DOOR', door: '3-04', state: 'closed' },
    ]);
    expect(urgent).toEqual(['door-left-open: door A-07 left open']);
  });

  it('unsubscribes from every device, and connects to the devices there are', () => {
    const { cards, scans, doors, off } = setUp();
    expect([cards.count, scans.count, doors.count]).toEqual([1, 1, 1]);
    off();
    expect([cards.count, scans.count, doors.count]).toEqual([0, 0, 0]);
    const none = connectDeviceEvents(
      { idcard: null, scanner: null, locker: null },
      { send: () => undefined },
      { compartments: new Compartments([]), audit: () => {}, urgent: () => true },
    );
    none();
  });
});
