import { createActor, type Actor } from 'xstate';
import { ListenerSet } from '../../../common/listeners.js';
import type { Locale, SessionPhase, SessionView } from '../../base/api/contract.js';
import type { Catalog } from '../../../config/catalog-schema.js';
import { DEFAULT_MASK, maskAddress, maskId, maskName, type MaskPolicy } from '../../data/privacy/mask.js';
import {
  effectiveIdleMs,
  findMatter,
  MAX_RESENDS,
  missingMaterials,
  sessionMachine,
  type SessionEvent,
  type SessionTimings,
} from './machine.js';
import { journeyActors, type JourneyServices } from './journey-services.js';
import type { Identity } from './journey-types.js';
import { consentItems } from './consent.js';
import type { FacePolicy } from './face-policy.js';
import { revealableFields, shownMasked } from './reveal.js';

/** The timers the session uses: the real ones by default, a simulated clock in tests. */
export interface Clock {
  now(): number;
  setTimeout(fn: (...args: unknown[]) => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (id) => clearTimeout(id as ReturnType<typeof setTimeout>),
};

export interface SessionServiceOptions {
  timings: SessionTimings;
  defaultLocale: Locale;
  catalog: Catalog;
  clock?: Clock;
  /** The journeys' device and back-office work; without it, journeys stop at their first service. */
  services?: JourneyServices;
  mask?: MaskPolicy;
  /** Where an opened door is in the locker wall (the maintenance layout), for the collect and deposit screens. */
  lockerWall?: (door: string) => NonNullable<SessionView['door']>['wall'];
  /** Who handles the data and how long a delivered application stays here, for the consent step. */
  privacyNotice?: PrivacyNotice;
  /** When the face check is required, and its attempts (config `identity.faceCheck`); the default rule when unset. */
  facePolicy?: FacePolicy;
  /** The document camera takes a page once it lies still (config `materials.autoCaptureMs` > 0): the scan screen says so. */
  autoCapture?: boolean;
}

export interface PrivacyNotice {
  /** The data handler (个人信息处理者), by locale. */
  handler: Partial<Record<Locale, string>>;
  /** Days a delivered application stays in this terminal's store before it is purged. */
  retentionDays: number;
}

type Snapshot = ReturnType<Actor<typeof sessionMachine>['getSnapshot']>;

/** Runs the session machine and turns its snapshots into the `SessionView` the UI renders. */
export class SessionService {
  private readonly actor: Actor<typeof sessionMachine>;
  private readonly clock: Clock;
  private readonly mask: MaskPolicy;
  private readonly privacyNotice: PrivacyNotice;
  private readonly lockerWall: (door: string) => NonNullable<SessionView['door']>['wall'];
  private readonly autoCapture: boolean;
  private warningSince: number | null = null;
  private readonly listeners = new ListenerSet<SessionView>('SessionViewListenerWarning');
  private outOfService: SessionView['outOfService'] = null;
  private lastKey = '';

  constructor(opts: SessionServiceOptions) {
    this.clock = opts.clock ?? systemClock;
    this.mask = opts.mask ?? DEFAULT_MASK;
    this.privacyNotice = opts.privacyNotice ?? { handler: {}, retentionDays: 0 };
    this.lockerWall = opts.lockerWall ?? (() => null);
    this.autoCapture = opts.autoCapture ?? false;
    const machine = opts.services ? sessionMachine.provide({ actors: journeyActors(opts.services) }) : sessionMachine;
    this.actor = createActor(machine, {
      input: {
        timings: opts.timings,
        defaultLocale: opts.defaultLocale,
        catalog: opts.catalog,
        ...(opts.facePolicy ? { facePolicy: opts.facePolicy } : {}),
      },
      clock: { setTimeout: (fn, ms) => this.clock.setTimeout(fn, ms), clearTimeout: (id) => this.clock.clearTimeout(id) },
    });
    this.actor.subscribe((snap) => this.onSnapshot(snap));
    this.actor.start();
  }

