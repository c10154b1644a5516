import type { TransportState } from './transport.js';

type DataListener = (chunk: Buffer) => void;
type StateListener = (state: TransportState, error?: Error) => void;

/**
 * Listener sets shared by the transports. A listener that throws never breaks the transport or
 * the other listeners: the error is reported on `process` as a warning and dropped.
 */
export class TransportListeners {
  private readonly data = new Set<DataListener>();
  private readonly state = new Set<StateListener>();

  addData(l: DataListener): () => void {
    this.data.add(l);
    return () => this.data.delete(l);
  }

  addState(l: StateListener): () => void {
    this.state.add(l);
    return () => this.state.delete(l);
  }

  emitData(chunk: Buffer): void {
    for (const l of [...this.data]) safely(() => l(chunk));
  }

  emitState(s: TransportState, error?: Error): void {
    for (const l of [...this.state]) safely(() => l(s, error));
  }
}

function safely(fn: () => void): void {
  try {
    fn();
  } catch (e) {
    process.emitWarning(e instanceof Error ? e : new Error(String(e)), 'TransportListenerWarning');
  }
}
