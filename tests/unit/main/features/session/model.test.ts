/**
 * Model-based tests: @xstate/graph walks the session machine with a set of events and gives the
 * shortest path to every state it can reach; each path is then replayed on a real SessionService
 * (with journey services that answer like the done-events of the walk), which must end in the
 * same state. A transition added to the machine without thought shows up here as a new path.
 */
import { getShortestPaths } from '@xstate/graph';
import { describe, expect, it } from 'vitest';
import { SimulatedClock, type EventObject } from 'xstate';
import { Catalog } from '../../../../../config/catalog-schema.js';
import { demoCatalog } from '../../../../../config/demo-catalog.js';
import { sessionMachine, type JourneyServices, type SessionEvent } from '../../../../../main/features/session/machine.js';
import { SessionService } from '../../../../../main/features/session/service.js';
import { fakeServices, settle, ZHANG } from '../../../../helpers/journey-fakes.js';

const catalog = Catalog.parse(demoCatalog);
const timings = { idleMs: 60_000, warnMs: 30_000, elderIdleMultiplier: 2, endingMs: 8_000, doorLeftOpenMs: 45_000 };
const pickup = { pickupId: 'p1', applicationNo: 'A-1', matterId: 'senior-card', door: 'A-07' };

const done = (id: string, output: unknown): EventObject => ({ type: `xstate.done.actor.${id}`, output }) as EventObject;
const USER_EVENTS: SessionEvent[] = [
  { type: 'START', now: 1 },
  { type: 'CHOOSE', purpose: 'apply', matterId: 'senior-card' },
  // An on-the-spot matter: issued by the back office, then submitted and printed.
  { type: 'CHOOSE', purpose: 'apply', matterId: 'household-certificate' },
  { type: 'CHOOSE', purpose: 'collect' },
  { type: 'CHOOSE', purpose: 'deposit' },
  { type: 'CHOOSE', purpose: 'mydata' },
  { type: 'REPORT' },
  { type: 'CARD_READ', identity: ZHANG, expired: false, idNumberValid: true },
  { type: 'CARD_READ', identity: ZHANG, expired: true, idNumberValid: true },
  { type: 'PICKUP_CODE', code: '123456' },
  { type: 'RESEND_CODE', phone: '13800135678' },
  { type: 'ASK_STAFF' },
  { type: 'STAFF_VERIFY', credential: { kind: 'card', card: 'STAFF-0001', pin: '246810' } },
  { type: 'STAFF_IDENTIFY', entry: { name: '张三丰', idNumber: ZHANG.idNumber, document: 'temporary-id' } },
  { type: 'FORM_EDIT', values: { phone: '13800138000' } },
  { type: 'FORM_EDIT', values: { purpose: '入学' } },
  { type: 'SET_DELIVERY', delivery: 'locker' },
  { type: 'FORM_SUBMIT' },
  { type: 'CONFIRM' },
  { type: 'AGREE', sensitiveConsent: true },
  { type: 'COLLECT_LATER' },
  { type: 'DECLINE' },
  { type: 'BACK' },
  { type: 'PICKUP_OPEN', pickupId: 'p1' },
  { type: 'DOOR', door: 'A-07', state: 'closed' },
  { type: 'DOOR', door: 'B-02', state: 'closed' },
  { type: 'REPORT_SUBMIT', report: { category: 'road', text: '路灯坏了' } },
  { type: 'DONE' },
  { type: 'RATE', score: 5 },
  { type: 'SKIP' },
  { type: 'END' },
];
const DONE_EVENTS: EventObject[] = [
  done('submit', { applicationNo: 'YM-0001', queued: false, receiptPrinted: true, receiptError: null }),
  done('issueDocument', {
    applicationNo: 'YM-0001',
    document: {
      documentId: 'DOC1',
      applicationNo: 'YM-0001',
      issuer: '演示区公安分局户政科',
      issuedAt: '2026-11-29T03:00:00.000Z',
      fields: { name: ZHANG.name, idNumber: ZHANG.idNumber, address: '北京市朝阳区登记路1号' },
      payload: 'e30.sig',
    },
  }),
  done('printDocument', { printed: true, error: null }),
  // The back office does not issue: nothing printed; 办结后领取 submits for later collection.
  { type: 'xstate.error.actor.issueDocument', error: { code: 'doc-not-in-register' } } as EventObject,
  done('lookupPickups', [pickup]),
  done('openCompartment', { opened: true }),
  done('completePickup', { slipPrinted: true }),
  done('openForDeposit', { door: 'B-02', opened: true }),
  done('recordDeposit', { receiptNo: 'D-1' }),
  done('sendReport', { reportNo: 'R-1' }),
  done('sendRating', undefined),
  done('myData', [{ at: '2026-11-29T03:00:00Z', action: 'card-read' }]),
  done('resendPickupCode', { maskedPhone: '138****5678' }),
  done('verifyStaff', { staffId: 'STAFF-0001', name: '王工作' }),
  done('assistIdentify', {
    method: 'staff',
    cardType: 'staff-checked',
    name: '张三丰',
    idNumber: ZHANG.idNumber,
    assistedBy: 'STAFF-0001',
    document: 'temporary-id',
  }),
];