  send(event: SessionEvent): SessionView {
    this.actor.send(event);
    return this.view();
  }

  /** Start a session with the clock's time (ids are derived from it). */
  start(): SessionView {
    return this.send({ type: 'START', now: this.clock.now() });
  }

  setElderMode(on: boolean): SessionView {
    return this.send({ type: 'SET_ELDER_MODE', on, now: this.clock.now() });
  }

  setHighContrast(on: boolean): SessionView {
    return this.send({ type: 'SET_HIGH_CONTRAST', on, now: this.clock.now() });
  }

  onChange(listener: (view: SessionView) => void): () => void {
    return this.listeners.add(listener);
  }

  setOutOfService(reason: SessionView['outOfService']): void {
    this.outOfService = reason;
    if (reason) this.actor.send({ type: 'END' });
    this.publish(this.actor.getSnapshot(), true);
  }

  isOutOfService(): boolean {
    return this.outOfService !== null;
  }

  /** The proven person of the current session, for main only; null when there is none. */
  identity(): Identity | null {
    return this.actor.getSnapshot().context.identity;
  }

  /** The machine's state value, for logs and tests. */
  stateValue(): unknown {
    return this.actor.getSnapshot().value;
  }

  view(): SessionView {
    return this.toView(this.actor.getSnapshot());
  }

  stop(): void {
    this.actor.stop();
    this.listeners.clear();
  }

  private phase(snap: Snapshot): SessionPhase {
    if (snap.matches('attract')) return 'attract';
    const flow = this.flowState(snap);
    if (flow === 'home') return 'home';
    if (
      flow === 'identify' ||
      flow === 'face' ||
      flow === 'verifyingQr' ||
      flow === 'identified' ||
      flow === 'resending' ||
      flow === 'assist'
    )
      return 'identifying';
    if (flow === 'rating' || flow === 'sendingRating') return 'rating';
    if (flow === 'ending') return 'ending';
    return 'serving';
  }

  /** `apply.form`, `collect.open`, `identify`… */
  private step(snap: Snapshot): string | null {
    if (snap.matches('attract')) return null;
    const value = snap.value as { active?: { flow?: unknown } };
    const flow = value.active?.flow;
    // The state path below `flow`, however deep: `apply.form`, `apply.scan.capturing`.
    const path: string[] = [];
    let at: unknown = flow;
    while (at && typeof at === 'object') {
      const [k, v] = Object.entries(at)[0] ?? [];
      if (k === undefined) break;
      path.push(k);
      at = v;
    }
    if (typeof at === 'string') path.push(at);
    return path.length === 0 ? null : path.join('.');
  }

  private flowState(snap: Snapshot): string | null {
    const s = this.step(snap);
    return s === null ? null : (s.split('.')[0] ?? null);
  }

