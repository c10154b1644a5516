/**
 * Listeners of one kind of event, the one listener set of the code base (drivers, data, features,
 * core). A listener that throws never breaks the emitter or the other listeners: the error is
 * reported on `process` as a warning (named by the set) and dropped.
 */

/** Listeners of one kind of event; `warning` names the process warning a throwing listener raises. */
export class ListenerSet<T> {
  private readonly listeners = new Set<(value: T) => void>();

  constructor(private readonly warning: string) {}

  add(listener: (value: T) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(value: T): void {
    for (const l of [...this.listeners]) {
      try {
        l(value);
      } catch (e) {
        process.emitWarning(e instanceof Error ? e : new Error(String(e)), this.warning);
      }
    }
  }
}
