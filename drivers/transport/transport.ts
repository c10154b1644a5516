/**
 * A byte pipe to a device: a serial port, a HID device, or one end of an in-memory pair.
 * Drivers depend on this interface only; `main/devices/` chooses the implementation.
 */
export type TransportState = 'closed' | 'opening' | 'open' | 'reconnecting';

export interface Transport {
  /** For logs: the port path or a descriptive name. */
  readonly name: string;
  readonly state: TransportState;
  open(): Promise<void>;
  close(): Promise<void>;
  write(data: Uint8Array): Promise<void>;
  /** Discard input not yet read (called before each request: flush before write). */
  flushInput(): Promise<void>;
  onData(listener: (chunk: Buffer) => void): () => void;
  /** State changes, including unplug (`reconnecting`) and coming back (`open`). */
  onState(listener: (state: TransportState, error?: Error) => void): () => void;
}