  private toView(snap: Snapshot): SessionView {
    const ctx = snap.context;
    const warning = snap.matches({ active: { idle: 'warning' } });
    const remainingMs =
      warning && this.warningSince !== null
        ? Math.max(0, ctx.timings.warnMs - (this.clock.now() - this.warningSince))
        : ctx.timings.warnMs;
    const matter = findMatter(ctx.catalog, ctx.matterId);
    const step = this.step(snap);
    const inForm = step !== null && step.startsWith('apply.');
    const values: Record<string, string> = {};
    const masked: string[] = [];
    const reviewing = step === 'apply.review';
    if (inForm && matter) {
      for (const f of matter.form) {
        const v = ctx.values[f.id];
        if (v === undefined) continue;
        // Personal fields keep the card's value masked on screen: locked ones always, editable
        // ones (an address) until the citizen types a new value over it. What they type shows as typed.
        // On review, the one field the citizen asked to see shows in full until main masks it again.
        if (shownMasked(f, ctx.values, ctx.identity)) {
          values[f.id] = reviewing && ctx.revealed === f.id ? v : this.maskField(f.prefill, v);
          if (!f.locked) masked.push(f.id);
        } else values[f.id] = v;
      }
    }
    const sub = ctx.submit;
    return {
      phase: this.phase(snap),
      step,
      sessionId: ctx.sessionId,
      locale: ctx.locale,
      elderMode: ctx.elderMode,
      highContrast: ctx.highContrast,
      warning: warning ? { remainingMs: Math.round(remainingMs) } : null,
      idleMs: effectiveIdleMs(ctx),
      outOfService: this.outOfService,
      busy: ctx.busy,
      purpose: ctx.purpose,
      matterId: ctx.matterId,
      identity: ctx.identity
        ? {
            method: ctx.identity.method,
            cardType: ctx.identity.cardType,
            maskedName: maskName(ctx.identity.name, this.mask.char),
            maskedId: maskId(ctx.identity.idNumber, this.mask),
            faceChecked: ctx.identity.faceChecked !== undefined,
          }
        : null,
      assistStaff: ctx.assistStaff
        ? { staffId: ctx.assistStaff.staffId, name: ctx.assistStaff.name, faceCheck: ctx.facePolicy.camera }
        : null,
      resendsLeft: Math.max(0, MAX_RESENDS - ctx.resends),
      notice: ctx.notice,
      form: inForm
        ? {
            values,
            errors: ctx.errors,
            delivery: ctx.delivery,
            masked,
            revealable: reviewing ? revealableFields(matter, ctx.values, ctx.identity) : [],
            revealed: reviewing ? ctx.revealed : null,
            materials: ctx.materials,
            missingMaterials: matter ? missingMaterials(matter, ctx.materials) : [],
          }
        : null,
      scan:
        step !== null && step.startsWith('apply.scan') && ctx.scanning !== null
          ? { materialId: ctx.scanning, auto: this.autoCapture }
          : null,
      licences:
        step !== null && step.startsWith('apply.licences') && ctx.licences !== null
          ? {
              materialId: ctx.licences.materialId,
              list:
                ctx.licences.list?.map((l) => ({
                  reference: l.reference,
                  title: l.title,
                  issuer: l.issuer,
                  issuedOn: l.issuedOn,
                })) ?? null,
            }
          : null,
      result: sub
        ? {
            applicationNo: sub.applicationNo,
            transmission: sub.transmission,
            receiptPrinted: sub.receiptPrinted,
            receiptError: sub.receiptError,
            documentPrinted: ctx.document ? ctx.document.printed : null,
            documentError: ctx.document?.error ?? null,
          }
        : null,
      pickups: ctx.pickups.map((p) => ({
        pickupId: p.pickupId,
        applicationNo: p.applicationNo,
        matterId: p.matterId,
        door: p.door,
      })),
      door: ctx.door && ctx.pickup ? { label: ctx.pickup.door, state: ctx.door, wall: this.lockerWall(ctx.pickup.door) } : null,
      collected: ctx.collected,
      myData: ctx.myData,
      progress: ctx.progress,
      face:
        step !== null && step.startsWith('face.')
          ? { attemptsLeft: Math.max(0, ctx.facePolicy.attempts - ctx.faceAttempts), handler: this.privacyNotice.handler }
          : null,
      consent:
        step === 'apply.consent' && matter
          ? {
              handler: this.privacyNotice.handler,
              items: consentItems(matter, ctx.identity !== null),
              retentionDays: this.privacyNotice.retentionDays,
            }
          : null,
    };
  }

  private maskField(source: string | undefined, v: string): string {
    if (source === 'name') return maskName(v, this.mask.char);
    if (source === 'address') return maskAddress(v, this.mask.char);
    return maskId(v, this.mask);
  }

  private onSnapshot(snap: Snapshot): void {
    const warning = snap.matches({ active: { idle: 'warning' } });
    if (warning && this.warningSince === null) this.warningSince = this.clock.now();
    if (!warning) this.warningSince = null;
    this.publish(snap, false);
  }

  private publish(snap: Snapshot, force: boolean): void {
    const view = this.toView(snap);
    const key = JSON.stringify(view);
    if (!force && key === this.lastKey) return;
    this.lastKey = key;
    this.listeners.emit(view);
  }
}
