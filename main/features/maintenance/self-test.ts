/**
 * The staff self-test: each enabled device's own self-test (a status round trip where it has
 * one); a device that is not built reports its health instead. Recorded as one action, `ok` or
 * `faults` with the failing devices named.
 */
import type { DeviceConfig } from '../../../config/schema.js';
import type { DeviceDriver } from '../../../drivers/device.js';
import type { DeviceHealth } from '../../base/api/contract.js';
import { actionDone, type RecordAction } from './action-result.js';

export interface SelfTestLine {
  device: string;
  ok: boolean;
  detail: string;
}

export interface SelfTestOptions {
  devices: readonly DeviceConfig[];
  /** The built driver of a device; null when it is not built. */
  device: (id: string) => Pick<DeviceDriver, 'selfTest'> | null;
  health: () => readonly DeviceHealth[];
  record: RecordAction;
}

export async function runSelfTest(o: SelfTestOptions): Promise<SelfTestLine[]> {
  const out: SelfTestLine[] = [];
  for (const d of o.devices) {
    if (!d.enabled) continue;
    const drv = o.device(d.id);
    if (drv) {
      out.push({ device: d.id, ...(await drv.selfTest()) });
    } else {
      const h = o.health().find((x) => x.id === d.id);
      out.push({ device: d.id, ok: h?.state === 'ok', detail: h ? `${h.state}${h.code ? ` ${h.code}` : ''}` : 'not built' });
    }
  }
  void actionDone(o.record, 'self-test', out.every((r) => r.ok) ? 'ok' : 'faults', {
    failed:
      out
        .filter((r) => !r.ok)
        .map((r) => r.device)
        .join(',') || null,
  });
  return out;
}
