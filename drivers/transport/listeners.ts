import { ListenerSet } from '../../common/listeners.js';
import type { TransportState } from './transport.js';

type DataListener = (chunk: Buffer) => void;
type StateListener = (state: TransportState, error?: Error) => void;

/**
 * The two listener sets every transport has: bytes received, and state changes (with the error
 * that caused one, when there is one). A listener that throws never breaks the transport or the
 * other listeners: the error is reported on `process` as a `TransportListenerWarning`.
 */
export class TransportListeners {
  private readonly data = new ListenerSet<Buffer>('TransportListenerWarning');
  private readonly state = new ListenerSet<[TransportState, Error | undefined]>('TransportListenerWarning');

  addData(l: DataListener): () => void {
    return this.data.add(l);
  }

  addState(l: StateListener): () => void {
    return this.state.add(([s, error]) => l(s, error));
  }

  emitData(chunk: Buffer): void {
    this.data.emit(chunk);
  }

  emitState(s: TransportState, error?: Error): void {
    this.state.emit([s, error]);
  }
}
