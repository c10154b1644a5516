export type { Transport, TransportState } from './transport.js';
export { SerialTransport, DEFAULT_BACKOFF_MS, type SerialTransportOptions } from './serial-transport.js';
export {
  createMemoryPair,
  uartBytesPerSecond,
  MemoryTransport,
  type MemoryPair,
  type MemoryPairOptions,
  type MemorySide,
} from './memory-transport.js';
export { RequestChannel, type FrameReader, type RequestErrorCode, type RequestOptions, type RequestStats } from './request.js';
