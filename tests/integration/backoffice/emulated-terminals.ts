/** Emulated terminals for the metrics tests: each heartbeat is built by the kiosk's own `buildHeartbeat` and sent through the typed client. */
import type { DeviceHealth } from '../../../main/base/api/contract.js';
import { BackofficeClient } from '../../../main/data/backoffice-client/client.js';
import { buildHeartbeat } from '../../../main/features/fleet/heartbeat.js';

export interface EmulatedTerminal {
  id: string;
  /** Health codes per device kind (null: ok). */
  receipt?: string | null;
  a4?: string | null;
  locker?: string | null;
  outboxDepth?: number;
  appliedConfigVersion?: number | null;
}

function device(id: string, kind: DeviceHealth['kind'], code: string | null | undefined): DeviceHealth {
  return { id, kind, state: code ? 'degraded' : 'ok', emulated: true, code: code ?? null, since: 0 };
}

/** Sends one heartbeat for `t` to the back office at `baseUrl`; throws when it is refused. */
export async function sendHeartbeat(baseUrl: string, t: EmulatedTerminal): Promise<void> {
  const client = new BackofficeClient({ baseUrl, timeoutMs: 5000 });
  const body = buildHeartbeat(
    {
      terminalId: t.id,
      state: 'in-service',
      version: '0.1.0',
      devices: [
        device('idcard-1', 'idcard', null),
        device('receipt-1', 'receipt-printer', t.receipt),
        device('a4-1', 'a4-printer', t.a4),
        device('locker-1', 'locker', t.locker),
      ],
      outbox: { depth: t.outboxDepth ?? 0, rejected: 0, lastError: null },
      fleet: t.appliedConfigVersion == null ? null : { appliedVersion: t.appliedConfigVersion },
    },
    Date.now(),
  );
  const r = await client.call('sendHeartbeat', { params: { terminalId: t.id }, body });
  if (!r.ok) throw new Error(`heartbeat of ${t.id} refused: ${r.error.code} ${r.error.message}`);
}