type Ctx = {
  busy: boolean;
  purpose: string | null;
  matterId: string | null;
  delivery: string | null;
  values: Record<string, string>;
  transacted: boolean;
  collected: number;
};
function key(snapshot: { value: unknown; context: Ctx }): string {
  const c = snapshot.context;
  const typed = Boolean(c.values.phone) || Boolean(c.values.purpose);
  return JSON.stringify([snapshot.value, c.purpose, c.matterId, c.busy, c.delivery, typed, c.transacted, c.collected]);
}

/**
 * The fake services, each call held until the path's done event for it: a service chain (issue →
 * submit → print) then stops where the model's path stops, as it would on a slow back office.
 */
function gatedServices(): { services: JourneyServices; release(id: string): void; fail(id: string, error: unknown): void } {
  const base = fakeServices().services as unknown as Record<string, (input: unknown) => Promise<unknown>>;
  const waiting = new Map<string, Array<(error?: unknown) => void>>();
  const services = Object.fromEntries(
    Object.entries(base).map(([name, fn]) => [
      name,
      (input: unknown) =>
        new Promise((resolve, reject) => {
          const queue = waiting.get(name) ?? [];
          queue.push((error?: unknown) =>
            error === undefined ? void fn(input).then(resolve, reject) : reject(Object.assign(new Error('refused'), error)),
          );
          waiting.set(name, queue);
        }),
    ]),
  ) as unknown as JourneyServices;
  return {
    services,
    release: (id) => waiting.get(id)?.shift()?.(),
    fail: (id, error) => waiting.get(id)?.shift()?.(error),
  };
}

describe('session machine, model-based', () => {
  const paths = getShortestPaths(sessionMachine, {
    input: { timings, defaultLocale: 'zh-CN', catalog },
    events: [...USER_EVENTS, ...DONE_EVENTS] as SessionEvent[],
    serializeState: (s) => key(s as never),
    limit: 5_000,
  });

  it('reaches every journey state', () => {
    const reached = new Set(paths.map((p) => JSON.stringify(p.state.value)));
    for (const step of ['apply', 'collect', 'deposit', 'report', 'mydata', 'rating', 'ending', 'assist', 'resending']) {
      expect(
        [...reached].some((v) => v.includes(`"${step}"`)),
        step,
      ).toBe(true);
    }
    for (const sub of [
      '"done"',
      '"open"',
      '"choose"',
      '"review"',
      '"consent"',
      '"list"',
      '"issuing"',
      '"printing"',
      '"notIssued"',
    ]) {
      expect(
        [...reached].some((v) => v.includes(sub)),
        sub,
      ).toBe(true);
    }
    expect(paths.length).toBeGreaterThan(30);
  });

  it('every path replays on the real service to the same state', async () => {
    for (const path of paths) {
      const clock = new SimulatedClock();
      const gate = gatedServices();
      const s = new SessionService({ timings, defaultLocale: 'zh-CN', catalog, clock, services: gate.services });
      for (const step of path.steps) {
        const ev = step.event as EventObject;
        if (ev.type.startsWith('xstate.done.actor.')) {
          gate.release(ev.type.slice('xstate.done.actor.'.length));
          await settle();
        } else if (ev.type.startsWith('xstate.error.actor.')) {
          gate.fail(ev.type.slice('xstate.error.actor.'.length), (ev as EventObject & { error: unknown }).error);
          await settle();
        } else if (ev.type !== 'xstate.init') s.send(ev as SessionEvent);
      }
      expect(s.stateValue(), path.steps.map((x) => x.event.type).join(' → ')).toEqual(path.state.value);
      s.stop();
    }
  });
});
