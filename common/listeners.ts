/**
 * Listeners of one kind of event, the one listener set of the code base (drivers, data, features,
 * core, shells). A listener that throws never breaks the emitter or the other listeners: the error
 * is reported on `process` as a warning (named by the set) and dropped.
 */

/** Listeners of one kind of event; `warning` names the process warning a throwing listener raises. */
export class ListenerSet<T> {
  private readonly listeners = new Set<(value: T) => void>();

  constructor(private readonly warning: string) {}

  /** Adds a listener (once: adding the same function again changes nothing); returns its remover. */
  add(listener: (value: T) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Calls each listener present when the emit began, in the order they were added. */
  emit(value: T): void {
    for (const l of [...this.listeners]) {
      try {
        l(value);
      } catch (e) {
        // An Error handed to emitWarning keeps its own name; the message and stack go under ours.
        const detail = e instanceof Error ? e.stack : undefined;
        process.emitWarning(e instanceof Error ? e.message : String(e), { type: this.warning, detail });
      }
    }
  }

  /** How many listeners there are (an emitter may skip building a value nobody hears). */
  get size(): number {
    return this.listeners.size;
  }

  /** Removes every listener (the owner is shutting down). */
  clear(): void {
    this.listeners.clear();
  }
}
