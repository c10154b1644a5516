/** What the device factories (`main/devices/<kind>-device.ts`) do alike: read their options, wire an emulator. */
import type { z } from 'zod';
import type { DeviceConfig } from '../../config/schema.js';
import { err, ok, type Result } from '../../common/result.js';
import { createMemoryPair, uartBytesPerSecond, type MemoryPair } from '../../drivers/transport/memory-transport.js';

/** `config.options` through the kind's schema; a bad option is a `bad-options` value naming the first problem. */
export function parseDeviceOptions<S extends z.ZodType>(schema: S, config: DeviceConfig): Result<z.output<S>> {
  const parsed = schema.safeParse(config.options);
  if (parsed.success) return ok(parsed.data);
  const i = parsed.error.issues[0];
  return err('bad-options', `${config.id}: options.${i?.path.join('.') ?? ''}: ${i?.message ?? 'invalid'}`);
}

/**
 * The in-memory wire between an emulated device's driver (side `a`, `<id>:driver`) and its
 * emulator (side `b`, `<id>:<far>`), carrying bytes as fast as a UART at `baudRate`.
 */
export function emulatorWire(config: DeviceConfig, baudRate: number, far = 'emulator'): MemoryPair {
  return createMemoryPair({
    bytesPerSecond: uartBytesPerSecond(baudRate),
    names: [`${config.id}:driver`, `${config.id}:${far}`],
  });
}
