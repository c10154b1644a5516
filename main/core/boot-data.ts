/**
 * Boot step for the data services: open keys + store, wire the session audit, start delivery.
 * On failure (`store-corrupt`, `store-too-new`, `key-insecure`, …) the kiosk goes out of
 * service with that code: it never serves citizens without a safe place for their submissions.
 */
import type { Logger } from 'pino';
import type { KioskConfig } from '../../config/schema.js';
import { attachSessionAudit } from '../data/audit/session-audit.js';
import type { KeySource } from '../data/privacy/key-source.js';
import { openDataServices, type DataServices } from './data-services.js';

interface CoreLike {
  session: {
    onChange(listener: (view: { sessionId: string | null; outOfService: { code: string } | null }) => void): () => void;
    setOutOfService(reason: { code: string; message: string } | null): void;
  };
  /** The core's features get the store and back-office client once they are open. */
  attachData?(data: DataServices): void;
}

export function bootDataServices(opts: {
  core: CoreLike;
  config: KioskConfig;
  dataDir: string;
  log: Logger;
  keySource?: KeySource;
}): DataServices | null {
  const opened = openDataServices({
    dataDir: opts.dataDir,
    config: opts.config,
    log: opts.log,
    ...(opts.keySource ? { keySource: opts.keySource } : {}),
  });
  if (!opened.ok) {
    opts.log.error({ code: opened.error.code, reason: opened.error.message }, 'store unavailable; out of service');
    opts.core.session.setOutOfService({ code: opened.error.code, message: opened.error.message });
    return null;
  }
  const data = opened.value;
  opts.core.attachData?.(data);
  attachSessionAudit(opts.core.session, data.audit, (err) => opts.log.error({ err }, 'session audit failed'));
  data.start();
  return data;
}
