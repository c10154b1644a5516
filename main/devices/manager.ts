/**
 * The device manager: builds every enabled device in `config.devices` (real or emulated) from the
 * per-kind factories in `registry.ts`, starts and stops them, and keeps one health status per
 * device (`DeviceHealth`), with change events. Nothing a device does can throw out of here.
 */
import type { DeviceConfig } from '../../config/schema.js';
import type { Health } from '../../drivers/device.js';
import type { DeviceHealth, DeviceKind } from '../base/api/contract.js';
import type { Logger } from '../base/log/logger.js';
import { deviceFactories } from './registry.js';
import type { BuiltDevice, DeviceContext, DeviceEmulator, DeviceFactory } from './types.js';

export interface DeviceManagerOptions {
  devices: readonly DeviceConfig[];
  logger: Logger;
  now?: () => Date;
  /** Override the registry (tests). */
  factories?: Partial<Record<DeviceKind, DeviceFactory>>;
}

interface Entry {
  config: DeviceConfig;
  built: BuiltDevice | null;
  health: DeviceHealth;
  off: (() => void) | null;
}

export class DeviceManager {
  private readonly entries = new Map<string, Entry>();
  private readonly listeners = new Set<(h: DeviceHealth) => void>();
  private readonly log: Logger;
  private started = false;

  constructor(opts: DeviceManagerOptions) {
    this.log = opts.logger;
    const factories = opts.factories ?? deviceFactories;
    const ctx: DeviceContext = { logger: opts.logger, now: opts.now ?? (() => new Date()) };
    for (const config of opts.devices) {
      if (!config.enabled) continue;
      const emulated = config.transport.type === 'emulated';
      const entry: Entry = {
        config,
        built: null,
        health: { id: config.id, kind: config.kind, state: 'unknown', emulated, code: null, since: Date.now() },
        off: null,
      };
      this.entries.set(config.id, entry);
      const factory = factories[config.kind];
      if (!factory) {
        entry.health.code = 'no-driver';
        continue;
      }
      let r: ReturnType<DeviceFactory>;
      try {
        r = factory(config, ctx);
      } catch (e) {
        this.log.error({ err: e, device: config.id }, 'device factory threw');
        entry.health = { ...entry.health, state: 'offline', code: 'factory-failed' };
        continue;
      }
      if (!r.ok) {
        this.log.warn({ device: config.id, code: r.error.code, reason: r.error.message }, 'device not built');
        entry.health = { ...entry.health, state: 'offline', code: r.error.code };
        continue;
      }
      entry.built = r.value;
    }
  }

  /** Start emulators first (the far end of the wire), then drivers. Never throws. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await Promise.all(
      [...this.entries.values()].map(async (e) => {
        const built = e.built;
        if (!built) return;
        e.off = built.device.onHealth((h) => this.update(e, h));
        try {
          await built.emulator?.start();
          await built.device.start();
          this.update(e, built.device.health());
        } catch (err) {
          this.log.error({ err, device: e.config.id }, 'device failed to start');
          this.update(e, { state: 'offline', code: 'start-failed' });
        }
      }),
    );
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await Promise.all(
      [...this.entries.values()].map(async (e) => {
        e.off?.();
        e.off = null;
        try {
          await e.built?.device.stop();
          await e.built?.emulator?.stop();
        } catch (err) {
          this.log.error({ err, device: e.config.id }, 'device failed to stop');
        }
      }),
    );
  }

  health(): DeviceHealth[] {
    return [...this.entries.values()].map((e) => ({ ...e.health }));
  }

  onHealth(listener: (h: DeviceHealth) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The driver object of a device, or null (not configured, disabled, or not built). */
  driver(id: string): unknown {
    return this.entries.get(id)?.built?.driver ?? null;
  }

  /** The emulators of emulated devices, by device id (for the demo panel and tests). */
  emulators(): Map<string, { kind: DeviceKind; emulator: DeviceEmulator }> {
    const out = new Map<string, { kind: DeviceKind; emulator: DeviceEmulator }>();
    for (const [id, e] of this.entries) if (e.built?.emulator) out.set(id, { kind: e.config.kind, emulator: e.built.emulator });
    return out;
  }

  emulator(id: string): DeviceEmulator | null {
    return this.entries.get(id)?.built?.emulator ?? null;
  }

  private update(e: Entry, h: Health): void {
    if (e.health.state === h.state && e.health.code === h.code) return;
    e.health = { ...e.health, state: h.state, code: h.code, since: Date.now() };
    const level = h.state === 'ok' ? 'info' : 'warn';
    this.log[level]({ device: e.config.id, kind: e.config.kind, state: h.state, code: h.code }, 'device health');
    const snapshot = { ...e.health };
    for (const l of [...this.listeners]) {
      try {
        l(snapshot);
      } catch (err) {
        this.log.error({ err }, 'device health listener failed');
      }
    }
  }
}
