/**
 * The device manager: builds every enabled device in `config.devices` (real or emulated) from the
 * per-kind factories in `registry.ts`, starts and stops them, and keeps one health status per
 * device (`DeviceHealth`), with change events. Nothing a device does can throw out of here.
 *
 * Services of main that are watched like devices but are none (the handwriting recogniser's helper
 * process) register as health sources (`addService`): they are listed apart (`services()`), so the
 * device list, its kinds and everything that walks it stay as they are.
 */
import type { DeviceConfig } from '../../config/schema.js';
import type { DeviceDriver, Health } from '../../drivers/device.js';
import { ListenerSet } from '../../common/listeners.js';
import type { Result } from '../../common/result.js';
import type { DeviceHealth, DeviceKind, ServiceHealth } from '../base/api/contract.js';
import type { Logger } from '../base/log/logger.js';
import { deviceFactories } from './registry.js';
import type {
  BuiltDevice,
  DeviceContext,
  DeviceFactories,
  DriverByKind,
  EmulatedDevice,
  EmulatedOf,
  EmulatorByKind,
} from './types.js';

export interface DeviceManagerOptions {
  devices: readonly DeviceConfig[];
  logger: Logger;
  now?: () => Date;
  /** Override the registry (tests). */
  factories?: DeviceFactories;
  /** Where emulated devices keep their output by default (`DeviceContext.outputDir`). */
  outputDir?: string;
}

/** A service watched like a device: its current health and its changes. */
export interface HealthSource {
  id: string;
  health(): Omit<ServiceHealth, 'id'>;
  onHealth(listener: (h: Omit<ServiceHealth, 'id'>) => void): () => void;
}

interface Entry {
  config: DeviceConfig;
  built: BuiltDevice<DeviceKind> | null;
  health: DeviceHealth;
  off: (() => void) | null;
}

/** The built devices of each kind, in config order, typed by kind. */
type BuiltByKind = { [K in DeviceKind]: Array<{ id: string; built: BuiltDevice<K> }> };

export class DeviceManager {
  private readonly entries = new Map<string, Entry>();
  private readonly byKind: BuiltByKind = {
    idcard: [],
    'receipt-printer': [],
    'a4-printer': [],
    locker: [],
    scanner: [],
    camera: [],
  };
  private readonly listeners = new ListenerSet<DeviceHealth>('DeviceHealthListenerWarning');
  private readonly sources = new Map<string, { source: HealthSource; off: () => void }>();
  private readonly serviceListeners = new ListenerSet<ServiceHealth>('ServiceHealthListenerWarning');
  private readonly log: Logger;
  private started = false;

  constructor(opts: DeviceManagerOptions) {
    this.log = opts.logger;
    const factories = opts.factories ?? deviceFactories;
    const ctx: DeviceContext = {
      logger: opts.logger,
      now: opts.now ?? (() => new Date()),
      ...(opts.outputDir !== undefined ? { outputDir: opts.outputDir } : {}),
    };
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
      this.build(config.kind, entry, factories, ctx);
    }
  }

  /** Builds one device with its kind's factory; a failure becomes the entry's health. */
  private build<K extends DeviceKind>(kind: K, entry: Entry, factories: DeviceFactories, ctx: DeviceContext): void {
    const { config } = entry;
    const factory = factories[kind];
    if (!factory) {
      entry.health.code = 'no-driver';
      return;
    }
    let r: Result<BuiltDevice<K>>;
    try {
      r = factory(config, ctx);
    } catch (e) {
      this.log.error({ err: e, device: config.id }, 'device factory threw');
      entry.health = { ...entry.health, state: 'offline', code: 'factory-failed' };
      return;
    }
    if (!r.ok) {
      this.log.warn({ device: config.id, code: r.error.code, reason: r.error.message }, 'device not built');
      entry.health = { ...entry.health, state: 'offline', code: r.error.code };
      return;
    }
    entry.built = r.value;
    this.byKind[kind].push({ id: config.id, built: r.value });
  }

  /** Start emulators first (the far end of the wire), then drivers. Never throws. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await Promise.all(
      [...this.entries.values()].map(async (e) => {
        const built = e.built;
        if (!built) return;
        e.off = built.driver.onHealth((h) => this.update(e, h));
        try {
          await built.emulator?.start();
          await built.driver.start();
          this.update(e, built.driver.health());
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
          await e.built?.driver.stop();
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
    return this.listeners.add(listener);
  }

  /** Watches a service like a device (one source per id; a second with the same id replaces the first). */
  addService(source: HealthSource): () => void {
    this.sources.get(source.id)?.off();
    const off = source.onHealth((h) => {
      const level = h.state === 'ok' ? 'info' : 'warn';
      this.log[level]({ service: source.id, state: h.state, code: h.code, restarts: h.restarts }, 'service health');
      this.serviceListeners.emit(this.serviceHealth(source));
    });
    this.sources.set(source.id, { source, off });
    return () => {
      if (this.sources.get(source.id)?.source !== source) return;
      off();
      this.sources.delete(source.id);
    };
  }

  services(): ServiceHealth[] {
    return [...this.sources.values()].map((s) => this.serviceHealth(s.source));
  }

  onServiceHealth(listener: (h: ServiceHealth) => void): () => void {
    return this.serviceListeners.add(listener);
  }

  private serviceHealth(source: HealthSource): ServiceHealth {
    const h = source.health();
    return { id: source.id, state: h.state, code: h.code, since: h.since, restarts: h.restarts };
  }

  /**
   * The driver of the first built device of `kind` (config order), or with `id` of that device if
   * it is of `kind`; null when there is none (not configured, disabled, or not built).
   */
  driver<K extends DeviceKind>(kind: K, id?: string): DriverByKind[K] | null {
    return this.built(kind, id)?.driver ?? null;
  }

  /** The emulator behind an emulated device of `kind` (first, or the one with `id`), or null. For the demo panel and tests. */
  emulator<K extends DeviceKind>(kind: K, id?: string): EmulatorByKind[K] | null {
    return this.built(kind, id)?.emulator ?? null;
  }

  /** A built device's driver by id, as the interface every driver shares (self-test, cancel), or null. */
  device(id: string): DeviceDriver | null {
    return this.entries.get(id)?.built?.driver ?? null;
  }

  /** The emulators of emulated devices, by device id in config order (for the demo panel and tests). */
  emulators(): Map<string, EmulatedDevice> {
    const out = new Map<string, EmulatedDevice>();
    for (const [id, e] of this.entries) {
      const emulated = this.emulated(e.config.kind, id);
      if (emulated) out.set(id, emulated);
    }
    return out;
  }

  private built<K extends DeviceKind>(kind: K, id: string | undefined): BuiltDevice<K> | null {
    const list = this.byKind[kind];
    return (id === undefined ? list[0] : list.find((b) => b.id === id))?.built ?? null;
  }

  private emulated<K extends DeviceKind>(kind: K, id: string): EmulatedOf<K> | null {
    const emulator = this.built(kind, id)?.emulator;
    return emulator ? { kind, emulator } : null;
  }

  private update(e: Entry, h: Health): void {
    if (e.health.state === h.state && e.health.code === h.code) return;
    e.health = { ...e.health, state: h.state, code: h.code, since: Date.now() };
    const level = h.state === 'ok' ? 'info' : 'warn';
    this.log[level]({ device: e.config.id, kind: e.config.kind, state: h.state, code: h.code }, 'device health');
    this.listeners.emit({ ...e.health });
  }
}
