import { EightACodec } from './eight-a-codec.js';
import { KerongCodec } from './kerong-codec.js';
import type { LockerCodec, LockerProtocolName } from './locker-codec.js';

export function codecFor(protocol: LockerProtocolName): LockerCodec {
  return protocol === 'kerong' ? new KerongCodec() : new EightACodec();
}
