import type { EventName, EventPayload } from '../base/api/contract.js';

type Listener<E extends EventName> = (payload: EventPayload<E>) => void;
type AnyListener = (event: EventName, payload: unknown) => void;

/** Push events from the core to whichever shell is attached. Listener errors never reach the emitter. */
export class EventBus {
  private readonly listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  private readonly all = new Set<AnyListener>();

  constructor(private readonly onListenerError: (err: unknown) => void = () => undefined) {}

  on<E extends EventName>(event: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    const l = listener as (payload: unknown) => void;
    set.add(l);
    return () => set.delete(l);
  }

  /** Every event, for transports that forward them all. */
  onAny(listener: AnyListener): () => void {
    this.all.add(listener);
    return () => this.all.delete(listener);
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const l of this.listeners.get(event) ?? []) this.safely(() => l(payload));
    for (const l of this.all) this.safely(() => l(event, payload));
  }

  private safely(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.onListenerError(err);
    }
  }
}
